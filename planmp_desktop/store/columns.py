"""Mapping between field types and SQLite columns of the local store.

Money is stored as integer centavos so that SQL sorts and sums it exactly;
decimals (percentages, weights, quantities) as REAL; dates and UUIDs as
ISO text, which sorts correctly.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import Any

from planmp_desktop.contract import codec
from planmp_desktop.contract.schema import Entity, FieldType

SQL_TYPES: dict[FieldType, str] = {
    FieldType.TEXT: "TEXT",
    FieldType.INT: "INTEGER",
    FieldType.MONEY: "INTEGER",
    FieldType.DECIMAL: "REAL",
    FieldType.DATE: "TEXT",
    FieldType.TIMESTAMP: "TEXT",
    FieldType.BOOL: "INTEGER",
    FieldType.UUID: "TEXT",
    FieldType.JSON: "TEXT",
}


def table_name(entity: Entity) -> str:
    """Return the quoted SQLite table name of an entity (``user`` is a keyword)."""
    return f'"{entity.name}"'


def to_sql(field_type: FieldType, value: Any) -> Any:
    """Convert a Python value (Decimal, date, UUID...) to its SQLite column value."""
    if value is None:
        return None
    if field_type is FieldType.MONEY:
        return int((Decimal(value) * 100).to_integral_exact())
    if field_type is FieldType.DECIMAL:
        return float(value)
    if field_type in (FieldType.DATE, FieldType.TIMESTAMP, FieldType.UUID):
        return codec.to_wire(field_type, value)
    if field_type is FieldType.BOOL:
        return 1 if value else 0
    if field_type is FieldType.JSON:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def from_sql(field_type: FieldType, value: Any) -> Any:
    """Convert a SQLite column value back to its Python value."""
    if value is None:
        return None
    if field_type is FieldType.MONEY:
        return Decimal(int(value)) / 100
    if field_type is FieldType.DECIMAL:
        return Decimal(repr(float(value)))
    if field_type is FieldType.DATE:
        return dt.date.fromisoformat(value)
    if field_type is FieldType.TIMESTAMP:
        return dt.datetime.fromisoformat(value)
    if field_type is FieldType.UUID:
        return uuid.UUID(value)
    if field_type is FieldType.BOOL:
        return bool(value)
    if field_type is FieldType.JSON:
        return json.loads(value)
    return value


def wire_to_sql(field_type: FieldType, value: Any) -> Any:
    """Convert a wire value to its SQLite column value."""
    if value is None:
        return None
    if field_type is FieldType.MONEY:
        return int((Decimal(str(value)) * 100).to_integral_exact())
    if field_type is FieldType.DECIMAL:
        return float(Decimal(str(value)))
    if field_type is FieldType.BOOL:
        return 1 if value else 0
    if field_type is FieldType.JSON:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if field_type is FieldType.TIMESTAMP:
        return codec.to_wire(field_type, value)
    return value


def sql_to_wire(field_type: FieldType, value: Any) -> Any:
    """Convert a SQLite column value to its canonical wire value."""
    if value is None:
        return None
    return codec.to_wire(field_type, from_sql(field_type, value))
