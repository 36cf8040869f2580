"""The sync engine: push the outbox, pull pages since the cursor, backfill granted units.

Runs on a worker thread with its own :class:`LocalStore`. A file lock beside
the store lets only one sync run at a time, even when the app and the
``planmp sync`` command share the store. A batch the server rejects (4xx) or
fails on (5xx) is split until the failing mutations are isolated, so they do
not block the others. Each failure counts toward "precisa de atenção".
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import portalocker

from planmp_desktop.contract import CONTRACT_VERSION
from planmp_desktop.contract.messages import Mutation, PushRequest
from planmp_desktop.store.local import (
    STATE_GENERATION,
    STATE_LAST_ERROR,
    STATE_LAST_SYNC,
    LocalStore,
)
from planmp_desktop.sync.errors import FailureKind, SyncError
from planmp_desktop.sync.faults import fault_point
from planmp_desktop.sync.rest import RestTransport

log = logging.getLogger(__name__)

# The server's largest page and batch (ServerSettings.pull_limit_max and
# push_max_mutations). Each page or batch is one transaction on each side, so
# larger ones mean fewer commits. Each commit writes its dirty pages to the WAL
# again and usually checkpoints it.
DEFAULT_PAGE_SIZE = 10_000
DEFAULT_BATCH_SIZE = 2000
# Requests a sync run may spend isolating failing mutations by splitting
# batches; past it the remaining failures wait for the next run.
ISOLATION_REQUESTS = 32


@dataclass
class SyncProgress:
    phase: str  # "push", "pull" or "backfill"
    done: int
    total: int | None = None


@dataclass
class SyncReport:
    pushed: int = 0
    applied: int = 0
    conflicts: int = 0
    rejected: int = 0
    pulled: int = 0
    backfilled: int = 0
    rebaselined: bool = False
    outcomes: dict[str, int] = field(default_factory=dict)
    failed: int = 0  # mutations whose request failed this run; they stay queued
    needs_attention: int = 0  # of those, mutations that reached MAX_PUSH_ATTEMPTS


class SyncCancelled(Exception):
    """The user cancelled; everything applied so far stays, with its cursor."""


class SyncEngine:
    """Runs one sync of a local store against one transport; see :meth:`sync`."""

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
                # Ask for a token before anything else: offline with an expired
                # session, "sign in again" is the truth the user can act on.
                self.transport.check_token()
                self._check_generation(report)
                push_failure = self._push(report, progress, cancel)
                self._pull(report, progress, cancel)
                self._backfill(report, progress, cancel)
                if push_failure is not None:
                    raise push_failure
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
    ) -> SyncError | None:
        """Push every pushable entry; return the last batch failure (raised after the pull), if any."""
        total = self.store.status().pending
        failed: set[uuid.UUID] = set()
        self._isolation_budget = ISOLATION_REQUESTS
        self._last_push_failure: SyncError | None = None
        self._failed_rows: set[tuple[str, uuid.UUID]] = set()
        while True:
            if cancel is not None and cancel.is_set():
                raise SyncCancelled()
            mutations = self.store.pending_mutations(self.batch_size, exclude=failed)
            if not mutations:
                break
            self._push_batch(mutations, failed, report)
            if progress is not None:
                progress(SyncProgress("push", report.pushed + len(failed), total))

        if not failed or self._last_push_failure is None:
            return None
        report.failed = len(failed)
        report.needs_attention = len(self.store.record_push_failure(failed, self._last_push_failure.message))
        last = self._last_push_failure
        return SyncError(
            last.kind,
            f"{len(failed)} alteração(ões) não foram aceitas pelo servidor: {last.message} "
            "Elas continuam pendentes e serão enviadas de novo na próxima sincronização.",
            detail=last.detail,
            status=last.status,
        )

    def _push_batch(self, mutations: list[Mutation], failed: set[uuid.UUID], report: SyncReport) -> None:
        """Push one batch; on a 4xx or 5xx response split it until the failing mutations are isolated.

        Mutations of a row with a failed earlier mutation are held back, as
        :meth:`LocalStore.pending_mutations` does across batches.
        """
        mutations = [m for m in mutations if (m.entity, m.row_id) not in self._failed_rows]
        if not mutations:
            return
        request = PushRequest(client_version=CONTRACT_VERSION, device_id=self.device_id, mutations=mutations)
        fault_point("push_before_send")
        try:
            response = self.transport.push(request)
        except SyncError as exc:
            if exc.kind not in (FailureKind.BATCH_REJECTED, FailureKind.SERVER_ERROR) or exc.status is None:
                raise
            log.warning("Push of %d mutation(s) failed with HTTP %d: %s", len(mutations), exc.status, exc.message)
            self._last_push_failure = exc
            if len(mutations) == 1 or self._isolation_budget <= 0:
                failed.update(m.mutation_id for m in mutations)
                self._failed_rows.update((m.entity, m.row_id) for m in mutations)
                return
            self._isolation_budget -= 2
            half = len(mutations) // 2
            self._push_batch(mutations[:half], failed, report)
            self._push_batch(mutations[half:], failed, report)
            return
        fault_point("push_after_response")
        self._record_results(mutations, response.results, report)

    def _record_results(self, mutations: list[Mutation], results: list[Any], report: SyncReport) -> None:
        self.store.apply_push_results(results)
        report.pushed += len(mutations)
        for result in results:
            report.outcomes[result.outcome] = report.outcomes.get(result.outcome, 0) + 1
            if result.outcome == "conflict":
                report.conflicts += 1
            elif result.outcome == "rejected":
                report.rejected += 1
            else:
                report.applied += 1
        answered = {result.mutation_id for result in results}
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
            self.store.apply_pull_page(page, before_commit=lambda: fault_point("page_before_commit"))
            fault_point("page_after_commit")
            report.pulled += len(page.changes)
            if progress is not None:
                progress(SyncProgress("pull", report.pulled, None))
            if not page.has_more:
                return

    def _backfill(
        self,
        report: SyncReport,
        progress: Callable[[SyncProgress], None] | None,
        cancel: threading.Event | None,
    ) -> None:
        """Fetch the existing rows of units granted since the last sync, resuming where a previous run stopped."""
        while True:
            units, after = self.store.backfill_state()
            if not units:
                return
            if cancel is not None and cancel.is_set():
                raise SyncCancelled()
            page = self.transport.backfill(units, after, self.page_size)
            self.store.apply_backfill_page(page, before_commit=lambda: fault_point("backfill_before_commit"))
            report.backfilled += len(page.changes)
            if progress is not None:
                progress(SyncProgress("backfill", report.backfilled, None))
