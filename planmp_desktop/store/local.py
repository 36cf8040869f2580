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
import operator
import re
import sqlite3
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from planmp_desktop.contract import codec
from planmp_desktop.contract.ids import time_ordered_id_texts, time_ordered_uuid
from planmp_desktop.contract.schema import ENTITIES, Entity, FieldType
from planmp_desktop.store import columns
from planmp_desktop.store.database import BUSY_TIMEOUT_S, BackgroundCheckpoints, ReadAhead, connect, migrate

if TYPE_CHECKING:
    # The pydantic messages cost about as much to import as Qt itself, and opening
    # the sheet needs none of them: the functions that build messages import them.
    from planmp_desktop.contract.messages import BackfillResponse, Change, Mutation, MutationResult, PullResponse, Scope

log = logging.getLogger(__name__)

# The WHERE clause, over ``plan_item p``, of the items of one plan.
PLAN_ITEMS_WHERE = "p.plan_id = ?"

STATE_CURSOR = "cursor"
STATE_GENERATION = "generation_id"
STATE_LAST_SYNC = "last_sync_at"
STATE_LAST_ERROR = "last_error"
STATE_ACCOUNT = "account_oid"
STATE_SCOPE = "scope"
STATE_BACKFILL_UNITS = "backfill_units"
STATE_BACKFILL_AFTER = "backfill_after"

# Sync runs in a row a mutation may fail (the server returning 4xx or 5xx for
# the request that carries it) before it moves to "precisa de atenção" and
# stops being pushed until the user retries it.
MAX_PUSH_ATTEMPTS = 5

CONFLICT_CHOICES = ("mine", "theirs", "edit")

# Field types whose SQLite column form differs from their wire form (see columns.wire_to_sql).
_CONVERTED_TYPES = frozenset(
    {FieldType.MONEY, FieldType.DECIMAL, FieldType.BOOL, FieldType.JSON, FieldType.TIMESTAMP}
)


@dataclass(frozen=True)
class CellEdit:
    """A new value for one field of one row, as a Python value."""

    entity: str
    row_id: uuid.UUID
    field: str
    value: Any


@dataclass(frozen=True)
class StoreStatus:
    """Counts the status bar shows; ``pending`` counts only entries still to be pushed."""

    pending: int
    conflicts: int
    rejected: int
    last_sync_at: dt.datetime | None
    last_error: str | None
    cursor: int
    attention: int = 0
    quarantined: int = 0
    backfilling: bool = False


def count_rows_sql(entity_name: str, where: str) -> str:
    """Return the query counting the rows of ``entity_name`` (as ``p``) that match ``where``."""
    return f'SELECT count(*) FROM "{entity_name}" p WHERE {where}'


class LocalStore:
    """One connection to the local store; use one instance per thread."""

    def __init__(self, path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> None:
        self.path = path
        self._connection = connect(path, busy_timeout_s)
        migrate(self._connection)
        self._checkpoints = BackgroundCheckpoints(path)
        self._checkpoints.pause_automatic(self._connection)
        self._read_ahead: ReadAhead | None = None

    def close(self) -> None:
        self._checkpoints.stop()
        self._connection.close()

    @property
    def connection(self) -> sqlite3.Connection:
        return self._connection

    def set_busy_timeout(self, seconds: float) -> None:
        """Set how long a write waits for another connection's lock before it fails as "database is locked"."""
        self._connection.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

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
        self._checkpoints.request()

    # --- reads -----------------------------------------------------------

    def read_ahead(self, queries: Sequence[tuple[str, Sequence[Any]]]) -> None:
        """Start running read ``queries`` (SQL and parameters) on a thread, for ``take_read_ahead`` to collect."""
        self._read_ahead = ReadAhead(
            self.path, [(sql, tuple(params)) for sql, params in queries], self._write_version()
        )

    def take_read_ahead(self, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]] | None:
        """Return the rows ``read_ahead`` read for ``sql`` and ``params``, or None to run the query now.

        None too when the store changed after the read-ahead was requested,
        so its rows could be out of date.
        """
        read_ahead = self._read_ahead
        if read_ahead is None:
            return None
        rows = read_ahead.take(sql, tuple(params))
        if rows is not None and read_ahead.version != self._write_version():
            self._read_ahead = None
            return None
        return rows

    def _write_version(self) -> tuple[int, int]:
        """Return what changes with any write: this connection's row changes and other connections' commits."""
        (data_version,) = self._connection.execute("PRAGMA data_version").fetchone()
        return self._connection.total_changes, data_version

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

    def server_rejected_fields(self, entity_name: str) -> dict[tuple[str, str], str]:
        """Return {(row id, field): the server's reason} of the fields whose last local change the server rejected.

        A field edited again after the rejection is left out, because its
        newer edit is pending. Only rows with a rejected outbox entry are read.
        """
        cursor = self._connection.execute(
            'SELECT outbox.row_id, value_field.key, outbox.state, outbox.last_error '
            'FROM outbox, json_each(outbox."values") AS value_field '
            "WHERE outbox.entity = ? AND outbox.row_id IN "
            "(SELECT row_id FROM outbox WHERE entity = ? AND state = 'rejected') "
            "ORDER BY outbox.seq",
            (entity_name, entity_name),
        )
        last_state: dict[tuple[str, str], tuple[str, str]] = {}
        for row_id, field_name, state, reason in cursor:
            last_state[(row_id, field_name)] = (state, reason or "")
        return {key: reason for key, (state, reason) in last_state.items() if state == "rejected"}

    def pending_insert_rows(self, entity_name: str) -> set[str]:
        """Return the ids of rows whose insert is still in the outbox (bulk imports mark no fields of them)."""
        cursor = self._connection.execute(
            "SELECT DISTINCT row_id FROM outbox WHERE entity = ? AND op = 'insert'", (entity_name,)
        )
        return {row_id for (row_id,) in cursor}

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
        attention = self._connection.execute("SELECT COUNT(*) FROM outbox WHERE state = 'attention'").fetchone()[0]
        quarantined = self._connection.execute(
            "SELECT COUNT(*) FROM quarantine WHERE exported_at IS NULL"
        ).fetchone()[0]
        last_sync = self.get_state(STATE_LAST_SYNC)
        return StoreStatus(
            pending=int(pending),
            conflicts=int(conflicts),
            rejected=int(rejected),
            last_sync_at=dt.datetime.fromisoformat(last_sync) if last_sync else None,
            last_error=self.get_state(STATE_LAST_ERROR),
            cursor=int(self.get_state(STATE_CURSOR) or 0),
            attention=int(attention),
            quarantined=int(quarantined),
            backfilling=bool(self.get_state(STATE_BACKFILL_UNITS)),
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

        Edits of one row become one outbox entry whose base contains the local
        value of each changed field before the edit. Fields whose value does
        not change are left out; a row with nothing left writes no entry.
        Returns the new mutation ids.
        """
        by_row: dict[tuple[str, uuid.UUID], dict[str, Any]] = defaultdict(dict)
        for edit in edits:
            by_row[(edit.entity, edit.row_id)][edit.field] = edit.value

        mutation_ids: list[str] = []
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
        mutation_id = time_ordered_uuid()
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

    def pending_mutations(self, limit: int, exclude: Collection[uuid.UUID] = ()) -> list[Mutation]:
        """Return up to ``limit`` of the oldest pushable outbox entries as contract mutations.

        An entry waits, with every later entry of its row, when its row has an
        earlier entry in ``exclude`` (failed in this sync run), in "precisa de
        atenção", or a rejected insert. A command (such as ``submit``) also
        waits until every earlier edit of its row has been acknowledged by the
        server, so a plan item is never sent for approval ahead of its edits.
        """
        from planmp_desktop.contract.messages import Mutation

        excluded = {str(mutation_id) for mutation_id in exclude}
        cursor = self._connection.execute(
            'SELECT mutation_id, entity, row_id, op, base, "values", command, comment, created_at, '
            "EXISTS (SELECT 1 FROM outbox AS earlier WHERE earlier.entity = outbox.entity "
            "AND earlier.row_id = outbox.row_id AND earlier.seq < outbox.seq) AS has_earlier, "
            "EXISTS (SELECT 1 FROM outbox AS earlier WHERE earlier.entity = outbox.entity "
            "AND earlier.row_id = outbox.row_id AND earlier.seq < outbox.seq AND (earlier.state = 'attention' "
            "OR (earlier.state = 'rejected' AND earlier.op = 'insert'))) AS blocked "
            "FROM outbox WHERE state = 'pending' ORDER BY seq"
        )
        mutations: list[Mutation] = []
        waiting_rows: set[tuple[str, str]] = set()
        batch_rows: set[tuple[str, str]] = set()
        for mutation_id, entity, row_id, op, base, values, command, comment, created_at, has_earlier, blocked in cursor:
            if len(mutations) >= limit:
                break
            row_key = (entity, row_id)
            if row_key in waiting_rows:
                continue
            waits = mutation_id in excluded or bool(blocked)
            if op == "command" and (has_earlier or row_key in batch_rows):
                waits = True
            if waits:
                waiting_rows.add(row_key)
                continue
            batch_rows.add(row_key)
            # The outbox holds only what this store wrote, so the fields skip pydantic's validation.
            mutations.append(
                Mutation.model_construct(
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
            records = self._outbox_records([str(result.mutation_id) for result in results])
            # Accepted mutations are removed and their pending fields released in bulk.
            accepted: list[tuple[str]] = []
            released: list[tuple[str, str, str]] = []

            def write_accepted() -> None:
                connection.executemany("DELETE FROM outbox WHERE mutation_id = ?", accepted)
                connection.executemany(
                    "UPDATE pending_field SET mutations = mutations - 1 WHERE entity = ? AND row_id = ? AND field = ?",
                    released,
                )
                connection.execute("DELETE FROM pending_field WHERE mutations <= 0")
                accepted.clear()
                released.clear()

            for result in results:
                record = records.get(str(result.mutation_id))
                if record is None:
                    log.warning("Push result for unknown mutation %s ignored", result.mutation_id)
                    continue
                entity_name, row_id, op, base_json, values_json = record
                base = json.loads(base_json)
                values = json.loads(values_json)

                if result.outcome in ("applied", "merged", "duplicate"):
                    accepted.append((str(result.mutation_id),))
                    released.extend((entity_name, row_id, name) for name in values)
                    if result.server_values:
                        write_accepted()  # the server's values skip fields still pending
                        self._take_server_values(entity_name, row_id, result.server_values)
                elif result.outcome == "conflict":
                    connection.execute(
                        "UPDATE outbox SET state = 'conflict' WHERE mutation_id = ?", (str(result.mutation_id),)
                    )
                    conflicted = set(result.conflict_fields) or set(values)
                    server_values = result.server_values or {}
                    for name in sorted(conflicted):
                        if name in values:
                            base_wire, local_wire = base.get(name), values[name]
                        else:
                            # A field the mutation did not send, in a rule the merge would break: the
                            # user's value is the one in this copy, unchanged by them.
                            base_wire = local_wire = self._local_wire(entity_name, row_id, name)
                        connection.execute(
                            "INSERT INTO conflict(mutation_id, entity, row_id, field, base, local, server, "
                            "reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (
                                str(result.mutation_id),
                                entity_name,
                                row_id,
                                name,
                                json.dumps(base_wire, ensure_ascii=False),
                                json.dumps(local_wire, ensure_ascii=False),
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
            write_accepted()

    def _outbox_records(self, mutation_ids: list[str]) -> dict[str, tuple[Any, ...]]:
        """Return entity, row id, op, base and values of each outbox entry, by mutation id."""
        records: dict[str, tuple[Any, ...]] = {}
        for start in range(0, len(mutation_ids), 500):
            chunk = mutation_ids[start : start + 500]
            cursor = self._connection.execute(
                'SELECT mutation_id, entity, row_id, op, base, "values" FROM outbox '
                f"WHERE mutation_id IN ({', '.join('?' for _ in chunk)})",
                chunk,
            )
            for mutation_id, *record in cursor:
                records[mutation_id] = tuple(record)
        return records

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

    def apply_pull_page(self, page: PullResponse, before_commit: Callable[[], None] | None = None) -> None:
        """Apply a pulled page and store its cursor in the same transaction.

        Fields with pending local edits keep their local value (rebase); the
        other fields take the server's. When the page's scope differs from the
        stored one, rows of units that left it are purged (their pending edits
        go to the quarantine) and units that joined it are queued for backfill,
        in the same transaction. ``before_commit`` runs just before the commit
        (fault injection in tests).
        """
        with self.transaction():
            if page.scope is not None:
                self._change_scope(page.scope)
            self._apply_change_list(page.changes)
            self.set_state(STATE_CURSOR, str(page.cursor))
            self.set_state(STATE_GENERATION, page.generation_id)
            if before_commit is not None:
                before_commit()

    def _apply_change_list(self, changes: Sequence[Change]) -> None:
        by_entity: dict[str, list[Change]] = defaultdict(list)
        for change in changes:
            if change.entity in ENTITIES:
                by_entity[change.entity].append(change)
            else:
                log.warning("Pulled change of unknown entity %r skipped", change.entity)
        for entity_name, entity_changes in by_entity.items():
            self._apply_changes(ENTITIES[entity_name], entity_changes)

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
        # Only these types differ between wire and column form; the rest pass through as they are.
        # Amounts repeat across rows, so each column keeps the column form of the texts it has seen.
        converted: list[tuple[int, Callable[[Any], Any], dict[str, Any]]] = [
            (index, _pulled_value_converter(entity.field(name).type), {})
            for index, name in enumerate(names)
            if entity.field(name).type in _CONVERTED_TYPES
        ]
        id_index = names.index("id")
        take_fields = operator.itemgetter(*names)
        plain_rows = []
        deleted_ids = []
        for change in changes:
            row_id = str(change.row_id)
            if change.deleted:
                deleted_ids.append((row_id,))
                continue
            pending = pending_by_row.get(row_id)
            if pending:
                values = dict(change.values or {})
                values["id"] = row_id
                self._rebase_row(entity, row_id, values, pending)
                continue
            wire_values = change.values or {}
            try:
                record = list(take_fields(wire_values))
            except KeyError:  # a row sent without some fields stores NULL in them
                record = [wire_values.get(name) for name in names]
            record[id_index] = row_id
            for index, convert, seen in converted:
                value = record[index]
                if value is None:
                    continue
                if type(value) is str:
                    stored = seen.get(value)
                    if stored is None:
                        stored = seen[value] = convert(value)
                    record[index] = stored
                else:
                    record[index] = convert(value)
            plain_rows.append(record)
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
        """Forget the server's rows, the cursor, the scope and any backfill, keeping every pending edit.

        Rows with an outbox entry in any state (pending, conflict, rejected,
        needing attention) stay, with their local values, so the pull from
        cursor 0 rebases them. Used when the server's generation id changes
        (restored from a backup) or when another account signs in on this store.
        """
        with self.transaction() as connection:
            for entity in ENTITIES.values():
                connection.execute(
                    f"DELETE FROM {columns.table_name(entity)} WHERE id NOT IN "
                    "(SELECT row_id FROM outbox WHERE entity = ?)",
                    (entity.name,),
                )
            self.set_state(STATE_CURSOR, "0")
            self.set_state(STATE_SCOPE, None)
            self.set_state(STATE_BACKFILL_UNITS, None)
            self.set_state(STATE_BACKFILL_AFTER, None)

    # --- failed pushes and "precisa de atenção" ------------------------------

    def record_push_failure(self, mutation_ids: Collection[uuid.UUID], message: str) -> list[uuid.UUID]:
        """Count one failed sync run for each mutation; return those that now need attention."""
        ids = [str(mutation_id) for mutation_id in mutation_ids]
        with self.transaction() as connection:
            connection.executemany(
                "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE mutation_id = ? AND state = 'pending'",
                [(message, mutation_id) for mutation_id in ids],
            )
            moved = [
                uuid.UUID(mutation_id)
                for (mutation_id,) in connection.execute(
                    f"SELECT mutation_id FROM outbox WHERE state = 'pending' AND attempts >= ? "
                    f"AND mutation_id IN ({', '.join('?' for _ in ids)})",
                    (MAX_PUSH_ATTEMPTS, *ids),
                )
            ]
            connection.executemany(
                "UPDATE outbox SET state = 'attention' WHERE mutation_id = ?", [(str(m),) for m in moved]
            )
        for mutation_id in moved:
            log.warning("Mutation %s failed %d sync runs; it needs attention", mutation_id, MAX_PUSH_ATTEMPTS)
        return moved

    def attention_entries(self) -> list[dict[str, Any]]:
        """Return outbox entries that stopped being pushed after repeated failures, oldest first."""
        cursor = self._connection.execute(
            'SELECT mutation_id, entity, row_id, op, "values", command, attempts, last_error, created_at '
            "FROM outbox WHERE state = 'attention' ORDER BY seq"
        )
        names = [d[0] for d in cursor.description]
        entries = [dict(zip(names, record)) for record in cursor]
        for entry in entries:
            entry["values"] = json.loads(entry["values"])
        return entries

    def retry_attention(self, mutation_ids: Collection[uuid.UUID] | None = None) -> int:
        """Put entries needing attention (all when ``mutation_ids`` is None) back in the queue."""
        with self.transaction() as connection:
            if mutation_ids is None:
                cursor = connection.execute(
                    "UPDATE outbox SET state = 'pending', attempts = 0 WHERE state = 'attention'"
                )
                return cursor.rowcount
            count = 0
            for mutation_id in mutation_ids:
                count += connection.execute(
                    "UPDATE outbox SET state = 'pending', attempts = 0 WHERE state = 'attention' AND mutation_id = ?",
                    (str(mutation_id),),
                ).rowcount
            return count

    def unsynced_entries(self, entity_name: str, row_id: uuid.UUID) -> int:
        """Count the row's outbox entries the server has not acknowledged (any state)."""
        record = self._connection.execute(
            "SELECT COUNT(*) FROM outbox WHERE entity = ? AND row_id = ?", (entity_name, str(row_id))
        ).fetchone()
        return int(record[0])

    # --- conflicts -------------------------------------------------------------

    def _local_wire(self, entity_name: str, row_id: str, field_name: str) -> Any:
        """Return the wire form of one field of a local row, or None when the row is gone."""
        entity = ENTITIES[entity_name]
        record = self._connection.execute(
            f"SELECT {_quote(field_name)} FROM {columns.table_name(entity)} WHERE id = ?", (row_id,)
        ).fetchone()
        if record is None:
            return None
        return columns.sql_to_wire(entity.field(field_name).type, record[0])


    def resolve_conflict(self, conflict_id: int, choice: str, value: Any = None) -> uuid.UUID:
        """Resolve one conflicting field by queueing a new update; return its mutation id.

        ``choice`` is "mine" (send the local value again, now based on the
        server's), "theirs" (take the server's value) or "edit" (``value``, a
        Python value of the field's type). The row takes the chosen value at
        once; the server audits the new update like any other. When the last
        open conflict of a mutation is resolved its outbox entry is dropped.
        """
        if choice not in CONFLICT_CHOICES:
            raise ValueError(f"Conflict choice {choice!r} is not one of {CONFLICT_CHOICES}")
        with self.transaction() as connection:
            record = connection.execute(
                "SELECT mutation_id, entity, row_id, field, local, server FROM conflict "
                "WHERE id = ? AND resolved_at IS NULL",
                (conflict_id,),
            ).fetchone()
            if record is None:
                raise KeyError(f"Conflict {conflict_id} not found or already resolved")
            mutation_id, entity_name, row_id, field_name, local_json, server_json = record
            entity = ENTITIES[entity_name]
            server_wire = json.loads(server_json) if server_json is not None else None
            if choice == "mine":
                chosen = json.loads(local_json) if local_json is not None else None
            elif choice == "theirs":
                chosen = server_wire
            else:
                chosen = codec.to_wire(entity.field(field_name).type, value)

            connection.execute(
                f"UPDATE {columns.table_name(entity)} SET {_quote(field_name)} = ? WHERE id = ?",
                (columns.wire_to_sql(entity.field(field_name).type, chosen), row_id),
            )
            self._release_pending(entity_name, row_id, {field_name: None})
            new_mutation = self._append_outbox(
                entity_name,
                uuid.UUID(row_id),
                "update",
                {field_name: server_wire},
                {field_name: chosen},
                now=_utc_now(),
            )
            connection.execute(
                "UPDATE conflict SET resolved_at = ?, resolution = ?, resolution_mutation_id = ? WHERE id = ?",
                (_utc_now(), choice, str(new_mutation), conflict_id),
            )
            still_open = connection.execute(
                "SELECT COUNT(*) FROM conflict WHERE mutation_id = ? AND resolved_at IS NULL", (mutation_id,)
            ).fetchone()[0]
            if not still_open:
                connection.execute("DELETE FROM outbox WHERE mutation_id = ? AND state = 'conflict'", (mutation_id,))
        log.info("Conflict %d on %s %s.%s resolved as %s", conflict_id, entity_name, row_id, field_name, choice)
        return new_mutation

    # --- rejections -------------------------------------------------------------

    def rejection_groups(self) -> list[list[dict[str, Any]]]:
        """Return open rejections grouped so a rejected insert comes first with the rejections that depend on it.

        A rejection depends on a rejected insert when it concerns the same row
        or, for plan items, a row whose parent is the inserted row.
        """
        rejections = self.open_rejections()
        inserts = {r["row_id"]: r for r in rejections if r["op"] == "insert"}
        groups: dict[str, list[dict[str, Any]]] = {}
        order: list[str] = []
        for rejection in rejections:
            root = self._rejected_root(rejection, inserts)
            if root not in groups:
                groups[root] = []
                order.append(root)
            groups[root].append(rejection)
        for members in groups.values():
            members.sort(key=lambda r: (r["op"] != "insert" or r["row_id"] not in inserts, r["created_at"]))
        return [groups[root] for root in order]

    def _rejected_root(self, rejection: dict[str, Any], inserts: dict[str, dict[str, Any]]) -> str:
        row_id = rejection["row_id"]
        seen: set[str] = set()
        root = rejection["mutation_id"]
        while row_id not in seen:
            seen.add(row_id)
            if row_id in inserts:
                root = inserts[row_id]["mutation_id"]
            parent = self._connection.execute(
                "SELECT parent_id FROM plan_item WHERE id = ?", (row_id,)
            ).fetchone() if rejection["entity"] == "plan_item" else None
            if parent is None or parent[0] is None:
                break
            row_id = parent[0]
        return root

    def dismiss_rejection(self, mutation_id: uuid.UUID) -> None:
        """Discard a rejected change: hide it, drop its outbox entry and restore the server's values.

        A rejected update's fields go back to their base values (the server's
        values), unless a later pending edit of the same field remains. A
        rejected insert's row, which exists only here, is deleted unless
        other pending edits of that row remain.
        """
        with self.transaction() as connection:
            record = connection.execute(
                'SELECT entity, row_id, op, base, "values" FROM outbox WHERE mutation_id = ? AND state = \'rejected\'',
                (str(mutation_id),),
            ).fetchone()
            if record is not None:
                entity_name, row_id, op, base_json, values_json = record
                self._release_pending(entity_name, row_id, json.loads(values_json))
                connection.execute("DELETE FROM outbox WHERE mutation_id = ?", (str(mutation_id),))
                if op == "update":
                    self._restore_base(entity_name, row_id, json.loads(base_json))
                elif op == "insert":
                    self._drop_local_insert(entity_name, row_id)
            connection.execute(
                "UPDATE rejection SET dismissed_at = ? WHERE mutation_id = ?", (_utc_now(), str(mutation_id))
            )

    def _restore_base(self, entity_name: str, row_id: str, base: dict[str, Any]) -> None:
        entity = ENTITIES[entity_name]
        still_pending = {
            field
            for (field,) in self._connection.execute(
                "SELECT field FROM pending_field WHERE entity = ? AND row_id = ?", (entity_name, row_id)
            )
        }
        restore = {name: value for name, value in base.items() if entity.has_field(name) and name not in still_pending}
        if not restore:
            return
        assignments = ", ".join(f"{_quote(name)} = ?" for name in restore)
        self._connection.execute(
            f"UPDATE {columns.table_name(entity)} SET {assignments} WHERE id = ?",
            (*[columns.wire_to_sql(entity.field(n).type, v) for n, v in restore.items()], row_id),
        )

    def _drop_local_insert(self, entity_name: str, row_id: str) -> None:
        others = self._connection.execute(
            "SELECT 1 FROM outbox WHERE entity = ? AND row_id = ? LIMIT 1", (entity_name, row_id)
        ).fetchone()
        if others is None:
            self._connection.execute(
                f"DELETE FROM {columns.table_name(ENTITIES[entity_name])} WHERE id = ?", (row_id,)
            )
            self._connection.execute(
                "DELETE FROM pending_field WHERE entity = ? AND row_id = ?", (entity_name, row_id)
            )

    # --- scope, backfill and quarantine ------------------------------------------

    def stored_scope(self) -> Scope | None:
        from planmp_desktop.contract.messages import Scope

        value = self.get_state(STATE_SCOPE)
        return None if value is None else Scope.model_validate_json(value)

    def backfill_state(self) -> tuple[list[uuid.UUID], int]:
        """Return the granted units still to backfill and the change number to continue after."""
        units = self.get_state(STATE_BACKFILL_UNITS)
        if not units:
            return [], 0
        return [uuid.UUID(u) for u in json.loads(units)], int(self.get_state(STATE_BACKFILL_AFTER) or 0)

    def apply_backfill_page(self, page: BackfillResponse, before_commit: Callable[[], None] | None = None) -> None:
        """Apply a backfill page and its position in one transaction; the last page ends the backfill."""
        with self.transaction():
            self._apply_change_list(page.changes)
            if page.has_more:
                self.set_state(STATE_BACKFILL_AFTER, str(page.after))
            else:
                self.set_state(STATE_BACKFILL_UNITS, None)
                self.set_state(STATE_BACKFILL_AFTER, None)
            if before_commit is not None:
                before_commit()

    def _change_scope(self, scope: Scope) -> None:
        """Purge rows outside ``scope`` and queue newly granted units for backfill (inside a transaction)."""
        stored = self.stored_scope()
        new_json = scope.model_dump_json()
        if stored is not None and stored.model_dump_json() == new_json:
            return
        self.set_state(STATE_SCOPE, new_json)
        if stored is None:
            return  # first scope seen: the pull from cursor 0 brings every row of it

        if not scope.all_units:
            allowed = {str(unit_id) for unit_id in scope.unit_ids}
            for entity in ENTITIES.values():
                if entity.scope_field is not None:
                    self._purge_outside(entity, allowed)

        if scope.all_units:
            known = {row_id for (row_id,) in self._connection.execute("SELECT id FROM unit")}
        else:
            known = {str(unit_id) for unit_id in scope.unit_ids}
        previous = None if stored.all_units else {str(unit_id) for unit_id in stored.unit_ids}
        granted = set() if previous is None else known - previous
        if granted:
            waiting, _after = self.backfill_state()
            units = sorted(granted | {str(unit_id) for unit_id in waiting})
            self.set_state(STATE_BACKFILL_UNITS, json.dumps(units))
            self.set_state(STATE_BACKFILL_AFTER, "0")
            log.info("Scope grew by %d unit(s); backfill queued", len(granted))

    def _purge_outside(self, entity: Entity, allowed: set[str]) -> None:
        table = columns.table_name(entity)
        scope_field = _quote(entity.scope_field or "")
        placeholders = ", ".join("?" for _ in allowed) or "NULL"
        cursor = self._connection.execute(
            f"SELECT * FROM {table} WHERE {scope_field} IS NOT NULL AND {scope_field} NOT IN ({placeholders})",
            tuple(allowed),
        )
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, record)) for record in cursor.fetchall()]
        if not rows:
            return
        now = _utc_now()
        quarantined = 0
        for row in rows:
            quarantined += self._quarantine_row(entity, row, now)
        self._connection.executemany(f"DELETE FROM {table} WHERE id = ?", [(row["id"],) for row in rows])
        log.warning(
            "Scope shrank: %d %s row(s) purged, %d pending edit(s) quarantined", len(rows), entity.name, quarantined
        )

    def _quarantine_row(self, entity: Entity, row: dict[str, Any], now: str) -> int:
        """Move the row's outbox entries to the quarantine and close its conflicts and rejections."""
        row_id = row["id"]
        snapshot = json.dumps(row, ensure_ascii=False, default=str)
        entries = self._connection.execute(
            'SELECT mutation_id, op, base, "values", command, comment, created_at FROM outbox '
            "WHERE entity = ? AND row_id = ? ORDER BY seq",
            (entity.name, row_id),
        ).fetchall()
        for mutation_id, op, base, values, command, comment, created_at in entries:
            self._connection.execute(
                'INSERT OR REPLACE INTO quarantine(mutation_id, entity, row_id, unit_id, op, base, "values", '
                "command, comment, created_at, row_snapshot, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    mutation_id, entity.name, row_id, row.get(entity.scope_field or ""), op, base, values,
                    command, comment, created_at, snapshot, now,
                ),
            )
        self._connection.execute("DELETE FROM outbox WHERE entity = ? AND row_id = ?", (entity.name, row_id))
        self._connection.execute("DELETE FROM pending_field WHERE entity = ? AND row_id = ?", (entity.name, row_id))
        self._connection.execute(
            "UPDATE conflict SET resolved_at = ?, resolution = 'quarantined' "
            "WHERE entity = ? AND row_id = ? AND resolved_at IS NULL",
            (now, entity.name, row_id),
        )
        self._connection.execute(
            "UPDATE rejection SET dismissed_at = ? WHERE entity = ? AND row_id = ? AND dismissed_at IS NULL",
            (now, entity.name, row_id),
        )
        return len(entries)

    def quarantine_entries(self, include_exported: bool = True) -> list[dict[str, Any]]:
        sql = (
            'SELECT mutation_id, entity, row_id, unit_id, op, base, "values", command, comment, created_at, '
            "row_snapshot, quarantined_at, exported_at FROM quarantine"
        )
        if not include_exported:
            sql += " WHERE exported_at IS NULL"
        cursor = self._connection.execute(sql + " ORDER BY quarantined_at, created_at")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, record)) for record in cursor]

    def mark_quarantine_exported(self, mutation_ids: Collection[str]) -> None:
        now = _utc_now()
        with self.transaction() as connection:
            connection.executemany(
                "UPDATE quarantine SET exported_at = ? WHERE mutation_id = ?", [(now, m) for m in mutation_ids]
            )

    # --- bulk cell edits (the planning sheet's paste, fill, replace and clear) ---------------

    def write_edits_bulk(self, edits: Sequence[CellEdit]) -> list[str]:
        """Write many cell edits with the outcome of ``write_edits``, reading and updating rows in batches.

        One transaction, one outbox entry per row with a changed field, the
        entry's base holding each changed field's old wire value, unchanged
        fields left out, and KeyError (nothing written) when a row is
        missing. Only the edited fields are read, up to 500 rows per query,
        rows changing the same fields share one ``executemany``, and the
        outbox entries are inserted with one ``executemany`` as well.
        Returns the entries' mutation ids as text.
        """
        by_row: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
        # Edits of one row usually share one UUID object, so its text is made once per row.
        row_texts: dict[uuid.UUID, str] = {}
        for edit in edits:
            row_text = row_texts.get(edit.row_id)
            if row_text is None:
                row_text = row_texts[edit.row_id] = str(edit.row_id)
            by_row[(edit.entity, row_text)][edit.field] = edit.value
        return self._write_rows_bulk(by_row)

    def write_cell_values_bulk(self, entity_name: str, values: Mapping[tuple[str, str], Any]) -> list[str]:
        """Write ``{(row id text, field): Python value}`` of one entity as ``write_edits_bulk`` writes edits.

        The row ids are the canonical lower-case text the store keeps, so the
        sheet passes its ids without making a ``CellEdit`` per cell.
        """
        by_row: dict[tuple[str, str], dict[str, Any]] = defaultdict(dict)
        for (row_id, name), value in values.items():
            by_row[(entity_name, row_id)][name] = value
        return self._write_rows_bulk(by_row)

    def _write_rows_bulk(self, by_row: Mapping[tuple[str, str], dict[str, Any]]) -> list[str]:
        """Write {(entity, row id text): {field: Python value}} in one transaction (see ``write_edits_bulk``)."""
        rows_by_entity: dict[str, list[str]] = defaultdict(list)
        for entity_name, row_id in by_row:
            rows_by_entity[entity_name].append(row_id)

        mutation_ids: list[str] = []
        now = _utc_now()
        with self.transaction() as connection:
            for entity_name, row_ids in rows_by_entity.items():
                entity = ENTITIES[entity_name]
                names = sorted({name for row_id in row_ids for name in by_row[(entity_name, row_id)]})
                current = self._read_fields_in_batches(entity, names, row_ids)
                wire = _WireForms(entity)
                known_changes = wire.known_changes
                updates: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
                entries: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
                for row_id in row_ids:
                    stored = current.get(row_id)
                    if stored is None:
                        raise KeyError(f"{entity_name} {row_id} not found in the local store")
                    base: dict[str, Any] = {}
                    values: dict[str, Any] = {}
                    parameters: list[Any] = []
                    for name, value in by_row[(entity_name, row_id)].items():
                        old = stored[name]
                        # wire.change's own look-up, inline because a paste makes it for up to 100,000 cells.
                        try:
                            change = known_changes[(name, type(old), old, type(value), value)]
                        except (KeyError, TypeError):  # not seen yet, or a JSON list or object
                            change = wire.change(name, old, value)
                        if change is not None:
                            base[name], values[name], parameter = change
                            parameters.append(parameter)
                    if not values:
                        continue
                    parameters.append(row_id)
                    updates[tuple(values)].append(parameters)
                    entries.append((row_id, base, values))
                mutation_ids.extend(self._append_outbox_updates(entity_name, entries, now=now))
                for changed, parameter_rows in updates.items():
                    assignments = ", ".join(f"{_quote(name)} = ?" for name in changed)
                    connection.executemany(
                        f"UPDATE {columns.table_name(entity)} SET {assignments} WHERE id = ?", parameter_rows
                    )
        return mutation_ids

    def _append_outbox_updates(
        self, entity_name: str, entries: Sequence[tuple[str, dict[str, Any], dict[str, Any]]], *, now: str
    ) -> list[str]:
        """Append one "update" outbox entry per (row id, base, values), as ``_append_outbox`` does; return their mutation ids."""
        mutation_ids = time_ordered_id_texts(len(entries))
        (last_seq,) = self._connection.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()
        self._connection.executemany(
            'INSERT INTO outbox(mutation_id, entity, row_id, op, base, "values", command, comment, created_at) '
            "VALUES (?, ?, ?, 'update', ?, ?, NULL, NULL, ?)",
            [
                (
                    mutation_id,
                    entity_name,
                    row_id,
                    orjson.dumps(base).decode(),
                    orjson.dumps(values).decode(),
                    now,
                )
                for mutation_id, (row_id, base, values) in zip(mutation_ids, entries)
            ],
        )
        # The marks come from the entries just written, so SQLite walks their fields without a parameter per mark.
        self._connection.execute(
            "INSERT INTO pending_field(entity, row_id, field, mutations) "
            'SELECT outbox.entity, outbox.row_id, value_field.key, 1 FROM outbox, json_each(outbox."values") AS value_field '
            "WHERE outbox.seq > ? "
            "ON CONFLICT(entity, row_id, field) DO UPDATE SET mutations = mutations + 1",
            (last_seq,),
        )
        return mutation_ids

    def _read_fields_in_batches(
        self, entity: Entity, names: list[str], row_ids: list[str]
    ) -> dict[str, dict[str, Any]]:
        """Return the SQLite values of ``names`` for each existing row id, 500 ids per query."""
        selected = ", ".join(_quote(name) for name in names)
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(row_ids), 500):
            batch = json.dumps(row_ids[start : start + 500])
            cursor = self._connection.execute(
                f"SELECT id, {selected} FROM {columns.table_name(entity)} "
                "WHERE id IN (SELECT value FROM json_each(?))",
                (batch,),
            )
            for record in cursor:
                found[record[0]] = dict(zip(names, record[1:]))
        return found


class _WireForms:
    """Wire and SQLite forms of one entity's field values, converted once per distinct value.

    A bulk edit repeats few distinct values over many rows. Values that
    cannot be dictionary keys (JSON lists and objects) are converted every
    time. The value's type is part of each key because 1, 1.0, True and
    Decimal("1") are equal keys.
    """

    def __init__(self, entity: Entity) -> None:
        self._entity = entity
        self._from_stored: dict[tuple[Any, ...], Any] = {}
        self._from_value: dict[tuple[Any, ...], Any] = {}
        self._to_stored: dict[tuple[Any, ...], Any] = {}
        # (field, old type, old value, new type, new value) -> what ``change`` returned for them.
        self.known_changes: dict[tuple[Any, ...], tuple[Any, Any, Any] | None] = {}

    def change(self, name: str, stored: Any, value: Any) -> tuple[Any, Any, Any] | None:
        """Return (old wire form, new wire form, new SQLite form) of a field set to ``value``, or None when unchanged.

        Pasted and filled blocks repeat a few (old, new) pairs over many
        rows, so each pair is worked out once.
        """
        if isinstance(value, (dict, list)) or isinstance(stored, (dict, list)):
            return self._work_out_change(name, stored, value)
        key = (name, type(stored), stored, type(value), value)
        try:
            return self.known_changes[key]
        except KeyError:
            change = self.known_changes[key] = self._work_out_change(name, stored, value)
            return change

    def _work_out_change(self, name: str, stored: Any, value: Any) -> tuple[Any, Any, Any] | None:
        old_wire = self.from_stored(name, stored)
        new_wire = self.from_value(name, value)
        if old_wire == new_wire:
            return None
        return old_wire, new_wire, self.to_stored(name, new_wire)

    def from_stored(self, name: str, stored: Any) -> Any:
        key = (name, type(stored), stored)
        try:
            return self._from_stored[key]
        except KeyError:
            field_type = self._entity.field(name).type
            wire = self._from_stored[key] = codec.to_wire(field_type, columns.from_sql(field_type, stored))
            return wire

    def from_value(self, name: str, value: Any) -> Any:
        if isinstance(value, (dict, list)):
            return codec.to_wire(self._entity.field(name).type, value)
        key = (name, type(value), value)
        try:
            return self._from_value[key]
        except KeyError:
            wire = self._from_value[key] = codec.to_wire(self._entity.field(name).type, value)
            return wire

    def to_stored(self, name: str, wire: Any) -> Any:
        if isinstance(wire, (dict, list)):
            return columns.wire_to_sql(self._entity.field(name).type, wire)
        key = (name, type(wire), wire)
        try:
            return self._to_stored[key]
        except KeyError:
            stored = self._to_stored[key] = columns.wire_to_sql(self._entity.field(name).type, wire)
            return stored


def _quote(name: str) -> str:
    return f'"{name}"'


def _pulled_value_converter(field_type: FieldType) -> Callable[[Any], Any]:
    """Return the wire-to-column conversion of a pulled value: ``columns.wire_to_sql`` with quick paths.

    An initial sync converts about 20 money and decimal values per plan item.
    In profiles, the ``Decimal`` arithmetic and a JSON encoder made per value
    were most of the time spent building rows.
    """
    if field_type is FieldType.MONEY:
        return _pulled_money
    if field_type is FieldType.DECIMAL:
        return _pulled_decimal
    if field_type is FieldType.TIMESTAMP:
        return _pulled_timestamp
    if field_type is FieldType.JSON:
        return _pulled_json
    if field_type is FieldType.BOOL:
        return _pulled_bool
    return lambda value: columns.wire_to_sql(field_type, value)


def _pulled_money(wire: Any) -> Any:
    # The server sends money with exactly two decimals ("1234.56", "-0.05"): centavos are its digits.
    if type(wire) is str and len(wire) > 3 and wire[-3] == "." and wire.isascii() and wire[-2:].isdigit():
        whole = wire[:-3]
        if whole.isdigit() or (whole[:1] == "-" and whole[1:].isdigit()):
            return int(whole + wire[-2:])
    return columns.wire_to_sql(FieldType.MONEY, wire)


# The canonical wire text of a UTC timestamp, which is also its column text (see codec.to_wire).
_CANONICAL_UTC = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{6})?\+00:00")
# columns.wire_to_sql's JSON text, with the encoder made once instead of per value.
_encode_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode


def _pulled_timestamp(wire: Any) -> Any:
    # Audit events carry the server's canonical text; parsing checks the date, and the text is kept.
    if type(wire) is str and _CANONICAL_UTC.fullmatch(wire) and not wire.endswith(".000000+00:00"):
        dt.datetime.fromisoformat(wire)
        return wire
    return columns.wire_to_sql(FieldType.TIMESTAMP, wire)


def _pulled_bool(wire: Any) -> int:
    return 1 if wire else 0  # as columns.wire_to_sql stores booleans


def _pulled_json(wire: Any) -> Any:
    return _encode_json(wire)


def _pulled_decimal(wire: Any) -> Any:
    # float() of a decimal text is the nearest double, as float(Decimal(text)) is.
    if type(wire) is str:
        try:
            return float(wire)
        except ValueError:
            pass
    return columns.wire_to_sql(FieldType.DECIMAL, wire)


def _decode(entity: Entity, names: list[str], record: Sequence[Any]) -> dict[str, Any]:
    row = {}
    for name, value in zip(names, record):
        row[name] = columns.from_sql(entity.field(name).type, value) if entity.has_field(name) else value
    return row


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()
