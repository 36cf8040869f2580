"""Tests of the table readers on the real public files and on small generated files."""

from __future__ import annotations

import csv
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from planmp_desktop.io.readers import (
    CP1252,
    LATIN1,
    UTF8,
    UTF8_BOM,
    DecimalStyle,
    ParsedWorkbooks,
    TableReadError,
    detect_decimal_style,
    detect_encoding,
    detect_separator,
    parse_amount,
    read_table,
)

REPO = Path(__file__).resolve().parents[2]
DATA = REPO.parent / "shared" / "data"
_skip_without_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data not present")


def needs_data(test: Callable[..., None]) -> Callable[..., None]:
    """Mark a test that reads the real public files, skipped when the folder is absent."""
    return pytest.mark.shared_data(_skip_without_data(test))


# file, encoding, separator, decimal style, data rows, columns
REAL_FILES = [
    ("acoes_planejamento.txt", CP1252, "|", DecimalStyle.COMMA, 963, 48),
    ("acoes_monitoramento.txt", LATIN1, "|", DecimalStyle.COMMA, 244, 58),
    ("indicadores_planejamento.txt", CP1252, "|", DecimalStyle.POINT, 251, 26),
    ("compras-coronavirus-controle.csv", LATIN1, ";", DecimalStyle.COMMA, 169, 9),
    ("2024_OrcamentoDespesa.csv", LATIN1, ";", DecimalStyle.COMMA, 26457, 26),
    ("base_gifp_2018_2022.xlsx", None, None, DecimalStyle.POINT, 23894, 23),
]


def _independent_text_rows(name: str, encoding: str, separator: str) -> list[list[str]]:
    """Read a text file with the csv module alone, as the reference for the reader under test."""
    quoting = csv.QUOTE_MINIMAL if name.endswith("OrcamentoDespesa.csv") else csv.QUOTE_NONE
    with (DATA / name).open(encoding=encoding, newline="") as handle:
        return list(csv.reader(handle, delimiter=separator, quoting=quoting))


@needs_data
@pytest.mark.parametrize(("name", "encoding", "separator", "style", "count", "width"), REAL_FILES)
def test_real_file_detection(
    name: str, encoding: str | None, separator: str | None, style: DecimalStyle, count: int, width: int
) -> None:
    table = read_table(DATA / name)

    assert table.encoding == encoding
    assert table.separator == separator
    assert table.decimal_style is style
    assert table.header_row == 1
    assert table.problems == []
    assert len(table.rows) == count
    assert len(table.columns) == width
    assert all(len(row) == width for row in table.rows)


@needs_data
@pytest.mark.parametrize(
    ("name", "encoding", "separator"),
    [(name, encoding, separator) for name, encoding, separator, *_rest in REAL_FILES if separator],
)
def test_real_text_cells_match_csv(name: str, encoding: str, separator: str) -> None:
    expected = _independent_text_rows(name, encoding, separator)
    table = read_table(DATA / name)
    width = len(table.columns)

    assert table.columns == [" ".join(cell.split()) for cell in expected[0][:width]]
    assert table.rows == [row[:width] for row in expected[1:]]
    assert table.line_numbers[:3] == [2, 3, 4]


@needs_data
def test_portal_headers_keep_accents() -> None:
    table = read_table(DATA / "2024_OrcamentoDespesa.csv")

    assert table.columns[0] == "EXERCÍCIO"
    assert "CÓDIGO UNIDADE ORÇAMENTÁRIA" in table.columns
    assert "CÓDIGO CATEGORIA ECONÔMICA" in table.columns
    assert table.rows[0][11] == "0033"


@needs_data
def test_monitoring_trailing_separator_dropped() -> None:
    table = read_table(DATA / "acoes_monitoramento.txt")

    assert table.columns[-1] == "Ação Transposta Durante Exercício"
    assert not any(name.startswith("Coluna ") for name in table.columns)


@needs_data
def test_sigplan_curly_quotes_read() -> None:
    table = read_table(DATA / "acoes_planejamento.txt")
    text = "".join("".join(row) for row in table.rows)

    assert "\u2013" in text or "\u201c" in text or "\u2019" in text
    assert "\x96" not in text


@needs_data
def test_xlsx_values_as_text() -> None:
    table = read_table(DATA / "base_gifp_2018_2022.xlsx")
    first = dict(zip(table.columns, table.rows[0]))

    assert table.sheet == "Sheet1"
    assert first["ANO"] == "2018"
    assert first["UO_COD"] == "1011"
    assert first["OBRIG"] == "Sim"
    assert first["VL_EMP"] == "45163979.72"
    assert parse_amount(first["VL_EMP"], table.decimal_style) == Decimal("45163979.72")


@needs_data
def test_preview_stops_at_max_rows() -> None:
    table = read_table(DATA / "2024_OrcamentoDespesa.csv", max_rows=50)

    assert len(table.rows) == 50
    assert table.truncated
    assert table.line_numbers[-1] == 51


def test_utf8_bom(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffAção;Valor\r\nDireção;1.234,56\r\n".encode("utf-8"))
    table = read_table(path)

    assert table.encoding == UTF8_BOM
    assert table.columns == ["Ação", "Valor"]
    assert table.rows == [["Direção", "1.234,56"]]
    assert table.decimal_style is DecimalStyle.GROUPED_COMMA


def test_utf8_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_bytes("Código,Título\n0033,Gestão\n".encode("utf-8"))
    table = read_table(path)

    assert table.encoding == UTF8
    assert table.separator == ","
    assert table.rows == [["0033", "Gestão"]]


def test_encoding_choice() -> None:
    assert detect_encoding("Ação".encode("utf-8")) == UTF8
    assert detect_encoding("Ação".encode("latin-1")) == LATIN1
    assert detect_encoding("Ação – “x”".encode("cp1252")) == CP1252
    # 0x81 is undefined in Windows-1252, so only ISO-8859-1 reads it.
    assert detect_encoding(b"A\x81\x96") == LATIN1
    # A sample cut inside a two-byte character is still UTF-8.
    assert detect_encoding("Ação".encode("utf-8")[:2]) == UTF8


def test_separator_choice() -> None:
    assert detect_separator("a;b;c\n1;2;3\n") == ";"
    assert detect_separator("a\tb\n1\t2\n") == "\t"
    assert detect_separator("Relatório, 2024\na|b|c\n1|2,5|3\n4|5|6\n") == "|"
    assert detect_separator('"a";"b,c"\n"1";"2,5"\n') == ";"


def test_decimal_style_choice() -> None:
    assert detect_decimal_style([["1234567,89", "0,00"]]) is DecimalStyle.COMMA
    assert detect_decimal_style([["1.234.567,89"], ["12,00"]]) is DecimalStyle.GROUPED_COMMA
    assert detect_decimal_style([["1234.56"], ["0.81"]]) is DecimalStyle.POINT
    assert detect_decimal_style([["texto"], ["1.234"]]) is DecimalStyle.COMMA


@pytest.mark.parametrize(
    ("text", "style", "expected"),
    [
        ("1234567,89", DecimalStyle.COMMA, Decimal("1234567.89")),
        ("1.234.567,89", DecimalStyle.GROUPED_COMMA, Decimal("1234567.89")),
        ("1234.56", DecimalStyle.POINT, Decimal("1234.56")),
        ("-2760,00", DecimalStyle.COMMA, Decimal("-2760.00")),
        ("R$ 1.234,56", DecimalStyle.COMMA, Decimal("1234.56")),
        ("1.234", DecimalStyle.COMMA, Decimal("1234")),
        ("1.234", DecimalStyle.POINT, Decimal("1.234")),
        ("1,234.50", DecimalStyle.POINT, Decimal("1234.50")),
        ("39,24%", DecimalStyle.COMMA, Decimal("39.24")),
        ("68,68", DecimalStyle.COMMA, Decimal("68.68")),
        ("", DecimalStyle.COMMA, None),
        ("(500,00)", DecimalStyle.COMMA, Decimal("-500.00")),
        ("R$ (1.234,56)", DecimalStyle.COMMA, Decimal("-1234.56")),
    ],
)
def test_parse_amount(text: str, style: DecimalStyle, expected: Decimal | None) -> None:
    assert parse_amount(text, style) == expected


@pytest.mark.parametrize("text", ["abc", "1,2,3", "12.34.5", "1.23,4.5", "--5", "(-5)", "()"])
def test_parse_amount_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="valor"):
        parse_amount(text, DecimalStyle.COMMA)


def test_title_block_skipped(tmp_path: Path) -> None:
    path = tmp_path / "relatorio.csv"
    path.write_text(
        "Relatório de execução;;;\r\nGerado em 01/02/2025;;;\r\n;;;\r\nUO;Ação;Empenhado;Pago\r\n"
        "01091;2009;100,00;50,00\r\n",
        encoding="cp1252",
    )
    table = read_table(path)

    assert table.header_row == 4
    assert table.columns == ["UO", "Ação", "Empenhado", "Pago"]
    assert table.line_numbers == [5]


def test_header_row_override(tmp_path: Path) -> None:
    path = tmp_path / "dados.csv"
    path.write_text("a;b\r\nUO;Valor\r\n01091;10,00\r\n", encoding="utf-8")
    table = read_table(path, header_row=2)

    assert table.columns == ["UO", "Valor"]
    assert table.rows == [["01091", "10,00"]]


def test_quoted_line_break_keeps_numbers(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_bytes(b'"UO";"Nome"\r\n"01091";"linha um\r\nlinha dois"\r\n"04441";"fundo"\r\n')
    table = read_table(path)

    assert table.rows == [["01091", "linha um\r\nlinha dois"], ["04441", "fundo"]]
    assert table.line_numbers == [2, 4]


def test_wrong_width_listed(tmp_path: Path) -> None:
    path = tmp_path / "curto.txt"
    path.write_text("a|b|c\n1|2|3\n4|5\n6|7|8|\n9|10|11|12\n", encoding="utf-8")
    table = read_table(path)

    assert table.rows == [["1", "2", "3"], ["6", "7", "8"]]
    assert [problem.line for problem in table.problems] == [3, 5]
    assert "esperadas 3 colunas" in table.problems[0].message
    assert "encontradas 2" in table.problems[0].message


def test_forced_encoding_reports_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("UO;Nome\n1;ok\n2;Direção\n".encode("latin-1"))
    table = read_table(path, encoding=UTF8)

    assert table.rows == [["1", "ok"]]
    assert [problem.line for problem in table.problems] == [3]
    assert "0xE7" in table.problems[0].message


def test_html_saved_as_xls(tmp_path: Path) -> None:
    path = tmp_path / "relatorio.xls"
    html = (
        '<html><head><meta charset="windows-1252"></head><body>'
        "<table><tr><td colspan=3><b>Execução 2024</b></td></tr>"
        "<tr><th>UO</th><th>Ação</th><th>Empenhado</th></tr>"
        "<tr><td>01091</td><td>Direção&nbsp;administrativa</td><td>1.234,56</td></tr>"
        "<tr><td>04441</td><td>Fundo &amp; apoio</td><td>-10,00</td></tr>"
        "</table></body></html>"
    )
    path.write_bytes(html.encode("cp1252"))
    table = read_table(path)

    assert table.encoding == CP1252
    assert table.columns == ["UO", "Ação", "Empenhado"]
    assert table.rows == [["01091", "Direção administrativa", "1.234,56"], ["04441", "Fundo & apoio", "-10,00"]]
    assert table.header_row == 2
    assert table.line_numbers == [3, 4]
    assert table.decimal_style is DecimalStyle.GROUPED_COMMA


def test_xlsx_title_block_and_types(tmp_path: Path) -> None:
    import datetime as dt

    import xlsxwriter

    path = tmp_path / "relatorio.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Execução")
    sheet.merge_range(0, 0, 0, 3, "Relatório de execução orçamentária")
    sheet.write_row(2, 0, ["UO", "Data", "Empenhado", "Ativo"])
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(3, 0, ["01091", None, 1234.56, True])
    sheet.write_row(4, 0, ["04441", None, 0.1, False])
    sheet.write_datetime(3, 1, dt.datetime(2024, 3, 31), date)
    sheet.write_datetime(4, 1, dt.datetime(2024, 4, 1), date)
    sheet.write_row(5, 0, ["Total", "", "=C4+C5"])
    workbook.close()
    table = read_table(path)

    assert table.sheet == "Execução"
    assert table.header_row == 3
    assert table.columns == ["UO", "Data", "Empenhado", "Ativo"]
    assert table.rows[:2] == [["01091", "31/03/2024", "1234.56", "Sim"], ["04441", "01/04/2024", "0.1", "Não"]]
    assert table.line_numbers == [4, 5, 6]


def test_xlsx_openpyxl_fallback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl
    import python_calamine

    path = tmp_path / "simples.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["UO", "Empenhado"])
    sheet.append(["01091", 68.68])
    workbook.save(path)

    def reject(_path: str) -> None:
        raise python_calamine.CalamineError("unsupported")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", reject)
    table = read_table(path)

    assert table.rows == [["01091", "68.68"]]


def test_empty_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "vazio.csv"
    path.write_bytes(b"\r\n\r\n")

    with pytest.raises(TableReadError, match="vazio"):
        read_table(path)


def test_missing_file_rejected(tmp_path: Path) -> None:
    with pytest.raises(TableReadError, match="Não foi possível abrir"):
        read_table(tmp_path / "nao-existe.csv")


def test_typed_spreadsheet_keeps_stored_values(tmp_path: Path) -> None:
    import datetime as dt

    import xlsxwriter

    path = tmp_path / "tipos.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Código", "Valor", "Início"])
    sheet.write_row(1, 0, ["A-1", 68.68])
    sheet.write_datetime(1, 2, dt.datetime(2026, 3, 31), date_format)
    sheet.write_row(3, 0, ["A-2", 0])
    workbook.close()

    table = read_table(path, typed=True)

    assert table.columns == ["Código", "Valor", "Início"]
    assert table.line_numbers == [2, 4]
    assert table.rows[0][:2] == ["A-1", 68.68]
    assert table.rows[0][2] == dt.date(2026, 3, 31)  # calamine gives a date for a date-only format
    assert table.rows[1][1] == 0
    assert table.rows[1][2] == ""


def test_truncated_xlsx_message(tmp_path: Path) -> None:
    import openpyxl

    whole = tmp_path / "inteiro.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Código", "Título"])
    workbook.save(whole)
    truncated = tmp_path / "truncado.xlsx"
    truncated.write_bytes(whole.read_bytes()[:1000])

    with pytest.raises(TableReadError) as caught:
        read_table(truncated)
    assert "'truncado.xlsx': o arquivo está incompleto ou não é um XLSX" in str(caught.value)


def test_damaged_xls_message_is_pt_br(tmp_path: Path) -> None:
    damaged = tmp_path / "antigo.xls"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4)  # an OLE header, then noise

    with pytest.raises(TableReadError) as caught:
        read_table(damaged)
    message = str(caught.value)
    assert "'antigo.xls': o arquivo está danificado ou não é uma planilha do Excel" in message
    assert "error" not in message.lower()


def test_tiny_float_cell_written_out(tmp_path: Path) -> None:
    import openpyxl

    path = tmp_path / "ruido.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["Valor"])
    workbook.active.append([9.094947017729282e-13])
    workbook.save(path)

    table = read_table(path)

    assert table.rows[0][0] == "0.0000000000009094947017729282"  # not "9.094947017729282e-13"


def _write_workbook(path: Path, rows: list[list[object]]) -> Path:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Itens")
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    workbook.close()
    return path


def test_parsed_workbook_read_again_unparsed(tmp_path: Path) -> None:
    path = _write_workbook(tmp_path / "itens.xlsx", [["Código", "Título"], ["A-1", "Mutirão"], ["A-2", "Campanha"]])
    workbooks = ParsedWorkbooks()

    preview = read_table(path, max_rows=1, workbooks=workbooks)
    parsed = workbooks._sheet
    full = read_table(path, typed=True, workbooks=workbooks)

    assert workbooks._sheet is parsed
    assert preview.rows == [["A-1", "Mutirão"]]
    assert full.rows == [["A-1", "Mutirão"], ["A-2", "Campanha"]]


def test_parsed_workbook_rows_are_copies(tmp_path: Path) -> None:
    path = _write_workbook(tmp_path / "itens.xlsx", [["Código", "Título"], ["A-1", "Mutirão"]])
    workbooks = ParsedWorkbooks()

    first = read_table(path, typed=True, workbooks=workbooks)
    first.rows[0][1] = "alterado"
    second = read_table(path, typed=True, workbooks=workbooks)

    assert second.rows == [["A-1", "Mutirão"]]


def test_parsed_workbook_follows_file_change(tmp_path: Path) -> None:
    path = _write_workbook(tmp_path / "itens.xlsx", [["Código", "Título"], ["A-1", "Mutirão"]])
    workbooks = ParsedWorkbooks()
    read_table(path, workbooks=workbooks)

    _write_workbook(path, [["Código", "Título"], ["B-9", "Reforma da sede"], ["B-10", "Campanha"]])

    assert read_table(path, workbooks=workbooks).rows == [["B-9", "Reforma da sede"], ["B-10", "Campanha"]]
