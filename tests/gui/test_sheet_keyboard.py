"""Spreadsheet keys on the planning sheet, driven through the real table widget."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from planmp_desktop.gui.sheet_find import FindOptions
from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE, filled_edge
from planmp_desktop.services import AppServices

from .sheet_support import cell, filled_store, open_sheet, outbox_count, select_block, select_cell, stored
from .store_fill import bulk_item_id

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=20)


def test_typed_percentage_stores_decimal_and_enter_moves_down(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 1, "progress")

    qtbot.keyClicks(view.table, "62,5")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert stored(services, 1, "progress") == Decimal("62.5")
    assert view.table.currentIndex().row() == start.row() + 1
    assert view.table.currentIndex().column() == start.column()
    assert view.table.state() != QAbstractItemView.State.EditingState


def test_typed_money_stores_amount_and_tab_moves_right(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 1, "planned_total")

    qtbot.keyClicks(view.table, "1.234,56")
    qtbot.keyClick(view.table, Qt.Key.Key_Tab)

    assert stored(services, 1, "planned_total") == Decimal("1234.56")
    assert view.table.currentIndex().row() == start.row()
    assert view.table.currentIndex().column() == start.column() + 1


def test_typing_replaces_and_arrow_commits(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 1, "responsible")

    qtbot.keyClicks(view.table, "Rafael")
    qtbot.keyClick(view.table, Qt.Key.Key_Down)

    assert stored(services, 1, "responsible") == "Rafael"
    assert view.table.currentIndex().row() == start.row() + 1


def test_escape_cancels_edit(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    index = select_cell(view, 1, "progress")
    before = stored(services, 1, "progress")

    qtbot.keyClicks(view.table, "99")
    qtbot.keyClick(view.table, Qt.Key.Key_Escape)

    assert stored(services, 1, "progress") == before
    assert outbox_count(services) == 0
    assert view.table.currentIndex() == index
    assert view.table.state() != QAbstractItemView.State.EditingState


def test_f2_edits_in_place_and_arrows_move_caret(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    index = select_cell(view, 1, "responsible")
    before = stored(services, 1, "responsible")

    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    assert editor.text() == before
    qtbot.keyClick(view.table, Qt.Key.Key_Left)
    assert view.table.indexWidget(index) is editor
    qtbot.keyClick(view.table, Qt.Key.Key_End)
    qtbot.keyClicks(view.table, " Filho")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert stored(services, 1, "responsible") == before + " Filho"


def test_backspace_starts_empty_edit(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_cell(view, 1, "deliverable")

    qtbot.keyClick(view.table, Qt.Key.Key_Backspace)
    qtbot.keyClicks(view.table, "Painel")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert stored(services, 1, "deliverable") == "Painel"


def test_invalid_typed_value_is_marked_not_written(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    index = select_cell(view, 1, "planned_total")
    messages: list[str] = []
    view.status_message.connect(messages.append)

    qtbot.keyClicks(view.table, "12,3,4")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert outbox_count(services) == 0
    assert index.data(CELL_STATE_ROLE) == "rejected"
    assert index.data() == "12,3,4"
    assert "inválido" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert any("12,3,4" in message for message in messages)


def test_typing_on_read_only_cell_reports_reason(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_cell(view, 1, "empenhado")
    messages: list[str] = []
    view.status_message.connect(messages.append)

    qtbot.keyClicks(view.table, "5")

    assert outbox_count(services) == 0
    assert messages
    assert messages[-1].startswith("Célula somente leitura")


def test_delete_clears_cells_keeps_rows_and_undoes(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    rows_before = view.model.rowCount()
    before = [(stored(services, n, "deliverable"), stored(services, n, "target_quantity")) for n in (1, 2, 3)]
    next_row = stored(services, 4, "deliverable")
    select_block(view, 1, "deliverable", rows=3, columns=2)  # deliverable and target_quantity

    qtbot.keyClick(view.table, Qt.Key.Key_Delete)

    assert view.model.rowCount() == rows_before
    assert services.store.fetch_row("plan_item", bulk_item_id(2)) is not None
    assert [stored(services, n, "deliverable") for n in (1, 2, 3)] == [None, None, None]
    assert [stored(services, n, "target_quantity") for n in (1, 2, 3)] == [None, None, None]
    assert stored(services, 4, "deliverable") == next_row
    assert cell(view, 2, "deliverable").data() == ""
    assert outbox_count(services) == 3
    assert view.model.undo_stack.count() == 1

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)

    assert [stored(services, n, "deliverable") for n in (1, 2, 3)] == [b[0] for b in before]
    assert [stored(services, n, "target_quantity") for n in (1, 2, 3)] == [b[1] for b in before]
    assert cell(view, 2, "deliverable").data() == before[1][0]


def test_delete_skips_required_and_read_only_cells(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_block(view, 1, "code", rows=2, columns=2)  # code and title are required
    messages: list[str] = []
    view.status_message.connect(messages.append)

    qtbot.keyClick(view.table, Qt.Key.Key_Delete)

    assert stored(services, 1, "code") == "LOTE-000001"
    assert outbox_count(services) == 0
    assert "4 células obrigatórias não foram limpas" in messages[-1]


def test_ctrl_d_fills_down_as_one_undo_step(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    source = "Juliana Martins"
    assert view.model.setData(cell(view, 1, "responsible"), source)
    select_block(view, 1, "responsible", rows=5, columns=1)
    originals = [stored(services, n, "responsible") for n in range(2, 6)]
    assert source not in originals

    qtbot.keyClick(view.table, Qt.Key.Key_D, CTRL)

    assert [stored(services, n, "responsible") for n in range(2, 6)] == [source] * 4
    assert view.model.undo_stack.count() == 2

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    assert [stored(services, n, "responsible") for n in range(2, 6)] == originals
    qtbot.keyClick(view.table, Qt.Key.Key_Y, CTRL)
    assert [stored(services, n, "responsible") for n in range(2, 6)] == [source] * 4


def test_ctrl_enter_fills_selection_from_editor(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_block(view, 1, "progress", rows=4, columns=1)

    qtbot.keyClicks(view.table, "40")
    qtbot.keyClick(view.table, Qt.Key.Key_Return, CTRL)

    assert [stored(services, n, "progress") for n in range(1, 5)] == [Decimal(40)] * 4
    assert view.model.undo_stack.count() == 1
    assert outbox_count(services) == 4


def test_ctrl_h_replace_all_is_one_undo_step(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_cell(view, 1, "code")

    qtbot.keyClick(view.table, Qt.Key.Key_H, CTRL)
    dialog = view.table.open_find(replacing=True)
    message = view.table.replace_all(FindOptions("Item em lote"), "Ação em lote")

    assert dialog.isVisible()
    assert stored(services, 7, "title") == "Ação em lote 7"
    assert "20 células alteradas" in message
    assert view.model.undo_stack.count() == 1
    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    assert stored(services, 7, "title") == "Item em lote 7"


def test_ctrl_f_finds_across_columns(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_cell(view, 1, "code")
    qtbot.keyClick(view.table, Qt.Key.Key_F, CTRL)

    message = view.table.find_next(FindOptions("lote 12", whole_cell=False))

    assert view.table.currentIndex() == cell(view, 12, "title")
    assert "Título" in message


def test_ctrl_tab_leaves_grid(qtbot, services: AppServices) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from planmp_desktop.gui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    table = window.sheet.table
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 3))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is table)

    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    assert table.currentIndex().column() == 4

    qtbot.keyClick(table, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    after_sheet = QApplication.focusWidget()
    assert after_sheet is not table
    assert after_sheet is not window.sheet.frozen.table

    # From a frozen cell (clicked), one Ctrl+Tab leaves the whole sheet too.
    frozen = window.sheet.frozen.table
    frozen.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is frozen)
    qtbot.keyClick(frozen, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is after_sheet


def test_reload_waits_for_open_editor(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_cell(view, 1, "responsible")
    qtbot.keyClicks(view.table, "Texto digitado durante a sync")
    assert view.table.state() == QAbstractItemView.State.EditingState
    reloads: list[bool] = []
    view.model.reloaded.connect(lambda: reloads.append(True))

    view.reload()  # what a finished sync does

    assert view.table.state() == QAbstractItemView.State.EditingState
    assert reloads == []
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reloads == [True])
    assert stored(services, 1, "responsible") == "Texto digitado durante a sync"
    assert cell(view, 1, "responsible").data() == "Texto digitado durante a sync"


def _server_sets(services: AppServices, number: int, field_name: str, value: str) -> None:
    """Change a cell in the local store as a pull from the server does, not through the sheet."""
    with services.store.transaction() as connection:
        connection.execute(f'UPDATE plan_item SET "{field_name}" = ? WHERE id = ?', (value, str(bulk_item_id(number))))


def test_undo_keeps_value_changed_by_sync(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    messages: list[str] = []
    view.model.edit_rejected.connect(messages.append)
    assert view.model.setData(cell(view, 1, "notes"), "A1")
    _server_sets(services, 1, "notes", "B2")
    view.reload()

    view.model.undo_stack.undo()

    assert stored(services, 1, "notes") == "B2"
    assert len(messages) == 1
    assert "mudou depois desta alteração" in messages[0]


def test_bulk_undo_skips_cells_changed_by_sync(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    messages: list[str] = []
    view.model.edit_rejected.connect(messages.append)
    before = stored(services, 2, "notes")
    select_block(view, 1, "notes", 2, 1)
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("Primeira\r\nSegunda\r\n")
    view.table.paste()
    _server_sets(services, 1, "notes", "Do servidor")
    view.reload()

    view.model.undo_stack.undo()

    assert stored(services, 1, "notes") == "Do servidor"
    assert stored(services, 2, "notes") == before
    assert messages == ["1 célula(s) mudaram depois desta alteração e não foram desfeitas."]


def test_undo_rejected_after_sync_message(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    status_texts: list[str] = []
    view.table.status_message.connect(status_texts.append)
    assert view.model.setData(cell(view, 1, "notes"), "A1")
    _server_sets(services, 1, "notes", "B2")
    view.reload()
    view.table.setFocus()

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert stored(services, 1, "notes") == "B2"
    assert len(status_texts) == 1
    assert "mudou depois desta alteração" in status_texts[0]
    assert "Desfeito" not in status_texts[0]


def test_partial_undo_message_lists_kept_cells(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    status_texts: list[str] = []
    select_block(view, 1, "notes", 2, 1)
    from PySide6.QtGui import QGuiApplication

    QGuiApplication.clipboard().setText("Primeira\r\nSegunda\r\n")
    view.table.paste()
    _server_sets(services, 1, "notes", "Do servidor")
    view.reload()
    view.table.status_message.connect(status_texts.append)
    view.table.setFocus()

    qtbot.keyClick(view.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)

    assert status_texts == ["Desfeito: Colar 2 células. 1 célula(s) mudaram depois desta alteração e não foram desfeitas."]


def test_typing_on_frozen_cell_edits_there(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 1, "title")
    view.table.setFocus()  # a key reaching the main table on a cell the frozen part covers

    qtbot.keyClicks(view.table, "Abc")

    frozen = view.frozen.table
    assert view.table.indexWidget(start) is None
    editor = frozen.indexWidget(start)
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "Abc"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(services, 1, "title") == "Abc"
    assert view.table.currentIndex().row() == start.row() + 1


def test_f2_on_frozen_cell_edits_there(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 1, "code")
    view.table.setFocus()

    qtbot.keyClick(view.table, Qt.Key.Key_F2)

    assert view.table.indexWidget(start) is None
    assert isinstance(view.frozen.table.indexWidget(start), QLineEdit)


def test_duplicate_code_marked_not_written(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    other_code = stored(services, 2, "code")
    own = stored(services, 1, "code")
    from PySide6.QtGui import QGuiApplication

    select_block(view, 1, "code", 3, 1)
    QGuiApplication.clipboard().setText(f"{other_code}\r\n{other_code}\r\nNOVO-CODIGO-3\r\n")
    view.table.paste()

    assert stored(services, 1, "code") == own
    assert cell(view, 1, "code").data(CELL_STATE_ROLE) == "rejected"
    assert other_code in cell(view, 1, "code").data(Qt.ItemDataRole.ToolTipRole)
    assert stored(services, 2, "code") == other_code  # its own code: unchanged, not an error
    assert cell(view, 2, "code").data(CELL_STATE_ROLE) != "rejected"
    assert stored(services, 3, "code") == "NOVO-CODIGO-3"


def test_ctrl_arrows_jump_and_select(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 3, "responsible")
    view.table.setFocus()
    last_row = view.model.rowCount() - 1
    shown_columns = view.table.shown_columns()
    texts = [view.model.cell_text(start.row(), column) for column in shown_columns]
    first_empty = texts.index("", shown_columns.index(start.column()))

    qtbot.keyClick(view.table, Qt.Key.Key_Down, CTRL)
    assert (view.table.currentIndex().row(), view.table.currentIndex().column()) == (last_row, start.column())

    select_cell(view, 3, "responsible")
    qtbot.keyClick(view.table, Qt.Key.Key_Right, CTRL)
    assert view.table.currentIndex().column() == shown_columns[first_empty - 1]

    select_cell(view, 3, "responsible")
    qtbot.keyClick(view.table, Qt.Key.Key_Up, CTRL | Qt.KeyboardModifier.ShiftModifier)
    ranges = view.table.selection_ranges()
    assert [(item.top, item.bottom, item.left, item.right) for item in ranges] == [
        (0, start.row(), start.column(), start.column())
    ]
    qtbot.keyClick(view.table, Qt.Key.Key_Right, CTRL | Qt.KeyboardModifier.ShiftModifier)
    ranges = view.table.selection_ranges()
    assert [(item.top, item.bottom, item.left) for item in ranges] == [(0, start.row(), start.column())]
    assert ranges[0].right == shown_columns[first_empty - 1]


def test_ctrl_down_stops_at_empty_cells(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    rows = [cell(view, number, "responsible").row() for number in range(3, 9)]
    assert rows == list(range(rows[0], rows[0] + 6))  # items 3 to 8 are neighbours in the sheet
    select_block(view, 6, "responsible", 2, 1)
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert (stored(services, 6, "responsible"), stored(services, 7, "responsible")) == (None, None)

    select_cell(view, 3, "responsible")
    qtbot.keyClick(view.table, Qt.Key.Key_Down, CTRL)
    assert view.table.currentIndex() == cell(view, 5, "responsible")
    qtbot.keyClick(view.table, Qt.Key.Key_Down, CTRL)
    assert view.table.currentIndex() == cell(view, 8, "responsible")
    qtbot.keyClick(view.table, Qt.Key.Key_Up, CTRL)
    assert view.table.currentIndex() == cell(view, 5, "responsible")

    select_cell(view, 6, "responsible")
    qtbot.keyClick(view.table, Qt.Key.Key_Down, CTRL)
    assert view.table.currentIndex() == cell(view, 8, "responsible")


def test_ctrl_end_selects_only_last_cell(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_block(view, 3, "responsible", 2, 1)

    qtbot.keyClick(view.table, Qt.Key.Key_End, CTRL)

    last = (view.model.rowCount() - 1, view.table.shown_columns()[-1])
    current = view.table.currentIndex()
    assert (current.row(), current.column()) == last
    assert [(item.top, item.bottom, item.left, item.right) for item in view.table.selection_ranges()] == [
        (last[0], last[0], last[1], last[1])
    ]


def test_ctrl_shift_home_selects_to_first_cell(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 3, "responsible")

    qtbot.keyClick(view.table, Qt.Key.Key_Home, CTRL | Qt.KeyboardModifier.ShiftModifier)

    first_column = view.table.shown_columns()[0]
    assert [(item.top, item.bottom, item.left, item.right) for item in view.table.selection_ranges()] == [
        (0, start.row(), first_column, start.column())
    ]


@pytest.mark.parametrize(
    ("filled", "start", "step", "expected"),
    [
        ([True, True, True, False, True], 0, 1, 2),  # inside a block: its last filled cell
        ([True, True, True, False, True], 2, 1, 4),  # at a block's end: the next filled cell
        ([True, False, False, False, False], 0, 1, 4),  # nothing filled ahead: the line's end
        ([False, False, True, True], 0, 1, 2),  # from an empty cell: the next filled one
        ([True, True, False, True], 3, -1, 1),
        ([True, True], 1, 1, 1),  # already at the end
    ],
)
def test_filled_edge_cases(filled: list[bool], start: int, step: int, expected: int) -> None:
    assert filled_edge(filled, start, step) == expected


def test_priority_read_in_either_gender(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    select_cell(view, 1, "priority")
    qtbot.keyClicks(view.table, "alta")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    select_cell(view, 2, "priority")
    qtbot.keyClicks(view.table, "medio")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert (stored(services, 1, "priority"), stored(services, 2, "priority")) == ("alto", "medio")
    assert (cell(view, 1, "priority").data(), cell(view, 2, "priority").data()) == ("Alta", "Média")


def test_ctrl_semicolon_writes_today(qtbot, services: AppServices) -> None:
    import datetime as dt

    view = open_sheet(qtbot, services)
    select_block(view, 1, "start_date", 2, 2)  # Início and Fim
    view.table.setFocus()

    qtbot.keyClick(view.table, Qt.Key.Key_Semicolon, CTRL)

    today = dt.date.today()
    written = [stored(services, number, name) for number in (1, 2) for name in ("start_date", "end_date")]
    if today.year == services.settings.plan_year:
        assert written == [today] * 4
        assert view.model.undo_stack.count() == 1
    else:  # a date outside the plan year is refused and marked, as a typed one would be
        assert today not in written
        assert cell(view, 1, "start_date").data(CELL_STATE_ROLE) == "rejected"


def test_alt_enter_breaks_line_in_cell(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    start = select_cell(view, 1, "notes")
    qtbot.keyClicks(view.table, "linha1")
    editor = view.table.indexWidget(start)
    assert isinstance(editor, QLineEdit)

    qtbot.keyClick(editor, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClicks(editor, "linha2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    assert stored(services, 1, "notes") == "linha1\nlinha2"
    assert view.table.currentIndex().row() == start.row() + 1


def test_undo_of_conflicted_cell_rejected(qtbot, services: AppServices) -> None:
    from planmp_desktop.contract.messages import MutationResult

    view = open_sheet(qtbot, services)
    assert view.model.setData(cell(view, 1, "responsible"), "Ana offline")
    [mutation] = services.store.pending_mutations(10)
    services.store.apply_push_results(
        [MutationResult(mutation_id=mutation.mutation_id, outcome="conflict", conflict_fields=["responsible"],
                        server_values={"responsible": "Carla online"})]
    )
    view.reload()  # what a finished sync does
    entries_before = outbox_count(services)
    status_texts: list[str] = []
    view.table.status_message.connect(status_texts.append)
    view.table.setFocus()

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)

    assert stored(services, 1, "responsible") == "Ana offline"
    assert outbox_count(services) == entries_before
    assert len(status_texts) == 1
    assert "em conflito com o servidor" in status_texts[0]


def test_ctrl_home_on_grouped_sheet_selects_first_row(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.model.set_grouping("unit")
    select_cell(view, 3, "responsible")

    qtbot.keyClick(view.table, Qt.Key.Key_Home, CTRL)

    current = view.table.currentIndex()
    assert (current.row(), current.column()) == (1, view.table.shown_columns()[0])
    assert not view.model.is_group_header(current.row())
    assert view.table.selection_ranges()
