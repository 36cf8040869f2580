"""The status bar: connection state, sync progress, pending edits, conflicts, rejections, attention, quarantine, last sync."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar, QWidget

from planmp_desktop.store.local import StoreStatus
from planmp_desktop.sync.errors import FailureKind


def connection_text(kind: str | None) -> str:
    """Return the pt-BR connection state after a sync that failed with ``kind`` (None: it succeeded)."""
    if kind is None:
        return QCoreApplication.translate("SyncStatus", "Atualizado")
    if kind == FailureKind.OFFLINE:
        return QCoreApplication.translate("SyncStatus", "Sem conexão")
    if kind == FailureKind.SIGN_IN_NEEDED:
        return QCoreApplication.translate("SyncStatus", "Entre novamente para sincronizar")
    if kind == FailureKind.BUSY:
        return QCoreApplication.translate("SyncStatus", "Outra sincronização em andamento")
    if kind == FailureKind.INCOMPATIBLE:
        return QCoreApplication.translate("SyncStatus", "Atualize o aplicativo")
    if kind == FailureKind.LOCAL_STORE:
        return QCoreApplication.translate("SyncStatus", "Erro na cópia local")
    return QCoreApplication.translate("SyncStatus", "Erro no servidor")


def format_local_time(moment: dt.datetime) -> str:
    """Format a UTC timestamp in the computer's time zone as dd/mm/aaaa hh:mm."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


class SyncStatusBar(QStatusBar):
    """Status bar with permanent sync widgets; ``showMessage`` still shows transient messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncStatusBar")
        self.connection_label = self._label("connectionState", self.tr("Estado da conexão"))
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Progresso da sincronização"))
        self.progress_bar.setMaximumWidth(160)
        self.progress_bar.setTextVisible(False)
        self.progress_bar.hide()
        self.pending_label = self._label("pendingEdits", self.tr("Alterações pendentes"))
        self.conflicts_label = self._label("conflicts", self.tr("Conflitos"))
        self.rejections_label = self._label("rejections", self.tr("Alterações recusadas pelo servidor"))
        self.attention_label = self._label("needsAttention", self.tr("Alterações que precisam de atenção"))
        self.quarantine_label = self._label("quarantine", self.tr("Alterações em quarentena"))
        self.last_sync_label = self._label("lastSync", self.tr("Última sincronização"))
        # Before the labels join the bar, which polishes them, so the state needs no second polish.
        self.set_connection(self.tr("Não sincronizado nesta sessão"), "idle")

        for widget in (
            self.connection_label,
            self.progress_bar,
            self.pending_label,
            self.conflicts_label,
            self.rejections_label,
            self.attention_label,
            self.quarantine_label,
            self.last_sync_label,
        ):
            self.addPermanentWidget(widget)
        # A long transient message is cut by the permanent widgets, so the bar's tooltip shows it whole.
        self.messageChanged.connect(self.setToolTip)
        self._pending = 0
        self._waiting_for_user = 0  # conflicts, refused commands and edits that need attention

    def _label(self, name: str, accessible_name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setAccessibleName(accessible_name)
        return label

    def set_connection(self, text: str, state: str) -> None:
        """Show ``text`` with a style ``state`` ("ok", "offline", "error", "busy" or "idle")."""
        symbols = {"ok": "●", "offline": "○", "error": "✕", "busy": "⟳", "idle": "○"}
        label = self.connection_label
        label.setProperty("state", state)
        # The style sheet matches [state=...] when it polishes the label, which setText does first. So only
        # a label polished earlier is polished again. At start-up that skips QStyle, whose enums are slow to make.
        if label.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
            label.style().unpolish(label)
            label.style().polish(label)
        label.setText(f"{symbols.get(state, '○')} {text}")

    def show_sync_started(self) -> None:
        self.set_connection(self.tr("Sincronizando…"), "busy")
        self.progress_bar.setRange(0, 0)
        self.progress_bar.show()

    def show_sync_progress(self, phase: str, done: int, total: int) -> None:
        if phase == "push":
            text = self.tr("Sincronizando… enviando {done} de {total}").format(done=done, total=max(total, done))
        elif phase == "backfill":
            text = self.tr("Sincronizando… {done} registros de unidades novas recebidos").format(done=done)
        else:
            text = self.tr("Sincronizando… {done} registros recebidos").format(done=done)
        self.set_connection(text, "busy")
        if total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(min(done, total))
        else:
            self.progress_bar.setRange(0, 0)

    def show_sync_result(self, failure_kind: str | None, message: str | None = None) -> None:
        """Show the state after a sync; ``failure_kind`` None means it succeeded."""
        self.progress_bar.hide()
        if failure_kind is None:
            self._show_up_to_date()
            self.connection_label.setToolTip("")
            return
        state = "offline" if failure_kind == FailureKind.OFFLINE else "error"
        self.set_connection(connection_text(failure_kind), state)
        self.connection_label.setToolTip(message or "")

    def _show_up_to_date(self) -> None:
        # "Atualizado" would be false while edits made after the sync wait for the next one.
        # It would also read as "nothing to do" while conflicts or refused edits wait for the user.
        if self._pending > 0:
            self.set_connection(self.tr("Conectado – alterações aguardando envio"), "ok")
        elif self._waiting_for_user > 0:
            self.set_connection(self.tr("Conectado – há pendências para você resolver"), "ok")
        else:
            self.set_connection(connection_text(None), "ok")

    def show_counts(self, status: StoreStatus) -> None:
        """Show pending, conflict and rejection counts and the last sync time of the local store."""
        self._pending = status.pending
        self._waiting_for_user = status.conflicts + status.rejected + status.attention
        if self.connection_label.property("state") == "ok":
            self._show_up_to_date()
        if status.pending == 0:
            self.pending_label.setText(self.tr("Nenhuma alteração pendente"))
        elif status.pending == 1:
            self.pending_label.setText(self.tr("1 alteração pendente"))
        else:
            self.pending_label.setText(self.tr("{count} alterações pendentes").format(count=_count(status.pending)))

        self.conflicts_label.setVisible(status.conflicts > 0)
        if status.conflicts == 1:
            self.conflicts_label.setText(self.tr("⚠ 1 conflito"))
        else:
            self.conflicts_label.setText(self.tr("⚠ {count} conflitos").format(count=_count(status.conflicts)))

        self.rejections_label.setVisible(status.rejected > 0)
        if status.rejected == 1:
            self.rejections_label.setText(self.tr("⚠ 1 alteração recusada"))
        else:
            self.rejections_label.setText(self.tr("⚠ {count} alterações recusadas").format(count=_count(status.rejected)))

        self.attention_label.setVisible(status.attention > 0)
        if status.attention == 1:
            self.attention_label.setText(self.tr("⚠ 1 alteração precisa de atenção"))
        else:
            self.attention_label.setText(
                self.tr("⚠ {count} alterações precisam de atenção").format(count=_count(status.attention))
            )

        self.quarantine_label.setVisible(status.quarantined > 0)
        self.quarantine_label.setText(
            self.tr("⚠ {count} em quarentena (unidade fora do seu acesso)").format(count=status.quarantined)
        )

        if status.last_sync_at is None:
            self.last_sync_label.setText(self.tr("Nunca sincronizado"))
        else:
            self.last_sync_label.setText(
                self.tr("Última sincronização: {when}").format(when=format_local_time(status.last_sync_at))
            )


def _count(number: int) -> str:
    """Format a count with the locale's thousands separator: 26.477 in pt-BR."""
    return QLocale().toString(number)
