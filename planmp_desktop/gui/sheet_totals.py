"""Count, sum and average of the sheet's selected cells, as Excel shows them in its status bar.

Totals come from the selection's ranges, never from a list of selected
indexes: a range that spans many rows becomes one SQL aggregate over the
rows the current filter shows (or over the range's row ids), so Ctrl+A on
100,000 rows costs one table scan, and a short range reads the model's
cached rows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from planmp_desktop.gui.sheet_columns import ColumnKind, SheetColumn
from planmp_desktop.store import columns as store_columns

if TYPE_CHECKING:
    from planmp_desktop.gui.sheet_model import SheetModel

# Ranges up to this many rows are summed from the model's cached rows instead of SQL.
CACHED_RANGE_ROWS = 200


@dataclass(frozen=True)
class CellRange:
    """A rectangle of cells in model terms: row positions and column numbers, both inclusive."""

    top: int
    bottom: int
    left: int
    right: int

    @property
    def cell_count(self) -> int:
        return (self.bottom - self.top + 1) * (self.right - self.left + 1)


@dataclass
class SelectionTotals:
    """Non-empty cells, numeric cells and their sum; money-only sums keep two decimals."""

    cells: int = 0
    count: int = 0  # non-empty cells
    numeric_count: int = 0
    total: Decimal = Decimal(0)
    money_only: bool = True

    @property
    def average(self) -> Decimal | None:
        if not self.numeric_count:
            return None
        return self.total / self.numeric_count


def selection_totals(model: SheetModel, ranges: list[CellRange]) -> SelectionTotals:
    """Add up the cells of ``ranges`` (overlapping ranges count their shared cells twice).

    Group header rows count in ``cells`` only: their subtotals would add the
    group's rows a second time.
    """
    totals = SelectionTotals()
    for cell_range in ranges:
        totals.cells += cell_range.cell_count
        selected = model.definition.columns[cell_range.left : cell_range.right + 1]
        for column in selected:
            if column.kind is ColumnKind.DECIMAL:
                totals.money_only = False
        if cell_range.bottom - cell_range.top + 1 <= CACHED_RANGE_ROWS:
            _add_cached(model, cell_range, totals)
        else:
            _add_from_sql(model, cell_range, selected, totals)
    return totals


def _add_cached(model: SheetModel, cell_range: CellRange, totals: SelectionTotals) -> None:
    columns = model.definition.columns
    for position in range(cell_range.top, cell_range.bottom + 1):
        if model.is_group_header(position):
            continue
        for column_number in range(cell_range.left, cell_range.right + 1):
            column = columns[column_number]
            if column.kind is ColumnKind.UNIT:
                texts = model.row_texts(position)
                if texts[column_number]:
                    totals.count += 1
                continue
            value = model.cell_value(position, column_number)
            if value is None or value == "":
                continue
            totals.count += 1
            if column.numeric:
                totals.numeric_count += 1
                totals.total += value


def _add_from_sql(
    model: SheetModel, cell_range: CellRange, selected: tuple[SheetColumn, ...], totals: SelectionTotals
) -> None:
    where, params = _range_rows_sql(model, cell_range)
    expressions: list[str] = []
    for column in selected:
        name = "unit_id" if column.kind is ColumnKind.UNIT else column.name
        expressions.append(f"COUNT(NULLIF(p.\"{name}\", ''))")
        if column.numeric:
            expressions.append(f'SUM(p."{name}")')
    sql = f"SELECT {', '.join(expressions)} FROM \"{model.definition.entity.name}\" p WHERE {where}"
    record = iter(model.store_connection().execute(sql, params).fetchone())

    for column in selected:
        present = int(next(record) or 0)
        totals.count += present
        if column.numeric:
            total = next(record)
            totals.numeric_count += present
            if total is not None:
                totals.total += _sql_total(column, total)


def _range_rows_sql(model: SheetModel, cell_range: CellRange) -> tuple[str, list[Any]]:
    """Return the WHERE clause selecting the rows of ``cell_range`` in the model's current order."""
    # The whole sheet is every row the filter shows, unless collapsed groups hide some of them.
    if cell_range.top == 0 and cell_range.bottom == model.rowCount() - 1 and not model.has_collapsed_groups:
        shown = model.shown_rows_sql()
        if shown is not None:
            return shown
    ids = model.row_ids_between(cell_range.top, cell_range.bottom)
    return "p.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]


def _sql_total(column: SheetColumn, total: Any) -> Decimal:
    if column.kind is ColumnKind.MONEY:
        return store_columns.from_sql(column.field.type, int(total))
    return Decimal(repr(float(total)))


def column_totals(model: SheetModel) -> dict[int, Decimal]:
    """Sum every money column over the rows the model's filter shows, in one SQL aggregate.

    Returns an empty dict when the sheet holds no rows (no plan open).
    """
    shown = model.shown_rows_sql()
    if shown is None:
        return {}
    where, params = shown
    definition = model.definition
    numbers = definition.money_columns
    sums = ", ".join(f'SUM(p."{definition.columns[number].name}")' for number in numbers)
    sql = f'SELECT {sums} FROM "{definition.entity.name}" p WHERE {where}'
    record = model.store_connection().execute(sql, params).fetchone()

    totals: dict[int, Decimal] = {}
    for number, total in zip(numbers, record, strict=True):
        totals[number] = Decimal(0) if total is None else _sql_total(definition.columns[number], total)
    return totals
