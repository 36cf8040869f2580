"""Building a client's next pull page while it applies the current one.

A client pulls page after page, and between two requests it writes the page it
received. :class:`PullAhead` starts building and encoding the next page on a
worker thread as soon as a page with ``has_more`` goes out, so the server's
reading and the client's writing overlap. The client's requests do not change, so a sync cut
mid-way downloads no extra page.

A page built ahead is served only when the request would build the same
page. The actor loaded for the request (user, profile, home unit and scope),
the cursor and the page size must be those of the build. The change log's
highest seq and the generation id must not have changed since the build
began, and every server write moves a row's entry to a new highest seq.
Pages older than :data:`MAX_AGE_S` are dropped. Anything else builds the
page afresh.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
import orjson
from sqlalchemy import Engine, func, select

from planmp_server.actors import Actor
from planmp_server.db import change_log, server_meta
from planmp_server.sync_pull import pull_changes

log = logging.getLogger(__name__)

# A page built ahead and not requested within this many seconds is dropped; the request builds its own.
MAX_AGE_S = 30.0
# Pages kept built ahead at once, one per user. Further users pull without it, because the
# JSON of a page of 10,000 plan items takes about 12 MB of memory.
MAX_PENDING = 2


@dataclass(frozen=True)
class EncodedPage:
    """A pull page as JSON bytes, with the two fields the next request depends on."""

    cursor: int
    has_more: bool
    body: bytes


def encoded_page(engine: Engine, actor: Actor, cursor: int, limit: int) -> EncodedPage:
    """Return the pull_changes page after ``cursor`` encoded with orjson."""
    page = pull_changes(engine, actor, cursor, limit)
    return EncodedPage(page["cursor"], page["has_more"], orjson.dumps(page))


@dataclass
class _Ahead:
    actor: Actor
    cursor: int
    limit: int
    started: float
    version: tuple[int | None, str]  # the change log's highest seq and the generation id before the build
    future: Future[EncodedPage]


class PullAhead:
    """Pull pages, with each user's next page built ahead while the client applies the last one."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="planmp-pull-ahead")
        self._lock = threading.Lock()
        self._pending: dict[uuid.UUID, _Ahead] = {}

    def page(self, actor: Actor, cursor: int, limit: int) -> EncodedPage:
        """Return the pull page after ``cursor`` for ``actor``, as encoded_page does, and start building the next."""
        page = self._take_ahead(actor, cursor, limit)
        if page is None:
            page = encoded_page(self._engine, actor, cursor, limit)
        if page.has_more:
            self._start(actor, page.cursor, limit)
        return page

    def close(self) -> None:
        with self._lock:
            self._pending.clear()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def _take_ahead(self, actor: Actor, cursor: int, limit: int) -> EncodedPage | None:
        with self._lock:
            ahead = self._pending.pop(actor.user_id, None)
        if ahead is None:
            return None
        if (ahead.actor, ahead.cursor, ahead.limit) != (actor, cursor, limit):
            ahead.future.cancel()
            return None
        try:
            page = ahead.future.result()
        except Exception as exc:  # the request builds its page itself and reports any error
            log.warning("Pull page built ahead for user %s after cursor %d failed: %s", actor.user_id, cursor, exc)
            return None
        if time.monotonic() - ahead.started > MAX_AGE_S or self._version() != ahead.version:
            return None
        return page

    def _start(self, actor: Actor, cursor: int, limit: int) -> None:
        now = time.monotonic()
        version = self._version()
        with self._lock:
            # Pages of clients that stopped pulling are dropped, so at most MAX_PENDING pages stay in memory.
            for user_id, ahead in list(self._pending.items()):
                if now - ahead.started > MAX_AGE_S:
                    ahead.future.cancel()
                    del self._pending[user_id]
            if actor.user_id not in self._pending and len(self._pending) >= MAX_PENDING:
                return
            previous = self._pending.pop(actor.user_id, None)
            if previous is not None:
                previous.future.cancel()
            future = self._executor.submit(encoded_page, self._engine, actor, cursor, limit)
            self._pending[actor.user_id] = _Ahead(actor, cursor, limit, now, version, future)

    def _version(self) -> tuple[int | None, str]:
        """Return the change log's highest seq and the generation id, which change with every write and restore."""
        with self._engine.connect() as connection:
            latest_seq = connection.execute(select(func.max(change_log.c.seq))).scalar()
            generation_id = connection.execute(select(server_meta.c.generation_id)).scalar_one()
        return latest_seq, str(generation_id)
