"""Cell helpers shared by the spreadsheet imports."""

from __future__ import annotations

import datetime as dt

from planmp_desktop.io.item_cells import keep_rows
from planmp_desktop.io.readers import DecimalStyle, Table


def _table(rows: list[list[object]]) -> Table:
    return Table(
        columns=["UO_COD", "Órgão"],
        rows=rows,  # type: ignore[arg-type]
        line_numbers=list(range(2, 2 + len(rows))),
        encoding=None,
        separator=None,
        decimal_style=DecimalStyle.GROUPED_COMMA,
        header_row=1,
    )


def test_keep_rows_matches_typed_numbers_case_and_accents() -> None:
    table = _table([[1091.0, "Ministério Público"], [4441, "MINISTERIO PUBLICO"], ["1091", "Tribunal"], [None, "Sem UO"]])

    by_code, left_out = keep_rows(table, "UO_COD", "01091")
    by_name, _ = keep_rows(table, "Órgão", "ministerio publico")

    assert (by_code.rows, by_code.line_numbers, left_out) == ([[1091.0, "Ministério Público"], ["1091", "Tribunal"]], [2, 4], 2)
    assert by_name.line_numbers == [2, 3]
    assert table.line_numbers == [2, 3, 4, 5]  # the original table is left as it was


def test_keep_rows_reads_dates_as_shown() -> None:
    table = _table([[dt.date(2024, 3, 31), "a"], [dt.date(2024, 4, 1), "b"]])

    filtered, left_out = keep_rows(table, "UO_COD", "31/03/2024")

    assert filtered.line_numbers == [2]
    assert left_out == 1
