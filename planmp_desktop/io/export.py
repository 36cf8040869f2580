"""Export of plan items to CSV and XLSX files that Excel in pt-BR opens as they are."""

from __future__ import annotations

import csv
import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from planmp_desktop.contract.schema import PLAN_ITEM, Field, FieldType
from planmp_desktop.domain.codes import (
    APPROVAL_LABELS,
    ITEM_TYPE_LABELS,
    KIND_LABELS,
    ItemKind,
    LEVEL_LABELS,
    PRIORITY_LABELS,
    STATUS_LABELS,
)
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.rollup import initiative_progress
from planmp_desktop.store import columns as store_columns
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)

EXPORT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in PLAN_ITEM.fields if f.name not in ("id", "plan_id", "parent_id", "year_targets")
)
_PROGRESS = EXPORT_FIELDS.index("progress")
# Rows fetched from the query at a time.
BATCH_ROWS = 5000
_EXCEL_EPOCH = dt.date(1899, 12, 30)
# Booleans are stored as 0 and 1.
_YES_NO = {0: "Não", 1: "Sim"}
_EXCEL_LEAP_BUG = dt.date(1900, 3, 1)

CODE_LABELS: dict[str, dict[str, str]] = {
    "kind": {str(code): label for code, label in KIND_LABELS.items()},
    "item_type": {str(code): label for code, label in ITEM_TYPE_LABELS.items()},
    "status": {str(code): label for code, label in STATUS_LABELS.items()},
    "priority": {str(code): label for code, label in PRIORITY_LABELS.items()},
    "risk": {str(code): label for code, label in LEVEL_LABELS.items()},
    "approval_state": {str(code): label for code, label in APPROVAL_LABELS.items()},
}
"""Closed-list fields are exported with their pt-BR labels, not their stored codes."""


def export_plan_items(store: LocalStore, plan_id: uuid.UUID, path: Path) -> int:
    """Write the plan's items to ``path`` (.csv or .xlsx); returns the row count."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(
            _("Formato de exportação '{suffix}' não suportado: use .csv ou .xlsx.").format(suffix=path.suffix)
        )
    fields = [PLAN_ITEM.field(name) for name in EXPORT_FIELDS]
    names = _reference_names(store)
    batches = _iter_batches(store, plan_id)
    if suffix == ".csv":
        count = _write_csv(path, fields, (row for batch in batches for row in batch), names)
    else:
        count = _write_xlsx(path, fields, batches, names)
    log.info("Exported %d plan items to %s", count, path)
    return count


def _iter_batches(store: LocalStore, plan_id: uuid.UUID) -> Iterator[list[tuple[Any, ...]]]:
    """Yield the exported columns of the plan's items as SQLite values, by code, from one query.

    An initiative with tasks gets the progress rolled up from them, as the
    sheet shows it, rather than its stored value, which a task edit not yet
    synced leaves behind.
    """
    rolled_up = rolled_up_progress(store, plan_id)
    selected = ", ".join(f'"{name}"' for name in EXPORT_FIELDS)
    cursor = store.connection.execute(
        f"SELECT {selected}, id FROM plan_item WHERE plan_id = ? ORDER BY code, id", (str(plan_id),)
    )
    while batch := cursor.fetchmany(BATCH_ROWS):
        if rolled_up:
            yield [
                (*row[:_PROGRESS], rolled_up[row[-1]], *row[_PROGRESS + 1 : -1]) if row[-1] in rolled_up else row[:-1]
                for row in batch
            ]
        else:
            yield [row[:-1] for row in batch]


def rolled_up_progress(store: LocalStore, plan_id: uuid.UUID) -> dict[str, float | None]:
    """Return the progress of each of the plan's initiatives with tasks, rolled up from them, as SQLite stores it."""
    tasks: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rows = store.connection.execute(
        "SELECT parent_id, progress, weight FROM plan_item WHERE plan_id = ? AND kind = ? AND parent_id IS NOT NULL",
        (str(plan_id), ItemKind.TAREFA.value),
    )
    for parent_id, progress, weight in rows:
        tasks[parent_id].append(
            {
                "progress": store_columns.from_sql(FieldType.DECIMAL, progress),
                "weight": store_columns.from_sql(FieldType.DECIMAL, weight),
            }
        )
    rolled_up = {}
    for parent_id, task_rows in tasks.items():
        progress = initiative_progress(task_rows)
        rolled_up[parent_id] = None if progress is None else store_columns.to_sql(FieldType.DECIMAL, progress)
    return rolled_up


def _reference_names(store: LocalStore) -> dict[str, str]:
    """Return readable names of the rows that plan items point to (units, actions, indicators), by id text."""
    connection = store.connection
    names = dict(connection.execute("SELECT id, name FROM unit"))
    for action_id, code, name in connection.execute("SELECT id, code, name FROM strategic_action"):
        names[action_id] = f"{code} {name}"
    names.update(connection.execute("SELECT id, name FROM indicator"))
    return names


def _cell_values(field: Field, names: dict[str, str]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """Return the function giving a column's XLSX cell values: text, or numbers for money, decimals and dates.

    Empty values stay None. Dates give Excel serial numbers. Money goes from
    centavos to a float by int/int division, which Python rounds correctly,
    so the cell contains the same float as ``float(Decimal)`` of the amount.
    Decimals are stored as REAL and text as TEXT, so both are written as
    they are.
    """
    if field.type is FieldType.UUID:
        return lambda values: list(map(names.get, values, values))
    labels = CODE_LABELS.get(field.name)
    if labels is not None:
        return lambda values: list(map(labels.get, values, values))
    if field.type is FieldType.MONEY:
        return lambda values: [None if cents is None else cents / 100 for cents in values]
    if field.type is FieldType.DATE:
        return _excel_serials
    if field.type is FieldType.BOOL:
        return lambda values: list(map(_YES_NO.get, values))
    return lambda values: values


def _excel_serials(values: Sequence[str | None]) -> list[int | None]:
    serials = {value: _excel_serial(value) for value in set(values) if value is not None}
    return list(map(serials.get, values))


def _csv_texts(field: Field, names: dict[str, str]) -> Callable[[Any], str]:
    """Return the function giving a stored value's CSV text, as Excel in pt-BR reads it."""
    if field.type is FieldType.UUID:
        return lambda value: names.get(value, value)
    labels = CODE_LABELS.get(field.name)
    if labels is not None:
        return lambda value: labels.get(str(value), str(value))
    if field.type is FieldType.MONEY:
        return _cents_text
    if field.type is FieldType.DECIMAL:
        return _cached(lambda number: format(Decimal(repr(float(number))).normalize(), "f").replace(".", ","))
    if field.type is FieldType.DATE:
        return _cached(lambda text: dt.date.fromisoformat(text).strftime("%d/%m/%Y"))
    if field.type is FieldType.BOOL:
        return lambda value: "Sim" if value else "Não"
    return str


def _write_csv(
    path: Path, fields: list[Field], rows: Iterable[tuple[Any, ...]], names: dict[str, str]
) -> int:
    texts = [_csv_texts(field, names) for field in fields]
    count = 0
    # UTF-8 with BOM and ';' so that Excel in pt-BR splits columns and keeps accents.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([f.label for f in fields])
        for row in rows:
            writer.writerow(["" if value is None else text(value) for text, value in zip(texts, row)])
            count += 1
    return count


def close_workbook(workbook: Any) -> None:
    """Close an xlsxwriter workbook, which writes the file; a file that cannot be created raises its OSError.

    xlsxwriter wraps that error in its own FileCreateError, which is no OSError,
    so callers that report file errors to the user would let it through.
    """
    from xlsxwriter.exceptions import FileCreateError

    try:
        workbook.close()
    except FileCreateError as exc:
        cause = exc.args[0] if exc.args else None
        if isinstance(cause, OSError):
            raise cause from exc
        raise OSError(str(exc)) from exc


def _write_xlsx(
    path: Path, fields: list[Field], batches: Iterable[list[tuple[Any, ...]]], names: dict[str, str]
) -> int:
    import xlsxwriter  # imported here: only exports need it

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet("Plano")
        money = workbook.add_format({"num_format": "#,##0.00"})
        date = workbook.add_format({"num_format": "dd/mm/yyyy"})
        header = workbook.add_format({"bold": True})
        for column, field in enumerate(fields):
            sheet.write_string(0, column, field.label, header)

        # One writer, format and conversion per column, chosen once; each batch is converted column by column.
        write_number, write_string = sheet.write_number, sheet.write_string
        writers = []
        for number, field in enumerate(fields):
            if field.type is FieldType.MONEY:
                writers.append((number, write_number, money))
            elif field.type is FieldType.DATE:
                writers.append((number, write_number, date))
            elif field.type is FieldType.DECIMAL:
                writers.append((number, write_number, None))
            else:
                writers.append((number, write_string, None))
        converters = [_cell_values(field, names) for field in fields]

        count = 0
        for batch in batches:
            columns = [convert(values) for convert, values in zip(converters, zip(*batch))]
            for count, row in enumerate(zip(*columns), start=count + 1):
                for number, write, cell_format in writers:
                    value = row[number]
                    if value is not None:
                        write(count, number, value, cell_format)
        sheet.freeze_panes(1, 2)
    finally:
        close_workbook(workbook)
    return count


def _excel_serial(iso_date: str) -> int:
    """Return the Excel serial number of an ISO date, as ``write_datetime`` computes it (1900 date system).

    Excel counts a 29 February 1900 that never was, so serials from 1 March
    1900 on count from 30 December 1899 and earlier ones from 31 December.
    """
    day = dt.date.fromisoformat(iso_date)
    epoch = _EXCEL_EPOCH if day >= _EXCEL_LEAP_BUG else _EXCEL_EPOCH + dt.timedelta(days=1)
    return (day - epoch).days


def _cents_text(cents: int) -> str:
    """Return pt-BR text of an amount in centavos without grouping: ``-123456`` -> ``-1234,56``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole},{part:02d}"


def _cached(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Return ``convert`` remembering its result per value: columns such as dates repeat few values."""
    results: dict[Any, Any] = {}

    def cached(value: Any) -> Any:
        try:
            return results[value]
        except KeyError:
            result = results[value] = convert(value)
            return result

    return cached
