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
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, delete, insert, select, update

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
        # Rows to write, with the fields update_row touched (None: inserted or deleted).
        self._dirty: dict[RowKey, set[str] | None] = {}
        # change_log entry of each row read so far: (unit_id, prev_unit_id, deleted), or None.
        self._log: dict[RowKey, tuple[uuid.UUID | None, uuid.UUID | None, bool] | None] = {}
        self._log_in_database: set[RowKey] = set()
        self._log_moved: dict[RowKey, None] = {}
        # Plan items given a code by this batch, by (plan id, code): they may not be in the database yet.
        self._coded_items: dict[tuple[Any, Any], set[uuid.UUID]] = defaultdict(set)
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
            for found in select_many(self.connection, table, list(table.c.keys()), {}, ordered):
                self._remember_row((entity_name, found["id"]), found)
            log_columns = ["row_id", "unit_id", "prev_unit_id", "deleted"]
            for entry in select_many(self.connection, change_log, log_columns, {"entity": entity_name}, ordered):
                key = (entity_name, entry["row_id"])
                self._log[key] = (entry["unit_id"], entry["prev_unit_id"], bool(entry["deleted"]))
                self._log_in_database.add(key)

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

    def plan_item_code_taken(self, plan_id: uuid.UUID, code: str, row_id: uuid.UUID) -> bool:
        """Return whether a plan item of ``plan_id`` other than ``row_id`` has ``code``, as this batch leaves them."""
        table = ENTITY_TABLES["plan_item"]
        query = select(table.c.id).where(table.c.plan_id == plan_id, table.c.code == code, table.c.id != row_id)
        candidates = set(self.connection.execute(query).scalars()) | self._coded_items.get((plan_id, code), set())
        candidates.discard(row_id)
        for other_id in candidates:
            # The batch may have changed the other row's code since it was stored, or deleted the row.
            other = self.row("plan_item", other_id)
            if other is not None and other.get("plan_id") == plan_id and other.get("code") == code:
                return True
        return False

    def insert_row(self, entity_name: str, row: dict[str, Any]) -> None:
        key = (entity_name, row["id"])
        self.row(entity_name, row["id"])  # records the stored version (None)
        self._rows[key] = dict(row)
        if entity_name == "plan_item":
            self._coded_items[(row.get("plan_id"), row.get("code"))].add(row["id"])
        # A row deleted and inserted again in one batch is written as an update of every field.
        self._dirty[key] = set(row) if self._stored.get(key) is not None else None

    def update_row(self, entity_name: str, row_id: uuid.UUID, values: dict[str, Any]) -> None:
        key = (entity_name, row_id)
        current = self._rows[key]
        assert current is not None, "update_row of a row the batch has not read"
        current.update(values)
        if entity_name == "plan_item" and "code" in values:
            self._coded_items[(current.get("plan_id"), current.get("code"))].add(row_id)
        touched = self._dirty.get(key)
        if touched is None:
            touched = self._dirty[key] = set()
        touched.update(values)

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
            insert_many(self.connection, ENTITY_TABLES["audit_event"], self._audit_events)
            self._audit_events = []
        self._flush_change_log()
        if self._merge_entries:
            insert_many(self.connection, merge_log, self._merge_entries)
            self._merge_entries = []
        if self._applied:
            insert_many(self.connection, applied_mutation, self._applied)
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
        for key, touched in self._dirty.items():
            entity_name, row_id = key
            stored, current = self._stored[key], self._rows[key]
            if stored is None and current is not None:
                inserts[entity_name].append(current)
            elif stored is not None and current is None:
                deletes[entity_name].append({"id": row_id})
            elif stored is not None and current is not None:
                # Only update_row changes a stored row, and it names the fields it touched.
                changed = tuple(sorted(name for name in touched or () if stored.get(name) != current[name]))
                if changed:
                    parameters = {name: current[name] for name in changed}
                    parameters["id"] = row_id
                    updates[(entity_name, changed)].append(parameters)
            self._stored[key] = dict(current) if current is not None else None
        self._dirty = {}

        for entity_name, rows in inserts.items():
            insert_many(self.connection, ENTITY_TABLES[entity_name], rows)
        for (entity_name, names), parameters in updates.items():
            update_many(self.connection, ENTITY_TABLES[entity_name], names, ("id",), parameters)
        for entity_name, parameters in deletes.items():
            delete_many(self.connection, ENTITY_TABLES[entity_name], ("id",), parameters)

    def _flush_change_log(self) -> None:
        if not self._log_moved:
            return
        stale = [
            {"entity": entity_name, "row_id": row_id}
            for entity_name, row_id in self._log_moved
            if (entity_name, row_id) in self._log_in_database
        ]
        if stale:
            delete_many(self.connection, change_log, ("entity", "row_id"), stale)
        entries = []
        for key in self._log_moved:
            entry = self._log[key]
            assert entry is not None
            unit_id, prev_unit_id, deleted = entry
            entries.append(
                {"entity": key[0], "row_id": key[1], "unit_id": unit_id, "deleted": deleted, "prev_unit_id": prev_unit_id}
            )
            self._log_in_database.add(key)
        insert_many(self.connection, change_log, entries)
        self._log_moved = {}


# --- executemany without SQLAlchemy's per-row statement work ----------------------------------
#
# SQLAlchemy builds each parameter set of an executemany through the compiled
# statement. In a profiled push of 10,000 edits that took longer than SQLite's
# executemany calls themselves. On SQLite these helpers
# convert the values with the columns' own bind processors and hand the rows to
# the driver's executemany, so the stored forms are the ones SQLAlchemy writes.
# Other databases take the Core statements.


def select_many(
    connection: Connection, table: Table, names: list[str], equal: dict[str, Any], ids: list[uuid.UUID]
) -> list[dict[str, Any]]:
    """Return ``names`` of the rows whose id (``row_id`` in change_log) is in ``ids`` and whose ``equal`` columns match.

    On SQLite the ids go in one JSON parameter and the values come back
    through the columns' result processors, as a Core select returns them.
    """
    id_name = "row_id" if table is change_log else "id"
    if connection.dialect.name != "sqlite":
        found = []
        for start in range(0, len(ids), ID_CHUNK):
            query = select(*(table.c[name] for name in names)).where(
                table.c[id_name].in_(ids[start : start + ID_CHUNK]),
                *(table.c[name] == value for name, value in equal.items()),
            )
            found.extend(dict(row) for row in connection.execute(query).mappings())
        return found

    dialect = connection.dialect
    preparer = dialect.identifier_preparer
    conditions = [f"{preparer.quote(id_name)} IN (SELECT value FROM json_each(?))"]
    conditions.extend(f"{preparer.quote(name)} = ?" for name in equal)
    sql = (
        f"SELECT {', '.join(preparer.quote(name) for name in names)} FROM {preparer.format_table(table)} "
        f"WHERE {' AND '.join(conditions)}"
    )
    id_bind = table.c[id_name].type.dialect_impl(dialect).bind_processor(dialect)
    stored_ids = [id_bind(row_id) if id_bind is not None else row_id for row_id in ids]
    parameters = (json.dumps(stored_ids), *_bound_rows(connection, table, list(equal), [equal])[0])
    # Every processor of our column types maps NULL to None, so NULLs skip them.
    processors = [table.c[name].type.dialect_impl(dialect).result_processor(dialect, None) for name in names]
    columns = [(name, process) for name, process in zip(names, processors) if process is not None]
    found = []
    for record in connection.exec_driver_sql(sql, parameters):
        row = dict(zip(names, record))
        for name, process in columns:
            if row[name] is not None:
                row[name] = process(row[name])
        found.append(row)
    return found


def insert_many(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into ``table`` with one executemany."""
    if not rows:
        return
    names = list(rows[0])
    if connection.dialect.name != "sqlite" or any(row.keys() != rows[0].keys() for row in rows):
        connection.execute(insert(table), rows)
        return
    preparer = connection.dialect.identifier_preparer
    sql = (
        f"INSERT INTO {preparer.format_table(table)} ({', '.join(preparer.quote(name) for name in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    connection.exec_driver_sql(sql, _bound_rows(connection, table, names, rows))


def update_many(
    connection: Connection, table: Table, names: tuple[str, ...], keys: tuple[str, ...], rows: list[dict[str, Any]]
) -> None:
    """Set ``names`` of the rows matching ``keys``, one parameter dict per row, with one executemany."""
    if connection.dialect.name != "sqlite":
        statement = (
            update(table)
            .where(and_(*(table.c[key] == bindparam(f"b_{key}") for key in keys)))
            .values({name: bindparam(f"b_{name}") for name in names})
        )
        connection.execute(statement, [{f"b_{name}": value for name, value in row.items()} for row in rows])
        return
    preparer = connection.dialect.identifier_preparer
    sql = (
        f"UPDATE {preparer.format_table(table)} SET {', '.join(f'{preparer.quote(name)} = ?' for name in names)} "
        f"WHERE {' AND '.join(f'{preparer.quote(key)} = ?' for key in keys)}"
    )
    connection.exec_driver_sql(sql, _bound_rows(connection, table, [*names, *keys], rows))


def delete_many(connection: Connection, table: Table, keys: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    """Delete the rows matching ``keys``, one parameter dict per row, with one executemany."""
    if connection.dialect.name != "sqlite":
        statement = delete(table).where(and_(*(table.c[key] == bindparam(f"b_{key}") for key in keys)))
        connection.execute(statement, [{f"b_{name}": value for name, value in row.items()} for row in rows])
        return
    preparer = connection.dialect.identifier_preparer
    sql = f"DELETE FROM {preparer.format_table(table)} WHERE {' AND '.join(f'{preparer.quote(key)} = ?' for key in keys)}"
    connection.exec_driver_sql(sql, _bound_rows(connection, table, list(keys), rows))


def _bound_rows(
    connection: Connection, table: Table, names: list[str], rows: list[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """Return each row's ``names`` values as the database stores them, through the columns' bind processors."""
    # dialect_impl gives SQLite's own column types (its DATETIME writes text); the generic types would not.
    dialect = connection.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    if all(processor is None for processor in processors):
        return [tuple(row[name] for name in names) for row in rows]
    columns = list(zip(names, processors))
    bound = []
    for row in rows:
        bound.append(tuple(row[name] if process is None else process(row[name]) for name, process in columns))
    return bound
