"""Conversion between Python values and their canonical wire form.

Base checks on the server compare wire forms, so every side must produce the
same text for the same value: money always with two decimals, decimals
without trailing zeros, dates and UUIDs in ISO and lower-case form.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from planmp_desktop.contract.schema import Entity, FieldType

CENT = Decimal("0.01")


class WireValueError(ValueError):
    """A wire value that does not fit its field's type."""

    def __init__(self, field: str, value: Any, expected: str) -> None:
        super().__init__(f"Field {field!r}: {value!r} is not a valid {expected}")
        self.field = field
        self.value = value
        self.expected = expected


def _decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        # repr() gives the shortest text that round-trips, so 68.68 stays 68.68.
        return Decimal(repr(value))
    return Decimal(str(value).strip())


def to_wire(field_type: FieldType, value: Any) -> Any:
    """Return the canonical JSON-ready form of a Python value.

    Raises WireValueError when the value does not fit the type.
    """
    try:
        return _to_wire(field_type, value)
    except (InvalidOperation, ValueError, TypeError, AttributeError) as exc:
        raise WireValueError("?", value, field_type.value) from exc


def _to_wire(field_type: FieldType, value: Any) -> Any:
    if value is None:
        return None
    if field_type is FieldType.MONEY:
        return str(_decimal(value).quantize(CENT, rounding=ROUND_HALF_EVEN))
    if field_type is FieldType.DECIMAL:
        text = format(_decimal(value).normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if field_type is FieldType.DATE:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value.isoformat()
        return dt.date.fromisoformat(str(value)).isoformat()
    if field_type is FieldType.TIMESTAMP:
        if not isinstance(value, dt.datetime):
            value = dt.datetime.fromisoformat(str(value))
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).isoformat()
    if field_type is FieldType.UUID:
        return str(uuid.UUID(str(value)))
    if field_type is FieldType.INT:
        return int(value)
    if field_type is FieldType.BOOL:
        return bool(value)
    if field_type is FieldType.TEXT:
        return str(value)
    return value  # JSON


def from_wire(field_name: str, field_type: FieldType, value: Any) -> Any:
    """Parse a wire value into its Python type; raises WireValueError when invalid."""
    if value is None:
        return None
    try:
        if field_type in (FieldType.MONEY, FieldType.DECIMAL):
            if isinstance(value, bool):
                raise InvalidOperation
            number = _decimal(value)
            if not number.is_finite():
                raise InvalidOperation
            if field_type is FieldType.DECIMAL:
                return number
            if number != number.quantize(CENT):
                raise InvalidOperation  # money has at most two decimal places
            return number.quantize(CENT)
        if field_type is FieldType.DATE:
            return dt.date.fromisoformat(str(value))
        if field_type is FieldType.TIMESTAMP:
            parsed = dt.datetime.fromisoformat(str(value))
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=dt.timezone.utc)
            return parsed.astimezone(dt.timezone.utc)
        if field_type is FieldType.UUID:
            return uuid.UUID(str(value))
        if field_type is FieldType.INT:
            if isinstance(value, bool) or int(value) != value:
                raise ValueError
            return int(value)
        if field_type is FieldType.BOOL:
            if not isinstance(value, bool):
                raise ValueError
            return value
        if field_type is FieldType.TEXT:
            if not isinstance(value, str):
                raise ValueError
            return value
        return value
    except (InvalidOperation, ValueError, TypeError, AttributeError) as exc:
        raise WireValueError(field_name, value, field_type.value) from exc


def canonical(field_type: FieldType, value: Any) -> Any:
    """Return the canonical wire form of a value that may already be on the wire."""
    return to_wire(field_type, value)


def row_to_wire(entity: Entity, row: dict[str, Any]) -> dict[str, Any]:
    """Return the wire form of every known field present in ``row``."""
    wire: dict[str, Any] = {}
    for name, value in row.items():
        if entity.has_field(name):
            wire[name] = to_wire(entity.field(name).type, value)
    return wire
