"""The planning sheet's table model: plan_item rows of the local store, fetched in blocks.

Sorting and filtering run in SQL over an ordered list of row ids; the rows
themselves are read in blocks of ``BLOCK_SIZE`` when the view first requests
them, and each row's display text, edit permissions and validation issues
are computed once and cached with it, so ``data()`` and ``flags()`` stay cheap.
"""

from __future__ import annotations

import logging
import uuid
from collections import OrderedDict
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QApplication, QStyle

from planmp_desktop.contract import codec
from planmp_desktop.contract.schema import PLAN_ITEM
from planmp_desktop.domain.codes import ItemKind
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.permissions import edit_denial
from planmp_desktop.domain.units import unit_in_scope
from planmp_desktop.domain.validation import Issue, validate_plan_item
from planmp_desktop.gui.sheet_columns import COLUMN_INDEX, SHEET_COLUMNS, ColumnKind, SheetColumn
from planmp_desktop.gui.sheet_columns import display_text, edit_text, parse_input
from planmp_desktop.gui.user_scope import load_scope
from planmp_desktop.services import AppServices
from planmp_desktop.store import columns as store_columns
from planmp_desktop.store.local import CellEdit

log = logging.getLogger(__name__)

BLOCK_SIZE = 500
MAX_CACHED_BLOCKS = 40  # 20,000 rows of raw records, an estimated few MB

# Custom roles the delegate and the tests read.
CELL_STATE_ROLE = Qt.ItemDataRole.UserRole + 1  # "conflict", "pending", "rejected" or None
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2

PENDING_TINT = QColor("#fff3c4")
CONFLICT_TINT = QColor("#fbd5d5")
REJECTED_TINT = QColor("#fde8e8")
READ_ONLY_TINT = QColor("#f1f3f5")
READ_ONLY_TEXT = QColor("#4b5563")

_FIELD_NAMES = PLAN_ITEM.field_names
_RECORD_INDEX = {name: index for index, name in enumerate(_FIELD_NAMES)}
_UNIT_NAME_INDEX = len(_FIELD_NAMES)
_SELECT_COLUMNS = ", ".join(f'p."{name}"' for name in _FIELD_NAMES) + ", u.name"
_FROM = "FROM plan_item p LEFT JOIN unit u ON u.id = p.unit_id"


class _SheetRow:
    """One fetched plan_item record with what the model derives from it on first use."""

    __slots__ = ("record", "display", "denials", "issues")

    def __init__(self, record: tuple[Any, ...]) -> None:
        self.record = record
        self.display: list[str] | None = None
        self.denials: list[str | None] | None = None
        self.issues: dict[str, list[Issue]] | None = None

    @property
    def row_id(self) -> str:
        return self.record[0]

    def raw(self, name: str) -> Any:
        return self.record[_RECORD_INDEX[name]]

    def decoded(self) -> dict[str, Any]:
        return {
            name: store_columns.from_sql(PLAN_ITEM.field(name).type, self.record[index])
            for name, index in _RECORD_INDEX.items()
        }


class PlanSheetModel(QAbstractTableModel):
    """The plan items of ``services.plan_id()`` as an editable table.

    Edits are parsed with the domain's pt-BR parsers and written with
    ``LocalStore.write_edits`` (row and outbox entry in one transaction)
    through ``undo_stack``, so Ctrl+Z writes the previous value back as a new
    edit.
    """

    edit_rejected = Signal(str)  # the pt-BR reason
    edits_written = Signal(int)  # number of outbox entries written
    reloaded = Signal()

    def __init__(self, services: AppServices, parent: Any = None) -> None:
        super().__init__(parent)
        self._services = services
        self._store = services.store
        self._profile = services.user.profile
        self._plan_year = services.settings.plan_year
        self._sei_format = services.settings.sei_format
        self.undo_stack = QUndoStack(self)
        self._warning_icon: QIcon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)

        self._ids: list[str] = []
        self._positions: dict[str, int] | None = None
        self._blocks: OrderedDict[int, list[_SheetRow]] = OrderedDict()
        self._pending: set[tuple[str, str]] = set()
        self._conflicts: set[tuple[str, str]] = set()
        self._rejected_input: dict[tuple[str, str], str] = {}
        self._scope: set[uuid.UUID] | None = None
        self._sort_column = COLUMN_INDEX["code"]
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._filter_text = ""
        self.reload()

    # --- loading ---------------------------------------------------------

    def reload(self) -> None:
        """Re-read ids, pending and conflicted cells and the user's scope (after a sync or a filter)."""
        self.beginResetModel()
        self._scope = load_scope(self._store, self._services.user)
        self._pending = self._store.pending_fields(PLAN_ITEM.name)
        self._conflicts = self._store.conflict_fields(PLAN_ITEM.name)
        self._blocks.clear()
        self._positions = None
        self._ids = self._query_ids()
        self.endResetModel()
        self.reloaded.emit()

    def _query_ids(self) -> list[str]:
        plan_id = self._services.plan_id()
        if plan_id is None:
            return []
        where = ["p.plan_id = ?"]
        params: list[Any] = [str(plan_id)]
        if self._filter_text:
            pattern = "%" + _escape_like(self._filter_text) + "%"
            where.append(
                "(p.code LIKE ? ESCAPE '\\' OR p.title LIKE ? ESCAPE '\\' OR p.responsible LIKE ? ESCAPE '\\')"
            )
            params.extend([pattern, pattern, pattern])

        column = SHEET_COLUMNS[self._sort_column]
        direction = "DESC" if self._sort_order == Qt.SortOrder.DescendingOrder else "ASC"
        expression = "u.name" if column.kind is ColumnKind.UNIT else f'p."{column.name}"'
        sql = (
            f"SELECT p.id {_FROM} WHERE {' AND '.join(where)} "
            f"ORDER BY {expression} IS NULL, {expression} {direction}, p.code, p.id"
        )
        return [row_id for (row_id,) in self._store.connection.execute(sql, params)]

    def _row(self, position: int) -> _SheetRow:
        block_number = position // BLOCK_SIZE
        block = self._blocks.get(block_number)
        if block is None:
            block = self._fetch_block(block_number)
        else:
            self._blocks.move_to_end(block_number)
        return block[position - block_number * BLOCK_SIZE]

    def _fetch_block(self, block_number: int) -> list[_SheetRow]:
        ids = self._ids[block_number * BLOCK_SIZE : (block_number + 1) * BLOCK_SIZE]
        placeholders = ", ".join("?" for _ in ids)
        cursor = self._store.connection.execute(
            f"SELECT {_SELECT_COLUMNS} {_FROM} WHERE p.id IN ({placeholders})", ids
        )
        by_id = {record[0]: record for record in cursor}
        block = []
        for row_id in ids:
            record = by_id.get(row_id)
            if record is None:
                # Deleted since the ids were read (a sync in between): show an empty row until reload.
                record = (row_id,) + (None,) * len(_FIELD_NAMES)
            block.append(_SheetRow(record))
        self._blocks[block_number] = block
        while len(self._blocks) > MAX_CACHED_BLOCKS:
            self._blocks.popitem(last=False)
        return block

    def _refresh_row(self, row_id: str) -> int | None:
        """Re-read one row after an edit and return its position, or None when not shown."""
        position = self.position_of(row_id)
        if position is None:
            return None
        block = self._blocks.get(position // BLOCK_SIZE)
        if block is not None:
            record = self._store.connection.execute(
                f"SELECT {_SELECT_COLUMNS} {_FROM} WHERE p.id = ?", (row_id,)
            ).fetchone()
            if record is not None:
                block[position % BLOCK_SIZE] = _SheetRow(record)
        return position

    # --- Qt model interface ----------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(SHEET_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(SHEET_COLUMNS):
            column = SHEET_COLUMNS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return column.label
            if role == Qt.ItemDataRole.ToolTipRole:
                return column.label
            if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self._denials(self._row(index.row()))[index.column()] is None:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._row(index.row())
        column_number = index.column()
        column = SHEET_COLUMNS[column_number]

        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row)[column_number]
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(column, row.raw(column.name))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column.numeric:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, column_number)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self._denials(row)[column_number] is not None:
                return QBrush(READ_ONLY_TEXT)
            return None
        if role == Qt.ItemDataRole.DecorationRole:
            if self._cell_issues(row, column):
                return self._warning_icon
            return None
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return self._tooltip(row, column_number) or None
        if role == CELL_STATE_ROLE:
            return self._cell_state(row.row_id, column.name)
        if role == ROW_ID_ROLE:
            return row.row_id
        return None

    def setData(
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row = self._row(index.row())
        column = SHEET_COLUMNS[index.column()]
        key = (row.row_id, column.name)

        denial = self._denials(row)[index.column()]
        if denial is not None:
            self._reject_input(index, key, denial)
            return False
        try:
            new_value = parse_input(column, "" if value is None else str(value))
        except DomainValueError as exc:
            self._reject_input(index, key, exc.message)
            return False

        self._rejected_input.pop(key, None)
        field_type = column.field.type
        old_value = store_columns.from_sql(field_type, row.raw(column.name))
        if codec.to_wire(field_type, old_value) == codec.to_wire(field_type, new_value):
            self._emit_row_changed(index.row())
            return True

        title = self.tr("Alterar {field} de {code}").format(field=column.label, code=row.raw("code") or "")
        self.undo_stack.push(_CellEditCommand(self, row.row_id, column.name, old_value, new_value, title))
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(SHEET_COLUMNS):
            return
        self._sort_column = column
        self._sort_order = order
        self.reload()

    # --- public helpers ----------------------------------------------------

    def set_filter_text(self, text: str) -> None:
        """Show only rows whose code, title or responsible contains ``text`` (case-insensitive for ASCII)."""
        text = text.strip()
        if text == self._filter_text:
            return
        self._filter_text = text
        self.reload()

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def row_id(self, position: int) -> uuid.UUID:
        return uuid.UUID(self._ids[position])

    def position_of(self, row_id: str | uuid.UUID) -> int | None:
        if self._positions is None:
            self._positions = {value: position for position, value in enumerate(self._ids)}
        return self._positions.get(str(row_id))

    def column_of(self, field_name: str) -> int:
        return COLUMN_INDEX[field_name]

    def write_value(self, row_id: str, field_name: str, value: Any) -> bool:
        """Write one field (an undo step) and refresh its row; returns whether it was written."""
        position = self.position_of(row_id)
        if position is not None:
            denial = self._denials(self._row(position))[COLUMN_INDEX[field_name]] if field_name in COLUMN_INDEX else None
            if denial is not None:
                self.edit_rejected.emit(denial)
                return False
        try:
            mutation_ids = self._store.write_edits([CellEdit(PLAN_ITEM.name, uuid.UUID(row_id), field_name, value)])
        except KeyError:
            log.warning("Edit of plan_item %s skipped: the row is no longer in the local store", row_id)
            self.edit_rejected.emit(self.tr("O item não existe mais nesta cópia local: sincronize e tente de novo."))
            return False
        if mutation_ids:
            self._pending.add((row_id, field_name))
        log.debug("plan_item %s field %s written (%d outbox entries)", row_id, field_name, len(mutation_ids))

        refreshed = self._refresh_row(row_id)
        if refreshed is not None:
            self._emit_row_changed(refreshed)
        self.edits_written.emit(len(mutation_ids))
        return True

    # --- derived, cached per row ---------------------------------------------

    def _display(self, row: _SheetRow) -> list[str]:
        if row.display is None:
            unit_name = row.record[_UNIT_NAME_INDEX]
            row.display = [display_text(column, row.raw(column.name), unit_name) for column in SHEET_COLUMNS]
        return row.display

    def _denials(self, row: _SheetRow) -> list[str | None]:
        if row.denials is None:
            unit_id = row.raw("unit_id")
            in_scope = unit_in_scope(self._scope, uuid.UUID(unit_id) if unit_id else None)
            is_own_task = in_scope and row.raw("kind") == ItemKind.TAREFA.value
            approval_state = row.raw("approval_state")
            denials: list[str | None] = []
            for column in SHEET_COLUMNS:
                denials.append(self._column_denial(column, in_scope, is_own_task, approval_state))
            row.denials = denials
        return row.denials

    def _column_denial(
        self, column: SheetColumn, in_scope: bool, is_own_task: bool, approval_state: str | None
    ) -> str | None:
        denial = edit_denial(
            profile=self._profile,
            in_scope=in_scope,
            approval_state=approval_state,
            field_name=column.name,
            field_is_planning=column.field.planning,
            field_editable=column.field.editable,
            is_own_task=is_own_task,
            field_label=column.label,
        )
        if denial is None and column.kind is ColumnKind.UNIT:
            # NOTE: moving an item to another unit changes who receives it; the sheet has no unit picker yet.
            return self.tr("A unidade do item não é alterada pela planilha.")
        return denial

    def _issues(self, row: _SheetRow) -> dict[str, list[Issue]]:
        if row.issues is None:
            by_field: dict[str, list[Issue]] = {}
            if row.raw("plan_id") is not None:
                for issue in validate_plan_item(row.decoded(), self._plan_year, sei_format=self._sei_format):
                    # Issues about fields the sheet does not show (multi-year, targets) go on the code.
                    field_name = issue.field if issue.field in COLUMN_INDEX else "code"
                    by_field.setdefault(field_name, []).append(issue)
            row.issues = by_field
        return row.issues

    def _cell_issues(self, row: _SheetRow, column: SheetColumn) -> list[Issue]:
        return self._issues(row).get(column.name, [])

    def _cell_state(self, row_id: str, field_name: str) -> str | None:
        key = (row_id, field_name)
        if key in self._conflicts:
            return "conflict"
        if key in self._rejected_input:
            return "rejected"
        if key in self._pending:
            return "pending"
        return None

    def _background(self, row: _SheetRow, column_number: int) -> QBrush | None:
        state = self._cell_state(row.row_id, SHEET_COLUMNS[column_number].name)
        if state == "conflict":
            return QBrush(CONFLICT_TINT)
        if state == "rejected":
            return QBrush(REJECTED_TINT)
        if state == "pending":
            return QBrush(PENDING_TINT)
        if self._denials(row)[column_number] is not None:
            return QBrush(READ_ONLY_TINT)
        return None

    def _tooltip(self, row: _SheetRow, column_number: int) -> str:
        column = SHEET_COLUMNS[column_number]
        key = (row.row_id, column.name)
        lines: list[str] = []
        if column.kind is ColumnKind.UNIT and row.record[_UNIT_NAME_INDEX]:
            lines.append(row.record[_UNIT_NAME_INDEX])
        elif column.name == "title" and row.raw("title"):
            lines.append(row.raw("title"))

        state = self._cell_state(*key)
        if state == "conflict":
            lines.append(self.tr("● Conflito com o servidor: esta alteração e a do servidor diferem e precisam ser resolvidas."))
        elif state == "pending":
            lines.append(self.tr("● Alteração pendente de sincronização"))
        if key in self._rejected_input:
            lines.append(self.tr("Valor recusado: {reason}").format(reason=self._rejected_input[key]))
        for issue in self._cell_issues(row, column):
            prefix = self.tr("Erro") if issue.severity == "error" else self.tr("Aviso")
            lines.append(f"{prefix}: {issue.message}")

        denial = self._denials(row)[column_number]
        if denial is not None:
            lines.append(self.tr("Somente leitura: {reason}").format(reason=denial))
        return "\n".join(lines)

    def _reject_input(self, index: QModelIndex | QPersistentModelIndex, key: tuple[str, str], message: str) -> None:
        self._rejected_input[key] = message
        self._emit_row_changed(index.row())
        self.edit_rejected.emit(message)

    def _emit_row_changed(self, position: int) -> None:
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(SHEET_COLUMNS) - 1))


class _CellEditCommand(QUndoCommand):
    """One cell edit; undo writes the old value back as a new outbox entry."""

    def __init__(
        self, model: PlanSheetModel, row_id: str, field_name: str, old_value: Any, new_value: Any, title: str
    ) -> None:
        super().__init__(title)
        self._model = model
        self._row_id = row_id
        self._field_name = field_name
        self._old_value = old_value
        self._new_value = new_value

    def redo(self) -> None:
        if not self._model.write_value(self._row_id, self._field_name, self._new_value):
            self.setObsolete(True)

    def undo(self) -> None:
        if not self._model.write_value(self._row_id, self._field_name, self._old_value):
            self.setObsolete(True)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
