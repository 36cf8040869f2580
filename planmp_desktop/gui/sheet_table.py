"""The planning sheet's table view with the keyboard, clipboard and bulk edits of a spreadsheet.

Keys follow Excel. Enter, Tab and the arrows commit an edit and move, Esc
cancels, F2 edits in place and typing replaces the cell. Ctrl+D and Ctrl+R
fill down and right, Ctrl+Enter fills the selection and Delete clears cells
(never rows). Ctrl+C, Ctrl+X and Ctrl+V exchange tab-separated text with
Excel and LibreOffice, Ctrl+F and Ctrl+H find and replace, and Ctrl+Z and
Ctrl+Y undo and redo. Every bulk edit is one undo step and one store
transaction, and its outcome is reported in one status message, never in a
message box.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtGui import QFontMetrics, QPolygonF, QRegion
from PySide6.QtWidgets import QAbstractItemDelegate, QAbstractItemView, QApplication, QComboBox, QLineEdit
from PySide6.QtWidgets import QHeaderView, QTableView, QWidget

from planmp_desktop.domain.dates import format_date
from planmp_desktop.domain.money import format_decimal, format_money, format_money_compact
from planmp_desktop.gui.sheet_clipboard import format_clipboard_text, parse_clipboard_text
from planmp_desktop.gui.sheet_columns import ColumnKind
from planmp_desktop.gui.sheet_find import FindOptions, FindReplaceDialog, busy_cursor, find_cell, plan_replacements
from planmp_desktop.gui.sheet_find import replaced_cell_text
from planmp_desktop.gui.sheet_model import BulkEditResult, SheetModel, filled_edge
from planmp_desktop.gui.sheet_totals import CellRange, SelectionTotals, selection_totals

log = logging.getLogger(__name__)

Action = QAbstractItemView.CursorAction
_ARROW_ACTIONS = {
    Qt.Key.Key_Up: Action.MoveUp,
    Qt.Key.Key_Down: Action.MoveDown,
    Qt.Key.Key_Left: Action.MoveLeft,
    Qt.Key.Key_Right: Action.MoveRight,
}
# Ctrl+Home and Ctrl+End: the first cell of the sheet and the last.
_CORNER_ACTIONS = {Qt.Key.Key_Home: Action.MoveHome, Qt.Key.Key_End: Action.MoveEnd}
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_CTRL = Qt.KeyboardModifier.ControlModifier
_CELL_MARGIN = 4  # pixels Qt's item delegate leaves on each side of a cell's text
_SHIFT = Qt.KeyboardModifier.ShiftModifier
_ALT = Qt.KeyboardModifier.AltModifier
# Ctrl+letter keys the sheet handles itself, so a window-wide shortcut on the same keys does not take them.
_CTRL_KEYS = frozenset(
    {
        Qt.Key.Key_C, Qt.Key.Key_X, Qt.Key.Key_V, Qt.Key.Key_Z, Qt.Key.Key_Y, Qt.Key.Key_D, Qt.Key.Key_R,
        Qt.Key.Key_F, Qt.Key.Key_H, Qt.Key.Key_L, Qt.Key.Key_U, Qt.Key.Key_Return, Qt.Key.Key_Enter,
    }
)


MARKER_SIZE = 7
_MARKER_COLOURS = {
    "pending": QColor("#b45309"),
    "conflict": QColor("#b91c1c"),
    "rejected": QColor("#b91c1c"),
}


class RowNumberHeader(QHeaderView):
    """The vertical header of row numbers, sized from its first and last sections.

    Qt's ``QHeaderView.sizeHint`` measures the first and last 100 sections,
    requesting four roles of ``headerData`` for each, and the window's layout
    calls it about ten times before the first paint. That made about 7,000
    calls into Python at start-up. Row numbers widen only with their digits,
    so the first and the last section give the same width.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)

    def sizeHint(self) -> QSize:
        count = self.count()
        if count == 0:
            return super().sizeHint()
        return self.sectionSizeFromContents(0).expandedTo(self.sectionSizeFromContents(count - 1))


class SheetTable(QTableView):
    """A ``QTableView`` of a ``SheetModel`` that behaves like a spreadsheet grid.

    Paste, fill, clear and copy skip group header rows: a pasted block's
    rows land on the data rows below its top cell, one after another.
    """

    status_message = Signal(str)  # a pt-BR outcome for the status bar
    editor_closed = Signal()  # after a cell editor closed, its value written or dropped

    def __init__(self, model: SheetModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet_model = model
        self.setVerticalHeader(RowNumberHeader(self))
        self.setModel(model)
        self._typing_edit = False  # the open editor started from a typed key, so arrows commit and move
        self._forwarding_key = False
        self._find_dialog: FindReplaceDialog | None = None
        # Columns drawn by a frozen overlay on the left, the overlay itself and its width in pixels.
        self.frozen_columns: frozenset[int] = frozenset()
        self.frozen_table: SheetTable | None = None
        self.covered_width = 0
        self._horizontal_value = 0
        self.horizontalScrollBar().valueChanged.connect(self._snap_to_column)

    def setSelectionModel(self, selectionModel: QItemSelectionModel) -> None:
        """Share ``selectionModel`` with the row header only; the column header gets one that stays empty.

        To draw a column header, Qt 6 calls ``isColumnSelected``, which calls
        ``flags()`` on every row of a column the selection covers from top to
        bottom. After Ctrl+A on 100,000 rows every header repaint (a mouse
        moving over it is enough) made over a million Python calls and froze
        the window for seconds. An empty selection model returns at once, at
        the price of selected columns no longer being highlighted in the header.
        """
        super().setSelectionModel(selectionModel)
        header = self.horizontalHeader()
        header.setSelectionModel(QItemSelectionModel(selectionModel.model(), header))

    # --- painting -------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the cells, then a corner marker on each shown pending, conflicted or refused cell.

        The markers are drawn here, once per paint, rather than by the item
        delegate, because a Python delegate ``paint`` runs for every cell.

        Cells wholly under the frozen overlay are not painted: the overlay
        paints them on top, and Qt would otherwise ask the model for them twice.
        """
        frozen = self.frozen_table
        if frozen is not None and self.covered_width and frozen.isVisible():
            region = event.region().subtracted(QRegion(0, 0, self.covered_width, self.viewport().height()))
            if region.isEmpty():
                return
            event = QPaintEvent(region)
        super().paintEvent(event)
        viewport = self.viewport()
        top = self.rowAt(0)
        if top < 0:
            return
        bottom = self.rowAt(viewport.height() - 1)
        if bottom < 0:
            bottom = self.sheet_model.rowCount() - 1
        header = self.horizontalHeader()
        left = header.visualIndexAt(0)
        right = header.visualIndexAt(viewport.width() - 1)
        if left < 0:
            return
        if right < 0:
            right = header.count() - 1
        columns = [
            header.logicalIndex(visual)
            for visual in range(left, right + 1)
            if not header.isSectionHidden(header.logicalIndex(visual))
        ]
        self._shorten_wide_subtotals(top, bottom, columns)
        marked = self.sheet_model.marked_cells(top, bottom, columns)
        if not marked:
            return

        area = event.rect()
        painter = QPainter(viewport)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        for position, column_number, state in marked:
            rect = self.visualRect(self.sheet_model.index(position, column_number))
            if not rect.isValid() or not rect.intersects(area):
                continue
            # A triangle in the top-right corner, so the state does not rest on the tint alone.
            painter.setBrush(_MARKER_COLOURS[state])
            painter.drawPolygon(
                QPolygonF(
                    [
                        QPointF(rect.right() - MARKER_SIZE, rect.top()),
                        QPointF(rect.right() + 1, rect.top()),
                        QPointF(rect.right() + 1, rect.top() + MARKER_SIZE + 1),
                    ]
                )
            )
        painter.end()

    def wide_subtotals(self, top: int, bottom: int, columns: list[int]) -> list[tuple[QModelIndex, str]]:
        """Return the group subtotal cells of rows ``top``..``bottom`` too narrow for their text, with a short form.

        Qt cuts a text that does not fit at its end, which would drop the
        last digits of an amount and make it read as a smaller one. These
        cells get "338 bi" instead, as the totals row does.
        """
        model = self.sheet_model
        money = set(model.definition.money_columns).intersection(columns)
        positions = model.group_header_positions_between(top, bottom) if money else []
        shortened = []
        for position in positions:
            sums = model.group_sums(position)
            for column_number in sorted(money):
                index = model.index(position, column_number)
                metrics = QFontMetrics(index.data(Qt.ItemDataRole.FontRole) or self.font())
                width = self.columnWidth(column_number) - 2 * _CELL_MARGIN
                if column_number in sums and metrics.horizontalAdvance(index.data() or "") > width:
                    short = format_money_compact(sums[column_number])
                    shortened.append((index, metrics.elidedText(short, Qt.TextElideMode.ElideRight, width)))
        return shortened

    def _shorten_wide_subtotals(self, top: int, bottom: int, columns: list[int]) -> None:
        shortened = self.wide_subtotals(top, bottom, columns)
        if not shortened:
            return
        painter = QPainter(self.viewport())
        palette = self.palette()
        for index, short in shortened:
            rect = self.visualRect(index)
            background = index.data(Qt.ItemDataRole.BackgroundRole) or palette.base()
            foreground = index.data(Qt.ItemDataRole.ForegroundRole)
            # The cell's right and bottom pixels are the grid lines. Header rows cannot be selected.
            painter.fillRect(rect.adjusted(0, 0, -1, -1), background)
            painter.setFont(index.data(Qt.ItemDataRole.FontRole) or self.font())
            painter.setPen(foreground.color() if foreground is not None else palette.color(palette.ColorRole.Text))
            inner = rect.adjusted(_CELL_MARGIN, 0, -_CELL_MARGIN, 0)
            painter.drawText(inner, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, short)
        painter.end()

    # --- where the cells are ---------------------------------------------------

    def scrollTo(self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        # Keep the current cell clear of the frozen overlay: a frozen column scrolls only vertically,
        # and any other column is pushed right of the overlay.
        bar = self.horizontalScrollBar()
        if index.column() in self.frozen_columns:
            kept = bar.value()
            super().scrollTo(index, hint)
            bar.setValue(kept)
            return
        super().scrollTo(index, hint)
        left = self.visualRect(index).left()
        if self.covered_width and left < self.covered_width:
            bar.setValue(bar.value() - (self.covered_width - left))

    def updateGeometries(self) -> None:
        super().updateGeometries()
        # Qt calls this from setModel(), before __init__ has set the overlay's width.
        if getattr(self, "covered_width", 0):
            # Room to show a column half under the frozen part whole at the right end, where Qt's own
            # maximum would leave it half hidden, showing the end of its amounts.
            bar = self.horizontalScrollBar()
            widest = max((self.columnWidth(number) for number in self.shown_columns()), default=0)
            if bar.maximum() > 0:
                bar.setMaximum(bar.maximum() + widest)

    def snap_to_column(self) -> None:
        """Show whole the column half under the frozen overlay, if any, without moving the others."""
        self._snap_to_column(self.horizontalScrollBar().value())

    def _snap_to_column(self, value: int) -> None:
        """Scroll whole columns beside the frozen overlay, as Excel does.

        A column half under the overlay showed the right end of its amounts,
        such as 55,55 for 2.055,55, and of its total. Scrolling right hides
        such a column; scrolling left shows it whole.
        """
        previous, self._horizontal_value = self._horizontal_value, value
        if not self.covered_width:
            return
        header = self.horizontalHeader()
        logical = header.logicalIndexAt(self.covered_width)
        if logical < 0:
            return
        left = header.sectionViewportPosition(logical)
        if left >= self.covered_width:
            return
        bar = self.horizontalScrollBar()
        forward = value + left + header.sectionSize(logical) - self.covered_width
        if value > previous and forward <= bar.maximum():
            bar.setValue(forward)
        else:  # scrolling left, or at the right end: the column is shown whole
            bar.setValue(value - (self.covered_width - left))

    def shown_columns(self) -> list[int]:
        """Return the column numbers in screen order, without hidden columns."""
        header = self.horizontalHeader()
        shown = []
        for visual in range(header.count()):
            logical = header.logicalIndex(visual)
            if not header.isSectionHidden(logical):
                shown.append(logical)
        return shown

    def selection_ranges(self) -> list[CellRange]:
        """Return the selection as model rectangles, or the current cell when nothing is selected."""
        ranges = [
            CellRange(item.top(), item.bottom(), item.left(), item.right())
            for item in self.selectionModel().selection()
            if item.isValid()
        ]
        if not ranges:
            current = self.currentIndex()
            if current.isValid():
                ranges.append(CellRange(current.row(), current.row(), current.column(), current.column()))
        return ranges

    def selected_cells(self) -> Iterator[tuple[int, int]]:
        """Yield every selected (row position, column), range by range, skipping hidden columns."""
        header = self.horizontalHeader()
        for cell_range in self.selection_ranges():
            columns = [
                number
                for number in range(cell_range.left, cell_range.right + 1)
                if not header.isSectionHidden(number)
            ]
            for position in range(cell_range.top, cell_range.bottom + 1):
                for column_number in columns:
                    yield position, column_number

    def selection_summary(self) -> SelectionTotals:
        """Count, sum and average of the selected cells, computed from the selection's ranges."""
        return selection_totals(self.sheet_model, self.selection_ranges())

    # --- clipboard -----------------------------------------------------------------

    def copy_selection(self) -> bool:
        """Put the selected block on the clipboard as tab-separated pt-BR text; return whether it did."""
        block = self._selected_block()
        if block is None:
            self.status_message.emit(
                self.tr("Copiar exige um único bloco retangular de células: ajuste a seleção e copie de novo.")
            )
            return False
        positions, columns = block
        positions = [position for position in positions if not self.sheet_model.is_group_header(position)]
        rows = self.sheet_model.block_texts(positions, columns)
        QGuiApplication.clipboard().setText(format_clipboard_text(rows))

        count = len(positions) * len(columns)
        if count > 1:
            self.status_message.emit(self.tr("{count} células copiadas.").format(count=_number(count)))
        return True

    def cut_selection(self) -> None:
        """Copy the selected block, then clear it as one undo step (as LibreOffice Calc cuts)."""
        if self.copy_selection():
            self.clear_selection(self.tr("Recortar"))

    def paste(self) -> BulkEditResult | None:
        """Paste the clipboard's text at the selection as one undo step; return what it did."""
        block = parse_clipboard_text(QGuiApplication.clipboard().text())
        if not block:
            self.status_message.emit(self.tr("A área de transferência não tem texto para colar."))
            return None
        targets = self._paste_targets(block)
        if targets is None:
            return None
        cells, positions, columns, outside = targets

        # The model fills {count} with the cells the step changes.
        result = self.sheet_model.apply_texts(cells, self.tr("Colar {count} células"))
        self._select_area(positions, columns)
        self.status_message.emit(_describe(self, result, self.tr("Colar"), outside=outside))
        return result

    def _paste_targets(
        self, block: list[list[str]]
    ) -> tuple[list[tuple[int, int, str]], list[int], list[int], int] | None:
        """Return the cells a paste writes, its rows and columns, and how many fall outside the sheet.

        The rules are Excel's. One value pasted on a larger selection fills
        it. A block pasted on a selection that is a whole multiple of its
        size repeats to fill it. Otherwise the block goes at the selection's
        top-left cell.
        """
        columns = self.shown_columns()
        row_count = self.sheet_model.rowCount()
        ranges = self.selection_ranges()
        if not ranges or not columns or row_count == 0:
            self.status_message.emit(self.tr("Selecione a célula onde colar."))
            return None
        height = len(block)
        width = max(len(row) for row in block)

        if height == 1 and width == 1 and sum(item.cell_count for item in ranges) > 1:
            text = block[0][0]
            cells = [(position, column_number, text) for position, column_number in self.selected_cells()]
            return cells, [], [], 0

        top = min(item.top for item in ranges)
        selected_columns = {number for item in ranges for number in range(item.left, item.right + 1)}
        selected_slots = [slot for slot, number in enumerate(columns) if number in selected_columns]
        slot = selected_slots[0] if selected_slots else 0

        rows_down, columns_across = height, width
        if len(ranges) == 1:
            only = ranges[0]
            span_rows = self.sheet_model.data_row_count(only.top, only.bottom)
            span_columns = len([number for number in columns if only.left <= number <= only.right])
            if span_rows % height == 0 and span_columns % width == 0:
                rows_down, columns_across = span_rows, span_columns

        positions = self.sheet_model.data_positions(top, rows_down)
        target_columns = columns[slot : slot + columns_across]
        outside = (rows_down - len(positions)) * columns_across + (columns_across - len(target_columns)) * len(positions)
        cells = []
        for offset_down, position in enumerate(positions):
            source_row = block[offset_down % height]
            for offset, column_number in enumerate(target_columns):
                source_column = offset % width
                if source_column < len(source_row):
                    cells.append((position, column_number, source_row[source_column]))
        return cells, positions, target_columns, outside

    # --- bulk edits --------------------------------------------------------------

    def clear_selection(self, title: str | None = None) -> BulkEditResult:
        """Empty every selected cell (rows stay) as one undo step."""
        cells = [(position, column_number, "") for position, column_number in self.selected_cells()]
        result = self.sheet_model.apply_texts(cells, title or self.tr("Limpar {count} células"), clearing=True)
        self.status_message.emit(_describe(self, result, self.tr("Limpar")))
        return result

    def fill_down(self) -> BulkEditResult:
        """Copy the top cell of each selected column into the cells below it (Ctrl+D).

        A selection one row high takes the row above it, as in Excel. Group
        header rows are never the source nor a target.
        """
        header = self.horizontalHeader()
        model = self.sheet_model
        cells: list[tuple[int, int, Any]] = []
        for cell_range in self.selection_ranges():
            source = cell_range.top if cell_range.bottom > cell_range.top else cell_range.top - 1
            step = 1 if cell_range.bottom > cell_range.top else -1
            while 0 <= source <= cell_range.bottom and model.is_group_header(source):
                source += step
            if source < 0 or source >= cell_range.bottom + (step < 0):
                continue
            first_target = max(source + 1, cell_range.top)
            for column_number in range(cell_range.left, cell_range.right + 1):
                if header.isSectionHidden(column_number):
                    continue
                value = self.sheet_model.cell_value(source, column_number)
                for position in range(first_target, cell_range.bottom + 1):
                    cells.append((position, column_number, value))
        result = self.sheet_model.apply_values(cells, self.tr("Preencher para baixo"))
        self.status_message.emit(_describe(self, result, self.tr("Preencher")))
        return result

    def fill_today(self) -> BulkEditResult | None:
        """Write today's date into the selected date cells (Ctrl+;, as in Excel); other cells are left alone."""
        columns = self.sheet_model.definition.columns
        # As typed text, so the date goes through the same checks as a typed one (inside the plan year).
        today = format_date(date.today())
        cells = [
            (position, column_number, today)
            for position, column_number in self.selected_cells()
            if columns[column_number].kind is ColumnKind.DATE
        ]
        if not cells:
            self.status_message.emit(self.tr("Ctrl+; escreve a data de hoje: selecione células de data."))
            return None
        result = self.sheet_model.apply_texts(cells, self.tr("Data de hoje"))
        self.status_message.emit(_describe(self, result, self.tr("Data de hoje")))
        return result

    def fill_right(self) -> BulkEditResult:
        """Copy the leftmost shown cell of each selected row into the cells to its right (Ctrl+R).

        The text is parsed again for each target column, since columns differ in kind.
        """
        columns = self.shown_columns()
        cells: list[tuple[int, int, str]] = []
        for cell_range in self.selection_ranges():
            slots = [slot for slot, number in enumerate(columns) if cell_range.left <= number <= cell_range.right]
            if not slots:
                continue
            source_slot = slots[0] if len(slots) > 1 else slots[0] - 1
            if source_slot < 0:
                continue
            targets = [columns[slot] for slot in slots if slot > source_slot]
            for position in range(cell_range.top, cell_range.bottom + 1):
                text = self.sheet_model.cell_text(position, columns[source_slot])
                cells.extend((position, column_number, text) for column_number in targets)
        result = self.sheet_model.apply_texts(cells, self.tr("Preencher à direita"))
        self.status_message.emit(_describe(self, result, self.tr("Preencher")))
        return result

    def fill_selection(self, text: str) -> BulkEditResult:
        """Write ``text`` into every selected cell (Ctrl+Enter), parsed for each column."""
        cells = [(position, column_number, text) for position, column_number in self.selected_cells()]
        result = self.sheet_model.apply_texts(cells, self.tr("Preencher a seleção"))
        self.status_message.emit(_describe(self, result, self.tr("Preencher")))
        return result

    # --- find and replace ----------------------------------------------------------

    def open_find(self, replacing: bool = False) -> FindReplaceDialog:
        """Show the find box (Ctrl+F) or the find and replace box (Ctrl+H)."""
        if self._find_dialog is None:
            self._find_dialog = FindReplaceDialog(self, self.find_next, self.replace_current, self.replace_all)
        self._find_dialog.open_for(replacing)
        return self._find_dialog

    def find_next(self, options: FindOptions, backwards: bool = False) -> str:
        """Move to the next cell showing ``options.text`` and return a pt-BR message about it."""
        if not options.text:
            return self.tr("Digite o texto a localizar.")
        current = self.currentIndex()
        start = (current.row(), current.column()) if current.isValid() else (0, self.shown_columns()[0])
        if not current.isValid() and not backwards:
            start = (self.sheet_model.rowCount() - 1, self.shown_columns()[-1])
        with busy_cursor():
            found = find_cell(self.sheet_model, self.shown_columns(), start, options, backwards=backwards)
        if found is None:
            return self.tr("'{text}' não encontrado na planilha.").format(text=options.text)
        self._go_to(self.sheet_model.index(*found))
        return self.tr("Encontrado na linha {row}, coluna {column}.").format(
            row=_number(found[0] + 1), column=self.sheet_model.definition.columns[found[1]].label
        )

    def replace_current(self, options: FindOptions, replacement: str) -> str:
        """Replace the match in the current cell, move to the next other match and return a pt-BR message.

        When the current cell does not match, this only moves to the next
        match, as "Próxima" does.
        """
        if not options.text:
            return self.tr("Digite o texto a localizar.")
        current = self.currentIndex()
        if not current.isValid() or not options.text or self.sheet_model.is_group_header(current.row()):
            return self.find_next(options)
        position, column_number = current.row(), current.column()
        text = self.sheet_model.cell_text(position, column_number)
        if not options.pattern().search(text):
            return self.find_next(options)

        column = self.sheet_model.definition.columns[column_number]
        new_text = replaced_cell_text(column, text, options, replacement)
        if new_text is None:
            message = self._partial_matches_kept_message(options, 1)
        else:
            result = self.sheet_model.apply_texts([(position, column_number, new_text)], self.tr("Substituir"))
            if result.read_only or result.refused:
                # Stay on the cell, so the user sees why it was not written.
                message = _describe(self, result, self.tr("Substituir"))
                self.status_message.emit(message)
                return message
            if result.changed:
                message = self.tr("'{text}' substituído por '{replacement}' na linha {row}, coluna {column}.")
            else:
                message = self.tr("Linha {row}, coluna {column}: a substituição não muda o conteúdo da célula.")
            message = message.format(
                text=options.text, replacement=replacement, row=_number(position + 1), column=column.label
            )
        message = f"{message} {self._move_past(options, position, column_number)}"
        self.status_message.emit(message)
        return message

    def replace_all(self, options: FindOptions, replacement: str) -> str:
        """Replace every match in the shown cells as one undo step and return a pt-BR summary."""
        if not options.text:
            return self.tr("Digite o texto a localizar.")
        with busy_cursor():
            plan = plan_replacements(self.sheet_model, self.shown_columns(), options, replacement)
        if not plan.cells and not plan.partial_matches_kept:
            return self.tr("'{text}' não encontrado na planilha.").format(text=options.text)
        result = BulkEditResult()
        if plan.cells:
            result = self.sheet_model.apply_texts(plan.cells, self.tr("Substituir {count} células"))
        message = _describe(self, result, self.tr("Substituir"))
        if plan.partial_matches_kept:
            message = f"{message} {self._partial_matches_kept_message(options, plan.partial_matches_kept)}"
        self.status_message.emit(message)
        return message

    def _move_past(self, options: FindOptions, position: int, column_number: int) -> str:
        """Move to the next match after the given cell and return a pt-BR sentence about where it is."""
        with busy_cursor():
            found = find_cell(self.sheet_model, self.shown_columns(), (position, column_number), options)
        if found is None or found == (position, column_number):
            return self.tr("Não há outra ocorrência de '{text}' na planilha.").format(text=options.text)
        self._go_to(self.sheet_model.index(*found))
        return self.tr("Próxima ocorrência na linha {row}, coluna {column}.").format(
            row=_number(found[0] + 1), column=self.sheet_model.definition.columns[found[1]].label
        )

    def _partial_matches_kept_message(self, options: FindOptions, count: int) -> str:
        if count == 1:
            message = self.tr(
                "1 célula de número, data ou lista contém '{text}' só em parte e não foi alterada: nessas colunas, "
                "localize o conteúdo inteiro da célula para substituí-lo."
            )
        else:
            message = self.tr(
                "{count} células de número, data ou lista contêm '{text}' só em parte e não foram alteradas: nessas "
                "colunas, localize o conteúdo inteiro da célula para substituí-lo."
            )
        return message.format(count=_number(count), text=options.text)

    # --- keyboard -----------------------------------------------------------------

    def edit(self, index: QModelIndex, trigger: Any = None, event: QEvent | None = None) -> Any:
        editing = self.editing_table(index)
        if editing is not self:
            # The frozen overlay covers this cell, so an editor opened here would sit under it, unseen.
            editing.setFocus(Qt.FocusReason.OtherFocusReason)
            return editing.edit(index, trigger, event)
        # Remember how the editor opened: after typing, arrows commit and move; after F2 they move the caret.
        if trigger is None:
            return super().edit(index)
        self._typing_edit = trigger == QAbstractItemView.EditTrigger.AnyKeyPressed
        return super().edit(index, trigger, event)

    def editing_table(self, index: QModelIndex) -> SheetTable:
        """Return the table whose editor shows ``index``: the frozen overlay for its columns, else this one."""
        if self.frozen_table is not None and index.isValid() and index.column() in self.frozen_columns:
            return self.frozen_table
        return self

    def moveCursor(self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Return where Ctrl+arrow goes, as in Excel: the edge of the block of filled cells. Else Qt's own move."""
        current = self.currentIndex()
        if not modifiers & _CTRL or not current.isValid() or cursorAction not in _ARROW_ACTIONS.values():
            return super().moveCursor(cursorAction, modifiers)
        model = self.sheet_model
        if cursorAction in (Action.MoveUp, Action.MoveDown):
            step = -1 if cursorAction == Action.MoveUp else 1
            with busy_cursor():
                row = model.filled_block_edge(current.row(), current.column(), step)
            return model.index(row, current.column())
        shown = self.shown_columns()
        if current.column() not in shown:
            return current
        filled = [model.cell_text(current.row(), column) != "" for column in shown]
        step = -1 if cursorAction == Action.MoveLeft else 1
        return model.index(current.row(), shown[filled_edge(filled, shown.index(current.column()), step)])

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        if index.isValid() and self.sheet_model.is_group_header(index.row()):
            self.setCurrentIndex(index)
            self.toggle_current_group()
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def _on_group_header(self) -> bool:
        current = self.currentIndex()
        return current.isValid() and self.sheet_model.is_group_header(current.row())

    def toggle_current_group(self) -> None:
        """Collapse or expand the group whose header row contains the current cell (Space or a double click)."""
        current = self.currentIndex()
        if not current.isValid():
            return
        position = self.sheet_model.toggle_group(current.row())
        if position is not None:
            index = self.sheet_model.index(position, current.column())
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.scrollTo(index)

    def keyboardSearch(self, search: str) -> None:
        # Qt's type-to-search calls data() on every row, which freezes on 100,000 rows; Ctrl+F
        # finds instead. Typing lands here only when the cell cannot be edited.
        current = self.currentIndex()
        if current.isValid():
            denial = self.sheet_model.cell_denial(current.row(), current.column())
            if denial is not None:
                self.status_message.emit(self.tr("Célula somente leitura: {reason}").format(reason=denial))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if self.state() != QAbstractItemView.State.EditingState and _is_sheet_shortcut(event):
                event.accept()
                return True
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            # QWidget.event() turns Tab into a focus change before keyPressEvent receives it.
            if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not event.modifiers() & _CTRL:
                self.keyPressEvent(event)
                return True
        return super().event(event)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, hint)
        self.editor_closed.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # Tab moves between cells, as in a spreadsheet, so Ctrl+Tab and Ctrl+Shift+Tab leave the grid for the
            # next or previous control. QWidget's own focusNextPrevChild moves focus; the view's moves the cell.
            # The frozen columns hand focus to the main table first, so the whole sheet is left in one press.
            grid = getattr(self, "main", self)
            grid.setFocus(Qt.FocusReason.TabFocusReason)
            QWidget.focusNextPrevChild(grid, key == Qt.Key.Key_Tab)
            event.accept()
            return
        editing = self.editing_table(self.currentIndex())
        if editing.state() == QAbstractItemView.State.EditingState and not self._forwarding_key:
            editor = editing.indexWidget(self.currentIndex())
            if editor is not None:
                # Keys that reach the grid while its editor is open (typed ahead) belong to the editor.
                self._forwarding_key = True
                try:
                    QApplication.sendEvent(editor.focusProxy() or editor, event)
                finally:
                    self._forwarding_key = False
                return
        if self._handle_grid_key(event):
            event.accept()
            return
        super().keyPressEvent(event)
        if self.state() == QAbstractItemView.State.EditingState:
            # Qt leaves the key that opened an editor unaccepted, so it would also reach the parent: for the
            # frozen part that is the main table, which would type it into the editor a second time.
            event.accept()

    def handle_editor_key(self, editor: QWidget, event: QKeyEvent) -> bool:
        """Commit and move on Enter, Tab and (after typing) arrows; Ctrl+Enter fills the selection."""
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if isinstance(editor, QLineEdit) and modifiers == _CTRL and key == Qt.Key.Key_Semicolon:
            editor.insert(format_date(date.today()))
            return True
        if key in _ENTER_KEYS and modifiers == _ALT:
            # Excel's line break inside a cell. Other kinds of cells take no line break, and the key must
            # not commit either: the next typed text would go to the row below.
            column = self.sheet_model.definition.columns[self.currentIndex().column()]
            if isinstance(editor, QLineEdit) and column.kind is ColumnKind.TEXT:
                editor.insert("\n")
            return True
        if key in _ENTER_KEYS:
            if modifiers & _CTRL:
                text = _editor_text(editor)
                self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                self.fill_selection(text)
                return True
            self._commit_and_move(editor, Action.MoveUp if modifiers & _SHIFT else Action.MoveDown)
            return True
        if key == Qt.Key.Key_Tab and not modifiers & _CTRL:
            self._commit_and_move(editor, Action.MoveRight)
            return True
        if key == Qt.Key.Key_Backtab and not modifiers & _CTRL:
            self._commit_and_move(editor, Action.MoveLeft)
            return True
        if self._typing_edit and key in _ARROW_ACTIONS and modifiers == Qt.KeyboardModifier.NoModifier:
            self._commit_and_move(editor, _ARROW_ACTIONS[key])
            return True
        return False

    def _handle_grid_key(self, event: QKeyEvent) -> bool:
        """Run the sheet's own keys when no editor is open; return whether the key was one."""
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        undo_stack = self.sheet_model.undo_stack

        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_selection()
        elif event.matches(QKeySequence.StandardKey.Cut):
            self.cut_selection()
        elif event.matches(QKeySequence.StandardKey.Paste):
            self.paste()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self._undo_or_redo(undo_stack.canUndo(), undo_stack.undoText(), undo_stack.undo, self.tr("Desfeito"))
        elif event.matches(QKeySequence.StandardKey.Redo) or (modifiers == _CTRL and key == Qt.Key.Key_Y):
            self._undo_or_redo(undo_stack.canRedo(), undo_stack.redoText(), undo_stack.redo, self.tr("Refeito"))
        elif modifiers == _CTRL and key == Qt.Key.Key_D:
            self.fill_down()
        elif modifiers == _CTRL and key == Qt.Key.Key_R:
            self.fill_right()
        elif modifiers == _CTRL and key in _ENTER_KEYS:
            current = self.currentIndex()
            if current.isValid():
                self.fill_selection(self.sheet_model.cell_text(current.row(), current.column()))
        elif modifiers == _CTRL and key in (Qt.Key.Key_F, Qt.Key.Key_L):
            self.open_find(replacing=False)
        elif modifiers == _CTRL and key in (Qt.Key.Key_H, Qt.Key.Key_U):
            self.open_find(replacing=True)
        elif modifiers == _CTRL and key == Qt.Key.Key_Semicolon:
            self.fill_today()
        elif key in _ARROW_ACTIONS and modifiers in (_CTRL, _CTRL | _SHIFT):
            # Qt's own Ctrl+arrow moves the cell without selecting, so Ctrl+Shift+arrow would select nothing.
            self._jump(_ARROW_ACTIONS[key], extend=bool(modifiers & _SHIFT))
        elif key in _CORNER_ACTIONS and modifiers in (_CTRL, _CTRL | _SHIFT):
            # Qt's own Ctrl+Home and Ctrl+End keep the old selection, which Delete would then clear out of sight.
            self._jump(_CORNER_ACTIONS[key], extend=bool(modifiers & _SHIFT))
        elif modifiers == _CTRL and key == Qt.Key.Key_Space:
            self.selectColumn(self.currentIndex().column())
        elif modifiers == _SHIFT and key == Qt.Key.Key_Space:
            self.selectRow(self.currentIndex().row())
        elif modifiers == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_Space and self._on_group_header():
            self.toggle_current_group()
        elif modifiers == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_F2:
            self._edit_current(typing=False)
        elif modifiers == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_Delete:
            self.clear_selection()
        elif modifiers == Qt.KeyboardModifier.NoModifier and key == Qt.Key.Key_Backspace:
            self._edit_current(typing=True, empty=True)
        elif key in _ENTER_KEYS and modifiers in (Qt.KeyboardModifier.NoModifier, _SHIFT):
            self._move(Action.MoveUp if modifiers == _SHIFT else Action.MoveDown)
        elif key == Qt.Key.Key_Tab and modifiers == Qt.KeyboardModifier.NoModifier:
            self._move(Action.MoveRight)
        elif key == Qt.Key.Key_Backtab:
            self._move(Action.MoveLeft)
        else:
            return False
        return True

    def _undo_or_redo(self, possible: bool, text: str, run: Any, done: str) -> None:
        if not possible:
            return
        # The model rejects a step whose cells changed since (a sync, another edit) in whole or in part,
        # and emits why. That message must not be replaced by one saying the step was done.
        rejections: list[str] = []

        def note_rejection(message: str) -> None:
            rejections.append(message)

        self.sheet_model.edit_rejected.connect(note_rejection)
        steps_before = self.sheet_model.undo_stack.count()
        try:
            run()
        finally:
            self.sheet_model.edit_rejected.disconnect(note_rejection)
        if not rejections:
            self.status_message.emit(f"{done}: {text}")
        elif self.sheet_model.undo_stack.count() < steps_before:  # refused whole: Qt dropped the step
            self.status_message.emit(" ".join(rejections))
        else:
            self.status_message.emit(f"{done}: {text}. " + " ".join(rejections))

    def _edit_current(self, *, typing: bool, empty: bool = False) -> None:
        current = self.currentIndex()
        if not current.isValid():
            return
        denial = self.sheet_model.cell_denial(current.row(), current.column())
        if denial is not None:
            self.status_message.emit(self.tr("Célula somente leitura: {reason}").format(reason=denial))
            return
        self.edit(current, QAbstractItemView.EditTrigger.AllEditTriggers, None)
        editing = self.editing_table(current)
        editing._typing_edit = typing
        editor = editing.indexWidget(current)
        if empty and isinstance(editor, QLineEdit):
            editor.clear()
        elif isinstance(editor, QLineEdit):
            editor.deselect()
            editor.end(False)

    def _commit_and_move(self, editor: QWidget, action: QAbstractItemView.CursorAction) -> None:
        self.commitData(editor)
        self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        self._move(action)

    def _jump(self, action: QAbstractItemView.CursorAction, *, extend: bool) -> None:
        """Move where Ctrl with ``action``'s key goes; with ``extend``, select from the anchor cell to it."""
        current = self.currentIndex()
        target = self.moveCursor(action, _CTRL)
        if not current.isValid() or not target.isValid():
            return
        if action == Action.MoveHome and self.sheet_model.is_group_header(target.row()):
            # A grouped sheet starts with a group header, which cannot be selected: go to its first row.
            below = self.sheet_model.index(min(target.row() + 1, self.sheet_model.rowCount() - 1), target.column())
            target = below if not self.sheet_model.is_group_header(below.row()) else target
        if not extend:
            self._go_to(target)
            return
        anchor_row, anchor_column = self._selection_anchor(current)
        model = self.sheet_model
        selection = QItemSelection(
            model.index(min(anchor_row, target.row()), min(anchor_column, target.column())),
            model.index(max(anchor_row, target.row()), max(anchor_column, target.column())),
        )
        selection_model = self.selectionModel()
        selection_model.setCurrentIndex(target, QItemSelectionModel.SelectionFlag.NoUpdate)
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(target)

    def _selection_anchor(self, current: QModelIndex) -> tuple[int, int]:
        """Return the cell a Shift selection grows from: the corner of the one selected block opposite ``current``."""
        ranges = self.selection_ranges()
        if len(ranges) != 1:
            return current.row(), current.column()
        block = ranges[0]
        row = block.bottom if current.row() == block.top else block.top
        column = block.right if current.column() == block.left else block.left
        return row, column

    def _move(self, action: QAbstractItemView.CursorAction) -> None:
        index = self.moveCursor(action, Qt.KeyboardModifier.NoModifier)
        if index.isValid():
            self._go_to(index)

    # --- helpers ---------------------------------------------------------------

    def _go_to(self, index: QModelIndex) -> None:
        # setCurrentIndex() would extend the selection while Shift is held (Shift+Enter, Shift+Tab).
        self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.scrollTo(index)

    def _selected_block(self) -> tuple[list[int], list[int]] | None:
        """Return the rows and shown columns (screen order) of a rectangular selection, else None."""
        ranges = self.selection_ranges()
        if not ranges:
            return None
        row_spans = {(item.top, item.bottom) for item in ranges}
        column_numbers = {number for item in ranges for number in range(item.left, item.right + 1)}
        if len(row_spans) == 1:
            top, bottom = row_spans.pop()
            positions = list(range(top, bottom + 1))
        else:
            positions = sorted({position for item in ranges for position in range(item.top, item.bottom + 1)})
        if sum(item.cell_count for item in ranges) != len(positions) * len(column_numbers):
            return None
        columns = [number for number in self.shown_columns() if number in column_numbers]
        return positions, columns

    def _select_area(self, positions: list[int], columns: list[int]) -> None:
        if not positions or not columns:
            return
        selection = QItemSelection()
        for column_number in columns:
            selection.select(
                self.sheet_model.index(positions[0], column_number),
                self.sheet_model.index(positions[-1], column_number),
            )
        selection_model = self.selectionModel()
        selection_model.setCurrentIndex(
            self.sheet_model.index(positions[0], columns[0]), QItemSelectionModel.SelectionFlag.NoUpdate
        )
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)


def format_summary(totals: SelectionTotals) -> str:
    """Return the status-bar text of a selection: nothing for one cell, else count, sum and average."""
    if totals.cells <= 1:
        return ""
    parts = [QApplication.translate("SheetTable", "Contagem: {count}").format(count=_number(totals.count))]
    average = totals.average
    if average is not None:
        parts.append(QApplication.translate("SheetTable", "Soma: {total}").format(total=_amount(totals.total, totals)))
        parts.append(QApplication.translate("SheetTable", "Média: {average}").format(average=_amount(average, totals)))
    return "   ".join(parts)


def _amount(value: Decimal, totals: SelectionTotals) -> str:
    if totals.money_only:
        return format_money(value)
    return format_decimal(value, places=2)


def _number(count: int) -> str:
    return format_decimal(Decimal(count))


def _cells(count: int, one: str, many: str) -> str:
    return (one if count == 1 else many).format(count=_number(count))


def _describe(table: SheetTable, result: BulkEditResult, action: str, *, outside: int = 0) -> str:
    """Return one pt-BR sentence about a bulk edit: cells changed, skipped and refused."""
    tr = table.tr
    if result.store_failure is not None:
        return f"{action}: {result.store_failure}"
    if result.changed:
        changed = _cells(result.changed, tr("1 célula alterada"), tr("{count} células alteradas"))
    else:
        changed = tr("nenhuma célula alterada")
    parts = [f"{action}: {changed}"]
    if result.read_only:
        parts.append(
            _cells(
                result.read_only,
                tr("1 célula somente leitura não foi alterada"),
                tr("{count} células somente leitura não foram alteradas"),
            )
        )
    if result.refused:
        parts.append(
            _cells(
                result.refused,
                tr("1 valor recusado, marcado em vermelho"),
                tr("{count} valores recusados, marcados em vermelho"),
            )
        )
    if result.required:
        parts.append(
            _cells(
                result.required,
                tr("1 célula obrigatória não foi limpa"),
                tr("{count} células obrigatórias não foram limpas"),
            )
        )
    if outside:
        parts.append(_cells(outside, tr("1 célula fora da planilha foi ignorada"), tr("{count} células fora da planilha foram ignoradas")))
    return "; ".join(parts) + "."


def _editor_text(editor: QWidget) -> str:
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        return str(data) if data is not None else editor.currentText()
    if isinstance(editor, QLineEdit):
        return editor.text()
    return ""


def _is_sheet_shortcut(event: QKeyEvent) -> bool:
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if modifiers == _CTRL and event.key() in _CTRL_KEYS:
        return True
    if modifiers == Qt.KeyboardModifier.NoModifier and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_F2):
        return True
    return event.matches(QKeySequence.StandardKey.Redo)
