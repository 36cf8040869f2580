"""Export of plan items to CSV and XLSX files that Excel in pt-BR opens as they are."""

from __future__ import annotations

import csv
import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from planmp_desktop.contract.schema import PLAN_ITEM, Field, FieldType
from planmp_desktop.domain.codes import (
    APPROVAL_LABELS,
    ITEM_TYPE_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
)
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)

EXPORT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in PLAN_ITEM.fields if f.name not in ("id", "plan_id", "parent_id", "year_targets")
)
BATCH_ROWS = 5000

CODE_LABELS: dict[str, dict[str, str]] = {
    "kind": {str(code): label for code, label in KIND_LABELS.items()},
    "item_type": {str(code): label for code, label in ITEM_TYPE_LABELS.items()},
    "status": {str(code): label for code, label in STATUS_LABELS.items()},
    "priority": {str(code): label for code, label in LEVEL_LABELS.items()},
    "risk": {str(code): label for code, label in LEVEL_LABELS.items()},
    "approval_state": {str(code): label for code, label in APPROVAL_LABELS.items()},
}
"""Closed-list fields are exported with their pt-BR labels, not their stored codes."""


def export_plan_items(store: LocalStore, plan_id: uuid.UUID, path: Path) -> int:
    """Write the plan's items to ``path`` (.csv or .xlsx); returns the row count."""
    fields = [PLAN_ITEM.field(name) for name in EXPORT_FIELDS]
    names = _reference_names(store)
    rows = _iter_rows(store, plan_id)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        count = _write_csv(path, fields, rows, names)
    elif suffix == ".xlsx":
        count = _write_xlsx(path, fields, rows, names)
    else:
        raise ValueError(f"Formato de exportação '{path.suffix}' não suportado: use .csv ou .xlsx.")
    log.info("Exported %d plan items to %s", count, path)
    return count


def _iter_rows(store: LocalStore, plan_id: uuid.UUID) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        batch = store.fetch_rows(
            "plan_item", "plan_id = ?", (str(plan_id),), order_by="code, id", limit=BATCH_ROWS, offset=offset
        )
        if not batch:
            return
        yield from batch
        if len(batch) < BATCH_ROWS:
            return
        offset += BATCH_ROWS


def _reference_names(store: LocalStore) -> dict[uuid.UUID, str]:
    """Return readable names of the rows that plan items point to (units, actions, indicators)."""
    names = {row["id"]: row["name"] for row in store.fetch_rows("unit")}
    for action in store.fetch_rows("strategic_action"):
        names[action["id"]] = f"{action['code']} {action['name']}"
    for indicator in store.fetch_rows("indicator"):
        names[indicator["id"]] = indicator["name"]
    return names


def _text(field: Field, value: Any, names: dict[uuid.UUID, str]) -> str | None:
    """Return the exported text of a reference or closed-list value, or None for other fields."""
    if field.type is FieldType.UUID:
        return names.get(value, str(value))
    labels = CODE_LABELS.get(field.name)
    if labels is not None:
        return labels.get(str(value), str(value))
    return None


def _csv_value(field: Field, value: Any, names: dict[uuid.UUID, str]) -> str:
    if value is None:
        return ""
    text = _text(field, value, names)
    if text is not None:
        return text
    if field.type is FieldType.MONEY:
        return f"{value:.2f}".replace(".", ",")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "Sim" if value else "Não"
    return str(value)


def _write_csv(
    path: Path, fields: list[Field], rows: Iterable[dict[str, Any]], names: dict[uuid.UUID, str]
) -> int:
    count = 0
    # UTF-8 with BOM and ';' so that Excel in pt-BR splits columns and keeps accents.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow([f.label for f in fields])
        for row in rows:
            writer.writerow([_csv_value(f, row.get(f.name), names) for f in fields])
            count += 1
    return count


def _write_xlsx(
    path: Path, fields: list[Field], rows: Iterable[dict[str, Any]], names: dict[uuid.UUID, str]
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
        count = 0
        for count, row in enumerate(rows, start=1):
            for column, field in enumerate(fields):
                value = row.get(field.name)
                if value is None:
                    continue
                text = _text(field, value, names)
                if text is not None:
                    sheet.write_string(count, column, text)
                elif field.type is FieldType.MONEY:
                    # NOTE: a float cell keeps 15 significant digits, enough for
                    # amounts below 10^13 reais.
                    sheet.write_number(count, column, float(value), money)
                elif field.type is FieldType.DECIMAL:
                    sheet.write_number(count, column, float(value))
                elif field.type is FieldType.DATE:
                    sheet.write_datetime(count, column, dt.datetime.combine(value, dt.time()), date)
                elif field.type is FieldType.BOOL:
                    sheet.write_string(count, column, "Sim" if value else "Não")
                else:
                    sheet.write_string(count, column, str(value))
        sheet.freeze_panes(1, 2)
    finally:
        workbook.close()
    return count
