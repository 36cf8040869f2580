"""The sheets' table model: rows of one entity of the local store, fetched in blocks.

Sorting and filtering run in SQL over an ordered list of row ids; the rows
themselves are read in blocks of ``BLOCK_SIZE`` when the view first requests
them, and each row's display text, edit permissions and validation issues
are computed once and cached with it, so ``data()`` and ``flags()`` stay cheap.
Grouping orders the ids by group in SQL and puts a header marker before each
group. A header row shows its group's row count and money subtotals, which
one GROUP BY query computes.
"""

from __future__ import annotations

import bisect
import json
import logging
import sqlite3
import uuid
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QModelRoleDataSpan,
    QPersistentModelIndex,
    QPointF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap, QPolygonF, QUndoCommand, QUndoStack

from planmp_desktop.contract import codec
from planmp_desktop.contract.schema import PLAN_ITEM, Entity, FieldType
from planmp_desktop.domain.codes import ItemKind
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.permissions import edit_denial
from planmp_desktop.domain.rollup import derived_progress_reason, initiative_progress
from planmp_desktop.domain.units import unit_in_scope
from planmp_desktop.domain.money import format_decimal, format_money
from planmp_desktop.domain.validation import Issue, validate_plan_item
from planmp_desktop.gui.sheet_columns import ColumnKind, SheetColumn, display_text, edit_text, parse_input
from planmp_desktop.gui.sheet_definition import PLAN_SHEET, Grouping, SheetDefinition
from planmp_desktop.gui.user_scope import load_scope
from planmp_desktop.services import AppServices
from planmp_desktop.store import columns as store_columns
from planmp_desktop.store.errors import write_failure_message
from planmp_desktop.store.local import PLAN_ITEMS_WHERE, CellEdit, count_rows_sql

log = logging.getLogger(__name__)

BLOCK_SIZE = 200
# write_value's default: write without comparing the field's current value.
_ANY_VALUE = object()
# Ids read before the first paint; the rest follow with ``complete_ids`` right after it.
FIRST_IDS = 2000
MAX_CACHED_BLOCKS = 100  # 20,000 rows of raw records, an estimated few MB

# Custom roles the delegate and the tests read.
CELL_STATE_ROLE = Qt.ItemDataRole.UserRole + 1  # "conflict", "pending", "rejected" or None
ROW_ID_ROLE = Qt.ItemDataRole.UserRole + 2

PENDING_TINT = QColor("#fff3c4")
CONFLICT_TINT = QColor("#fbd5d5")
REJECTED_TINT = QColor("#fde8e8")
READ_ONLY_TINT = QColor("#f1f3f5")
READ_ONLY_TEXT = QColor("#4b5563")
ISSUE_TINT = QColor("#fde2b8")  # a cell with a validation warning or error, which its icon also shows
GROUP_HEADER_TINT = QColor("#dfe7f1")

# Shared, so painting a cell allocates no brush.
_STATE_BRUSHES = {"conflict": QBrush(CONFLICT_TINT), "rejected": QBrush(REJECTED_TINT), "pending": QBrush(PENDING_TINT)}
_READ_ONLY_BRUSH = QBrush(READ_ONLY_TINT)
_READ_ONLY_TEXT_BRUSH = QBrush(READ_ONLY_TEXT)
_ISSUE_BRUSH = QBrush(ISSUE_TINT)
_HEADER_BRUSH = QBrush(GROUP_HEADER_TINT)
_READ_ONLY_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
# Header views call headerData() thousands of times while laying out, so its enums are looked up once.
_HORIZONTAL = Qt.Orientation.Horizontal
_VERTICAL = Qt.Orientation.Vertical
_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_EDITABLE_FLAGS = _READ_ONLY_FLAGS | Qt.ItemFlag.ItemIsEditable

# Roles as plain ints: comparing ints is cheaper than comparing Qt enum members, once per role per painted cell.
_DISPLAY_ROLE = int(Qt.ItemDataRole.DisplayRole)
_EDIT_ROLE = int(Qt.ItemDataRole.EditRole)
_BACKGROUND_ROLE = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND_ROLE = int(Qt.ItemDataRole.ForegroundRole)
_DECORATION_ROLE = int(Qt.ItemDataRole.DecorationRole)
_ALIGNMENT_ROLE = int(Qt.ItemDataRole.TextAlignmentRole)
_FONT_ROLE = int(Qt.ItemDataRole.FontRole)
_CHECK_STATE_ROLE = int(Qt.ItemDataRole.CheckStateRole)
# The roles QStyledItemDelegate::initStyleOption requests through multiData for each painted cell, in
# its order (printed from PySide6 6.11.3). ``multiData`` recognises that request by its length and its
# display slot.
_DELEGATE_ROLES = (
    _FONT_ROLE,
    int(Qt.ItemDataRole.TextAlignmentRole),
    int(Qt.ItemDataRole.ForegroundRole),
    _CHECK_STATE_ROLE,
    int(Qt.ItemDataRole.DecorationRole),
    _DISPLAY_ROLE,
    int(Qt.ItemDataRole.BackgroundRole),
)
_DELEGATE_DISPLAY_SLOT = _DELEGATE_ROLES.index(_DISPLAY_ROLE)
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE_DESCRIPTION_ROLE = int(Qt.ItemDataRole.AccessibleDescriptionRole)

@dataclass
class BulkEditResult:
    """Cell counts of one bulk edit (paste, fill, replace, clear), for its status message."""

    changed: int = 0  # cells written with a new value
    unchanged: int = 0  # cells that already held the value
    read_only: int = 0  # cells skipped because the user may not edit them
    refused: int = 0  # cells whose text did not parse; marked in place
    required: int = 0  # required cells a clear left as they were
    outbox_entries: int = 0
    first_refusal: str | None = None  # the pt-BR reason of the first refused cell
    store_failure: str | None = None  # why the local store wrote nothing, in pt-BR; the counts are then 0


_NO_GROUP = object()
# Row ids of group header rows start with this; a UUID never does.
GROUP_MARKER = "#"
# A task edit of these fields moves its initiative's progress roll-up.
_ROLLUP_FIELDS = frozenset({"progress", "weight"})
_PLAN_FIELD_INDEX = {name: index for index, name in enumerate(PLAN_ITEM.field_names)}
_KIND_INDEX = _PLAN_FIELD_INDEX["kind"]
_PROGRESS_INDEX = _PLAN_FIELD_INDEX["progress"]


class RecordLayout:
    """Where each field of an entity sits in the records a sheet fetches, and the SQL that fetches them.

    A record contains every field in the entity's order, then the unit's
    name read through a join.
    """

    def __init__(self, entity: Entity) -> None:
        self.entity = entity
        self.field_names = entity.field_names
        self.record_index = {name: index for index, name in enumerate(self.field_names)}
        # (field, record index, type to convert from, or None where SQLite stores the Python value as it is).
        self.decoded_fields = [
            (name, index, None if entity.field(name).type in (FieldType.TEXT, FieldType.INT) else entity.field(name).type)
            for index, name in enumerate(self.field_names)
        ]
        self.unit_name_index = len(self.field_names)
        self.select_columns = ", ".join(f'p."{name}"' for name in self.field_names) + ", u.name"
        self.from_sql = f'FROM "{entity.name}" p LEFT JOIN unit u ON u.id = p.unit_id'
        self.empty_record: tuple[Any, ...] = (None,) * (len(self.field_names) + 1)


class SheetRow:
    """One fetched record with what the model derives from it on first use."""

    __slots__ = ("record", "layout", "has_tasks", "display", "denials", "flags", "issues", "painted", "painted_marks")
    is_header = False

    def __init__(self, record: tuple[Any, ...], layout: RecordLayout, has_tasks: bool = False) -> None:
        self.record = record
        self.layout = layout
        self.has_tasks = has_tasks  # an initiative with tasks: its progress is their roll-up
        self.display: list[str | None] | None = None  # per column, None until first shown
        self.denials: list[str | None] | None = None
        self.flags: list[Qt.ItemFlag] | None = None
        self.issues: dict[str, list[Issue]] | None = None
        # Per column, the values of the roles a paint requests, made on first paint; valid while the
        # model's ``_marks_version`` equals ``painted_marks``.
        self.painted: list[tuple[Any, ...] | None] | None = None
        self.painted_marks = -1

    @property
    def row_id(self) -> str:
        return self.record[0]

    def raw(self, name: str) -> Any:
        return self.record[self.layout.record_index[name]]

    def decoded(self) -> dict[str, Any]:
        record = self.record
        values = {}
        for name, index, field_type in self.layout.decoded_fields:
            value = record[index]
            if field_type is not None and value is not None:
                value = store_columns.from_sql(field_type, value)
            values[name] = value
        return values


class _GroupRow(SheetRow):
    """A group header: the group's name and row count, and the subtotals of the money columns.

    Its texts, denials and flags are filled when it is made, so painting it
    costs what painting a cached row costs.
    """

    __slots__ = ("key", "label", "count", "sums")
    is_header = True

    def __init__(self, marker: str, layout: RecordLayout, key: Any, label: str) -> None:
        super().__init__((marker, *layout.empty_record[1:]), layout)
        self.key = key
        self.label = label
        self.count = 0
        self.sums: dict[int, Decimal] = {}
        self.issues = {}


@dataclass
class GroupSubtotals:
    """Row count and money sums of one group, as the model's GROUP BY query returns them."""

    label: str
    count: int
    sums: dict[int, Decimal]


class SheetModel(QAbstractTableModel):
    """The rows of one sheet definition's entity as an editable table.

    Edits are parsed with the domain's pt-BR parsers and written with
    ``LocalStore.write_edits`` (row and outbox entry in one transaction)
    through ``undo_stack``, so Ctrl+Z writes the previous value back as a new
    edit. Subclasses define which rows show, who may edit which cell and
    what the validation marks are.
    """

    edit_rejected = Signal(str)  # the pt-BR reason
    rejection_fixed = Signal(str)  # a pt-BR note that a rejected cell now contains a valid value
    edits_written = Signal(int)  # number of outbox entries written
    reloaded = Signal()

    def __init__(self, services: AppServices, definition: SheetDefinition, parent: Any = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self._services = services
        self._store = services.store
        self._profile = services.user.profile
        self._entity = definition.entity
        self._layout = RecordLayout(definition.entity)
        self._columns = definition.columns
        self._column_index = definition.column_index
        self._labels = [column.label for column in self._columns]  # translated once, because header views call headerData() thousands of times
        self._column_record_index = [self._layout.record_index[column.name] for column in self._columns]
        self._unit_name_index = self._layout.unit_name_index
        self._alignments = [
            int((Qt.AlignmentFlag.AlignRight if column.numeric else Qt.AlignmentFlag.AlignLeft) | Qt.AlignmentFlag.AlignVCenter)
            for column in self._columns
        ]
        self._money_columns = definition.money_columns
        # Chosen once, so a sheet without issue tints paints each cell's background as before.
        self._background_of = self._background_with_issues if definition.tint_issues else self._background
        self.undo_stack = QUndoStack(self)
        self._warning_icon: QIcon | None = None  # drawn on first use
        self._store_failure: str | None = None  # why the last single-cell write failed, in pt-BR
        self._bold_font = QFont()
        self._bold_font.setBold(True)

        self._ids: list[str] = []
        self._row_count = 0
        # The query of every shown id while only the first FIRST_IDS are read, else None.
        self._rest_of_ids: tuple[str, list[Any]] | None = None
        self._first_load = True
        self._positions: dict[str, int] | None = None
        self._blocks: OrderedDict[int, list[SheetRow]] = OrderedDict()
        self._pending: set[tuple[str, str]] = set()
        # Rows whose insert is still in the outbox: every cell of them is pending. Bulk imports write
        # no per-field marks for the rows they insert.
        self._pending_inserts: set[str] = set()
        self._conflicts: set[tuple[str, str]] = set()
        # (row id, field) -> the server's reason for rejecting the field's last pushed edit.
        self._rejected_by_server: dict[tuple[str, str], str] = {}
        # (row id, field) -> (the refused text, the pt-BR reason); the cell shows the text until fixed.
        self._rejected_input: dict[tuple[str, str], tuple[str, str]] = {}
        # Raised whenever the pending, conflicted or refused cells change, which voids painted values.
        self._marks_version = 0
        # Counts reloads that may bring changed data, such as a sync or an import. Sort, filter and grouping do not.
        self.data_version = 0
        # (field, stored value, row facts) -> the value's own validation error, or None.
        self._field_errors: dict[tuple[Any, ...], str | None] = {}
        self._scope: set[uuid.UUID] | None = None
        self._unit_in_scope: dict[str | None, bool] = {}  # stored unit id -> in the user's scope
        self._denials_by_situation: dict[tuple[Any, ...], list[str | None]] = {}
        self._flags_by_situation: dict[tuple[Any, ...], list[Qt.ItemFlag]] = {}
        self._grouping: Grouping | None = None
        self._collapsed: set[Any] = set()  # keys of the groups that show their header row only
        self._group_rows: dict[str, _GroupRow] = {}
        self._header_positions: list[int] = []  # ascending
        self._money_column_of = {self._columns[number].name: number for number in definition.money_columns}
        self._header_flags = [Qt.ItemFlag.ItemIsEnabled] * len(self._columns)
        self._sort_column = self._column_index[definition.default_sort]
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._filter_text = ""
        self.reload()

    # --- hooks of the entity's sheet ----------------------------------------------

    def base_rows_sql(self) -> tuple[str, list[Any]] | None:
        """Return the WHERE clause (over ``<entity> p``) of the rows this sheet holds, or None for none."""
        return "1 = 1", []

    def _situation(self, row: SheetRow) -> tuple[Any, ...]:
        """Return the facts of ``row`` that its cells' denials depend on, so rows with equal facts share one list."""
        return (self._row_in_scope(row),)

    def _column_denial(self, column: SheetColumn, situation: tuple[Any, ...]) -> str | None:
        """Return the pt-BR reason why the user may not edit ``column`` in rows of ``situation``, or None."""
        return None

    def _row_issues(self, row: SheetRow) -> list[Issue]:
        """Return the validation issues of a row, errors and warnings."""
        return []

    def _field_error(self, row: SheetRow, column: SheetColumn, value: Any) -> str | None:
        """Return the pt-BR error of ``value`` on its own (a range, a sign, a year), or None."""
        return None

    def _value_facts(self, row: SheetRow) -> tuple[Any, ...]:
        """Return the row facts ``_field_error`` depends on besides the value (plan items: multi-year)."""
        return ()

    def _row_label(self, row: SheetRow) -> str:
        """Return how an undo step names the row."""
        return ""

    def _sheet_rows(self, records: list[tuple[Any, ...]]) -> list[SheetRow]:
        """Wrap fetched records; subclasses derive shown values here (plan items: progress roll-ups)."""
        layout = self._layout
        return [SheetRow(record, layout) for record in records]

    def _after_write(self, row_ids: Iterable[str], fields: set[str]) -> None:
        """Refresh rows whose shown values derive from the written cells (plan items: initiatives)."""

    def _row_in_scope(self, row: SheetRow) -> bool:
        unit_id = row.raw("unit_id")
        in_scope = self._unit_in_scope.get(unit_id)
        if in_scope is None:
            unit_uuid = uuid.UUID(unit_id) if unit_id else None
            in_scope = self._unit_in_scope[unit_id] = unit_in_scope(self._scope, unit_uuid)
        return in_scope

    # --- loading ---------------------------------------------------------

    def reload(self, data_changed: bool = True) -> None:
        """Re-read ids, pending and conflicted cells and the user's scope (after a sync or a filter).

        Pass ``data_changed=False`` when only the order or the shown rows
        change, so sums over unchanged rows can be kept.
        """
        if data_changed:
            self.data_version += 1
        self.beginResetModel()
        self._scope = load_scope(self._store, self._services.user)
        self._unit_in_scope.clear()
        self._denials_by_situation.clear()
        self._flags_by_situation.clear()
        self._pending = self._store.pending_fields(self._entity.name)
        self._pending_inserts = self._store.pending_insert_rows(self._entity.name)
        self._conflicts = self._store.conflict_fields(self._entity.name)
        self._rejected_by_server = self._store.server_rejected_fields(self._entity.name)
        self._marks_version += 1
        self._blocks.clear()
        self._positions = None
        self._rest_of_ids = None
        # Only the first load defers ids: a sort or filter would otherwise look done before it is.
        self._ids = self._query_ids(first_only=self._first_load)
        self._first_load = False
        if self._rest_of_ids is None:
            self._row_count = len(self._ids)
        self.endResetModel()
        self.reloaded.emit()

    def _query_ids(self, first_only: bool = False) -> list[str]:
        """Return the shown row ids in order; while grouped, each group's rows follow its header's marker.

        NOTE: grouping 100,000 plan items took about 0.5 s on the 2-core development machine (0.24 s of
        it the subtotals' GROUP BY), above the 0.2 s sort target, and a sort or filter while grouped
        pays it again.
        """
        self._group_rows = {}
        self._header_positions = []
        shown = self.shown_rows_sql()
        if shown is None:
            return []
        where, params = shown

        order = self._order_sql()
        grouping = self._grouping
        if grouping is None:
            return self._query_plain_ids(where, params, order, first_only)

        sql = (
            f"SELECT p.id, {grouping.key_sql} {self._layout.from_sql} {grouping.joins} WHERE {where} "
            f"ORDER BY {grouping.label_sql} IS NULL, {grouping.label_sql}, {grouping.key_sql}, {order}"
        )
        subtotals = self.group_subtotals()
        collapsed = self._collapsed
        ids: list[str] = []
        previous: Any = _NO_GROUP
        for row_id, key in self._store.connection.execute(sql, params):
            if key != previous:
                previous = key
                self._header_positions.append(len(ids))
                ids.append(self._make_group_row(len(self._group_rows), key, subtotals.get(key)))
            if key not in collapsed:
                ids.append(row_id)
        return ids

    def _order_sql(self) -> str:
        """Return the ORDER BY terms of the current sort, empty values last, ending in the definition's tiebreak."""
        return _order_sql(self.definition, self._sort_column, self._sort_order == Qt.SortOrder.DescendingOrder)

    def _query_plain_ids(self, where: str, params: list[Any], order: str, first_only: bool) -> list[str]:
        """Return the ids of the shown rows in order, or with ``first_only`` the first FIRST_IDS of them.

        With ``first_only`` the rows are counted and ``complete_ids`` reads the
        rest later: reading 100,000 ids takes about as long as showing an empty
        window, and the first paint needs only the rows it shows. The app may
        have started the count already (``LocalStore.read_ahead``).
        """
        connection = self._store.connection
        sql, count_sql, first_sql = _ids_sql(self.definition, where, order)
        if not first_only:
            return [row_id for (row_id,) in connection.execute(sql, params)]
        counted = self._store.take_read_ahead(count_sql, params)
        if counted is None:
            counted = connection.execute(count_sql, params).fetchall()
        self._row_count = counted[0][0]
        first = [row_id for (row_id,) in connection.execute(first_sql, params)]
        if len(first) < self._row_count:
            self._rest_of_ids = (sql, list(params))
        return first

    def complete_ids(self) -> None:
        """Read every shown id now, if only the first ones are read (``SheetView`` calls this after its first paint)."""
        if self._rest_of_ids is None:
            return
        sql, params = self._rest_of_ids
        self._rest_of_ids = None
        ids = [row_id for (row_id,) in self._store.connection.execute(sql, params)]
        if len(ids) != self._row_count:
            # Rows came or went between the count and this read: show what was counted, then reload.
            log.warning("Sheet rows changed from %d to %d while loading; reloading", self._row_count, len(ids))
            ids = (ids + [""] * self._row_count)[: self._row_count]
            QTimer.singleShot(0, self.reload)
        self._ids = ids
        self._positions = None

    def _ids_up_to(self, count: int) -> list[str]:
        """Return the ordered ids with at least the first ``count`` read (all of them if more are needed)."""
        if count > len(self._ids):
            self.complete_ids()
        return self._ids

    def _make_group_row(self, number: int, key: Any, subtotals: GroupSubtotals | None) -> str:
        assert self._grouping is not None
        marker = f"{GROUP_MARKER}{number}"
        label = subtotals.label if subtotals is not None and subtotals.label else self._grouping.shown_empty_label
        header = _GroupRow(marker, self._layout, key, label)
        header.flags = self._header_flags
        header.denials = [self.tr("Linha de subtotal do grupo: não é editável. Espaço ou duplo clique recolhe ou expande o grupo.")] * len(self._columns)
        self._fill_group_row(header, subtotals)
        self._group_rows[marker] = header
        return marker

    def _fill_group_row(self, header: _GroupRow, subtotals: GroupSubtotals | None) -> None:
        header.count = subtotals.count if subtotals is not None else 0
        header.sums = subtotals.sums if subtotals is not None else {}
        self._set_group_texts(header)

    def _set_group_texts(self, header: _GroupRow) -> None:
        texts: list[str | None] = [""] * len(self._columns)
        noun_one, noun_many = self.definition.row_noun
        if header.count == 1:
            count_text = self.definition.tr(noun_one)
        else:
            count_text = self.definition.tr(noun_many).format(count=format_decimal(Decimal(header.count)))
        # The count goes first, so a long group name cut at the column's edge still shows it.
        sign = "▸" if header.key in self._collapsed else "▾"
        texts[0] = f"{sign} {count_text} · {header.label}"
        for number, total in header.sums.items():
            texts[number] = format_money(total)
        header.display = texts
        header.painted = None

    def group_subtotals(self) -> dict[Any, GroupSubtotals]:
        """Return each group's name, row count and money sums over the shown rows, in one GROUP BY query.

        Returns an empty dict when the sheet is not grouped.
        """
        grouping = self._grouping
        shown = self.shown_rows_sql()
        if grouping is None or shown is None:
            return {}
        where, params = shown
        money = self._money_columns
        sums = "".join(f', SUM(p."{self._columns[number].name}")' for number in money)
        sql = (
            f"SELECT {grouping.key_sql}, MAX({grouping.label_sql}), COUNT(*){sums} "
            f"{self._layout.from_sql} {grouping.joins} WHERE {where} GROUP BY {grouping.key_sql}"
        )
        subtotals: dict[Any, GroupSubtotals] = {}
        for key, label, count, *totals in self._store.connection.execute(sql, params):
            by_column = {}
            for number, total in zip(money, totals, strict=True):
                by_column[number] = Decimal(0) if total is None else store_columns.from_sql(FieldType.MONEY, int(total))
            subtotals[key] = GroupSubtotals(label or "", int(count), by_column)
        return subtotals

    def _adjust_group_subtotals(
        self, old_values: Mapping[tuple[str, str], Any], new_values: Mapping[tuple[str, str], Any]
    ) -> None:
        """Add each written money cell's change to its group's subtotal and repaint those header rows.

        No query runs: a grouped edit costs what an ungrouped one does. The
        fields that decide a row's group are read-only in the sheets, so an
        edit never moves a row to another group.
        """
        if not self._group_rows:
            return
        touched: dict[int, _GroupRow] = {}
        for key, new_value in new_values.items():
            number = self._money_column_of.get(key[1])
            if number is None:
                continue
            position = self.position_of(key[0])
            if position is None:
                if self._collapsed:
                    # An undo reached a row of a collapsed group, which has no position to find its header by.
                    self._resum_groups()
                    return
                continue
            header_position = self._header_positions[bisect.bisect_right(self._header_positions, position) - 1]
            header = self._group_rows[self._ids[header_position]]
            change = (new_value or Decimal(0)) - (old_values.get(key) or Decimal(0))
            header.sums[number] = header.sums.get(number, Decimal(0)) + change
            touched[header_position] = header
        for header_position, header in touched.items():
            self._set_group_texts(header)
            self._emit_row_changed(header_position)

    def _resum_groups(self) -> None:
        """Read every group's subtotals again and repaint the header rows."""
        subtotals = self.group_subtotals()
        for position in self._header_positions:
            header = self._group_rows[self._ids[position]]
            self._fill_group_row(header, subtotals.get(header.key))
            self._emit_row_changed(position)

    def shown_rows_sql(self) -> tuple[str, list[Any]] | None:
        """Return the WHERE clause (over ``<entity> p``) and parameters of the rows the filter shows.

        Returns None when the sheet holds no rows (no plan open).
        """
        base = self.base_rows_sql()
        if base is None:
            return None
        where = [base[0]]
        params: list[Any] = list(base[1])
        if self._filter_text:
            pattern = "%" + _escape_like(self._filter_text) + "%"
            fields = self.definition.filter_fields
            where.append("(" + " OR ".join(f"p.\"{name}\" LIKE ? ESCAPE '\\'" for name in fields) + ")")
            params.extend([pattern] * len(fields))
        return " AND ".join(where), params

    def _row(self, position: int) -> SheetRow:
        block_number = position // BLOCK_SIZE
        block = self._blocks.get(block_number)
        if block is None:
            block = self._fetch_block(block_number)
        else:
            self._blocks.move_to_end(block_number)
        return block[position - block_number * BLOCK_SIZE]

    def _fetch_block(self, block_number: int) -> list[SheetRow]:
        end = (block_number + 1) * BLOCK_SIZE
        ids = self._ids_up_to(min(end, self._row_count))[block_number * BLOCK_SIZE : end]
        group_rows = self._group_rows
        row_ids = [row_id for row_id in ids if row_id not in group_rows] if group_rows else ids
        block = self._read_rows_uncached(row_ids)
        if group_rows:
            fetched = iter(block)
            block = [group_rows[row_id] if row_id in group_rows else next(fetched) for row_id in ids]
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
                f"SELECT {self._layout.select_columns} {self._layout.from_sql} WHERE p.id = ?", (row_id,)
            ).fetchone()
            if record is not None:
                block[position % BLOCK_SIZE] = self._sheet_rows([record])[0]
        return position

    # --- Qt model interface ----------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._row_count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == _DISPLAY_ROLE:
            if orientation == _VERTICAL:
                return str(section + 1)
            return self._labels[section] if 0 <= section < len(self._columns) else None
        if orientation == _HORIZONTAL and 0 <= section < len(self._columns):
            column = self._columns[section]
            if role == _TOOLTIP_ROLE:
                return self._labels[section]
            if role == _ALIGNMENT_ROLE and column.numeric:
                return _RIGHT_ALIGNED
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        row = self._row(index.row())
        if row.flags is None:
            self._denials(row)
        return row.flags[index.column()]  # type: ignore[index]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self._value(self._row(index.row()), index.column(), role)

    def multiData(self, index: QModelIndex | QPersistentModelIndex, roleDataSpan: QModelRoleDataSpan) -> None:
        """Fill every requested role of one cell in one call.

        The item delegate requests seven roles per painted cell through this,
        so one Python call replaces seven calls of ``data()``.
        """
        if not index.isValid():
            for role_data in roleDataSpan:
                role_data.clearData()
            return
        row = self._row(index.row())
        column_number = index.column()
        if len(roleDataSpan) == len(_DELEGATE_ROLES) and roleDataSpan[_DELEGATE_DISPLAY_SLOT].role() == _DISPLAY_ROLE:
            # The delegate's request. It reuses one span for every cell, so each slot is set, None included.
            painted = row.painted
            if painted is None or row.painted_marks != self._marks_version:
                painted = row.painted = [None] * len(self._columns)
                row.painted_marks = self._marks_version
            cell = painted[column_number]
            if cell is None:
                cell = painted[column_number] = self._painted_values(row, column_number)
            for slot, value in enumerate(cell):
                roleDataSpan[slot].setData(value)
            return
        for role_data in roleDataSpan:
            role = role_data.role()
            if role == _DISPLAY_ROLE and not self._rejected_input:
                role_data.setData(self._display_text(row, column_number))
            elif role == _FONT_ROLE:
                if row.is_header:
                    role_data.setData(self._bold_font)
                else:
                    role_data.clearData()
            elif role == _CHECK_STATE_ROLE:
                role_data.clearData()
            else:
                role_data.setData(self._value(row, column_number, role))

    def _painted_values(self, row: SheetRow, column_number: int) -> tuple[Any, ...]:
        """Return the values of one cell's painted roles, in the delegate's order (None for no value).

        They equal what ``_value`` returns role by role, made in one pass
        because a newly scrolled page needs about 500 of them.
        """
        column = self._columns[column_number]
        text = None
        if self._rejected_input:
            rejected = self._rejected_input.get((row.row_id, column.name))
            if rejected is not None:
                text = rejected[0]
        if text is None:
            text = self._display_text(row, column_number)
        icon = None
        if self._issues(row).get(column.name):
            icon = self._warning_icon
            if icon is None:
                icon = self._warning_icon = draw_warning_icon()
        return (
            self._bold_font if row.is_header else None,
            self._alignments[column_number],
            _READ_ONLY_TEXT_BRUSH if self._denials(row)[column_number] is not None else None,
            None,
            icon,
            text,
            self._background_of(row, column_number),
        )

    def _value(self, row: SheetRow, column_number: int, role: int) -> Any:
        """Return the value of one role of a cell; the roles a paint requests come first."""
        if role == _DISPLAY_ROLE:
            if self._rejected_input:
                refused = self._rejected_input.get((row.row_id, self._columns[column_number].name))
                if refused is not None:
                    return refused[0]
            return self._display_text(row, column_number)
        if role == _BACKGROUND_ROLE:
            return self._background_of(row, column_number)
        if role == _FOREGROUND_ROLE:
            if self._denials(row)[column_number] is not None:
                return _READ_ONLY_TEXT_BRUSH
            return None
        if role == _DECORATION_ROLE:
            if self._cell_issues(row, self._columns[column_number]):
                if self._warning_icon is None:
                    self._warning_icon = draw_warning_icon()
                return self._warning_icon
            return None
        if role == _ALIGNMENT_ROLE:
            return self._alignments[column_number]
        if role == _FONT_ROLE:
            return self._bold_font if row.is_header else None
        if role == _CHECK_STATE_ROLE:
            return None

        column = self._columns[column_number]
        if role == _EDIT_ROLE:
            refused = self._rejected_input.get((row.row_id, column.name))
            if refused is not None:
                return refused[0]
            if row.is_header:
                return self._display_text(row, column_number)
            return edit_text(column, row.raw(column.name))
        if role in (_TOOLTIP_ROLE, _ACCESSIBLE_DESCRIPTION_ROLE):
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
        column = self._columns[index.column()]
        key = (row.row_id, column.name)

        denial = self._denials(row)[index.column()]
        if denial is not None:
            # Nothing was typed into a read-only cell, so only the reason is reported.
            self.edit_rejected.emit(denial)
            return False
        text = "" if value is None else str(value)
        try:
            new_value = parse_input(column, text)
        except DomainValueError as exc:
            self._reject_input(index, key, text, exc.message)
            return False

        range_error = self._field_error(row, column, new_value)
        if range_error is not None:
            self._reject_input(index, key, text, range_error)
            return False

        if self._rejected_input.pop(key, None) is not None:
            self._marks_version += 1
            # Replaces the refusal still shown in the status bar, which no longer applies.
            self.rejection_fixed.emit(
                self.tr("Célula corrigida: {field} de {code}.").format(field=column.label, code=self._row_label(row))
            )
        field_type = column.field.type
        old_value = store_columns.from_sql(field_type, row.raw(column.name))
        if codec.to_wire(field_type, old_value) == codec.to_wire(field_type, new_value):
            self._emit_row_changed(index.row())
            return True

        title = self.tr("Alterar {field} de {code}").format(field=column.label, code=self._row_label(row))
        self._store_failure = None
        self.undo_stack.push(_CellEditCommand(self, row.row_id, column.name, old_value, new_value, title))
        if self._store_failure is not None:
            # The store could not be written: the cell keeps the typed text, marked, for another try.
            self._rejected_input[key] = (text, self._store_failure)
            self._marks_version += 1
            self._emit_row_changed(index.row())
            return False
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self._columns):
            return
        self._sort_column = column
        self._sort_order = order
        self.reload(data_changed=False)

    # --- public helpers ----------------------------------------------------

    def set_filter_text(self, text: str) -> None:
        """Show only rows where a filter column (plan items: code, title, responsible) contains ``text``.

        The match ignores case for ASCII letters only, as SQLite's LIKE does.
        """
        text = text.strip()
        if text == self._filter_text:
            return
        self._filter_text = text
        # A collapsed group would hide the rows the filter is looking for.
        self._collapsed.clear()
        self.reload(data_changed=False)

    @property
    def filter_text(self) -> str:
        return self._filter_text

    def set_grouping(self, name: str | None) -> None:
        """Group the rows by the definition's grouping ``name``, or ungroup with None (or an unknown name)."""
        grouping = self.definition.grouping(name)
        if grouping == self._grouping:
            return
        self._grouping = grouping
        self._collapsed.clear()
        self.reload(data_changed=False)

    @property
    def grouping(self) -> str | None:
        return None if self._grouping is None else self._grouping.name

    def is_group_header(self, position: int) -> bool:
        return bool(self._group_rows) and self._ids[position] in self._group_rows

    def group_header_positions(self) -> list[int]:
        """Return the positions of the group header rows, top to bottom (empty when not grouped)."""
        return list(self._header_positions)

    def group_header_positions_between(self, top: int, bottom: int) -> list[int]:
        """Return the positions of the group header rows from ``top`` to ``bottom`` (inclusive)."""
        start = bisect.bisect_left(self._header_positions, top)
        end = bisect.bisect_right(self._header_positions, bottom)
        return self._header_positions[start:end]

    def group_sums(self, position: int) -> dict[int, Decimal]:
        """Return the money subtotals of the group header at ``position`` by column number (empty for a data row)."""
        header = self._group_rows.get(self._ids[position]) if self._group_rows else None
        return header.sums if header is not None else {}

    def filtered_row_count(self) -> int:
        """Return the data rows the filter shows, counting the rows of collapsed groups."""
        if not self._group_rows:
            return self._row_count
        return sum(header.count for header in self._group_rows.values())

    @property
    def has_collapsed_groups(self) -> bool:
        return bool(self._collapsed) and bool(self._group_rows)

    def is_group_collapsed(self, position: int) -> bool:
        """Return whether the group header at ``position`` hides its group's rows."""
        header = self._group_rows.get(self._ids[position]) if self._group_rows else None
        return header is not None and header.key in self._collapsed

    def toggle_group(self, position: int) -> int | None:
        """Collapse or expand the group whose header is at ``position``; return the header's new position.

        Returns None, changing nothing, when ``position`` is not a group header.
        """
        header = self._group_rows.get(self._ids[position]) if self._group_rows else None
        if header is None:
            return None
        self._collapsed.symmetric_difference_update({header.key})
        self.reload(data_changed=False)
        return self._header_position_of(header.key)

    def set_groups_collapsed(self, collapsed: bool) -> None:
        """Collapse every group to its header row, or expand them all."""
        if not self._group_rows:
            return
        self._collapsed = {header.key for header in self._group_rows.values()} if collapsed else set()
        self.reload(data_changed=False)

    def _header_position_of(self, key: Any) -> int | None:
        for position in self._header_positions:
            if self._group_rows[self._ids[position]].key == key:
                return position
        return None

    def group_header(self, position: int) -> GroupSubtotals | None:
        """Return the name, row count and money subtotals of the group header at ``position``, else None."""
        header = self._group_rows.get(self._ids[position]) if self._group_rows else None
        if header is None:
            return None
        return GroupSubtotals(header.label, header.count, dict(header.sums))

    def data_positions(self, top: int, count: int) -> list[int]:
        """Return up to ``count`` positions of data rows from ``top`` down, skipping group headers."""
        positions = []
        position = max(top, 0)
        while len(positions) < count and position < self._row_count:
            if not self.is_group_header(position):
                positions.append(position)
            position += 1
        return positions

    def data_row_count(self, top: int, bottom: int) -> int:
        """Return how many data rows (not group headers) lie at positions ``top``..``bottom`` (inclusive)."""
        headers = bisect.bisect_right(self._header_positions, bottom) - bisect.bisect_left(self._header_positions, top)
        return bottom - top + 1 - headers

    def row_id(self, position: int) -> uuid.UUID:
        """Return the id of the row at ``position``; raises ValueError on a group header."""
        return uuid.UUID(self._ids_up_to(position + 1)[position])

    def row_ids_between(self, top: int, bottom: int) -> list[str]:
        """Return the id text of the data rows at positions ``top``..``bottom`` (inclusive)."""
        ids = self._ids_up_to(bottom + 1)[top : bottom + 1]
        if self._group_rows:
            return [row_id for row_id in ids if row_id not in self._group_rows]
        return ids

    def store_connection(self) -> sqlite3.Connection:
        """Return the local store's connection, for read-only aggregates over the sheet's rows."""
        return self._store.connection

    def position_of(self, row_id: str | uuid.UUID) -> int | None:
        return self._position_map().get(str(row_id))

    def _position_map(self) -> dict[str, int]:
        if self._positions is None:
            self.complete_ids()
            self._positions = {value: position for position, value in enumerate(self._ids)}
        return self._positions

    def column_of(self, field_name: str) -> int:
        return self._column_index[field_name]

    def write_value(self, row_id: str, field_name: str, value: Any, expected: Any = _ANY_VALUE) -> bool:
        """Write one field (an undo step) and refresh its row; returns whether it was written.

        With ``expected``, the field must still have that value: an undo or redo after a sync brought
        someone else's newer value would otherwise overwrite it without a conflict.
        """
        if expected is not _ANY_VALUE and (row_id, field_name) in self._conflicts:
            # Undoing it would queue a second change of the cell, contradicting the one in conflict.
            self.edit_rejected.emit(
                self.tr(
                    "A célula está em conflito com o servidor: resolva o conflito em Sincronização › "
                    "Pendências de sincronização; desfazer ou refazer não foi aplicado."
                )
            )
            return False
        if expected is not _ANY_VALUE and self._changed_cells({(row_id, field_name): expected}):
            self.edit_rejected.emit(
                self.tr(
                    "A célula mudou depois desta alteração, numa sincronização ou noutra edição: desfazer ou "
                    "refazer não foi aplicado, para não apagar a mudança."
                )
            )
            return False
        position = self.position_of(row_id)
        old_value: Any = None
        if position is not None:
            row = self._row(position)
            denial = self._denials(row)[self._column_index[field_name]] if field_name in self._column_index else None
            if denial is not None:
                self.edit_rejected.emit(denial)
                return False
            old_value = store_columns.from_sql(self._entity.field(field_name).type, row.raw(field_name))
        try:
            mutation_ids = self._store.write_edits([CellEdit(self._entity.name, uuid.UUID(row_id), field_name, value)])
        except KeyError:
            log.warning("Edit of %s %s skipped: the row is no longer in the local store", self._entity.name, row_id)
            self.edit_rejected.emit(self.tr("O item não existe mais nesta cópia local: sincronize e tente de novo."))
            return False
        except sqlite3.Error as exc:
            log.warning("Edit of %s %s field %s not written: %s", self._entity.name, row_id, field_name, exc)
            self._store_failure = write_failure_message(exc, self._store.path)
            self.edit_rejected.emit(self._store_failure)
            return False
        if mutation_ids:
            self._pending.add((row_id, field_name))
            self._rejected_by_server.pop((row_id, field_name), None)
            self._marks_version += 1
        log.debug("%s %s field %s written (%d outbox entries)", self._entity.name, row_id, field_name, len(mutation_ids))

        refreshed = self._refresh_row(row_id)
        if refreshed is not None:
            self._emit_row_changed(refreshed)
        self._after_write([row_id], {field_name})
        self._adjust_group_subtotals({(row_id, field_name): old_value}, {(row_id, field_name): value})
        self.edits_written.emit(len(mutation_ids))
        return True

    def _changed_cells(self, expected: dict[tuple[str, str], Any]) -> set[tuple[str, str]]:
        """Return the (row id, field) keys whose stored value is no longer the ``expected`` Python value.

        Only the fields in question are read, and values are compared in their
        SQLite form, as ``_plan_value`` does: undoing a 200,000-cell paste spent
        10 s decoding whole rows here.
        """
        fields_by_row: dict[str, list[str]] = {}
        for row_id, field_name in expected:
            fields_by_row.setdefault(row_id, []).append(field_name)
        names = sorted({field_name for _row_id, field_name in expected})
        types = {name: self._entity.field(name).type for name in names}
        selected = ", ".join(f'"{name}"' for name in names)
        conversions = _Conversions()
        row_ids = list(fields_by_row)
        changed: set[tuple[str, str]] = set()
        for start in range(0, len(row_ids), BLOCK_SIZE):
            batch = row_ids[start : start + BLOCK_SIZE]
            cursor = self._store.connection.execute(
                f'SELECT id, {selected} FROM "{self._entity.name}" WHERE id IN (SELECT value FROM json_each(?))',
                (json.dumps(batch),),
            )
            found = {record[0]: dict(zip(names, record[1:])) for record in cursor}
            for row_id in batch:
                stored = found.get(row_id)
                for field_name in fields_by_row[row_id]:
                    current = None if stored is None else stored[field_name]
                    if conversions.to_sql(types[field_name], expected[(row_id, field_name)]) != current:
                        changed.add((row_id, field_name))
        return changed

    def cell_text(self, position: int, column_number: int) -> str:
        """Return the text a cell shows: a refused text while it is marked, else the stored value's."""
        row = self._row(position)
        refused = self._rejected_input.get((row.row_id, self._columns[column_number].name))
        if refused is not None:
            return refused[0]
        return self._display_text(row, column_number)

    def filled_block_edge(self, position: int, column_number: int, step: int) -> int:
        """Return the row Ctrl+Up (``step`` -1) or Ctrl+Down (+1) moves to from ``position``, as in Excel.

        From a filled cell whose neighbour is filled too, it is the last filled
        cell before an empty one. Otherwise it is the next filled cell, or the
        first or last row when none follows. Group header rows count as empty,
        so a jump stops at the end of a group.
        """
        if self._row_count == 0:
            return position
        ids = self._ids_up_to(self._row_count)
        empty = self._empty_row_ids(column_number)
        group_rows = self._group_rows
        filled = [row_id not in empty and row_id not in group_rows for row_id in ids]
        return filled_edge(filled, position, step)

    def _empty_row_ids(self, column_number: int) -> set[str]:
        """Return the ids of the shown rows whose field in ``column_number`` is empty (NULL or blank text)."""
        rows_sql = self.shown_rows_sql()
        if rows_sql is None:
            return set()
        where, params = rows_sql
        name = self._columns[column_number].name
        rows = self._store.connection.execute(
            f'SELECT p.id FROM "{self._entity.name}" p WHERE ({where}) AND (p."{name}" IS NULL OR p."{name}" = \'\')',
            params,
        )
        return {row_id for (row_id,) in rows}

    def row_texts(self, position: int) -> list[str]:
        """Return the display text of every column of one row (cached with the row)."""
        row = self._row(position)
        texts = self._display(row)
        if self._rejected_input:
            texts = list(texts)
            for number, column in enumerate(self._columns):
                refused = self._rejected_input.get((row.row_id, column.name))
                if refused is not None:
                    texts[number] = refused[0]
        return texts

    def block_texts(self, positions: Sequence[int], column_numbers: Sequence[int]) -> list[list[str]]:
        """Return the shown texts of ``column_numbers`` for each row position, as ``row_texts`` gives them.

        For copying large blocks: rows are read in blocks that do not enter the
        row cache, and each distinct stored value of a column is formatted once.
        Copying all 100,000 rows of the plan took about 6 s row by row.
        """
        columns = [self._columns[number] for number in column_numbers]
        value_indexes = [
            self._unit_name_index if column.kind is ColumnKind.UNIT else self._column_record_index[number]
            for number, column in zip(column_numbers, columns, strict=True)
        ]
        cached: list[dict[Any, str]] = [{} for _ in columns]
        rejected = self._rejected_texts_by_row(column_numbers) if self._rejected_input else {}
        ids = self._ids_up_to(max(positions) + 1) if positions else []
        group_rows = self._group_rows
        texts: list[list[str]] = []
        for start in range(0, len(positions), BLOCK_SIZE):
            chunk = positions[start : start + BLOCK_SIZE]
            plain = [ids[position] for position in chunk if not group_rows or ids[position] not in group_rows]
            rows = iter(self._read_rows_uncached(plain))
            for position in chunk:
                if group_rows and ids[position] in group_rows:
                    header_texts = self.row_texts(position)
                    texts.append([header_texts[number] for number in column_numbers])
                    continue
                record = next(rows).record
                line = []
                for slot, column in enumerate(columns):
                    value = record[value_indexes[slot]]
                    known = cached[slot].get(value)
                    if known is None:
                        if column.kind is ColumnKind.UNIT:
                            known = display_text(column, None, unit_name=value)
                        else:
                            known = display_text(column, value)
                        cached[slot][value] = known
                    line.append(known)
                overlay = rejected.get(record[0])
                if overlay:
                    line = [overlay.get(number, text) for number, text in zip(column_numbers, line, strict=True)]
                texts.append(line)
        return texts

    def marked_cells(self, top: int, bottom: int, column_numbers: Iterable[int]) -> list[tuple[int, int, str]]:
        """Return (row position, column, state) of the conflicted, refused and pending cells in an area.

        The area is rows ``top``..``bottom`` (inclusive) of ``column_numbers``;
        the state is what ``CELL_STATE_ROLE`` returns.
        """
        if not self._has_cell_marks():
            return []
        names = [(number, self._columns[number].name) for number in column_numbers]
        marked = []
        ids = self._ids_up_to(bottom + 1)
        for position in range(max(top, 0), min(bottom, self._row_count - 1) + 1):
            row_id = ids[position]
            for number, name in names:
                state = self._cell_state(row_id, name)
                if state is not None:
                    marked.append((position, number, state))
        return marked

    def cell_denial(self, position: int, column_number: int) -> str | None:
        """Return the pt-BR reason why the user may not edit the cell, or None when they may."""
        return self._denials(self._row(position))[column_number]

    def cell_value(self, position: int, column_number: int) -> Any:
        """Return the stored Python value of a cell (Decimal, date, code text or None)."""
        column = self._columns[column_number]
        return store_columns.from_sql(column.field.type, self._row(position).raw(column.name))

    def apply_texts(
        self, cells: Iterable[tuple[int, int, str]], title: str, *, clearing: bool = False
    ) -> BulkEditResult:
        """Parse and write many (row position, column, text) cells as one undo step and one transaction.

        Read-only cells are skipped and counted. Text that does not parse
        marks its cell as refused, keeping the text and the reason, and the
        valid cells are still written. With ``clearing``, required fields are
        left as they are and counted instead of marked.
        """
        result = BulkEditResult()
        planned = _PlannedEdit()
        conversions = _Conversions()
        # Pasted columns often repeat values (a natureza, a fonte, a status). So each text is parsed,
        # converted to its SQLite form and checked once per column and set of row facts (plan items:
        # the multi-year flag).
        prepared: dict[tuple[Any, ...], tuple[Any, Any, str | None]] = {}  # value, SQLite form, error
        columns = self._columns
        names = [column.name for column in columns]
        field_types = [column.field.type for column in columns]
        record_index = self._column_record_index
        rejected = self._rejected_input
        # A fresh plan, so its old values are recorded straight into the dict keep_old fills.
        old_stored = planned.old_stored
        new_values = planned.new_values
        unchanged = 0
        row_position = -1
        row: SheetRow | None = None
        row_id = ""
        denials: list[str | None] = []
        facts: tuple[Any, ...] = ()
        for position, column_number, text in cells:
            if position != row_position:
                row = self._row(position)
                row_position = position
                if not row.is_header:
                    row_id = row.row_id
                    denials = row.denials if row.denials is not None else self._denials(row)
                    facts = self._value_facts(row)
            assert row is not None
            if row.is_header:
                continue
            if denials[column_number] is not None:
                result.read_only += 1
                continue
            key = (row_id, names[column_number])
            field_type = field_types[column_number]
            prepared_key = (column_number, text, facts)
            entry = prepared.get(prepared_key)
            if entry is None:
                entry = self._prepare_text(columns[column_number], text, conversions)
                if entry[2] is None:
                    entry = (entry[0], entry[1], self._field_error(row, columns[column_number], entry[0]))
                # A decoded JSON value is mutable, and a code's error depends on the row: one entry per cell.
                if field_type is not FieldType.JSON and names[column_number] != "code":
                    prepared[prepared_key] = entry
            value, sql_form, error = entry
            if error is not None:
                if clearing and columns[column_number].field.required:
                    result.required += 1
                    continue
                result.refused += 1
                if result.first_refusal is None:
                    result.first_refusal = error
                planned.marks[key] = (text, error)
                continue

            # The _plan_value steps, inline because a paste runs them for up to 100,000 cells.
            if rejected and key in rejected:
                planned.cleared_marks[key] = rejected[key]
            old_raw = row.record[record_index[column_number]]
            if sql_form == old_raw:
                unchanged += 1
                continue
            old_stored[key] = (field_type, old_raw)
            new_values[key] = value

        result.unchanged += unchanged
        result.changed += len(new_values)
        self._push_bulk(planned, title)
        result.outbox_entries = planned.outbox_entries
        return self._unless_store_failed(result)

    @staticmethod
    def _prepare_text(column: SheetColumn, text: str, conversions: _Conversions) -> tuple[Any, Any, str | None]:
        """Return (value, SQLite form, None) of a typed text, or (None, None, the pt-BR error)."""
        try:
            value = parse_input(column, text)
        except DomainValueError as exc:
            return None, None, exc.message
        return value, conversions.to_sql(column.field.type, value), None

    def apply_values(self, cells: Iterable[tuple[int, int, Any]], title: str) -> BulkEditResult:
        """Write many (row position, column, Python value) cells, as a fill does, in one undo step."""
        result = BulkEditResult()
        planned = _PlannedEdit()
        conversions = _Conversions()
        for position, column_number, value in cells:
            row = self._row(position)
            if row.is_header:
                continue
            column = self._columns[column_number]
            if self._denials(row)[column_number] is not None:
                result.read_only += 1
                continue
            if value is None and column.field.required:
                result.required += 1
                continue
            self._plan_value(planned, result, row, column_number, value, conversions)

        self._push_bulk(planned, title)
        result.outbox_entries = planned.outbox_entries
        return self._unless_store_failed(result)

    def _unless_store_failed(self, result: BulkEditResult) -> BulkEditResult:
        """Return ``result``, or an empty one carrying the reason when the store wrote nothing of the edit."""
        if self._store_failure is None:
            return result
        return BulkEditResult(store_failure=self._store_failure)

    def _plan_value(
        self,
        planned: _PlannedEdit,
        result: BulkEditResult,
        row: SheetRow,
        column_number: int,
        value: Any,
        conversions: _Conversions,
    ) -> None:
        column = self._columns[column_number]
        key = (row.row_id, column.name)
        field_type = column.field.type
        if self._rejected_input and key in self._rejected_input:
            planned.cleared_marks[key] = self._rejected_input[key]
        # Comparing SQLite forms is cheaper than two wire conversions and agrees with them.
        old_raw = row.record[self._column_record_index[column_number]]
        if conversions.to_sql(field_type, value) == old_raw:
            result.unchanged += 1
            return
        result.changed += 1
        planned.keep_old(key, field_type, old_raw)
        planned.new_values[key] = value

    def _push_bulk(self, planned: _PlannedEdit, title: str) -> None:
        """Push the undo step of ``planned``; a ``{count}`` in ``title`` becomes the cells it writes or marks."""
        if not (planned.new_values or planned.marks or planned.cleared_marks):
            return
        if "{count}" in title:
            title = title.format(count=format_decimal(Decimal(len(planned.new_values) + len(planned.marks))))
        self._store_failure = None
        self.undo_stack.push(_BulkEditCommand(self, planned, title))

    def _write_cells(self, values: dict[tuple[str, str], Any]) -> int | None:
        """Write cell values in one transaction; return the outbox entries written, or None on failure."""
        if not values:
            return 0
        try:
            mutation_ids = self._store.write_cell_values_bulk(self._entity.name, values)
        except KeyError:
            log.warning(
                "Bulk edit of %d %s cells skipped: a row is no longer in the local store", len(values), self._entity.name
            )
            self.edit_rejected.emit(
                self.tr("Um dos itens não existe mais nesta cópia local: sincronize e tente de novo.")
            )
            return None
        except sqlite3.Error as exc:
            log.warning("Bulk edit of %d %s cells not written: %s", len(values), self._entity.name, exc)
            self._store_failure = write_failure_message(exc, self._store.path)
            self.edit_rejected.emit(self._store_failure)
            return None
        self._pending.update(values)
        if self._rejected_by_server:
            for key in values:
                self._rejected_by_server.pop(key, None)
        self._marks_version += 1
        log.debug("%d %s cells written (%d outbox entries)", len(values), self._entity.name, len(mutation_ids))
        self.edits_written.emit(len(mutation_ids))
        return len(mutation_ids)

    def _set_marks(self, marks: dict[tuple[str, str], tuple[str, str]], removed: Iterable[tuple[str, str]]) -> None:
        for key in removed:
            self._rejected_input.pop(key, None)
        self._rejected_input.update(marks)
        self._marks_version += 1

    def _refresh_cells(self, planned: _PlannedEdit) -> None:
        """Drop the cached blocks of the touched rows and emit one dataChanged over their bounding area.

        Positions are looked up now, not when the edit was planned, because a
        sort, filter or sync may have moved the rows since.
        """
        rows: set[str] = set()
        fields: set[str] = set()
        for cells in planned.touched_groups():
            rows.update({row_id for row_id, _field_name in cells})
            fields.update({field_name for _row_id, field_name in cells})
        positions = self._position_map()
        shown = [position for position in map(positions.get, rows) if position is not None]
        if not shown:
            return
        top, bottom = min(shown), max(shown)
        column_numbers = [self._column_index[field_name] for field_name in fields]
        left, right = min(column_numbers), max(column_numbers)
        for block_number in range(top // BLOCK_SIZE, bottom // BLOCK_SIZE + 1):
            self._blocks.pop(block_number, None)
        self.dataChanged.emit(self.index(top, left), self.index(bottom, right))
        self._after_write(rows, fields)

    # --- derived, cached per row ---------------------------------------------

    def _display(self, row: SheetRow) -> list[str]:
        """Return the display text of every column of ``row``, filling the ones not made yet."""
        for column_number in range(len(self._columns)):
            self._display_text(row, column_number)
        return row.display  # type: ignore[return-value]

    def _display_text(self, row: SheetRow, column_number: int) -> str:
        # Made per cell on first use: a page shows about 16 of the 39 columns.
        texts = row.display
        if texts is None:
            texts = row.display = [None] * len(self._columns)  # type: ignore[list-item]
        text = texts[column_number]
        if text is None:
            column = self._columns[column_number]
            text = texts[column_number] = display_text(
                column, row.record[self._column_record_index[column_number]], row.record[self._unit_name_index]
            )
        return text

    def _denials(self, row: SheetRow) -> list[str | None]:
        if row.denials is None:
            # Denials depend only on the row's situation, so rows share one list per situation.
            situation = self._situation(row)
            denials = self._denials_by_situation.get(situation)
            if denials is None:
                denials = [self._column_denial(column, situation) for column in self._columns]
                if self._grouping is not None:
                    self._deny_grouping_fields(denials)
                self._denials_by_situation[situation] = denials
                self._flags_by_situation[situation] = [
                    _READ_ONLY_FLAGS if denial is not None else _EDITABLE_FLAGS for denial in denials
                ]
            row.denials = denials
            row.flags = self._flags_by_situation[situation]
        return row.denials

    def _deny_grouping_fields(self, denials: list[str | None]) -> None:
        """Make the fields that decide a row's group read-only while the sheet is grouped by them."""
        assert self._grouping is not None
        reason = self.tr('A planilha está agrupada por {grouping}: escolha "Agrupar por: nenhum" para alterar este campo.')
        for number, column in enumerate(self._columns):
            if denials[number] is None and column.name in self._grouping.fields:
                denials[number] = reason.format(grouping=self._grouping.shown_label)

    def _issues(self, row: SheetRow) -> dict[str, list[Issue]]:
        if row.issues is None:
            by_field: dict[str, list[Issue]] = {}
            first_field = self._columns[0].name
            for issue in self._row_issues(row):
                # Issues about fields the sheet does not show (multi-year, targets) go on the first column.
                field_name = issue.field if issue.field in self._column_index else first_field
                by_field.setdefault(field_name, []).append(issue)
            row.issues = by_field
        return row.issues

    def _cell_issues(self, row: SheetRow, column: SheetColumn) -> list[Issue]:
        return self._issues(row).get(column.name, [])

    def _has_cell_marks(self) -> bool:
        return bool(
            self._pending or self._pending_inserts or self._conflicts or self._rejected_input or self._rejected_by_server
        )

    def _cell_state(self, row_id: str, field_name: str) -> str | None:
        key = (row_id, field_name)
        if key in self._conflicts:
            return "conflict"
        if key in self._rejected_input or key in self._rejected_by_server:
            return "rejected"
        if key in self._pending or row_id in self._pending_inserts:
            return "pending"
        return None

    def _background(self, row: SheetRow, column_number: int) -> QBrush | None:
        if self._has_cell_marks():
            state = self._cell_state(row.row_id, self._columns[column_number].name)
            if state is not None:
                return _STATE_BRUSHES[state]
        if self._denials(row)[column_number] is not None:
            return _HEADER_BRUSH if row.is_header else _READ_ONLY_BRUSH
        return None

    def _background_with_issues(self, row: SheetRow, column_number: int) -> QBrush | None:
        """Return the background of a sheet that tints cells with validation issues."""
        if self._cell_issues(row, self._columns[column_number]):
            state = None
            if self._has_cell_marks():
                state = self._cell_state(row.row_id, self._columns[column_number].name)
            # A validation mark outweighs the pending tint; the corner marker still shows pending.
            return _ISSUE_BRUSH if state is None or state == "pending" else _STATE_BRUSHES[state]
        return self._background(row, column_number)

    def _tooltip(self, row: SheetRow, column_number: int) -> str:
        column = self._columns[column_number]
        key = (row.row_id, column.name)
        lines: list[str] = []
        if isinstance(row, _GroupRow):
            lines.append(row.display[0] or "")  # type: ignore[index]
        elif column.kind is ColumnKind.UNIT and row.record[self._layout.unit_name_index]:
            lines.append(row.record[self._layout.unit_name_index])
        elif column.name == "title" and row.raw("title"):
            lines.append(row.raw("title"))

        state = self._cell_state(*key)
        if state == "conflict":
            lines.append(self.tr("● Conflito com o servidor: esta alteração e a do servidor diferem e precisam ser resolvidas."))
        elif state == "pending":
            lines.append(self.tr("● Alteração pendente de sincronização"))
        elif key in self._rejected_by_server:
            lines.append(self.tr("● Alteração recusada pelo servidor: {reason}").format(reason=self._rejected_by_server[key]))
            lines.append(
                self.tr("Descarte-a ou refaça-a em Sincronização › Pendências de sincronização.")
            )
        if key in self._rejected_input:
            lines.append(self.tr("Valor recusado, não gravado: {reason}").format(reason=self._rejected_input[key][1]))
            lines.append(self.tr("Valor gravado: {value}").format(value=self._display_text(row, column_number) or "—"))
        for issue in self._cell_issues(row, column):
            prefix = self.tr("Erro") if issue.severity == "error" else self.tr("Aviso")
            lines.append(f"{prefix}: {issue.message}")

        denial = self._denials(row)[column_number]
        if denial is not None:
            lines.append(self.tr("Somente leitura: {reason}").format(reason=denial))
        return "\n".join(lines)

    def _reject_input(
        self, index: QModelIndex | QPersistentModelIndex, key: tuple[str, str], text: str, message: str
    ) -> None:
        self._rejected_input[key] = (text, message)
        self._marks_version += 1
        self._emit_row_changed(index.row())
        self.edit_rejected.emit(message)

    def _emit_row_changed(self, position: int) -> None:
        self.dataChanged.emit(self.index(position, 0), self.index(position, len(self._columns) - 1))

    # --- find ----------------------------------------------------------------------

    def matching_cells(
        self,
        positions: range,
        column_numbers: Sequence[int],
        matches: Callable[[str], object],
        value_columns: Collection[int] | None = None,
    ) -> Iterator[tuple[int, int, str]]:
        """Yield (row position, column, shown text) of each cell in ``positions`` whose text ``matches`` accepts.

        Cells come row by row in the order of ``positions`` (its step may be
        -1), and within a row in the order of ``column_numbers``. Group header
        rows are skipped. The texts are those ``cell_text`` returns, but each
        distinct stored value of a column is formatted and matched once. Rows
        are read in blocks that do not enter the row cache, so a search through
        every row keeps the rows on screen cached. Consume the iterator before
        the model changes.

        ``value_columns`` (default: all of ``column_numbers``) are the columns
        whose stored values may match. In the other columns only cells that
        show a rejected text are matched.
        """
        if not positions:
            return
        searched = list(column_numbers)
        # Per searched column, the record index of the value its cells show, or None when its values cannot match.
        value_indexes: list[int | None] = []
        for number in searched:
            if value_columns is not None and number not in value_columns:
                value_indexes.append(None)
            elif self._columns[number].kind is ColumnKind.UNIT:
                value_indexes.append(self._unit_name_index)
            else:
                value_indexes.append(self._column_record_index[number])
        # Per searched column: stored value -> its shown text when ``matches`` accepts it, else None.
        verdicts: list[dict[Any, str | None]] = [{} for _ in searched]
        rejected_texts = self._rejected_texts_by_row(searched)
        ids = self._ids_up_to(max(positions[0], positions[-1]) + 1)
        group_rows = self._group_rows

        for chunk_start in range(0, len(positions), BLOCK_SIZE):
            chunk = [
                position
                for position in positions[chunk_start : chunk_start + BLOCK_SIZE]
                if not group_rows or ids[position] not in group_rows
            ]
            rows = self._read_rows_uncached([ids[position] for position in chunk])
            hit_slots = self._match_stored_values(rows, searched, value_indexes, verdicts, matches)
            if not hit_slots and not rejected_texts:
                continue

            for position, row in zip(chunk, rows, strict=True):
                rejected = rejected_texts.get(row.row_id)
                for slot in hit_slots if rejected is None else range(len(searched)):
                    number = searched[slot]
                    index = value_indexes[slot]
                    if rejected is not None and number in rejected:
                        text: str | None = rejected[number] if matches(rejected[number]) else None
                    elif index is None:
                        text = None
                    else:
                        text = verdicts[slot].get(row.record[index])
                    if text is not None:
                        yield position, number, text

    def _match_stored_values(
        self,
        rows: list[SheetRow],
        column_numbers: list[int],
        value_indexes: list[int | None],
        verdicts: list[dict[Any, str | None]],
        matches: Callable[[str], object],
    ) -> list[int]:
        """Match each new distinct value of each column of ``rows`` into ``verdicts`` and return the slots with a match."""
        hit_slots = []
        for slot, number in enumerate(column_numbers):
            index = value_indexes[slot]
            if index is None:
                continue
            column = self._columns[number]
            seen = verdicts[slot]
            found = False
            for value in {row.record[index] for row in rows}:
                if value not in seen:
                    if column.kind is ColumnKind.UNIT:
                        text = display_text(column, None, unit_name=value)
                    else:
                        text = display_text(column, value)
                    seen[value] = text if matches(text) else None
                found = found or seen[value] is not None
            if found:
                hit_slots.append(slot)
        return hit_slots

    def _rejected_texts_by_row(self, column_numbers: Sequence[int]) -> dict[str, dict[int, str]]:
        """Return row id -> column -> the rejected text a cell shows in place of its stored value."""
        numbers = {self._columns[number].name: number for number in column_numbers}
        by_row: dict[str, dict[int, str]] = {}
        for (row_id, field_name), (text, _reason) in self._rejected_input.items():
            if field_name in numbers:
                by_row.setdefault(row_id, {})[numbers[field_name]] = text
        return by_row

    def _read_rows_uncached(self, row_ids: list[str]) -> list[SheetRow]:
        """Read the rows of ``row_ids`` from the store, in that order, without adding them to the row cache."""
        if not row_ids:
            return []
        placeholders = ", ".join("?" for _ in row_ids)
        cursor = self._store.connection.execute(
            f"SELECT {self._layout.select_columns} {self._layout.from_sql} WHERE p.id IN ({placeholders})", row_ids
        )
        by_id = {record[0]: record for record in cursor}
        empty = self._layout.empty_record[1:]
        # A row deleted since the ids were read (a sync in between) shows empty until the next reload.
        records = [by_id.get(row_id) or (row_id, *empty) for row_id in row_ids]
        return self._sheet_rows(records)


def filled_edge(filled: Sequence[bool], start: int, step: int) -> int:
    """Return where Excel's Ctrl+arrow stops from ``start`` moving by ``step`` over cells that are ``filled`` or not.

    From a filled cell whose neighbour is filled, it stops on the last filled
    cell of the block. Otherwise it stops on the next filled cell, or on the
    line's last cell when none follows.
    """
    last = len(filled) - 1
    following = start + step
    if not 0 <= following <= last:
        return start
    if filled[start] and filled[following]:
        while 0 <= following + step <= last and filled[following + step]:
            following += step
        return following
    while not filled[following] and 0 <= following + step <= last:
        following += step
    return following


def _order_sql(definition: SheetDefinition, column_number: int, descending: bool) -> str:
    """Return the ORDER BY terms of a sort by ``column_number``, empty values last, ending in the tiebreak.

    A required column has no empty values to move, so its terms can follow
    an index (plan items by code: ``plan_item_plan_code``) with no sort step.
    """
    column = definition.columns[column_number]
    direction = "DESC" if descending else "ASC"
    by_unit_name = column.kind is ColumnKind.UNIT
    expression = "u.name" if by_unit_name else f"p.{column.name}"
    if column.kind is ColumnKind.CHOICE and column.choices:
        # A closed list sorts in its own order (Baixa, Média, Alta), not by its codes' spelling.
        cases = " ".join(f"WHEN '{code}' THEN {rank}" for rank, code in enumerate(column.choices))
        expression = f"CASE {expression} {cases} END"
    terms = [] if column.field.required and not by_unit_name else [f"{expression} IS NULL"]
    terms.append(f"{expression} {direction}")
    terms.extend(term for term in definition.tiebreak_sql.split(", ") if term != expression)
    return ", ".join(terms)


def _ids_sql(definition: SheetDefinition, where: str, order: str) -> tuple[str, str, str]:
    """Return the queries of the shown ids in order, of their count, and of the first FIRST_IDS of them."""
    # The unit join is needed only to sort by the unit's name.
    entity_name = definition.entity.name
    source = RecordLayout(definition.entity).from_sql if "u.name" in order else f'FROM "{entity_name}" p'
    sql = f"SELECT p.id {source} WHERE {where} ORDER BY {order}"
    return sql, count_rows_sql(entity_name, where), f"{sql} LIMIT {FIRST_IDS}"


class PlanSheetModel(SheetModel):
    """The plan items of ``services.plan_id()`` as an editable table.

    Initiatives with tasks show the progress rolled up from them. Edit
    permissions follow the domain's rules for the user's profile, scope and
    the item's approval state.
    """

    def __init__(self, services: AppServices, parent: Any = None, definition: SheetDefinition = PLAN_SHEET) -> None:
        self._plan_year = services.settings.plan_year
        self._sei_format = services.settings.sei_format
        super().__init__(services, definition, parent)

    def base_rows_sql(self) -> tuple[str, list[Any]] | None:
        plan_id = self._services.plan_id()
        if plan_id is None:
            return None
        return PLAN_ITEMS_WHERE, [str(plan_id)]

    def _situation(self, row: SheetRow) -> tuple[Any, ...]:
        in_scope = self._row_in_scope(row)
        is_own_task = in_scope and row.raw("kind") == ItemKind.TAREFA.value
        return (in_scope, is_own_task, row.raw("approval_state"), row.has_tasks)

    def _column_denial(self, column: SheetColumn, situation: tuple[Any, ...]) -> str | None:
        in_scope, is_own_task, approval_state, has_tasks = situation
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
        if denial is None and has_tasks and column.name == "progress":
            return derived_progress_reason()
        if denial is None and column.kind is ColumnKind.UNIT:
            # NOTE: moving an item to another unit changes who receives it; the sheet has no unit picker yet.
            return self.tr("A unidade do item não é alterada pela planilha.")
        return denial

    def _row_issues(self, row: SheetRow) -> list[Issue]:
        if row.raw("plan_id") is None:
            return []  # a row deleted since the ids were read
        return validate_plan_item(row.decoded(), self._plan_year, sei_format=self._sei_format)

    def _value_facts(self, row: SheetRow) -> tuple[Any, ...]:
        return (bool(row.raw("multi_year")),)

    def _field_error(self, row: SheetRow, column: SheetColumn, value: Any) -> str | None:
        """Return the pt-BR error of ``value`` on its own (a range, a sign, a year), or None.

        Rules over several fields (months summing to the total, dates in
        order) are left out: users fix those one cell at a time, and the row
        shows them as marks. The server checks the same rules.
        """
        if column.name == "code" and value:
            duplicate = self._duplicate_code_error(row, value)
            if duplicate is not None:
                return duplicate
        multi_year = bool(row.raw("multi_year"))
        cache_key = (column.name, store_columns.to_sql(column.field.type, value), multi_year)
        if cache_key not in self._field_errors:
            candidate = {column.name: value, "multi_year": multi_year}
            message = None
            for issue in validate_plan_item(candidate, self._plan_year, sei_format=self._sei_format):
                if issue.field == column.name and issue.rule is None and issue.severity == "error":
                    message = issue.message
                    break
            self._field_errors[cache_key] = message
        return self._field_errors[cache_key]

    def _duplicate_code_error(self, row: SheetRow, code: str) -> str | None:
        """Return the pt-BR error of a code another item of the row's plan already has, or None.

        Imports and exports find items by code, so two items with one code
        would make the next re-import reject both. The server refuses it too,
        for codes given in another copy of the app meanwhile.
        """
        other = self._store.connection.execute(
            "SELECT 1 FROM plan_item WHERE plan_id = ? AND code = ? AND id <> ? LIMIT 1",
            (row.raw("plan_id"), code, row.row_id),
        ).fetchone()
        if other is None:
            return None
        return self.tr("Código '{code}' já é de outro item deste plano: use um código que nenhum item tenha.").format(
            code=code
        )

    def _row_label(self, row: SheetRow) -> str:
        return row.raw("code") or ""

    def _after_write(self, row_ids: Iterable[str], fields: set[str]) -> None:
        if fields & _ROLLUP_FIELDS:
            self._refresh_initiatives_of(row_ids)

    def _sheet_rows(self, records: list[tuple[Any, ...]]) -> list[SheetRow]:
        """Wrap fetched records, giving each initiative with tasks the progress rolled up from them.

        The roll-up is computed here from the local store, so an offline task
        edit shows at once; the server recomputes and sends the same value.
        One query per block reads the tasks of the block's initiatives.
        NOTE: sorting by progress orders initiatives by their stored value, which
        differs from the shown roll-up until a task edit is synced.
        """
        initiative_ids = [record[0] for record in records if record[_KIND_INDEX] == ItemKind.INICIATIVA.value]
        tasks: dict[str, list[dict[str, Any]]] = {}
        if initiative_ids:
            placeholders = ", ".join("?" for _ in initiative_ids)
            cursor = self._store.connection.execute(
                f"SELECT parent_id, progress, weight FROM plan_item WHERE kind = ? AND parent_id IN ({placeholders})",
                [ItemKind.TAREFA.value, *initiative_ids],
            )
            for parent_id, progress, weight in cursor:
                tasks.setdefault(parent_id, []).append(
                    {"progress": _decimal_from_sql(progress), "weight": _decimal_from_sql(weight)}
                )
        layout = self._layout
        rows = []
        for record in records:
            task_rows = tasks.get(record[0])
            if task_rows is None:
                rows.append(SheetRow(record, layout))
                continue
            progress = initiative_progress(task_rows)
            stored = None if progress is None else store_columns.to_sql(FieldType.DECIMAL, progress)
            rolled_up = (*record[:_PROGRESS_INDEX], stored, *record[_PROGRESS_INDEX + 1 :])
            rows.append(SheetRow(rolled_up, layout, has_tasks=True))
        return rows

    def _refresh_initiatives_of(self, task_ids: Iterable[str]) -> None:
        """Re-read the shown initiatives of ``task_ids`` after their progress or weight changed."""
        ids = list(task_ids)
        if not ids:
            return
        placeholders = ", ".join("?" for _ in ids)
        parent_ids = [
            parent_id
            for (parent_id,) in self._store.connection.execute(
                f"SELECT DISTINCT parent_id FROM plan_item WHERE parent_id IS NOT NULL AND id IN ({placeholders})", ids
            )
        ]
        for parent_id in parent_ids:
            position = self._refresh_row(parent_id)
            if position is not None:
                self._emit_row_changed(position)


class _Conversions:
    """SQLite forms of the values of one bulk edit, converted once per distinct value.

    A paste repeats few distinct values over many cells. Values that cannot
    be dictionary keys (JSON lists and objects) are converted every time.
    """

    def __init__(self) -> None:
        self._to_sql: dict[tuple[Any, ...], Any] = {}
        self._from_sql: dict[tuple[Any, ...], Any] = {}

    def to_sql(self, field_type: FieldType, value: Any) -> Any:
        return _converted(self._to_sql, store_columns.to_sql, field_type, value)

    def from_sql(self, field_type: FieldType, value: Any) -> Any:
        return _converted(self._from_sql, store_columns.from_sql, field_type, value)


def _converted(cache: dict[tuple[Any, ...], Any], convert: Any, field_type: FieldType, value: Any) -> Any:
    if field_type is FieldType.JSON:
        # Decoded JSON is a mutable list or dict, so each cell gets its own.
        return convert(field_type, value)
    # The type is part of the key because 1, 1.0, True and Decimal("1") are equal keys.
    key = (field_type, type(value), value)
    try:
        return cache[key]
    except KeyError:
        converted = cache[key] = convert(field_type, value)
        return converted


class _StoreStep(QUndoCommand):
    """An undo step whose redo and undo write the store; subclasses write in ``_apply`` and ``_revert``.

    A write that fails only because the store could not be written (locked,
    read-only, full) leaves the step on the stack for another try. The
    stack has already moved past it, so it steps back on the next turn of
    the event loop without writing anything. Any other failed write drops
    the step, and a first redo that fails keeps it from being pushed.
    """

    def __init__(self, model: SheetModel, title: str) -> None:
        super().__init__(title)
        self._model = model
        self._skip_next = False  # set while the stack steps back over a failed write
        self._pushed = False

    def redo(self) -> None:
        if self._skip_next:
            self._skip_next = False
            return
        self._model._store_failure = None
        if not self._apply():
            self._after_failure(undoing=False)
        self._pushed = True

    def undo(self) -> None:
        if self._skip_next:
            self._skip_next = False
            return
        self._model._store_failure = None
        if not self._revert():
            self._after_failure(undoing=True)

    def _apply(self) -> bool:
        """Write the step; return whether it was written."""
        raise NotImplementedError

    def _revert(self) -> bool:
        """Write the values from before the step; return whether they were written."""
        raise NotImplementedError

    def _after_failure(self, *, undoing: bool) -> None:
        model = self._model
        if model._store_failure is None or not self._pushed:
            self.setObsolete(True)
            return
        self._skip_next = True
        QTimer.singleShot(0, model.undo_stack.redo if undoing else model.undo_stack.undo)


class _CellEditCommand(_StoreStep):
    """One cell edit; undo writes the old value back as a new outbox entry."""

    def __init__(
        self, model: SheetModel, row_id: str, field_name: str, old_value: Any, new_value: Any, title: str
    ) -> None:
        super().__init__(model, title)
        self._row_id = row_id
        self._field_name = field_name
        self._old_value = old_value
        self._new_value = new_value

    def _apply(self) -> bool:
        return self._model.write_value(self._row_id, self._field_name, self._new_value, expected=self._old_value)

    def _revert(self) -> bool:
        return self._model.write_value(self._row_id, self._field_name, self._old_value, expected=self._new_value)


class _PlannedEdit:
    """The cells one bulk edit writes and marks, with their old values for undo."""

    def __init__(self) -> None:
        self.new_values: dict[tuple[str, str], Any] = {}
        self.marks: dict[tuple[str, str], tuple[str, str]] = {}
        self.cleared_marks: dict[tuple[str, str], tuple[str, str]] = {}
        self.outbox_entries = 0
        # Old values stay in their SQLite form until an undo or a grouped sheet needs them.
        self.old_stored: dict[tuple[str, str], tuple[FieldType, Any]] = {}
        self._old_values: dict[tuple[str, str], Any] | None = None

    def keep_old(self, key: tuple[str, str], field_type: FieldType, stored: Any) -> None:
        """Record the stored value a cell had before this edit."""
        self.old_stored[key] = (field_type, stored)
        self._old_values = None

    def old_values(self) -> dict[tuple[str, str], Any]:
        """Return the Python values the cells had before this edit, converted on first use."""
        if self._old_values is None:
            conversions = _Conversions()
            self._old_values = {
                key: conversions.from_sql(field_type, stored) for key, (field_type, stored) in self.old_stored.items()
            }
        return self._old_values

    def touched_groups(self) -> tuple[Iterable[tuple[str, str]], ...]:
        """Return the (row id, field) keys of the cells written, marked and unmarked, one collection each."""
        return self.new_values.keys(), self.marks.keys(), self.cleared_marks.keys()


class _BulkEditCommand(_StoreStep):
    """Many cell edits and refused marks as one undo step; undo writes every old value back in one transaction."""

    def __init__(self, model: SheetModel, planned: _PlannedEdit, title: str) -> None:
        super().__init__(model, title)
        self._planned = planned

    def _apply(self) -> bool:
        planned = self._planned
        written = self._model._write_cells(planned.new_values)
        if written is None:
            return False
        planned.outbox_entries = written
        self._model._set_marks(planned.marks, planned.cleared_marks)
        self._model._refresh_cells(planned)
        if self._model.grouping is not None:
            self._model._adjust_group_subtotals(planned.old_values(), planned.new_values)
        return True

    def _revert(self) -> bool:
        planned = self._planned
        old_values = planned.old_values()
        # Cells changed since this edit (by a sync or a later edit) keep their newer value, and cells in
        # conflict with the server wait for the user's choice in the sync issues.
        changed = self._model._changed_cells(planned.new_values) if planned.new_values else set()
        conflicted = {key for key in planned.new_values if key in self._model._conflicts} - changed
        if changed:
            self._model.edit_rejected.emit(
                QCoreApplication.translate(
                    "SheetModel", "{count} célula(s) mudaram depois desta alteração e não foram desfeitas."
                ).format(count=len(changed))
            )
        if conflicted:
            self._model.edit_rejected.emit(
                QCoreApplication.translate(
                    "SheetModel",
                    "{count} célula(s) em conflito com o servidor não foram desfeitas: resolva em Sincronização › "
                    "Pendências de sincronização.",
                ).format(count=len(conflicted))
            )
        skipped = changed | conflicted
        if skipped:
            old_values = {key: value for key, value in old_values.items() if key not in skipped}
            if not old_values:
                return False  # nothing left to undo: Qt drops the step
        if self._model._write_cells(old_values) is None:
            return False
        self._model._set_marks(planned.cleared_marks, planned.marks)
        self._model._refresh_cells(planned)
        if self._model.grouping is not None:
            self._model._adjust_group_subtotals(planned.new_values, planned.old_values())
        return True


def draw_warning_icon() -> QIcon:
    """Return the warning sign of cells with validation issues: an amber triangle with an exclamation mark.

    It is drawn here instead of taken from ``QStyle.standardIcon`` because
    PySide6 makes Python enums of all of QStyle's on its first use, about 8 ms
    that would fall before the sheet's first paint.
    """
    size = 32  # drawn at twice the 16-pixel cell icon, so it stays sharp on high-density screens
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#92400e"), 2))
    painter.setBrush(QColor("#fbbf24"))
    painter.drawPolygon(QPolygonF([QPointF(16, 2), QPointF(30.5, 29), QPointF(1.5, 29)]))
    mark = QPen(QColor("#1f2937"), 4)
    mark.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(mark)
    painter.drawLine(QPointF(16, 11), QPointF(16, 19))
    painter.drawPoint(QPointF(16, 24.5))
    painter.end()
    return QIcon(pixmap)


def _decimal_from_sql(value: Any) -> Any:
    return None if value is None else store_columns.from_sql(FieldType.DECIMAL, value)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
