"""Stopping ``planmp demo`` with SIGTERM (a logout, ``kill``) also stops the demo server it started."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")

START_TIMEOUT_S = 180  # the first start generates the demo data


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _listening(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(condition, timeout_s: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


def test_sigterm_at_chooser_stops_server(tmp_path: Path) -> None:
    port = _free_port()
    environment = {**os.environ, "PLANMP_HOME": str(tmp_path / "home"), "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen(
        [sys.executable, "-m", "planmp_desktop.cli", "demo", "--port", str(port)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _wait_for(lambda: _listening(port), START_TIMEOUT_S), "the demo server did not start"
        time.sleep(3)  # the app finds the server up and opens the user chooser

        app.send_signal(signal.SIGTERM)

        assert app.wait(timeout=30) == 0
        assert _wait_for(lambda: not _listening(port), 30), "the demo server outlived the app"
    finally:
        if app.poll() is None:
            app.kill()
        # A server left behind by a failure: its command line names this test's folder.
        subprocess.run(["pkill", "-f", str(tmp_path)], check=False)
