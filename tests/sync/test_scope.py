"""Scope changes end to end: a granted unit's rows arrive; a revoked unit's rows leave, their edits quarantined."""

from __future__ import annotations

import uuid

import pytest

from planmp_desktop.domain.codes import Profile
from planmp_desktop.store.local import CellEdit

from .conftest import Client, FaultyDemoServer

grants = pytest.importorskip("planmp_server.grants", reason="server has no unit grants yet (planmp_server.grants)")
from planmp_server.actors import Actor  # noqa: E402


def _admin() -> Actor:
    return Actor(
        user_id=uuid.uuid4(),
        username="admin.teste@mpex.example",
        name="Administrador do teste",
        profile=Profile.ADMINISTRADOR,
        home_unit_id=None,
        scope=None,
    )


def test_granted_unit_backfills_revoked_quarantines(client: Client, fault_server: FaultyDemoServer) -> None:
    client.sync()
    store = client.open_store()
    if store.stored_scope() is None:
        store.close()
        pytest.skip("server pull carries no scope yet (PullResponse.scope)")
    local_units = {str(row["unit_id"]) for row in store.fetch_rows("plan_item")}
    store.close()
    server_rows = fault_server.rows()
    other_unit = next(
        row["unit_id"] for row in server_rows.values() if str(row["unit_id"]) not in local_units
    )
    other_ids = {row_id for row_id, row in server_rows.items() if row["unit_id"] == other_unit}
    engine = fault_server.app.state.engine

    grant = grants.add_grant(engine, _admin(), client.user.oid, other_unit, "Substituição de férias", None)
    report = client.sync()

    store = client.open_store()
    arrived = {str(row["id"]) for row in store.fetch_rows("plan_item", "unit_id = ?", (str(other_unit),))}
    assert arrived == other_ids
    assert report.backfilled + report.pulled >= len(other_ids)
    assert not store.status().backfilling
    edited = sorted(other_ids)[0]
    store.write_edits([CellEdit("plan_item", uuid.UUID(edited), "notes", "Editado antes da revogação")])
    store.close()

    grants.remove_grant(engine, _admin(), uuid.UUID(str(grant["id"])))
    # The push meets the narrower scope first (the edit is refused), then the
    # pull purges the unit: the refused edit moves to the quarantine.
    client.sync()

    store = client.open_store()
    assert store.count("plan_item", "unit_id = ?", (str(other_unit),)) == 0
    [entry] = store.quarantine_entries()
    assert entry["row_id"] == edited
    assert store.status().quarantined == 1
    assert store.status().pending == 0
    assert store.status().rejected == 0
    store.close()
