"""The sheet's first load: the first rows' ids before the first paint, the rest right after it."""

from __future__ import annotations

from pathlib import Path

import pytest

from planmp_desktop.gui.sheet_model import FIRST_IDS, PlanSheetModel
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.services import AppServices
from planmp_desktop.store.local import PLAN_ITEMS_WHERE, count_rows_sql

from .sheet_support import filled_store, open_sheet

BULK_ROWS = 3 * FIRST_IDS


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=BULK_ROWS)


def _ids_in_code_order(services: AppServices) -> list[str]:
    plan_id = str(services.plan_id())
    rows = services.store.connection.execute(
        "SELECT id FROM plan_item WHERE plan_id = ? ORDER BY code, id", (plan_id,)
    )
    return [row_id for (row_id,) in rows]


def test_first_load_counts_every_row(qapp, services: AppServices) -> None:
    model = PlanSheetModel(services)
    expected = _ids_in_code_order(services)

    assert model.rowCount() == len(expected)
    assert str(model.row_id(0)) == expected[0]


def test_first_load_takes_count_read_ahead(qapp, services: AppServices) -> None:
    plan_id = str(services.plan_id())
    count_sql = count_rows_sql("plan_item", PLAN_ITEMS_WHERE)
    services.store.read_ahead([(count_sql, [plan_id])])

    model = PlanSheetModel(services)

    assert model.rowCount() == len(_ids_in_code_order(services))
    assert services.store.take_read_ahead(count_sql, [plan_id]) is None


def test_far_row_reads_the_rest(qapp, services: AppServices) -> None:
    model = PlanSheetModel(services)
    expected = _ids_in_code_order(services)
    last = len(expected) - 1

    assert str(model.row_id(last)) == expected[last]
    assert model.position_of(expected[FIRST_IDS + 10]) == FIRST_IDS + 10
    assert model.row_ids_between(last - 2, last) == expected[-3:]


def test_rest_read_after_first_paint(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    expected = _ids_in_code_order(services)

    qtbot.waitUntil(lambda: view.model.row_ids_between(0, len(expected) - 1) == expected)
    assert view.totals.text_of(view.model.column_of("planned_total")) != ""


def test_sort_reads_every_id_at_once(qapp, services: AppServices) -> None:
    model = PlanSheetModel(services)
    model.sort(model.column_of("code"))

    assert model.row_ids_between(0, model.rowCount() - 1) == _ids_in_code_order(services)


def test_rows_changed_before_rest_read(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    counted = model.rowCount()
    services.store.connection.execute("DELETE FROM plan_item WHERE id = ?", (_ids_in_code_order(services)[-1],))

    model.complete_ids()

    assert model.rowCount() == counted
    qtbot.waitUntil(lambda: model.rowCount() == counted - 1)


def test_view_over_model_built_elsewhere(qtbot, services: AppServices) -> None:
    view = SheetView(services, model=PlanSheetModel(services))
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)

    qtbot.waitUntil(lambda: len(view.model.row_ids_between(0, view.model.rowCount() - 1)) == view.model.rowCount())
