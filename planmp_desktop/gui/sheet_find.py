"""Find and replace over the sheet's shown text, row by row in the current sort and filter.

Matching reads each cell's display text (``1.234,56``, ``Em andamento``,
``31/12/2026``), so users search for what they see. Group header rows are
skipped. Replacing builds the
new text of each matching cell and hands all of them to the model as one
bulk edit, so a "Substituir tudo" is one undo step and one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
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

from planmp_desktop.gui.sheet_model import SheetModel


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
    """
    if not options.text or not columns or model.rowCount() == 0:
        return None
    pattern = options.pattern()
    for position, column_number in _cells_from(model.rowCount(), columns, start, backwards):
        if model.is_group_header(position):
            continue
        if pattern.search(model.row_texts(position)[column_number]):
            return position, column_number
    # NOTE: with no match this formats every shown cell once; about a second per 10,000 rows
    # of 40 columns is an estimate, not a measurement, and it runs on the GUI thread.
    return None


def replacements(
    model: SheetModel, columns: list[int], options: FindOptions, replacement: str
) -> Iterator[tuple[int, int, str]]:
    """Yield (row position, column, new text) for every shown cell that matches ``options``."""
    if not options.text:
        return
    pattern = options.pattern()
    for position in range(model.rowCount()):
        if model.is_group_header(position):
            continue
        texts = model.row_texts(position)
        for column_number in columns:
            text = texts[column_number]
            if pattern.search(text):
                yield position, column_number, replace_text(text, options, replacement, pattern)


def replace_text(text: str, options: FindOptions, replacement: str, pattern: re.Pattern[str] | None = None) -> str:
    """Return ``text`` with every match of ``options`` replaced by ``replacement`` taken literally."""
    pattern = pattern or options.pattern()
    return pattern.sub(lambda _match: replacement, text)


def _cells_from(
    row_count: int, columns: list[int], start: tuple[int, int], backwards: bool
) -> Iterator[tuple[int, int]]:
    """Yield every cell once in reading order (or reverse), starting right after ``start``."""
    start_row, start_column = start
    slot = columns.index(start_column) if start_column in columns else 0
    total = row_count * len(columns)
    origin = min(max(start_row, 0), row_count - 1) * len(columns) + slot
    step = -1 if backwards else 1
    for offset in range(1, total + 1):
        cell = (origin + step * offset) % total
        yield cell // len(columns), columns[cell % len(columns)]


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
