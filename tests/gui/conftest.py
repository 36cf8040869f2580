"""Fixtures of the GUI tests: a filled local store and the services a main window receives.

Qt runs on the offscreen platform. Sync goes through a real SyncEngine and
RestTransport aimed at a closed port on 127.0.0.1, which is the real
offline path.
"""

from __future__ import annotations

import os
import pathlib

# One 1920 x 1080 screen: the offscreen default of 800 x 800 is smaller than the main window.
os.environ.setdefault(
    "QT_QPA_PLATFORM", "offscreen:configfile=" + str(pathlib.Path(__file__).resolve().parents[1] / "offscreen_screen.json")
)

import socket  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from planmp_desktop.services import AppServices, CurrentUser  # noqa: E402
from planmp_desktop.settings import Settings  # noqa: E402
from planmp_desktop.store.local import LocalStore  # noqa: E402
from planmp_desktop.sync.engine import SyncEngine  # noqa: E402
from planmp_desktop.sync.rest import RestTransport  # noqa: E402

from .store_fill import ANA, CARLOS, MARCOS, PJ_VILA_VELHA, PLAN_ID, SUBADM, PGJ, fill_store  # noqa: E402

USERS_BY_PROFILE = {
    "PAA": CurrentUser(oid=ANA, username="ana.ribeiro", name="Ana Paula Ribeiro", profile="PAA",
                       home_unit_id=PJ_VILA_VELHA),
    "Planejamento": CurrentUser(oid=CARLOS, username="carlos.menezes", name="Carlos Eduardo Menezes",
                                profile="Planejamento", home_unit_id=SUBADM),
    "Auditor": CurrentUser(oid=MARCOS, username="marcos.auditor", name="Marcos Vinícius Teixeira",
                           profile="Auditor", home_unit_id=PGJ),
}


def closed_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "local.sqlite3"
    filler = LocalStore(path)
    try:
        fill_store(filler)
    finally:
        filler.close()
    return path


@pytest.fixture
def make_services(qapp: Any, store_path: Path) -> Iterator[Callable[..., AppServices]]:
    """Build AppServices over the filled store for a profile; every store opened is closed after the test."""
    opened: list[Any] = []
    server_url = f"http://127.0.0.1:{closed_port()}"

    def make_sync_engine() -> SyncEngine:
        transport = RestTransport(server_url, lambda: "token-for-tests", timeout_s=2.0)
        return SyncEngine(LocalStore(store_path), transport, device_id="gui-tests")

    def fetch_audit(filters: dict[str, Any]) -> list[dict[str, Any]]:
        transport = RestTransport(server_url, lambda: "token-for-tests", timeout_s=2.0)
        try:
            return transport.audit(filters)
        finally:
            transport.close()

    def build(profile: str = "PAA") -> AppServices:
        store = LocalStore(store_path)
        opened.append(store)
        return AppServices(
            settings=Settings(sync_interval_s=3600),
            store=store,
            store_path=store_path,
            user=USERS_BY_PROFILE[profile],
            make_sync_engine=make_sync_engine,
            fetch_audit=fetch_audit,
            plan_id=lambda: PLAN_ID,
        )

    yield build
    for store in opened:
        store.close()


@pytest.fixture
def services(make_services: Callable[..., AppServices]) -> AppServices:
    return make_services("PAA")


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the app's data folder (saved views, settings) at the test's own folder."""
    home = tmp_path / "planmp-home"
    monkeypatch.setenv("PLANMP_HOME", str(home))
    return home
