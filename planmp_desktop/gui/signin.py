"""The demonstration sign-in: pick a demo user, then sign in as them on a worker thread."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.domain.codes import PROFILE_LABELS
from planmp_desktop.domain.i18n import _
from planmp_desktop.gui.background import BackgroundCall
from planmp_desktop.gui.record_model import RecordTableModel

log = logging.getLogger(__name__)


class SignInDialog(QDialog):
    """"Entrar no PlanMP (demonstração)": a list of demo users and an "Entrar" button.

    ``users`` are dicts with ``username``, ``name``, ``profile`` and
    ``unit_name``. Without ``sign_in`` the dialog closes at once with the
    chosen user; with it, the dialog shows "Entrando…", calls
    ``sign_in(username)`` on a worker thread and closes when it returns
    (its value is kept in ``sign_in_result``) or shows the exception's
    message and lets the user try again.
    """

    def __init__(
        self,
        users: Sequence[dict[str, Any]],
        sign_in: Callable[[str], Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Entrar no PlanMP (demonstração)"))
        self.setMinimumSize(720, 380)
        self._users = list(users)
        self._sign_in = sign_in
        self._call: BackgroundCall | None = None
        self.sign_in_result: Any = None

        intro = QLabel(
            self.tr(
                "Escolha um usuário de demonstração. Cada perfil mostra o que a pessoa pode ver e alterar."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.model = RecordTableModel([self.tr("Nome"), self.tr("Perfil"), self.tr("Unidade")], parent=self)
        self.model.set_records(
            [
                [user.get("name", ""), _profile_label(user.get("profile", "")), user.get("unit_name", "") or ""]
                for user in self._users
            ],
            [user["username"] for user in self._users],
        )
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Usuários de demonstração"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.horizontalHeader().resizeSection(0, 220)
        self.table.horizontalHeader().resizeSection(1, 240)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.doubleClicked.connect(self._enter)

        self.progress_label = QLabel(self)
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setRange(0, 0)
        self.progress_bar.setAccessibleName(self.tr("Entrando"))
        self.progress_bar.setTextVisible(False)
        self.progress_label.hide()
        self.progress_bar.hide()
        self.error_label = QLabel(self)
        self.error_label.setObjectName("error")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.enter_button = self.buttons.addButton(self.tr("&Entrar"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.enter_button.setObjectName("primary")
        self.enter_button.setDefault(True)
        self.cancel_button = self.buttons.addButton(self.tr("Cancelar"), QDialogButtonBox.ButtonRole.RejectRole)
        self.enter_button.clicked.connect(self._enter)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if self._users:
            self.table.selectRow(0)
        self.table.setFocus()

    def selected_username(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.key(rows[0].row())

    def select_username(self, username: str) -> None:
        for position in range(self.model.rowCount()):
            if self.model.key(position) == username:
                self.table.selectRow(position)
                return

    def _enter(self) -> None:
        username = self.selected_username()
        if username is None:
            self.error_label.setText(self.tr("Escolha um usuário da lista para entrar."))
            self.error_label.show()
            return
        if self._sign_in is None:
            self.accept()
            return

        sign_in = self._sign_in
        self._set_busy(True, username)
        call = BackgroundCall(lambda: sign_in(username), self)
        call.succeeded.connect(self._signed_in)
        call.failed.connect(self._sign_in_failed)
        call.finished.connect(call.deleteLater)
        self._call = call
        call.start()

    def _signed_in(self, result: Any) -> None:
        self._call = None
        self.sign_in_result = result
        self._set_busy(False, None)
        self.accept()

    def _sign_in_failed(self, error: Exception) -> None:
        self._call = None
        self._set_busy(False, None)
        message = str(error) or self.tr("Falha ao entrar: tente de novo.")
        self.error_label.setText(self.tr("Não foi possível entrar. {message}").format(message=message))
        self.error_label.show()

    def _set_busy(self, busy: bool, username: str | None) -> None:
        self.table.setEnabled(not busy)
        self.enter_button.setEnabled(not busy)
        self.progress_bar.setVisible(busy)
        self.progress_label.setVisible(busy)
        if busy:
            name = next((user.get("name", username) for user in self._users if user["username"] == username), username)
            self.progress_label.setText(self.tr("Entrando como {name}…").format(name=name))
            self.error_label.hide()

    def reject(self) -> None:
        # NOTE: a sign-in already running cannot be interrupted; the dialog waits for it to end.
        if self._call is not None:
            self._call.wait()
        super().reject()


def _profile_label(profile: str) -> str:
    label = PROFILE_LABELS.get(profile)  # type: ignore[call-overload]
    return _(label) if label is not None else profile
