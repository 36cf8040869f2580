"""Conflicts and rejections end to end: they stay visible, resolve as new audited updates, and group dependents."""

from __future__ import annotations

import uuid
from pathlib import Path

from sqlalchemy import create_engine, select

from planmp_desktop.gui.conflicts import SyncIssuesDialog
from planmp_desktop.store.local import CellEdit
from planmp_server.db import ENTITY_TABLES

from .conftest import Client, FaultyDemoServer, editable_items, sign_in_client
from .faults import FaultProxy


def _two_devices(tmp_path: Path, server: FaultyDemoServer, proxy: FaultProxy) -> tuple[Client, Client]:
    first = sign_in_client(tmp_path / "device-a", server, proxy.url)
    second = sign_in_client(tmp_path / "device-b", server, proxy.url)
    first.sync()
    second.sync()
    return first, second


def _make_conflict(first: Client, second: Client, row_id: uuid.UUID) -> None:
    store = first.open_store()
    store.write_edits([CellEdit("plan_item", row_id, "notes", "Versão do dispositivo A")])
    store.close()
    first.sync()
    store = second.open_store()
    store.write_edits([CellEdit("plan_item", row_id, "notes", "Versão do dispositivo B")])
    store.close()
    report = second.sync()
    assert report.conflicts == 1


def _audited_changes(server: FaultyDemoServer, row_id: uuid.UUID) -> list[dict]:
    engine = create_engine(server.database_url)
    table = ENTITY_TABLES["audit_event"]
    try:
        with engine.connect() as connection:
            rows = connection.execute(select(table).where(table.c.row_id == row_id)).mappings().all()
    finally:
        engine.dispose()
    return [dict(row) for row in rows]


def test_unresolved_conflict_survives_later_syncs(
    tmp_path: Path, fault_server: FaultyDemoServer, proxy: FaultProxy
) -> None:
    first, second = _two_devices(tmp_path, fault_server, proxy)
    store = second.open_store()
    conflicted, unrelated = editable_items(store, second.user, 2)
    store.close()
    _make_conflict(first, second, conflicted["id"])

    store = second.open_store()
    store.write_edits([CellEdit("plan_item", unrelated["id"], "notes", "Outra edição")])
    store.close()
    second.sync()
    second.sync()

    store = second.open_store()
    [conflict] = store.open_conflicts()
    assert conflict["row_id"] == str(conflicted["id"])
    assert store.status().conflicts == 1
    assert store.fetch_row("plan_item", conflicted["id"])["notes"] == "Versão do dispositivo B"
    assert ("%s" % conflicted["id"], "notes") in store.pending_fields("plan_item")
    store.close()
    assert fault_server.rows()[str(unrelated["id"])]["notes"] == "Outra edição"
    assert fault_server.rows()[str(conflicted["id"])]["notes"] == "Versão do dispositivo A"


def test_dialog_resolutions_become_audited_updates(
    qtbot, tmp_path: Path, fault_server: FaultyDemoServer, proxy: FaultProxy
) -> None:
    first, second = _two_devices(tmp_path, fault_server, proxy)
    store = second.open_store()
    mine_row, theirs_row, edit_row = editable_items(store, second.user, 3)
    store.close()
    for row in (mine_row, theirs_row, edit_row):
        _make_conflict(first, second, row["id"])
    audited_before = len(_audited_changes(fault_server, mine_row["id"]))

    store = second.open_store()
    dialog = SyncIssuesDialog(store, ask_value=lambda _title, _current: "Texto combinado")
    qtbot.addWidget(dialog)
    assert dialog.conflicts_table.rowCount() == 3
    assert dialog.conflicts_table.item(0, 3).text() == "Versão do dispositivo B"
    assert dialog.conflicts_table.item(0, 4).text() == "Versão do dispositivo A"
    rows_by_id = {c["row_id"]: n for n, c in enumerate(store.open_conflicts())}
    for row, choice in ((mine_row, "mine"), (theirs_row, "theirs"), (edit_row, "edit")):
        dialog.conflicts_table.selectRow(rows_by_id[str(row["id"])] - (3 - dialog.conflicts_table.rowCount()))
        assert dialog.resolve_selected(choice) is not None
    assert dialog.conflicts_table.rowCount() == 0
    assert store.status().conflicts == 0
    assert store.status().pending == 3
    assert store.fetch_row("plan_item", theirs_row["id"])["notes"] == "Versão do dispositivo A"
    dialog.close()
    store.close()

    report = second.sync()

    assert report.conflicts == 0
    server_rows = fault_server.rows()
    assert server_rows[str(mine_row["id"])]["notes"] == "Versão do dispositivo B"
    assert server_rows[str(theirs_row["id"])]["notes"] == "Versão do dispositivo A"
    assert server_rows[str(edit_row["id"])]["notes"] == "Texto combinado"
    assert len(_audited_changes(fault_server, mine_row["id"])) > audited_before
    store = second.open_store()
    assert store.status().pending == 0
    store.close()


def test_rejected_insert_shown_with_dependent(qtbot, client: Client) -> None:
    client.sync()
    transport = client.transport()
    scope = set(transport.me().scope_unit_ids or [])
    transport.close()
    store = client.open_store()
    [template] = editable_items(store, client.user, 1)
    outside = [u["id"] for u in store.fetch_rows("unit") if u["id"] not in scope]
    assert outside, "the demo data should have units outside a PAA user's scope"
    parent = {**template, "id": uuid.uuid4(), "code": "T-900", "unit_id": outside[0], "parent_id": None}
    child = {**template, "id": uuid.uuid4(), "code": "T-900.1", "parent_id": parent["id"], "kind": "tarefa"}
    store.insert_rows("plan_item", [parent])
    store.insert_rows("plan_item", [child])
    store.close()

    report = client.sync()

    assert report.rejected == 2
    store = client.open_store()
    [group] = store.rejection_groups()
    assert [r["row_id"] for r in group] == [str(parent["id"]), str(child["id"])]
    dialog = SyncIssuesDialog(store)
    qtbot.addWidget(dialog)
    assert dialog.rejections_table.rowCount() == 2
    assert dialog.rejections_table.item(1, 3).text().startswith("T-900")
    assert dialog.rejections_table.item(0, 2).text()
    assert "'T-900'" in dialog.rejections_table.item(1, 2).text()
    dialog.close()
    store.close()
