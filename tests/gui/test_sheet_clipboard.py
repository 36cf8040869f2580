"""Copy and paste between the planning sheet and Excel or LibreOffice, as tab-separated pt-BR text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from planmp_desktop.gui.sheet_clipboard import format_clipboard_text, parse_clipboard_text
from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE
from planmp_desktop.services import AppServices

from .sheet_support import cell, filled_store, open_sheet, outbox_count, outbox_rows, select_block, select_cell, stored
from .store_fill import bulk_item_id

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=1_000)


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("a\tb\r\nc\td\r\n", [["a", "b"], ["c", "d"]]),
        ("a\tb\nc\td", [["a", "b"], ["c", "d"]]),
        ("a\tb\rc\td\r", [["a", "b"], ["c", "d"]]),
        ("só um", [["só um"]]),
        ("só um\r\n", [["só um"]]),
        ('"linha 1\nlinha 2"\tx\r\n', [["linha 1\nlinha 2", "x"]]),
        ('"com ""aspas"""\t"tab\taqui"\r\n', [['com "aspas"', "tab\taqui"]]),
        ('"Projeto" antigo\tx\r\n', [['"Projeto" antigo', "x"]]),
        ("a\t\tc\r\n\t\t\r\n", [["a", "", "c"], ["", "", ""]]),
        ("a\r\n\r\nb\r\n", [["a"], [""], ["b"]]),
        ("", []),
    ],
)
def test_clipboard_text_parses_like_excel(text: str, rows: list[list[str]]) -> None:
    assert parse_clipboard_text(text) == rows


@pytest.mark.parametrize(
    "rows",
    [
        [["a", "b"], ["c", "d"]],
        [["linha 1\nlinha 2", 'com "aspas"'], ["tab\taqui", ""]],
        [["linha 1\r\nlinha 2"]],
        [['"entre aspas"']],
        [["R$ 1.234,56", "62,5%", "31/12/2026"]],
    ],
)
def test_clipboard_text_round_trips(rows: list[list[str]]) -> None:
    assert parse_clipboard_text(format_clipboard_text(rows)) == rows


def test_one_cell_formats_as_bare_value() -> None:
    assert format_clipboard_text([["1.234,56"]]) == "1.234,56"
    assert format_clipboard_text([["a", "b"]]) == "a\tb\r\n"


def test_one_cell_copies_bare_ptbr_value(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.model.setData(cell(view, 1, "planned_total"), "1.234,56")
    select_cell(view, 1, "planned_total")

    qtbot.keyClick(view.table, Qt.Key.Key_C, CTRL)

    assert QGuiApplication.clipboard().text() == "1.234,56"


def test_block_copies_in_ptbr_forms(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_block(view, 1, "start_date", rows=2, columns=4)  # start, end, status, progress
    row = services.store.fetch_row("plan_item", bulk_item_id(1))
    assert row is not None

    qtbot.keyClick(view.table, Qt.Key.Key_C, CTRL)

    text = QGuiApplication.clipboard().text()
    assert text.endswith("\r\n")
    lines = text.split("\r\n")
    assert len(lines) == 3
    first = lines[0].split("\t")
    assert first[0] == row["start_date"].strftime("%d/%m/%Y")
    assert first[2] == cell(view, 1, "status").data()
    assert first[3] == str(row["progress"].normalize()).replace(".", ",")


def test_excel_block_pastes_3_by_4(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    below = [stored(services, 4, name) for name in ("start_date", "end_date", "status", "progress")]
    right = [stored(services, number, "weight") for number in (1, 2, 3)]
    QGuiApplication.clipboard().setText(
        "02/03/2026\t30/11/2026\tEm andamento\t62,5%\r\n"
        "03/03/2026\t30/11/2026\tSuspenso\t10\r\n"
        "04/03/2026\t15/12/2026\tConcluído\t100\r\n"
    )
    select_cell(view, 1, "start_date")

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert stored(services, 1, "start_date") == dt.date(2026, 3, 2)
    assert stored(services, 3, "end_date") == dt.date(2026, 12, 15)
    assert stored(services, 1, "status") == "em_andamento"
    assert stored(services, 3, "status") == "concluido"
    assert stored(services, 1, "progress") == Decimal("62.5")
    assert [stored(services, 4, name) for name in ("start_date", "end_date", "status", "progress")] == below
    assert [stored(services, number, "weight") for number in (1, 2, 3)] == right
    assert outbox_rows(services) == {bulk_item_id(number) for number in (1, 2, 3)}
    selection = view.table.selectionModel().selection()
    assert sum(item.width() * item.height() for item in selection) == 12
    assert view.model.undo_stack.count() == 1


def test_pasted_ptbr_numbers_and_money(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    QGuiApplication.clipboard().setText("R$ 1.234,56\t1234,56\t1.234,56\r\n")
    select_cell(view, 1, "planned_total")  # planned_total, Jan, Fev

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert stored(services, 1, "planned_total") == Decimal("1234.56")
    assert stored(services, 1, "month_01") == Decimal("1234.56")
    assert stored(services, 1, "month_02") == Decimal("1234.56")


def test_cell_with_line_break_survives_copy_and_paste(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    notes = "Primeira linha\nSegunda linha com \"aspas\""
    assert view.model.setData(cell(view, 1, "notes"), notes)
    select_block(view, 1, "notes", rows=2, columns=1)

    qtbot.keyClick(view.table, Qt.Key.Key_C, CTRL)
    copied = QGuiApplication.clipboard().text()
    select_cell(view, 5, "notes")
    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert copied.startswith('"Primeira linha\nSegunda linha com ""aspas"""\r\n')
    assert stored(services, 5, "notes") == notes
    assert stored(services, 6, "notes") is None  # the second copied cell was empty
    assert stored(services, 7, "notes") == ""  # outside the two pasted rows


def test_line_break_cell_pastes_whole(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    QGuiApplication.clipboard().setText('"Reunião com a unidade\nem março"\tFulano de Tal\r\n')
    select_cell(view, 1, "notes")
    view.table.setCurrentIndex(cell(view, 1, "deliverable"))

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert stored(services, 1, "deliverable") == "Reunião com a unidade\nem março"
    assert stored(services, 2, "deliverable") != "em março"


def test_one_value_fills_selection(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    QGuiApplication.clipboard().setText("Painel de indicadores\r\n")
    select_block(view, 1, "deliverable", rows=6, columns=1)

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert [stored(services, number, "deliverable") for number in range(1, 7)] == ["Painel de indicadores"] * 6
    assert outbox_count(services) == 6


def test_block_repeats_over_multiple_selection(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    QGuiApplication.clipboard().setText("A\r\nB\r\n")
    select_block(view, 1, "deliverable", rows=6, columns=1)

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert [stored(services, number, "deliverable") for number in range(1, 7)] == ["A", "B"] * 3


def test_paste_skips_read_only_cells_with_one_message(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    messages: list[str] = []
    view.status_message.connect(messages.append)
    lines = "".join("1,00\t2,00\t3,00\t4,00\r\n" for _ in range(3))  # Dez, empenhado, liquidado, pago
    QGuiApplication.clipboard().setText(lines)
    select_cell(view, 1, "month_12")

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert stored(services, 3, "month_12") == Decimal("1.00")
    assert len(messages) == 1
    assert "9 células somente leitura não foram alteradas" in messages[0]
    assert "3 células alteradas" in messages[0]


def test_auditor_paste_changes_nothing(qtbot, make_services) -> None:
    services = make_services("Auditor")
    view = open_sheet(qtbot, services)
    QGuiApplication.clipboard().setText("x\ty\r\nz\tw\r\n")
    messages: list[str] = []
    view.status_message.connect(messages.append)
    select_cell(view, 1, "deliverable")

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert outbox_count(services) == 0
    assert "4 células somente leitura não foram alteradas" in messages[-1]


def test_invalid_natureza_paste_marks_cells(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    lines = []
    for number in range(1, 1_001):
        natureza = "3.4.90.39" if number % 2 else "3.3.90.30"  # categoria 3 does not take grupo 4
        lines.append(f"{natureza}\t{100 + number % 7}")
    QGuiApplication.clipboard().setText("\r\n".join(lines) + "\r\n")
    messages: list[str] = []
    view.status_message.connect(messages.append)
    select_cell(view, 1, "natureza_despesa")  # natureza de despesa, fonte

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    invalid = [number for number in range(1, 1_001) if number % 2]
    valid = [number for number in range(1, 1_001) if not number % 2]
    assert len(invalid) == 500
    assert all(cell(view, n, "natureza_despesa").data(CELL_STATE_ROLE) == "rejected" for n in invalid)
    assert all(cell(view, n, "natureza_despesa").data() == "3.4.90.39" for n in invalid)
    assert all(stored(services, n, "natureza_despesa") == "3.3.90.30" for n in valid)
    assert all(stored(services, n, "fonte") == str(100 + n % 7) for n in range(1, 1_001))
    assert stored(services, 1, "natureza_despesa") != "3.4.90.39"
    tooltip = cell(view, 1, "natureza_despesa").data(Qt.ItemDataRole.ToolTipRole)
    assert "Valor recusado" in tooltip
    assert "não pertence à categoria" in tooltip
    assert outbox_count(services) == 1_000
    assert view.model.undo_stack.count() == 1
    assert len(messages) == 1
    assert "500 valores recusados" in messages[0]


def test_fixing_refused_cell_clears_mark(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    QGuiApplication.clipboard().setText("abc\r\n")
    index = select_cell(view, 1, "planned_total")
    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)
    assert index.data(CELL_STATE_ROLE) == "rejected"
    assert index.data(Qt.ItemDataRole.EditRole) == "abc"
    status_texts: list[str] = []
    view.status_message.connect(status_texts.append)

    qtbot.keyClicks(view.table, "10,50")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert stored(services, 1, "planned_total") == Decimal("10.50")
    assert index.data(CELL_STATE_ROLE) == "pending"
    assert status_texts  # the rejection message is replaced in the status bar
    assert status_texts[-1].startswith("Célula corrigida: ")


def test_crlf_inside_cell_stored_as_lf(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    QGuiApplication.clipboard().setText('"Linha um\r\nlinha dois"\r\n')
    select_cell(view, 1, "deliverable")

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert stored(services, 1, "deliverable") == "Linha um\nlinha dois"


@pytest.mark.parametrize("grouping", [None, "unit"])
def test_whole_sheet_copy_matches_rows(qtbot, services: AppServices, grouping: str | None) -> None:
    view = open_sheet(qtbot, services)
    select_cell(view, 2, "planned_total")
    QGuiApplication.clipboard().setText("doze\r\n")
    view.table.paste()  # a refused text, which the copy must show as the cell does
    view.model.set_grouping(grouping)
    model = view.model
    columns = view.table.shown_columns()
    positions = [position for position in range(model.rowCount()) if not model.is_group_header(position)]

    copied = model.block_texts(positions, columns)

    expected = [[model.row_texts(position)[number] for number in columns] for position in positions]
    assert copied == expected
    assert any("doze" in line for line in copied)
