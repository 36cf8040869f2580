"""pt-BR text of a synced value in wire form, as the sheet shows it (audit trail, conflicts)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QCoreApplication

from planmp_desktop.contract.schema import ENTITIES, FieldType
from planmp_desktop.domain.dates import format_date
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.money import format_decimal, format_money
from planmp_desktop.gui.sheet_columns import COLUMN_INDEX, SHEET_COLUMNS, ColumnKind
from planmp_desktop.gui.status import format_local_time


def wire_text(entity_name: str, field_name: str, value: Any) -> str:
    """Format a wire value in pt-BR: money 1.234,56, decimals 62,5, dates dd/mm/aaaa, codes as labels."""
    if value is None:
        return ""
    entity = ENTITIES.get(entity_name)
    if entity is None or not entity.has_field(field_name):
        return str(value)
    if entity_name == "plan_item" and field_name in COLUMN_INDEX:
        column = SHEET_COLUMNS[COLUMN_INDEX[field_name]]
        if column.kind is ColumnKind.CHOICE and column.choices:
            label = column.choices.get(str(value))
            return _(label) if label is not None else str(value)
    field_type = entity.field(field_name).type
    try:
        if field_type is FieldType.MONEY:
            return format_money(Decimal(str(value)))
        if field_type is FieldType.DECIMAL:
            return format_decimal(Decimal(str(value)))
        if field_type is FieldType.DATE:
            return format_date(dt.date.fromisoformat(str(value)))
        if field_type is FieldType.TIMESTAMP:
            return format_local_time(dt.datetime.fromisoformat(str(value)))
        if field_type is FieldType.BOOL:
            return QCoreApplication.translate("WireText", "Sim") if value else QCoreApplication.translate("WireText", "Não")
    except (InvalidOperation, ValueError):
        return str(value)
    return str(value)
