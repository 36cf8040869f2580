"""Property: three clients editing offline and syncing in any order, with faults, converge on the server's data.

Hypothesis drives random edits, inserts, deletes and syncs (some through a
failing server or a cut network). At the end, with the faults gone, every
replica equals the server outside its open conflicts, and every edit a
client accepted is on the server, in an open conflict, or in a rejection,
needs-attention entry or quarantine shown to the user.
PLANMP_FULL_FAULTS=1 runs more and longer examples.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule, run_state_machine_as_test
from sqlalchemy import create_engine, select

from planmp_desktop.contract import codec
from planmp_desktop.contract.schema import ENTITIES
from planmp_desktop.store.local import CellEdit, LocalStore
from planmp_desktop.sync.errors import SyncError
from planmp_server.db import applied_mutation

from .conftest import Client, FaultyDemoServer, editable_items, sign_in_client
from .faults import FaultProxy, FaultRule

FULL = os.environ.get("PLANMP_FULL_FAULTS") == "1"
EXAMPLES = 60 if FULL else 15
STEPS = 40 if FULL else 20
CLIENTS = 3
EDITED_FIELDS = ("notes", "title")
FAULTS = ("none", "none", "push_503", "push_500", "push_422", "pull_500", "offline")
PLAN_ITEM = ENTITIES["plan_item"]


@dataclass
class World:
    """What lives across examples: the server, the proxy, three signed-in devices and their stores."""

    server: FaultyDemoServer
    proxy: FaultProxy
    clients: list[Client]
    stores: list[LocalStore]
    rows: list[uuid.UUID]
    template: dict[str, Any]
    edits: list[tuple[int, uuid.UUID]] = field(default_factory=list)  # (client, mutation id)


def _sync(world: World, number: int) -> None:
    engine = world.clients[number].engine(world.stores[number], page_size=500)
    try:
        engine.sync()
    except SyncError:
        pass  # a fault of this step; the edits stay queued
    finally:
        engine.transport.close()


class ConvergenceMachine(RuleBasedStateMachine):
    world: World

    @initialize()
    def start(self) -> None:
        self.inserted: list[uuid.UUID] = []

    @rule(client=st.integers(0, CLIENTS - 1), row=st.integers(0, 7), name=st.sampled_from(EDITED_FIELDS), text=st.text("abcxyz ", min_size=1, max_size=12))
    def edit(self, client: int, row: int, name: str, text: str) -> None:
        store = self.world.stores[client]
        row_id = self.world.rows[row % len(self.world.rows)]
        if store.fetch_row("plan_item", row_id) is None:
            return
        for mutation_id in store.write_edits([CellEdit("plan_item", row_id, name, f"{name} {text}")]):
            self.world.edits.append((client, mutation_id))

    @rule(client=st.integers(0, CLIENTS - 1))
    def insert(self, client: int) -> None:
        row = dict(self.world.template)
        row["id"] = uuid.uuid4()
        row["code"] = f"PROP.{str(row['id'])[:8]}"
        for mutation_id in self.world.stores[client].insert_rows("plan_item", [row]):
            self.world.edits.append((client, mutation_id))
        self.inserted.append(row["id"])

    @rule(client=st.integers(0, CLIENTS - 1), pick=st.integers(0, 1000))
    def delete(self, client: int, pick: int) -> None:
        store = self.world.stores[client]
        present = [row_id for row_id in self.inserted if store.fetch_row("plan_item", row_id) is not None]
        if not present:
            return
        for mutation_id in store.delete_rows("plan_item", [present[pick % len(present)]]):
            self.world.edits.append((client, mutation_id))

    @rule(client=st.integers(0, CLIENTS - 1), fault=st.sampled_from(FAULTS))
    def sync(self, client: int, fault: str) -> None:
        faults = self.world.server.faults
        if fault == "push_503":
            faults.add(FaultRule("/v1/sync/push", status=503, times=1))
        elif fault == "push_500":
            faults.add(FaultRule("/v1/sync/push", status=500, times=1))
        elif fault == "push_422":
            faults.add(FaultRule("/v1/sync/push", status=422, times=1))
        elif fault == "pull_500":
            faults.add(FaultRule("/v1/sync/pull", status=500, times=1))
        elif fault == "offline":
            self.world.proxy.set_mode("refuse")
        try:
            _sync(self.world, client)
        finally:
            faults.clear()
            self.world.proxy.set_mode("pass")
            self.world.clients[client].breaker.close()

    def teardown(self) -> None:
        world = self.world
        world.server.faults.clear()
        world.proxy.set_mode("pass")
        for client in world.clients:
            client.breaker.close()
        for _round in range(2):
            for number in range(CLIENTS):
                store = world.stores[number]
                store.retry_attention()  # a one-off failure above may have exhausted a retry budget
                _sync(world, number)
        _check_edits_accounted(world)
        _check_replicas_agree(world)
        world.edits.clear()


def _check_edits_accounted(world: World) -> None:
    engine = create_engine(world.server.database_url)
    try:
        with engine.connect() as connection:
            acknowledged = {str(m) for m in connection.execute(select(applied_mutation.c.mutation_id)).scalars()}
    finally:
        engine.dispose()
    for number, store in enumerate(world.stores):
        assert store.status().pending == 0, f"client {number} still has pending edits"
        visible = {r[0] for r in store.connection.execute("SELECT mutation_id FROM conflict WHERE resolved_at IS NULL")}
        visible |= {r["mutation_id"] for r in store.open_rejections()}
        visible |= {e["mutation_id"] for e in store.attention_entries()}
        visible |= {e["mutation_id"] for e in store.quarantine_entries()}
        for client, mutation_id in world.edits:
            if client != number:
                continue
            assert str(mutation_id) in acknowledged or str(mutation_id) in visible, (
                f"edit {mutation_id} of client {number} is neither on the server nor shown to the user"
            )


def _check_replicas_agree(world: World) -> None:
    server_rows = world.server.rows()
    for number, store in enumerate(world.stores):
        kept_local = {(row_id, name) for row_id, name in store.conflict_fields("plan_item")}
        kept_local |= store.pending_fields("plan_item")
        local_ids = {str(row["id"]) for row in store.fetch_rows("plan_item")}
        tracked = {str(row_id) for row_id in world.rows} | local_ids
        for row_id in tracked:
            server_row = server_rows.get(row_id)
            local_row = store.fetch_row("plan_item", uuid.UUID(row_id))
            if server_row is None:
                assert local_row is None or any(r == row_id for r, _ in kept_local), f"client {number} keeps deleted {row_id}"
                continue
            if row_id not in {str(r) for r in world.rows} and local_row is None:
                continue
            assert local_row is not None, f"client {number} misses server row {row_id}"
            for name in EDITED_FIELDS:
                if (row_id, name) in kept_local:
                    continue
                field_type = PLAN_ITEM.field(name).type
                assert codec.to_wire(field_type, local_row[name]) == codec.to_wire(field_type, server_row[name]), (
                    f"client {number}, row {row_id}, field {name}"
                )


def test_three_clients_converge(tmp_path: Path, fault_server: FaultyDemoServer, proxy: FaultProxy) -> None:
    clients = [sign_in_client(tmp_path / f"device-{n}", fault_server, proxy.url) for n in range(CLIENTS)]
    for client in clients:
        # One token per device for the whole run: MSAL's cache lookup per request dominates a step's time.
        token = client.workspace.access_token()
        client.token_provider = lambda token=token: token
    stores = [client.open_store() for client in clients]
    for number in range(CLIENTS):
        clients[number].engine(stores[number]).sync()
    items = editable_items(stores[0], clients[0].user, 8)
    allowed = {f.name for f in PLAN_ITEM.fields if f.editable or f.insert_only}
    template = {name: value for name, value in items[0].items() if name in allowed and value is not None}
    template.pop("parent_id", None)
    world = World(fault_server, proxy, clients, stores, [item["id"] for item in items], template)
    ConvergenceMachine.world = world
    try:
        run_state_machine_as_test(
            ConvergenceMachine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            ),
        )
    finally:
        for store in stores:
            store.close()
