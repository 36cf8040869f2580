"""The local SQLite copy of the user's data and its outbox.

Every local edit writes the row and its outbox entry in one transaction, so
an edit the user saw accepted survives a killed process. The sync engine
reads the outbox, records the server's outcomes and applies pulled pages
together with their cursor.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planmp_desktop.contract import codec
from planmp_desktop.contract.messages import Change, Mutation, MutationResult, PullResponse
from planmp_desktop.contract.schema import ENTITIES, Entity
from planmp_desktop.store import columns
from planmp_desktop.store.database import connect, migrate

log = logging.getLogger(__name__)

STATE_CURSOR = "cursor"
STATE_GENERATION = "generation_id"
STATE_LAST_SYNC = "last_sync_at"
STATE_LAST_ERROR = "last_error"
STATE_ACCOUNT = "account_oid"


@dataclass(frozen=True)
class CellEdit:
    """A new value for one field of one row, as a Python value."""

    entity: str
    row_id: uuid.UUID
    field: str
    value: Any


@dataclass(frozen=True)
class StoreStatus:
    pending: int
    conflicts: int
    rejected: int
    last_sync_at: dt.datetime | None
    last_error: str | None
    cursor: int


class LocalStore:
    """One connection to the local store; use one instance per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._connection = connect(path)
        migrate(self._connection)

    def close(self) -> None:
        self._connection.close()

    @property
    def connection(self) -> sqlite3.Connection:
        return self._connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block in one write transaction; roll back on any exception."""
        self._connection.execute("BEGIN IMMEDIATE")
        try:
            yield self._connection
        except BaseException:
            self._connection.execute("ROLLBACK")
            raise
        self._connection.execute("COMMIT")

    # --- reads -----------------------------------------------------------

    def fetch_row(self, entity_name: str, row_id: uuid.UUID) -> dict[str, Any] | None:
        entity = ENTITIES[entity_name]
        cursor = self._connection.execute(
            f"SELECT * FROM {columns.table_name(entity)} WHERE id = ?", (str(row_id),)
        )
        record = cursor.fetchone()
        if record is None:
            return None
        return _decode(entity, [d[0] for d in cursor.description], record)

    def fetch_rows(
        self,
        entity_name: str,
        where: str = "",
        params: Sequence[Any] = (),
        order_by: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Return rows as dicts of Python values; ``where`` and ``order_by`` are trusted SQL."""
        entity = ENTITIES[entity_name]
        sql = f"SELECT * FROM {columns.table_name(entity)}"
        if where:
            sql += f" WHERE {where}"
        if order_by:
            sql += f" ORDER BY {order_by}"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        cursor = self._connection.execute(sql, tuple(params))
        names = [d[0] for d in cursor.description]
        return [_decode(entity, names, record) for record in cursor.fetchall()]

    def count(self, entity_name: str, where: str = "", params: Sequence[Any] = ()) -> int:
        sql = f"SELECT COUNT(*) FROM {columns.table_name(ENTITIES[entity_name])}"
        if where:
            sql += f" WHERE {where}"
        return int(self._connection.execute(sql, tuple(params)).fetchone()[0])

    def pending_fields(self, entity_name: str) -> set[tuple[str, str]]:
        """Return (row id, field) pairs whose local value is not on the server yet."""
        cursor = self._connection.execute(
            "SELECT row_id, field FROM pending_field WHERE entity = ?", (entity_name,)
        )
        return {(row_id, field) for row_id, field in cursor}

    def conflict_fields(self, entity_name: str) -> set[tuple[str, str]]:
        cursor = self._connection.execute(
            "SELECT row_id, field FROM conflict WHERE entity = ? AND resolved_at IS NULL", (entity_name,)
        )
        return {(row_id, field) for row_id, field in cursor}

    def open_conflicts(self) -> list[dict[str, Any]]:
        cursor = self._connection.execute(
            "SELECT id, mutation_id, entity, row_id, field, base, local, server, reason, created_at "
            "FROM conflict WHERE resolved_at IS NULL ORDER BY id"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, record)) for record in cursor]

    def open_rejections(self) -> list[dict[str, Any]]:
        cursor = self._connection.execute(
            "SELECT mutation_id, entity, row_id, op, reason, created_at FROM rejection "
            "WHERE dismissed_at IS NULL ORDER BY created_at"
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, record)) for record in cursor]

    def status(self) -> StoreStatus:
        pending = self._connection.execute("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetchone()[0]
        conflicts = self._connection.execute(
            "SELECT COUNT(*) FROM conflict WHERE resolved_at IS NULL"
        ).fetchone()[0]
        rejected = self._connection.execute(
            "SELECT COUNT(*) FROM rejection WHERE dismissed_at IS NULL"
        ).fetchone()[0]
        last_sync = self.get_state(STATE_LAST_SYNC)
        return StoreStatus(
            pending=int(pending),
            conflicts=int(conflicts),
            rejected=int(rejected),
            last_sync_at=dt.datetime.fromisoformat(last_sync) if last_sync else None,
            last_error=self.get_state(STATE_LAST_ERROR),
            cursor=int(self.get_state(STATE_CURSOR) or 0),
        )

    def get_state(self, key: str) -> str | None:
        record = self._connection.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
        return None if record is None else record[0]

    def set_state(self, key: str, value: str | None) -> None:
        self._connection.execute(
            "INSERT INTO sync_state(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # --- local edits -----------------------------------------------------

    def write_edits(self, edits: Sequence[CellEdit]) -> list[uuid.UUID]:
        """Write cell edits and their outbox entries in one transaction.

        Edits of one row become one outbox entry whose base holds the local
        value of each changed field before the edit. Fields whose value does
        not change are left out; a row with nothing left writes no entry.
        Returns the new mutation ids.
        """
        by_row: dict[tuple[str, uuid.UUID], dict[str, Any]] = defaultdict(dict)
        for edit in edits:
            by_row[(edit.entity, edit.row_id)][edit.field] = edit.value

        mutation_ids: list[uuid.UUID] = []
        now = _utc_now()
        with self.transaction() as connection:
            for (entity_name, row_id), new_values in by_row.items():
                entity = ENTITIES[entity_name]
                current = self.fetch_row(entity_name, row_id)
                if current is None:
                    raise KeyError(f"{entity_name} {row_id} not found in the local store")
                base: dict[str, Any] = {}
                values: dict[str, Any] = {}
                for name, value in new_values.items():
                    field_type = entity.field(name).type
                    old_wire = codec.to_wire(field_type, current.get(name))
                    new_wire = codec.to_wire(field_type, value)
                    if old_wire != new_wire:
                        base[name] = old_wire
                        values[name] = new_wire
                if not values:
                    continue
                assignments = ", ".join(f'"{name}" = ?' for name in values)
                parameters = [columns.wire_to_sql(entity.field(n).type, v) for n, v in values.items()]
                connection.execute(
                    f"UPDATE {columns.table_name(entity)} SET {assignments} WHERE id = ?",
                    (*parameters, str(row_id)),
                )
                mutation_ids.append(
                    self._append_outbox(entity_name, row_id, "update", base, values, now=now)
                )
        return mutation_ids

    def insert_rows(self, entity_name: str, rows: Sequence[dict[str, Any]]) -> list[uuid.UUID]:
        """Insert new rows (Python values, ``id`` filled in when missing) with outbox entries."""
        entity = ENTITIES[entity_name]
        now = _utc_now()
        mutation_ids = []
        with self.transaction() as connection:
            for row in rows:
                row = dict(row)
                row.setdefault("id", uuid.uuid4())
                if row["id"] is None:
                    row["id"] = uuid.uuid4()
                wire = codec.row_to_wire(entity, row)
                names = [name for name in entity.field_names if name in wire]
                connection.execute(
                    f"INSERT INTO {columns.table_name(entity)} ({', '.join(_quote(n) for n in names)}) "
                    f"VALUES ({', '.join('?' for _ in names)})",
                    [columns.wire_to_sql(entity.field(n).type, wire[n]) for n in names],
                )
                values = {name: value for name, value in wire.items() if name != "id"}
                mutation_ids.append(
                    self._append_outbox(entity_name, row["id"], "insert", {}, values, now=now)
                )
        return mutation_ids

    def delete_rows(self, entity_name: str, row_ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
        entity = ENTITIES[entity_name]
        now = _utc_now()
        mutation_ids = []
        with self.transaction() as connection:
            for row_id in row_ids:
                connection.execute(f"DELETE FROM {columns.table_name(entity)} WHERE id = ?", (str(row_id),))
                mutation_ids.append(self._append_outbox(entity_name, row_id, "delete", {}, {}, now=now))
        return mutation_ids

    def enqueue_command(
        self, entity_name: str, row_id: uuid.UUID, command: str, comment: str | None = None
    ) -> uuid.UUID:
        """Queue a named command (e.g. ``submit``) for the server to validate and apply."""
        with self.transaction():
            return self._append_outbox(
                entity_name, row_id, "command", {}, {}, command=command, comment=comment, now=_utc_now()
            )

    def _append_outbox(
        self,
        entity_name: str,
        row_id: uuid.UUID,
        op: str,
        base: dict[str, Any],
        values: dict[str, Any],
        *,
        now: str,
        command: str | None = None,
        comment: str | None = None,
    ) -> uuid.UUID:
        mutation_id = uuid.uuid4()
        self._connection.execute(
            'INSERT INTO outbox(mutation_id, entity, row_id, op, base, "values", command, comment, created_at) '
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                str(mutation_id),
                entity_name,
                str(row_id),
                op,
                json.dumps(base, ensure_ascii=False),
                json.dumps(values, ensure_ascii=False),
                command,
                comment,
                now,
            ),
        )
        self._connection.executemany(
            "INSERT INTO pending_field(entity, row_id, field, mutations) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(entity, row_id, field) DO UPDATE SET mutations = mutations + 1",
            [(entity_name, str(row_id), name) for name in values],
        )
        return mutation_id

    # --- sync side -------------------------------------------------------

    def pending_mutations(self, limit: int) -> list[Mutation]:
        """Return the oldest pending outbox entries as contract mutations."""
        cursor = self._connection.execute(
            'SELECT mutation_id, entity, row_id, op, base, "values", command, comment, created_at '
            "FROM outbox WHERE state = 'pending' ORDER BY seq LIMIT ?",
            (limit,),
        )
        mutations = []
        for mutation_id, entity, row_id, op, base, values, command, comment, created_at in cursor:
            mutations.append(
                Mutation(
                    mutation_id=uuid.UUID(mutation_id),
                    entity=entity,
                    row_id=uuid.UUID(row_id),
                    op=op,
                    base=json.loads(base),
                    values=json.loads(values),
                    command=command,
                    comment=comment,
                    created_at=dt.datetime.fromisoformat(created_at),
                )
            )
        return mutations

    def apply_push_results(self, results: Sequence[MutationResult]) -> None:
        """Record the server's outcome of each pushed mutation in one transaction."""
        now = _utc_now()
        with self.transaction() as connection:
            for result in results:
                record = connection.execute(
                    'SELECT entity, row_id, op, base, "values" FROM outbox WHERE mutation_id = ?',
                    (str(result.mutation_id),),
                ).fetchone()
                if record is None:
                    log.warning("Push result for unknown mutation %s ignored", result.mutation_id)
                    continue
                entity_name, row_id, op, base_json, values_json = record
                base = json.loads(base_json)
                values = json.loads(values_json)

                if result.outcome in ("applied", "merged", "duplicate"):
                    connection.execute("DELETE FROM outbox WHERE mutation_id = ?", (str(result.mutation_id),))
                    self._release_pending(entity_name, row_id, values)
                    if result.server_values:
                        self._take_server_values(entity_name, row_id, result.server_values)
                elif result.outcome == "conflict":
                    connection.execute(
                        "UPDATE outbox SET state = 'conflict' WHERE mutation_id = ?", (str(result.mutation_id),)
                    )
                    conflicted = set(result.conflict_fields) or set(values)
                    server_values = result.server_values or {}
                    for name in sorted(conflicted):
                        connection.execute(
                            "INSERT INTO conflict(mutation_id, entity, row_id, field, base, local, server, "
                            "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (
                                str(result.mutation_id),
                                entity_name,
                                row_id,
                                name,
                                json.dumps(base.get(name), ensure_ascii=False),
                                json.dumps(values.get(name), ensure_ascii=False),
                                json.dumps(server_values.get(name), ensure_ascii=False),
                                result.reason,
                                now,
                            ),
                        )
                    merged = {name: value for name, value in values.items() if name not in conflicted}
                    self._release_pending(entity_name, row_id, merged)
                else:
                    connection.execute(
                        "UPDATE outbox SET state = 'rejected', last_error = ? WHERE mutation_id = ?",
                        (result.reason, str(result.mutation_id)),
                    )
                    connection.execute(
                        "INSERT OR REPLACE INTO rejection(mutation_id, entity, row_id, op, reason, created_at) "
                        "VALUES (?, ?, ?, ?, ?, ?)",
                        (str(result.mutation_id), entity_name, row_id, op, result.reason or "", now),
                    )

    def _release_pending(self, entity_name: str, row_id: str, values: dict[str, Any]) -> None:
        for name in values:
            self._connection.execute(
                "UPDATE pending_field SET mutations = mutations - 1 WHERE entity = ? AND row_id = ? AND field = ?",
                (entity_name, row_id, name),
            )
        self._connection.execute("DELETE FROM pending_field WHERE mutations <= 0")

    def _take_server_values(self, entity_name: str, row_id: str, wire_values: dict[str, Any]) -> None:
        entity = ENTITIES[entity_name]
        pending = {
            field
            for (field,) in self._connection.execute(
                "SELECT field FROM pending_field WHERE entity = ? AND row_id = ?", (entity_name, row_id)
            )
        }
        updates = {n: v for n, v in wire_values.items() if entity.has_field(n) and n != "id" and n not in pending}
        if not updates:
            return
        assignments = ", ".join(f"{_quote(n)} = ?" for n in updates)
        self._connection.execute(
            f"UPDATE {columns.table_name(entity)} SET {assignments} WHERE id = ?",
            (*[columns.wire_to_sql(entity.field(n).type, v) for n, v in updates.items()], row_id),
        )

    def apply_pull_page(self, page: PullResponse) -> None:
        """Apply a pulled page and store its cursor in the same transaction.

        Fields with pending local edits keep their local value (rebase); the
        other fields take the server's.
        """
        by_entity: dict[str, list[Change]] = defaultdict(list)
        for change in page.changes:
            if change.entity in ENTITIES:
                by_entity[change.entity].append(change)
            else:
                log.warning("Pulled change of unknown entity %r skipped", change.entity)

        with self.transaction():
            for entity_name, changes in by_entity.items():
                self._apply_changes(ENTITIES[entity_name], changes)
            self.set_state(STATE_CURSOR, str(page.cursor))
            self.set_state(STATE_GENERATION, page.generation_id)

    def _apply_changes(self, entity: Entity, changes: list[Change]) -> None:
        table = columns.table_name(entity)
        pending_by_row: dict[str, set[str]] = defaultdict(set)
        for row_id, field in self.pending_fields(entity.name):
            pending_by_row[row_id].add(field)

        names = entity.field_names
        upsert_sql = (
            f"INSERT INTO {table} ({', '.join(_quote(n) for n in names)}) "
            f"VALUES ({', '.join('?' for _ in names)}) ON CONFLICT(id) DO UPDATE SET "
            + ", ".join(f"{_quote(n)} = excluded.{_quote(n)}" for n in names if n != "id")
        )
        plain_rows = []
        deleted_ids = []
        for change in changes:
            row_id = str(change.row_id)
            if change.deleted:
                deleted_ids.append((row_id,))
                continue
            values = dict(change.values or {})
            values["id"] = row_id
            pending = pending_by_row.get(row_id)
            if pending:
                self._rebase_row(entity, row_id, values, pending)
                continue
            plain_rows.append([columns.wire_to_sql(entity.field(n).type, values.get(n)) for n in names])
        if plain_rows:
            self._connection.executemany(upsert_sql, plain_rows)
        if deleted_ids:
            self._connection.executemany(f"DELETE FROM {table} WHERE id = ?", deleted_ids)

    def _rebase_row(self, entity: Entity, row_id: str, values: dict[str, Any], pending: set[str]) -> None:
        table = columns.table_name(entity)
        exists = self._connection.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if exists is None:
            names = [n for n in entity.field_names]
            self._connection.execute(
                f"INSERT INTO {table} ({', '.join(_quote(n) for n in names)}) VALUES ({', '.join('?' for _ in names)})",
                [columns.wire_to_sql(entity.field(n).type, values.get(n)) for n in names],
            )
            return
        updates = {n: values.get(n) for n in entity.field_names if n != "id" and n not in pending}
        assignments = ", ".join(f"{_quote(n)} = ?" for n in updates)
        self._connection.execute(
            f"UPDATE {table} SET {assignments} WHERE id = ?",
            (*[columns.wire_to_sql(entity.field(n).type, v) for n, v in updates.items()], row_id),
        )

    def reset_replica(self) -> None:
        """Forget the server's rows and the cursor, keeping every pending edit.

        Used when the server's generation id changes (restored from a backup)
        or when another account signs in on this store.
        """
        with self.transaction() as connection:
            for entity in ENTITIES.values():
                connection.execute(
                    f"DELETE FROM {columns.table_name(entity)} WHERE id NOT IN "
                    "(SELECT row_id FROM outbox WHERE entity = ?)",
                    (entity.name,),
                )
            self.set_state(STATE_CURSOR, "0")


def _quote(name: str) -> str:
    return f'"{name}"'


def _decode(entity: Entity, names: list[str], record: Sequence[Any]) -> dict[str, Any]:
    row = {}
    for name, value in zip(names, record):
        row[name] = columns.from_sql(entity.field(name).type, value) if entity.has_field(name) else value
    return row


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()
