"""A sheet screen: filter, grouping and saved views above a spreadsheet-like table of a ``SheetModel``.

The plan sheet ("Planilha do plano") and the budget sheet ("Orçamento") are
this screen over different models.
"""

from __future__ import annotations

import dataclasses
import logging
import sqlite3

from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
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
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.domain.errors import describe_os_error
from planmp_desktop.domain.i18n import _
from planmp_desktop.gui.first_paint import FirstPaintWatcher
from planmp_desktop.gui.sheet_columns import ColumnKind
from planmp_desktop.gui.sheet_model import PlanSheetModel, SheetModel
from planmp_desktop.gui.sheet_table import SheetTable, format_summary
from planmp_desktop.gui.sheet_views import (
    FrozenColumns,
    SavedView,
    TotalsRow,
    ViewStore,
    apply_columns,
    build_column_menu,
    capture_view,
    default_view,
    views_path,
)
from planmp_desktop.services import AppServices

log = logging.getLogger(__name__)

ROW_HEIGHT = 26
FILTER_DELAY_MS = 250
SUMMARY_DELAY_MS = 60  # coalesces the selection changes of a mouse drag into one sum


class SheetDelegate(QStyledItemDelegate):
    """Editors for sheet cells: a combo box for closed lists, a line edit otherwise.

    Painting is Qt's own, from the model's roles; ``SheetTable`` adds the
    corner markers of pending, conflicted and refused cells.

    ``key_handler`` receives an open editor's key presses first, so Enter, Tab
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
        column = index.model().definition.columns[index.column()]  # type: ignore[attr-defined]
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
    """A sheet screen: the "Planilha do plano" by default, or the sheet of ``model``'s definition."""

    status_message = Signal(str)  # a pt-BR message for the status bar

    def __init__(self, services: AppServices, parent: QWidget | None = None, model: SheetModel | None = None) -> None:
        super().__init__(parent)
        self.model = model if model is not None else PlanSheetModel(services)
        self.model.setParent(self)
        self.definition = definition = self.model.definition

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(definition.tr(definition.filter_placeholder))
        self.filter_edit.setAccessibleName(self.tr("Filtro da planilha"))
        self.filter_edit.setClearButtonEnabled(True)
        # The row above the sheet must fit a 1280-pixel screen beside the navigation panel.
        self.filter_edit.setMinimumWidth(140)
        filter_label = QLabel(self.tr("&Filtrar:"), self)
        filter_label.setBuddy(self.filter_edit)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName(self.tr("Quantidade de linhas"))
        self.group_combo = QComboBox(self)
        self.group_combo.setAccessibleName(self.tr("Agrupar por"))
        self.group_combo.addItem(self.tr("nenhum"), None)
        for grouping in definition.groupings:
            self.group_combo.addItem(grouping.shown_label, grouping.name)
        self.group_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.group_combo.setMinimumContentsLength(10)
        self.group_combo.activated.connect(lambda _position: self.set_grouping(self.group_combo.currentData()))
        group_label = QLabel(self.tr("A&grupar por:"), self)
        group_label.setBuddy(self.group_combo)
        legend_text = self.tr(
            "▲ laranja: alteração pendente  ·  ▲ vermelho: conflito ou valor recusado  ·  cinza: somente leitura"
        )
        if definition.tint_issues:
            legend_text += self.tr("  ·  ⚠ bege: aviso de validação")
        legend = QLabel(legend_text, self)
        legend.setObjectName("legend")
        legend.setWordWrap(True)  # a narrow window wraps it instead of growing

        self.table = SheetTable(self.model, self)
        # The model read only the first rows' ids before this first paint; the rest follow right after it.
        self._ids_after_paint = FirstPaintWatcher(self.table.viewport(), self.model.complete_ids)
        self.table.setObjectName("planSheet" if definition.key == "plan" else f"{definition.key}Sheet")
        self.table.setAccessibleName(definition.tr(definition.title))
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
        self._opening_widths: dict[str, int] = {}  # by column name: the default width, widened to fit the title
        self._configure_headers()
        self.frozen = FrozenColumns(self.table, lambda table: SheetDelegate(table, table.handle_editor_key))
        self._reload_waiting = False  # a reload was asked for while a cell editor was open
        for table in (self.table, self.frozen.table):
            table.editor_closed.connect(self._reload_after_edit)
        self.totals = TotalsRow(self.table, self.frozen, self)
        self.views = ViewStore(views_path(services.user.oid, definition, services.data_folder()), definition)

        self.view_combo = QComboBox(self)
        self.view_combo.setAccessibleName(self.tr("Visão salva"))
        self.view_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.view_combo.setMinimumContentsLength(10)
        self.view_combo.setPlaceholderText(self.tr("(não salva)"))
        self.view_combo.activated.connect(lambda _position: self.apply_view(self.view_combo.currentData()))
        view_label = QLabel(self.tr("&Visão:"), self)
        view_label.setBuddy(self.view_combo)
        save_button = QToolButton(self)
        save_button.setText(self.tr("Salvar visão…"))
        save_button.clicked.connect(self._ask_view_name)
        self.delete_button = QToolButton(self)
        self.delete_button.setText(self.tr("Excluir visão"))
        self.delete_button.clicked.connect(lambda: self.delete_view(self.view_combo.currentData()))
        self.columns_button = QToolButton(self)
        self.columns_button.setText(self.tr("Colunas…"))
        self.columns_button.setAccessibleName(self.tr("Escolher colunas"))
        self.columns_button.clicked.connect(lambda: self.show_column_chooser())
        for header in (self.table.horizontalHeader(), self.frozen.table.horizontalHeader()):
            header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            header.customContextMenuRequested.connect(
                lambda position, header=header: self.show_column_chooser(header.mapToGlobal(position))
            )

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
        self.model.rejection_fixed.connect(self.status_message)
        self.table.status_message.connect(self.status_message)
        self.frozen.table.status_message.connect(self.status_message)
        self.model.reloaded.connect(self._update_count)
        self.model.reloaded.connect(self._update_group_spans)

        top = self._toolbar = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter_edit)
        top.addSpacing(12)
        top.addWidget(self.count_label)
        top.addStretch(1)
        if definition.groupings:
            top.addWidget(group_label)
            top.addWidget(self.group_combo)
            top.addSpacing(12)
        else:
            group_label.hide()
            self.group_combo.hide()
        top.addWidget(view_label)
        top.addWidget(self.view_combo)
        top.addWidget(save_button)
        top.addWidget(self.delete_button)
        top.addSpacing(12)
        top.addWidget(self.columns_button)
        bottom = QHBoxLayout()
        bottom.addWidget(legend, 1)  # the legend takes the free width, so it wraps only when the window is narrow
        bottom.addWidget(self.selection_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addWidget(self.totals)
        layout.addLayout(bottom)
        self._restore_views()
        self._update_count()
        self._update_group_spans()

    def _editing(self) -> bool:
        editing = QAbstractItemView.State.EditingState
        return self.table.state() == editing or self.frozen.table.state() == editing

    def _reload_after_edit(self) -> None:
        if self._reload_waiting:
            # After the view has closed the editor and written its value.
            QTimer.singleShot(0, self.reload)

    def reload(self) -> None:
        """Re-read the sheet from the local store, keeping the scroll position and the current cell.

        While a cell editor is open the reload waits until it closes: resetting the model would close
        the editor and drop what the user was typing.
        """
        if self._editing():
            self._reload_waiting = True
            return
        self._reload_waiting = False
        vertical = self.table.verticalScrollBar().value()
        horizontal = self.table.horizontalScrollBar().value()
        current = self.table.currentIndex()
        current_id = None
        if current.isValid() and not self.model.is_group_header(current.row()):
            current_id = self.model.row_id(current.row())
        current_column = current.column()

        self.model.reload()

        if current_id is not None:
            position = self.model.position_of(current_id)
            if position is not None:
                self.table.setCurrentIndex(self.model.index(position, current_column))
        self.table.verticalScrollBar().setValue(vertical)
        self.table.horizontalScrollBar().setValue(horizontal)

    # --- columns and saved views --------------------------------------------------

    def column_menu(self) -> QMenu:
        """Return a new column chooser menu: one checkbox per column."""
        return build_column_menu(self.table, self._columns_chosen, self)

    def show_column_chooser(self, position: QPoint | None = None) -> None:
        """Pop up the column chooser at ``position`` (global), or under the "Colunas…" button."""
        if position is None:
            position = self.columns_button.mapToGlobal(self.columns_button.rect().bottomLeft())
        menu = self.column_menu()
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(position)

    def set_column_visible(self, field_name: str, visible: bool) -> None:
        """Show or hide a column as the chooser does (frozen columns always show)."""
        number = self.model.column_of(field_name)
        if number in self.definition.frozen_columns:
            return
        self.table.setColumnHidden(number, not visible)
        self._columns_chosen()

    def set_grouping(self, name: str | None) -> None:
        """Group the rows by the grouping ``name`` of the sheet's definition, or show no groups (None)."""
        self.model.set_grouping(name)
        position = self.group_combo.findData(self.model.grouping)
        self.group_combo.setCurrentIndex(max(position, 0))

    def insert_toolbar_widgets(self, widgets: list[QWidget]) -> None:
        """Put ``widgets`` at the start of the row above the sheet, before the filter (a sheet's own choices)."""
        for position, widget in enumerate(widgets):
            self._toolbar.insertWidget(position, widget)
        self._toolbar.insertSpacing(len(widgets), 12)

    def save_view(self, name: str) -> None:
        """Save the columns, widths, sort, filter and grouping shown now as view ``name`` (replacing one of that name)."""
        name = name.strip()
        if not name:
            return
        content = self.views.content
        replaced, last_view = content.views.get(name), content.last_view
        content.views[name] = capture_view(self.table, self.model, self.filter_edit.text().strip())
        content.last_view = name
        if not self._write_views():
            # Not saved, so not listed: the file on disk still contains the views as they were.
            if replaced is None:
                del content.views[name]
            else:
                content.views[name] = replaced
            content.last_view = last_view
            return
        self._fill_view_combo()
        self.status_message.emit(self.tr("Visão '{name}' salva.").format(name=name))

    def apply_view(self, name: str | None) -> None:
        """Show the saved view ``name``, or the default sheet when ``name`` is None."""
        if name is None:
            # The columns at the widths the sheet opens with, which fit their titles.
            view = dataclasses.replace(default_view(self.definition), widths=dict(self._opening_widths))
        else:
            view = self.views.content.views.get(name)
        if view is None:
            return
        self._show_view(view)
        self.views.content.last_view = name
        self.views.content.hidden = self._hidden_names()
        self._write_views()
        self._fill_view_combo()

    def delete_view(self, name: str | None) -> None:
        """Forget the saved view ``name``; the sheet keeps what it shows."""
        if name is None or name not in self.views.content.views:
            return
        content = self.views.content
        removed, last_view = content.views.pop(name), content.last_view
        if last_view == name:
            content.last_view = None
        if not self._write_views():
            content.views[name] = removed
            content.last_view = last_view
            return
        self._fill_view_combo()
        # The sheet keeps what it shows, which is no saved view now, so the box shows none instead of "Padrão".
        self.view_combo.setCurrentIndex(-1)
        self.delete_button.setEnabled(False)
        self.status_message.emit(self.tr("Visão '{name}' excluída.").format(name=name))

    def _show_view(self, view: SavedView) -> None:
        apply_columns(self.table, view.visible, view.widths, view.order)
        order = Qt.SortOrder.DescendingOrder if view.descending else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(self.model.column_of(view.sort_column), order)
        self.set_grouping(view.grouping)
        self.filter_edit.setText(view.filter_text)
        self._apply_filter()

    def _restore_views(self) -> None:
        content = self.views.content
        last = content.views.get(content.last_view) if content.last_view else None
        if last is not None:
            self._show_view(last)
        else:
            visible = [name for name in default_view(self.definition).visible if name not in content.hidden]
            apply_columns(self.table, visible, {})
        self._fill_view_combo()

    def _fill_view_combo(self) -> None:
        self.view_combo.clear()
        self.view_combo.addItem(self.tr("Padrão"), None)
        for name in sorted(self.views.content.views, key=str.casefold):
            self.view_combo.addItem(name, name)
        last = self.views.content.last_view
        self.view_combo.setCurrentIndex(max(self.view_combo.findData(last), 0) if last else 0)
        self.delete_button.setEnabled(self.view_combo.currentData() is not None)

    def _ask_view_name(self) -> None:
        current = self.view_combo.currentData() or ""
        name, accepted = QInputDialog.getText(self, self.tr("Salvar visão"), self.tr("Nome da visão:"), text=current)
        if accepted and name.strip():
            self.save_view(name)

    def _columns_chosen(self) -> None:
        self.views.content.hidden = self._hidden_names()
        self._write_views()
        self.totals.update()

    def _hidden_names(self) -> list[str]:
        return [
            column.name for number, column in enumerate(self.definition.columns) if self.table.isColumnHidden(number)
        ]

    def _write_views(self) -> bool:
        """Write the views file; on failure tell the user why and return False."""
        try:
            self.views.write()
        except OSError as error:
            log.warning("Could not write sheet views to %s: %s", self.views.path, error)
            self.status_message.emit(
                self.tr("Não foi possível salvar as visões em {path}: {error}.").format(
                    path=self.views.path, error=describe_os_error(error)
                )
            )
            return False
        return True

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
        # A column is at least as wide as its title, which English makes longer ("Funding source"). Titles
        # are drawn bold by the theme, which the header's font metrics do not know, hence the margin.
        metrics = horizontal.fontMetrics()
        for number, column in enumerate(self.definition.columns):
            title_width = int(metrics.horizontalAdvance(column.label) * 1.15) + 28
            self._opening_widths[column.name] = max(column.width, title_width)
            horizontal.resizeSection(number, self._opening_widths[column.name])

        # Sorting goes to the model (SQL) directly; setSortingEnabled() would sort once more on start.
        horizontal.setSectionsClickable(True)
        horizontal.setSortIndicatorShown(True)
        horizontal.setSortIndicator(self.model.column_of(self.definition.default_sort), Qt.SortOrder.AscendingOrder)
        horizontal.sortIndicatorChanged.connect(self.model.sort)

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.model.set_filter_text(self.filter_edit.text())

    def _update_count(self) -> None:
        count = self.model.filtered_row_count()
        one, many = self.definition.row_noun
        if count == 1:
            self.count_label.setText(self.definition.tr(one))
        else:
            self.count_label.setText(self.definition.tr(many).format(count=QLocale().toString(count)))

    def _update_group_spans(self) -> None:
        """Let each group header's name run across the frozen columns, in both parts of the table."""
        width = len(self.definition.frozen_names)
        for table in (self.table, self.frozen.table):
            table.clearSpans()
            for position in self.model.group_header_positions():
                table.setSpan(position, 0, 1, width)

    def update_selection_summary(self) -> None:
        """Show count, sum and average of the selected cells under the sheet (empty for one cell)."""
        self._summary_timer.stop()
        try:
            summary = self.table.selection_summary()
        except sqlite3.ProgrammingError:
            # NOTE: a pending summary can fire after the store was closed (window closing); nothing to show.
            log.debug("Selection summary skipped: the local store is closed")
            return
        self.selection_label.setText(format_summary(summary))

    def focus_sheet(self) -> None:
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
