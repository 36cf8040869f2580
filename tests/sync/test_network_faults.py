"""Sync through a proxy that drops, resets, refuses and trickles; tokens that expire during a sync."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from planmp_desktop.app import build_services
from planmp_desktop.auth.demo import demo_sign_in
from planmp_desktop.gui.main_window import MainWindow
from planmp_desktop.store.local import STATE_CURSOR, CellEdit
from planmp_desktop.sync.errors import FailureKind, SyncError

from .conftest import Client, FaultyDemoServer, editable_items, sign_in_client
from .faults import FaultProxy, FaultRule

SYNC_TIMEOUT_MS = 60_000


def _token_claims(authorization: str) -> dict:
    payload = authorization.removeprefix("Bearer ").split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.mark.parametrize("mode", ["drop", "reset", "refuse"])
def test_broken_network_is_offline(client: Client, proxy: FaultProxy, mode: str) -> None:
    client.sync()
    store = client.open_store()
    [item] = editable_items(store, client.user, 1)
    store.write_edits([CellEdit("plan_item", item["id"], "notes", f"Sem rede ({mode})")])
    store.close()
    proxy.set_mode(mode)

    with pytest.raises(SyncError) as failure:
        client.sync()

    assert failure.value.kind == FailureKind.OFFLINE
    proxy.set_mode("pass")
    client.breaker.close()
    client.sync()
    store = client.open_store()
    assert store.status().pending == 0
    store.close()


def test_watchdog_cuts_trickling_transfer(client: Client, proxy: FaultProxy) -> None:
    client.sync()
    store = client.open_store()
    with store.transaction():
        store.set_state(STATE_CURSOR, "0")  # the next pull is the whole replica again
    store.close()
    proxy.delay_s = 0.05
    proxy.set_mode("delay")

    with pytest.raises(SyncError) as failure:
        client.sync(deadline_s=0.8)

    assert failure.value.kind == FailureKind.OFFLINE
    assert "deadline" in (failure.value.detail or "")
    proxy.set_mode("pass")
    client.breaker.close()
    client.sync()


def test_token_expires_mid_sync(
    tmp_path: Path, fault_server: FaultyDemoServer, proxy: FaultProxy
) -> None:
    fault_server.set_access_token_lifetime(2)
    client = sign_in_client(tmp_path / "client", fault_server, proxy.url)
    # Each of the first pages is held longer than a token lives.
    fault_server.faults.add(FaultRule("/v1/sync/pull", hang_s=1.5, times=2))

    report = client.sync(page_size=200)

    pulls = [r for r in fault_server.faults.requests if r.path == "/v1/sync/pull"]
    assert report.pulled > 0
    assert len(pulls) >= 3
    assert all(r.status == 200 for r in fault_server.faults.requests)
    first_expiry = _token_claims(pulls[0].authorization)["exp"]
    later = [r for r in pulls if r.at > first_expiry]
    assert later, "no request was made after the first token expired"
    assert all(_token_claims(r.authorization)["exp"] > r.at for r in later)
    cursors = [int(parse_qs(r.query)["cursor"][0]) for r in pulls]
    assert cursors == sorted(set(cursors)), "each page continues from the previous page's cursor"


def test_stale_token_refreshed_after_401(client: Client, fault_server: FaultyDemoServer) -> None:
    client.sync()
    fault_server.faults.add(FaultRule("/v1/sync/pull", status=401, times=1, message="Token expirado."))

    client.sync()

    statuses = [r.status for r in fault_server.faults.requests if r.path == "/v1/sync/pull"]
    assert statuses[-2:] == [401, 200]


def _sync_window(qtbot, window: MainWindow) -> list:
    outcome: list = []
    window.sync.sync_succeeded.connect(lambda report: outcome.append(("ok", report)))
    window.sync.sync_failed.connect(lambda kind, message: outcome.append((kind, message)))
    with qtbot.waitSignal(window.sync.sync_finished, timeout=SYNC_TIMEOUT_MS):
        window.sync_now()
    return outcome


def test_offline_start_expired_token(
    qtbot, tmp_path: Path, fault_server: FaultyDemoServer, proxy: FaultProxy
) -> None:
    fault_server.set_access_token_lifetime(2)  # MSAL refreshes any token this short before use
    client = sign_in_client(tmp_path / "client", fault_server, proxy.url)
    client.sync()
    proxy.set_mode("refuse")
    fault_server.stop()  # the identity provider too: no refresh possible

    window = MainWindow(build_services(client.workspace, client.user))
    qtbot.addWidget(window)
    window.show()
    store = window.services.store
    items = editable_items(store, client.user, 2)
    model = window.sheet.model
    for item in items:
        position = model.position_of(item["id"])
        assert model.setData(model.index(position, model.column_of("notes")), "Editado sem sessão")
    [(kind, _message)] = _sync_window(qtbot, window)

    assert kind == FailureKind.SIGN_IN_NEEDED
    assert "Entre novamente" in window.status.connection_label.text()
    assert store.status().pending == 2

    fault_server.start()
    proxy.set_mode("pass")
    client.workspace.remember(demo_sign_in(client.workspace.auth(), client.user.username))
    [(kind, _report)] = _sync_window(qtbot, window)
    assert kind == "ok"
    assert store.status().pending == 0
    server_rows = fault_server.rows()
    for item in items:
        assert server_rows[str(item["id"])]["notes"] == "Editado sem sessão"
    window.close()
    store.close()


def test_network_back_sync_resumes_alone(qtbot, client: Client, proxy: FaultProxy) -> None:
    client.sync()
    services = build_services(client.workspace, client.user)
    services.make_sync_engine = lambda: client.engine(client.open_store())
    window = MainWindow(services)
    qtbot.addWidget(window)
    # The test's clock: retries come after 200 ms instead of 15 s, 30 s, ...
    window.sync.retry_delays_ms = [200, 400, 800]
    states: list[str] = []
    window.sync.sync_started.connect(lambda: states.append(window.status.connection_label.property("state")))
    # Connected after the window's own handlers, so each records the state those just showed.
    for outcome in (window.sync.sync_succeeded, window.sync.sync_failed):
        outcome.connect(lambda *_args: states.append(window.status.connection_label.property("state")))
    [item] = editable_items(services.store, client.user, 1)
    services.store.write_edits([CellEdit("plan_item", item["id"], "notes", "Depois da queda")])

    proxy.set_mode("refuse")
    [(kind, _message)] = _sync_window(qtbot, window)
    assert kind == FailureKind.OFFLINE
    assert "Sem conexão" in window.status.connection_label.text()

    proxy.set_mode("pass")
    client.breaker.close()
    with qtbot.waitSignal(window.sync.sync_succeeded, timeout=SYNC_TIMEOUT_MS):
        pass  # no sync_now: the retry timer starts it

    assert "offline" in states
    first_offline = states.index("offline")
    assert "busy" in states[first_offline:]
    assert states[-1] == "ok"
    assert window.status.connection_label.text().endswith("Atualizado")
    assert services.store.status().pending == 0
    window.close()
    services.store.close()
