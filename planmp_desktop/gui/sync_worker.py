"""Sync on a worker thread: one run at a time, results back on the GUI thread through signals."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from planmp_desktop.store.errors import write_failure_message
from planmp_desktop.sync.errors import FailureKind, SyncError

if TYPE_CHECKING:
    # Imported by the worker thread when a sync runs, so the HTTP client is not loaded before the first paint.
    from planmp_desktop.sync.engine import SyncEngine, SyncProgress, SyncReport

log = logging.getLogger(__name__)


class _SyncThread(QThread):
    """Builds an engine (with its own store connection) and runs one sync."""

    progressed = Signal(str, int, int)  # phase, done, total (-1 when unknown)
    succeeded = Signal(object)  # SyncReport
    failed = Signal(str, str)  # FailureKind value, pt-BR message
    cancelled = Signal()

    def __init__(self, make_sync_engine: Callable[[], SyncEngine], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make_sync_engine = make_sync_engine
        self.cancel_event = threading.Event()

    def run(self) -> None:
        from planmp_desktop.sync.engine import SyncCancelled

        engine: SyncEngine | None = None
        try:
            engine = self._make_sync_engine()
            report = engine.sync(self._report_progress, self.cancel_event)
        except SyncCancelled:
            self.cancelled.emit()
        except SyncError as exc:
            self.failed.emit(str(exc.kind), exc.message)
        except sqlite3.Error as exc:
            # The local store, not the server: a lock held elsewhere, a read-only file, a full disk.
            log.warning("Sync stopped on a local store error: %s", exc)
            path = engine.store.path if engine is not None else None
            self.failed.emit(str(FailureKind.LOCAL_STORE), write_failure_message(exc, path))
        except Exception:
            log.exception("Sync failed with an unexpected error")
            self.failed.emit(
                str(FailureKind.SERVER_ERROR),
                self.tr("Falha inesperada na sincronização: suas alterações continuam guardadas. "
                        "Tente de novo ou consulte o registro do aplicativo."),
            )
        else:
            self.succeeded.emit(report)
        finally:
            if engine is not None:
                _close_engine(engine)

    def _report_progress(self, progress: SyncProgress) -> None:
        self.progressed.emit(progress.phase, progress.done, -1 if progress.total is None else progress.total)


# Seconds before retrying after a sync that failed offline or on a server
# error, growing with each failure in a row. The periodic interval caps them.
RETRY_DELAYS_S = (15, 30, 60, 120, 240)
RETRIED_FAILURES = frozenset(
    {FailureKind.OFFLINE, FailureKind.SERVER_ERROR, FailureKind.BUSY, FailureKind.LOCAL_STORE}
)


class SyncController(QObject):
    """Starts syncs (on request and every ``interval_s`` seconds), one at a time.

    ``sync_now`` returns at once; the outcome arrives as ``sync_succeeded``,
    ``sync_failed`` or ``sync_cancelled``, and ``sync_finished`` follows each.
    After a sync fails offline or on a server error another starts by itself
    after ``retry_delays_ms`` (growing), so the queue drains when the
    network or the server comes back without the user doing anything.
    """

    sync_started = Signal()
    sync_progressed = Signal(str, int, int)
    sync_succeeded = Signal(object)  # SyncReport
    sync_failed = Signal(str, str)  # FailureKind value, pt-BR message
    sync_cancelled = Signal()
    sync_finished = Signal()

    def __init__(
        self, make_sync_engine: Callable[[], SyncEngine], interval_s: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._make_sync_engine = make_sync_engine
        self._thread: _SyncThread | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(max(interval_s, 30) * 1000)
        self.timer.timeout.connect(self.sync_now)
        self.retry_delays_ms = [min(delay * 1000, self.timer.interval()) for delay in RETRY_DELAYS_S]
        self.retry_timer = QTimer(self)
        self.retry_timer.setSingleShot(True)
        self.retry_timer.timeout.connect(self.sync_now)
        self._failures_in_row = 0

    def start_periodic(self) -> None:
        self.timer.start()

    def is_running(self) -> bool:
        return self._thread is not None

    def sync_now(self) -> bool:
        """Start a sync unless one is running; returns whether one was started."""
        if self._thread is not None:
            log.info("Sync requested while another is running; ignored")
            return False
        thread = _SyncThread(self._make_sync_engine, self)
        thread.progressed.connect(self.sync_progressed)
        thread.succeeded.connect(self._on_succeeded)
        thread.failed.connect(self._on_failed)
        thread.cancelled.connect(self.sync_cancelled)
        thread.finished.connect(self._on_thread_finished)
        self._thread = thread
        self.sync_started.emit()
        thread.start()
        return True

    def cancel(self) -> None:
        if self._thread is not None:
            self._thread.cancel_event.set()

    def shutdown(self, wait_ms: int = 30_000) -> None:
        """Stop the timer, cancel a running sync and wait for its thread to end."""
        self.timer.stop()
        self.retry_timer.stop()
        thread = self._thread
        if thread is None:
            return
        thread.cancel_event.set()
        if not thread.wait(wait_ms):
            # NOTE: a request stuck in the network stack ends at the transport's timeout; the thread is left to finish.
            log.warning("Sync thread still running after %d ms at shutdown", wait_ms)

    def _on_succeeded(self, report: SyncReport) -> None:
        self._failures_in_row = 0
        self.retry_timer.stop()
        self.sync_succeeded.emit(report)

    def _on_failed(self, kind: str, message: str) -> None:
        if kind in RETRIED_FAILURES:
            delay = self.retry_delays_ms[min(self._failures_in_row, len(self.retry_delays_ms) - 1)]
            self._failures_in_row += 1
            self.retry_timer.start(delay)
            log.info("Sync failed (%s); retrying in %d ms", kind, delay)
        self.sync_failed.emit(kind, message)

    def _on_thread_finished(self) -> None:
        thread = self._thread
        self._thread = None
        if thread is not None:
            thread.deleteLater()
        self.sync_finished.emit()


def _close_engine(engine: Any) -> None:
    """Close the worker's own store connection and HTTP client; the factory made them for this run."""
    for resource in (getattr(engine, "store", None), getattr(engine, "transport", None)):
        close = getattr(resource, "close", None)
        if close is None:
            continue
        try:
            close()
        except Exception:
            log.exception("Closing %s after sync failed", type(resource).__name__)
