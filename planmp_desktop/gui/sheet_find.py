"""Find and replace over the sheet's shown text, row by row in the current sort and filter.

Matching reads each cell's display text (``1.234,56``, ``Em andamento``,
``31/12/2026``), so users search for what they see. Group header rows are
skipped. Replacing builds the new text of each matching cell and hands all
of them to the model as one bulk edit, so a "Substituir tudo" is one undo
step and one transaction. Only text columns take a partial replace: the new
text of a number, date or list cell is parsed again, so replacing "0,00"
inside "1.000,00" would store 1,00. Those cells are replaced only when the
whole text matches.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.domain.dates import format_date
from planmp_desktop.domain.money import format_decimal, format_money
from planmp_desktop.gui.sheet_columns import ColumnKind, SheetColumn
from planmp_desktop.gui.sheet_model import SheetModel

# The characters a shown amount, number or date can contain: every digit and those of a sample that
# has a sign, thousands and decimals. A search text with any other character (a word) skips these
# columns' stored values, because formatting every distinct amount of a large plan is the slow part.
_SHOWN_CHARACTERS = {
    ColumnKind.MONEY: frozenset(string.digits + format_money(Decimal("-1234567.89"))),
    ColumnKind.DECIMAL: frozenset(string.digits + format_decimal(Decimal("-1234567.891"))),
    ColumnKind.DATE: frozenset(string.digits + format_date(dt.date(2026, 12, 31))),
}


@dataclass(frozen=True)
class FindOptions:
    """What to look for: the text, whether case matters and whether it must be the whole cell."""

    text: str
    match_case: bool = False
    whole_cell: bool = False

    def pattern(self) -> re.Pattern[str]:
        escaped = re.escape(self.text)
        if self.whole_cell:
            escaped = f"^{escaped}$"
        return re.compile(escaped, 0 if self.match_case else re.IGNORECASE)

    def whole_cell_pattern(self) -> re.Pattern[str]:
        return FindOptions(self.text, self.match_case, whole_cell=True).pattern()


@dataclass
class ReplacePlan:
    """The cells a "Substituir tudo" writes, and the matching cells it leaves as they are."""

    cells: list[tuple[int, int, str]] = field(default_factory=list)  # (row position, column, new text)
    # Cells of number, date or list columns that contain the text only in part.
    partial_matches_kept: int = 0


def find_cell(
    model: SheetModel,
    columns: list[int],
    start: tuple[int, int],
    options: FindOptions,
    *,
    backwards: bool = False,
) -> tuple[int, int] | None:
    """Return the (row position, column) of the next matching cell after ``start``, wrapping once.

    ``columns`` are the shown columns in screen order and ``start`` is a
    (row position, column) pair; its own cell is checked last.

    NOTE: a text found nowhere reads every shown row on the GUI thread. For
    100,000 plan items from ``benchmarks.common.build_store`` that took 1.2 s
    on the 2-core development machine. A text of digits took 1.6 s, because it
    also formats every distinct amount (about 104,500 there). A plan whose
    every month differs has more distinct amounts, so its number searches take longer.
    """
    row_count = model.rowCount()
    if not options.text or not columns or row_count == 0:
        return None
    search = options.pattern().search
    start_row = min(max(start[0], 0), row_count - 1)
    start_slot = columns.index(start[1]) if start[1] in columns else 0
    slots = {column_number: slot for slot, column_number in enumerate(columns)}

    # Reading order backwards is rows bottom to top and columns right to left.
    order = columns[::-1] if backwards else columns
    if backwards:
        ahead, wrapped = range(start_row, -1, -1), range(row_count - 1, start_row - 1, -1)
    else:
        ahead, wrapped = range(start_row, row_count), range(0, start_row + 1)

    # The start row is searched twice: first the cells after the start cell, after wrapping the rest.
    value_columns = _value_columns(model, columns, options)
    for position, column_number, _text in model.matching_cells(ahead, order, search, value_columns):
        if position != start_row or _is_after(slots[column_number], start_slot, backwards):
            return position, column_number
    for position, column_number, _text in model.matching_cells(wrapped, order, search, value_columns):
        if position != start_row or not _is_after(slots[column_number], start_slot, backwards):
            return position, column_number
    return None


def plan_replacements(model: SheetModel, columns: list[int], options: FindOptions, replacement: str) -> ReplacePlan:
    """Return the new text of every shown cell that matches ``options``, and count the cells left alone."""
    plan = ReplacePlan()
    if not options.text:
        return plan
    pattern = options.pattern()
    whole_cell_pattern = options.whole_cell_pattern()
    sheet_columns = model.definition.columns
    value_columns = _value_columns(model, columns, options)
    shown_rows = range(model.rowCount())
    for position, column_number, text in model.matching_cells(shown_rows, columns, pattern.search, value_columns):
        new_text = replaced_cell_text(sheet_columns[column_number], text, options, replacement, whole_cell_pattern)
        if new_text is None:
            plan.partial_matches_kept += 1
        else:
            plan.cells.append((position, column_number, new_text))
    return plan


def replaced_cell_text(
    column: SheetColumn,
    text: str,
    options: FindOptions,
    replacement: str,
    whole_cell_pattern: re.Pattern[str] | None = None,
) -> str | None:
    """Return the new text of a cell that matches ``options``, or None when it must stay as it is.

    A text column takes every match replaced. Any other column takes
    ``replacement`` only when its whole text matches, and None otherwise.
    """
    if column.kind is ColumnKind.TEXT:
        return replace_text(text, options, replacement)
    whole_cell_pattern = whole_cell_pattern or options.whole_cell_pattern()
    if not whole_cell_pattern.search(text):
        return None
    return replace_text(text, options, replacement, whole_cell_pattern)


def replace_text(text: str, options: FindOptions, replacement: str, pattern: re.Pattern[str] | None = None) -> str:
    """Return ``text`` with every match of ``options`` replaced by ``replacement`` taken literally."""
    pattern = pattern or options.pattern()
    return pattern.sub(lambda _match: replacement, text)


@contextmanager
def busy_cursor() -> Iterator[None]:
    """Show the wait cursor while a search runs, because one through a large plan takes over a second."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def _value_columns(model: SheetModel, columns: list[int], options: FindOptions) -> set[int]:
    """Return the columns whose stored values can show ``options.text``, by the characters their texts can have."""
    searched = set(options.text)
    value_columns = set()
    for column_number in columns:
        shown_characters = _SHOWN_CHARACTERS.get(model.definition.columns[column_number].kind)
        if shown_characters is None or searched <= shown_characters:
            value_columns.add(column_number)
    return value_columns


def _is_after(slot: int, start_slot: int, backwards: bool) -> bool:
    return slot < start_slot if backwards else slot > start_slot


class FindReplaceDialog(QDialog):
    """The non-modal "Localizar e substituir" box; the sheet view does the finding and writing.

    Results and errors show in the box's own message line, never in a
    message box.
    """

    def __init__(
        self,
        parent: QWidget,
        find_next: Callable[[FindOptions, bool], str],
        replace_one: Callable[[FindOptions, str], str],
        replace_all: Callable[[FindOptions, str], str],
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Localizar e substituir"))
        self.setModal(False)
        self._find_next = find_next
        self._replace_one = replace_one
        self._replace_all = replace_all

        self.find_edit = QLineEdit(self)
        self.find_edit.setAccessibleName(self.tr("Texto a localizar"))
        self.replace_edit = QLineEdit(self)
        self.replace_edit.setAccessibleName(self.tr("Substituir por"))
        find_label = QLabel(self.tr("&Localizar:"), self)
        find_label.setBuddy(self.find_edit)
        self.replace_label = QLabel(self.tr("&Substituir por:"), self)
        self.replace_label.setBuddy(self.replace_edit)
        self.match_case_box = QCheckBox(self.tr("Diferenciar &maiúsculas de minúsculas"), self)
        self.whole_cell_box = QCheckBox(self.tr("Célula &inteira"), self)
        self.message_label = QLabel(self)
        self.message_label.setWordWrap(True)
        self.message_label.setAccessibleName(self.tr("Resultado da busca"))

        self.previous_button = QPushButton(self.tr("&Anterior"), self)
        self.next_button = QPushButton(self.tr("&Próxima"), self)
        self.next_button.setDefault(True)
        self.replace_button = QPushButton(self.tr("Substi&tuir"), self)
        self.replace_all_button = QPushButton(self.tr("Substituir t&udo"), self)
        close_button = QPushButton(self.tr("Fechar"), self)

        self.previous_button.clicked.connect(lambda: self._show(self._find_next(self.options(), True)))
        self.next_button.clicked.connect(lambda: self._show(self._find_next(self.options(), False)))
        self.replace_button.clicked.connect(lambda: self._show(self._replace_one(self.options(), self.replace_edit.text())))
        self.replace_all_button.clicked.connect(
            lambda: self._show(self._replace_all(self.options(), self.replace_edit.text()))
        )
        close_button.clicked.connect(self.close)

        fields = QGridLayout()
        fields.addWidget(find_label, 0, 0)
        fields.addWidget(self.find_edit, 0, 1)
        fields.addWidget(self.replace_label, 1, 0)
        fields.addWidget(self.replace_edit, 1, 1)
        buttons = QHBoxLayout()
        for button in (self.previous_button, self.next_button, self.replace_button, self.replace_all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(fields)
        layout.addWidget(self.match_case_box)
        layout.addWidget(self.whole_cell_box)
        layout.addWidget(self.message_label)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)

    def options(self) -> FindOptions:
        return FindOptions(
            self.find_edit.text(),
            match_case=self.match_case_box.isChecked(),
            whole_cell=self.whole_cell_box.isChecked(),
        )

    def open_for(self, replacing: bool, text: str = "") -> None:
        """Show the box for finding (Ctrl+F) or replacing (Ctrl+H), starting from ``text`` when given."""
        for widget in (self.replace_label, self.replace_edit, self.replace_button, self.replace_all_button):
            widget.setVisible(replacing)
        self.setWindowTitle(self.tr("Localizar e substituir") if replacing else self.tr("Localizar"))
        if text:
            self.find_edit.setText(text)
        self.message_label.clear()
        self.show()
        self.raise_()
        self.activateWindow()
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def _show(self, message: str) -> None:
        self.message_label.setText(message)
