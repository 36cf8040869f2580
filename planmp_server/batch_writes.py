"""The writes of one push request, gathered in memory and sent with one executemany per table and column set.

A push reads and changes rows mutation after mutation. Sending each change as
its own statement made a 500-mutation request cost about 6,500 statements
(13 per mutation). :class:`BatchWrites` keeps the rows the batch touches, the
change_log entries it moves, and the audit, merge-log and idempotency rows it
adds, and writes them all in :meth:`BatchWrites.flush`. Reads go through it, so
each mutation reads the ones before it exactly as if they had been written.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, update

from planmp_server.changes import audit_event_row
from planmp_server.db import ENTITY_TABLES, applied_mutation, change_log, merge_log

# Rows fetched per IN (...) query; SQLite accepts up to 32,766 parameters since 3.32.
ID_CHUNK = 900

RowKey = tuple[str, uuid.UUID]


class BatchWrites:
    """Rows, change_log entries and new records of one push, written together by :meth:`flush`."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        # Current and stored versions of each row read so far (None: no such row).
        self._rows: dict[RowKey, dict[str, Any] | None] = {}
        self._stored: dict[RowKey, dict[str, Any] | None] = {}
        self._dirty: dict[RowKey, None] = {}
        # change_log entry of each row read so far: (unit_id, prev_unit_id, deleted), or None.
        self._log: dict[RowKey, tuple[uuid.UUID | None, uuid.UUID | None, bool] | None] = {}
        self._log_in_database: set[RowKey] = set()
        self._log_moved: dict[RowKey, None] = {}
        self._audit_events: list[dict[str, Any]] = []
        self._merge_entries: list[dict[str, Any]] = []
        self._applied: list[dict[str, Any]] = []

    # --- reads ------------------------------------------------------------------------------

    def prefetch(self, keys: Iterable[RowKey]) -> None:
        """Read the rows and change_log entries of ``keys`` with a few IN (...) queries."""
        ids_by_entity: dict[str, set[uuid.UUID]] = defaultdict(set)
        for entity_name, row_id in keys:
            if entity_name in ENTITY_TABLES and (entity_name, row_id) not in self._rows:
                ids_by_entity[entity_name].add(row_id)
        for entity_name, ids in ids_by_entity.items():
            table = ENTITY_TABLES[entity_name]
            ordered = sorted(ids)
            for row_id in ordered:
                self._remember_row((entity_name, row_id), None)
                self._log[(entity_name, row_id)] = None
            for start in range(0, len(ordered), ID_CHUNK):
                chunk = ordered[start : start + ID_CHUNK]
                for found in self.connection.execute(select(table).where(table.c.id.in_(chunk))).mappings():
                    self._remember_row((entity_name, found["id"]), dict(found))
                entries = self.connection.execute(
                    select(change_log.c.row_id, change_log.c.unit_id, change_log.c.prev_unit_id, change_log.c.deleted)
                    .where(change_log.c.entity == entity_name, change_log.c.row_id.in_(chunk))
                )
                for row_id, unit_id, prev_unit_id, deleted in entries:
                    self._log[(entity_name, row_id)] = (unit_id, prev_unit_id, bool(deleted))
                    self._log_in_database.add((entity_name, row_id))

    def row(self, entity_name: str, row_id: uuid.UUID) -> dict[str, Any] | None:
        """Return a copy of the row as this batch left it, or None when it does not exist."""
        key = (entity_name, row_id)
        if key not in self._rows:
            table = ENTITY_TABLES[entity_name]
            found = self.connection.execute(select(table).where(table.c.id == row_id)).mappings().first()
            self._remember_row(key, dict(found) if found is not None else None)
        current = self._rows[key]
        return dict(current) if current is not None else None

    def is_deleted(self, entity_name: str, row_id: uuid.UUID) -> bool:
        """Return whether the row's change_log entry, as this batch left it, is a tombstone."""
        entry = self._log_entry((entity_name, row_id))
        return entry is not None and entry[2]

    # --- writes -----------------------------------------------------------------------------

    def insert_row(self, entity_name: str, row: dict[str, Any]) -> None:
        key = (entity_name, row["id"])
        self.row(entity_name, row["id"])  # records the stored version (None)
        self._rows[key] = dict(row)
        self._dirty[key] = None

    def update_row(self, entity_name: str, row_id: uuid.UUID, values: dict[str, Any]) -> None:
        key = (entity_name, row_id)
        current = self._rows[key]
        assert current is not None, "update_row of a row the batch has not read"
        current.update(values)
        self._dirty[key] = None

    def delete_row(self, entity_name: str, row_id: uuid.UUID) -> None:
        key = (entity_name, row_id)
        self._rows[key] = None
        self._dirty[key] = None

    def record_change(
        self, entity_name: str, row_id: uuid.UUID, unit_id: uuid.UUID | None, *, deleted: bool = False
    ) -> None:
        """Move the row's change_log entry to the end of the batch, as changes.record_change does."""
        key = (entity_name, row_id)
        previous = self._log_entry(key)
        prev_unit_id = None
        if previous is not None:
            # NOTE: only the last unit left is kept, as in changes.record_change.
            prev_unit_id = previous[0] if previous[0] != unit_id else previous[1]
        self._log[key] = (unit_id, prev_unit_id, deleted)
        self._log_moved.pop(key, None)
        self._log_moved[key] = None

    def add_audit_event(self, **fields: Any) -> uuid.UUID:
        """Queue an audit event (see changes.audit_event_row for the fields) and its change_log entry."""
        event = audit_event_row(**fields)
        self._audit_events.append(event)
        self._log[("audit_event", event["id"])] = None
        self.record_change("audit_event", event["id"], event["unit_id"])
        return event["id"]

    def add_merge_entries(self, entries: list[dict[str, Any]]) -> None:
        self._merge_entries.extend(entries)

    def add_applied_mutation(self, mutation_id: uuid.UUID, user_id: uuid.UUID, result: dict[str, Any]) -> None:
        self._applied.append(
            {"mutation_id": mutation_id, "user_id": user_id, "result": result, "applied_at": dt.datetime.now(dt.timezone.utc)}
        )

    def flush(self) -> None:
        """Write everything queued: rows (inserts, updates, deletes), audit events, change_log, merge log, results."""
        self._flush_rows()
        if self._audit_events:
            self.connection.execute(insert(ENTITY_TABLES["audit_event"]), self._audit_events)
            self._audit_events = []
        self._flush_change_log()
        if self._merge_entries:
            self.connection.execute(insert(merge_log), self._merge_entries)
            self._merge_entries = []
        if self._applied:
            self.connection.execute(insert(applied_mutation), self._applied)
            self._applied = []

    # --- helpers ----------------------------------------------------------------------------

    def _remember_row(self, key: RowKey, row: dict[str, Any] | None) -> None:
        self._rows[key] = row
        self._stored[key] = dict(row) if row is not None else None

    def _log_entry(self, key: RowKey) -> tuple[uuid.UUID | None, uuid.UUID | None, bool] | None:
        if key not in self._log:
            found = self.connection.execute(
                select(change_log.c.unit_id, change_log.c.prev_unit_id, change_log.c.deleted).where(
                    change_log.c.entity == key[0], change_log.c.row_id == key[1]
                )
            ).first()
            self._log[key] = (found.unit_id, found.prev_unit_id, bool(found.deleted)) if found is not None else None
            if found is not None:
                self._log_in_database.add(key)
        return self._log[key]

    def _flush_rows(self) -> None:
        # Inserts first (an initiative before its tasks), then updates, then deletes (tasks before
        # their initiative), each in the order the batch made them.
        inserts: dict[str, list[dict[str, Any]]] = defaultdict(list)
        updates: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = defaultdict(list)
        deletes: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for key in self._dirty:
            entity_name, row_id = key
            stored, current = self._stored[key], self._rows[key]
            if stored is None and current is not None:
                inserts[entity_name].append(current)
            elif stored is not None and current is None:
                deletes[entity_name].append({"b_id": row_id})
            elif stored is not None and current is not None:
                changed = tuple(sorted(name for name, value in current.items() if stored.get(name) != value))
                if changed:
                    parameters = {f"b_{name}": current[name] for name in changed}
                    parameters["b_id"] = row_id
                    updates[(entity_name, changed)].append(parameters)
            self._stored[key] = dict(current) if current is not None else None
        self._dirty = {}

        for entity_name, rows in inserts.items():
            self.connection.execute(insert(ENTITY_TABLES[entity_name]), rows)
        for (entity_name, names), parameters in updates.items():
            table = ENTITY_TABLES[entity_name]
            statement = (
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({name: bindparam(f"b_{name}") for name in names})
            )
            self.connection.execute(statement, parameters)
        for entity_name, parameters in deletes.items():
            table = ENTITY_TABLES[entity_name]
            self.connection.execute(delete(table).where(table.c.id == bindparam("b_id")), parameters)

    def _flush_change_log(self) -> None:
        if not self._log_moved:
            return
        stale = [
            {"b_entity": entity_name, "b_row_id": row_id}
            for entity_name, row_id in self._log_moved
            if (entity_name, row_id) in self._log_in_database
        ]
        if stale:
            self.connection.execute(
                delete(change_log).where(
                    and_(change_log.c.entity == bindparam("b_entity"), change_log.c.row_id == bindparam("b_row_id"))
                ),
                stale,
            )
        entries = []
        for key in self._log_moved:
            entry = self._log[key]
            assert entry is not None
            unit_id, prev_unit_id, deleted = entry
            entries.append(
                {"entity": key[0], "row_id": key[1], "unit_id": unit_id, "deleted": deleted, "prev_unit_id": prev_unit_id}
            )
            self._log_in_database.add(key)
        self.connection.execute(insert(change_log), entries)
        self._log_moved = {}
