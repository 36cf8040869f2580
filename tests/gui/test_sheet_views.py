"""Frozen columns, column chooser, saved views and the totals row of the planning sheet."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from planmp_desktop.domain.money import format_money
from planmp_desktop.gui import sheet_views
from planmp_desktop.gui.sheet_columns import SHEET_COLUMNS
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.gui.sheet_views import EDGE_WIDTH, views_path
from planmp_desktop.services import AppServices

from .sheet_support import cell, filled_store, open_sheet, select_block, select_cell, stored


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=20)


@pytest.fixture(autouse=True)
def data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("PLANMP_HOME", str(folder))
    return folder


def _chooser_action(view: SheetView, field_name: str):  # type: ignore[no-untyped-def]
    label = SHEET_COLUMNS[view.model.column_of(field_name)].label
    for action in view.column_menu().actions():
        if action.text() == label:
            return action
    raise AssertionError(f"no chooser entry for {field_name}")


def test_frozen_part_follows_vertical_scroll(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    frozen = view.frozen.table

    shown = [column.name for number, column in enumerate(SHEET_COLUMNS) if not frozen.isColumnHidden(number)]
    assert shown == ["code", "title"]
    assert frozen.selectionModel() is view.table.selectionModel()
    assert frozen.isVisible()
    assert frozen.width() == view.table.columnWidth(0) + view.table.columnWidth(1) + EDGE_WIDTH

    view.table.verticalScrollBar().setValue(40)
    assert frozen.verticalScrollBar().value() == 40
    assert frozen.rowAt(0) == view.table.rowAt(0)

    view.table.horizontalScrollBar().setValue(600)
    assert frozen.columnViewportPosition(0) == 0


def test_hidden_column_stays_hidden_after_reload_and_restart(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    responsible = view.model.column_of("responsible")

    _chooser_action(view, "responsible").trigger()
    assert view.table.isColumnHidden(responsible)
    assert not _chooser_action(view, "responsible").isChecked()
    assert not _chooser_action(view, "code").isEnabled()

    view.reload()
    assert view.table.isColumnHidden(responsible)

    reopened = open_sheet(qtbot, services)
    assert reopened.table.isColumnHidden(responsible)
    assert not reopened.table.isColumnHidden(view.model.column_of("code"))

    _chooser_action(reopened, "responsible").trigger()
    assert not reopened.table.isColumnHidden(responsible)


def test_saved_view_restores_columns_widths_sort_and_filter(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    notes = view.model.column_of("notes")
    planned = view.model.column_of("planned_total")
    opening_width = view.table.columnWidth(planned)
    view.set_column_visible("notes", False)
    view.table.setColumnWidth(planned, 171)
    view.table.horizontalHeader().setSortIndicator(planned, Qt.SortOrder.DescendingOrder)
    view.filter_edit.setText("LOTE")
    view.save_view("Execução em lote")

    view.apply_view(None)
    assert not view.table.isColumnHidden(notes)
    assert view.table.columnWidth(planned) == opening_width
    assert view.model.filter_text == ""
    assert view.table.horizontalHeader().sortIndicatorSection() == view.model.column_of("code")

    view.apply_view("Execução em lote")
    assert view.table.isColumnHidden(notes)
    assert view.table.columnWidth(planned) == 171
    assert view.model.filter_text == "LOTE"
    assert view.model.rowCount() == 20
    amounts = [view.model.cell_value(position, planned) for position in range(view.model.rowCount())]
    assert amounts == sorted(amounts, reverse=True)

    saved = json.loads(views_path(services.user.oid).read_text(encoding="utf-8"))
    assert saved["last_view"] == "Execução em lote"
    assert saved["views"]["Execução em lote"]["sort_order"] == "desc"

    reopened = open_sheet(qtbot, services)
    assert reopened.view_combo.currentText() == "Execução em lote"
    assert reopened.model.filter_text == "LOTE"
    assert reopened.table.columnWidth(planned) == 171

    reopened.delete_view("Execução em lote")
    assert reopened.view_combo.findData("Execução em lote") < 0


def test_saved_view_keeps_column_order(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    header = view.table.horizontalHeader()
    responsible = view.model.column_of("responsible")
    header.moveSection(header.visualIndex(responsible), 2)
    view.save_view("Responsável antes")

    view.apply_view(None)
    assert header.visualIndex(responsible) == responsible
    view.apply_view("Responsável antes")
    assert header.visualIndex(responsible) == 2

    reopened = open_sheet(qtbot, services)
    assert reopened.view_combo.currentText() == "Responsável antes"
    assert reopened.table.horizontalHeader().visualIndex(responsible) == 2
    assert reopened.table.horizontalHeader().visualIndex(view.model.column_of("code")) == 0


def test_unwritable_views_folder_saves_nothing(
    qtbot, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = open_sheet(qtbot, services)
    messages: list[str] = []
    view.status_message.connect(messages.append)

    def write_denied(_self: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(sheet_views.ViewStore, "write", write_denied)
    view.save_view("Nova visão")

    assert view.view_combo.findData("Nova visão") < 0
    assert "Nova visão" not in view.views.content.views
    assert len(messages) == 1
    assert "Não foi possível salvar as visões" in messages[0]
    assert "sem permissão de acesso" in messages[0]


def test_deleted_view_leaves_no_view_chosen(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.save_view("Agrupada")

    view.delete_view("Agrupada")

    assert view.view_combo.currentIndex() == -1
    assert view.view_combo.currentText() == ""
    assert not view.delete_button.isEnabled()


def test_totals_match_filtered_sums(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.filter_edit.setText("INI-01")
    view.filter_edit.returnPressed.emit()
    model = view.model
    assert 0 < model.rowCount() < 300

    for field_name in ("planned_total", "month_01", "empenhado", "liquidado", "pago"):
        number = model.column_of(field_name)
        expected = sum((model.cell_value(position, number) or Decimal(0) for position in range(model.rowCount())), Decimal(0))
        assert view.totals.text_of(number) == format_money(expected)
    assert view.totals.text_of(model.column_of("title")) == ""

    view.filter_edit.setText("LOTE-000001")
    view.filter_edit.returnPressed.emit()
    planned = model.column_of("planned_total")
    before = stored(services, 1, "planned_total")
    assert view.totals.text_of(planned) == format_money(before)

    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(model.index(0, planned), "1.000,00")
    qtbot.waitUntil(lambda: view.totals.text_of(planned) == "1.000,00")


def test_totals_summed_only_when_data_changes(
    qtbot, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = open_sheet(qtbot, services)
    model = view.model
    planned = model.column_of("planned_total")
    before = view.totals.text_of(planned)
    sums = 0
    summed = sheet_views.column_totals

    def counted(sheet_model):  # type: ignore[no-untyped-def]
        nonlocal sums
        sums += 1
        return summed(sheet_model)

    monkeypatch.setattr(sheet_views, "column_totals", counted)
    model.sort(planned, Qt.SortOrder.DescendingOrder)
    model.set_grouping("unit")
    assert sums == 0
    assert view.totals.text_of(planned) == before

    # A sync or an import writes behind the sheet's back, then reloads it.
    services.store.connection.execute("UPDATE plan_item SET planned_total = planned_total + 100")
    model.reload()
    assert sums == 1
    assert view.totals.text_of(planned) == format_money(
        Decimal(services.store.connection.execute("SELECT SUM(planned_total) FROM plan_item").fetchone()[0]).scaleb(-2)
    )


def test_keyboard_moves_from_frozen_cell_into_scrolling_part(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    frozen = view.frozen.table
    start = select_cell(view, 1, "code")
    frozen.setFocus()

    qtbot.keyClick(frozen, Qt.Key.Key_Tab)
    assert view.table.currentIndex().column() == view.model.column_of("title")
    qtbot.keyClick(frozen, Qt.Key.Key_Right)
    assert view.table.currentIndex().column() == view.model.column_of("kind")
    assert view.table.currentIndex().row() == start.row()
    assert view.focusWidget() is view.table
    assert view.table.visualRect(view.table.currentIndex()).left() >= view.table.covered_width

    qtbot.keyClick(view.table, Qt.Key.Key_Left)
    assert view.table.currentIndex().column() == view.model.column_of("title")
    assert view.focusWidget() is frozen

    qtbot.keyClicks(frozen, "Titulo novo")
    assert frozen.state() == QAbstractItemView.State.EditingState
    editor = frozen.indexWidget(frozen.currentIndex())
    assert editor is not None
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored(services, 1, "title") == "Titulo novo"
    assert view.table.currentIndex().row() == start.row() + 1


def test_paste_at_frozen_cell_continues_right(qtbot, services: AppServices) -> None:
    from PySide6.QtGui import QGuiApplication

    view = open_sheet(qtbot, services)
    frozen = view.frozen.table
    index = select_cell(view, 1, "title")
    beside = view.model.cell_text(index.row(), index.column() + 1)
    QGuiApplication.clipboard().setText(f"Título colado\t{beside}\r\n")

    with qtbot.waitSignal(view.table.status_message) as message:
        result = frozen.paste()

    assert result is not None
    assert stored(services, 1, "title") == "Título colado"
    assert result.changed == 1
    assert result.unchanged + result.read_only == 1
    assert "fora da planilha" not in message.args[0]


def test_views_saved_in_home_folder(qtbot, services: AppServices, tmp_path: Path) -> None:
    services.home = tmp_path / "pasta-do-planmp"
    view = open_sheet(qtbot, services)
    view.save_view("Minha visão")

    saved = views_path(services.user.oid, folder=services.home)
    assert json.loads(saved.read_text(encoding="utf-8"))["last_view"] == "Minha visão"
    assert not views_path(services.user.oid).exists()


@pytest.mark.parametrize("step", [7, -7])
def test_scroll_step_snaps_to_column(qtbot, services: AppServices, step: int) -> None:
    view = open_sheet(qtbot, services)
    table = view.table
    header = table.horizontalHeader()
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)

    bar.setValue(bar.value() + step)  # a small step, as an arrow or a drag makes

    beside = header.logicalIndexAt(table.covered_width)
    assert header.sectionViewportPosition(beside) == table.covered_width


def test_scroll_end_snaps_to_column(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    table = view.table
    header = table.horizontalHeader()
    bar = table.horizontalScrollBar()

    for value in (bar.maximum(), bar.maximum() - 3):
        bar.setValue(0)
        bar.setValue(value)
        beside = header.logicalIndexAt(table.covered_width)
        assert beside < 0 or header.sectionViewportPosition(beside) == table.covered_width


def test_moved_column_snaps_beside_frozen_part(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    table = view.table
    header = table.horizontalHeader()
    bar = table.horizontalScrollBar()
    bar.setValue(bar.maximum() // 2)
    beside = header.logicalIndexAt(table.covered_width)

    # A wider column moved into the place of the one beside the frozen part ends half under it.
    header.moveSection(header.visualIndex(view.model.column_of("title")) + 8, header.visualIndex(beside))

    now_beside = header.logicalIndexAt(table.covered_width)
    assert header.sectionViewportPosition(now_beside) == table.covered_width


def test_frozen_keys_act_on_selection(qtbot, services: AppServices) -> None:
    from PySide6.QtGui import QGuiApplication

    view = open_sheet(qtbot, services)
    frozen = view.frozen.table
    columns = view.table.shown_columns()
    width = columns.index(view.model.column_of("responsible")) - columns.index(view.model.column_of("title")) + 1
    select_block(view, 1, "title", 2, width)  # from Título, a frozen column, to Responsável
    frozen.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is frozen)

    qtbot.keyClick(frozen, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text().split("\r\n")
    assert len(copied[0].split("\t")) == width

    qtbot.keyClick(frozen, Qt.Key.Key_Delete)
    assert stored(services, 1, "responsible") in (None, "")


def test_drag_from_frozen_part_extends_right(qtbot, services: AppServices) -> None:
    from PySide6.QtCore import QEvent, QPointF
    from PySide6.QtGui import QMouseEvent

    view = open_sheet(qtbot, services)
    frozen = view.frozen.table
    start = cell(view, 1, "title")
    target = view.model.index(start.row() + 2, view.model.column_of("responsible"))
    view.table.scrollTo(start)
    qtbot.waitUntil(lambda: frozen.visualRect(start).top() >= 0)
    press_at = frozen.visualRect(start).center()
    # The pointer over the target cell, in the frozen part's viewport coordinates.
    target_at = frozen.viewport().mapFromGlobal(view.table.viewport().mapToGlobal(view.table.visualRect(target).center()))

    qtbot.mousePress(frozen.viewport(), Qt.MouseButton.LeftButton, pos=press_at)
    move = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(target_at), QPointF(frozen.viewport().mapToGlobal(target_at)),
        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(frozen.viewport(), move)
    qtbot.mouseRelease(frozen.viewport(), Qt.MouseButton.LeftButton, pos=target_at)

    ranges = view.table.selection_ranges()
    assert [(item.top, item.bottom, item.left, item.right) for item in ranges] == [
        (start.row(), target.row(), start.column(), target.column())
    ]
    assert view.table.currentIndex() == target


def test_default_view_restores_opening_widths(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    opening = [view.table.columnWidth(number) for number in range(view.model.columnCount())]
    progress = view.model.column_of("progress")
    view.table.setColumnWidth(progress, 40)

    view.apply_view(None)

    assert [view.table.columnWidth(number) for number in range(view.model.columnCount())] == opening


def test_drag_past_right_edge_reaches_last_column(qtbot, services: AppServices) -> None:
    from PySide6.QtCore import QEvent, QPoint, QPointF
    from PySide6.QtGui import QMouseEvent

    view = open_sheet(qtbot, services)
    frozen, main = view.frozen.table, view.table
    start = view.model.index(2, view.model.column_of("title"))
    bar = main.horizontalScrollBar()
    bar.setValue(bar.maximum())
    press_at = frozen.visualRect(start).center()
    beyond = main.viewport().mapToGlobal(QPoint(main.viewport().width() + 40, press_at.y()))
    beyond_at = frozen.viewport().mapFromGlobal(beyond)

    qtbot.mousePress(frozen.viewport(), Qt.MouseButton.LeftButton, pos=press_at)
    move = QMouseEvent(
        QEvent.Type.MouseMove, QPointF(beyond_at), QPointF(beyond),
        Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(frozen.viewport(), move)

    [selected] = main.selection_ranges()
    assert selected.right == main.shown_columns()[-1]
