"""Fixtures of the end-to-end tests: the demo server over TLS and a signed-in client workspace."""

from __future__ import annotations

import os
import pathlib

# One 1920 x 1080 screen: the offscreen default of 800 x 800 is smaller than the main window.
os.environ.setdefault(
    "QT_QPA_PLATFORM", "offscreen:configfile=" + str(pathlib.Path(__file__).resolve().parents[1] / "offscreen_screen.json")
)

from collections.abc import Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from planmp_desktop.auth.demo import demo_sign_in  # noqa: E402
from planmp_desktop.composition import Workspace, open_workspace  # noqa: E402
from planmp_desktop.services import CurrentUser  # noqa: E402
from planmp_server.demo import IDP_PREFIX, build_demo_app  # noqa: E402
from planmp_server.devidp.provider import issuer_url  # noqa: E402
from planmp_server.devidp.run import RunningServer, reserve_socket, serve_tls  # noqa: E402
from planmp_server.devidp.tls import ensure_dev_tls  # noqa: E402
from planmp_server.devidp.tokens import DEV_TENANT_ID  # noqa: E402

ITEM_COUNT = 400
PAA_USERNAME = "ana.souza@mpex.example"


@dataclass
class DemoServer:
    """The demo server on one fixed port, which a test can stop and start again."""

    data_dir: Path
    port: int = 0
    running: RunningServer | None = field(default=None, repr=False)

    def start(self) -> None:
        sock = reserve_socket(self.port)
        self.port = sock.getsockname()[1]
        app = build_demo_app("127.0.0.1", self.port, self.data_dir, item_count=ITEM_COUNT)
        self.running = serve_tls(app, ensure_dev_tls(self.data_dir / "tls"), sock=sock)

    def stop(self) -> None:
        if self.running is not None:
            self.running.stop()
            self.running = None

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def database_url(self) -> str:
        return f"sqlite:///{(self.data_dir / 'planmp.db').as_posix()}"


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[DemoServer]:
    server = DemoServer(tmp_path / "server")
    server.start()
    yield server
    server.stop()


def configured_workspace(home: Path, server: DemoServer) -> Workspace:
    workspace = open_workspace(home)
    workspace.settings.server_url = server.base_url
    workspace.settings.authority = issuer_url(server.base_url + IDP_PREFIX, DEV_TENANT_ID)
    workspace.settings.ca_file = str(ensure_dev_tls(server.data_dir / "tls").ca_file)
    return workspace


@pytest.fixture
def signed_in(tmp_path: Path, demo_server: DemoServer) -> tuple[Workspace, CurrentUser]:
    """A workspace whose PAA user signed in through MSAL against the demo provider."""
    workspace = configured_workspace(tmp_path / "client", demo_server)
    user = workspace.remember(demo_sign_in(workspace.auth(), PAA_USERNAME))
    return workspace, user
