"""The "Aprovações" screen: items awaiting the user's decision, items to submit, and rejected commands.

Each action queues a command in the outbox; the server decides, so the item
shows as pending until the next sync brings the server's decision.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.domain.approval import ApprovalError, apply_command, command_label
from planmp_desktop.domain.codes import APPROVAL_LABELS, AUDIT_ACTION_LABELS, KIND_LABELS
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.money import format_money, from_centavos
from planmp_desktop.domain.units import unit_in_scope
from planmp_desktop.gui.record_model import RecordTableModel, size_columns
from planmp_desktop.gui.status import format_local_time
from planmp_desktop.gui.user_scope import load_scope
from planmp_desktop.services import AppServices

log = logging.getLogger(__name__)

# Lists beyond this many rows are cut; the sheet's filter reaches the rest.
MAX_LISTED_ITEMS = 2000


@dataclass(frozen=True)
class _Item:
    row_id: str
    code: str
    title: str
    kind: str
    unit_id: str | None
    unit_name: str
    responsible: str
    planned_total: int | None
    approval_state: str | None


class ReturnDialog(QDialog):
    """Asks for the mandatory justification of a return (devolução)."""

    def __init__(self, item_description: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Devolver item"))
        self.setMinimumWidth(460)

        intro = QLabel(self.tr("Devolver para ajustes: {item}").format(item=item_description), self)
        intro.setWordWrap(True)
        label = QLabel(self.tr("&Justificativa da devolução (obrigatória):"), self)
        self.justification_edit = QPlainTextEdit(self)
        self.justification_edit.setAccessibleName(self.tr("Justificativa da devolução"))
        self.justification_edit.setTabChangesFocus(True)
        label.setBuddy(self.justification_edit)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName("hint")
        self.hint_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Devolver"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.justification_edit.textChanged.connect(self._update_ok)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(label)
        layout.addWidget(self.justification_edit)
        layout.addWidget(self.hint_label)
        layout.addWidget(self.buttons)
        self._update_ok()

    def justification(self) -> str:
        return self.justification_edit.toPlainText().strip()

    def _update_ok(self) -> None:
        empty = not self.justification()
        self.ok_button.setEnabled(not empty)
        if empty:
            self.hint_label.setText(
                self.tr("Escreva a justificativa: a devolução sem justificativa não é aceita.")
            )
        else:
            self.hint_label.setText(self.tr("A justificativa fica registrada na auditoria do item."))


class ApprovalsView(QWidget):
    """The "Aprovações" screen.

    ``sync_requested`` requests a sync from the main window, after a command was
    queued; ``commands_enqueued`` carries the number queued, for the pending count.
    """

    sync_requested = Signal()
    commands_enqueued = Signal(int)
    status_message = Signal(str)

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._services = services
        self._store = services.store
        self._user = services.user
        self.return_dialog_factory = ReturnDialog

        item_headers = [
            self.tr("Código"),
            self.tr("Título"),
            self.tr("Nível"),
            self.tr("Unidade"),
            self.tr("Responsável"),
            self.tr("Valor planejado"),
            self.tr("Situação"),
        ]
        self.decision_model = RecordTableModel(item_headers, right_aligned=[5], parent=self)
        self.submit_model = RecordTableModel(item_headers, right_aligned=[5], parent=self)
        self.rejection_model = RecordTableModel(
            [self.tr("Quando"), self.tr("Item"), self.tr("Operação"), self.tr("Motivo da recusa")], parent=self
        )

        self.decision_table = self._table(self.decision_model, self.tr("Itens aguardando sua decisão"))
        self.submit_table = self._table(self.submit_model, self.tr("Itens para enviar para aprovação"))
        self.rejection_table = self._table(self.rejection_model, self.tr("Alterações recusadas pelo servidor"))

        self.approve_button = QPushButton(self.tr("A&provar"), self)
        self.return_button = QPushButton(self.tr("&Devolver…"), self)
        self.submit_button = QPushButton(self.tr("E&nviar para aprovação"), self)
        for button in (self.approve_button, self.return_button, self.submit_button):
            button.setAccessibleName(button.text().replace("&", ""))
        self.approve_button.setObjectName("primary")
        self.submit_button.setObjectName("primary")
        self.approve_button.clicked.connect(self.approve_selected)
        self.return_button.clicked.connect(self.return_selected)
        self.submit_button.clicked.connect(self.submit_selected)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Listas de aprovação"))
        self.tabs.addTab(self._page(self.decision_table, [self.approve_button, self.return_button]), "")
        self.tabs.addTab(self._page(self.submit_table, [self.submit_button]), "")
        self.tabs.addTab(self._page(self.rejection_table, []), "")

        explanation = QLabel(
            self.tr(
                "As decisões ficam pendentes neste computador até a próxima sincronização; "
                "o servidor confirma ou recusa cada uma."
            ),
            self,
        )
        explanation.setObjectName("hint")
        explanation.setWordWrap(True)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filtrar por código, título, unidade ou responsável"))
        self.filter_edit.setAccessibleName(self.tr("Filtro das listas de aprovação"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda _text: self.refresh())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(explanation)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tabs)

        for table in (self.decision_table, self.submit_table):
            table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    # --- building ----------------------------------------------------------

    def _table(self, model: RecordTableModel, accessible_name: str) -> QTableView:
        table = QTableView(self)
        table.setTabKeyNavigation(False)  # a list, not a grid: Tab goes on to the buttons
        table.setModel(model)
        table.setAccessibleName(accessible_name)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        table.verticalHeader().setDefaultSectionSize(26)
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return table

    def _page(self, table: QTableView, buttons: Sequence[QPushButton]) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(table)
        if buttons:
            row = QHBoxLayout()
            row.addStretch(1)
            for button in buttons:
                row.addWidget(button)
            layout.addLayout(row)
        return page

    # --- loading -----------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the three lists from the local store."""
        scope = load_scope(self._store, self._user)
        pending = self._pending_commands()
        awaiting = self._items(("aguardando",), scope)
        drafts = self._items(("rascunho", "devolvido"), scope)

        decidable = [item for item in awaiting if self._allowed("approve", item, scope)]
        submittable = [item for item in drafts if self._allowed("submit", item, scope)]
        self._fill(self.decision_model, self.decision_table, decidable, pending)
        self._fill(self.submit_model, self.submit_table, submittable, pending)
        self._fill_rejections()

        self.tabs.setTabText(0, self.tr("Aguardando minha decisão ({count})").format(count=_count_text(decidable, awaiting)))
        self.tabs.setTabText(1, self.tr("Para enviar ({count})").format(count=_count_text(submittable, drafts)))
        self.tabs.setTabText(2, self.tr("Precisa de atenção ({count})").format(count=self.rejection_model.rowCount()))
        self._update_buttons()

    def _items(self, states: Sequence[str], scope: set[uuid.UUID] | None) -> list[_Item]:
        """Return up to MAX_LISTED_ITEMS items in ``states`` within ``scope`` (None: every unit)."""
        plan_id = self._services.plan_id()
        if plan_id is None:
            return []
        placeholders = ", ".join("?" for _state in states)
        unit_filter = ""
        unit_ids: list[str] = []
        if scope is not None:
            unit_ids = [str(unit_id) for unit_id in scope]
            unit_filter = f" AND p.unit_id IN ({', '.join('?' for _unit in unit_ids) or 'NULL'})"
        text_filter = ""
        text_params: list[str] = []
        words = self.filter_edit.text().split()
        for word in words:
            pattern = f"%{_escape_like(word)}%"
            text_filter += (
                " AND (p.code LIKE ? ESCAPE '\\' OR p.title LIKE ? ESCAPE '\\' "
                "OR p.responsible LIKE ? ESCAPE '\\' OR u.name LIKE ? ESCAPE '\\')"
            )
            text_params.extend([pattern] * 4)
        cursor = self._store.connection.execute(
            "SELECT p.id, p.code, p.title, p.kind, p.unit_id, u.name, p.responsible, p.planned_total, "
            "p.approval_state FROM plan_item p LEFT JOIN unit u ON u.id = p.unit_id "
            f"WHERE p.plan_id = ? AND p.approval_state IN ({placeholders}){unit_filter}{text_filter} "
            "ORDER BY p.code LIMIT ?",
            (str(plan_id), *states, *unit_ids, *text_params, MAX_LISTED_ITEMS),
        )
        return [
            _Item(row_id, code or "", title or "", kind or "", unit_id, unit_name or "", responsible or "", total, state)
            for row_id, code, title, kind, unit_id, unit_name, responsible, total, state in cursor
        ]

    def _allowed(self, command: str, item: _Item, scope: set[uuid.UUID] | None) -> bool:
        try:
            apply_command(
                command=command,
                state=item.approval_state,
                item_kind=item.kind,
                actor_profile=self._user.profile,
                actor_in_item_unit_scope=unit_in_scope(scope, uuid.UUID(item.unit_id) if item.unit_id else None),
                comment=None,
            )
        except ApprovalError:
            return False
        return True

    def _pending_commands(self) -> dict[str, str]:
        cursor = self._store.connection.execute(
            "SELECT row_id, command FROM outbox WHERE entity = 'plan_item' AND op = 'command' "
            "AND state = 'pending' ORDER BY seq"
        )
        return {row_id: command for row_id, command in cursor}

    def _fill(self, model: RecordTableModel, table: QTableView, items: list[_Item], pending: dict[str, str]) -> None:
        rows = []
        for item in items:
            command = pending.get(item.row_id)
            if command is not None:
                situation = self.tr("Pendente: {command} aguardando sincronização").format(command=command_label(command))
            else:
                situation = _(APPROVAL_LABELS.get(item.approval_state or "rascunho", item.approval_state or ""))
            rows.append(
                [
                    item.code,
                    item.title,
                    _(KIND_LABELS.get(item.kind, item.kind)),
                    item.unit_name,
                    item.responsible,
                    "" if item.planned_total is None else format_money(from_centavos(int(item.planned_total))),
                    situation,
                ]
            )
        model.set_records(rows, [item.row_id for item in items])
        size_columns(table, (150, 300, 80, 220, 150, 115))

    def _fill_rejections(self) -> None:
        cursor = self._store.connection.execute(
            "SELECT r.mutation_id, r.created_at, r.op, r.reason, o.command, p.code, p.title "
            "FROM rejection r LEFT JOIN outbox o ON o.mutation_id = r.mutation_id "
            "LEFT JOIN plan_item p ON p.id = r.row_id AND r.entity = 'plan_item' "
            "WHERE r.dismissed_at IS NULL ORDER BY r.created_at DESC"
        )
        rows = []
        keys = []
        for mutation_id, created_at, op, reason, command, code, title in cursor:
            when = format_local_time(dt.datetime.fromisoformat(created_at)) if created_at else ""
            item = " — ".join(part for part in (code, title) if part) or self.tr("(item não encontrado)")
            operation = command_label(command) if command else _operation_label(op)
            rows.append([when, item, operation, reason or ""])
            keys.append(mutation_id)
        self.rejection_model.set_records(rows, keys)
        size_columns(self.rejection_table, (130, 320, 170))

    # --- actions -------------------------------------------------------------

    def selected_ids(self, table: QTableView) -> list[str]:
        model = table.model()
        assert isinstance(model, RecordTableModel)
        rows = sorted({index.row() for index in table.selectionModel().selectedRows()})
        return [model.key(row) for row in rows]

    def approve_selected(self) -> None:
        self._enqueue("approve", self.selected_ids(self.decision_table), None)

    def return_selected(self) -> None:
        row_ids = self.selected_ids(self.decision_table)
        if not row_ids:
            return
        dialog = self.return_dialog_factory(self._describe(row_ids), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._enqueue("return", row_ids, dialog.justification())

    def submit_selected(self) -> None:
        """Queue "Enviar para aprovação", after confirming when edits of the items are not on the server yet."""
        row_ids = self.selected_ids(self.submit_table)
        conflicts = self._open_conflicts(row_ids)
        if conflicts:
            # A conflicted edit is not queued, so the request would reach the server before it.
            QMessageBox.warning(
                self,
                self.tr("Enviar para aprovação"),
                self.tr(
                    "{count} conflito(s) destes itens ainda não foram resolvidos: resolva-os em "
                    "Sincronização › Pendências de sincronização e envie para aprovação depois."
                ).format(count=conflicts),
            )
            return
        unsynced = self._unsynced_edits(row_ids)
        if unsynced and not self._confirm_unsynced(unsynced):
            return
        self._enqueue("submit", row_ids, None)

    def _open_conflicts(self, row_ids: list[str]) -> int:
        """Count the unresolved conflicting fields of the items and of their tasks."""
        return self._count_of_items_and_tasks("conflict", "resolved_at IS NULL", row_ids)

    def _unsynced_edits(self, row_ids: list[str]) -> int:
        """Count outbox entries of the items and of their tasks that the server has not acknowledged.

        Open conflicts reject a submission before this count, so each entry counted is one the request waits behind.
        """
        return self._count_of_items_and_tasks("outbox", "op != 'command'", row_ids)

    def _count_of_items_and_tasks(self, table: str, condition: str, row_ids: list[str]) -> int:
        """Count the plan-item rows of ``table`` meeting ``condition`` (trusted SQL) on the items or their tasks."""
        if not row_ids:
            return 0
        placeholders = ", ".join("?" for _row in row_ids)
        record = self._store.connection.execute(
            f"SELECT COUNT(*) FROM {table} WHERE entity = 'plan_item' AND {condition} AND ("
            f"row_id IN ({placeholders}) OR row_id IN "
            f"(SELECT id FROM plan_item WHERE parent_id IN ({placeholders})))",
            (*row_ids, *row_ids),
        ).fetchone()
        return int(record[0])

    def _confirm_unsynced(self, count: int) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Enviar para aprovação"),
            self.tr(
                "{count} alteração(ões) destes itens ainda não chegaram ao servidor. "
                "O pedido de aprovação só será enviado depois delas, na próxima sincronização; "
                "se alguma for recusada, o pedido espera e aparece em Pendências de sincronização. Continuar?"
            ).format(count=count),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        return box.exec() == QMessageBox.StandardButton.Yes

    def _enqueue(self, command: str, row_ids: list[str], comment: str | None) -> None:
        pending = self._pending_commands()
        queued = 0
        for row_id in row_ids:
            if row_id in pending:
                continue
            self._store.enqueue_command("plan_item", uuid.UUID(row_id), command, comment)
            queued += 1
        if not queued:
            return
        log.info("Queued %d %s commands", queued, command)
        self.refresh()
        self.status_message.emit(
            self.tr("{count} item(ns): {command} — pendente até a próxima sincronização.").format(
                count=queued, command=command_label(command)
            )
        )
        self.commands_enqueued.emit(queued)
        self.sync_requested.emit()

    def _describe(self, row_ids: list[str]) -> str:
        model = self.decision_model
        for position in range(model.rowCount()):
            if model.key(position) == row_ids[0]:
                first = f"{model.index(position, 0).data()} — {model.index(position, 1).data()}"
                break
        else:
            first = row_ids[0]
        if len(row_ids) == 1:
            return first
        return self.tr("{first} e mais {count} item(ns)").format(first=first, count=len(row_ids) - 1)

    def _update_buttons(self) -> None:
        pending = self._pending_commands()
        decision_ids = self.selected_ids(self.decision_table)
        submit_ids = self.selected_ids(self.submit_table)
        can_decide = any(row_id not in pending for row_id in decision_ids)
        self.approve_button.setEnabled(can_decide)
        self.return_button.setEnabled(can_decide)
        self.submit_button.setEnabled(any(row_id not in pending for row_id in submit_ids))


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _count_text(shown: Sequence[_Item], fetched: Sequence[_Item]) -> str:
    """Return the tab's count, with "+" when the list stopped at MAX_LISTED_ITEMS."""
    return f"{len(shown)}+" if len(fetched) >= MAX_LISTED_ITEMS else str(len(shown))


def _operation_label(op: str | None) -> str:
    label = AUDIT_ACTION_LABELS.get(op or "")
    return _(label) if label is not None else op or ""

