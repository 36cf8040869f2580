"""Fault injection for the sync tests: a TCP proxy, an ASGI fault wrapper and a killable `planmp sync`.

The proxy sits between the client and the real server on 127.0.0.1 and can
drop, stall, reset, delay or refuse connections. The fault wrapper sits
around the real server app and fails chosen requests with an HTTP error
or a hang. ``run_sync_process`` runs the real command line as a subprocess,
which a fault point (``PLANMP_FAULT_POINT``) or the test kills with SIGKILL.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planmp_desktop.sync.faults import FAULT_POINT_VARIABLE

log = logging.getLogger(__name__)

PROXY_MODES = ("pass", "drop", "stall", "reset", "delay", "refuse")
CHUNK = 65536


class FaultProxy:
    """A TCP proxy on 127.0.0.1 whose ``mode`` decides what happens to new and open connections.

    ``pass`` forwards; ``drop`` closes new connections at once; ``stall``
    accepts and forwards nothing; ``reset`` sends a TCP reset;
    ``delay`` waits ``delay_s`` before forwarding each chunk; ``refuse``
    closes the listening socket, as a cut network cable does to new
    connections. ``cut()`` resets every open connection.
    """

    def __init__(self, target_port: int, port: int = 0) -> None:
        self.target_port = target_port
        self.port = port
        self.mode = "pass"
        self.delay_s = 0.2
        self.delay_chunk = 4096  # bytes forwarded per delay in "delay" mode
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._server: asyncio.base_events.Server | None = None
        self._open: set[asyncio.StreamWriter] = set()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fault-proxy", daemon=True)

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    def start(self) -> None:
        self._thread.start()
        self._call(self._listen())

    def stop(self) -> None:
        self._call(self._close_all(close_listener=True))
        self._call(self._cancel_tasks())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    def set_mode(self, mode: str) -> None:
        """Switch mode; ``refuse`` stops listening and any other mode listens again on the same port."""
        if mode not in PROXY_MODES:
            raise ValueError(f"Proxy mode {mode!r} is not one of {PROXY_MODES}")
        self.mode = mode
        if mode == "refuse":
            self._call(self._close_all(close_listener=True))
        elif self._server is None:
            self._call(self._listen())

    def cut(self) -> None:
        """Reset every open connection (the network dropped mid-transfer)."""
        self._call(self._close_all(close_listener=False))

    def _call(self, coroutine: Any) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _cancel_tasks(self) -> None:
        current = asyncio.current_task()
        tasks = [task for task in asyncio.all_tasks() if task is not current]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    async def _close_all(self, close_listener: bool) -> None:
        if close_listener and self._server is not None:
            self._server.close()
            self._server = None
        for writer in list(self._open):
            _reset(writer)
        self._open.clear()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        mode = self.mode
        if mode == "drop":
            writer.close()
            return
        if mode == "reset":
            _reset(writer)
            return
        self._open.add(writer)
        if mode == "stall":
            await reader.read()  # hold the connection until the client gives up
            self._open.discard(writer)
            writer.close()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            _reset(writer)
            return
        self._open.add(upstream_writer)
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer), return_exceptions=True
        )
        self._open.discard(writer)
        self._open.discard(upstream_writer)

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                data = await reader.read(self.delay_chunk if self.mode == "delay" else CHUNK)
                if not data:
                    break
                if self.mode == "delay":
                    await asyncio.sleep(self.delay_s)
                if self.mode == "stall":
                    await asyncio.sleep(3600)
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            if not writer.is_closing():
                writer.close()


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with SO_LINGER 0, so the peer gets a TCP reset instead of an orderly close."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
    writer.transport.abort()


@dataclass
class FaultRule:
    """Fail requests whose path starts with ``path`` (and body contains ``body_contains``).

    ``status`` is the HTTP status to return (e.g. 500, 503, 422), or None
    with ``hang_s`` to hold the request that long before serving it. A rule
    applies ``times`` times (None: until removed).
    """

    path: str
    method: str | None = None
    status: int | None = None
    hang_s: float = 0.0
    times: int | None = 1
    body_contains: bytes | None = None
    message: str = "Falha simulada pelo teste."
    hits: int = 0


@dataclass
class RequestRecord:
    method: str
    path: str
    query: str
    status: int | None
    authorization: str | None
    at: float = field(default_factory=time.time)  # arrival, seconds since the epoch (as a token's exp)


class FaultInjector:
    """ASGI wrapper around the real server app that applies ``rules`` and records every API request."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.rules: list[FaultRule] = []
        self.requests: list[RequestRecord] = []
        self._lock = threading.Lock()

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def count(self, path: str, method: str = "GET") -> int:
        return sum(1 for r in self.requests if r.path.startswith(path) and r.method == method)

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/v1/"):
            await self.app(scope, receive, send)
            return
        body, receive = await _buffer_body(receive)
        rule = self._matching_rule(scope, body)
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode() or None
        record = RequestRecord(scope["method"], scope["path"], scope.get("query_string", b"").decode(), None, authorization)
        self.requests.append(record)
        if rule is not None and rule.hang_s:
            await asyncio.sleep(rule.hang_s)
        if rule is not None and rule.status is not None:
            record.status = rule.status
            await _send_error(send, rule.status, rule.message)
            return

        async def recording_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                record.status = message["status"]
            await send(message)

        await self.app(scope, receive, recording_send)

    def _matching_rule(self, scope: dict[str, Any], body: bytes) -> FaultRule | None:
        with self._lock:
            for rule in self.rules:
                if not scope["path"].startswith(rule.path):
                    continue
                if rule.method is not None and rule.method != scope["method"]:
                    continue
                if rule.body_contains is not None and rule.body_contains not in body:
                    continue
                if rule.times is not None and rule.hits >= rule.times:
                    continue
                rule.hits += 1
                return rule
        return None


async def _buffer_body(receive: Callable[..., Any]) -> tuple[bytes, Callable[..., Any]]:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    body = b"".join(chunks)
    delivered = False

    async def replay() -> dict[str, Any]:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


async def _send_error(send: Callable[..., Any], status: int, message: str) -> None:
    import orjson

    payload = orjson.dumps({"code": "simulated", "message": message})
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": payload})


# --- the client as a subprocess ---------------------------------------------------


@dataclass
class SyncRun:
    returncode: int
    killed: bool
    stderr: str


@dataclass
class KillStats:
    """Kills made by a campaign, by fault point (or "random")."""

    kills: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.kills.values())


RUNNER = Path(__file__).with_name("sync_runner.py")


def sync_command(home: Path, page_size: int | None = None) -> list[str]:
    """Return `planmp sync` for ``home``, or the test runner when a page size is chosen."""
    if page_size is None:
        return [sys.executable, "-m", "planmp_desktop.cli", "--home", str(home), "sync"]
    return [sys.executable, str(RUNNER), str(home), str(page_size)]


def run_sync_process(
    home: Path, fault_point: str | None = None, kill_after_s: float | None = None, page_size: int | None = None
) -> SyncRun:
    """Run a sync of the workspace in ``home`` as a subprocess; kill it at ``fault_point`` or after ``kill_after_s``."""
    env = dict(os.environ)
    env.pop(FAULT_POINT_VARIABLE, None)
    if fault_point:
        env[FAULT_POINT_VARIABLE] = fault_point
    process = subprocess.Popen(sync_command(home, page_size), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if kill_after_s is not None:
        try:
            process.wait(timeout=kill_after_s)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    _stdout, stderr = process.communicate(timeout=120)
    killed = process.returncode == -signal.SIGKILL
    return SyncRun(process.returncode, killed, stderr.decode(errors="replace"))

