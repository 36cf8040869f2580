"""Edits when the local store cannot be written: the typed value stays in its cell and nothing is half-written."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE
from planmp_desktop.services import AppServices

from .sheet_support import cell, filled_store, open_sheet, outbox_count, select_block, select_cell, stored


CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=20)


def test_read_only_store_keeps_typed_value(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    messages: list[str] = []
    view.model.edit_rejected.connect(messages.append)
    before = stored(services, 1, "responsible")
    services.store.connection.execute("PRAGMA query_only = ON")  # SQLite now rejects every write

    select_cell(view, 1, "responsible")
    qtbot.keyClicks(view.table, "Rafael Costa")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    services.store.connection.execute("PRAGMA query_only = OFF")
    assert stored(services, 1, "responsible") == before
    assert outbox_count(services) == 0
    assert view.model.undo_stack.count() == 0
    assert cell(view, 1, "responsible").data() == "Rafael Costa"
    assert cell(view, 1, "responsible").data(CELL_STATE_ROLE) == "rejected"
    assert messages
    assert "não pode ser gravada" in messages[-1]
    assert str(services.store.path) in messages[-1]


def test_retyped_value_written_once_store_recovers(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    services.store.connection.execute("PRAGMA query_only = ON")
    select_cell(view, 1, "responsible")
    qtbot.keyClicks(view.table, "Rafael Costa")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    services.store.connection.execute("PRAGMA query_only = OFF")

    select_cell(view, 1, "responsible")
    qtbot.keyClicks(view.table, "Rafael Costa")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)

    assert stored(services, 1, "responsible") == "Rafael Costa"
    assert cell(view, 1, "responsible").data(CELL_STATE_ROLE) == "pending"
    assert view.model.undo_stack.count() == 1


def test_locked_store_rejects_paste_whole(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    messages: list[str] = []
    view.model.edit_rejected.connect(messages.append)
    statuses: list[str] = []
    view.table.status_message.connect(statuses.append)
    services.store.set_busy_timeout(0.1)
    before = [stored(services, number, "responsible") for number in (1, 2)]
    other = sqlite3.connect(services.store.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        select_block(view, 1, "responsible", 2, 1)
        QGuiApplication.clipboard().setText("Rafael Costa\r\nJuliana Martins\r\n")
        view.table.paste()
    finally:
        other.execute("ROLLBACK")
        other.close()

    assert [stored(services, number, "responsible") for number in (1, 2)] == before
    assert outbox_count(services) == 0
    assert view.model.undo_stack.count() == 0
    assert messages
    assert "ocupada por outro programa" in messages[-1]
    assert statuses[-1].startswith("Colar: A cópia local dos dados está ocupada")
    assert "alterada" not in statuses[-1]


@pytest.mark.parametrize("key", [Qt.Key.Key_Z, Qt.Key.Key_Y])
def test_failed_undo_or_redo_keeps_step(qtbot, services: AppServices, key: Qt.Key) -> None:
    view = open_sheet(qtbot, services)
    before = stored(services, 1, "responsible")
    for text in ("Rafael Costa", "Juliana Martins"):
        select_cell(view, 1, "responsible")
        qtbot.keyClicks(view.table, text)
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    stack = view.model.undo_stack
    if key == Qt.Key.Key_Y:
        qtbot.keyClick(view.table, Qt.Key.Key_Z, CTRL)
    expected = stored(services, 1, "responsible")
    index = stack.index()

    services.store.connection.execute("PRAGMA query_only = ON")
    qtbot.keyClick(view.table, key, CTRL)
    qtbot.waitUntil(lambda: stack.index() == index)
    services.store.connection.execute("PRAGMA query_only = OFF")

    assert stack.count() == 2
    assert stored(services, 1, "responsible") == expected
    qtbot.keyClick(view.table, key, CTRL)  # the same step, once the store can be written
    assert stored(services, 1, "responsible") == ("Rafael Costa" if key == Qt.Key.Key_Z else "Juliana Martins")
    assert before != "Rafael Costa"


def test_sync_on_read_only_store_names_store(qtbot, services: AppServices) -> None:
    from planmp_desktop.gui.sync_worker import _SyncThread
    from planmp_desktop.sync.errors import FailureKind

    def read_only_engine() -> Any:
        engine = services.make_sync_engine()
        engine.store.connection.execute("PRAGMA query_only = ON")
        return engine

    worker = _SyncThread(read_only_engine)
    failures: list[tuple[str, str]] = []
    worker.failed.connect(lambda kind, message: failures.append((kind, message)))

    worker.run()  # on this thread, so the store's connection is used where it was opened

    assert failures
    assert failures[0][0] == str(FailureKind.LOCAL_STORE)
    assert "não pode ser gravada" in failures[0][1]


def test_import_on_unreadable_store_names_store(qtbot, tmp_path: Path) -> None:
    from planmp_desktop.gui.import_wizard import ImportWorker, ReadSettings
    from planmp_desktop.io.mapping import PLAN_ITEMS

    source = tmp_path / "itens.csv"
    source.write_text("Código;Título\nA-1;Mutirão\n", encoding="utf-8")
    damaged = tmp_path / "local.sqlite3"
    damaged.write_bytes(b"not a sqlite file, " * 500)
    worker = ImportWorker(damaged, source, ReadSettings(), PLAN_ITEMS, 2026, None, "")
    failures: list[str] = []
    worker.failed.connect(failures.append)

    worker.run()  # on this thread

    assert worker.store_failed
    assert failures
    assert str(damaged) in failures[0]
    assert "nada foi gravado" in failures[0]
