"""Readers of the spreadsheet files users bring: delimited text, XLSX and HTML tables saved as .xls.

Each reader detects what the file does not state (encoding, separator,
decimal style, where the header is) and returns a ``Table`` of text cells.
Every detected setting can be overridden, which is what the import wizard
does when the user corrects a guess.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import threading
import zipfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from planmp_desktop.domain.i18n import N_, _
from planmp_desktop.gc_pause import collection_paused

log = logging.getLogger(__name__)

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
CP1252 = "cp1252"
LATIN1 = "iso-8859-1"
ENCODINGS = (UTF8, UTF8_BOM, CP1252, LATIN1)
SEPARATORS = (";", ",", "\t", "|")
SEPARATOR_LABELS = {
    ";": N_("ponto e vírgula (;)"),
    ",": N_("vírgula (,)"),
    "\t": N_("tabulação"),
    "|": N_("barra vertical (|)"),
}
"""pt-BR name of each separator the readers detect. Callers translate it with ``_()`` when they show it."""

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Separator sniffing reads this much text, about 540 rows of the Portal da Transparência download.
SAMPLE_BYTES = 256 * 1024
# Title blocks of real reports take a few lines; the header is looked for in this many records.
HEADER_SEARCH_RECORDS = 30
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class DecimalStyle(StrEnum):
    """Decimal notation of the numbers in a file; each value is an example of it."""

    COMMA = "1234567,89"
    GROUPED_COMMA = "1.234.567,89"
    POINT = "1234.56"


DECIMAL_STYLE_LABELS = {
    DecimalStyle.COMMA: N_("vírgula decimal (1234567,89)"),
    DecimalStyle.GROUPED_COMMA: N_("milhar com ponto e vírgula decimal (1.234.567,89)"),
    DecimalStyle.POINT: N_("ponto decimal (1234.56)"),
}
"""pt-BR name of each decimal style. Callers translate it with ``_()`` when they show it."""

_PLAIN_COMMA = re.compile(r"-?\d+,\d+")
_GROUPED_COMMA = re.compile(r"-?\d{1,3}(?:\.\d{3})+,\d+")
_POINT = re.compile(r"-?\d+\.\d+")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(?:,\d{3})+")
_AMOUNT = re.compile(r"\d+(?:[.,]\d+)*")


class TableReadError(ValueError):
    """The file cannot be read as a table at all; the pt-BR message names the next step."""


@dataclass(frozen=True)
class LineProblem:
    """A line of the file that could not be read as a row."""

    line: int
    message: str

    def __str__(self) -> str:
        return _("Linha {line}: {message}").format(line=self.line, message=self.message)


@dataclass
class Table:
    """Cells of one table as text, with the settings used to read them.

    ``rows`` all have ``len(columns)`` cells. ``line_numbers[i]`` is the
    1-based line (text files) or sheet row (spreadsheets) where ``rows[i]``
    starts, so messages point to what the user sees in an editor or in Excel.
    ``header_row`` is the same kind of number for the header. ``encoding``
    and ``separator`` are None for spreadsheets. A spreadsheet read with
    ``typed=True`` keeps its data cells as stored values, not text. ``problems`` lists lines
    that were not turned into rows.
    """

    columns: list[str]
    rows: list[list[str]]
    line_numbers: list[int]
    encoding: str | None
    separator: str | None
    decimal_style: DecimalStyle
    header_row: int
    problems: list[LineProblem] = field(default_factory=list)
    source: Path | None = None
    sheet: str | None = None
    truncated: bool = False

    def column_values(self, name: str) -> list[str]:
        index = self.columns.index(name)
        return [row[index] for row in self.rows]


# --- detection ---------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """Return the codec name of ``data``: UTF-8 (with or without BOM), Windows-1252 or ISO-8859-1.

    UTF-8 is tried strictly first, because its multi-byte sequences rarely
    occur by chance in the single-byte encodings. Bytes 0x80–0x9F are control
    characters in ISO-8859-1 but curly quotes and dashes in Windows-1252, so
    their presence chooses Windows-1252 when every one of them is defined there.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return UTF8_BOM
    try:
        data.decode(UTF8)
        return UTF8
    except UnicodeDecodeError as exc:
        # A sample may end inside a multi-byte character; only an error before the last 3 bytes counts.
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return UTF8
    if any(0x80 <= byte <= 0x9F for byte in data):
        try:
            data.decode(CP1252)
            return CP1252
        except UnicodeDecodeError:
            return LATIN1
    return LATIN1


def detect_separator(text: str) -> str:
    """Return the separator among ``; , tab |`` that splits the sample's lines most consistently.

    The winner splits the most lines into the same number of fields (more
    than one). A larger field count breaks ties. Title lines without
    separators therefore do not decide.
    """
    lines = [line for line in text.splitlines() if line.strip()][:200]
    best: tuple[int, int] = (0, 0)
    chosen = ";"
    for separator in SEPARATORS:
        counts = Counter(_field_count(line, separator) for line in lines)
        counts.pop(1, None)
        if not counts:
            continue
        width, lines_with_width = counts.most_common(1)[0]
        score = (lines_with_width, width)
        if score > best:
            best, chosen = score, separator
    return chosen


def detect_decimal_style(rows: Iterable[Sequence[str]]) -> DecimalStyle:
    """Return the decimal style most numeric cells use; pt-BR's plain comma when nothing decides."""
    grouped = comma = point = 0
    for row in rows:
        for cell in row:
            value = cell.strip()
            if not value or not value[-1].isdigit():
                continue
            if _GROUPED_COMMA.fullmatch(value):
                grouped += 1
            elif _PLAIN_COMMA.fullmatch(value):
                comma += 1
            elif _POINT.fullmatch(value) and not _THOUSANDS_DOT.fullmatch(value):
                point += 1
    if grouped and grouped + comma >= point:
        return DecimalStyle.GROUPED_COMMA
    if point > comma:
        return DecimalStyle.POINT
    return DecimalStyle.COMMA


def detect_header_row(records: Sequence[Sequence[str]]) -> int:
    """Return the index of the first record that looks like a header, skipping title blocks.

    A header has at least two filled cells, at least half as many as the
    widest of the next records, and mostly text rather than numbers.
    """
    widths = Counter(_filled(record) for record in records[: HEADER_SEARCH_RECORDS * 4])
    widths.pop(0, None)
    if not widths:
        return 0
    usual_width = max(width for width, count in widths.items() if count == max(widths.values()))
    for index, record in enumerate(records[:HEADER_SEARCH_RECORDS]):
        cells = [cell.strip() for cell in record if cell.strip()]
        if len(cells) < 2 or len(cells) * 2 < usual_width:
            continue
        numeric = sum(1 for cell in cells if _looks_numeric(cell))
        if numeric * 2 <= len(cells):
            return index
    return 0


# --- reading -------------------------------------------------------------------


@collection_paused()
def read_table(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    decimal_style: DecimalStyle | None = None,
    header_row: int | None = None,
    sheet: str | None = None,
    max_rows: int | None = None,
    typed: bool = False,
    workbooks: ParsedWorkbooks | None = None,
) -> Table:
    """Read ``path`` as a table, detecting each setting passed as None.

    ``header_row`` is the 1-based line (or sheet row) of the header.
    ``max_rows`` stops after that many data rows, for previews. With
    ``typed``, spreadsheet cells keep the values the workbook stores (see
    ``read_spreadsheet``); text files give text either way. ``workbooks``
    keeps a workbook's parsed cells for the next read of it. Raises
    TableReadError when the file is missing, empty or of an unknown kind.
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_OLE_MAGIC))
    except OSError as exc:
        raise TableReadError(
            _("Não foi possível abrir '{path}': {reason}. Confira o caminho.").format(path=path, reason=exc.strerror)
        ) from exc

    suffix = path.suffix.lower()
    if head.startswith(_ZIP_MAGIC) or head.startswith(_OLE_MAGIC) or suffix in (".xlsx", ".xlsm", ".ods"):
        table = read_spreadsheet(
            path, sheet=sheet, header_row=header_row, max_rows=max_rows, typed=typed, workbooks=workbooks
        )
    elif suffix in (".xls", ".htm", ".html") and _looks_like_html(path):
        table = read_html_table(path, encoding=encoding, header_row=header_row, max_rows=max_rows)
    else:
        table = read_delimited(
            path, encoding=encoding, separator=separator, header_row=header_row, max_rows=max_rows
        )
    if decimal_style is not None:
        table.decimal_style = decimal_style
    log.info(
        "Read %s: rows=%d columns=%d encoding=%s separator=%r decimal=%s header_row=%d problems=%d",
        path.name,
        len(table.rows),
        len(table.columns),
        table.encoding,
        table.separator,
        table.decimal_style.name,
        table.header_row,
        len(table.problems),
    )
    return table


def read_delimited(
    path: Path,
    *,
    encoding: str | None = None,
    separator: str | None = None,
    header_row: int | None = None,
    max_rows: int | None = None,
) -> Table:
    """Read a CSV or other separated text file (``;``, ``,``, tab or ``|``)."""
    data = path.read_bytes()
    if not data.strip():
        raise TableReadError(_("O arquivo '{name}' está vazio.").format(name=path.name))
    if encoding is None:
        # The whole file, not a sample: a Windows-1252 dash may first appear near the end.
        encoding = detect_encoding(data)
    text, problems = _decode(data, encoding)
    sample = text[:SAMPLE_BYTES]
    if separator is None:
        separator = detect_separator(sample)

    quoted = sample.lstrip().startswith('"') or f'{separator}"' in sample
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=separator,
        quotechar='"',
        quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
        strict=False,
    )
    records: list[tuple[int, list[str]]] = []
    next_line = 1
    header_index: int | None = None
    for values in reader:
        line = next_line
        next_line = reader.line_num + 1
        if not any(value.strip() for value in values):
            continue
        records.append((line, values))
        if header_index is None and header_row is not None and line >= header_row:
            header_index = len(records) - 1
        if max_rows is not None and len(records) > max_rows + HEADER_SEARCH_RECORDS:
            break
    if not records:
        raise TableReadError(_("O arquivo '{name}' não tem linhas com conteúdo.").format(name=path.name))

    if header_index is None:
        if header_row is not None:
            raise TableReadError(
                _("A linha {line} de cabeçalho passa do fim do arquivo '{name}'.").format(
                    line=header_row, name=path.name
                )
            )
        header_index = detect_header_row([values for _line, values in records])
    table = _build_table(records, header_index, separator=separator, pad_short=False, max_rows=max_rows)
    table.encoding = encoding
    table.problems = sorted(problems + table.problems, key=lambda problem: problem.line)
    table.source = path
    return table


def read_spreadsheet(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    max_rows: int | None = None,
    typed: bool = False,
    workbooks: ParsedWorkbooks | None = None,
) -> Table:
    """Read one sheet (the first, by default) of an XLSX, XLS or ODS workbook.

    python-calamine reads it fast; openpyxl is the fallback for XLSX files
    calamine rejects. Numbers become text with a decimal point, dates
    become ``dd/mm/aaaa`` and booleans ``Sim``/``Não``. With ``typed``,
    data cells stay as the reader gives them (str, float, int, bool,
    datetime, date, time, timedelta, or "" for an empty cell). An importer
    then converts each distinct value once instead of every cell through
    text. The header is text either way. ``workbooks`` keeps the parsed
    cells for the next read of the same sheet.
    """
    if workbooks is None:
        sheet_name, first_row, cells = _sheet_cells(path, sheet)
    else:
        sheet_name, first_row, cells = workbooks.sheet_cells(path, sheet)

    if typed:
        if workbooks is not None:
            # The kept cells serve the next read too, so the table gets rows of its own.
            cells = [list(row) for row in cells]
        return _typed_table(path, sheet_name, first_row, cells, header_row, max_rows)
    records = []
    for offset, raw in enumerate(cells):
        values = [_cell_text(value) for value in raw]
        if any(values):
            records.append((first_row + offset, values))
    if not records:
        raise _empty_sheet(sheet_name, path)

    if header_row is not None:
        header_index = _header_position(records, header_row, sheet_name)
    else:
        header_index = detect_header_row([values for _line, values in records])
    table = _build_table(records, header_index, separator=None, pad_short=True, max_rows=max_rows)
    table.decimal_style = DecimalStyle.POINT
    table.source = path
    table.sheet = sheet_name
    return table


def _sheet_cells(path: Path, sheet: str | None) -> tuple[str, int, list[list[Any]]]:
    """Return the name, first row number and cells of a workbook sheet (the first one when ``sheet`` is None)."""
    try:
        return _calamine_cells(path, sheet)
    except Exception as exc:  # calamine raises its own error types, which vary by version
        if path.suffix.lower() not in (".xlsx", ".xlsm"):
            # The library's message is English and technical ("Cfb error: Invalid sector shift"): the log keeps it.
            log.warning("calamine could not read %s: %s", path.name, exc)
            raise TableReadError(_damaged_workbook_message(path)) from exc
        log.warning("calamine could not read %s (%s); trying openpyxl", path.name, type(exc).__name__)
        return _openpyxl_cells(path, sheet)


class ParsedWorkbooks:
    """The cells of the last workbook sheet read, so reading one file again skips parsing it.

    An import wizard reads its file for each preview and again to import;
    parsing a 100,000-row XLSX takes about 2 s each time. The cells are kept
    while the file keeps its size and modification time. Readers must not
    change the row lists they get: ``read_spreadsheet`` copies the ones it
    puts in a typed table.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._sheet: tuple[str, int, list[list[Any]]] | None = None

    def sheet_cells(self, path: Path, sheet: str | None) -> tuple[str, int, list[list[Any]]]:
        """Return what ``_sheet_cells`` returns, parsing the file only when it is not the one kept."""
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns, sheet)
        with self._lock:
            parsed = self._sheet if self._key == key else None
        if parsed is None:
            parsed = _sheet_cells(path, sheet)
            with self._lock:
                self._key, self._sheet = key, parsed
        return parsed


def _empty_sheet(sheet_name: str, path: Path) -> TableReadError:
    return TableReadError(_("A planilha '{sheet}' de '{name}' está vazia.").format(sheet=sheet_name, name=path.name))


def _header_position(records: Sequence[tuple[int, Any]], header_row: int, sheet_name: str) -> int:
    """Return the index of the first record at or below spreadsheet line ``header_row``."""
    header_index = next((i for i, (line, _v) in enumerate(records) if line >= header_row), None)
    if header_index is None:
        raise TableReadError(
            _("A linha {line} de cabeçalho passa do fim da planilha '{sheet}'.").format(
                line=header_row, sheet=sheet_name
            )
        )
    return header_index


def _typed_table(
    path: Path,
    sheet_name: str,
    first_row: int,
    cells: list[list[Any]],
    header_row: int | None,
    max_rows: int | None,
) -> Table:
    """Build the Table of ``read_spreadsheet(typed=True)``: text header, data cells as stored."""
    filled = list(map(any, cells))
    if all(filled):
        records = list(zip(range(first_row, first_row + len(cells)), cells))
    else:
        # 0.0 and False are falsy but are content, so a row only looks empty after a second check.
        records = [
            (first_row + offset, raw)
            for offset, raw in enumerate(cells)
            if filled[offset] or any(value is not None and value != "" for value in raw)
        ]
    if not records:
        raise _empty_sheet(sheet_name, path)

    if header_row is not None:
        header_index = _header_position(records, header_row, sheet_name)
    else:
        sample = [[_cell_text(value) for value in raw] for _line, raw in records[: HEADER_SEARCH_RECORDS * 4]]
        header_index = detect_header_row(sample)

    header_line, header_cells = records[header_index]
    header = [_cell_text(value) for value in header_cells]
    data = records[header_index + 1 :]
    if max_rows is not None:
        data = data[:max_rows]
    # Columns right of the last header cell are kept only when some row fills them.
    while len(header) > 1 and not header[-1] and all(
        len(raw) < len(header) or _cell_text(raw[len(header) - 1]) == "" for _line, raw in data
    ):
        header.pop()
    width = len(header)

    rows: list[list[Any]] = []
    problems: list[LineProblem] = []
    line_numbers: list[int] = []
    for line, raw in data:
        if len(raw) != width:
            if len(raw) > width and any(_cell_text(value) for value in raw[width:]):
                problems.append(LineProblem(line, _width_message(width, len(raw), None)))
                continue
            raw = list(raw[:width]) + [""] * (width - len(raw))
        rows.append(raw)
        line_numbers.append(line)
    return Table(
        columns=_unique_names(header),
        rows=rows,
        line_numbers=line_numbers,
        encoding=None,
        separator=None,
        decimal_style=DecimalStyle.POINT,
        header_row=header_line,
        problems=problems,
        source=path,
        sheet=sheet_name,
        truncated=max_rows is not None and len(records) - header_index - 1 > max_rows,
    )


def list_sheets(path: Path) -> list[str]:
    """Return the sheet names of a workbook, or an empty list for a text or HTML file."""
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception:  # not a workbook
        return []


def read_html_table(
    path: Path,
    *,
    encoding: str | None = None,
    header_row: int | None = None,
    max_rows: int | None = None,
) -> Table:
    """Read the largest ``<table>`` of an HTML page, as portals save it under a ``.xls`` name.

    Row numbers count the table's ``<tr>`` rows from 1, as Excel shows them
    when it opens such a file.
    """
    data = path.read_bytes()
    if encoding is None:
        encoding = _html_charset(data) or detect_encoding(data)
    text = data.decode(encoding, errors="replace")
    parser = _TableParser()
    parser.feed(text)
    parser.close()
    tables = [rows for rows in parser.tables if rows]
    if not tables:
        raise TableReadError(
            _("O arquivo '{name}' não tem tabela HTML: salve-o como CSV ou XLSX.").format(name=path.name)
        )

    largest = max(tables, key=len)
    records = [(number, values) for number, values in enumerate(largest, start=1) if any(v.strip() for v in values)]
    if header_row is not None:
        header_index = next((i for i, (line, _v) in enumerate(records) if line >= header_row), 0)
    else:
        header_index = detect_header_row([values for _line, values in records])
    table = _build_table(records, header_index, separator=None, pad_short=True, max_rows=max_rows)
    table.encoding = encoding
    table.source = path
    return table


# --- numbers -----------------------------------------------------------------


def parse_amount(text: str, style: DecimalStyle) -> Decimal | None:
    """Parse a number cell written in ``style``; an empty cell is None.

    Accepts a leading ``-`` or ``R$``, a trailing ``%`` and Brazilian or
    English thousands separators. When both ``.`` and ``,`` appear, the
    last one is the decimal mark whatever the style, because no style
    writes it the other way. Raises ValueError with a pt-BR message.
    """
    value = text.replace("\u00a0", " ").strip()
    if not value:
        return None
    body = value.removeprefix("R$").strip().removesuffix("%").strip()
    # Accounting formats show a negative amount in parentheses: (500,00), (R$ 500,00), R$ (500,00).
    bracketed = body.startswith("(") and body.endswith(")")
    if bracketed:
        body = body[1:-1].strip()
    negative = body.startswith("-")
    if negative and bracketed:
        raise ValueError(_("valor '{text}' não é um número").format(text=text))
    negative = negative or bracketed
    body = body.removeprefix("-").removeprefix("R$").strip()
    if not _AMOUNT.fullmatch(body):
        raise ValueError(_("valor '{text}' não é um número").format(text=text))

    comma, point = body.rfind(","), body.rfind(".")
    if comma >= 0 and point >= 0:
        decimal_mark = "," if comma > point else "."
    elif comma >= 0:
        grouped = style is DecimalStyle.POINT and _THOUSANDS_COMMA.fullmatch(body)
        decimal_mark = "." if grouped else ","
    elif point >= 0:
        grouped = style is not DecimalStyle.POINT and _THOUSANDS_DOT.fullmatch(body)
        decimal_mark = "," if grouped else "."
    else:
        decimal_mark = ","

    thousands = "." if decimal_mark == "," else ","
    integer, _mark, fraction = body.partition(decimal_mark)
    if decimal_mark in fraction or thousands in fraction:
        raise ValueError(_("valor '{text}' não é um número").format(text=text))
    if thousands in integer and not re.fullmatch(rf"\d{{1,3}}(?:\{thousands}\d{{3}})+", integer):
        raise ValueError(_("valor '{text}' tem separador de milhar fora do lugar").format(text=text))
    try:
        number = Decimal(f"{integer.replace(thousands, '')}.{fraction or '0'}")
    except InvalidOperation:
        raise ValueError(_("valor '{text}' não é um número").format(text=text)) from None
    return -number if negative else number


# --- helpers -------------------------------------------------------------------


def _field_count(line: str, separator: str) -> int:
    try:
        return len(next(csv.reader([line], delimiter=separator, strict=False)))
    except (csv.Error, StopIteration):
        return 0


def _filled(record: Sequence[str]) -> int:
    return sum(1 for cell in record if cell.strip())


def _looks_numeric(cell: str) -> bool:
    try:
        parse_amount(cell, DecimalStyle.COMMA)
        return True
    except ValueError:
        return False


def _decode(data: bytes, encoding: str) -> tuple[str, list[LineProblem]]:
    """Decode ``data``; lines with bytes invalid in ``encoding`` become empty and are listed."""
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError:
        pass
    problems = []
    lines = data.split(b"\n")
    decoded = []
    for number, raw in enumerate(lines, start=1):
        try:
            decoded.append(raw.decode(encoding))
        except UnicodeDecodeError as exc:
            bad = raw[exc.start : exc.start + 1].hex().upper()
            problems.append(
                LineProblem(
                    number,
                    _("byte 0x{byte} inválido na codificação {encoding}: escolha outra codificação.").format(
                        byte=bad, encoding=encoding
                    ),
                )
            )
            decoded.append("\r" if raw.endswith(b"\r") else "")
    return "\n".join(decoded), problems


def _unique_names(header: Sequence[str]) -> list[str]:
    names: list[str] = []
    seen: Counter[str] = Counter()
    for position, raw in enumerate(header, start=1):
        name = " ".join(raw.split()) or f"Coluna {position}"
        seen[name] += 1
        if seen[name] > 1:
            name = f"{name} ({seen[name]})"
        names.append(name)
    return names


def _build_table(
    records: list[tuple[int, list[str]]],
    header_index: int,
    *,
    separator: str | None,
    pad_short: bool,
    max_rows: int | None,
) -> Table:
    """Turn raw records into a Table: header, rows of equal width and the lines that do not fit."""
    header_line, header = records[header_index]
    data = records[header_index + 1 :]
    header = list(header)

    # A trailing separator on every line (SIGPLAN monitoring exports) is an empty last column.
    while len(header) > 1 and not header[-1].strip() and all(
        len(values) < len(header) or not values[len(header) - 1].strip() for _line, values in data
    ):
        header.pop()
    width = len(header)

    problems: list[LineProblem] = []
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    truncated = False
    for line, values in data:
        if max_rows is not None and len(rows) >= max_rows:
            truncated = True
            break
        if len(values) > width and not any(value.strip() for value in values[width:]):
            values = values[:width]
        if len(values) < width and pad_short:
            values = values + [""] * (width - len(values))
        if len(values) != width:
            problems.append(LineProblem(line, _width_message(width, len(values), separator)))
            continue
        rows.append(values)
        line_numbers.append(line)

    return Table(
        columns=_unique_names(header),
        rows=rows,
        line_numbers=line_numbers,
        encoding=None,
        separator=separator,
        decimal_style=detect_decimal_style(rows[:2000]),
        header_row=header_line,
        problems=problems,
        truncated=truncated,
    )


def _width_message(expected: int, found: int, separator: str | None) -> str:
    if separator is None:
        return _("esperadas {expected} colunas, encontradas {found}. Corrija a linha e importe de novo.").format(
            expected=expected, found=found
        )
    label = SEPARATOR_LABELS.get(separator)
    separator_label = _(label) if label is not None else separator
    return _(
        "esperadas {expected} colunas separadas por {separator}, encontradas {found}. "
        "Confira aspas e separadores dessa linha e importe de novo."
    ).format(expected=expected, separator=separator_label, found=found)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sim" if value else "Não"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        # repr gives the shortest text that reads back as the same float ("0.1"). It writes tiny and huge
        # floats in exponent form (9.09e-13), which no parser here reads, so those are written out in full.
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        return text
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _calamine_cells(path: Path, sheet: str | None) -> tuple[str, int, list[list[Any]]]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    name = sheet or workbook.sheet_names[0]
    worksheet = workbook.get_sheet_by_name(name)
    start = worksheet.start
    first_row = (start[0] if start else 0) + 1
    return name, first_row, worksheet.to_python(skip_empty_area=True)


def _openpyxl_cells(path: Path, sheet: str | None) -> tuple[str, int, list[list[Any]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile as exc:
        # The library's own message ("File is not a zip file") is English and does not name the cause.
        raise TableReadError(
            _(
                "Não foi possível ler a planilha '{name}': o arquivo está incompleto ou não é um XLSX. "
                "Abra-o no Excel ou no LibreOffice e salve-o de novo como .xlsx."
            ).format(name=path.name)
        ) from exc
    except Exception as exc:  # openpyxl raises KeyError and its own errors too
        log.warning("openpyxl could not read %s: %s", path.name, exc)
        raise TableReadError(_damaged_workbook_message(path)) from exc
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
        cells = [list(row) for row in worksheet.iter_rows(values_only=True)]
        return worksheet.title, 1, cells
    finally:
        workbook.close()


def _looks_like_html(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") and (b"<table" in head or b"<html" in head or b"<!doctype" in head)


def _html_charset(data: bytes) -> str | None:
    match = re.search(rb"charset\s*=\s*[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    aliases = {"windows-1252": CP1252, "latin1": LATIN1, "iso-8859-1": LATIN1, "utf8": UTF8, "utf-8": UTF8}
    return aliases.get(name, name)


class _TableParser(HTMLParser):
    """Collects the cell text of every ``<table>``; a ``colspan`` adds empty cells after its text.

    NOTE: a table nested inside a cell is read as a separate table, and the
    enclosing row may lose the text before it. No portal export seen so far nests tables.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._open_tables: list[int] = []
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._colspan = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._finish_cell()
            self._open_tables.append(len(self.tables))
            self.tables.append([])
        elif tag == "tr" and self._open_tables:
            self._finish_row()
            self._row = []
        elif tag in ("td", "th") and self._open_tables:
            if self._row is None:
                self._row = []
            self._finish_cell()
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._colspan = int(span) if span.isdigit() and int(span) > 0 else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._finish_cell()
        elif tag == "tr":
            self._finish_row()
        elif tag == "table" and self._open_tables:
            self._finish_row()
            self._open_tables.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is None or self._row is None:
            return
        self._row.append(" ".join("".join(self._cell).split()))
        self._row.extend([""] * (self._colspan - 1))
        self._cell = None
        self._colspan = 1

    def _finish_row(self) -> None:
        self._finish_cell()
        if self._row is not None and self._open_tables:
            self.tables[self._open_tables[-1]].append(self._row)
        self._row = None


def _damaged_workbook_message(path: Path) -> str:
    return _(
        "Não foi possível ler a planilha '{name}': o arquivo está danificado ou não é uma planilha do Excel. "
        "Abra-o no Excel ou no LibreOffice e salve-o de novo como .xlsx, ou exporte-o como .csv."
    ).format(name=path.name)
