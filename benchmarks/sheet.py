"""Planning-sheet figures measured in this process on Qt's offscreen platform.

Each figure drives the real SheetView over a filled local store: open to
first paint, sort and filter, one page repainted while scrolling, one cell
edit and a 10,000 × 10 paste.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, make_services, median_of, qt_application, time_call
from tests.gui.store_fill import PLAN_ID, bulk_item_id

PAGE_ROWS = 33
PAGE_COLUMNS = 16
ROW_HEIGHT = 26
PAGES_TIMED = 30
EDITS_TIMED = 20
PASTE_ROWS = 10_000
# Ten neighbouring columns a PAA may edit on a draft item, with two sets of pt-BR texts to alternate.
# Both sets share the SEI number, so 10,000 of the 100,000 cells keep their value.
PASTE_COLUMNS = ("weight", "priority", "risk", "deliverable", "target_quantity", "target_unit", "sei_process",
                 "programa", "acao", "natureza_despesa")
PASTE_TEXTS = (
    ("15", "Alto", "Baixo", "Relatório final", "12", "relatórios", "19.11.0058.0034120/2024-47", "0105", "2E91",
     "3.3.90.30"),
    ("25", "Baixo", "Alto", "Parecer técnico", "7", "pareceres", "19.11.0058.0034120/2024-47", "0106", "2E92",
     "3.3.90.39"),
)


class OpenSheet:
    """A SheetView over a store, shown and painted once; ``close`` releases it and its store."""

    def __init__(self, store_path: Path, width: int = 1200, height: int = 700) -> None:
        from planmp_desktop.gui.sheet_view import SheetView

        self.app = qt_application()
        self.services = make_services(store_path)
        self.view = SheetView(self.services)
        self.view.resize(width, height)
        wait_first_paint(self.app, self.view.table.viewport(), self.view.show)
        self.view.table.setFocus()

    @property
    def model(self) -> Any:
        return self.view.model

    @property
    def table(self) -> Any:
        return self.view.table

    def close(self) -> None:
        self.view.close()
        self.view.deleteLater()
        self.app.processEvents()
        self.services.store.close()


def wait_first_paint(app: Any, viewport: Any, start: Callable[[], None]) -> None:
    """Run ``start`` (e.g. ``show``) and process events until ``viewport`` has handled a paint event."""
    from PySide6.QtCore import QEvent, QObject

    class PaintSeen(QObject):
        seen = False

        def eventFilter(self, watched: Any, event: Any) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.seen = True
            return False

    watcher = PaintSeen()
    viewport.installEventFilter(watcher)
    start()
    deadline = time.monotonic() + 30
    while not watcher.seen and time.monotonic() < deadline:
        app.processEvents()
    viewport.removeEventFilter(watcher)
    if not watcher.seen:
        raise RuntimeError("the sheet did not paint within 30 s")


def open_to_first_paint(store_path: Path, repeats: int, name: str = "open_sheet", target: float | None = 0.3) -> Figure:
    """Open the store, build the sheet, show it and wait until its rows are painted."""
    OpenSheet(store_path).close()  # warms the imports, the file cache and Qt's fonts
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        sheet = OpenSheet(store_path)
        samples.append(time.perf_counter() - start)
        rows = sheet.model.rowCount()
        sheet.close()
    return Figure(
        name=name,
        value=median_of(samples),
        unit="s",
        target=target,
        target_kind="absolute" if target is not None else "report",
        samples=samples,
        notes=f"LocalStore open + SheetView + show until the first paint, {rows:,} rows × "
        f"{sheet.model.columnCount()} columns",
    )


def sort_and_filter(sheet: OpenSheet, repeats: int) -> list[Figure]:
    """Sort by a money column and by a text column, and filter; floors are plain Python over the same values."""
    from planmp_desktop.gui.sheet_columns import COLUMN_INDEX

    connection = sheet.services.store.connection
    figures = []
    for field_name in ("planned_total", "title"):
        values = [value for (value,) in connection.execute(
            f'SELECT "{field_name}" FROM plan_item WHERE plan_id = ?', (str(PLAN_ID),))]
        column = COLUMN_INDEX[field_name]
        samples = []
        floor_samples = []
        for number in range(repeats):
            order = _order(number)
            samples.append(time_call(lambda: _sort_and_paint(sheet, column, order)))
            floor_samples.append(time_call(lambda: sorted(values, reverse=number % 2 == 1)))
        figures.append(Figure(
            name=f"sort_{field_name}",
            value=median_of(samples),
            unit="s",
            floor=median_of(floor_samples),
            target=0.2,
            target_kind="absolute",
            samples=samples,
            floor_samples=floor_samples,
            notes=f"model.sort over {len(values):,} rows + viewport repaint; floor: sorted() of the column's values",
        ))
    _sort_and_paint(sheet, COLUMN_INDEX["code"], _order(0))

    searched = [row for row in connection.execute(
        "SELECT code, title, responsible FROM plan_item WHERE plan_id = ?", (str(PLAN_ID),))]
    samples = []
    floor_samples = []
    for number in range(repeats):
        text = f"lote {number + 12}"
        samples.append(time_call(lambda: _filter_and_paint(sheet, text)))
        folded = text.casefold()
        floor_samples.append(time_call(lambda: [
            row for row in searched if any(folded in (cell or "").casefold() for cell in row)
        ]))
        shown = sheet.model.rowCount()
    _filter_and_paint(sheet, "")
    figures.append(Figure(
        name="filter",
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples),
        target=0.2,
        target_kind="absolute",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"set_filter_text over {len(searched):,} rows ({shown:,} shown) + repaint; "
        "floor: a Python substring scan of code, title and responsible",
    ))
    return figures


def page_repaint(sheet: OpenSheet, name: str = "page_repaint", with_floor: bool = True) -> Figure:
    """Scroll one page down and repaint it, ``PAGES_TIMED`` times from the middle of the sheet.

    The viewport is sized to show ``PAGE_ROWS`` × ``PAGE_COLUMNS`` cells. The
    floor puts the same rows in a QStandardItemModel, shown by a plain
    QTableView of the same size, and scrolls and repaints it the same way, so
    both repaint the row header and the scroll bar too. Its items carry every
    role the sheet paints (text, alignment, colours, icon, font). The report
    also gives the floor of texts alone.
    """
    table = sheet.table
    width = sum(table.columnWidth(column) for column in range(PAGE_COLUMNS))
    _size_viewport(sheet, width, PAGE_ROWS * ROW_HEIGHT)
    viewport = table.viewport()
    bar = table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    sheet.app.processEvents()
    shown_rows = table.rowAt(viewport.height() - 1) - table.rowAt(0) + 1
    shown_columns = table.columnAt(viewport.width() - 1) - table.columnAt(0) + 1
    first_top = table.rowAt(0)

    samples = []
    for _ in range(PAGES_TIMED):
        def scroll_and_paint() -> None:
            bar.setValue(bar.value() + bar.pageStep())
            viewport.repaint()
        samples.append(time_call(scroll_and_paint))

    floor_samples: list[float] = []
    details: dict[str, Any] = {}
    reference = ""
    if with_floor:
        rows = table.rowAt(0) - first_top + shown_rows
        floor_samples = _floor_page_repaint(sheet, first_top, rows, shown_columns, viewport.size(), styled=True)
        texts_only = median_of(_floor_page_repaint(sheet, first_top, rows, shown_columns, viewport.size()))
        minimal = median_of(_minimal_python_repaint(sheet, first_top, rows, shown_columns, viewport.size()))
        ratio = minimal / texts_only
        details = {
            "texts_only_floor_s": texts_only,
            "ratio_to_texts_only_floor": median_of(samples) / texts_only,
            "minimal_python_model_s": minimal,
            "minimal_python_model_ratio": ratio,
        }
        reference = (
            f"; the same rows as texts alone: {texts_only * 1000:.1f} ms, and the smallest Python model of them "
            f"{minimal * 1000:.1f} ms ({ratio:.2f}× that)"
        )
    return Figure(
        name=name,
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples) if floor_samples else None,
        target=1.5 if with_floor else None,
        target_kind="ratio" if with_floor else "report",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"scroll one page + viewport.repaint(), {shown_rows} rows × {shown_columns} columns shown"
        + ("; floor: the same rows and roles in a QStandardItemModel, scrolled and repainted alike"
           if with_floor else "")
        + reference,
        details=details,
    )


def cell_edit(sheet: OpenSheet) -> Figure:
    """Type a new planned total into one cell: parse, row write, outbox entry, dataChanged and the repaint."""
    model = sheet.model
    column = model.column_of("planned_total")
    outbox_before = _outbox_count(sheet)
    samples = []
    for number in range(EDITS_TIMED):
        position = model.position_of(bulk_item_id(1000 + number))
        index = model.index(position, column)
        sheet.table.scrollTo(index)
        sheet.app.processEvents()
        text = f"{10_000 + number * 7},{number % 100:02d}"

        def edit_and_paint() -> None:
            if not model.setData(index, text):
                raise RuntimeError(f"the sheet rejected {text!r} in the planned total")
            sheet.app.processEvents()
        samples.append(time_call(edit_and_paint))
    written = _outbox_count(sheet) - outbox_before
    return Figure(
        name="cell_edit",
        value=median_of(samples),
        unit="s",
        target=0.016,
        target_kind="absolute",
        samples=samples,
        notes=f"setData on planned_total + processEvents (repaint); {written} outbox entries for {EDITS_TIMED} edits",
    )


def paste_block(sheet: OpenSheet, repeats: int) -> Figure:
    """Paste 10,000 rows × 10 columns of pt-BR text at a draft item, alternating two blocks so every cell changes."""
    from PySide6.QtCore import QItemSelectionModel
    from PySide6.QtGui import QGuiApplication

    model = sheet.model
    top = model.position_of(bulk_item_id(1))
    left = model.column_of(PASTE_COLUMNS[0])
    shown = sheet.table.shown_columns()
    expected = [model.column_of(name) for name in PASTE_COLUMNS]
    if shown[shown.index(left): shown.index(left) + len(PASTE_COLUMNS)] != expected:
        raise RuntimeError("the paste columns are no longer neighbours in the sheet")

    samples = []
    results = []
    undo_steps = []
    for number in range(repeats):
        texts = PASTE_TEXTS[number % 2]
        QGuiApplication.clipboard().setText("\r\n".join("\t".join(texts) for _ in range(PASTE_ROWS)) + "\r\n")
        sheet.table.selectionModel().setCurrentIndex(
            model.index(top, left), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        steps_before = model.undo_stack.count()

        def paste_and_paint() -> None:
            results.append(sheet.table.paste())
            sheet.app.processEvents()
        samples.append(time_call(paste_and_paint))
        undo_steps.append(model.undo_stack.count() - steps_before)
    last = results[-1]
    return Figure(
        name="paste_10000x10",
        value=median_of(samples),
        unit="s",
        target=1.0,
        target_kind="absolute",
        samples=samples,
        notes=f"SheetTable.paste of {PASTE_ROWS:,} × {len(PASTE_COLUMNS)} cells + processEvents; last paste: "
        f"{last.changed:,} changed, {last.refused} refused, {last.read_only} read-only, "
        f"{last.outbox_entries:,} outbox entries, undo steps per paste {sorted(set(undo_steps))}",
    )


def _order(number: int) -> Any:
    from PySide6.QtCore import Qt

    return Qt.SortOrder.AscendingOrder if number % 2 == 0 else Qt.SortOrder.DescendingOrder


def _sort_and_paint(sheet: OpenSheet, column: int, order: Any) -> None:
    sheet.model.sort(column, order)
    sheet.table.viewport().repaint()


def _filter_and_paint(sheet: OpenSheet, text: str) -> None:
    sheet.model.set_filter_text(text)
    sheet.table.viewport().repaint()


def _size_viewport(sheet: OpenSheet, width: int, height: int) -> None:
    """Resize the view until the table's viewport is ``width`` × ``height`` pixels."""
    for _ in range(3):
        viewport = sheet.table.viewport()
        sheet.view.resize(sheet.view.width() + width - viewport.width(),
                          sheet.view.height() + height - viewport.height())
        sheet.app.processEvents()


def _floor_page_repaint(
    sheet: OpenSheet, top: int, rows: int, columns: int, size: Any, styled: bool = False
) -> list[float]:
    """Time the sheet's rows from ``top`` in a QStandardItemModel: their texts, or with ``styled`` every painted role."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    roles = [Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.BackgroundRole,
             Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole] if styled else []
    model = sheet.model
    page = QStandardItemModel(rows, columns)
    for offset in range(rows):
        texts = model.row_texts(top + offset)
        for column in range(columns):
            item = QStandardItem(texts[column])
            index = model.index(top + offset, column)
            for role in roles:
                value = index.data(role)
                if value is not None:
                    item.setData(value, role)
            page.setItem(offset, column, item)
    return _time_plain_repaints(sheet, page, columns, size)


def _minimal_python_repaint(sheet: OpenSheet, top: int, rows: int, columns: int, size: Any) -> list[float]:
    """Time the same pages in the smallest Python model: a list of texts and a ``data()`` for them.

    Not a floor: a reference for how much of the sheet's figure any Python
    model pays, because Qt calls ``index()``, ``flags()`` and ``data()`` back
    into Python for every painted cell.
    """
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    texts = [sheet.model.row_texts(top + offset)[:columns] for offset in range(rows)]
    display_role = Qt.ItemDataRole.DisplayRole

    class PageModel(QAbstractTableModel):
        def rowCount(self, parent: Any = QModelIndex()) -> int:
            return 0 if parent.isValid() else rows

        def columnCount(self, parent: Any = QModelIndex()) -> int:
            return 0 if parent.isValid() else columns

        def data(self, index: Any, role: int = display_role) -> Any:
            return texts[index.row()][index.column()] if role == display_role else None

    return _time_plain_repaints(sheet, PageModel(), columns, size)


def _time_plain_repaints(sheet: OpenSheet, model: Any, columns: int, size: Any) -> list[float]:
    """Show ``model`` in a plain QTableView sized like the sheet's viewport; time a page scroll and repaint."""
    from PySide6.QtWidgets import QHeaderView, QTableView

    view = QTableView()
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    for column in range(columns):
        view.setColumnWidth(column, sheet.table.columnWidth(column))
    view.resize(size.width() + 200, size.height() + 200)
    wait_first_paint(sheet.app, view.viewport(), view.show)
    for _ in range(3):
        viewport = view.viewport()
        view.resize(view.width() + size.width() - viewport.width(), view.height() + size.height() - viewport.height())
        sheet.app.processEvents()
    viewport = view.viewport()
    bar = view.verticalScrollBar()

    def scroll_and_paint() -> None:
        bar.setValue(bar.value() + bar.pageStep())
        viewport.repaint()

    samples = [time_call(scroll_and_paint) for _ in range(PAGES_TIMED)]
    view.close()
    view.deleteLater()
    sheet.app.processEvents()
    return samples


def _outbox_count(sheet: OpenSheet) -> int:
    return int(sheet.services.store.connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])
