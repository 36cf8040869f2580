"""Grouping the plan sheet by unit, objective or strategic action: header rows, subtotals, edits, sort and paste."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication

from planmp_desktop.domain.money import format_money
from planmp_desktop.gui import sheet_totals
from planmp_desktop.gui.main_window import MainWindow
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.services import AppServices
from planmp_desktop.store.local import LocalStore

from .sheet_support import filled_store, open_sheet
from .store_fill import PLAN_ID, UNITS, bulk_item_id, plan_item_id

UNIT_NAMES = {str(unit["id"]): unit["name"] for unit in UNITS}
OBJECTIVE_ID = uuid.UUID("0b000000-0000-4000-8000-000000000001")
PERSPECTIVE_ID = uuid.UUID("0b000000-0000-4000-8000-000000000002")
ACTION_IDS = [uuid.UUID(f"0b000000-0000-4000-8000-00000000001{number}") for number in range(2)]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """The reference plan plus 30 draft items of Vila Velha, and strategic actions on some initiatives."""
    path = filled_store(tmp_path / "local.sqlite3", 30)
    store = LocalStore(path)
    try:
        with store.transaction() as connection:
            connection.execute(
                "INSERT INTO objective (id, perspective_id, code, name) VALUES (?, ?, 'OE-01', 'Ampliar a resolutividade')",
                (str(OBJECTIVE_ID), str(PERSPECTIVE_ID)),
            )
            for number, action_id in enumerate(ACTION_IDS):
                connection.execute(
                    "INSERT INTO strategic_action (id, objective_id, code, name) VALUES (?, ?, ?, ?)",
                    (str(action_id), str(OBJECTIVE_ID), f"AE-0{number + 1}", f"Ação estratégica {number + 1}"),
                )
            # Initiatives INI-001..INI-004 (items 0, 5, 10, 15) take actions 1, 2, 1, 2; their tasks inherit them.
            for number in range(4):
                connection.execute(
                    "UPDATE plan_item SET strategic_action_id = ? WHERE id = ?",
                    (str(ACTION_IDS[number % 2]), str(plan_item_id(number * 5))),
                )
    finally:
        store.close()
    return path


def sql_unit_sums(services: AppServices) -> dict[str, tuple[int, Decimal]]:
    """Return row count and planned total per unit name, read with plain SQL."""
    rows = services.store.connection.execute(
        "SELECT unit_id, COUNT(*), SUM(planned_total) FROM plan_item WHERE plan_id = ? GROUP BY unit_id",
        (str(PLAN_ID),),
    )
    return {UNIT_NAMES[unit_id]: (count, Decimal(total) / 100) for unit_id, count, total in rows}


def headers(view: SheetView) -> list[tuple[int, Any]]:
    return [(position, view.model.group_header(position)) for position in view.model.group_header_positions()]


def rows_of_group(view: SheetView, header_position: int) -> list[int]:
    model = view.model
    positions = []
    position = header_position + 1
    while position < model.rowCount() and not model.is_group_header(position):
        positions.append(position)
        position += 1
    return positions


def test_grouping_by_unit_shows_headers(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    item_count = view.model.rowCount()

    view.set_grouping("unit")

    found = headers(view)
    expected = sql_unit_sums(services)
    assert [header.label for _position, header in found] == sorted(expected)
    assert view.model.rowCount() == item_count + len(expected)
    assert view.count_label.text() == f"{item_count} itens"
    assert found[0][0] == 0
    unit_column = view.model.column_of("unit_id")
    for position, header in found:
        members = rows_of_group(view, position)
        assert len(members) == header.count
        assert {view.model.index(member, unit_column).data() for member in members} == {header.label}
        assert view.model.index(position, 0).data() == f"▾ {header.count} itens · {header.label}"


def test_subtotals_equal_sql_sums(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    planned = view.model.column_of("planned_total")

    expected = sql_unit_sums(services)
    for position, header in headers(view):
        count, total = expected[header.label]
        assert header.count == count
        assert header.sums[planned] == total
        assert view.model.index(position, planned).data() == format_money(total)


def test_header_rows_read_only(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    [(position, header), *_] = headers(view)
    planned = view.model.index(position, view.model.column_of("planned_total"))

    assert planned.flags() == Qt.ItemFlag.ItemIsEnabled
    assert not view.model.setData(planned, "1,00")
    assert view.model.group_header(position).sums == header.sums
    assert view.table.selectionModel().isSelected(planned) is False


def test_edit_updates_subtotal(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    planned = model.column_of("planned_total")
    item = model.position_of(bulk_item_id(3))
    header_position = max(position for position in model.group_header_positions() if position < item)
    before = model.group_header(header_position).sums[planned]
    old_value = model.cell_value(item, planned)

    assert model.setData(model.index(item, planned), "1.000,00")

    after = model.group_header(header_position).sums[planned]
    assert after == before - old_value + Decimal("1000.00")
    assert model.index(header_position, planned).data() == format_money(after)
    assert view.totals.text_of(planned) != ""

    model.undo_stack.undo()
    assert model.group_header(header_position).sums[planned] == before


def test_paste_keeps_subtotals_equal_sql(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    planned = model.column_of("planned_total")
    start = model.index(model.position_of(bulk_item_id(1)), planned)
    view.table.selectionModel().setCurrentIndex(start, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QGuiApplication.clipboard().setText("1.000,00\r\n2.000,50\r\n\r\n3,33\r\n")

    result = view.table.paste()
    assert result is not None
    assert result.changed == 4

    by_label = {subtotals.label: subtotals for subtotals in model.group_subtotals().values()}
    for _position, header in headers(view):
        assert header.sums == by_label[header.label].sums
    model.undo_stack.undo()
    by_label = {subtotals.label: subtotals for subtotals in model.group_subtotals().values()}
    for _position, header in headers(view):
        assert header.sums == by_label[header.label].sums


def test_sort_inside_groups(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    planned = view.model.column_of("planned_total")
    labels_before = [header.label for _position, header in headers(view)]

    view.model.sort(planned, Qt.SortOrder.DescendingOrder)

    assert [header.label for _position, header in headers(view)] == labels_before
    for position, _header in headers(view):
        values = [view.model.cell_value(member, planned) for member in rows_of_group(view, position)]
        assert values == sorted(values, reverse=True)


def test_filter_inside_groups(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")

    view.model.set_filter_text("LOTE-")

    [(position, header)] = headers(view)
    assert position == 0
    assert header.label == "Promotoria de Justiça de Vila Velha"
    assert header.count == 30
    assert view.model.rowCount() == 31
    planned = view.model.column_of("planned_total")
    total = sum((view.model.cell_value(member, planned) for member in range(1, 31)), Decimal(0))
    assert header.sums[planned] == total


def test_paste_skips_header_rows(qtbot, make_services) -> None:
    services = make_services("Planejamento")  # edits notes of every unit
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    notes = model.column_of("notes")
    [(_first, _), (second, second_header), *_] = headers(view)
    last_of_first = second - 1
    header_text = model.index(second, 0).data()

    model_index = model.index(last_of_first, notes)
    view.table.selectionModel().setCurrentIndex(model_index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QGuiApplication.clipboard().setText("Nota A\r\nNota B\r\n")
    result = view.table.paste()

    assert result is not None
    assert result.changed == 2
    assert model.cell_text(last_of_first, notes) == "Nota A"
    assert model.cell_text(second + 1, notes) == "Nota B"
    assert model.index(second, notes).data() == ""
    assert model.index(second, 0).data() == header_text
    assert model.group_header(second).count == second_header.count


def test_fill_and_clear_skip_header_rows(qtbot, make_services) -> None:
    services = make_services("Planejamento")
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    notes = model.column_of("notes")
    [(_first, _), (second, _), *_] = headers(view)
    top, bottom = model.index(second - 2, notes), model.index(second + 2, notes)
    selection = view.table.selectionModel()
    selection.setCurrentIndex(top, QItemSelectionModel.SelectionFlag.NoUpdate)
    selection.select(QItemSelection(top, bottom), QItemSelectionModel.SelectionFlag.ClearAndSelect)
    assert model.setData(top, "Texto de cima")

    filled = view.table.fill_down()

    assert filled.changed == 3
    assert filled.read_only == 0
    for position in (second - 1, second + 1, second + 2):
        assert model.cell_text(position, notes) == "Texto de cima"

    cleared = view.table.clear_selection()
    assert cleared.changed == 4
    assert cleared.read_only == 0
    assert model.index(second, 0).data().endswith(model.group_header(second).label)


def test_selection_sum_excludes_headers(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    planned = model.column_of("planned_total")
    total = sum(total for _count, total in sql_unit_sums(services).values())
    selection = view.table.selectionModel()

    # The whole column: summed in SQL over the filter's rows.
    selection.select(
        QItemSelection(model.index(0, planned), model.index(model.rowCount() - 1, planned)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    summary = view.table.selection_summary()
    assert summary.total == total
    assert summary.count == model.rowCount() - len(model.group_header_positions())

    # A short range across a header: summed from the cached rows.
    [(_first, _), (second, _), *_] = headers(view)
    selection.select(
        QItemSelection(model.index(second - 2, planned), model.index(second + 2, planned)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )
    expected = sum((model.cell_value(position, planned) for position in (second - 2, second - 1, second + 1, second + 2)), Decimal(0))
    summary = view.table.selection_summary()
    assert summary.count == 4
    assert summary.total == expected


def test_grouping_by_strategic_action_and_objective(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)

    view.set_grouping("strategic_action")
    labels = [header.label for _position, header in headers(view)]
    counts = [header.count for _position, header in headers(view)]
    assert labels == ["AE-01 – Ação estratégica 1", "AE-02 – Ação estratégica 2", "(sem ação estratégica)"]
    assert counts[:2] == [10, 10]  # two initiatives with four tasks each

    view.set_grouping("objective")
    labels = [header.label for _position, header in headers(view)]
    counts = [header.count for _position, header in headers(view)]
    assert labels == ["OE-01 – Ampliar a resolutividade", "(sem objetivo estratégico)"]
    assert counts[0] == 20
    assert sum(counts) == view.model.rowCount() - 2

    view.set_grouping(None)
    assert view.model.group_header_positions() == []
    assert view.group_combo.currentData() is None


def test_saved_view_remembers_grouping(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    view.save_view("Por unidade")
    view.apply_view(None)
    assert view.model.grouping is None

    view.apply_view("Por unidade")

    assert view.model.grouping == "unit"
    assert view.group_combo.currentData() == "unit"
    reopened = open_sheet(qtbot, services)
    assert reopened.model.grouping == "unit"


def test_view_menu_groups_plan_sheet(qtbot, services: AppServices) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)

    window.grouping_actions["strategic_action"].trigger()

    assert window.sheet.model.grouping == "strategic_action"
    assert window.sheet.group_combo.currentData() == "strategic_action"
    window.grouping_actions[None].trigger()
    assert window.sheet.model.grouping is None


def test_find_skips_header_rows(qtbot, services: AppServices) -> None:
    from planmp_desktop.gui.sheet_find import FindOptions

    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    view.table.selectionModel().setCurrentIndex(view.model.index(1, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    view.table.find_next(FindOptions("Promotoria de Justiça de Colatina"))

    current = view.table.currentIndex()
    assert not view.model.is_group_header(current.row())
    assert current.column() == view.model.column_of("unit_id")


def test_collapse_hides_rows_keeps_subtotals(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    [(first, first_header), (second, second_header), *_] = headers(view)
    rows_before = model.rowCount()
    view.table.setCurrentIndex(model.index(first, 0))

    qtbot.keyClick(view.table, Qt.Key.Key_Space)

    assert model.rowCount() == rows_before - first_header.count
    assert view.count_label.text() == f"{rows_before - len(headers(view))} itens"  # hidden rows still count
    assert model.is_group_collapsed(first)
    assert model.index(first, 0).data().startswith("▸ ")
    assert model.is_group_header(first + 1)  # the next group's header follows at once
    assert model.group_header(first + 1).sums == second_header.sums
    assert view.table.currentIndex().row() == first

    qtbot.mouseDClick(
        view.table.viewport(), Qt.MouseButton.LeftButton, pos=view.table.visualRect(model.index(first, 3)).center()
    )
    assert model.rowCount() == rows_before
    assert not model.is_group_collapsed(first)
    assert model.index(second, 0).data().startswith("▾ ")


def test_collapse_all_then_undo_updates_subtotal(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    planned = model.column_of("planned_total")
    item = model.position_of(bulk_item_id(3))
    assert model.setData(model.index(item, planned), "1.000,00")

    model.set_groups_collapsed(True)
    assert model.rowCount() == len(model.group_header_positions())
    model.undo_stack.undo()

    by_label = {subtotals.label: subtotals for subtotals in model.group_subtotals().values()}
    for _position, header in headers(view):
        assert header.sums == by_label[header.label].sums
    model.set_groups_collapsed(False)
    assert model.position_of(bulk_item_id(3)) is not None


def test_selection_sum_skips_collapsed_rows(qtbot, services: AppServices, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet_totals, "CACHED_RANGE_ROWS", 0)  # sum in SQL, as for a large sheet
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    planned = model.column_of("planned_total")
    [(first, _first_header), *_] = headers(view)
    view.table.setCurrentIndex(model.index(first, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Space)

    view.table.selectColumn(planned)
    totals = view.table.selection_summary()

    visible_values = [
        model.cell_value(position, planned)
        for position in range(model.rowCount())
        if not model.is_group_header(position) and model.cell_value(position, planned) is not None
    ]
    assert totals.numeric_count == len(visible_values)
    assert totals.total == sum(visible_values, Decimal(0))


def test_filter_expands_collapsed_groups(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.set_grouping("unit")
    model = view.model
    model.set_groups_collapsed(True)
    assert model.rowCount() == len(model.group_header_positions())

    model.set_filter_text("LOTE-0000")

    assert not model.has_collapsed_groups
    assert model.rowCount() > len(model.group_header_positions())
