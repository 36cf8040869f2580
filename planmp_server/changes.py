"""Writing side of the change log and the audit trail, and wire conversion of stored rows."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from planmp_desktop.contract.codec import to_wire
from planmp_desktop.contract.ids import time_ordered_uuid
from planmp_desktop.contract.schema import ENTITIES, Entity, FieldType
from planmp_server.db import ENTITY_TABLES, change_log

AUDIT_EVENT = ENTITIES["audit_event"]


def record_change(
    connection: Connection, entity_name: str, row_id: uuid.UUID, unit_id: uuid.UUID | None, *, deleted: bool = False
) -> None:
    """Move the row's change_log entry to a new, highest seq (one entry per row).

    When the row's unit changes, the old unit becomes ``prev_unit_id`` and
    stays there through later edits in the new unit, so that a pull still
    sends users of the old unit a tombstone (see sync_pull).
    """
    previous = connection.execute(
        select(change_log.c.unit_id, change_log.c.prev_unit_id).where(
            change_log.c.entity == entity_name, change_log.c.row_id == row_id
        )
    ).first()
    prev_unit_id = None
    if previous is not None:
        # NOTE: only the last unit left is kept. After two moves (A to B to C), a user of A
        # who did not pull between them receives no tombstone and keeps a stale copy.
        prev_unit_id = previous.unit_id if previous.unit_id != unit_id else previous.prev_unit_id
        connection.execute(
            delete(change_log).where(change_log.c.entity == entity_name, change_log.c.row_id == row_id)
        )
    connection.execute(
        insert(change_log).values(
            entity=entity_name, row_id=row_id, unit_id=unit_id, deleted=deleted, prev_unit_id=prev_unit_id
        )
    )


def is_deleted(connection: Connection, entity_name: str, row_id: uuid.UUID) -> bool:
    """Return whether the change log contains a tombstone for the row."""
    found = connection.execute(
        select(change_log.c.deleted).where(change_log.c.entity == entity_name, change_log.c.row_id == row_id)
    ).scalar()
    return bool(found)


def fetch_row(connection: Connection, entity_name: str, row_id: uuid.UUID) -> dict[str, Any] | None:
    """Return the stored row with Python values, or None when it does not exist."""
    table = ENTITY_TABLES[entity_name]
    found = connection.execute(select(table).where(table.c.id == row_id)).mappings().first()
    return dict(found) if found is not None else None


def row_label(entity: Entity, row: dict[str, Any]) -> str:
    """Return the short text that names a row in the audit trail ("code title", or its name)."""
    parts = [str(row[name]) for name in ("code", "title") if row.get(name)]
    if not parts and row.get("name"):
        parts.append(str(row["name"]))
    return " ".join(parts) if parts else entity.label


def audit_event_row(
    *,
    actor_user_id: uuid.UUID,
    actor_name: str,
    actor_unit_id: uuid.UUID | None,
    entity: Entity,
    row: dict[str, Any],
    action: str,
    changes: dict[str, list[Any]],
    comment: str | None,
    mutation_id: uuid.UUID | None,
    device_id: str | None,
) -> dict[str, Any]:
    """Build the audit_event row for a change of ``row``.

    ``changes`` maps each field to ``[old, new]`` in wire form. The event takes
    the item's unit, so it syncs (read-only) to the users who see the item.
    """
    return {
        "id": time_ordered_uuid(),
        "at": dt.datetime.now(dt.timezone.utc),
        "user_id": actor_user_id,
        "user_name": actor_name,
        "actor_unit_id": actor_unit_id,
        "unit_id": row.get(entity.scope_field) if entity.scope_field else None,
        "entity": entity.name,
        "row_id": row["id"],
        "row_label": row_label(entity, row),
        "action": action,
        "changes": changes,
        "comment": comment,
        "mutation_id": mutation_id,
        "device_id": device_id,
    }


def write_audit_event(connection: Connection, **fields: Any) -> uuid.UUID:
    """Insert an audit event (see audit_event_row for the fields) and its change_log entry; return its id."""
    event = audit_event_row(**fields)
    connection.execute(insert(ENTITY_TABLES["audit_event"]).values(**event))
    record_change(connection, "audit_event", event["id"], event["unit_id"])
    return event["id"]


def _money_to_wire(value: Any) -> Any:
    # Money columns return Decimals with exactly two places, whose str() is the wire form.
    if isinstance(value, Decimal) and value.as_tuple().exponent == -2:
        return str(value)
    return to_wire(FieldType.MONEY, value)


def _fast_converter(field_type: FieldType) -> Callable[[Any], Any] | None:
    """Return a quicker equivalent of to_wire for values read from our columns, or None."""
    if field_type in (FieldType.TEXT, FieldType.INT, FieldType.BOOL, FieldType.JSON):
        return None
    if field_type is FieldType.UUID:
        return str
    if field_type is FieldType.DATE:
        return lambda value: value.isoformat()
    if field_type is FieldType.MONEY:
        return _money_to_wire
    return lambda value: to_wire(field_type, value)


_CONVERTERS: dict[str, list[tuple[str, Callable[[Any], Any] | None]]] = {
    name: [(f.name, _fast_converter(f.type)) for f in entity.fields] for name, entity in ENTITIES.items()
}


def stored_row_to_wire(entity_name: str, row: Any) -> dict[str, Any]:
    """Return the wire form of a row read from the database (a mapping of every column).

    Equal to codec.row_to_wire for values our column types return, but quicker,
    because initial syncs convert every field of every row.
    """
    wire: dict[str, Any] = {}
    for name, convert in _CONVERTERS[entity_name]:
        value = row[name]
        if value is None or convert is None:
            wire[name] = value
        else:
            wire[name] = convert(value)
    return wire
