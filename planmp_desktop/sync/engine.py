"""The sync engine: push the outbox, then pull pages since the cursor.

Runs on a worker thread with its own :class:`LocalStore`. A file lock beside
the store lets only one sync run at a time, even when the app and the
``planmp sync`` command share the store.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import portalocker

from planmp_desktop.contract import CONTRACT_VERSION
from planmp_desktop.contract.messages import PushRequest
from planmp_desktop.store.local import (
    STATE_GENERATION,
    STATE_LAST_ERROR,
    STATE_LAST_SYNC,
    LocalStore,
)
from planmp_desktop.sync.errors import FailureKind, SyncError
from planmp_desktop.sync.rest import RestTransport

log = logging.getLogger(__name__)

DEFAULT_PAGE_SIZE = 2000
DEFAULT_BATCH_SIZE = 500


@dataclass
class SyncProgress:
    phase: str  # "push" or "pull"
    done: int
    total: int | None = None


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    rebaselined: bool = False
    outcomes: dict[str, int] = field(default_factory=dict)


class SyncCancelled(Exception):
    """The user cancelled; everything applied so far stays, with its cursor."""


class SyncEngine:
    def __init__(
        self,
        store: LocalStore,
        transport: RestTransport,
        device_id: str,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> None:
        self.store = store
        self.transport = transport
        self.device_id = device_id
        self.page_size = page_size
        self.batch_size = batch_size
        self.lock_path = Path(str(store.path) + ".sync.lock")

    def sync(
        self,
        progress: Callable[[SyncProgress], None] | None = None,
        cancel: threading.Event | None = None,
    ) -> SyncReport:
        """Push every pending edit, then pull until up to date.

        Raises :class:`SyncError` (recorded as the store's last error) or
        :class:`SyncCancelled`.
        """
        lock = portalocker.Lock(str(self.lock_path), mode="a", timeout=0, fail_when_locked=True)
        try:
            lock.acquire()
        except (portalocker.exceptions.AlreadyLocked, portalocker.exceptions.LockException) as exc:
            raise SyncError(
                FailureKind.BUSY, "Outra sincronização deste computador já está em andamento."
            ) from exc
        try:
            report = SyncReport()
            try:
                self._check_generation(report)
                self._push(report, progress, cancel)
                self._pull(report, progress, cancel)
            except SyncError as exc:
                with self.store.transaction():
                    self.store.set_state(STATE_LAST_ERROR, exc.message)
                log.warning("Sync failed (%s): %s", exc.kind, exc.detail or exc.message)
                raise
            with self.store.transaction():
                self.store.set_state(STATE_LAST_SYNC, dt.datetime.now(dt.timezone.utc).isoformat())
                self.store.set_state(STATE_LAST_ERROR, None)
            log.info(
                "Sync finished: pushed=%d applied=%d conflicts=%d rejected=%d pulled=%d",
                report.pushed,
                report.applied,
                report.conflicts,
                report.rejected,
                report.pulled,
            )
            return report
        finally:
            lock.release()

    def _check_generation(self, report: SyncReport) -> None:
        info = self.transport.info()
        if info.min_client_version > CONTRACT_VERSION:
            raise SyncError(
                FailureKind.INCOMPATIBLE,
                "Esta versão do PlanMP Desktop é antiga demais para o servidor: atualize o aplicativo.",
            )
        known = self.store.get_state(STATE_GENERATION)
        if known and known != info.generation_id:
            log.warning("Server generation changed (%s -> %s); re-baselining", known, info.generation_id)
            self.store.reset_replica()
            report.rebaselined = True

    def _push(
        self,
        report: SyncReport,
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        total = self.store.status().pending
        while True:
            if cancel is not None and cancel.is_set():
                raise SyncCancelled()
            mutations = self.store.pending_mutations(self.batch_size)
            if not mutations:
                return
            request = PushRequest(client_version=CONTRACT_VERSION, device_id=self.device_id, mutations=mutations)
            response = self.transport.push(request)
            self.store.apply_push_results(response.results)
            report.pushed += len(mutations)
            for result in response.results:
                report.outcomes[result.outcome] = report.outcomes.get(result.outcome, 0) + 1
                if result.outcome == "conflict":
                    report.conflicts += 1
                elif result.outcome == "rejected":
                    report.rejected += 1
                else:
                    report.applied += 1
            if progress is not None:
                progress(SyncProgress("push", report.pushed, total))
            answered = {result.mutation_id for result in response.results}
            if not answered.intersection(m.mutation_id for m in mutations):
                raise SyncError(
                    FailureKind.SERVER_ERROR,
                    "O servidor não respondeu sobre as alterações enviadas; elas continuam pendentes.",
                )

    def _pull(
        self,
        report: SyncReport,
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        while True:
            if cancel is not None and cancel.is_set():
                raise SyncCancelled()
            cursor = self.store.status().cursor
            page = self.transport.pull(cursor, self.page_size)
            self.store.apply_pull_page(page)
            report.pulled += len(page.changes)
            if progress is not None:
                progress(SyncProgress("pull", report.pulled, None))
            if not page.has_more:
                return
