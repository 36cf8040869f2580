"""Pull: pages of the change log since a client's cursor, within the caller's scope, and backfill of granted units.

A row moved to another unit (its unit_id changed by an update) keeps one
change_log entry, under its new unit, with the unit it left in
``prev_unit_id``. A user who sees the old unit but not the new one receives
that entry as a tombstone (``deleted`` true, no values), so the row leaves
their copy. A user who sees the new unit receives the row as usual.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Row, or_, select

from planmp_server import sqlite_rows
from planmp_server.actors import Actor
from planmp_server.changes import stored_row_to_wire
from planmp_server.db import ENTITY_TABLES, change_log, server_meta

# Rows fetched per IN (...) query; SQLite accepts up to 32,766 parameters since 3.32.
ID_CHUNK = 900


class OutOfScopeError(Exception):
    """A backfill asked for units outside the caller's scope; ``unit_ids`` lists them."""

    def __init__(self, unit_ids: list[uuid.UUID]) -> None:
        super().__init__(", ".join(str(unit_id) for unit_id in unit_ids))
        self.unit_ids = unit_ids


def pull_changes(engine: Engine, actor: Actor, cursor: int, limit: int) -> dict[str, Any]:
    """Return a PullResponse as a plain dict (for orjson) of up to ``limit`` changes after ``cursor``.

    Rows whose change_log unit is NULL (reference data) go to every user;
    tombstones are included, and so are entries of rows that moved out of the
    caller's scope, sent as tombstones. ``cursor`` in the reply is the last
    seq returned, or the request's cursor when nothing is newer. ``scope`` is
    the caller's scope at the time of the request.
    """
    with _snapshot(engine) as connection:
        if sqlite_rows.is_sqlite(connection):
            return _pull_from_sqlite(connection, actor, cursor, limit)
        query = select(change_log).where(change_log.c.seq > cursor)
        if actor.scope is not None:
            query = query.where(
                or_(
                    change_log.c.unit_id.is_(None),
                    change_log.c.unit_id.in_(actor.scope),
                    change_log.c.prev_unit_id.in_(actor.scope),
                )
            )
        entries = connection.execute(query.order_by(change_log.c.seq).limit(limit + 1)).all()
        has_more = len(entries) > limit
        entries = entries[:limit]

        visible = [entry for entry in entries if _entry_visible(actor, entry)]
        rows = _fetch_rows(connection, visible)
        generation_id = connection.execute(select(server_meta.c.generation_id)).scalar_one()

    return {
        "generation_id": generation_id,
        "changes": [_change(entry, rows) for entry in entries],
        "cursor": entries[-1].seq if entries else cursor,
        "has_more": has_more,
        "scope": scope_body(actor),
    }


def backfill_rows(
    engine: Engine, actor: Actor, unit_ids: Iterable[uuid.UUID], after: int, limit: int
) -> dict[str, Any]:
    """Return a BackfillResponse as a plain dict: the current rows of ``unit_ids`` after change ``after``.

    Covers every entity with a unit, audit events included, in change_log
    order. Deleted rows are left out, because a client that never had them
    needs no tombstone. Raises OutOfScopeError when a unit is outside the
    caller's scope.
    """
    units = sorted(set(unit_ids), key=str)
    outside = [unit_id for unit_id in units if not actor.in_scope(unit_id)]
    if outside:
        raise OutOfScopeError(outside)

    with _snapshot(engine) as connection:
        if sqlite_rows.is_sqlite(connection):
            return _backfill_from_sqlite(connection, units, after, limit)
        query = (
            select(change_log)
            .where(change_log.c.seq > after, change_log.c.unit_id.in_(units), change_log.c.deleted.is_(False))
            .order_by(change_log.c.seq)
            .limit(limit + 1)
        )
        entries = connection.execute(query).all()
        has_more = len(entries) > limit
        entries = entries[:limit]
        rows = _fetch_rows(connection, entries)

    return {
        "changes": [_change(entry, rows) for entry in entries],
        "after": entries[-1].seq if entries else after,
        "has_more": has_more,
    }


def scope_body(actor: Actor) -> dict[str, Any]:
    """Return the wire form of the caller's Scope: every unit, or the sorted unit ids."""
    if actor.scope is None:
        return {"all_units": True, "unit_ids": []}
    return {"all_units": False, "unit_ids": sorted(str(unit_id) for unit_id in actor.scope)}


def _pull_from_sqlite(connection: Connection, actor: Actor, cursor: int, limit: int) -> dict[str, Any]:
    """pull_changes on SQLite, reading stored forms straight into wire form (see sqlite_rows)."""
    scope = sqlite_rows.hex_ids(actor.scope) if actor.scope is not None else None
    entries = sqlite_rows.change_log_entries(connection, cursor, limit + 1, scope=scope)
    has_more = len(entries) > limit
    entries = entries[:limit]

    visible_units = set(scope) if scope is not None else None
    visible = [
        entry for entry in entries if visible_units is None or entry[3] is None or entry[3] in visible_units
    ]
    rows = sqlite_rows.wire_rows(connection, visible)
    generation_id = connection.execute(select(server_meta.c.generation_id)).scalar_one()
    return {
        "generation_id": generation_id,
        "changes": [sqlite_rows.change_body(entry, rows) for entry in entries],
        "cursor": entries[-1][0] if entries else cursor,
        "has_more": has_more,
        "scope": scope_body(actor),
    }


def _backfill_from_sqlite(connection: Connection, units: list[uuid.UUID], after: int, limit: int) -> dict[str, Any]:
    """backfill_rows on SQLite, reading stored forms straight into wire form (see sqlite_rows)."""
    entries = sqlite_rows.change_log_entries(connection, after, limit + 1, units=sqlite_rows.hex_ids(units))
    has_more = len(entries) > limit
    entries = entries[:limit]
    rows = sqlite_rows.wire_rows(connection, entries)
    return {
        "changes": [sqlite_rows.change_body(entry, rows) for entry in entries],
        "after": entries[-1][0] if entries else after,
        "has_more": has_more,
    }


@contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """Open a read connection whose queries all see one snapshot (the log and the rows agree)."""
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    with engine.connect().execution_options(**options) as connection:
        # SQLite reads inside the BEGIN that make_engine emits, which also gives one snapshot.
        with connection.begin():
            yield connection


def _entry_visible(actor: Actor, entry: Row[Any]) -> bool:
    """Return whether the caller sees the entry's row now (False: it moved out of their scope)."""
    return entry.unit_id is None or actor.in_scope(entry.unit_id)


def _fetch_rows(connection: Connection, entries: list[Row[Any]]) -> dict[tuple[str, uuid.UUID], dict[str, Any]]:
    """Return the wire form of the rows of the entries that are not tombstones, by (entity, row id)."""
    ids_by_entity: dict[str, list[uuid.UUID]] = defaultdict(list)
    for entry in entries:
        if not entry.deleted:
            ids_by_entity[entry.entity].append(entry.row_id)

    rows: dict[tuple[str, uuid.UUID], dict[str, Any]] = {}
    for entity_name, ids in ids_by_entity.items():
        table = ENTITY_TABLES[entity_name]
        for start in range(0, len(ids), ID_CHUNK):
            chunk = ids[start : start + ID_CHUNK]
            for row in connection.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                rows[(entity_name, row["id"])] = stored_row_to_wire(entity_name, row)
    return rows


def _change(entry: Row[Any], rows: dict[tuple[str, uuid.UUID], dict[str, Any]]) -> dict[str, Any]:
    values = rows.get((entry.entity, entry.row_id))
    return {
        "seq": entry.seq,
        "entity": entry.entity,
        "row_id": str(entry.row_id),
        "deleted": values is None,
        "values": values,
    }
