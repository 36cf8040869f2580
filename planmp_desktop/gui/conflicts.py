"""The "Pendências de sincronização" dialog: conflicts to resolve, rejections, edits needing attention, quarantine.

A conflict shows the base value (what this computer last saw on the server),
the local value and the server's value side by side. "Manter a minha",
"Usar a do servidor" and "Editar…" each queue a new update, which the server
audits like any other edit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.contract.schema import ENTITIES, PLAN_ITEM, FieldType
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.money import parse_decimal, parse_money
from planmp_desktop.domain.validation import validate_plan_item
from planmp_desktop.gui.sheet_columns import parse_input
from planmp_desktop.gui.sheet_definition import BUDGET_SHEET, PLAN_SHEET
from planmp_desktop.gui.wire_text import wire_text
from planmp_desktop.store.local import LocalStore
from planmp_desktop.store.quarantine import export_quarantine

log = logging.getLogger(__name__)

OPERATION_LABELS = {"insert": "inclusão", "update": "alteração", "delete": "exclusão", "command": "comando"}

# Asks the user for a value: (title, current text) -> new text, or None when cancelled.
ValueAsker = Callable[[str, str], str | None]


class SyncIssuesDialog(QDialog):
    """Lists what sync could not finish by itself and lets the user act on it.

    ``issues_changed`` is emitted after each resolution, retry or export so
    the main window refreshes its counts and the sheet.
    """

    issues_changed = Signal()

    def __init__(
        self,
        store: LocalStore,
        parent: QWidget | None = None,
        ask_value: ValueAsker | None = None,
        *,
        plan_year: int | None = None,
        sei_format: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.ask_value = ask_value or self._ask_value_dialog
        # What an edited plan-item value is checked against, as the sheet checks a typed one.
        self._plan_year = plan_year
        self._sei_format = sei_format
        self.setWindowTitle(self.tr("Pendências de sincronização"))
        self.resize(1100, 520)

        self.tabs = QTabWidget(self)
        self.conflicts_table = self._table(
            [
                self.tr("Item"),
                self.tr("Campo"),
                self.tr("Valor anterior"),
                self.tr("Minha versão"),
                self.tr("Versão do servidor"),
                self.tr("Motivo"),
            ],
            (230, 110, 110, 110, 150),
        )
        self.rejections_table = self._table(
            [self.tr("Item"), self.tr("Operação"), self.tr("Motivo"), self.tr("Depende de")]
        )
        self.attention_table = self._table(
            [self.tr("Item"), self.tr("Operação"), self.tr("Tentativas"), self.tr("Último erro")]
        )
        self.quarantine_table = self._table(
            [self.tr("Item"), self.tr("Operação"), self.tr("Campos"), self.tr("Em quarentena desde")]
        )
        self.tabs.addTab(self._conflicts_page(), self.tr("Conflitos"))
        self.tabs.addTab(self._simple_page(self.rejections_table, self._rejections_buttons()), self.tr("Recusadas"))
        self.tabs.addTab(
            self._simple_page(self.attention_table, self._attention_buttons()), self.tr("Precisam de atenção")
        )
        self.tabs.addTab(
            self._simple_page(self.quarantine_table, self._quarantine_buttons()), self.tr("Quarentena")
        )

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        self.refresh()

    # --- building --------------------------------------------------------------

    def _table(self, headers: list[str], widths: tuple[int, ...] = (260, 130, 130)) -> QTableWidget:
        """Build a read-only list; ``widths`` sets the leading columns in pixels, the last one stretches."""
        table = QTableWidget(0, len(headers), self)
        table.setTabKeyNavigation(False)  # a list, not a grid: Tab goes on to the buttons
        table.setHorizontalHeaderLabels(headers)
        for column, width in enumerate(widths[: len(headers) - 1]):
            table.horizontalHeader().resizeSection(column, width)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        table.horizontalHeader().setStretchLastSection(True)
        table.verticalHeader().setVisible(False)
        return table

    def _conflicts_page(self) -> QWidget:
        page = QWidget(self)
        explanation = QLabel(
            self.tr(
                "Outra pessoa alterou os mesmos campos no servidor. Escolha, para cada campo, "
                "qual valor fica. A escolha é enviada na próxima sincronização e registrada na auditoria."
            ),
            page,
        )
        explanation.setWordWrap(True)
        self.keep_mine_button = QPushButton(self.tr("&Manter a minha"), page)
        self.take_theirs_button = QPushButton(self.tr("&Usar a do servidor"), page)
        self.edit_button = QPushButton(self.tr("&Editar…"), page)
        self.keep_mine_button.clicked.connect(lambda: self.resolve_selected("mine"))
        self.take_theirs_button.clicked.connect(lambda: self.resolve_selected("theirs"))
        self.edit_button.clicked.connect(lambda: self.resolve_selected("edit"))
        buttons = QHBoxLayout()
        for button in (self.keep_mine_button, self.take_theirs_button, self.edit_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(explanation)
        layout.addWidget(self.conflicts_table, 1)
        layout.addLayout(buttons)
        return page

    def _simple_page(self, table: QTableWidget, buttons: QHBoxLayout) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        layout.addLayout(buttons)
        return page

    def _rejections_buttons(self) -> QHBoxLayout:
        self.dismiss_button = QPushButton(self.tr("&Descartar a alteração recusada"), self)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        layout = QHBoxLayout()
        layout.addWidget(self.dismiss_button)
        layout.addStretch(1)
        return layout

    def _attention_buttons(self) -> QHBoxLayout:
        self.retry_button = QPushButton(self.tr("&Tentar enviar de novo"), self)
        self.retry_button.clicked.connect(self.retry_attention)
        layout = QHBoxLayout()
        layout.addWidget(self.retry_button)
        layout.addStretch(1)
        return layout

    def _quarantine_buttons(self) -> QHBoxLayout:
        self.export_button = QPushButton(self.tr("E&xportar para CSV…"), self)
        self.export_button.clicked.connect(lambda: self.export_quarantine())
        layout = QHBoxLayout()
        layout.addWidget(self.export_button)
        layout.addStretch(1)
        return layout

    # --- filling ---------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read every list from the local store."""
        self._conflicts = self.store.open_conflicts()
        self._fill(self.conflicts_table, [self._conflict_cells(c) for c in self._conflicts])

        self._rejections = [r for group in self.store.rejection_groups() for r in group]
        groups = self.store.rejection_groups()
        rows = []
        for group in groups:
            root = group[0]
            for rejection in group:
                depends = self._row_label(root["entity"], root["row_id"]) if rejection is not root else ""
                rows.append(
                    [
                        self._row_label(rejection["entity"], rejection["row_id"]),
                        OPERATION_LABELS.get(rejection["op"], rejection["op"]),
                        rejection["reason"],
                        depends,
                    ]
                )
        self._fill(self.rejections_table, rows)

        self._attention = self.store.attention_entries()
        self._fill(
            self.attention_table,
            [
                [
                    self._row_label(e["entity"], e["row_id"]),
                    OPERATION_LABELS.get(e["op"], e["op"]),
                    str(e["attempts"]),
                    e["last_error"] or "",
                ]
                for e in self._attention
            ],
        )

        self._quarantine = self.store.quarantine_entries()
        self._fill(
            self.quarantine_table,
            [
                [
                    self._snapshot_label(e),
                    OPERATION_LABELS.get(e["op"], e["op"]),
                    ", ".join(self._field_label(e["entity"], n) for n in json.loads(e["values"])),
                    _local_time(e["quarantined_at"]),
                ]
                for e in self._quarantine
            ],
        )

        self.tabs.setTabText(0, self.tr("Conflitos ({count})").format(count=len(self._conflicts)))
        self.tabs.setTabText(1, self.tr("Recusadas ({count})").format(count=len(self._rejections)))
        self.tabs.setTabText(2, self.tr("Precisam de atenção ({count})").format(count=len(self._attention)))
        self.tabs.setTabText(3, self.tr("Quarentena ({count})").format(count=len(self._quarantine)))

    def _fill(self, table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for row_number, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                table.setItem(row_number, column, item)
        if rows:
            table.selectRow(0)

    def _conflict_cells(self, conflict: dict[str, Any]) -> list[str]:
        entity_name, field_name = conflict["entity"], conflict["field"]
        return [
            self._row_label(entity_name, conflict["row_id"]),
            self._field_label(entity_name, field_name),
            self._display(entity_name, field_name, conflict["base"]),
            self._display(entity_name, field_name, conflict["local"]),
            self._display(entity_name, field_name, conflict["server"]),
            conflict["reason"] or "",
        ]

    def _row_label(self, entity_name: str, row_id: str) -> str:
        entity = ENTITIES.get(entity_name)
        if entity is None:
            return row_id
        row = self.store.fetch_row(entity_name, uuid.UUID(row_id))
        if row is None:
            return f"{_(entity.label)} {row_id[:8]}"
        code = row.get("code") or ""
        title = row.get("title") or row.get("name") or ""
        return " — ".join(part for part in (str(code), str(title)) if part) or f"{_(entity.label)} {row_id[:8]}"

    def _snapshot_label(self, entry: dict[str, Any]) -> str:
        snapshot = json.loads(entry["row_snapshot"] or "{}")
        code = snapshot.get("code") or ""
        title = snapshot.get("title") or snapshot.get("name") or ""
        return " — ".join(part for part in (str(code), str(title)) if part) or entry["row_id"]

    def _field_label(self, entity_name: str, field_name: str) -> str:
        entity = ENTITIES.get(entity_name)
        if entity is None or not entity.has_field(field_name):
            return field_name
        return _(entity.field(field_name).label)

    def _display(self, entity_name: str, field_name: str, value_json: str | None) -> str:
        """Format a stored wire value (JSON text) the way the sheet shows it."""
        value = json.loads(value_json) if value_json is not None else None
        if value is None:
            return self.tr("(vazio)")
        return wire_text(entity_name, field_name, value)

    # --- actions ---------------------------------------------------------------

    def resolve_selected(self, choice: str) -> uuid.UUID | None:
        """Resolve the selected conflict with ``choice`` ("mine", "theirs" or "edit"); return the new mutation id."""
        row = self.conflicts_table.currentRow()
        if row < 0 or row >= len(self._conflicts):
            return None
        conflict = self._conflicts[row]
        value: Any = None
        if choice == "edit":
            field_type, label = self._field_type(conflict), self._field_label(conflict["entity"], conflict["field"])
            current = self._display(conflict["entity"], conflict["field"], conflict["local"])
            text = self.ask_value(self.tr("Novo valor de {field}").format(field=label), current)
            if text is None:
                return None
            value, error = self._edited_value(conflict, field_type, text)
            if error is not None:
                # The conflict stays open, so the user can try again or pick one of the two values.
                QMessageBox.warning(self, self.tr("Valor inválido"), error)
                return None
        mutation_id = self.store.resolve_conflict(conflict["id"], choice, value)
        self.refresh()
        self.issues_changed.emit()
        return mutation_id

    def dismiss_selected(self) -> None:
        row = self.rejections_table.currentRow()
        if 0 <= row < len(self._rejections):
            self.store.dismiss_rejection(uuid.UUID(self._rejections[row]["mutation_id"]))
            self.refresh()
            self.issues_changed.emit()

    def retry_attention(self) -> None:
        """Queue every entry needing attention again, with its attempts reset."""
        if self.store.retry_attention():
            self.refresh()
            self.issues_changed.emit()

    def export_quarantine(self, path: Path | None = None) -> int:
        """Export the quarantine to CSV (asking where when ``path`` is None); return the edits written."""
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, self.tr("Exportar quarentena"), self.tr("quarentena-planmp.csv"), self.tr("CSV (*.csv)")
            )
            if not chosen:
                return 0
            path = Path(chosen)
        try:
            count = export_quarantine(self.store, path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Falha ao exportar"),
                self.tr("Não foi possível gravar {path}: {error}. Escolha outra pasta.").format(path=path, error=exc),
            )
            return 0
        self.refresh()
        self.issues_changed.emit()
        return count

    def _edited_value(self, conflict: dict[str, Any], field_type: FieldType, text: str) -> tuple[Any, str | None]:
        """Return (the typed value, None), or (None, the pt-BR error) when the sheet would reject the text.

        A field the sheet shows is parsed as the sheet parses it (labels of
        coded fields, natureza de despesa, pt-BR numbers and dates). A plan
        item's value then gets the sheet's checks of one value on its own:
        ranges, signs, the plan year, the SEI number.
        """
        entity_name, field_name = conflict["entity"], conflict["field"]
        column = _SHEET_COLUMNS.get((entity_name, field_name))
        try:
            value = parse_input(column, text) if column is not None else _parse_value(field_type, text)
        except DomainValueError as exc:
            return None, exc.message
        except ValueError as exc:
            return None, str(exc)
        if entity_name == PLAN_ITEM.name and value is not None:
            row = self.store.fetch_row(entity_name, uuid.UUID(conflict["row_id"]))
            candidate = {field_name: value, "multi_year": bool(row and row.get("multi_year"))}
            year = self._plan_year if self._plan_year is not None else dt.date.today().year
            for issue in validate_plan_item(candidate, year, sei_format=self._sei_format):
                if issue.field == field_name and issue.rule is None and issue.severity == "error":
                    return None, issue.message
        return value, None

    def _field_type(self, conflict: dict[str, Any]) -> FieldType:
        entity = ENTITIES[conflict["entity"]]
        return entity.field(conflict["field"]).type

    def _ask_value_dialog(self, title: str, current: str) -> str | None:
        text, accepted = QInputDialog.getText(self, self.tr("Editar valor"), title, text=current)
        return text if accepted else None


# The sheet column of each (entity, field) a sheet shows, whose parser an edited conflict value goes through.
_SHEET_COLUMNS = {
    (definition.entity.name, column.name): column for definition in (PLAN_SHEET, BUDGET_SHEET) for column in definition.columns
}


def _parse_value(field_type: FieldType, text: str) -> Any:
    """Parse what the user typed (pt-BR formats) into a Python value of ``field_type``."""
    text = text.strip()
    if text == "":
        return None
    if field_type is FieldType.MONEY:
        return parse_money(text)
    if field_type is FieldType.DECIMAL:
        return parse_decimal(text)
    if field_type is FieldType.INT:
        try:
            return int(text)
        except ValueError as exc:
            raise ValueError(f"Número inteiro '{text}' inválido: digite só algarismos.") from exc
    if field_type is FieldType.DATE:
        try:
            return dt.datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError as exc:
            raise ValueError(f"Data '{text}' inválida: use o formato dd/mm/aaaa.") from exc
    return text


def _local_time(moment: str) -> str:
    return dt.datetime.fromisoformat(moment).astimezone().strftime("%d/%m/%Y %H:%M")
