"""Tab-separated clipboard text as Excel and LibreOffice Calc read and write it.

Both put a block of cells on the clipboard as rows of tab-separated cells in
the sheet's display form (``1.234,56``, ``62,5%``, ``31/12/2026`` in pt-BR).
A cell that holds a tab, a line break or a double quote is wrapped in double
quotes with inner quotes doubled, and Excel ends the block with a line
break that is not an extra row. Parsing and formatting here are plain Python
so the rules can be tested without a window.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

ROW_SEPARATOR = "\r\n"  # Excel writes CRLF between rows on every platform; Calc reads it too
_QUOTED_MARK = re.compile('[\t\n\r"]')
_FIELD_ENDS = ("\t", "\n", "\r")


def parse_clipboard_text(text: str) -> list[list[str]]:
    """Split clipboard text into rows of cells.

    Accepts CRLF, LF or CR line breaks, quoted cells with line breaks, tabs
    and doubled quotes inside, and drops the one line break Excel adds after
    the last row. A cell that starts with a quote but is not a well-formed
    quoted cell (``"Projeto" antigo``) is read literally, as Excel does.
    Rows may differ in length; callers decide what a short row means.
    """
    if not text:
        return []
    if '"' not in text:
        return _split_unquoted(text)

    rows: list[list[str]] = []
    row: list[str] = []
    position = 0
    length = len(text)
    while True:
        cell, position = _read_cell(text, position)
        row.append(cell)
        if position >= length:
            rows.append(row)
            return rows

        separator = text[position]
        if separator == "\t":
            position += 1
            continue

        # A line break ends the row; CRLF counts as one break.
        if separator == "\r" and position + 1 < length and text[position + 1] == "\n":
            position += 2
        else:
            position += 1
        rows.append(row)
        row = []
        if position >= length:
            return rows


def format_clipboard_text(rows: Sequence[Sequence[str]]) -> str:
    """Join rows of cell text into the clipboard form Excel and Calc paste.

    One cell becomes its bare value, unless it contains a tab or a line break
    (which would split it into several cells on paste) or starts with a
    quote, and then it is quoted. A block ends with a line break, as Excel's
    copies do.
    """
    if not rows:
        return ""
    if len(rows) == 1 and len(rows[0]) == 1:
        value = rows[0][0]
        if value.startswith('"') or any(mark in value for mark in _FIELD_ENDS):
            return _quote(value) + ROW_SEPARATOR
        return value

    lines = []
    for row in rows:
        lines.append("\t".join(_quote(cell) if _needs_quotes(cell) else cell for cell in row))
    return ROW_SEPARATOR.join(lines) + ROW_SEPARATOR


def _split_unquoted(text: str) -> list[list[str]]:
    """Split text without quotes with str methods: the same rows as the cell reader, about ten times faster."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if text[-1] in "\r\n":
        lines.pop()
    return [line.split("\t") for line in lines]


def _read_cell(text: str, start: int) -> tuple[str, int]:
    """Return the cell starting at ``start`` and the position of the separator after it."""
    if start < len(text) and text[start] == '"':
        quoted = _read_quoted(text, start)
        if quoted is not None:
            return quoted

    end = start
    length = len(text)
    while end < length and text[end] not in _FIELD_ENDS:
        end += 1
    return text[start:end], end


def _read_quoted(text: str, start: int) -> tuple[str, int] | None:
    """Read a quoted cell, or return None when the quotes do not close right before a separator."""
    parts: list[str] = []
    position = start + 1
    while True:
        closing = text.find('"', position)
        if closing < 0:
            return None
        parts.append(text[position:closing])
        if text.startswith('""', closing):
            parts.append('"')
            position = closing + 2
            continue

        after = closing + 1
        if after == len(text) or text[after] in _FIELD_ENDS:
            return "".join(parts), after
        return None


def _needs_quotes(cell: str) -> bool:
    # One regular-expression search instead of four substring tests: a copy of a whole sheet checks millions of cells.
    return _QUOTED_MARK.search(cell) is not None


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'
