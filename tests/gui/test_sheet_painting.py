"""What the item delegate paints: the model's roles, through its cached multiData path."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.services import AppServices

from .store_fill import plan_item_id

PAINTED_ROLES = {
    "text": Qt.ItemDataRole.DisplayRole,
    "background": Qt.ItemDataRole.BackgroundRole,
    "foreground": Qt.ItemDataRole.ForegroundRole,
    "decoration": Qt.ItemDataRole.DecorationRole,
    "font": Qt.ItemDataRole.FontRole,
}


class CapturingDelegate(QStyledItemDelegate):
    """Records, per painted cell, what initStyleOption fills in from the model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.painted: dict[tuple[int, int], dict[str, Any]] = {}

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        # A blank option, so everything in it comes from the model's multiData (as the C++ paint requests it).
        filled = QStyleOptionViewItem()
        self.initStyleOption(filled, index)
        brush = filled.backgroundBrush
        self.painted[(index.row(), index.column())] = {
            "text": filled.text,
            "background": None if brush.style() == Qt.BrushStyle.NoBrush else brush.color().name(),
            "decoration": not filled.icon.isNull(),
            "bold": filled.font.bold(),
        }
        super().paint(painter, option, index)


def _expected(index: QModelIndex) -> dict[str, Any]:
    background = index.data(PAINTED_ROLES["background"])
    font = index.data(PAINTED_ROLES["font"])
    return {
        "text": index.data(PAINTED_ROLES["text"]) or "",
        "background": None if background is None else background.color().name(),
        "decoration": index.data(PAINTED_ROLES["decoration"]) is not None,
        "bold": bool(font is not None and font.bold()),
    }


def _paint(view: SheetView) -> CapturingDelegate:
    """Paint both parts of the sheet now: the scrolling table and the frozen columns over it."""
    delegate = CapturingDelegate(view.table)
    for table in (view.table, view.table.frozen_table):
        table.setItemDelegate(delegate)
        table.viewport().grab()  # paints now; repaint() paints nothing on the offscreen platform here
    return delegate


def _assert_painted_as_data(view: SheetView, delegate: CapturingDelegate) -> None:
    assert delegate.painted
    for (row, column), painted in delegate.painted.items():
        assert painted == _expected(view.model.index(row, column)), (row, column)


def test_painted_cells_match_data(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)

    _assert_painted_as_data(view, _paint(view))


def test_paint_follows_edits_and_refusals(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    model = view.model
    _paint(view)
    position = model.position_of(plan_item_id(0))
    assert position is not None
    refused = model.index(position, model.column_of("planned_total"))
    edited = model.index(position, model.column_of("responsible"))

    assert not model.setData(refused, "12,3,4")
    assert model.setData(edited, "Título novo")
    view.resize(5000, 700)  # every column in view
    delegate = _paint(view)

    assert delegate.painted[(refused.row(), refused.column())]["text"] == "12,3,4"
    assert delegate.painted[(edited.row(), edited.column())]["text"] == "Título novo"
    assert delegate.painted[(edited.row(), edited.column())]["background"] is not None
    _assert_painted_as_data(view, delegate)


def test_group_headers_paint_bold_subtotals(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.model.set_grouping("unit")

    delegate = _paint(view)

    assert delegate.painted[(0, 0)]["bold"]
    _assert_painted_as_data(view, delegate)


def test_pending_insert_marks_every_cell(qtbot, services: AppServices) -> None:
    # A bulk import writes the insert's outbox entry without per-field pending marks.
    row_id = str(plan_item_id(3))
    services.store.connection.execute(
        'INSERT INTO outbox(mutation_id, entity, row_id, op, base, "values", created_at) '
        "VALUES (?, 'plan_item', ?, 'insert', '{}', '{}', '2026-12-04T00:00:00Z')",
        ("7f1c0000-0000-4000-8000-000000000003", row_id),
    )
    view = SheetView(services)
    qtbot.addWidget(view)
    model = view.model
    position = model.position_of(row_id)
    assert position is not None

    states = {model.index(position, column).data(CELL_STATE_ROLE) for column in range(model.columnCount())}

    assert states == {"pending"}
    assert model.marked_cells(position, position, [0])


def test_frozen_cells_painted_once(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    main, frozen = view.table, view.table.frozen_table
    main_delegate = CapturingDelegate(main)
    frozen_delegate = CapturingDelegate(frozen)
    main.setItemDelegate(main_delegate)
    frozen.setItemDelegate(frozen_delegate)

    main.viewport().grab()
    frozen.viewport().grab()

    assert {column for _row, column in frozen_delegate.painted} == set(main.frozen_columns)
    assert main_delegate.painted
    assert not {column for _row, column in main_delegate.painted} & main.frozen_columns
