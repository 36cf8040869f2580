"""Pull cursors against concurrent writers on PostgreSQL, where change numbers are taken before commit."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from sqlalchemy import Connection, select, text, update

from planmp_server.changes import record_change
from planmp_server.db import ENTITY_TABLES, WRITER_LOCK_KEY, change_log, write_transaction
from planmp_server.loader import load_rows
from .conftest import Api, plan_item_row

PLANEJAMENTO = ["Planejamento"]
WAIT_SECONDS = 30


class HeldWriter:
    """A writer thread that edits a row, takes its change number, then waits to commit until released."""

    def __init__(self, transaction: Callable[[], AbstractContextManager[Connection]], row: dict[str, Any], unit_id: uuid.UUID) -> None:
        self._transaction = transaction
        self._row = row
        self._unit_id = unit_id
        self.took_seq = threading.Event()
        self.release = threading.Event()
        self.seq: int | None = None
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def finish(self) -> None:
        self.release.set()
        self._thread.join(WAIT_SECONDS)
        assert not self._thread.is_alive(), "the writer did not commit"
        assert self.error is None, self.error

    def _run(self) -> None:
        table = ENTITY_TABLES["plan_item"]
        try:
            with self._transaction() as connection:
                connection.execute(update(table).where(table.c.id == self._row["id"]).values(notes="concorrente"))
                record_change(connection, "plan_item", self._row["id"], self._unit_id)
                self.seq = connection.execute(
                    select(change_log.c.seq).where(change_log.c.row_id == self._row["id"])
                ).scalar_one()
                self.took_seq.set()
                self.release.wait(WAIT_SECONDS)
        except BaseException as exc:  # reported by finish() in the test's thread
            self.error = exc
            self.took_seq.set()


def require_postgresql(api: Api) -> None:
    if api.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time, so its commits cannot land out of change-number order")


def pulled_items(api: Api, cursor: int) -> tuple[set[str], int]:
    """Pull every page after ``cursor``; return the plan_item ids received and the new cursor."""
    received: set[str] = set()
    headers = api.headers("plan", PLANEJAMENTO)
    while True:
        response = api.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": 1000}, headers=headers)
        assert response.status_code == 200, response.text
        page = response.json()
        received |= {change["row_id"] for change in page["changes"] if change["entity"] == "plan_item"}
        cursor = page["cursor"]
        if not page["has_more"]:
            return received, cursor


def wait_for_advisory_lock_waiter(api: Api) -> None:
    """Poll pg_locks until a transaction of this database waits on the writers' lock; fail after WAIT_SECONDS."""
    query = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = :key "
        "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        with api.engine.connect() as connection:
            waiting = connection.execute(query, {"key": WRITER_LOCK_KEY}).scalar_one()
        if waiting:
            return
        time.sleep(0.05)
    pytest.fail("the second writer never waited on the writers' advisory lock")


def seed_two_rows(api: Api) -> list[dict[str, Any]]:
    rows = [plan_item_row(api, "a", code) for code in ("A-PRIMEIRA", "A-SEGUNDA")]
    load_rows(api.engine, {"plan_item": rows})
    return rows


def test_pull_between_commits_misses_nothing(api: Api) -> None:
    require_postgresql(api)
    first_row, second_row = seed_two_rows(api)
    _, cursor = pulled_items(api, 0)

    first = HeldWriter(lambda: write_transaction(api.engine), first_row, api.units["a"])
    second = HeldWriter(lambda: write_transaction(api.engine), second_row, api.units["a"])
    try:
        first.start()
        assert first.took_seq.wait(WAIT_SECONDS)
        second.start()
        wait_for_advisory_lock_waiter(api)
        assert not second.took_seq.is_set()  # it cannot take a change number while the first is open
        received, cursor_during = pulled_items(api, cursor)
        assert received == set()
        assert cursor_during == cursor

        first.finish()
        assert second.took_seq.wait(WAIT_SECONDS)
        between, cursor = pulled_items(api, cursor)
        assert between == {str(first_row["id"])}
        assert first.seq is not None and second.seq is not None
        assert second.seq > first.seq
    finally:
        first.release.set()
        second.release.set()

    second.finish()
    after, _ = pulled_items(api, cursor)
    assert after == {str(second_row["id"])}


def test_unserialised_writers_would_skip_change(api: Api) -> None:
    """Without the writers' lock, a pull between out-of-order commits skips a change: why the lock exists."""
    require_postgresql(api)
    first_row, second_row = seed_two_rows(api)
    _, cursor = pulled_items(api, 0)

    def plain_transaction() -> Iterator[Connection]:
        with api.engine.begin() as connection:
            yield connection

    first = HeldWriter(contextmanager(plain_transaction), first_row, api.units["a"])
    second = HeldWriter(contextmanager(plain_transaction), second_row, api.units["a"])
    try:
        first.start()
        assert first.took_seq.wait(WAIT_SECONDS)
        second.start()
        assert second.took_seq.wait(WAIT_SECONDS)
        second.finish()  # commits before the first, with the higher change number

        received, cursor = pulled_items(api, cursor)
        assert received == {str(second_row["id"])}
    finally:
        first.release.set()
        second.release.set()

    first.finish()
    late, _ = pulled_items(api, cursor)
    assert late == set()  # the first change is behind the cursor and never arrives
