"""Shared pieces of the benchmark suite: figure records, timing, filled stores and the Qt application."""

from __future__ import annotations

import os
import pathlib
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from planmp_desktop.store.local import LocalStore  # noqa: E402
from tests.gui.store_fill import ANA, add_bulk_items, fill_store  # noqa: E402

# fill_store adds this many plan items before the bulk copies.
REFERENCE_ITEMS = 300


@dataclass
class Figure:
    """One measured figure: the median value, its floor measured in the same run, and the target.

    ``target_kind`` is "ratio" (value / floor must stay at or below
    ``target``), "absolute" (value in ``unit`` at or below ``target``) or
    "report" (no target, shown for information).
    """

    name: str
    value: float
    unit: str
    target: float | None
    target_kind: str
    floor: float | None = None
    samples: list[float] = field(default_factory=list)
    floor_samples: list[float] = field(default_factory=list)
    notes: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.value / self.floor

    @property
    def verdict(self) -> str:
        if self.target is None or self.target_kind == "report":
            return "INFO"
        measured = self.ratio if self.target_kind == "ratio" else self.value
        if measured is None:
            return "INFO"
        return "PASS" if measured <= self.target else "MISS"

    def as_json(self) -> dict[str, Any]:
        record = asdict(self)
        record["ratio"] = self.ratio
        record["verdict"] = self.verdict
        return record


def median_of(samples: list[float]) -> float:
    return statistics.median(samples)


def time_call(action: Callable[[], Any]) -> float:
    """Return the wall time of one call in seconds."""
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def repeat(action: Callable[[], float], count: int) -> list[float]:
    """Run ``action`` (which returns one sample) ``count`` times and return the samples."""
    return [action() for _ in range(count)]


def build_store(path: Path, item_count: int) -> Path:
    """Create a local store at ``path`` holding the reference rows and ``item_count`` plan items in all."""
    if path.exists():
        path.unlink()
    store = LocalStore(path)
    try:
        fill_store(store, item_count=min(item_count, REFERENCE_ITEMS))
        if item_count > REFERENCE_ITEMS:
            add_bulk_items(store, item_count - REFERENCE_ITEMS)
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return path


def copy_store(source: Path, target: Path) -> Path:
    """Copy a closed store file (and nothing else: it was checkpointed) to ``target``."""
    for suffix in ("", "-wal", "-shm"):
        leftover = Path(str(target) + suffix)
        if leftover.exists():
            leftover.unlink()
    shutil.copyfile(source, target)
    return target


def qt_application() -> Any:
    """Return the process's QApplication on the offscreen platform, created on first use.

    As in the app, Python's cyclic garbage collection runs from a timer on the
    GUI thread (``MainThreadCollector``), so a timed call that returns to the
    event loop pays for the collections its allocations call for.
    """
    # One 1920 x 1080 screen: the offscreen default of 800 x 800 is smaller than the main window.
    os.environ.setdefault(
        "QT_QPA_PLATFORM", "offscreen:configfile=" + str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "offscreen_screen.json")
    )
    from PySide6.QtWidgets import QApplication

    from planmp_desktop.gui.collector import MainThreadCollector
    from planmp_desktop.gui.run import create_application

    app = QApplication.instance()
    if app is None:
        app = create_application(["planmp-benchmarks"])
        app.garbage_collector = MainThreadCollector(app)
    return app


def make_services(store_path: Path) -> Any:
    """Return AppServices for the PAA user Ana over the store at ``store_path``; sync aims at a closed port."""
    from planmp_desktop.services import AppServices, CurrentUser
    from planmp_desktop.settings import Settings
    from tests.gui.store_fill import PJ_VILA_VELHA, PLAN_ID

    store = LocalStore(store_path)

    def no_sync() -> Any:
        raise RuntimeError("the benchmarks do not sync from the sheet")

    return AppServices(
        settings=Settings(sync_interval_s=3600),
        store=store,
        store_path=store_path,
        user=CurrentUser(oid=ANA, username="ana.ribeiro", name="Ana Paula Ribeiro", profile="PAA",
                         home_unit_id=PJ_VILA_VELHA),
        make_sync_engine=no_sync,
        fetch_audit=lambda filters: [],
        plan_id=lambda: PLAN_ID,
    )


def rss_mb() -> tuple[float, float]:
    """Return this process's resident set size and its peak (VmRSS, VmHWM) in MB, from /proc."""
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]
