"""Selection totals over 100,000 rows, computed from the selection's ranges."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt

from planmp_desktop.gui.sheet_columns import SHEET_COLUMNS
from planmp_desktop.services import AppServices

from .sheet_support import filled_store, open_sheet

CTRL = Qt.KeyboardModifier.ControlModifier
ROWS = 100_000


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=ROWS)


def test_ctrl_a_sum_matches_sql_over_100000_rows(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    connection = services.store.connection
    view.table.setCurrentIndex(view.model.index(0, 0))

    qtbot.keyClick(view.table, Qt.Key.Key_A, CTRL)
    totals = view.table.selection_summary()
    view.update_selection_summary()

    assert len(view.table.selectionModel().selection()) == 1
    assert view.model.rowCount() == ROWS + 300
    money = [column.name for column in SHEET_COLUMNS if column.kind.value == "money"]
    decimals = [column.name for column in SHEET_COLUMNS if column.kind.value == "decimal"]
    cents = connection.execute(f"SELECT {' + '.join(f'TOTAL({name})' for name in money)} FROM plan_item").fetchone()[0]
    reals = [connection.execute(f"SELECT TOTAL({name}) FROM plan_item").fetchone()[0] for name in decimals]
    expected = Decimal(int(cents)).scaleb(-2) + sum(Decimal(repr(value)) for value in reals)
    assert totals.total == expected
    numeric_cells = connection.execute(
        f"SELECT {' + '.join(f'COUNT({name})' for name in money + decimals)} FROM plan_item"
    ).fetchone()[0]
    assert totals.numeric_count == numeric_cells
    assert totals.cells == (ROWS + 300) * len(SHEET_COLUMNS)
    assert view.selection_label.text().startswith("Contagem: ")
    assert "Soma: " in view.selection_label.text()


def test_ctrl_a_header_repaint_stays_cheap(
    qtbot, services: AppServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = open_sheet(qtbot, services)
    view.table.setCurrentIndex(view.model.index(0, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_A, CTRL)
    calls = 0
    row_of = view.model._row

    def counted_row(position: int) -> object:
        nonlocal calls
        calls += 1
        return row_of(position)

    # Patching flags() on the model does not reach Qt's calls, but each of them reads its row here.
    monkeypatch.setattr(view.model, "_row", counted_row)
    for table in (view.table, view.frozen.table):
        table.grab()  # paints the table and both of its headers at once

    # At most 40 rows show, each cell read a few times; Qt's column header once read every row of
    # each shown column, 1.5 million reads here.
    assert 0 < calls < 10 * 40 * len(SHEET_COLUMNS)


def test_column_sum_matches_sql_under_filter(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.model.set_filter_text("LOTE-0001")  # LOTE-000100 ... LOTE-000199, summed from cached rows
    column = view.model.column_of("planned_total")
    view.table.setCurrentIndex(view.model.index(0, column))

    qtbot.keyClick(view.table, Qt.Key.Key_Space, CTRL)
    totals = view.table.selection_summary()

    expected = services.store.connection.execute(
        "SELECT SUM(planned_total), COUNT(*) FROM plan_item WHERE code LIKE 'LOTE-0001%'"
    ).fetchone()
    assert totals.total == Decimal(expected[0]).scaleb(-2)
    assert totals.numeric_count == expected[1]
    assert totals.average == Decimal(expected[0]).scaleb(-2) / expected[1]
    assert totals.money_only


def test_partial_range_sum_uses_shown_order(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    view.model.sort(view.model.column_of("planned_total"), Qt.SortOrder.DescendingOrder)
    column = view.model.column_of("planned_total")
    select_block_rows = 5_000  # above the cached-rows limit, so summed in SQL over the rows' ids
    view.table.selectionModel().select(
        QItemSelection(view.model.index(1_000, column), view.model.index(1_000 + select_block_rows - 1, column)),
        QItemSelectionModel.SelectionFlag.ClearAndSelect,
    )

    totals = view.table.selection_summary()

    ids = view.model.row_ids_between(1_000, 1_000 + select_block_rows - 1)
    values = dict(services.store.connection.execute("SELECT id, planned_total FROM plan_item"))
    assert totals.total == Decimal(sum(values[row_id] for row_id in ids)).scaleb(-2)
    assert totals.numeric_count == select_block_rows
