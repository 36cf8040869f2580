"""The "Auditoria" screen: the audit trail, one line per changed field.

The local store contains the events within the user's scope (synced read-only),
so the screen works offline; "Consultar servidor" queries the server for the
full trail on a worker thread.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.contract.schema import ENTITIES
from planmp_desktop.domain.codes import AUDIT_ACTION_LABELS
from planmp_desktop.domain.i18n import _
from planmp_desktop.gui.background import BackgroundCall
from planmp_desktop.gui.record_model import RecordTableModel, size_columns
from planmp_desktop.gui.status import format_local_time
from planmp_desktop.gui.wire_text import wire_text
from planmp_desktop.services import AppServices
from planmp_desktop.sync.errors import SyncError

log = logging.getLogger(__name__)

# NOTE: events beyond this many are not listed; narrow the period or the filters to see older ones.
MAX_LOCAL_EVENTS = 5000
SERVER_LIMIT = 500


class AuditView(QWidget):
    """The "Auditoria" screen: filters above a table of changes."""

    status_message = Signal(str)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._store = services.store
        self._server_call: BackgroundCall | None = None
        self._unit_names: dict[str, str] = {}

        self.user_combo = QComboBox(self)
        self.user_combo.setAccessibleName(self.tr("Filtrar por usuário"))
        self.user_combo.setMinimumWidth(220)
        self.unit_combo = QComboBox(self)
        self.unit_combo.setAccessibleName(self.tr("Filtrar por unidade"))
        self.unit_combo.setMinimumWidth(260)
        self.item_edit = QLineEdit(self)
        self.item_edit.setPlaceholderText(self.tr("Código ou título"))
        self.item_edit.setAccessibleName(self.tr("Filtrar por item"))
        self.item_edit.setClearButtonEnabled(True)
        self.since_edit = self._date_edit(self.tr("Início do período"))
        self.until_edit = self._date_edit(self.tr("Fim do período"))
        self.server_button = QPushButton(self.tr("&Consultar servidor"), self)
        self.server_button.setAccessibleName(self.tr("Consultar servidor"))
        self.server_button.setToolTip(self.tr("Busca a trilha completa no servidor, com os filtros acima."))
        self.local_button = QPushButton(self.tr("Mostrar dados &locais"), self)
        self.local_button.setAccessibleName(self.tr("Mostrar dados locais"))
        self.source_label = QLabel(self)
        self.source_label.setObjectName("hint")
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.model = RecordTableModel(
            [
                self.tr("Quando"),
                self.tr("Usuário"),
                self.tr("Unidade de quem agiu"),
                self.tr("Unidade do item"),
                self.tr("Item"),
                self.tr("Ação"),
                self.tr("Campo"),
                self.tr("Valor anterior"),
                self.tr("Valor novo"),
                self.tr("Comentário"),
            ],
            parent=self,
        )
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # a list, not a grid: Tab goes on to the next control
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Trilha de auditoria"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        size_columns(self.table, (118, 125, 160, 160, 180, 125, 110, 100, 100))

        self._lay_out()
        self.reload_filters()
        self.user_combo.currentIndexChanged.connect(self.refresh)
        self.unit_combo.currentIndexChanged.connect(self.refresh)
        self.item_edit.textChanged.connect(self.refresh)
        self.since_edit.dateChanged.connect(self.refresh)
        self.until_edit.dateChanged.connect(self.refresh)
        self.server_button.clicked.connect(self.query_server)
        self.local_button.clicked.connect(self.refresh)
        self.refresh()

    def _date_edit(self, accessible_name: str) -> QDateEdit:
        edit = QDateEdit(self)
        edit.setDisplayFormat("dd/MM/yyyy")
        edit.setCalendarPopup(True)
        edit.setAccessibleName(accessible_name)
        return edit

    def _lay_out(self) -> None:
        grid = QGridLayout()
        fields = [
            (self.tr("Usuári&o:"), self.user_combo),
            (self.tr("U&nidade:"), self.unit_combo),
            (self.tr("&Item:"), self.item_edit),
        ]
        for column, (text, widget) in enumerate(fields):
            label = QLabel(text, self)
            label.setBuddy(widget)
            grid.addWidget(label, 0, column * 2)
            grid.addWidget(widget, 0, column * 2 + 1)
        since_label = QLabel(self.tr("&De:"), self)
        since_label.setBuddy(self.since_edit)
        until_label = QLabel(self.tr("A&té:"), self)
        until_label.setBuddy(self.until_edit)
        period = QHBoxLayout()
        period.addWidget(since_label)
        period.addWidget(self.since_edit)
        period.addWidget(until_label)
        period.addWidget(self.until_edit)
        period.addStretch(1)
        period.addWidget(self.local_button)
        period.addWidget(self.server_button)
        grid.addLayout(period, 1, 0, 1, 6)
        grid.setColumnStretch(5, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(grid)
        layout.addWidget(self.error_label)
        layout.addWidget(self.table)
        layout.addWidget(self.source_label)

    # --- filters -------------------------------------------------------------

    def reload_filters(self) -> None:
        """Fill the user and unit combos from the local store, keeping the current choices."""
        connection = self._store.connection
        self._unit_names = {unit_id: name for unit_id, name in connection.execute("SELECT id, name FROM unit")}
        users: dict[str, str] = {}
        for user_id, name in connection.execute('SELECT id, name FROM "user" ORDER BY name'):
            users[user_id] = name
        for user_id, name in connection.execute(
            "SELECT DISTINCT user_id, user_name FROM audit_event WHERE user_id IS NOT NULL"
        ):
            users.setdefault(user_id, name or user_id)

        _refill_combo(self.user_combo, self.tr("Todos os usuários"), sorted(users.items(), key=lambda item: item[1]))
        units = sorted(self._unit_names.items(), key=lambda item: item[1])
        _refill_combo(self.unit_combo, self.tr("Todas as unidades"), units)

        first, last = connection.execute('SELECT MIN("at"), MAX("at") FROM audit_event').fetchone()
        today = dt.date.today()
        since = dt.datetime.fromisoformat(first).astimezone().date() if first else today.replace(month=1, day=1)
        until = max(today, dt.datetime.fromisoformat(last).astimezone().date()) if last else today
        for edit, value in ((self.since_edit, since), (self.until_edit, until)):
            edit.blockSignals(True)
            edit.setDate(QDate(value.year, value.month, value.day))
            edit.blockSignals(False)

    def filters(self) -> dict[str, Any]:
        """Return the chosen filters as the server's audit query takes them."""
        since = _local_midnight_utc(self.since_edit.date())
        until = _local_midnight_utc(self.until_edit.date().addDays(1))
        return {
            "user_id": self.user_combo.currentData(),
            "unit_id": self.unit_combo.currentData(),
            "row_id": None,
            "since": since.isoformat(),
            "until": until.isoformat(),
            "limit": SERVER_LIMIT,
        }

    # --- local trail ---------------------------------------------------------

    def refresh(self) -> None:
        """List the local store's events matching the filters."""
        filters = self.filters()
        where = ['"at" >= ?', '"at" < ?']
        params: list[Any] = [filters["since"], filters["until"]]
        if filters["user_id"]:
            where.append("user_id = ?")
            params.append(filters["user_id"])
        if filters["unit_id"]:
            where.append("(unit_id = ? OR actor_unit_id = ?)")
            params.extend([filters["unit_id"], filters["unit_id"]])
        item_text = self.item_edit.text().strip()
        if item_text:
            where.append("row_label LIKE ? ESCAPE '\\'")
            params.append("%" + _escape_like(item_text) + "%")

        cursor = self._store.connection.execute(
            "SELECT id, \"at\", user_name, unit_id, actor_unit_id, entity, row_label, action, changes, comment "
            f"FROM audit_event WHERE {' AND '.join(where)} ORDER BY \"at\" DESC LIMIT ?",
            (*params, MAX_LOCAL_EVENTS),
        )
        names = [description[0] for description in cursor.description]
        events = [dict(zip(names, record)) for record in cursor]
        self._show(events)
        self.error_label.hide()
        self.source_label.setText(
            self.tr("Dados locais (eventos das suas unidades recebidos na última sincronização): {count} evento(s).").format(
                count=len(events)
            )
        )

    # --- server trail ----------------------------------------------------------

    def query_server(self) -> None:
        """Ask the server for the full trail on a worker thread; the result replaces the list."""
        if self._server_call is not None:
            return
        filters = self.filters()
        fetch_audit = self._services.fetch_audit
        call = BackgroundCall(lambda: fetch_audit(filters), self)
        call.succeeded.connect(self._show_server_events)
        call.failed.connect(self._show_server_error)
        call.finished.connect(self._server_call_finished)
        self._server_call = call
        self.server_button.setEnabled(False)
        self.source_label.setText(self.tr("Consultando o servidor…"))
        call.start()

    def wait_for_server(self, timeout_ms: int = 30_000) -> None:
        """Wait for a running server query to end (at shutdown)."""
        if self._server_call is not None:
            self._server_call.wait(timeout_ms)

    def _show_server_events(self, events: list[dict[str, Any]]) -> None:
        item_text = self.item_edit.text().strip().casefold()
        if item_text:
            events = [event for event in events if item_text in (event.get("row_label") or "").casefold()]
        self._show(events)
        self.error_label.hide()
        self.source_label.setText(
            self.tr("Trilha completa do servidor: {count} evento(s).").format(count=len(events))
        )

    def _show_server_error(self, error: Exception) -> None:
        if isinstance(error, SyncError):
            message = error.message
        else:
            log.error("Audit query failed: %r", error)
            message = self.tr("Falha ao consultar o servidor: tente de novo em instantes.")
        self.error_label.setText(self.tr("Não foi possível consultar o servidor. {message}").format(message=message))
        self.error_label.show()
        self.source_label.setText(self.tr("Mostrando os dados locais."))
        self.status_message.emit(message)

    def _server_call_finished(self) -> None:
        call = self._server_call
        self._server_call = None
        self.server_button.setEnabled(True)
        if call is not None:
            call.deleteLater()

    # --- rows ------------------------------------------------------------------

    def _show(self, events: list[dict[str, Any]]) -> None:
        rows: list[list[str]] = []
        keys: list[str] = []
        for event in events:
            when = format_local_time(_as_datetime(event.get("at")))
            unit_name = self._unit_names.get(str(event.get("unit_id") or ""), "")
            actor_unit = self._unit_names.get(str(event.get("actor_unit_id") or ""), "")
            action = AUDIT_ACTION_LABELS.get(event.get("action") or "")
            action_text = _(action) if action is not None else str(event.get("action") or "")
            common = [when, event.get("user_name") or "", actor_unit, unit_name, event.get("row_label") or "", action_text]
            for field_label, old, new in _change_lines(event.get("entity") or "", event.get("changes")):
                rows.append([*common, field_label, old, new, event.get("comment") or ""])
                keys.append(str(event.get("id")))
        self.model.set_records(rows, keys)


def _change_lines(entity_name: str, changes: Any) -> list[tuple[str, str, str]]:
    """Expand ``{field: [old, new]}`` into (field label, old text, new text) lines; at least one line."""
    if isinstance(changes, str):
        try:
            changes = json.loads(changes)
        except ValueError:
            return [("", "", changes)]
    if not isinstance(changes, dict) or not changes:
        return [("", "", "")]
    entity = ENTITIES.get(entity_name)
    lines = []
    for name, pair in changes.items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        label = _(entity.field(name).label) if entity is not None and entity.has_field(name) else name
        lines.append((label, wire_text(entity_name, name, old), wire_text(entity_name, name, new)))
    return lines


def _as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def _local_midnight_utc(date: QDate) -> dt.datetime:
    local = dt.datetime(date.year(), date.month(), date.day()).astimezone()
    return local.astimezone(dt.timezone.utc)


def _refill_combo(combo: QComboBox, all_label: str, entries: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(all_label, None)
    for key, label in entries:
        combo.addItem(label, key)
    position = combo.findData(current) if current is not None else 0
    combo.setCurrentIndex(max(position, 0))
    combo.blockSignals(False)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
