"""The "Importar ações do SIGPLAN" dialog, the import wizard's wiring and the export action of the main window."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planmp_desktop.domain.errors import describe_os_error
from planmp_desktop.domain.money import format_money
from planmp_desktop.io.budget_import import ImportReport as BudgetImportReport
from planmp_desktop.io.budget_import import undo_budget_import
from planmp_desktop.io.export import export_plan_items
from planmp_desktop.io.item_import import ItemImportReport, undo_item_import
from planmp_desktop.io.plan_import import ImportRefused, ImportSummary, find_unit_for_uo, import_sigplan
from planmp_desktop.io.plan_import import undo_sigplan_import
from planmp_desktop.io.sigplan import SigplanFormatError, list_sigplan_uos
from planmp_desktop.services import AppServices
from planmp_desktop.store.errors import write_failure_message

log = logging.getLogger(__name__)


class SigplanImportDialog(QDialog):
    """Chooses the SIGPLAN file, the unidade orçamentária, the plan year and the target unit."""

    def __init__(self, services: AppServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.summary: ImportSummary | None = None  # the finished import, which the sheet can undo
        self.setWindowTitle(self.tr("Importar ações do SIGPLAN"))
        self.setMinimumWidth(640)

        self.file_edit = QLineEdit(self)
        self.file_edit.setAccessibleName(self.tr("Arquivo do SIGPLAN"))
        self.file_edit.setPlaceholderText(self.tr("acoes_planejamento.txt"))
        browse = QPushButton(self.tr("Procurar…"), self)
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(browse)

        self.uo_combo = QComboBox(self)
        self.uo_combo.setEditable(True)
        self.uo_combo.setAccessibleName(self.tr("Unidade orçamentária"))
        self.uo_combo.currentIndexChanged.connect(self._suggest_unit)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(services.settings.plan_year)
        self.year_spin.setAccessibleName(self.tr("Ano do plano"))
        self.unit_combo = QComboBox(self)
        self.unit_combo.setAccessibleName(self.tr("Unidade de destino"))
        for unit in services.store.fetch_rows("unit", order_by="name"):
            self.unit_combo.addItem(f"{unit['name']} ({unit['code']})", str(unit["id"]))
        if services.user.home_unit_id is not None:
            self._select_unit(services.user.home_unit_id)

        self.hint = QLabel(
            self.tr(
                "Cada ação da unidade orçamentária vira uma iniciativa do plano, com a previsão "
                "orçamentária e a meta física do ano escolhido. Ações com exclusão lógica são ignoradas."
            ),
            self,
        )
        self.hint.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #a61b1b;")

        form = QFormLayout()
        form.addRow(self.tr("Arquivo:"), file_row)
        form.addRow(self.tr("Unidade orçamentária:"), self.uo_combo)
        form.addRow(self.tr("Ano do plano:"), self.year_spin)
        form.addRow(self.tr("Unidade de destino:"), self.unit_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Importar"))
        buttons.accepted.connect(self._import)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.file_edit.editingFinished.connect(self._load_uos)

    def set_file(self, path: Path) -> None:
        self.file_edit.setText(str(path))
        self._load_uos()

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Arquivo de ações do SIGPLAN"), "", self.tr("Texto separado por | (*.txt);;Todos (*)")
        )
        if name:
            self.set_file(Path(name))

    def _load_uos(self) -> None:
        path = Path(self.file_edit.text().strip())
        self.uo_combo.clear()
        self.error_label.clear()
        if not path.is_file():
            return
        try:
            for code, name, count in list_sigplan_uos(path):
                self.uo_combo.addItem(self.tr("{0} – {1} ({2} ações)").format(code, name, count), code)
        except (SigplanFormatError, OSError) as exc:
            self.error_label.setText(self.tr("Não foi possível ler o arquivo: {0}").format(exc))
            return
        self._select_known_uo()

    def _select_known_uo(self) -> None:
        """Preselect the first UO of the file that a unit of this computer's store has."""
        for index in range(self.uo_combo.count()):
            if find_unit_for_uo(self.services.store, self.uo_combo.itemData(index)) is not None:
                self.uo_combo.setCurrentIndex(index)
                return

    def _suggest_unit(self) -> None:
        uo = self.uo_combo.currentData()
        if uo:
            unit_id = find_unit_for_uo(self.services.store, uo)
            if unit_id is not None:
                self._select_unit(unit_id)

    def _select_unit(self, unit_id: uuid.UUID) -> None:
        index = self.unit_combo.findData(str(unit_id))
        if index >= 0:
            self.unit_combo.setCurrentIndex(index)

    def _selected_uo(self) -> str:
        data = self.uo_combo.currentData()
        if data and self.uo_combo.currentText() == self.uo_combo.itemText(self.uo_combo.currentIndex()):
            return str(data)
        return self.uo_combo.currentText().split("–")[0].strip()

    def _import(self) -> None:
        path = Path(self.file_edit.text().strip())
        uo = self._selected_uo()
        if not path.is_file():
            self.error_label.setText(self.tr("Arquivo '{0}' não encontrado: escolha o arquivo do SIGPLAN.").format(path))
            return
        if not uo:
            self.error_label.setText(self.tr("Escolha a unidade orçamentária a importar."))
            return
        unit_data = self.unit_combo.currentData()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            summary = import_sigplan(
                self.services.store,
                path,
                uo,
                self.year_spin.value(),
                uuid.UUID(unit_data) if unit_data else None,
                user=self.services.user,
            )
        except ImportRefused as exc:
            details = "\n".join(exc.details[:20])
            self.error_label.setText(exc.message + ("\n" + details if details else ""))
            return
        except (SigplanFormatError, ValueError, OSError) as exc:
            self.error_label.setText(self.tr("Não foi possível importar: {0}").format(exc))
            return
        except sqlite3.Error as exc:
            log.warning("SIGPLAN import of %s not written: %s", path.name, exc)
            self.error_label.setText(write_failure_message(exc, self.services.store.path))
            return
        finally:
            QGuiApplication.restoreOverrideCursor()

        lines = [self.tr("{0} ação(ões) importada(s) como iniciativas.").format(summary.imported)]
        if summary.already_present:
            lines.append(self.tr("{0} já estavam no plano e foram mantidas.").format(len(summary.already_present)))
        if summary.skipped_deleted:
            lines.append(self.tr("Ignoradas por exclusão lógica:"))
            lines.extend("  " + line for line in summary.skipped_deleted[:20])
        for year, total in sorted(summary.totals_by_year.items()):
            lines.append(self.tr("Previsão orçamentária {0}: {1}").format(year, format_money(total, symbol=True)))
        QMessageBox.information(self, self.tr("Importação concluída"), "\n".join(lines))
        self.summary = summary
        self.accept()


def export_plan(services: AppServices, parent: QWidget | None) -> None:
    """Ask for a file name and export the plan's items to XLSX or CSV."""
    title = QCoreApplication.translate("ExportPlan", "Exportar plano")
    plan_id = services.plan_id()
    if plan_id is None:
        message = QCoreApplication.translate("ExportPlan", "Não há plano neste computador: sincronize primeiro.")
        QMessageBox.warning(parent, title, message)
        return
    file_types = QCoreApplication.translate("ExportPlan", "Planilha Excel (*.xlsx);;CSV separado por ; (*.csv)")
    name, _filter = QFileDialog.getSaveFileName(parent, title, "plano.xlsx", file_types)
    if not name:
        return
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        count = export_plan_items(services.store, plan_id, Path(name))
    except (ValueError, OSError) as exc:
        QGuiApplication.restoreOverrideCursor()
        _warn_export_failed(parent, title, name, exc)
        return
    QGuiApplication.restoreOverrideCursor()
    message = QCoreApplication.translate("ExportPlan", "{count} item(ns) exportado(s) para {name}.")
    QMessageBox.information(parent, title, message.format(count=count, name=name))


def export_budget(services: AppServices, parent: QWidget | None, year: int | None) -> None:
    """Ask for a file name and layout and export the budget lines of exercício ``year`` (all when None).

    PlanMP's layout keeps every field, so the file can be imported again; the
    Portal da Transparência's is for publishing.
    """
    from planmp_desktop.io.budget_export import PLANMP_LAYOUT, PORTAL_LAYOUT, export_budget_lines

    title = QCoreApplication.translate("ExportPlan", "Exportar orçamento")
    planmp_types = QCoreApplication.translate(
        "ExportPlan", "Planilha Excel, leiaute do PlanMP (*.xlsx);;CSV separado por ;, leiaute do PlanMP (*.csv)"
    )
    portal_types = QCoreApplication.translate(
        "ExportPlan",
        "Planilha Excel, leiaute do Portal da Transparência (*.xlsx);;"
        "CSV, leiaute do Portal da Transparência (*.csv)",
    )
    suggested = f"orcamento-{year}.xlsx" if year is not None else "orcamento.xlsx"
    name, chosen = QFileDialog.getSaveFileName(parent, title, suggested, f"{planmp_types};;{portal_types}")
    if not name:
        return
    layout = PORTAL_LAYOUT if chosen and chosen in portal_types.split(";;") else PLANMP_LAYOUT
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        count = export_budget_lines(services.store, Path(name), year=year, layout=layout)
    except (ValueError, OSError) as exc:
        QGuiApplication.restoreOverrideCursor()
        _warn_export_failed(parent, title, name, exc)
        return
    QGuiApplication.restoreOverrideCursor()
    if layout == PORTAL_LAYOUT:
        message = QCoreApplication.translate(
            "ExportPlan",
            "{count} linha(s) orçamentária(s) exportada(s) para {name}, no leiaute do Portal da Transparência. "
            "Esse leiaute não tem modalidade, fonte, liquidado e pago: para importar o arquivo de novo, "
            "exporte no leiaute do PlanMP.",
        )
    else:
        message = QCoreApplication.translate(
            "ExportPlan", "{count} linha(s) orçamentária(s) exportada(s) para {name}, no leiaute do PlanMP."
        )
    QMessageBox.information(parent, title, message.format(count=count, name=name))


def _warn_export_failed(parent: QWidget | None, title: str, name: str, exc: ValueError | OSError) -> None:
    reason = describe_os_error(exc) if isinstance(exc, OSError) else str(exc)
    message = QCoreApplication.translate("ExportPlan", "Não foi possível exportar para {name}: {reason}.")
    # The reason is a sentence of its own, ending in a period that the message's would double.
    QMessageBox.warning(parent, title, message.format(name=name, reason=reason.rstrip(".")))


class ItemImportCommand(QUndoCommand):
    """A finished plan-item, SIGPLAN or budget-line import as one step of a sheet's undo stack.

    The import is already written when the command is pushed, so the first
    ``redo`` does nothing. ``undo`` removes the inserted rows and restores
    the updated ones in one transaction, then the command drops itself from
    the stack: redoing means importing the file again.
    """

    def __init__(
        self,
        services: AppServices,
        report: ItemImportReport | ImportSummary | BudgetImportReport,
        refresh: Callable[[], None],
    ) -> None:
        if isinstance(report, BudgetImportReport):
            title = QCoreApplication.translate("ItemImportCommand", "Importação de {0} linha(s) orçamentária(s)")
            count = report.inserted + report.updated
        else:
            title = QCoreApplication.translate("ItemImportCommand", "Importação de {0} item(ns)")
            count = report.imported if isinstance(report, ImportSummary) else report.inserted + report.updated
        super().__init__(title.format(count))
        self._services = services
        self._report = report
        self._refresh = refresh
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self.setObsolete(True)
        self._pushed = True

    def undo(self) -> None:
        report = self._report
        # A budget report loses its written rows when undone (from the wizard's page too).
        undone = report.written is None if isinstance(report, BudgetImportReport) else report.undone
        if not undone:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                if isinstance(report, ImportSummary):
                    undo_sigplan_import(self._services.store, report)
                elif isinstance(report, BudgetImportReport):
                    undo_budget_import(self._services.store, report)
                else:
                    undo_item_import(self._services.store, report)
            finally:
                QGuiApplication.restoreOverrideCursor()
            # Reload once the stack has finished this undo, because a reload may change the stack.
            QTimer.singleShot(0, self._refresh)
        self.setObsolete(True)


def push_item_import_undo(
    undo_stack: QUndoStack, services: AppServices, result: object, refresh: Callable[[], None]
) -> bool:
    """Push a finished import onto ``undo_stack`` so Ctrl+Z in the sheet undoes it; returns whether it did.

    ``result`` is the wizard's: an ItemImportReport, a budget ImportReport, or the SIGPLAN preset's summary.
    """
    if isinstance(result, BudgetImportReport):
        if result.cancelled or result.written is None or result.inserted + result.updated == 0:
            return False
        undo_stack.push(ItemImportCommand(services, result, refresh))
        return True
    summary = getattr(result, "summary", None)
    if isinstance(summary, ImportSummary):
        if summary.undone or summary.imported == 0:
            return False
        undo_stack.push(ItemImportCommand(services, summary, refresh))
        return True
    if not isinstance(result, ItemImportReport) or result.cancelled or result.undone:
        return False
    if result.inserted + result.updated == 0:
        return False
    undo_stack.push(ItemImportCommand(services, result, refresh))
    return True


def connect_import_export(window: QWidget, services: AppServices) -> None:
    """Wire the main window's import and export menu actions.

    A plan-item import from the wizard becomes one step of the sheet's undo
    stack (``window.sheet.model.undo_stack``), so Ctrl+Z in the sheet undoes it.
    """

    def open_import() -> None:
        dialog = SigplanImportDialog(services, window)
        if dialog.exec():
            window.reload_all()  # type: ignore[attr-defined]
            undo_stack = getattr(getattr(getattr(window, "sheet", None), "model", None), "undo_stack", None)
            if undo_stack is not None:
                push_item_import_undo(undo_stack, services, dialog, window.reload_all)  # type: ignore[attr-defined]
            window.sync_now()  # type: ignore[attr-defined]

    def open_wizard() -> None:
        from planmp_desktop.gui.import_wizard import ImportWizard

        wizard = ImportWizard(services, services.data_folder() / "mapeamentos", window)
        wizard.exec()
        window.reload_all()  # type: ignore[attr-defined]
        # Budget lines are undone from the budget sheet, plan items from the plan's.
        budget = isinstance(wizard.result, BudgetImportReport)
        sheet = getattr(window, "budget" if budget else "sheet", None)
        undo_stack = getattr(getattr(sheet, "model", None), "undo_stack", None)
        if isinstance(undo_stack, QUndoStack):
            push_item_import_undo(undo_stack, services, wizard.result, window.reload_all)  # type: ignore[attr-defined]

    window.import_requested.connect(open_import)  # type: ignore[attr-defined]
    window.import_table_requested.connect(open_wizard)  # type: ignore[attr-defined]
    window.export_requested.connect(lambda: _export_shown_screen(window, services))  # type: ignore[attr-defined]


def _export_shown_screen(window: QWidget, services: AppServices) -> None:
    """Export what the window shows: the budget lines from the Orçamento screen, else the plan's items."""
    from planmp_desktop.gui.main_window import BUDGET_SCREEN

    if window.stack.currentIndex() == BUDGET_SCREEN:  # type: ignore[attr-defined]
        export_budget(services, window, window.budget.model.year)  # type: ignore[attr-defined]
    else:
        export_plan(services, window)
