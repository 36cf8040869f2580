"""Sync against a server that fails on demand: HTTP errors, refused batches, a poison mutation, a tripped breaker."""

from __future__ import annotations

import pytest

from planmp_desktop.store.local import CellEdit, MAX_PUSH_ATTEMPTS
from planmp_desktop.sync.errors import FailureKind, SyncError

from .conftest import Client, FaultyDemoServer, editable_items
from .faults import FaultRule


def _edit_notes(client: Client, count: int, text: str) -> list[str]:
    store = client.open_store()
    try:
        items = editable_items(store, client.user, count)
        store.write_edits([CellEdit("plan_item", item["id"], "notes", f"{text} {n}") for n, item in enumerate(items)])
        return [str(item["id"]) for item in items]
    finally:
        store.close()


def _pending(client: Client) -> int:
    store = client.open_store()
    try:
        return store.status().pending
    finally:
        store.close()


def test_503_once_drains_queue(client: Client, fault_server: FaultyDemoServer) -> None:
    client.sync()
    row_ids = _edit_notes(client, 3, "Ajuste após 503")
    rule = fault_server.faults.add(FaultRule("/v1/sync/push", status=503, times=1))

    report = client.sync()

    assert rule.hits == 1
    assert report.applied == 3
    assert _pending(client) == 0
    server_rows = fault_server.rows()
    for n, row_id in enumerate(row_ids):
        assert server_rows[row_id]["notes"] == f"Ajuste após 503 {n}"


def test_422_batch_shown_kept_retried(client: Client, fault_server: FaultyDemoServer) -> None:
    client.sync()
    row_ids = _edit_notes(client, 4, "Lote recusado")
    reason = "Lote recusado pelo servidor: campo 'notes' excede o limite."
    rule = fault_server.faults.add(FaultRule("/v1/sync/push", status=422, times=None, message=reason))

    with pytest.raises(SyncError) as failure:
        client.sync()

    assert failure.value.kind == FailureKind.BATCH_REJECTED
    assert reason in failure.value.message
    store = client.open_store()
    status = store.status()
    assert status.pending == 4
    assert status.attention == 0
    assert reason in (status.last_error or "")
    store.close()

    fault_server.faults.rules.remove(rule)
    client.sync()
    assert _pending(client) == 0
    server_rows = fault_server.rows()
    assert all(server_rows[row_id]["notes"].startswith("Lote recusado") for row_id in row_ids)
    store = client.open_store()
    assert store.status().last_error is None
    store.close()


def test_poison_mutation_needs_attention(client: Client, fault_server: FaultyDemoServer) -> None:
    client.sync()
    row_ids = _edit_notes(client, 4, "Envio")
    poison = row_ids[1]
    fault_server.faults.add(FaultRule("/v1/sync/push", status=500, times=None, body_contains=poison.encode()))

    for _run in range(MAX_PUSH_ATTEMPTS):
        with pytest.raises(SyncError) as failure:
            client.sync()
        assert failure.value.kind == FailureKind.SERVER_ERROR

    report = client.sync()  # the poison no longer goes out, so nothing fails

    assert report.failed == 0
    store = client.open_store()
    status = store.status()
    assert status.pending == 0
    assert status.attention == 1
    [entry] = store.attention_entries()
    assert entry["row_id"] == poison
    assert entry["attempts"] == MAX_PUSH_ATTEMPTS
    assert "HTTP 500" in entry["last_error"]
    store.close()
    server_rows = fault_server.rows()
    for n, row_id in enumerate(row_ids):
        if row_id != poison:
            assert server_rows[row_id]["notes"] == f"Envio {n}"

    fault_server.faults.clear()
    store = client.open_store()
    assert store.retry_attention() == 1
    store.close()
    client.sync()
    assert fault_server.rows()[poison]["notes"] == "Envio 1"


def test_breaker_stops_calls_to_failing_server(client: Client, fault_server: FaultyDemoServer) -> None:
    client.sync()
    fault_server.faults.add(FaultRule("/v1/info", status=500, times=None))
    client.breaker.reset_timeout = 3600  # stays open for the rest of the test

    for _run in range(client.breaker.fail_max):
        with pytest.raises(SyncError):
            client.sync()
    calls_before = fault_server.faults.count("/v1/info")
    with pytest.raises(SyncError) as failure:
        client.sync()

    assert client.breaker.current_state == "open"
    assert fault_server.faults.count("/v1/info") == calls_before
    assert failure.value.kind == FailureKind.SERVER_ERROR
    assert "várias vezes seguidas" in failure.value.message

    client.breaker.close()
    fault_server.faults.clear()
    client.sync()
