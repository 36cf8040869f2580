"""A 10,000 x 10 paste: one undo step, one transaction, one outbox entry per row."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from planmp_desktop.contract.schema import MONTHS
from planmp_desktop.services import AppServices

from .sheet_support import filled_store, open_sheet, outbox_count, outbox_rows, select_cell
from .store_fill import bulk_item_id

CTRL = Qt.KeyboardModifier.ControlModifier
ROWS = 10_000
PASTED_MONTHS = MONTHS[:10]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=ROWS)


def _month_sums(services: AppServices) -> list[int]:
    columns = ", ".join(f'SUM("{name}")' for name in PASTED_MONTHS)
    record = services.store.connection.execute(f"SELECT {columns} FROM plan_item WHERE code LIKE 'LOTE-%'").fetchone()
    return list(record)


def test_paste_10000_by_10_is_one_undo_step(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    sums_before = _month_sums(services)
    line = "\t".join(f"{month},25" for month in range(1, 11))
    QGuiApplication.clipboard().setText((line + "\r\n") * ROWS)
    changes: list[object] = []
    view.model.dataChanged.connect(lambda *args: changes.append(args))
    select_cell(view, 1, "month_01")

    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    assert _month_sums(services) == [(month * 100 + 25) * ROWS for month in range(1, 11)]
    assert outbox_count(services) == ROWS
    assert outbox_rows(services) == {bulk_item_id(number) for number in range(1, ROWS + 1)}
    assert view.model.undo_stack.count() == 1
    assert len(changes) == 1
    assert view.model.index(view.model.position_of(bulk_item_id(ROWS)), view.model.column_of("month_10")).data() == "10,25"

    qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)

    assert _month_sums(services) == sums_before
    assert view.model.undo_stack.index() == 0
    restored = services.store.fetch_row("plan_item", bulk_item_id(ROWS))
    assert restored is not None
    assert restored["month_01"] != Decimal("1.25")
