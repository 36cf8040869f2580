"""Cyclic garbage collection moved to the GUI thread's event loop."""

from __future__ import annotations

import gc
import threading
import weakref
from typing import Any

from planmp_desktop.gui.collector import MainThreadCollector


class _Node:
    def __init__(self) -> None:
        self.partner: _Node | None = None


def _make_cycle() -> weakref.ref[_Node]:
    first, second = _Node(), _Node()
    first.partner, second.partner = second, first
    return weakref.ref(first)


def test_collector_turns_automatic_collection_off(qapp: Any) -> None:
    collector = MainThreadCollector()
    try:
        assert not gc.isenabled()
    finally:
        collector.stop()

    assert gc.isenabled()


def test_cycles_collected_on_gui_thread(qtbot: Any) -> None:
    collector = MainThreadCollector()
    collected_in: list[str] = []

    def note_thread(phase: str, _info: dict[str, Any]) -> None:
        if phase == "start":
            collected_in.append(threading.current_thread().name)

    gc.callbacks.append(note_thread)
    try:
        cycle = _make_cycle()
        live_nodes: list[_Node] = []
        # Objects that stay alive push the allocation count past the threshold, in the worker thread.
        worker = threading.Thread(target=lambda: live_nodes.extend(_Node() for _ in range(5_000)), name="worker")
        worker.start()
        worker.join()

        qtbot.waitUntil(lambda: cycle() is None, timeout=5000)
    finally:
        gc.callbacks.remove(note_thread)
        collector.stop()

    assert collected_in
    assert set(collected_in) == {threading.main_thread().name}
