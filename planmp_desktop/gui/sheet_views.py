"""Views of a sheet: frozen leading columns, the column chooser, saved views and the totals row.

Saved views live in one JSON file per user and sheet in the data folder,
written atomically. The file also keeps the columns the user hid and the
view last applied, so both come back at the next start.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QObject, QPersistentModelIndex
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QAbstractSlider,
    QHeaderView,
    QMenu,
    QTableView,
    QWidget,
)

from planmp_desktop import settings
from planmp_desktop.domain.money import format_money, format_money_compact
from planmp_desktop.gui.sheet_definition import PLAN_SHEET, SheetDefinition
from planmp_desktop.gui.first_paint import FirstPaintWatcher
from planmp_desktop.gui.sheet_model import BulkEditResult, SheetModel
from planmp_desktop.gui.sheet_table import SheetTable
from planmp_desktop.gui.sheet_totals import column_totals

log = logging.getLogger(__name__)

# The plan sheet's frozen columns; other sheets read theirs from their definition.
FROZEN_NAMES = PLAN_SHEET.frozen_names
FROZEN_COLUMNS = PLAN_SHEET.frozen_columns
VIEWS_FORMAT = 1
EDGE_WIDTH = 1  # the rule lies over the first pixel of the next column, which is cell padding
TOTALS_DELAY_MS = 60  # coalesces the dataChanged signals of one bulk edit into one aggregate


def views_path(user_oid: object, definition: SheetDefinition = PLAN_SHEET, folder: Path | None = None) -> Path:
    """Return the JSON file holding ``user_oid``'s saved views of the sheet ``definition``, in data ``folder``."""
    views = (folder if folder is not None else settings.data_dir()) / "views"
    if definition.key == PLAN_SHEET.key:
        return views / f"{user_oid}.json"
    return views / f"{user_oid}-{definition.key}.json"


# --- saved views -----------------------------------------------------------------


@dataclass
class SavedView:
    """Visible columns, their order and widths, sort, filter and grouping of the sheet, by column name."""

    visible: list[str]
    widths: dict[str, int]
    sort_column: str = "code"
    descending: bool = False
    filter_text: str = ""
    grouping: str | None = None  # a grouping name of the sheet's definition; None shows no groups
    # Every column in the order shown, left to right; empty keeps the order the header has (older files).
    order: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "visible": self.visible,
            "order": self.order,
            "widths": self.widths,
            "sort_column": self.sort_column,
            "sort_order": "desc" if self.descending else "asc",
            "filter": self.filter_text,
            "group_by": self.grouping,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], definition: SheetDefinition = PLAN_SHEET) -> SavedView:
        """Build a view from its JSON form, dropping columns and groupings this version of the sheet lacks."""
        column_index = definition.column_index
        visible = [name for name in data.get("visible", []) if name in column_index]
        order = [name for name in data.get("order", []) if name in column_index]
        widths = {
            name: int(width) for name, width in dict(data.get("widths", {})).items() if name in column_index
        }
        sort_column = str(data.get("sort_column", definition.default_sort))
        grouping = definition.grouping(data.get("group_by"))
        return cls(
            visible=visible,
            widths=widths,
            sort_column=sort_column if sort_column in column_index else definition.default_sort,
            descending=data.get("sort_order") == "desc",
            filter_text=str(data.get("filter", "")),
            grouping=None if grouping is None else grouping.name,
            order=order,
        )


@dataclass
class ViewFile:
    """The content of one user's views file."""

    views: dict[str, SavedView] = field(default_factory=dict)
    hidden: list[str] = field(default_factory=list)
    last_view: str | None = None


class ViewStore:
    """Store of one user's views file: every change is written at once, atomically."""

    def __init__(self, path: Path, definition: SheetDefinition = PLAN_SHEET) -> None:
        self.path = path
        self.definition = definition
        self.content = self._read()

    def _read(self) -> ViewFile:
        if not self.path.exists():
            return ViewFile()
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            views = {
                str(name): SavedView.from_json(body, self.definition) for name, body in dict(data.get("views", {})).items()
            }
            hidden = [name for name in data.get("hidden", []) if name in self.definition.column_index]
            last_view = data.get("last_view")
            return ViewFile(views, hidden, last_view if last_view in views else None)
        except (OSError, ValueError, TypeError, AttributeError):
            log.warning("Unreadable sheet views file %s; starting with no saved views", self.path, exc_info=True)
            return ViewFile()

    def write(self) -> None:
        """Write the file through a temporary file in the same folder, so a crash never leaves half of it."""
        data = {
            "version": VIEWS_FORMAT,
            "last_view": self.content.last_view,
            "hidden": self.content.hidden,
            "views": {name: view.to_json() for name, view in self.content.views.items()},
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".views-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(data, stream, ensure_ascii=False, indent=1)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
            raise


def capture_view(table: QTableView, model: SheetModel, filter_text: str) -> SavedView:
    """Return the sheet's current columns, widths, sort, filter and grouping as a view."""
    header = table.horizontalHeader()
    columns = model.definition.columns
    visible = [column.name for number, column in enumerate(columns) if not header.isSectionHidden(number)]
    widths = {column.name: header.sectionSize(number) for number, column in enumerate(columns)}
    order = [columns[header.logicalIndex(visual)].name for visual in range(header.count())]
    return SavedView(
        visible=visible,
        order=order,
        widths=widths,
        sort_column=columns[header.sortIndicatorSection()].name,
        descending=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder,
        filter_text=filter_text,
        grouping=model.grouping,
    )


def apply_columns(
    table: SheetTable, visible: list[str] | None, widths: dict[str, int], order: list[str] | None = None
) -> None:
    """Show the ``visible`` columns (all when None) and hide the rest; frozen columns always show.

    ``order`` lists columns left to right; columns it leaves out keep their places after those it names.
    """
    definition = table.sheet_model.definition
    frozen = definition.frozen_columns
    for number, column in enumerate(definition.columns):
        hidden = visible is not None and column.name not in visible and number not in frozen
        table.setColumnHidden(number, hidden)
        width = widths.get(column.name)
        if width is not None and width > 0:
            table.setColumnWidth(number, width)
    if order:
        header = table.horizontalHeader()
        for visual, name in enumerate(order):
            current = header.visualIndex(definition.column_index[name])
            if current != visual:
                header.moveSection(current, visual)


def default_view(definition: SheetDefinition = PLAN_SHEET) -> SavedView:
    """Return the sheet as it first opens: every column at its default width, default sort, no groups."""
    return SavedView(
        visible=[column.name for column in definition.columns],
        widths={column.name: column.width for column in definition.columns},
        sort_column=definition.default_sort,
        order=[column.name for column in definition.columns],
    )


# --- column chooser ---------------------------------------------------------------


def build_column_menu(table: SheetTable, on_change: Callable[[], None], parent: QWidget) -> QMenu:
    """Return a menu with one checkbox per column; frozen columns are always shown and cannot be cleared."""
    definition = table.sheet_model.definition
    frozen = definition.frozen_columns
    menu = QMenu(parent)
    menu.setTitle(parent.tr("Colunas"))
    menu.setToolTipsVisible(True)
    for number, column in enumerate(definition.columns):
        action = QAction(column.label, menu)
        action.setCheckable(True)
        action.setChecked(not table.isColumnHidden(number))
        if number in frozen:
            action.setEnabled(False)
            action.setToolTip(parent.tr("Coluna fixa: sempre visível."))
        else:
            action.toggled.connect(
                lambda checked, number=number: (table.setColumnHidden(number, not checked), on_change())
            )
        menu.addAction(action)
    return menu


# --- frozen leading columns ---------------------------------------------------------


class FrozenTable(SheetTable):
    """The frozen leading columns (plan items: code and title) drawn over the left of the main sheet table.

    It shares the main table's model and selection model, so both parts
    have one current cell. Cursor moves are computed by the main table, so
    the arrows, Tab and Enter cross from the frozen part into the rest.
    """

    def __init__(self, main: SheetTable) -> None:
        super().__init__(main.sheet_model, main)
        self.main = main
        self._drag_start: QPersistentModelIndex | None = None  # the cell a mouse drag started on

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        return self.main.moveCursor(cursorAction, modifiers)

    def scrollTo(self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        # Vertical scrolling belongs to the main table; the frozen part follows its scroll bar.
        self.main.scrollTo(index, hint)

    def paste(self) -> BulkEditResult | None:
        # A block pasted at a frozen cell continues into the columns this part hides, as in the main table.
        return self.main.paste()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Extend a drag that started here into the main table's columns once the pointer passes this part."""
        start = self._drag_start
        position = event.position().toPoint()
        dragging = bool(event.buttons() & Qt.MouseButton.LeftButton) and start is not None and start.isValid()
        if not dragging or position.x() < self.viewport().width():
            super().mouseMoveEvent(event)
            return

        main = self.main
        viewport = main.viewport()
        point = viewport.mapFromGlobal(self.viewport().mapToGlobal(position))
        # Past the main table's edges the drag stops on the last cell shown; the next move scrolls one step on.
        x = min(max(point.x(), main.covered_width), viewport.width() - 1)
        y = min(max(point.y(), 0), viewport.height() - 1)
        if point.x() >= viewport.width():
            main.horizontalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderSingleStepAdd)
        if point.y() >= viewport.height():
            main.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderSingleStepAdd)
        elif point.y() < 0:
            main.verticalScrollBar().triggerAction(QAbstractSlider.SliderAction.SliderSingleStepSub)

        model = main.sheet_model
        row, column = main.rowAt(y), main.columnAt(x)
        if column < 0:  # right of the last column, in the room left to show it whole
            columns = main.shown_columns()
            column = columns[-1] if columns else -1
        if row < 0:  # below the last row
            row = model.rowCount() - 1
        target = model.index(row, column)
        if not target.isValid():
            return
        selection = QItemSelection(
            model.index(min(start.row(), target.row()), min(start.column(), target.column())),
            model.index(max(start.row(), target.row()), max(start.column(), target.column())),
        )
        selection_model = self.selectionModel()
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        selection_model.setCurrentIndex(target, QItemSelectionModel.SelectionFlag.NoUpdate)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        index = self.indexAt(event.position().toPoint())
        self._drag_start = QPersistentModelIndex(index) if index.isValid() else None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # A selection may reach past the frozen columns, and this part hides the others: copy, Delete,
        # fills and moves act on the whole selection through the main table, which shows every column.
        # Typing there opens the editor back in this part, over the cell.
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        self.main.keyPressEvent(event)
        if self.state() == QAbstractItemView.State.EditingState:
            # The key opened the editor and was typed into it. Unaccepted, it would also reach the main
            # table, this part's parent, which would type it a second time.
            event.accept()


class FrozenColumns(QObject):
    """Overlay of a ``FrozenTable`` on ``main``, kept in step: widths, rows, vertical scroll, sort and focus."""

    def __init__(self, main: SheetTable, make_delegate: Callable[[SheetTable], QAbstractItemDelegate]) -> None:
        super().__init__(main)
        self.main = main
        definition = main.sheet_model.definition
        self.frozen_names = definition.frozen_names
        self.frozen_columns = definition.frozen_columns
        frozen = FrozenTable(main)
        self.table = frozen
        frozen.setObjectName("frozenColumns")
        frozen.setAccessibleName(main.tr("Colunas fixas da planilha"))
        frozen.setItemDelegate(make_delegate(frozen))
        frozen.setSelectionModel(main.selectionModel())
        frozen.setSelectionBehavior(main.selectionBehavior())
        frozen.setSelectionMode(main.selectionMode())
        frozen.setEditTriggers(main.editTriggers())
        frozen.setAlternatingRowColors(main.alternatingRowColors())
        frozen.setWordWrap(False)
        frozen.setFrameShape(QTableView.Shape.NoFrame)
        # Clicks focus it; the keyboard reaches the sheet once, through the main table, so Ctrl+Tab leaves the sheet.
        frozen.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        # A rule on the right edge separates the fixed columns from the ones scrolling under them.
        frozen.setStyleSheet(f"QTableView#frozenColumns {{ border: none; border-right: {EDGE_WIDTH}px solid #94a3b8; }}")
        frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        frozen.setVerticalScrollMode(main.verticalScrollMode())
        frozen.verticalHeader().hide()

        rows = frozen.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(main.verticalHeader().defaultSectionSize())
        rows.setMinimumSectionSize(main.verticalHeader().minimumSectionSize())
        columns = frozen.horizontalHeader()
        columns.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        columns.setHighlightSections(False)
        columns.setDefaultAlignment(main.horizontalHeader().defaultAlignment())
        columns.setSectionsClickable(True)
        columns.setSortIndicatorShown(True)
        for number in range(len(definition.columns)):
            frozen.setColumnHidden(number, number not in self.frozen_columns)
            frozen.setColumnWidth(number, main.columnWidth(number))

        main.frozen_columns = self.frozen_columns
        main.frozen_table = frozen
        main.viewport().stackUnder(frozen)
        frozen.show()

        main_header = main.horizontalHeader()
        main_header.sectionResized.connect(self._main_section_resized)
        main_header.sectionMoved.connect(self._pin_frozen)
        main_header.sortIndicatorChanged.connect(self._show_sort)
        main_header.geometriesChanged.connect(self.update_geometry)
        main.verticalHeader().geometriesChanged.connect(self.update_geometry)
        columns.sectionResized.connect(self._frozen_section_resized)
        columns.sortIndicatorChanged.connect(lambda section, order: main_header.setSortIndicator(section, order))
        frozen.verticalScrollBar().valueChanged.connect(main.verticalScrollBar().setValue)
        main.verticalScrollBar().valueChanged.connect(frozen.verticalScrollBar().setValue)
        main.selectionModel().currentChanged.connect(self._follow_current)
        main.installEventFilter(self)
        self._show_sort(main_header.sortIndicatorSection(), main_header.sortIndicatorOrder())
        self.update_geometry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main and event.type() == QEvent.Type.Resize:
            self.update_geometry()
        return False

    def width(self) -> int:
        """Return the frozen part's width in pixels: its columns and the rule on its right edge."""
        return sum(self.main.columnWidth(number) for number in self.frozen_columns) + EDGE_WIDTH

    def update_geometry(self) -> None:
        """Lay the frozen part over the main table's leading columns, from the header to the last row shown."""
        main = self.main
        width = self.width()
        header_height = main.horizontalHeader().height()
        self.table.horizontalHeader().setFixedHeight(header_height)
        self.table.setGeometry(
            main.verticalHeader().width() + main.frameWidth(),
            main.frameWidth(),
            width,
            main.viewport().height() + header_height,
        )
        main.covered_width = width - EDGE_WIDTH
        self.table.verticalScrollBar().setValue(main.verticalScrollBar().value())

    def _main_section_resized(self, number: int, _old: int, new: int) -> None:
        if number in self.frozen_columns:
            if self.table.columnWidth(number) != new:
                self.table.setColumnWidth(number, new)
            self.update_geometry()

    def _frozen_section_resized(self, number: int, _old: int, new: int) -> None:
        if number in self.frozen_columns and self.main.columnWidth(number) != new:
            self.main.setColumnWidth(number, new)

    def _pin_frozen(self) -> None:
        """Keep the frozen columns first when the user drags columns around."""
        header = self.main.horizontalHeader()
        column_index = self.main.sheet_model.definition.column_index
        for visual, name in enumerate(self.frozen_names):
            current = header.visualIndex(column_index[name])
            if current != visual:
                header.blockSignals(True)
                header.moveSection(current, visual)
                header.blockSignals(False)
        # A column moved beside the frozen part may sit half under it, with no scroll to snap it whole.
        self.main.snap_to_column()
        self.main.viewport().update()

    def _show_sort(self, section: int, order: Qt.SortOrder) -> None:
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        if section in self.frozen_columns:
            header.setSortIndicator(section, order)
        else:
            header.setSortIndicator(-1, order)
        header.blockSignals(False)

    def _follow_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Move the keyboard focus to the part that shows the current cell, so editing opens there."""
        if not current.isValid():
            return
        # The window's focus widget, not hasFocus(): the window may be inactive when the cursor moves.
        focused = self.main.window().focusWidget()
        if current.column() in self.frozen_columns:
            if focused is self.main:
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        elif focused is self.table:
            self.main.setFocus(Qt.FocusReason.OtherFocusReason)
            self.main.scrollTo(current)


# --- totals row ---------------------------------------------------------------------


class TotalsRow(QWidget):
    """Sums of the money columns over the rows the filter shows, painted under their columns.

    It reads the main table's header for each column's position, so it
    follows resizing, moving, hiding and horizontal scrolling.
    """

    def __init__(self, table: SheetTable, frozen: FrozenColumns, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self.frozen = frozen
        self.totals: dict[int, Decimal] = {}
        self.setObjectName("sheetTotals")
        self.setAccessibleName(self.tr("Totais da planilha"))
        self.setFixedHeight(table.verticalHeader().defaultSectionSize() + 2)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TOTALS_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        model = table.sheet_model
        model.reloaded.connect(self._refresh_if_changed)
        model.dataChanged.connect(self._timer.start)
        # The shown rows and data version the totals were summed for: a sort leaves both alone.
        self._summed_for: tuple[Any, ...] | None = None
        header = table.horizontalHeader()
        for signal in (header.sectionResized, header.sectionMoved, header.geometriesChanged):
            signal.connect(self.update)
        table.horizontalScrollBar().valueChanged.connect(self.update)
        # Summing 100,000 rows waits until the sheet has painted its first rows.
        self._stale = True
        self._first_paint = FirstPaintWatcher(table.viewport(), self._refresh_if_stale)

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def _summed_key(self) -> tuple[Any, ...]:
        model = self.table.sheet_model
        filter_sql = model.shown_rows_sql()
        if filter_sql is None:
            return (None,)
        return (filter_sql[0], tuple(filter_sql[1]), model.data_version)

    def _refresh_if_changed(self) -> None:
        # Summing 100,000 rows measured 85 ms, a third of a sort, for totals that a sort cannot change.
        if self._stale or self._timer.isActive() or self._summed_key() != self._summed_for:
            self.refresh()

    def refresh(self) -> None:
        """Re-read the sums from the local store and repaint."""
        self._stale = False
        self._timer.stop()
        try:
            self._summed_for = self._summed_key()
            self.totals = column_totals(self.table.sheet_model)
        except sqlite3.ProgrammingError:
            # NOTE: a pending refresh can fire after the store was closed (window closing); nothing to show.
            log.debug("Sheet totals skipped: the local store is closed")
            return
        columns = self.table.sheet_model.definition.columns
        lines = [self.tr("Somas dos valores das linhas exibidas pelo filtro atual.")]
        lines += [f"{columns[number].label}: {format_money(total)}" for number, total in sorted(self.totals.items())]
        self.setToolTip("\n".join(lines))
        self.update()

    def text_of(self, column_number: int) -> str:
        """Return the pt-BR text shown under ``column_number`` (empty for a column without a total)."""
        self._refresh_if_stale()
        total = self.totals.get(column_number)
        return "" if total is None else format_money(total)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Button))
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(0, 0, self.width(), 0)

        table = self.table
        header = table.horizontalHeader()
        left = table.frameWidth() + table.verticalHeader().width()
        covered = left + self.frozen.width()
        bold = painter.font()
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.ButtonText))

        label_rect = QRect(left + 6, 1, self.frozen.width() - 12, self.height() - 1)
        label = self.tr("Totais do filtro")
        painter.drawText(label_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label)

        right_edge = left + table.viewport().width()
        painter.setClipRect(QRect(covered, 0, max(0, right_edge - covered), self.height()))
        if self._stale:
            painter.end()
            return
        for number in table.sheet_model.definition.money_columns:
            if header.isSectionHidden(number):
                continue
            x = left + header.sectionViewportPosition(number)
            width = header.sectionSize(number)
            if x + width < covered or x > right_edge:
                continue
            # Cells pad their text by about 4 pixels; the totals line up with the digits above them.
            cell = QRect(x + 4, 1, width - 8, self.height() - 1)
            text = self.text_of(number)
            metrics = painter.fontMetrics()
            if metrics.horizontalAdvance(text) > cell.width():
                # Too wide for its column: a short form such as "3,81 bi" keeps the magnitude, and the tooltip
                # gives every total in full. A column narrower still shows an ellipsis, never cut digits.
                compact = format_money_compact(self.totals[number])
                text = metrics.elidedText(compact, Qt.TextElideMode.ElideRight, cell.width())
            painter.drawText(cell, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.end()
