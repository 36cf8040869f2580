"""Child process of the start-up and memory figures: start a window and report when its table first painted.

Usage: ``python benchmarks/child_start.py app HOME`` starts PlanMP as
``planmp --home HOME app`` does; ``python benchmarks/child_start.py floor``
starts an empty QMainWindow with a QTableView. Either prints one JSON line,
``{"painted_at": <time.time()>, "rss_mb": ..., "hwm_mb": ...}``, right after
the first paint of the table's viewport has finished, then exits at once.
With ``--scroll`` (app only) it also shows 150 pages spread from the top to the
bottom of the sheet before reading the memory figures.
"""

from __future__ import annotations

import json
import os
import pathlib
import sys
import time
from typing import Any

# One 1920 x 1080 screen: the offscreen default of 800 x 800 is smaller than the main window.
os.environ.setdefault(
    "QT_QPA_PLATFORM", "offscreen:configfile=" + str(pathlib.Path(__file__).resolve().parents[1] / "tests" / "offscreen_screen.json")
)

SCROLLED_PAGES = 150


def _memory_mb() -> tuple[float, float]:
    # The same reading as benchmarks.common.rss_mb, kept here because importing benchmarks.common
    # loads the app's store and would be timed as part of the start-up.
    values = {"VmRSS": 0.0, "VmHWM": 0.0}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in values:
                values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


def _report(extra: dict[str, Any] | None = None) -> None:
    painted_at = time.time()
    rss, hwm = _memory_mb()
    record = {"painted_at": painted_at, "rss_mb": rss, "hwm_mb": hwm, **(extra or {})}
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()
    # The app's sync worker may still be connecting; nothing after the first paint is measured.
    os._exit(0)


def _watch_first_paint(viewport: Any, on_painted: Any) -> Any:
    """Call ``on_painted`` from the event loop once the viewport's first paint event has been handled."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def __init__(self) -> None:
            super().__init__(viewport)
            self.seen = False

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                # A zero timer fires after the paint event this filter receives has been handled.
                QTimer.singleShot(0, on_painted)
            return False

    watcher = FirstPaint()
    viewport.installEventFilter(watcher)
    return watcher


def run_floor() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    app = QApplication(sys.argv)
    window = QMainWindow()
    table = QTableView(window)
    window.setCentralWidget(table)
    window.resize(1280, 800)
    _watch_first_paint(table.viewport(), _report)
    window.show()
    app.exec()


def run_app(home: str, scroll: bool) -> None:
    # The window module is patched when the app's own start-up has imported it, so the imports run
    # in the app's order, after ``cli.main`` has begun.
    import planmp_desktop.app as app_module
    from planmp_desktop import cli

    window_holder: list[Any] = []

    def scroll_then_report() -> None:
        from PySide6.QtWidgets import QApplication

        table = window_holder[0].sheet.table
        bar = table.verticalScrollBar()
        pages = 0
        # Pages spread over the whole sheet touch more row blocks than the model caches.
        for number in range(SCROLLED_PAGES + 1):
            bar.setValue(bar.maximum() * number // SCROLLED_PAGES)
            table.viewport().repaint()
            pages += 1
        QApplication.processEvents()
        _report({"pages_scrolled": pages, "rows": table.model().rowCount()})

    original_run_main_window = app_module._run_main_window

    def run_main_window_watched(*arguments: Any, **keywords: Any) -> int:
        import planmp_desktop.gui.run as gui_run

        original_show = gui_run.show_main_window

        def show_and_watch(services: Any) -> Any:
            window = original_show(services)
            window_holder.append(window)
            if scroll:
                on_painted = scroll_then_report
            else:
                def on_painted() -> None:
                    _report({"rows": window.sheet.model.rowCount()})
            _watch_first_paint(window.sheet.table.viewport(), on_painted)
            return window

        gui_run.show_main_window = show_and_watch
        return original_run_main_window(*arguments, **keywords)

    app_module._run_main_window = run_main_window_watched
    sys.exit(cli.main(["--home", home, "app"]))


if __name__ == "__main__":
    if sys.argv[1] == "floor":
        run_floor()
    else:
        run_app(sys.argv[2], "--scroll" in sys.argv)
