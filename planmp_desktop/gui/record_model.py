"""A read-only table model over rows of ready-made text, for the approvals and audit lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QTableView

KEY_ROLE = Qt.ItemDataRole.UserRole + 1


class RecordTableModel(QAbstractTableModel):
    """Rows of display text, each with a key (a row id) that callers read through ``key()``.

    ``right_aligned`` names the columns holding numbers; ``tooltips`` gives
    an optional tooltip per row.
    """

    def __init__(self, headers: Sequence[str], right_aligned: Sequence[int] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = list(headers)
        self._right_aligned = frozenset(right_aligned)
        self._rows: list[Sequence[str]] = []
        self._keys: list[Any] = []
        self._tooltips: list[str | None] = []

    def set_records(
        self, rows: Sequence[Sequence[str]], keys: Sequence[Any], tooltips: Sequence[str | None] | None = None
    ) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._keys = list(keys)
        self._tooltips = list(tooltips) if tooltips is not None else [None] * len(self._rows)
        self.endResetModel()

    def key(self, position: int) -> Any:
        return self._keys[position]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self._right_aligned:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self._rows[index.row()][index.column()]
            extra = self._tooltips[index.row()]
            return "\n".join(part for part in (text, extra) if part) or None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if index.column() in self._right_aligned:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == KEY_ROLE:
            return self._keys[index.row()]
        return None


def size_columns(table: QTableView, widths: Sequence[int]) -> None:
    """Give the first columns ``widths`` pixels, or more where the column's title needs it.

    English titles are longer ("Planned amount" was cut). The theme draws titles bold, which the
    header's own font metrics do not account for, hence the margin.
    """
    header = table.horizontalHeader()
    metrics = header.fontMetrics()
    model = table.model()
    for column, width in enumerate(widths):
        title = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        header.resizeSection(column, max(width, int(metrics.horizontalAdvance(title) * 1.15) + 28))
