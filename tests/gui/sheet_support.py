"""Helpers shared by the spreadsheet tests: a store with draft items, an open sheet and cell lookups."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex

from planmp_desktop.domain.codes import ItemKind
from planmp_desktop.domain.rollup import initiative_progress
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.services import AppServices
from planmp_desktop.store.local import LocalStore

from .store_fill import add_bulk_items, bulk_item_id, fill_store


def filled_store(path: Path, bulk_count: int) -> Path:
    """Fill a store at ``path`` with the reference plan plus ``bulk_count`` draft items and return the path."""
    store = LocalStore(path)
    try:
        fill_store(store)
        add_bulk_items(store, bulk_count)
    finally:
        store.close()
    return path


def open_sheet(qtbot: Any, services: AppServices) -> SheetView:
    view = SheetView(services)
    qtbot.addWidget(view)
    view.resize(1200, 700)
    view.show()
    qtbot.waitExposed(view)
    view.table.setFocus()
    return view


def cell(view: SheetView, number: int, field_name: str) -> QModelIndex:
    """Return the index of draft item ``number`` (1-based) in ``field_name``'s column."""
    position = view.model.position_of(bulk_item_id(number))
    assert position is not None
    return view.model.index(position, view.model.column_of(field_name))


def select_cell(view: SheetView, number: int, field_name: str) -> QModelIndex:
    index = cell(view, number, field_name)
    # Explicit flags: setCurrentIndex() reads the keyboard modifiers, which a Ctrl+key click can leave set.
    view.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    return index


def select_block(view: SheetView, number: int, field_name: str, rows: int, columns: int) -> None:
    """Select ``rows`` x ``columns`` cells whose top-left is draft item ``number`` in ``field_name``."""
    top_left = cell(view, number, field_name)
    bottom_right = view.model.index(top_left.row() + rows - 1, top_left.column() + columns - 1)
    view.table.selectionModel().setCurrentIndex(top_left, QItemSelectionModel.SelectionFlag.NoUpdate)
    view.table.selectionModel().select(
        QItemSelection(top_left, bottom_right), QItemSelectionModel.SelectionFlag.ClearAndSelect
    )


def stored(services: AppServices, number: int, field_name: str) -> Any:
    row = services.store.fetch_row("plan_item", bulk_item_id(number))
    assert row is not None
    return row[field_name]


def outbox_count(services: AppServices) -> int:
    return int(services.store.connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])


def outbox_rows(services: AppServices) -> set[uuid.UUID]:
    return {uuid.UUID(row_id) for (row_id,) in services.store.connection.execute("SELECT row_id FROM outbox")}


def shown_progress(items: list[dict[str, Any]]) -> dict[Any, Any]:
    """Return the progress each initiative with tasks shows, rolled up from its tasks, by initiative id."""
    tasks: dict[Any, list[dict[str, Any]]] = {}
    for item in items:
        if item["kind"] == ItemKind.TAREFA.value and item["parent_id"] is not None:
            tasks.setdefault(item["parent_id"], []).append(item)
    rolled_up = {}
    for parent_id, rows in tasks.items():
        progress = initiative_progress(rows)
        # As SQLite stores it: a REAL, read back through its shortest repr.
        rolled_up[parent_id] = None if progress is None else Decimal(repr(float(progress)))
    return rolled_up
