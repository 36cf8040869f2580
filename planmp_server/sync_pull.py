"""Pull: pages of the change log since a client's cursor, within the caller's scope."""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, or_, select

from planmp_server.actors import Actor
from planmp_server.changes import stored_row_to_wire
from planmp_server.db import ENTITY_TABLES, change_log, server_meta

# Rows fetched per IN (...) query; SQLite accepts up to 32,766 parameters since 3.32.
ID_CHUNK = 900


def pull_changes(engine: Engine, actor: Actor, cursor: int, limit: int) -> dict[str, Any]:
    """Return a PullResponse as a plain dict (for orjson) of up to ``limit`` changes after ``cursor``.

    Rows whose change_log unit is NULL (reference data) go to every user;
    tombstones are included. ``cursor`` in the reply is the last seq returned,
    or the request's cursor when nothing is newer.
    """
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"  # the log and the rows from one snapshot
    with engine.connect().execution_options(**options) as connection:
        query = select(change_log).where(change_log.c.seq > cursor)
        # NOTE: a row moved to another unit keeps one change_log entry, under its new unit,
        # so users who saw it only through the old unit get no tombstone for it.
        if actor.scope is not None:
            query = query.where(or_(change_log.c.unit_id.is_(None), change_log.c.unit_id.in_(actor.scope)))
        entries = connection.execute(query.order_by(change_log.c.seq).limit(limit + 1)).all()
        has_more = len(entries) > limit
        entries = entries[:limit]

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

        generation_id = connection.execute(select(server_meta.c.generation_id)).scalar_one()

    changes = []
    for entry in entries:
        values = rows.get((entry.entity, entry.row_id))
        changes.append(
            {
                "seq": entry.seq,
                "entity": entry.entity,
                "row_id": str(entry.row_id),
                "deleted": values is None,
                "values": values,
            }
        )
    return {
        "generation_id": generation_id,
        "changes": changes,
        "cursor": entries[-1].seq if entries else cursor,
        "has_more": has_more,
    }
