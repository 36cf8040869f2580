"""A large initial sync cut by kills and by the user's cancel resumes from its cursor."""

from __future__ import annotations

import math
import threading
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from planmp_desktop.store.local import LocalStore
from planmp_desktop.sync.engine import SyncCancelled, SyncProgress
from planmp_server.loader import load_rows

from .conftest import Client, FaultyDemoServer
from .faults import run_sync_process

EXTRA_ROWS = 50_000
PAGE_SIZE = 2_000


def _load_extra_items(server: FaultyDemoServer, client: Client, count: int) -> None:
    """Add ``count`` tasks in the client's home unit, copied from one of its rows."""
    store = client.open_store()
    home_unit = store.fetch_row("user", client.user.oid)["home_unit_id"]
    store.close()
    template = next(row for row in server.rows().values() if row["unit_id"] == home_unit)
    rows = []
    for number in range(count):
        row = dict(template)
        row.update(id=uuid.uuid4(), code=f"CARGA.{number:05d}", parent_id=None)
        rows.append(row)
    engine = create_engine(server.database_url)
    try:
        load_rows(engine, {"plan_item": rows})
    finally:
        engine.dispose()


def _pull_requests(server: FaultyDemoServer) -> int:
    return sum(1 for r in server.faults.requests if r.path == "/v1/sync/pull" and r.status == 200)


@pytest.mark.slow
def test_initial_sync_resumes_after_cuts(client: Client, fault_server: FaultyDemoServer, tmp_path: Path) -> None:
    client.sync()  # learns the home unit; then start over from an empty store
    _load_extra_items(fault_server, client, EXTRA_ROWS)
    client.open_store().close()
    for suffix in ("", "-wal", "-shm"):
        Path(str(client.workspace.store_path(client.user.oid)) + suffix).unlink(missing_ok=True)

    reference = LocalStore(tmp_path / "reference.sqlite3")
    before = _pull_requests(fault_server)
    client.engine(reference, page_size=PAGE_SIZE).sync()
    clean_pages = _pull_requests(fault_server) - before
    reference_ids = {str(row["id"]) for row in reference.fetch_rows("plan_item")}
    reference.close()
    assert clean_pages >= math.ceil(EXTRA_ROWS / PAGE_SIZE)

    before = _pull_requests(fault_server)
    committed = 0
    for fraction in (0.1, 0.4, 0.8):
        cut_page = max(committed + 1, round(clean_pages * fraction))
        hit = cut_page - committed
        run = run_sync_process(client.home, fault_point=f"page_before_commit:{hit}", page_size=PAGE_SIZE)
        assert run.killed, run.stderr[-500:]
        committed = cut_page - 1
        store = client.open_store()
        assert store.count("plan_item") > 0 or committed == 0
        store.close()
    finished = run_sync_process(client.home, page_size=PAGE_SIZE)
    assert finished.returncode == 0, finished.stderr[-500:]

    downloaded = _pull_requests(fault_server) - before
    assert downloaded <= clean_pages + 3
    store = client.open_store()
    local_ids = {str(row["id"]) for row in store.fetch_rows("plan_item")}
    store.close()
    assert local_ids == reference_ids


def test_cancelled_initial_sync_resumes(client: Client) -> None:
    store = client.open_store()
    engine = client.engine(store, page_size=100)
    cancel = threading.Event()
    seen: list[SyncProgress] = []

    def on_progress(progress: SyncProgress) -> None:
        seen.append(progress)
        if progress.phase == "pull" and progress.done >= 300:
            cancel.set()

    with pytest.raises(SyncCancelled):
        engine.sync(on_progress, cancel)
    cursor_after_cancel = store.status().cursor
    assert cursor_after_cancel > 0
    assert [p.done for p in seen if p.phase == "pull"] == sorted(p.done for p in seen if p.phase == "pull")

    report = engine.sync()

    assert report.pulled > 0
    assert store.status().cursor > cursor_after_cancel
    engine.transport.close()
    store.close()
