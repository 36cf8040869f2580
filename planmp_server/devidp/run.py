"""Serve an ASGI app over TLS on 127.0.0.1 in a background thread, and start the development provider.

The socket is bound before the app is built, so a caller that requests port 0
gets the URL (which the provider's issuer must contain) before serving.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import uvicorn
from fastapi import FastAPI

from planmp_server.devidp.app import create_idp_app
from planmp_server.devidp.provider import DEFAULT_REDIRECT_URIS, DevIdentityProvider, Lifetimes, issuer_url
from planmp_server.devidp.tls import DevTls, ensure_dev_tls
from planmp_server.devidp.tokens import DEV_CLIENT_ID, DEV_TENANT_ID, SigningKey, TokenIssuer
from planmp_server.devidp.users import DevUser

logger = logging.getLogger(__name__)

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 20.0
# A client that keeps an idle TLS connection open delays uvicorn's graceful
# shutdown until asyncio's SSL shutdown timeout (30 s), so stop() forces the exit
# after this many seconds.
GRACEFUL_SHUTDOWN_S = 2.0
SHUTDOWN_TIMEOUT_S = 10.0


@dataclass
class RunningServer:
    """A uvicorn server running in a background thread; ``stop()`` ends it and frees the port."""

    base_url: str
    port: int
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)
    _socket: socket.socket = field(repr=False)

    def stop(self) -> None:
        if not self._thread.is_alive():
            self._socket.close()
            return
        self._server.should_exit = True
        self._thread.join(GRACEFUL_SHUTDOWN_S)
        if self._thread.is_alive():
            logger.debug("Server on port %d still has open connections: forcing exit", self.port)
            self._server.force_exit = True
            self._thread.join(SHUTDOWN_TIMEOUT_S)
        if self._thread.is_alive():
            logger.warning("Server thread on port %d did not stop in %.0f s", self.port, SHUTDOWN_TIMEOUT_S)
        self._socket.close()
        logger.info("Stopped server %s", self.base_url)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


@dataclass
class DevIdpServer:
    """The development provider served over TLS, with what a client needs to reach it."""

    server: RunningServer
    idp: DevIdentityProvider
    tls: DevTls

    @property
    def base_url(self) -> str:
        return self.server.base_url

    @property
    def authority(self) -> str:
        """MSAL's ``oidc_authority`` for this provider, equal to the tokens' ``iss``."""
        return self.idp.endpoints.issuer

    @property
    def client_id(self) -> str:
        return self.idp.client_id

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> DevIdpServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()


def reserve_socket(port: int = 0) -> socket.socket:
    """Bind a listening TCP socket on 127.0.0.1; port 0 lets the OS pick a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((HOST, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve_tls(app: Any, tls: DevTls, port: int = 0, *, sock: socket.socket | None = None) -> RunningServer:
    """Serve the ASGI ``app`` over TLS on 127.0.0.1 in a daemon thread and wait until it accepts requests.

    Pass ``sock`` from reserve_socket when the app needs its URL before it is built;
    otherwise the socket is bound on ``port`` here.
    """
    sock = sock or reserve_socket(port)
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        ssl_certfile=str(tls.cert_file),
        ssl_keyfile=str(tls.key_file),
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name=f"uvicorn-{bound_port}", daemon=True
    )
    thread.start()

    # uvicorn offers no started event, only the flag this loop polls.
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            thread.join(SHUTDOWN_TIMEOUT_S)
            sock.close()
            raise RuntimeError(f"Server on {HOST}:{bound_port} did not start in {STARTUP_TIMEOUT_S:.0f} s: see the log")
        time.sleep(0.02)

    base_url = f"https://{HOST}:{bound_port}"
    logger.info("Serving %s over TLS", base_url)
    return RunningServer(base_url, bound_port, server, thread, sock)


def start_dev_idp(
    folder: Path,
    users: Sequence[DevUser],
    port: int = 0,
    *,
    prefix: str = "",
    client_id: str = DEV_CLIENT_ID,
    tenant_id: str = DEV_TENANT_ID,
    redirect_uris: Sequence[str] = DEFAULT_REDIRECT_URIS,
    lifetimes: Lifetimes | None = None,
) -> DevIdpServer:
    """Start the development provider alone, over TLS, with its key and certificates kept in ``folder``.

    With ``prefix`` (such as ``/idp``) the provider is mounted under that path,
    as the demo does when it serves the provider and the API together.
    """
    tls = ensure_dev_tls(folder / "tls")
    key = SigningKey.load_or_create(folder / "signing-key.pem")
    sock = reserve_socket(port)
    try:
        base_url = f"https://{HOST}:{sock.getsockname()[1]}{prefix.rstrip('/')}"
        issuer = TokenIssuer(issuer_url(base_url, tenant_id), key, tenant_id)
        idp_app = create_idp_app(base_url, issuer, users, client_id, redirect_uris=redirect_uris, lifetimes=lifetimes)
        app: FastAPI = idp_app
        if prefix:
            app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
            app.mount(prefix.rstrip("/"), idp_app)
        server = serve_tls(app, tls, sock=sock)
    except BaseException:
        sock.close()
        raise
    return DevIdpServer(server, idp_app.state.idp, tls)
