"""Fixtures of the sync tests: the demo server inside a fault wrapper, a TCP proxy before it, signed-in clients.

The clients sign in through MSAL against the demo's identity provider (on
the server's own port) and reach the API through the proxy.
"""

from __future__ import annotations

import os
import pathlib

# One 1920 x 1080 screen: the offscreen default of 800 x 800 is smaller than the main window.
os.environ.setdefault(
    "QT_QPA_PLATFORM", "offscreen:configfile=" + str(pathlib.Path(__file__).resolve().parents[1] / "offscreen_screen.json")
)

from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pybreaker  # noqa: E402
import pytest  # noqa: E402
from sqlalchemy import create_engine, select  # noqa: E402
from starlette.routing import Mount  # noqa: E402

from e2e.conftest import ITEM_COUNT, PAA_USERNAME, DemoServer, configured_workspace  # noqa: E402
from planmp_desktop.auth.demo import demo_sign_in  # noqa: E402
from planmp_desktop.composition import Workspace  # noqa: E402
from planmp_desktop.services import CurrentUser  # noqa: E402
from planmp_desktop.settings import save_settings  # noqa: E402
from planmp_desktop.store.local import LocalStore  # noqa: E402
from planmp_desktop.sync.engine import SyncEngine, SyncReport  # noqa: E402
from planmp_desktop.sync.rest import RestTransport  # noqa: E402
from planmp_server.db import ENTITY_TABLES  # noqa: E402
from planmp_server.demo import IDP_PREFIX, build_demo_app  # noqa: E402
from planmp_server.devidp.provider import Lifetimes  # noqa: E402
from planmp_server.devidp.run import reserve_socket, serve_tls  # noqa: E402
from planmp_server.devidp.tls import ensure_dev_tls  # noqa: E402

from .faults import FaultInjector, FaultProxy  # noqa: E402


@dataclass
class FaultyDemoServer(DemoServer):
    """The demo server wrapped in a FaultInjector, which keeps its rules and request log across restarts."""

    faults: FaultInjector = field(default_factory=lambda: FaultInjector(None))
    app: Any = field(default=None, repr=False)
    access_token_lifetime_s: int | None = None

    def start(self) -> None:
        sock = reserve_socket(self.port)
        self.port = sock.getsockname()[1]
        self.app = build_demo_app("127.0.0.1", self.port, self.data_dir, item_count=ITEM_COUNT)
        if self.access_token_lifetime_s is not None:
            self.set_access_token_lifetime(self.access_token_lifetime_s)
        self.faults.app = self.app
        self.running = serve_tls(self.faults, ensure_dev_tls(self.data_dir / "tls"), sock=sock)

    def set_access_token_lifetime(self, seconds: int) -> None:
        """Make the identity provider issue access tokens that expire after ``seconds``."""
        self.access_token_lifetime_s = seconds
        for route in self.app.routes:
            if isinstance(route, Mount) and route.path == IDP_PREFIX:
                route.app.state.idp.lifetimes = Lifetimes(access_token=seconds)
                return
        raise LookupError("identity provider mount not found in the demo app")

    def rows(self, entity: str = "plan_item") -> dict[str, dict[str, Any]]:
        """Return the server's rows of ``entity`` by id (as str), read straight from its database."""
        engine = create_engine(self.database_url)
        table = ENTITY_TABLES[entity]
        try:
            with engine.connect() as connection:
                return {str(row["id"]): dict(row) for row in connection.execute(select(table)).mappings()}
        finally:
            engine.dispose()


@dataclass
class Client:
    """One signed-in client workspace whose API traffic goes through ``api_url``."""

    workspace: Workspace
    user: CurrentUser
    api_url: str
    breaker: pybreaker.CircuitBreaker = field(
        default_factory=lambda: pybreaker.CircuitBreaker(fail_max=5, reset_timeout=1, throw_new_error_on_trip=False)
    )
    token_provider: Callable[[], str | None] | None = None  # default: MSAL through the workspace, per request

    @property
    def home(self) -> Path:
        return self.workspace.home

    def open_store(self) -> LocalStore:
        return self.workspace.open_store(self.user)

    def transport(self, **options: Any) -> RestTransport:
        options.setdefault("breaker", self.breaker)
        options.setdefault("retry_multiplier_s", 0.05)
        provider = self.token_provider or self.workspace.access_token
        return RestTransport(self.api_url, provider, verify=self.workspace.tls_context(), **options)

    def engine(self, store: LocalStore, **options: Any) -> SyncEngine:
        transport_options = {k: options.pop(k) for k in list(options) if k in ("deadline_s", "transport", "breaker")}
        return SyncEngine(store, self.transport(**transport_options), self.workspace.device_id(), **options)

    def sync(self, **options: Any) -> SyncReport:
        """Run one sync with its own store connection, as the worker thread does."""
        store = self.open_store()
        engine = self.engine(store, **options)
        try:
            return engine.sync()
        finally:
            engine.transport.close()
            store.close()


def sign_in_client(home: Path, server: DemoServer, api_url: str, username: str = PAA_USERNAME) -> Client:
    workspace = configured_workspace(home, server)
    workspace.settings.server_url = api_url
    save_settings(workspace.settings, home / "settings.json")  # for `planmp --home` subprocesses
    user = workspace.remember(demo_sign_in(workspace.auth(), username))
    return Client(workspace, user, api_url)


@pytest.fixture
def fault_server(tmp_path: Path) -> Iterator[FaultyDemoServer]:
    server = FaultyDemoServer(tmp_path / "server")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def proxy(fault_server: FaultyDemoServer) -> Iterator[FaultProxy]:
    fault_proxy = FaultProxy(fault_server.port)
    fault_proxy.start()
    yield fault_proxy
    fault_proxy.stop()


@pytest.fixture
def client(tmp_path: Path, fault_server: FaultyDemoServer, proxy: FaultProxy) -> Client:
    """The PAA user signed in, reaching the API through the proxy."""
    return sign_in_client(tmp_path / "client", fault_server, proxy.url)


def editable_items(store: LocalStore, user: CurrentUser, count: int = 5) -> list[dict[str, Any]]:
    """Return initiatives in Rascunho of the user's home unit, which the user may edit."""
    record = store.fetch_row("user", user.oid)
    assert record is not None, "sync first: the user directory arrives with the first pull"
    return store.fetch_rows(
        "plan_item",
        "kind = 'iniciativa' AND approval_state = 'rascunho' AND unit_id = ?",
        (str(record["home_unit_id"]),),
        order_by="code",
        limit=count,
    )
