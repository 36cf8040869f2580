"""Run one blocking call (a server query) on a worker thread and deliver its result by signal."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

log = logging.getLogger(__name__)


class BackgroundCall(QThread):
    """Calls ``function()`` off the GUI thread.

    ``succeeded`` carries the return value and ``failed`` the exception; both
    are delivered on the thread of the object that connects to them.
    """

    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, function: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._function = function

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # the receiver decides what the user sees
            log.info("Background call failed: %s", type(exc).__name__)
            self.failed.emit(exc)
            return
        self.succeeded.emit(result)
