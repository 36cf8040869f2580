"""Figures measured in child processes: cold start against an empty Qt window, and memory with the sheet open."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.common import REPO, Figure, build_store, median_of
from planmp_desktop.auth.offline import OfflineIdentityStore
from planmp_desktop.settings import Settings, save_settings
from tests.gui.store_fill import ANA

CHILD = REPO / "benchmarks" / "child_start.py"
CHILD_TIMEOUT_S = 300.0


@dataclass
class _SignedInUser:
    """The fields OfflineIdentityStore.save reads from a sign-in result."""

    oid: str
    account_username: str
    name: str
    roles: list[str]


def prepare_home(home: Path, item_count: int) -> Path:
    """Make ``home`` look like a PlanMP folder after Ana signed in and synced ``item_count`` plan items.

    The settings point the server at a closed port on 127.0.0.1, so the
    first sync the window starts fails quickly as an offline one.
    """
    home.mkdir(parents=True, exist_ok=True)
    port = _closed_port()
    settings = Settings(
        server_url=f"https://127.0.0.1:{port}",
        authority=f"https://127.0.0.1:{port}/idp/9c0f6a43-7a5e-4d59-9b9a-3a0c1d2e5f00/v2.0",
    )
    save_settings(settings, home / "settings.json")
    signed_in = _SignedInUser(oid=str(ANA), account_username="ana.ribeiro", name="Ana Paula Ribeiro", roles=["PAA"])
    OfflineIdentityStore(home / "identity.json").save(signed_in)
    stores = home / "stores"
    stores.mkdir(exist_ok=True)
    build_store(stores / f"{ANA}.sqlite3", item_count)
    return home


def run_child(arguments: list[str], bytecode_dir: Path) -> dict[str, Any]:
    """Start the child with ``arguments``; return its report with ``elapsed_s`` from launch to first paint.

    The child caches compiled bytecode in ``bytecode_dir``, even where
    PYTHONDONTWRITEBYTECODE is set, because an installed app starts from
    compiled bytecode (pip and PyInstaller both compile it). Without the cache
    every launch would compile the app's own modules again.
    """
    command = [sys.executable, str(CHILD), *arguments]
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    environment["PYTHONPYCACHEPREFIX"] = str(bytecode_dir)
    launched_at = time.time()
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=CHILD_TIMEOUT_S, cwd=REPO, env=environment
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(
            f"child {' '.join(arguments)} failed with exit code {completed.returncode}: {completed.stderr[-2000:]}"
        )
    report = json.loads(lines[-1])
    report["elapsed_s"] = report["painted_at"] - launched_at
    return report


def cold_start(home: Path, repeats: int, item_count: int) -> Figure:
    """Launch-to-first-paint of PlanMP with an ``item_count``-row sheet against an empty QMainWindow+QTableView.

    One unmeasured launch of each warms the file cache and the bytecode cache.
    Launches alternate between the two, so drift affects both alike.
    """
    bytecode_dir = home.parent / "bytecode"
    run_child(["floor"], bytecode_dir)
    run_child(["app", str(home)], bytecode_dir)
    app_samples: list[float] = []
    floor_samples: list[float] = []
    for _ in range(repeats):
        floor_samples.append(run_child(["floor"], bytecode_dir)["elapsed_s"])
        app_samples.append(run_child(["app", str(home)], bytecode_dir)["elapsed_s"])
    return Figure(
        name="cold_start",
        value=median_of(app_samples),
        unit="s",
        floor=median_of(floor_samples),
        target=2.0,
        target_kind="ratio",
        samples=app_samples,
        floor_samples=floor_samples,
        notes=f"subprocess, offscreen, {item_count:,} plan items, until the sheet viewport's first paint",
    )


def memory_open(home: Path, repeats: int, item_count: int) -> Figure:
    """RSS of the app after its first paint and after showing pages spread over the whole sheet."""
    reports = [run_child(["app", str(home), "--scroll"], home.parent / "bytecode") for _ in range(repeats)]
    rss = [report["rss_mb"] for report in reports]
    return Figure(
        name="memory_sheet_open",
        value=median_of(rss),
        unit="MB",
        target=400.0,
        target_kind="absolute",
        samples=rss,
        notes=f"VmRSS of `planmp app` with {item_count:,} plan items after showing "
        f"{reports[0].get('pages_scrolled')} pages spread over the sheet",
        details={"peak_hwm_mb": max(report["hwm_mb"] for report in reports)},
    )


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
