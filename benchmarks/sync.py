"""Sync figures against the demo server in a child process over TLS on 127.0.0.1, signed in through MSAL.

The client signs in as the Planejamento demo user, whose scope covers every
unit, so the initial sync pulls every row the server holds.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import orjson

from benchmarks.common import REPO, Figure, median_of, time_call
from planmp_desktop.auth.demo import demo_sign_in
from planmp_desktop.composition import Workspace, open_workspace
from planmp_desktop.contract.ids import time_ordered_uuid
from planmp_desktop.contract.schema import ENTITIES
from planmp_desktop.services import CurrentUser
from planmp_desktop.store import columns
from planmp_desktop.store.local import CellEdit, LocalStore
from planmp_desktop.sync.engine import DEFAULT_BATCH_SIZE, DEFAULT_PAGE_SIZE, SyncProgress
from planmp_server.demo import IDP_PREFIX
from planmp_server.devidp.provider import issuer_url
from planmp_server.devidp.tls import ensure_dev_tls
from planmp_server.devidp.tokens import DEV_TENANT_ID

PLANNER = "carla.mendes@mpex.example"
PUSHED_EDITS = 10_000


class ServerProcess:
    """The demo server child; ``stop`` closes its standard input and waits for it."""

    def __init__(self, data_dir: Path, item_count: int) -> None:
        self.data_dir = data_dir
        self.process = subprocess.Popen(
            [sys.executable, str(REPO / "benchmarks" / "child_server.py"), str(data_dir), str(item_count)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError(f"the demo server in {data_dir} exited before it responded")
        self.port = int(json.loads(line)["port"])
        self.base_url = f"https://127.0.0.1:{self.port}"
        self.database = data_dir / "planmp.db"

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def signed_in_workspace(home: Path, server: ServerProcess) -> tuple[Workspace, CurrentUser]:
    workspace = open_workspace(home)
    workspace.settings.server_url = server.base_url
    workspace.settings.authority = issuer_url(server.base_url + IDP_PREFIX, DEV_TENANT_ID)
    workspace.settings.ca_file = str(ensure_dev_tls(server.data_dir / "tls").ca_file)
    user = workspace.remember(demo_sign_in(workspace.auth(), PLANNER))
    return workspace, user


def initial_sync(workspace: Workspace, user: CurrentUser, server: ServerProcess, repeats: int) -> Figure:
    """Sync into an empty store, ``repeats`` times, against the unavoidable steps timed one by one."""
    samples = []
    pulled = 0
    for _ in range(repeats):
        _remove_store(workspace.store_path(user.oid))
        engine = workspace.sync_engine(workspace.open_store(user))
        start = time.perf_counter()
        report = engine.sync()
        samples.append(time.perf_counter() - start)
        pulled = report.pulled
        engine.store.close()
        engine.transport.close()

    steps = [_floor_steps(server.database, workspace.home / "floor.sqlite3") for _ in range(repeats)]
    floor_samples = [sum(step.values()) for step in steps]
    median_steps = {name: median_of([step[name] for step in steps]) for name in steps[0]}
    return Figure(
        name="initial_sync",
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples),
        target=1.5,
        target_kind="ratio",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"SyncEngine.sync into an empty store, {pulled:,} changes pulled over HTTPS in pages of "
        f"{DEFAULT_PAGE_SIZE:,}; floor: "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in median_steps.items()),
        details={"floor_steps_s": median_steps},
    )


def incremental_sync(workspace: Workspace, user: CurrentUser, repeats: int) -> Figure:
    """Time SyncEngine.sync of an up-to-date store against a server with nothing new (target: under 100 ms)."""
    samples = []
    for _ in range(repeats + 1):
        engine = workspace.sync_engine(workspace.open_store(user))
        start = time.perf_counter()
        report = engine.sync()
        samples.append(time.perf_counter() - start)
        engine.store.close()
        engine.transport.close()
        if report.pushed or report.pulled:
            samples.pop()  # the first run may still bring the previous figure's echoes
    return Figure(
        name="incremental_sync",
        value=median_of(samples),
        unit="s",
        target=0.1,
        target_kind="absolute",
        samples=samples,
        notes="SyncEngine.sync with nothing to push or pull (server info, one empty pull page, "
        "a new store connection and transport each time)",
    )


def push_edits(workspace: Workspace, user: CurrentUser, server: ServerProcess, repeats: int) -> Figure:
    """Push 10,000 pending edits of draft items (the sync's push phase) against one executemany on the server."""
    store = workspace.open_store(user)
    row_ids = [uuid.UUID(row_id) for (row_id,) in store.connection.execute(
        "SELECT id FROM plan_item WHERE approval_state = 'rascunho' ORDER BY id LIMIT ?", (PUSHED_EDITS,))]
    store.close()

    samples = []
    totals = []
    outcomes: dict[str, int] = {}
    for number in range(repeats):
        store = workspace.open_store(user)
        value = f"Responsável do lote {number}"
        store.write_edits_bulk([CellEdit("plan_item", row_id, "responsible", value) for row_id in row_ids])
        store.close()

        engine = workspace.sync_engine(workspace.open_store(user))
        pushed_at: list[float] = []

        def record(progress: SyncProgress) -> None:
            if progress.phase == "push":
                pushed_at.append(time.perf_counter())

        start = time.perf_counter()
        report = engine.sync(progress=record)
        totals.append(time.perf_counter() - start)
        samples.append(pushed_at[-1] - start)
        outcomes = report.outcomes
        engine.store.close()
        engine.transport.close()

    floor_samples = [_floor_updates(server.database, row_ids, f"Piso {number}") for number in range(repeats)]
    return Figure(
        name="push_10000_edits",
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples),
        target=3.0,
        target_kind="ratio",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"push phase of SyncEngine.sync (batches of {DEFAULT_BATCH_SIZE}, token and server info included), outcomes "
        f"{outcomes}; the whole sync with the pull of the echoed changes took {median_of(totals):.2f} s; "
        "floor: sqlite3 executemany of the same 10,000 UPDATEs on the server database",
        details={"whole_sync_s": totals},
    )


def push_required_writes(work: Path, server: ServerProcess, repeats: int) -> Figure:
    """Time the writes no push of 10,000 edits can skip, with no check and no Python per value, against the push floor.

    Per edit: the row's UPDATE, one audit event and one idempotency record,
    sent with plain sqlite3 ``executemany`` in the push's batches (one
    transaction each, ``synchronous=NORMAL`` as the server runs), on a copy
    of the server's database. The push figure cannot come out below this one.
    """
    copy = work / "push_bound.db"
    source = sqlite3.connect(server.database, timeout=30)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.execute("PRAGMA journal_mode=WAL")
    target.execute("PRAGMA synchronous=NORMAL")
    row_ids = [row_id for (row_id,) in target.execute(
        "SELECT id FROM plan_item WHERE approval_state = 'rascunho' ORDER BY id LIMIT ?", (PUSHED_EDITS,))]
    user_id, unit_id = uuid.uuid4().hex, target.execute("SELECT unit_id FROM plan_item LIMIT 1").fetchone()[0]

    def batches(number: int, size: int) -> None:
        for start in range(0, len(row_ids), size):
            chunk = row_ids[start : start + size]
            now = time.strftime("%Y-%m-%d %H:%M:%S.000000")
            events = [
                (time_ordered_uuid().hex, now, user_id, "Carla Mendes", unit_id, unit_id, "plan_item", row_id,
                 "Item do plano", "update", orjson.dumps({"responsible": [f"Lote {number - 1}", f"Lote {number}"]}).decode(),
                 None, time_ordered_uuid().hex, "bench")
                for row_id in chunk
            ]
            with target:
                target.executemany(
                    "UPDATE plan_item SET responsible = ? WHERE id = ?", [(f"Lote {number}", row_id) for row_id in chunk]
                )
                target.executemany(f"INSERT INTO audit_event VALUES ({', '.join('?' * 14)})", events)
                target.executemany(
                    "INSERT INTO applied_mutation VALUES (?, ?, ?, ?)",
                    [(event[12], user_id, f'{{"mutation_id": "{event[12]}", "outcome": "applied"}}', now)
                     for event in events],
                )

    samples = [time_call(lambda: batches(number, DEFAULT_BATCH_SIZE)) for number in range(repeats)]
    whole = [time_call(lambda: batches(repeats + number, PUSHED_EDITS)) for number in range(repeats)]
    target.close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    floor_samples = [_floor_updates(server.database, [uuid.UUID(row_id) for row_id in row_ids], f"Piso {number}")
                     for number in range(repeats)]
    return Figure(
        name="push_required_writes",
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples),
        target=None,
        target_kind="report",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"per edit a row UPDATE, an audit event and an idempotency record, sqlite3 executemany in batches of "
        f"{DEFAULT_BATCH_SIZE:,} on a copy of the server database; all in one transaction: {median_of(whole):.2f} s; "
        "floor: the push figure's",
        details={"one_transaction_s": whole},
    )


def _remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".sync.lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _floor_steps(server_database: Path, target: Path) -> dict[str, float]:
    """Time the server's read of every synced row, its JSON encoding and decoding, and one bulk insert."""
    tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}

    def read() -> None:
        with sqlite3.connect(server_database) as connection:
            for entity_name in ENTITIES:
                cursor = connection.execute(f'SELECT * FROM "{entity_name}"')
                tables[entity_name] = ([column[0] for column in cursor.description], cursor.fetchall())

    read_s = time_call(read)
    documents = {
        name: [dict(zip(names, record)) for record in records] for name, (names, records) in tables.items()
    }
    encoded: list[bytes] = []
    encode_s = time_call(lambda: encoded.append(orjson.dumps(documents)))
    decoded: list[Any] = []
    decode_s = time_call(lambda: decoded.append(orjson.loads(encoded[0])))

    _remove_store(target)
    LocalStore(target).close()  # the client's schema, indexes included

    def insert() -> None:
        connection = sqlite3.connect(target)
        with connection:
            for entity_name, rows in decoded[0].items():
                entity = ENTITIES[entity_name]
                names = entity.field_names
                connection.executemany(
                    f"INSERT INTO {columns.table_name(entity)} ({', '.join(chr(34) + n + chr(34) for n in names)}) "
                    f"VALUES ({', '.join('?' for _ in names)})",
                    [[row.get(name) for name in names] for row in rows],
                )
        connection.close()

    insert_s = time_call(insert)
    return {"server read": read_s, "JSON encode": encode_s, "JSON decode": decode_s, "sqlite3 insert": insert_s}


def _floor_updates(server_database: Path, row_ids: list[uuid.UUID], value: str) -> float:
    """Time one executemany of the pushed UPDATEs on the server's database, in one transaction."""
    connection = sqlite3.connect(server_database, timeout=30)
    stored = {uuid.UUID(str(row_id)): row_id for (row_id,) in connection.execute("SELECT id FROM plan_item")}
    parameters = [(value, stored[row_id]) for row_id in row_ids]

    def update() -> None:
        with connection:
            connection.executemany("UPDATE plan_item SET responsible = ? WHERE id = ?", parameters)

    seconds = time_call(update)
    connection.close()
    return seconds
