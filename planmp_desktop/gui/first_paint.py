"""Deferring work until a widget has painted once, so start-up shows the window first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class FirstPaintWatcher(QObject):
    """Calls ``on_painted`` from the event loop once ``widget`` has handled its first paint event."""

    def __init__(self, widget: QWidget, on_painted: Callable[[], object]) -> None:
        super().__init__(widget)
        self._widget = widget
        self._on_painted = on_painted
        self.painted = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.painted and event.type() == QEvent.Type.Paint:
            self.painted = True
            self._widget.removeEventFilter(self)
            # A zero timer runs after the paint event this filter receives has been handled.
            QTimer.singleShot(0, self._on_painted)
        return False
