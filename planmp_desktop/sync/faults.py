"""Fault points for the kill tests: the sync engine calls ``fault_point(name)`` at each one.

With ``PLANMP_FAULT_POINT=name`` (or ``name:N`` for the N-th time the point
is reached) in the environment the process kills itself there, with no
cleanup, as a power cut or a killed task would. Without the variable a
fault point does nothing; only tests set it.
"""

from __future__ import annotations

import logging
import os
import signal
from collections import Counter

log = logging.getLogger(__name__)

FAULT_POINT_VARIABLE = "PLANMP_FAULT_POINT"

# Points where the engine can be killed, in the order a sync reaches them.
FAULT_POINTS = (
    "push_before_send",  # a batch is about to be sent
    "push_after_response",  # the server applied a batch; the client has not recorded the outcomes
    "page_before_commit",  # a pulled page's rows and cursor are written but not committed
    "page_after_commit",  # a page and its cursor are committed; the next request has not started
    "backfill_before_commit",  # a backfill page is written but not committed
)

_hits: Counter[str] = Counter()


def fault_point(name: str) -> None:
    """Kill this process here when the environment names this fault point."""
    wanted = os.environ.get(FAULT_POINT_VARIABLE)
    if not wanted:
        return
    point, _, count = wanted.partition(":")
    if point != name:
        return
    _hits[name] += 1
    if _hits[name] < int(count or 1):
        return
    log.warning("Fault point %s reached (hit %d): killing the process", name, _hits[name])
    # SIGKILL does not exist on Windows, where os.kill with SIGTERM ends the process at once.
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
