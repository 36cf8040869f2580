"""Sorting and filtering in SQL stay right after pastes and after a sync brings new rows."""

from __future__ import annotations

import uuid
from decimal import Decimal
from pathlib import Path
import random

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from planmp_desktop.contract.messages import Change, PullResponse
from planmp_desktop.services import AppServices

from .sheet_support import filled_store, open_sheet, select_cell
from .store_fill import GENERATION_ID, bulk_item_id, plan_item_values

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=20)


def _shown_totals(services: AppServices, view) -> list[int | None]:
    totals = dict(services.store.connection.execute("SELECT id, planned_total FROM plan_item"))
    return [totals[str(view.model.row_id(position))] for position in range(view.model.rowCount())]


def test_money_sort_orders_by_value_not_text(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.model.set_filter_text("LOTE-00000")  # LOTE-000001 ... LOTE-000009
    QGuiApplication.clipboard().setText("9,00\r\n10,00\r\n1.000,00\r\n")
    select_cell(view, 1, "planned_total")
    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)

    view.table.horizontalHeader().setSortIndicator(view.model.column_of("planned_total"), Qt.SortOrder.AscendingOrder)

    positions = [view.model.position_of(bulk_item_id(number)) for number in (1, 2, 3)]
    assert [view.model.index(p, view.model.column_of("planned_total")).data() for p in positions] == [
        "9,00", "10,00", "1.000,00"
    ]
    assert positions == sorted(positions)  # as text, "1.000,00" < "10,00" < "9,00"
    totals = _shown_totals(services, view)
    assert totals == sorted(totals)


def test_sort_and_filter_hold_after_edit_and_pull(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    column = view.model.column_of("planned_total")
    view.filter_edit.setText("lote")
    view._apply_filter()
    view.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.DescendingOrder)
    assert view.model.rowCount() == 20

    QGuiApplication.clipboard().setText("99.999.999,99\r\n")
    select_cell(view, 7, "planned_total")
    qtbot.keyClick(view.table, Qt.Key.Key_V, CTRL)
    view.reload()  # what the main window does after a sync

    assert view.model.row_id(0) == bulk_item_id(7)
    totals = _shown_totals(services, view)
    assert totals == sorted(totals, reverse=True)

    new_ids = [uuid.UUID(int=0xBE000000_0000_4000_8000_000000000000 + number) for number in range(3)]
    changes = []
    for number, row_id in enumerate(new_ids):
        values = plan_item_values(number, random.Random(number))
        values.update(id=str(row_id), code=f"LOTE-9{number:05d}", title=f"Novo lote {number}",
                      planned_total=f"{5_000 + number * 1_000_000}.00")
        changes.append(Change(seq=number + 1, entity="plan_item", row_id=row_id, values=values))
    other = uuid.UUID(int=0xBE000000_0000_4000_8000_0000000000FF)
    other_values = plan_item_values(9, random.Random(9))
    other_values.update(id=str(other), code="INI-900", planned_total="88888888.00")
    changes.append(Change(seq=4, entity="plan_item", row_id=other, values=other_values))
    services.store.apply_pull_page(PullResponse(generation_id=GENERATION_ID, changes=changes, cursor=10_000,
                                                has_more=False))
    view.reload()

    assert view.model.rowCount() == 23
    assert view.model.position_of(other) is None  # the filter "lote" does not match INI-900
    totals = _shown_totals(services, view)
    assert totals == sorted(totals, reverse=True)
    assert view.model.row_id(0) == bulk_item_id(7)
    assert view.model.position_of(new_ids[2]) == 1  # 2.005.000,00 is the second largest
    assert view.table.horizontalHeader().sortIndicatorSection() == column
    assert services.store.fetch_row("plan_item", bulk_item_id(7))["planned_total"] == Decimal("99999999.99")


def test_choice_column_sorts_in_list_order(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    column = view.model.column_of("priority")

    view.table.horizontalHeader().setSortIndicator(column, Qt.SortOrder.AscendingOrder)

    texts = [view.model.index(position, column).data() for position in range(view.model.rowCount())]
    filled = [text for text in texts if text]
    rank = {"Baixa": 0, "Média": 1, "Alta": 2}
    assert len(set(filled)) > 1
    assert [rank[text] for text in filled] == sorted(rank[text] for text in filled)
    assert not any(texts[len(filled):])  # empty cells last
