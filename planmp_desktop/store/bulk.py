"""Bulk writes of an import: many new rows and edits with their outbox entries, and their undo.

Each function runs in one transaction of the store's connection and writes
what ``LocalStore.insert_rows`` and ``LocalStore.write_edits`` write for the
same rows (the rows and one outbox entry per row), with one ``executemany``
per statement instead of one ``execute`` per row. Edited fields get their
``pending_field`` marks as a sheet edit does. Inserted rows get none,
because the pending insert in the outbox already marks the whole row as
local. A 100,000-row import would otherwise add about 3.7 million marks,
which the sheet reads into memory when it loads.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import repeat
from dataclasses import dataclass, field
from typing import Any

from planmp_desktop.contract.schema import ENTITIES, Entity
from planmp_desktop.store import columns
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)

# Ids per json_each parameter when rows are looked up or deleted by id.
ID_BATCH = 5000
# Page cache for one bulk write, in KiB (SQLite's negative cache_size). The default 2 MiB spills
# index pages of a 100,000-row insert to the WAL again and again; pages are allocated only as used.
BULK_CACHE_KIB = 131_072

_INSERT_OUTBOX = (
    'INSERT INTO outbox(mutation_id, entity, row_id, op, base, "values", command, comment, created_at) '
    "VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)"
)


@dataclass
class BulkWrite:
    """Outcome of ``write_rows_and_edits``: inserted row ids, and the edited rows with their previous values.

    ``previous`` maps each edited row id to the SQLite values its changed
    fields had before, which is what ``undo_rows_and_edits`` writes back.
    """

    inserted_ids: list[str] = field(default_factory=list)
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)
    outbox_entries: int = 0


def write_rows_and_edits(
    store: LocalStore,
    entity_name: str,
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    values_json: Sequence[str],
    edits: Mapping[str, Mapping[str, Any]],
    *,
    before_commit: Callable[[], None] | None = None,
) -> BulkWrite:
    """Insert new rows and edit existing ones, with their outbox entries, in one transaction.

    ``names`` are the columns of each of ``rows``, SQLite values, ``id``
    first. ``values_json[i]`` is the outbox "values" of ``rows[i]``: a JSON
    object of the wire value of each field it sets (``id`` left out).
    ``edits`` maps a row id to ``{field: SQLite value}``. As in
    ``LocalStore.write_edits``, fields whose value does not change are left
    out, and a row left with nothing writes no entry. ``before_commit`` runs last
    inside the transaction; an exception it raises rolls everything back.
    Raises KeyError, with nothing written, when an edited row is missing.
    """
    entity = ENTITIES[entity_name]
    if not names or names[0] != "id":
        raise ValueError(f"the first column of a bulk insert must be id, got {list(names)[:1]}")
    result = BulkWrite()
    now = _utc_now()
    with _large_cache(store), store.transaction() as connection:
        first_seq = _last_outbox_seq(connection)
        if rows:
            connection.executemany(
                f"INSERT INTO {columns.table_name(entity)} ({', '.join(_quote(n) for n in names)}) "
                f"VALUES ({', '.join('?' for _ in names)})",
                rows,
            )
            mutation_ids = new_id_texts(len(rows))
            result.inserted_ids = [row[0] for row in rows]
            connection.executemany(
                _INSERT_OUTBOX,
                zip(
                    mutation_ids,
                    repeat(entity_name),
                    result.inserted_ids,
                    repeat("insert"),
                    repeat("{}"),
                    values_json,
                    repeat(now),
                ),
            )
        result.previous = _write_edits(connection, entity, edits, now)
        _mark_pending_fields(connection, first_seq, "update")
        result.outbox_entries = len(rows) + len(result.previous)
        if before_commit is not None:
            before_commit()
    log.info(
        "Bulk write of %s: inserted=%d edited=%d", entity_name, len(result.inserted_ids), len(result.previous)
    )
    return result


def undo_rows_and_edits(store: LocalStore, entity_name: str, written: BulkWrite) -> int:
    """Undo a ``write_rows_and_edits`` in one transaction; returns the outbox entries it appended.

    An inserted row whose insert is still pending in the outbox never
    reached the server: the row, its outbox entries and its pending marks are
    removed, leaving no trace. A row the server already has gets a delete
    entry. Edited rows get their previous values back as new edits.
    """
    entity = ENTITIES[entity_name]
    table = columns.table_name(entity)
    now = _utc_now()
    appended = 0
    with _large_cache(store), store.transaction() as connection:
        first_seq = _last_outbox_seq(connection)
        # NOTE: an insert that a sync is pushing at this moment still counts as pending here. If the
        # server applies it, the next pull brings the row back; undoing it again then deletes it.
        unpushed: set[str] = set()
        for start in range(0, len(written.inserted_ids), ID_BATCH):
            batch = json.dumps(written.inserted_ids[start : start + ID_BATCH])
            unpushed.update(
                row_id
                for (row_id,) in connection.execute(
                    "SELECT row_id FROM outbox WHERE entity = ? AND op = 'insert' AND state = 'pending' "
                    "AND row_id IN (SELECT value FROM json_each(?))",
                    (entity_name, batch),
                )
            )
        for row_ids in _batches(sorted(unpushed)):
            batch = json.dumps(row_ids)
            for statement in (
                "DELETE FROM outbox WHERE entity = ? AND row_id IN (SELECT value FROM json_each(?))",
                "DELETE FROM pending_field WHERE entity = ? AND row_id IN (SELECT value FROM json_each(?))",
            ):
                connection.execute(statement, (entity_name, batch))
        pushed = [row_id for row_id in written.inserted_ids if row_id not in unpushed]
        connection.executemany(
            _INSERT_OUTBOX,
            [(mutation_id, entity_name, row_id, "delete", "{}", "{}", now) for mutation_id, row_id in zip(
                new_id_texts(len(pushed)), pushed
            )],
        )
        connection.executemany(f"DELETE FROM {table} WHERE id = ?", [(row_id,) for row_id in written.inserted_ids])
        appended = len(pushed) + len(_write_edits(connection, entity, written.previous, now))
        _mark_pending_fields(connection, first_seq, "update")
    log.info(
        "Undid bulk write of %s: removed=%d (of which %d never pushed) restored=%d",
        entity_name,
        len(written.inserted_ids),
        len(unpushed),
        len(written.previous),
    )
    written.inserted_ids = []
    written.previous = {}
    return appended


def _write_edits(
    connection: Any, entity: Entity, edits: Mapping[str, Mapping[str, Any]], now: str
) -> dict[str, dict[str, Any]]:
    """Update rows to the SQLite values in ``edits`` with "update" outbox entries; returns the old values."""
    if not edits:
        return {}
    table = columns.table_name(entity)
    names = sorted({name for values in edits.values() for name in values})
    selected = ", ".join(_quote(name) for name in names)
    current: dict[str, tuple[Any, ...]] = {}
    for row_ids in _batches(list(edits)):
        cursor = connection.execute(
            f"SELECT id, {selected} FROM {table} WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(row_ids),)
        )
        for record in cursor:
            current[record[0]] = record[1:]

    position = {name: index for index, name in enumerate(names)}
    previous: dict[str, dict[str, Any]] = {}
    updates: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
    entries = []
    for row_id, values in edits.items():
        stored = current.get(row_id)
        if stored is None:
            raise KeyError(f"{entity.name} {row_id} not found in the local store")
        base_wire: dict[str, Any] = {}
        new_wire: dict[str, Any] = {}
        old_values: dict[str, Any] = {}
        for name, value in values.items():
            field_type = entity.field(name).type
            old_value = stored[position[name]]
            before = columns.sql_to_wire(field_type, old_value)
            after = columns.sql_to_wire(field_type, value)
            if before != after:
                base_wire[name] = before
                new_wire[name] = after
                old_values[name] = old_value
        if not new_wire:
            continue
        changed = tuple(new_wire)
        updates[changed].append([values[name] for name in changed] + [row_id])
        entries.append((row_id, base_wire, new_wire))
        previous[row_id] = old_values

    for changed, parameter_rows in updates.items():
        assignments = ", ".join(f"{_quote(name)} = ?" for name in changed)
        connection.executemany(f"UPDATE {table} SET {assignments} WHERE id = ?", parameter_rows)
    connection.executemany(
        _INSERT_OUTBOX,
        [
            (
                mutation_id,
                entity.name,
                row_id,
                "update",
                json.dumps(base, ensure_ascii=False),
                json.dumps(values, ensure_ascii=False),
                now,
            )
            for mutation_id, (row_id, base, values) in zip(new_id_texts(len(entries)), entries)
        ],
    )
    return previous


def _mark_pending_fields(connection: Any, after_seq: int, op: str) -> None:
    """Add a pending mark per field of each ``op`` outbox entry after ``after_seq``, as ``_append_outbox`` does."""
    connection.execute(
        "INSERT INTO pending_field(entity, row_id, field, mutations) "
        "SELECT outbox.entity, outbox.row_id, value_field.key, 1 "
        'FROM outbox, json_each(outbox."values") AS value_field '
        "WHERE outbox.seq > ? AND outbox.op = ? "
        "ON CONFLICT(entity, row_id, field) DO UPDATE SET mutations = mutations + 1",
        (after_seq, op),
    )


@contextmanager
def _large_cache(store: LocalStore) -> Iterator[None]:
    """Give the connection a page cache of BULK_CACHE_KIB for the block, then restore its own."""
    connection = store.connection
    previous = int(connection.execute("PRAGMA cache_size").fetchone()[0])
    connection.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        connection.execute(f"PRAGMA cache_size = {previous}")


def _last_outbox_seq(connection: Any) -> int:
    return int(connection.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()[0])


def _batches(items: list[str]) -> list[list[str]]:
    return [items[start : start + ID_BATCH] for start in range(0, len(items), ID_BATCH)]


def new_id_texts(count: int) -> list[str]:
    """Return ``count`` random version-4 UUIDs as canonical text, the form the store keeps, in ascending order.

    The order lets a bulk insert append to the id indexes instead of
    touching pages all over them. The ids stay as random as those of
    ``uuid.uuid4``, which reads the same ``os.urandom``. Making the text here takes about a
    fifth of the time of ``str(uuid.uuid4())``.
    """
    digits = os.urandom(16 * count).hex()
    texts = []
    for start in range(0, 32 * count, 32):
        part = digits[start : start + 32]
        # Version 4 in the 13th digit, variant 10xx in the 17th.
        variant = "89ab"[int(part[16], 16) & 3]
        texts.append(f"{part[:8]}-{part[8:12]}-4{part[13:16]}-{variant}{part[17:20]}-{part[20:32]}")
    texts.sort()
    return texts


def _quote(name: str) -> str:
    return f'"{name}"'


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat()
