"""The main window: navigation between the four screens, menus, sync and the status bar."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.domain.codes import PROFILE_LABELS
from planmp_desktop.domain.i18n import _
from planmp_desktop.gui.sheet_definition import PLAN_SHEET
from planmp_desktop.gui.sheet_table import SheetTable
from planmp_desktop.gui.first_paint import FirstPaintWatcher
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.gui.status import SyncStatusBar
from planmp_desktop.gui.sync_worker import SyncController
from planmp_desktop.services import AppServices

if TYPE_CHECKING:
    # The approvals and audit screens, the sync-issues dialog and the sync engine (with HTTP) are
    # imported when first used, after the window's first paint.
    from planmp_desktop.gui.approvals import ApprovalsView
    from planmp_desktop.gui.audit import AuditView
    from planmp_desktop.gui.conflicts import SyncIssuesDialog
    from planmp_desktop.sync.engine import SyncReport

log = logging.getLogger(__name__)

# Wide enough for the sheet's leading columns and the audit's old and new values;
# a smaller screen gets a maximised window from the window manager.
DEFAULT_SIZE = QSize(1366, 840)
# The command line (planmp sync, planmp import) may change the store while the window is open.
COUNTS_REFRESH_MS = 10_000
STATUS_MESSAGE_MS = 10_000
# The first sync starts after the sheet's first paint, or after this long if the window is never painted.
FIRST_SYNC_LATEST_MS = 3_000
# Stack and navigation positions of the screens.
PLAN_SCREEN, BUDGET_SCREEN, APPROVALS_SCREEN, AUDIT_SCREEN = range(4)


# Room left on the screen for the window's frame and title bar, which resize() does not count.
FRAME_ALLOWANCE = QSize(16, 48)


def _initial_size(window: QWidget) -> QSize:
    """Return DEFAULT_SIZE, made smaller where the screen's free area is smaller, frame included."""
    screen = window.screen()
    if screen is None:
        return DEFAULT_SIZE
    return DEFAULT_SIZE.boundedTo(screen.availableGeometry().size() - FRAME_ALLOWANCE)


class MainWindow(QMainWindow):
    """PlanMP's main window.

    The lead wires ``import_requested`` (Arquivo › Importar ações do
    SIGPLAN…) and ``export_requested`` (Arquivo › Exportar…). Syncs run
    through ``sync`` (a :class:`SyncController`); ``start_background_sync``
    starts the periodic timer and a first sync. The budget, approvals and
    audit screens are built the first time they are shown or used. The Edit
    menu acts on the sheet shown, or on the plan sheet from another screen.
    """

    import_requested = Signal()
    import_table_requested = Signal()
    export_requested = Signal()
    first_painted = Signal()  # once, from the event loop, after the sheet's first paint

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(self.tr("PlanMP — Plano de Ação Anual {year}").format(year=services.settings.plan_year))
        self.resize(_initial_size(self))

        self.sheet = SheetView(services, self)
        self._budget: SheetView | None = None
        self._approvals: ApprovalsView | None = None
        self._audit: AuditView | None = None
        self.undo_group = QUndoGroup(self)
        self.undo_group.addStack(self.sheet.model.undo_stack)
        self.undo_group.setActiveStack(self.sheet.model.undo_stack)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.sheet)
        # Placeholders until the budget, approvals and audit screens are first shown.
        self.stack.addWidget(QWidget(self))
        self.stack.addWidget(QWidget(self))
        self.stack.addWidget(QWidget(self))

        self.navigation = QListWidget(self)
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(self.tr("Navegação entre telas"))
        self.navigation.addItems(self._screen_names())
        self.navigation.currentRowChanged.connect(self._show_stack_page)
        self.navigation.setCurrentRow(0)

        self.status = SyncStatusBar(self)
        self.setStatusBar(self.status)
        self.sync = SyncController(services.make_sync_engine, services.settings.sync_interval_s, self)
        self._first_sync_started = False
        self._paint_watcher = FirstPaintWatcher(self.sheet.table.viewport(), self.first_painted.emit)

        self._build_central()
        self._build_menus()
        self._connect()
        self.refresh_counts()
        self._counts_timer = QTimer(self)
        self._counts_timer.setInterval(COUNTS_REFRESH_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._counts_timer.start()

    # --- building ----------------------------------------------------------

    def _build_central(self) -> None:
        title = QLabel(self.tr("PlanMP"), self)
        title.setObjectName("appTitle")
        subtitle = QLabel(self.tr("Plano de Ação Anual {year}").format(year=self.services.settings.plan_year), self)
        subtitle.setObjectName("appSubtitle")
        user = self.services.user
        profile = PROFILE_LABELS.get(user.profile)  # type: ignore[call-overload]
        user_card = QLabel(
            self.tr("{name}\nPerfil: {profile}").format(name=user.name, profile=_(profile) if profile else user.profile),
            self,
        )
        user_card.setObjectName("userCard")
        user_card.setWordWrap(True)
        user_card.setAccessibleName(self.tr("Usuário conectado"))

        side = QWidget(self)
        side.setObjectName("sidePanel")
        side.setFixedWidth(220)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.setSpacing(0)
        side_layout.addWidget(title)
        side_layout.addWidget(subtitle)
        side_layout.addWidget(self.navigation, 1)
        side_layout.addWidget(user_card)
        side.setStyleSheet("QWidget#sidePanel { background: #ffffff; border-right: 1px solid #d9dde3; }")

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        menu_bar = self.menuBar()

        file_menu = menu_bar.addMenu(self.tr("&Arquivo"))
        self.import_action = QAction(self.tr("&Importar ações do SIGPLAN…"), self)
        self.import_action.triggered.connect(self.import_requested)
        self.import_table_action = QAction(self.tr("Importar &planilha (CSV, XLSX, HTML)…"), self)
        self.import_table_action.triggered.connect(self.import_table_requested)
        self.export_action = QAction(self.tr("&Exportar…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_requested)
        self.quit_action = QAction(self.tr("Sai&r"), self)
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.import_action)
        file_menu.addAction(self.import_table_action)
        file_menu.addAction(self.export_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        edit_menu = menu_bar.addMenu(self.tr("&Editar"))
        self.undo_action = self.undo_group.createUndoAction(self, self.tr("&Desfazer"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, self.tr("&Refazer"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence(QKeySequence.StandardKey.Redo)])
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)
        edit_menu.addSeparator()
        # The sheet table handles these keys itself; text after a tab only shows the key in the menu.
        for text, run in (
            (self.tr("Recor&tar\tCtrl+X"), SheetTable.cut_selection),
            (self.tr("&Copiar\tCtrl+C"), SheetTable.copy_selection),
            (self.tr("C&olar\tCtrl+V"), SheetTable.paste),
            (self.tr("&Limpar conteúdo\tDel"), lambda table: table.clear_selection()),
            (self.tr("Preencher para &baixo\tCtrl+D"), SheetTable.fill_down),
            (self.tr("Preencher à dir&eita\tCtrl+R"), SheetTable.fill_right),
            (self.tr("Locali&zar…\tCtrl+F"), lambda table: table.open_find(replacing=False)),
            (self.tr("&Substituir…\tCtrl+H"), lambda table: table.open_find(replacing=True)),
        ):
            action = QAction(text, self)
            action.triggered.connect(lambda _checked=False, run=run: self._run_on_sheet(run))
            edit_menu.addAction(action)
        find_action = QAction(self.tr("&Filtrar a planilha"), self)
        find_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        find_action.triggered.connect(self._focus_filter)
        edit_menu.addSeparator()
        edit_menu.addAction(find_action)

        view_menu = menu_bar.addMenu(self.tr("E&xibir"))
        for number, text in enumerate(self._screen_names()):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(lambda _checked=False, row=number: self.show_screen(row))
            view_menu.addAction(action)
        view_menu.addSeparator()
        columns_action = view_menu.addAction(self.tr("&Colunas…"))
        columns_action.triggered.connect(lambda: self.active_sheet().show_column_chooser())
        view_menu.addMenu(self._build_grouping_menu())
        collapse_action = view_menu.addAction(self.tr("&Recolher todos os grupos"))
        collapse_action.triggered.connect(lambda: self.active_sheet().model.set_groups_collapsed(True))
        expand_action = view_menu.addAction(self.tr("&Expandir todos os grupos"))
        expand_action.triggered.connect(lambda: self.active_sheet().model.set_groups_collapsed(False))

        sync_menu = menu_bar.addMenu(self.tr("&Sincronização"))
        self.sync_action = QAction(self.tr("Sincronizar &agora"), self)
        self.sync_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.sync_action.triggered.connect(self.sync_now)
        self.cancel_sync_action = QAction(self.tr("&Cancelar sincronização"), self)
        self.cancel_sync_action.setEnabled(False)
        self.cancel_sync_action.triggered.connect(self.sync.cancel)
        self.issues_action = QAction(self.tr("&Pendências de sincronização…"), self)
        self.issues_action.triggered.connect(self.show_sync_issues)
        sync_menu.addAction(self.sync_action)
        sync_menu.addAction(self.cancel_sync_action)
        sync_menu.addSeparator()
        sync_menu.addAction(self.issues_action)

        help_menu = menu_bar.addMenu(self.tr("Aj&uda"))
        about_action = QAction(self.tr("&Sobre o PlanMP"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    def _screen_names(self) -> list[str]:
        return [self.tr("Planilha do plano"), self.tr("Orçamento"), self.tr("Aprovações"), self.tr("Auditoria")]

    def _build_grouping_menu(self) -> QMenu:
        """Return the "Agrupar planilha por" menu: one exclusive choice per grouping of the plan sheet."""
        menu = QMenu(self.tr("A&grupar planilha por"), self)
        choices = QActionGroup(menu)
        choices.setExclusive(True)
        self.grouping_actions: dict[str | None, QAction] = {}
        for name, text in [(None, self.tr("nenhum"))] + [
            (grouping.name, grouping.shown_label) for grouping in PLAN_SHEET.groupings
        ]:
            action = QAction(text, menu)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, name=name: self._group_plan_sheet(name))
            choices.addAction(action)
            menu.addAction(action)
            self.grouping_actions[name] = action
        menu.aboutToShow.connect(self._check_grouping_action)
        self._check_grouping_action()
        return menu

    def _group_plan_sheet(self, name: str | None) -> None:
        self.show_screen(PLAN_SCREEN)
        self.sheet.set_grouping(name)

    def _check_grouping_action(self) -> None:
        action = self.grouping_actions.get(self.sheet.model.grouping)
        if action is not None:
            action.setChecked(True)

    def _connect(self) -> None:
        self.sheet.status_message.connect(self.show_message)
        self.sheet.model.edits_written.connect(self.refresh_counts)

        self.sync.sync_started.connect(self._sync_started)
        self.sync.sync_progressed.connect(self.status.show_sync_progress)
        self.sync.sync_succeeded.connect(self._sync_succeeded)
        self.sync.sync_failed.connect(self._sync_failed)
        self.sync.sync_cancelled.connect(self._sync_cancelled)
        self.sync.sync_finished.connect(self._sync_finished)

    # --- screens built on first use ------------------------------------------

    @property
    def budget(self) -> SheetView:
        """The "Orçamento" screen, built on first use."""
        if self._budget is None:
            from planmp_desktop.gui.sheet_budget import budget_sheet_view

            view = budget_sheet_view(self.services, self)
            view.status_message.connect(self.show_message)
            view.model.edits_written.connect(self.refresh_counts)
            self.undo_group.addStack(view.model.undo_stack)
            self._replace_placeholder(BUDGET_SCREEN, view)
            self._budget = view
        return self._budget

    @property
    def approvals(self) -> ApprovalsView:
        """The "Aprovações" screen, built on first use."""
        if self._approvals is None:
            from planmp_desktop.gui.approvals import ApprovalsView

            view = ApprovalsView(self.services, self)
            view.status_message.connect(self.show_message)
            view.commands_enqueued.connect(self.refresh_counts)
            view.sync_requested.connect(self.sync_now)
            self._replace_placeholder(APPROVALS_SCREEN, view)
            self._approvals = view
        return self._approvals

    @property
    def audit(self) -> AuditView:
        """The "Auditoria" screen, built on first use."""
        if self._audit is None:
            from planmp_desktop.gui.audit import AuditView

            view = AuditView(self.services, self)
            view.status_message.connect(self.show_message)
            self._replace_placeholder(AUDIT_SCREEN, view)
            self._audit = view
        return self._audit

    def _replace_placeholder(self, number: int, screen: QWidget) -> None:
        placeholder = self.stack.widget(number)
        self.stack.insertWidget(number, screen)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()

    def _show_stack_page(self, number: int) -> None:
        # Reading the property builds the screen in place of its placeholder.
        if number == BUDGET_SCREEN:
            _ = self.budget
        elif number == APPROVALS_SCREEN:
            _ = self.approvals
        elif number == AUDIT_SCREEN:
            _ = self.audit
        self.stack.setCurrentIndex(number)
        self.undo_group.setActiveStack(self.active_sheet().model.undo_stack)

    # --- public --------------------------------------------------------------

    def show_screen(self, number: int) -> None:
        self.navigation.setCurrentRow(number)
        self.stack.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def active_sheet(self) -> SheetView:
        """Return the sheet screen shown, or the plan sheet when another screen is shown."""
        current = self.stack.currentWidget()
        if self._budget is not None and current is self._budget:
            return self._budget
        return self.sheet

    def _run_on_sheet(self, run: Callable[[SheetTable], object]) -> None:
        sheet = self.active_sheet()
        if sheet is self.sheet:
            self.show_screen(PLAN_SCREEN)
        run(sheet.table)

    def show_message(self, text: str) -> None:
        self.status.showMessage(text, STATUS_MESSAGE_MS)

    def refresh_counts(self) -> None:
        self.status.show_counts(self.services.store.status())

    def sync_now(self) -> None:
        """Start a sync now unless one is running (F5, or after an approval action)."""
        if not self.sync.sync_now():
            self.show_message(self.tr("Já existe uma sincronização em andamento."))

    def show_sync_issues(self) -> SyncIssuesDialog:
        """Open the conflicts, rejections, needs-attention and quarantine lists (non-modal)."""
        from planmp_desktop.gui.conflicts import SyncIssuesDialog

        settings = self.services.settings
        dialog = SyncIssuesDialog(self.services.store, self, plan_year=settings.plan_year, sei_format=settings.sei_format)
        dialog.issues_changed.connect(self.reload_all)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        return dialog

    def start_background_sync(self) -> None:
        """Start the periodic sync timer, and a first sync after the sheet's first paint.

        The worker thread imports the sync engine and its HTTP client, which
        would hold the interpreter lock while the sheet paints its first rows.
        """
        self.sync.start_periodic()
        self.first_painted.connect(self._start_first_sync)
        QTimer.singleShot(FIRST_SYNC_LATEST_MS, self._start_first_sync)

    def _start_first_sync(self) -> None:
        if self._first_sync_started:
            return
        self._first_sync_started = True
        self.sync.sync_now()

    def reload_all(self) -> None:
        """Re-read every screen from the local store (after a sync)."""
        self.sheet.reload()
        if self._budget is not None:
            self._budget.reload()
        if self._approvals is not None:
            self._approvals.refresh()
        if self._audit is not None:
            self._audit.reload_filters()
            self._audit.refresh()
        self.refresh_counts()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # its enums cost start-up time, and only this dialog needs it

        QMessageBox.about(
            self,
            self.tr("Sobre o PlanMP"),
            self.tr(
                "<h3>PlanMP Desktop {version}</h3>"
                "<p>Planejamento estratégico e Plano de Ação Anual do Ministério Público.</p>"
                "<p>Funciona sem conexão: as alterações ficam guardadas neste computador "
                "e são enviadas ao servidor na sincronização.</p>"
                "<p>Servidor: {server}</p>"
            ).format(version=_app_version(), server=self.services.settings.server_url),
        )

    # --- sync outcomes -----------------------------------------------------------

    def _sync_started(self) -> None:
        self.status.show_sync_started()
        self.sync_action.setEnabled(False)
        self.cancel_sync_action.setEnabled(True)

    def _sync_succeeded(self, report: SyncReport) -> None:
        self.status.show_sync_result(None)
        self.services.refresh_user()
        self.reload_all()
        if report.rejected or report.conflicts:
            self.show_message(
                self.tr("Sincronização concluída: {conflicts} conflito(s) e {rejected} recusa(s) precisam de atenção.").format(
                    conflicts=report.conflicts, rejected=report.rejected
                )
            )
        else:
            self.show_message(self.tr("Sincronização concluída."))

    def _sync_failed(self, kind: str, message: str) -> None:
        self.status.show_sync_result(kind, message)
        self.show_message(message)
        self.refresh_counts()

    def _sync_cancelled(self) -> None:
        self.status.show_sync_result(None)
        self.status.set_connection(self.tr("Sincronização cancelada"), "idle")
        self.reload_all()

    def _sync_finished(self) -> None:
        self.sync_action.setEnabled(True)
        self.cancel_sync_action.setEnabled(False)

    def _focus_filter(self) -> None:
        sheet = self.active_sheet()
        if sheet is self.sheet:
            self.show_screen(PLAN_SCREEN)
        sheet.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        sheet.filter_edit.selectAll()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._counts_timer.stop()
        self.sync.shutdown()
        if self._audit is not None:
            self._audit.wait_for_server()
        super().closeEvent(event)


def _app_version() -> str:
    # importlib.metadata takes about 20 ms to import, so it waits until the About box opens.
    import importlib.metadata

    try:
        return importlib.metadata.version("planmp-desktop")
    except importlib.metadata.PackageNotFoundError:
        return "(versão de desenvolvimento)"
