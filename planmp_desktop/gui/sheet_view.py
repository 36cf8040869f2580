"""The planning sheet screen: a filter box above a spreadsheet-like table of ``PlanSheetModel``."""

from __future__ import annotations

import logging

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.domain.i18n import _
from planmp_desktop.gui.sheet_columns import SHEET_COLUMNS, ColumnKind
from planmp_desktop.gui.sheet_model import PlanSheetModel
from planmp_desktop.gui.sheet_table import SheetTable, format_summary
from planmp_desktop.services import AppServices

log = logging.getLogger(__name__)

ROW_HEIGHT = 26
FILTER_DELAY_MS = 250
SUMMARY_DELAY_MS = 60  # coalesces the selection changes of a mouse drag into one sum


class SheetDelegate(QStyledItemDelegate):
    """Editors for sheet cells: a combo box for closed lists, a line edit otherwise.

    Painting is Qt's own, from the model's roles; ``SheetTable`` adds the
    corner markers of pending, conflicted and refused cells.

    ``key_handler`` sees an open editor's key presses first, so Enter, Tab
    and arrows can commit and move as in a spreadsheet.
    """

    def __init__(self, parent: QObject | None = None, key_handler: Callable[[QWidget, QKeyEvent], bool] | None = None) -> None:
        super().__init__(parent)
        self.key_handler = key_handler

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            self.key_handler is not None
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QWidget)
            and self.key_handler(watched, event)
        ):
            return True
        return super().eventFilter(watched, event)

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QWidget:
        column = SHEET_COLUMNS[index.column()]
        if column.kind is ColumnKind.CHOICE and column.choices:
            combo = QComboBox(parent)
            combo.setAccessibleName(column.label)
            for code, label in column.choices.items():
                combo.addItem(_(label), code)
            return combo
        editor = QLineEdit(parent)
        editor.setAccessibleName(column.label)
        if column.numeric:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            position = editor.findData(value)
            editor.setCurrentIndex(max(position, 0))
            return
        if isinstance(editor, QLineEdit):
            editor.setText(str(value))
            editor.selectAll()
            return
        super().setEditorData(editor, index)

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class SheetView(QWidget):
    """The "Planilha do plano" screen."""

    status_message = Signal(str)  # a pt-BR message for the status bar

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = PlanSheetModel(services, self)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filtrar por código, título ou responsável"))
        self.filter_edit.setAccessibleName(self.tr("Filtro da planilha"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(320)
        filter_label = QLabel(self.tr("&Filtrar:"), self)
        filter_label.setBuddy(self.filter_edit)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Quantidade de itens"))
        legend = QLabel(
            self.tr("▲ laranja: alteração pendente  ·  ▲ vermelho: conflito ou valor recusado  ·  cinza: somente leitura"),
            self,
        )
        legend.setObjectName("legend")

        self.table = SheetTable(self.model, self)
        self.table.setObjectName("planSheet")
        self.table.setAccessibleName(self.tr("Planilha do plano"))
        self.table.setItemDelegate(SheetDelegate(self.table, self.table.handle_editor_key))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # F2 and Backspace open the editor from SheetTable's key handling on every platform.
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._configure_headers()

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(self._filter_timer.start)
        self.filter_edit.returnPressed.connect(self._apply_filter)

        self.selection_label = QLabel(self)
        self.selection_label.setObjectName("selectionSummary")
        self.selection_label.setAccessibleName(self.tr("Resumo da seleção"))
        self.selection_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(SUMMARY_DELAY_MS)
        self._summary_timer.timeout.connect(self.update_selection_summary)
        self.table.selectionModel().selectionChanged.connect(self._summary_timer.start)
        self.model.dataChanged.connect(self._summary_timer.start)
        self.model.modelReset.connect(self._summary_timer.start)

        self.model.edit_rejected.connect(self.status_message)
        self.table.status_message.connect(self.status_message)
        self.model.reloaded.connect(self._update_count)

        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        top.addWidget(legend)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.selection_label)
        self._update_count()

    def reload(self) -> None:
        """Re-read the sheet from the local store, keeping the scroll position and the current cell."""
        vertical = self.table.verticalScrollBar().value()
        horizontal = self.table.horizontalScrollBar().value()
        current = self.table.currentIndex()
        current_id = self.model.row_id(current.row()) if current.isValid() else None
        current_column = current.column()

        self.model.reload()

        if current_id is not None:
            position = self.model.position_of(current_id)
            if position is not None:
                self.table.setCurrentIndex(self.model.index(position, current_column))
        self.table.verticalScrollBar().setValue(vertical)
        self.table.horizontalScrollBar().setValue(horizontal)

    def _configure_headers(self) -> None:
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setMinimumSectionSize(ROW_HEIGHT)

        horizontal = self.table.horizontalHeader()
        horizontal.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        horizontal.setSectionsMovable(True)
        horizontal.setHighlightSections(False)
        horizontal.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for number, column in enumerate(SHEET_COLUMNS):
            horizontal.resizeSection(number, column.width)

        # Sorting goes to the model (SQL) directly; setSortingEnabled() would sort once more on start.
        horizontal.setSectionsClickable(True)
        horizontal.setSortIndicatorShown(True)
        horizontal.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        horizontal.sortIndicatorChanged.connect(self.model.sort)

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter_text(self.filter_edit.text())

    def _update_count(self) -> None:
        count = self.model.rowCount()
        if count == 1:
            self.count_label.setText(self.tr("1 item"))
        else:
            self.count_label.setText(self.tr("{count} itens").format(count=QLocale().toString(count)))

    def update_selection_summary(self) -> None:
        """Show count, sum and average of the selected cells under the sheet (empty for one cell)."""
        self._summary_timer.stop()
        self.selection_label.setText(format_summary(self.table.selection_summary()))

    def focus_sheet(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
