"""The "Importar planilha" wizard: file, format, preview, column mapping, import and its report.

A file becomes budget lines or the plan sheet's items, as chosen in the
mapping page's destination. Reading the whole file and writing the rows run on a
worker thread with its own store connection, so the window stays responsive
and the user can cancel; a cancelled import writes nothing.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.money import format_decimal, format_money
from planmp_desktop.io.budget_import import ImportReport, RejectedRow, import_budget_lines, undo_budget_import
from planmp_desktop.io.item_cells import keep_rows
from planmp_desktop.io.item_import import ItemImportReport, import_plan_items, undo_item_import
from planmp_desktop.io.mapping import (
    BUDGET_TARGETS,
    ITEM_TARGETS,
    MONEY_TARGETS,
    PLAN_SHEET,
    PRESETS,
    SIGPLAN_ACOES,
    ColumnMapping,
    find_preset,
    guess_mapping,
    load_mappings,
    save_mapping,
    targets_for,
)
from planmp_desktop.io import sigplan
from planmp_desktop.io.plan_import import (
    ImportRefused,
    ImportSummary,
    find_unit_for_uo,
    import_sigplan,
    undo_sigplan_import,
)
from planmp_desktop.io.readers import (
    DECIMAL_STYLE_LABELS,
    ENCODINGS,
    SEPARATOR_LABELS,
    DecimalStyle,
    ParsedWorkbooks,
    Table,
    TableReadError,
    list_sheets,
    read_table,
)
from planmp_desktop.io.sigplan import SigplanFormatError, list_sigplan_uos
from planmp_desktop.services import AppServices, CurrentUser
from planmp_desktop.store.errors import write_failure_message
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)

PREVIEW_ROWS = 50
IGNORE = ""
BUDGET_LINE_ENTITY = "budget_line"
DESTINATIONS = {BUDGET_LINE_ENTITY: "Linhas orçamentárias", PLAN_SHEET: "Itens do plano (planilha)"}
ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 com BOM",
    "cp1252": "Windows-1252",
    "iso-8859-1": "ISO-8859-1 (Latin-1)",
}


@dataclass
class ReadSettings:
    """Settings the format page passes to ``read_table``; None means detect."""

    encoding: str | None = None
    separator: str | None = None
    decimal_style: DecimalStyle | None = None
    header_row: int | None = None
    sheet: str | None = None

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "encoding": self.encoding,
            "separator": self.separator,
            "decimal_style": self.decimal_style,
            "header_row": self.header_row,
            "sheet": self.sheet,
        }


@dataclass
class SigplanSummary:
    """Outcome of a SIGPLAN-preset import, shown on the result page."""

    imported: int
    messages: list[str]
    refused: list[str]
    summary: ImportSummary | None = None  # what the result page's undo removes


class ImportWorker(QThread):
    """Reads the whole file and imports it with its own LocalStore connection.

    ``progressed`` carries (done, total); ``succeeded`` an ImportReport, an
    ItemImportReport or a SigplanSummary; ``failed`` the pt-BR message of an
    error.
    """

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        store_path: Path,
        path: Path,
        settings: ReadSettings,
        mapping: ColumnMapping,
        year: int | None,
        unit_id: uuid.UUID | None,
        uo: str,
        parent: QWidget | None = None,
        user: CurrentUser | None = None,
        sei_format: str = "cnmp",
        row_filter: tuple[str, str] | None = None,
        workbooks: ParsedWorkbooks | None = None,
    ) -> None:
        super().__init__(parent)
        self._user = user
        self._row_filter = row_filter
        self._workbooks = workbooks
        self.rows_left_out = 0
        self._sei_format = sei_format
        self._store_path = store_path
        self._path = path
        self._settings = settings
        self._mapping = mapping
        self._year = year
        self._unit_id = unit_id
        self._uo = uo
        self._cancel_requested = False
        self.store_failed = False  # the local store, not the file, stopped the import

    def request_cancel(self) -> None:
        self._cancel_requested = True

    def run(self) -> None:
        store: LocalStore | None = None
        try:
            store = LocalStore(self._store_path)
            if self._mapping.entity == SIGPLAN_ACOES.entity:
                result: object = self._run_sigplan(store)
            elif self._mapping.entity == PLAN_SHEET:
                table = self._filtered(
                    read_table(self._path, typed=True, workbooks=self._workbooks, **self._settings.as_kwargs())
                )
                result = import_plan_items(
                    store,
                    table,
                    self._mapping,
                    self._year,
                    self._unit_id,
                    self._user,
                    sei_format=self._sei_format,
                    progress=self.progressed.emit,
                    cancel=lambda: self._cancel_requested,
                )
            else:
                table = self._filtered(
                    read_table(self._path, workbooks=self._workbooks, **self._settings.as_kwargs())
                )
                result = import_budget_lines(
                    store,
                    table,
                    self._mapping,
                    self._year,
                    self._unit_id,
                    progress=self.progressed.emit,
                    cancel=lambda: self._cancel_requested,
                )
        except (TableReadError, SigplanFormatError, ValueError, OSError) as exc:
            log.warning("Spreadsheet import of %s failed: %s", self._path.name, exc)
            self.failed.emit(str(exc))
            return
        except sqlite3.Error as exc:
            log.warning("Spreadsheet import of %s not written: %s", self._path.name, exc)
            self.store_failed = True
            self.failed.emit(write_failure_message(exc, self._store_path))
            return
        except Exception as exc:  # the page must leave the progress state whatever fails
            log.exception("Spreadsheet import of %s failed unexpectedly", self._path.name)
            self.failed.emit(f"erro inesperado ({type(exc).__name__}); nada foi gravado. Tente de novo.")
            return
        finally:
            if store is not None:
                store.close()
        self.succeeded.emit(result)

    def _filtered(self, table: Table) -> Table:
        if self._row_filter is None:
            return table
        table, self.rows_left_out = keep_rows(table, *self._row_filter)
        return table

    def _run_sigplan(self, store: LocalStore) -> SigplanSummary:
        try:
            summary = import_sigplan(store, self._path, self._uo, self._year, self._unit_id, user=self._user)
        except ImportRefused as exc:
            return SigplanSummary(0, [exc.message], exc.details)
        messages = [f"{summary.imported} ação(ões) importada(s) como iniciativas."]
        if summary.already_present:
            messages.append(f"{len(summary.already_present)} já estavam no plano e foram mantidas.")
        messages.extend(f"Ignorada por exclusão lógica – {line}" for line in summary.skipped_deleted)
        return SigplanSummary(summary.imported, messages, [], summary)


class FilePage(QWizardPage):
    """Step 1: choose the file."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Escolha o arquivo"))
        self.setSubTitle(
            self.tr("CSV, texto separado por | ou tabulação, planilha XLSX ou tabela HTML salva como .xls.")
        )
        self.path_edit = QLineEdit(self)
        self.path_edit.setAccessibleName(self.tr("Arquivo a importar"))
        self.path_edit.setPlaceholderText(self.tr("Caminho do arquivo, ou escolha com Procurar…"))
        path_label = QLabel(self.tr("&Arquivo:"), self)
        path_label.setBuddy(self.path_edit)
        browse = QPushButton(self.tr("&Procurar…"), self)
        browse.clicked.connect(self._browse)
        self.error_label = _error_label(self)
        row = QHBoxLayout()
        row.addWidget(path_label)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.registerField("path*", self.path_edit)

    def _browse(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Arquivo a importar"),
            "",
            self.tr("Planilhas e textos (*.csv *.txt *.xlsx *.xls *.htm *.html);;Todos (*)"),
        )
        if name:
            self.path_edit.setText(name)

    def validatePage(self) -> bool:
        path = Path(self.path_edit.text().strip())
        if path.is_dir():
            self.error_label.setText(self.tr("'{0}' é uma pasta, não um arquivo: escolha o arquivo a importar.").format(path))
            return False
        if not path.is_file():
            self.error_label.setText(self.tr("Arquivo '{0}' não encontrado: escolha outro.").format(path))
            return False
        try:
            table = read_table(path, max_rows=PREVIEW_ROWS, workbooks=self._wizard.workbooks)
        except TableReadError as exc:
            self.error_label.setText(str(exc))
            return False
        self.error_label.clear()
        self._wizard.path = path
        self._wizard.detected = table
        self._wizard.settings = ReadSettings(sheet=table.sheet)
        return True


class FormatPage(QWizardPage):
    """Step 2: the detected encoding, separator, decimal style and header row, each changeable."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Formato do arquivo"))
        self.setSubTitle(self.tr("Confira o que foi detectado e corrija se a prévia sair errada."))
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setAccessibleName(self.tr("Codificação"))
        for name in ENCODINGS:
            self.encoding_combo.addItem(ENCODING_LABELS[name], name)
        self.separator_combo = QComboBox(self)
        self.separator_combo.setAccessibleName(self.tr("Separador"))
        for separator, label in SEPARATOR_LABELS.items():
            self.separator_combo.addItem(_(label), separator)
        self.decimal_combo = QComboBox(self)
        self.decimal_combo.setAccessibleName(self.tr("Separador decimal"))
        for style, label in DECIMAL_STYLE_LABELS.items():
            self.decimal_combo.addItem(_(label), style.value)
        self.header_spin = QSpinBox(self)
        self.header_spin.setRange(1, 1000)
        self.header_spin.setAccessibleName(self.tr("Linha do cabeçalho"))
        self.sheet_combo = QComboBox(self)
        self.sheet_combo.setAccessibleName(self.tr("Planilha"))
        self.detected_label = QLabel(self)
        self.detected_label.setWordWrap(True)

        self.form = QFormLayout()
        self.form.addRow(self.tr("Codificação:"), self.encoding_combo)
        self.form.addRow(self.tr("Separador:"), self.separator_combo)
        self.form.addRow(self.tr("Números:"), self.decimal_combo)
        self.form.addRow(self.tr("Linha do cabeçalho:"), self.header_spin)
        self.form.addRow(self.tr("Planilha:"), self.sheet_combo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.detected_label)
        layout.addLayout(self.form)
        layout.addStretch(1)

    def initializePage(self) -> None:
        table = self._wizard.detected
        is_text = table.separator is not None
        _select_data(self.encoding_combo, table.encoding)
        _select_data(self.separator_combo, table.separator)
        _select_data(self.decimal_combo, table.decimal_style.value)
        self.header_spin.setValue(table.header_row)
        self.sheet_combo.clear()
        for name in list_sheets(self._wizard.path):
            self.sheet_combo.addItem(name, name)
        _select_data(self.sheet_combo, table.sheet)
        for widget in (self.encoding_combo, self.separator_combo):
            self.form.setRowVisible(widget, is_text)
        self.form.setRowVisible(self.sheet_combo, table.sheet is not None)

        details = [self.tr("Números: {0}").format(_(DECIMAL_STYLE_LABELS[table.decimal_style]))]
        if is_text:
            details.insert(0, self.tr("Codificação: {0}").format(ENCODING_LABELS.get(table.encoding or "", table.encoding)))
            separator = table.separator or ""
            separator_label = _(SEPARATOR_LABELS[separator]) if separator in SEPARATOR_LABELS else separator
            details.insert(1, self.tr("Separador: {0}").format(separator_label))
        details.append(self.tr("Cabeçalho na linha {0}").format(table.header_row))
        self.detected_label.setText(self.tr("Detectado – ") + "; ".join(details) + ".")

    def validatePage(self) -> bool:
        table = self._wizard.detected
        is_text = table.separator is not None
        self._wizard.settings = ReadSettings(
            encoding=self.encoding_combo.currentData() if is_text else None,
            separator=self.separator_combo.currentData() if is_text else None,
            decimal_style=DecimalStyle(self.decimal_combo.currentData()),
            header_row=self.header_spin.value(),
            sheet=self.sheet_combo.currentData() if table.sheet is not None else None,
        )
        return True


class PreviewPage(QWizardPage):
    """Step 3: the first 50 rows as read with the chosen settings."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Prévia"))
        self.setSubTitle(self.tr("Primeiras {0} linhas, lidas com o formato escolhido.").format(PREVIEW_ROWS))
        self.table_widget = QTableWidget(self)
        self.table_widget.setAccessibleName(self.tr("Prévia das linhas"))
        self.table_widget.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.status_label = _error_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table_widget, 1)
        layout.addWidget(self.status_label)
        self._ok = False

    def initializePage(self) -> None:
        self._ok = False
        self.table_widget.clear()
        try:
            wizard = self._wizard
            table = read_table(
                wizard.path, max_rows=PREVIEW_ROWS, workbooks=wizard.workbooks, **wizard.settings.as_kwargs()
            )
        except TableReadError as exc:
            self.status_label.setText(str(exc))
            self.completeChanged.emit()
            return
        self._wizard.preview = table
        self.table_widget.setColumnCount(len(table.columns))
        self.table_widget.setHorizontalHeaderLabels(table.columns)
        self.table_widget.setRowCount(len(table.rows))
        self.table_widget.setVerticalHeaderLabels([str(line) for line in table.line_numbers])
        for row_index, row in enumerate(table.rows):
            for column_index, value in enumerate(row):
                self.table_widget.setItem(row_index, column_index, QTableWidgetItem(value))
        problems = [str(problem) for problem in table.problems[:5]]
        self.status_label.setText("\n".join(problems))
        self._ok = bool(table.columns)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._ok


class MappingPage(QWizardPage):
    """Step 4: which field each column fills, presets and saved mappings, year and unit."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Associe as colunas"))
        self.setSubTitle(self.tr("Escolha o campo que cada coluna preenche; colunas sem campo são ignoradas."))
        # As a commit page, its Next button reads "Importar" and QWizard disables Back on the running page.
        # Going back mid-import would start a second worker that writes every row again, so a user who
        # wants to stop uses "Cancelar importação", which writes nothing.
        self.setCommitPage(True)
        self.preset_combo = QComboBox(self)
        self.preset_combo.setAccessibleName(self.tr("Mapeamento pronto"))
        self.preset_combo.activated.connect(self._apply_selected_preset)
        self.destination_combo = QComboBox(self)
        self.destination_combo.setAccessibleName(self.tr("Destino da importação"))
        for entity, label in DESTINATIONS.items():
            self.destination_combo.addItem(self.tr(label), entity)
        self.destination_combo.activated.connect(self._change_destination)
        save_button = QPushButton(self.tr("Salvar mapeamento…"), self)
        save_button.clicked.connect(self._save)
        self.columns_table = QTableWidget(0, 3, self)
        self.columns_table.setAccessibleName(self.tr("Associação de colunas"))
        self.columns_table.setHorizontalHeaderLabels([self.tr("Coluna do arquivo"), self.tr("Campo"), self.tr("Exemplo")])
        self.columns_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.columns_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.year_spin = QSpinBox(self)
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(wizard.services.settings.plan_year)
        self.year_spin.setAccessibleName(self.tr("Exercício"))
        self.each_year_check = QCheckBox(self.tr("o de cada linha, da coluna do arquivo"), self)
        self.each_year_check.setToolTip(
            self.tr("Para arquivos com vários exercícios: cada linha é importada no ano que a coluna de exercício informa.")
        )
        self.each_year_check.toggled.connect(lambda checked: self.year_spin.setEnabled(not checked))
        self.unit_combo = QComboBox(self)
        self.unit_combo.setAccessibleName(self.tr("Unidade de destino"))
        self.unit_combo.addItem(self.tr("(sem unidade)"), "")
        for unit in wizard.services.store.fetch_rows("unit", order_by="name"):
            self.unit_combo.addItem(f"{unit['name']} ({unit['code']})", str(unit["id"]))
        _select_data(self.unit_combo, str(wizard.services.user.home_unit_id or ""))
        self.uo_combo = QComboBox(self)
        self.uo_combo.setEditable(True)
        self.uo_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.uo_combo.setAccessibleName(self.tr("Unidade orçamentária do SIGPLAN"))
        self.uo_combo.lineEdit().setPlaceholderText(self.tr("Escolha na lista ou digite o código, por exemplo 01091"))
        # A file of many bodies (a state's whole budget) is imported for the rows of one of them only.
        self.filter_column_combo = QComboBox(self)
        self.filter_column_combo.setAccessibleName(self.tr("Coluna do filtro de linhas"))
        self.filter_value_edit = QLineEdit(self)
        self.filter_value_edit.setAccessibleName(self.tr("Valor do filtro de linhas"))
        self.filter_value_edit.setPlaceholderText(self.tr("por exemplo 1091"))
        self.error_label = _error_label(self)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Destino:"), self))
        top.addWidget(self.destination_combo)
        top.addWidget(QLabel(self.tr("Mapeamento:"), self))
        top.addWidget(self.preset_combo, 1)
        top.addWidget(save_button)
        self.form = QFormLayout()
        year_row = QHBoxLayout()
        year_row.addWidget(self.year_spin)
        year_row.addWidget(self.each_year_check)
        year_row.addStretch(1)
        self.form.addRow(self.tr("Exercício:"), year_row)
        self.form.addRow(self.tr("Unidade de destino:"), self.unit_combo)
        self.form.addRow(self.tr("UO no SIGPLAN:"), self.uo_combo)
        filter_row = QHBoxLayout()
        filter_row.addWidget(self.filter_column_combo)
        filter_row.addWidget(QLabel(self.tr("igual a"), self))
        filter_row.addWidget(self.filter_value_edit, 1)
        self.filter_row = QWidget(self)
        self.filter_row.setLayout(filter_row)
        filter_row.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(self.tr("Importar só as linhas com:"), self.filter_row)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.columns_table, 1)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        self._combos: list[QComboBox] = []
        self._mapping_entity = BUDGET_LINE_ENTITY
        self._ignored: dict[str, str] = {}

    def initializePage(self) -> None:
        table = self._wizard.preview
        self.filter_column_combo.clear()
        self.filter_column_combo.addItem(self.tr("(todas as linhas)"), None)
        for column in table.columns:
            self.filter_column_combo.addItem(column, column)
        saved = load_mappings(self._wizard.mappings_dir)
        self._choices = [*PRESETS, *saved]
        self.preset_combo.clear()
        self.preset_combo.addItem(self.tr("(sugestão pelos nomes das colunas)"), -1)
        for index, mapping in enumerate(self._choices):
            self.preset_combo.addItem(mapping.name, index)

        self.columns_table.setRowCount(len(table.columns))
        self._combos = []
        for row, column in enumerate(table.columns):
            self.columns_table.setItem(row, 0, QTableWidgetItem(column))
            combo = QComboBox(self.columns_table)
            combo.setAccessibleName(self.tr("Campo da coluna {0}").format(column))
            self.columns_table.setCellWidget(row, 1, combo)
            sample = table.rows[0][row] if table.rows else ""
            self.columns_table.setItem(row, 2, QTableWidgetItem(sample))
            self._combos.append(combo)

        preset = find_preset(table.columns, saved)
        if preset is None:
            self._apply(guess_mapping(table.columns, self._destination()))
            self.preset_combo.setCurrentIndex(0)
        else:
            self._apply(preset)
            self.preset_combo.setCurrentIndex(max(0, self.preset_combo.findText(preset.name)))

    def current_mapping(self) -> ColumnMapping:
        """Return the mapping the combos show now."""
        if self._mapping_entity == SIGPLAN_ACOES.entity:
            return SIGPLAN_ACOES.resolved(self._wizard.preview.columns)
        fields: dict[str, str] = {}
        for column, combo in zip(self._wizard.preview.columns, self._combos):
            target = combo.currentData()
            if target:
                fields[target] = column
        return ColumnMapping(
            self.preset_combo.currentText(), fields, entity=self._destination(), ignored_columns=dict(self._ignored)
        )

    def _destination(self) -> str:
        """Return the chosen destination, or budget lines while the SIGPLAN entry is shown."""
        entity = self.destination_combo.currentData()
        return entity if entity in DESTINATIONS else BUDGET_LINE_ENTITY

    def _change_destination(self) -> None:
        """Offer the new destination's fields and suggest them from the column names."""
        self.preset_combo.setCurrentIndex(0)
        self._apply(guess_mapping(self._wizard.preview.columns, self._destination()))

    def _apply_selected_preset(self) -> None:
        index = self.preset_combo.currentData()
        columns = self._wizard.preview.columns
        if index is None or index < 0:
            mapping = guess_mapping(columns, self._destination())
        else:
            mapping = self._choices[index].resolved(columns)
        self._apply(mapping)

    def _apply(self, mapping: ColumnMapping) -> None:
        self._mapping_entity = mapping.entity
        self._ignored = dict(mapping.ignored_columns)
        is_sigplan = mapping.entity == SIGPLAN_ACOES.entity
        self._show_destination(mapping.entity)
        self.destination_combo.setEnabled(not is_sigplan)
        self.form.setRowVisible(self.uo_combo, is_sigplan)
        self.form.setRowVisible(self.filter_row, not is_sigplan)  # the SIGPLAN import keeps one UO itself
        self.error_label.clear()
        if is_sigplan:
            self.setSubTitle(
                self.tr(
                    "Este mapeamento lê as colunas do leiaute do SIGPLAN, sem escolha por coluna: cada ação da UO "
                    "escolhida vira uma iniciativa do plano do exercício, com a previsão orçamentária e a meta "
                    "física desse ano. Ações com exclusão lógica são ignoradas."
                )
            )
            self._show_sigplan_columns()
            self._load_sigplan_uos()
        else:
            self.setSubTitle(self.tr("Escolha o campo que cada coluna preenche; colunas sem campo são ignoradas."))
            self._show_choices(mapping)
        self._suggest_year(mapping)

    def _show_destination(self, entity: str) -> None:
        """Select ``entity`` in the destination combo, which lists the SIGPLAN entry only while that preset is on."""
        sigplan_index = self.destination_combo.findData(SIGPLAN_ACOES.entity)
        if entity == SIGPLAN_ACOES.entity and sigplan_index < 0:
            self.destination_combo.addItem(self.tr("Iniciativas do plano (ações do SIGPLAN)"), SIGPLAN_ACOES.entity)
        elif entity != SIGPLAN_ACOES.entity and sigplan_index >= 0:
            self.destination_combo.removeItem(sigplan_index)
        _select_data(self.destination_combo, entity)

    def _show_choices(self, mapping: ColumnMapping) -> None:
        """Offer the destination's fields in each column's combo, preselecting the field ``mapping`` gives it."""
        targets = targets_for(self._destination())
        by_column = mapping.targets_by_column()
        for column, combo in zip(self._wizard.preview.columns, self._combos):
            combo.clear()
            combo.addItem(self.tr("(ignorar)"), IGNORE)
            for target, label in targets.items():
                combo.addItem(_(label), target)
            combo.setCurrentIndex(max(combo.findData(by_column.get(column, IGNORE)), 0))
            combo.setEnabled(True)

    def _show_sigplan_columns(self) -> None:
        """Show, in disabled combos, what the SIGPLAN import reads from each column."""
        columns = self._wizard.preview.columns
        labels = {column: _(ITEM_TARGETS[target]) for target, column in SIGPLAN_ACOES.resolved(columns).fields.items()}
        # The import joins Finalidade and Descrição into the initiative's description.
        labels[sigplan.COL_PURPOSE] = _(ITEM_TARGETS["description"])
        for column in (sigplan.COL_DELETED, sigplan.COL_PROGRAM_DELETED):
            labels[column] = self.tr("Exclusão lógica: com Sim, a ação é ignorada")
        for column in columns:
            if column.startswith(sigplan.BUDGET_PREFIX):
                year = column.removeprefix(sigplan.BUDGET_PREFIX)
                labels[column] = self.tr("Previsão orçamentária de {0}").format(year)
            elif column.startswith(sigplan.PHYSICAL_PREFIX):
                year = column.removeprefix(sigplan.PHYSICAL_PREFIX)
                labels[column] = self.tr("Meta física de {0}").format(year)

        for column, combo in zip(columns, self._combos):
            combo.clear()
            combo.addItem(labels.get(column, self.tr("(ignorar)")), IGNORE)
            combo.setEnabled(False)

    def _load_sigplan_uos(self) -> None:
        """List the file's unidades orçamentárias, preselecting the first one a unit of the store has."""
        self.uo_combo.clear()
        try:
            uos = list_sigplan_uos(self._wizard.path)
        except (SigplanFormatError, OSError) as exc:
            self.error_label.setText(self.tr("Não foi possível listar as UOs do arquivo: {0}").format(exc))
            return
        for code, name, count in uos:
            self.uo_combo.addItem(self.tr("{0} – {1} ({2} ações)").format(code, name, _n(count)), code)
        store = self._wizard.services.store
        known = [index for index, (code, _name, _count) in enumerate(uos) if find_unit_for_uo(store, code) is not None]
        # With no UO known to the store the user chooses, since the first UO of the list is another body's.
        self.uo_combo.setCurrentIndex(known[0] if known else -1)

    def _selected_uo(self) -> str:
        """Return the chosen UO's code, or the code typed in the combo's text box."""
        text = self.uo_combo.currentText().strip()
        index = self.uo_combo.currentIndex()
        if index >= 0 and text == self.uo_combo.itemText(index):
            return str(self.uo_combo.itemData(index))
        return text.split("–")[0].strip()

    def _suggest_year(self, mapping: ColumnMapping) -> None:
        """Give budget lines each row's own year when the file has a year column; show its year when the preview has one.

        Only budget lines take each row's own year; plan items belong to one annual plan. Each row's
        year is chosen whenever the file has the column, because the preview holds only the first rows
        and a file sorted by year shows one year there: a multi-year file would have lost its other years.
        """
        column = mapping.fields.get("year")
        preview = self._wizard.preview
        by_row = mapping.entity not in (SIGPLAN_ACOES.entity, PLAN_SHEET) and column in preview.columns
        self.each_year_check.setVisible(by_row)
        self.each_year_check.setChecked(by_row)
        if column is None or column not in preview.columns:
            return
        position = preview.columns.index(column)
        years = {str(cells[position]).strip() for cells in preview.rows if position < len(cells)}
        if len(years) != 1:
            return
        (text,) = years
        if text.isdigit() and self.year_spin.minimum() <= int(text) <= self.year_spin.maximum():
            self.year_spin.setValue(int(text))

    def _save(self) -> None:
        name, accepted = QInputDialog.getText(self, self.tr("Salvar mapeamento"), self.tr("Nome do mapeamento:"))
        if not accepted:
            return
        mapping = self.current_mapping()
        mapping.name = name
        try:
            save_mapping(self._wizard.mappings_dir, mapping)
        except (ValueError, OSError) as exc:
            self.error_label.setText(self.tr("Não foi possível salvar o mapeamento: {0}").format(exc))
            return
        self._choices.append(mapping)
        self.preset_combo.addItem(mapping.name, len(self._choices) - 1)
        self.preset_combo.setCurrentIndex(self.preset_combo.count() - 1)

    def validatePage(self) -> bool:
        mapping = self.current_mapping()
        if mapping.entity == SIGPLAN_ACOES.entity:
            if not self._selected_uo():
                self.error_label.setText(self.tr("Informe a unidade orçamentária do SIGPLAN, por exemplo 01091."))
                return False
        elif mapping.entity == PLAN_SHEET:
            missing = [_(ITEM_TARGETS[name]) for name in ("code", "title") if name not in mapping.fields]
            if missing:
                self.error_label.setText(
                    self.tr("Associe uma coluna a cada campo que identifica o item: {0}.").format(", ".join(missing))
                )
                return False
        elif not any(target in mapping.fields for target in MONEY_TARGETS):
            self.error_label.setText(
                self.tr("Associe ao menos uma coluna de valor (dotação, empenhado, liquidado ou pago).")
            )
            return False
        filter_column = self.filter_column_combo.currentData()
        filter_value = self.filter_value_edit.text().strip()
        if mapping.entity != SIGPLAN_ACOES.entity and filter_column and not filter_value:
            self.error_label.setText(
                self.tr("Informe o valor da coluna '{0}' das linhas a importar, ou escolha \"(todas as linhas)\".").format(
                    filter_column
                )
            )
            return False
        use_filter = mapping.entity != SIGPLAN_ACOES.entity and filter_column
        self._wizard.row_filter = (filter_column, filter_value) if use_filter else None
        unit = self.unit_combo.currentData()
        self._wizard.mapping = mapping
        each_row = not self.each_year_check.isHidden() and self.each_year_check.isChecked()
        self._wizard.year = None if each_row else self.year_spin.value()
        self._wizard.unit_id = uuid.UUID(unit) if unit else None
        self._wizard.uo = self._selected_uo()
        return True


class RunPage(QWizardPage):
    """Step 5: the import on a worker thread, with a progress bar and a cancel button."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Importando"))
        self.progress_bar = QProgressBar(self)
        self.progress_bar.setAccessibleName(self.tr("Progresso da importação"))
        self.status_label = QLabel(self)
        self.status_label.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Cancelar importação"), self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress_bar)
        layout.addWidget(self.status_label)
        layout.addWidget(self.cancel_button)
        layout.addStretch(1)
        self.worker: ImportWorker | None = None
        self._done = False
        # Set and cleared on the GUI thread: the worker's thread can have ended while its result is still queued.
        self._running = False
        self._completed = False  # an import of this wizard finished and was not cancelled

    def initializePage(self) -> None:
        if self._running or self._completed:
            # Only QWizard.back() called from code gets here, because the Back buttons are disabled.
            # A second worker would write every row again.
            log.warning("Import page entered again; no second import of %s started", self._wizard.path.name)
            return
        self._done = False
        self._running = True
        self._wizard.result = None
        self._wizard.failure = ""
        self.progress_bar.setRange(0, 0)
        self.status_label.setText(self.tr("Lendo o arquivo…"))
        self.cancel_button.setEnabled(True)
        wizard = self._wizard
        self.worker = ImportWorker(
            wizard.services.store_path,
            wizard.path,
            wizard.settings,
            wizard.mapping,
            wizard.year,
            wizard.unit_id,
            wizard.uo,
            self,
            user=wizard.services.user,
            sei_format=wizard.services.settings.sei_format,
            row_filter=wizard.row_filter,
            workbooks=wizard.workbooks,
        )
        self.worker.progressed.connect(self._show_progress)
        self.worker.succeeded.connect(self._finish)
        self.worker.failed.connect(self._fail)
        self.worker.start()

    def cleanupPage(self) -> None:
        # The Back button leads here only after a failed import, which wrote nothing, so the
        # mapping page's restored "Importar" is a deliberate request for a new import.
        self._wizard.mapping_page.setCommitPage(True)

    def cancel(self) -> None:
        if self.worker is not None and self.worker.isRunning():
            self.worker.request_cancel()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(self.tr("Cancelando…"))

    def wait_for_worker(self) -> None:
        if self.worker is not None:
            self.worker.request_cancel()
            self.worker.wait()

    def isComplete(self) -> bool:
        return self._done

    def validatePage(self) -> bool:
        # QWizard.next() called from code skips isComplete, and the result page needs the finished import.
        return self._done

    def _show_progress(self, done: int, total: int) -> None:
        self.progress_bar.setRange(0, max(total, 1))
        self.progress_bar.setValue(done)
        if done >= total and self._wizard.mapping.entity == BUDGET_LINE_ENTITY:
            # The budget-line write runs to its end once started; the undo on the next page reverts it.
            self.cancel_button.setEnabled(False)
            self.status_label.setText(
                self.tr("Gravando {0} linhas… Não é mais possível cancelar: desfaça depois, se precisar.").format(_n(total))
            )
        elif done >= total:
            self.status_label.setText(self.tr("Gravando {0} linhas…").format(_n(total)))
        else:
            self.status_label.setText(self.tr("Conferindo linha {0} de {1}…").format(_n(done), _n(total)))

    def _finish(self, result: object) -> None:
        self._running = False
        self._wizard.rows_left_out = self.worker.rows_left_out if self.worker is not None else 0
        cancelled = isinstance(result, (ImportReport, ItemImportReport)) and result.cancelled
        self._completed = not cancelled
        self._wizard.result = result
        self.progress_bar.setRange(0, 1)
        self.progress_bar.setValue(1)
        self.cancel_button.setEnabled(False)
        if cancelled:
            self.status_label.setText(self.tr("Importação cancelada: nada foi gravado."))
        else:
            self.status_label.setText(self.tr("Importação concluída."))
        self._done = True
        self.completeChanged.emit()
        self._wizard.next()

    def _fail(self, message: str) -> None:
        self._running = False
        self._wizard.result = None
        self.progress_bar.setRange(0, 1)
        self.cancel_button.setEnabled(False)
        if self.worker is not None and self.worker.store_failed:
            # The file is fine: going back to the format or the columns would not help.
            self.status_label.setText(self.tr("Não foi possível importar: {0}").format(message))
        else:
            self.status_label.setText(
                self.tr(
                    "Não foi possível importar: {0}\n"
                    "Use < Voltar para corrigir o formato ou as colunas e importe de novo."
                ).format(message)
            )
        self._wizard.failure = message
        self._done = True
        # Nothing was written, so Back is enabled (QWizard recomputes it on completeChanged) for a corrected retry.
        self._wizard.mapping_page.setCommitPage(False)
        self.completeChanged.emit()


class ResultPage(QWizardPage):
    """Step 6: counts, every rejected line with its reason, every flagged line, and undo."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__(wizard)
        self._wizard = wizard
        self.setTitle(self.tr("Resultado"))
        self.summary_label = QLabel(self)
        self.summary_label.setWordWrap(True)
        self.lines_table = QTableWidget(0, 3, self)
        self.lines_table.setAccessibleName(self.tr("Linhas rejeitadas e com aviso"))
        self.lines_table.setHorizontalHeaderLabels([self.tr("Linha"), self.tr("Situação"), self.tr("Motivo")])
        self.lines_table.horizontalHeader().setStretchLastSection(True)
        self.lines_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.undo_button = QPushButton(self.tr("Desfazer importação"), self)
        self.undo_button.clicked.connect(self._undo)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.lines_table, 1)
        layout.addWidget(self.undo_button)

    def initializePage(self) -> None:
        result = self._wizard.result
        self.undo_button.setVisible(
            (
                isinstance(result, (ImportReport, ItemImportReport))
                and not result.cancelled
                and result.inserted + result.updated > 0
            )
            or (isinstance(result, SigplanSummary) and result.summary is not None and result.imported > 0)
        )
        self.lines_table.setRowCount(0)
        if isinstance(result, ItemImportReport):
            self._show_items(result)
            return
        if isinstance(result, SigplanSummary):
            self.summary_label.setText("\n".join(result.messages))
            self._fill([(0, self.tr("Rejeitada"), detail) for detail in result.refused])
            return
        if not isinstance(result, ImportReport):
            self.summary_label.setText(self._wizard.failure or self.tr("Nada foi importado."))
            return
        if result.cancelled:
            # Totals and line states describe the lines checked before the cancel, none of them written.
            self.summary_label.setText(self.tr("Importação cancelada: nada foi gravado."))
            return

        lines = [
            self.tr("{0} linha(s) lida(s), {1} importada(s), {2} com aviso, {3} rejeitada(s).").format(
                _n(result.rows_read), _n(result.inserted), _n(len(result.flagged)), _n(len(result.rejected))
            )
        ]
        lines += self._filter_lines(result.rows_read)
        lines += self._shared_reason_lines(result.rejected)
        if result.updated or result.unchanged:
            lines.append(
                self.tr(
                    "Linhas já importadas antes: {0} atualizada(s) com os valores do arquivo, {1} sem mudança."
                ).format(_n(result.updated), _n(result.unchanged))
            )
        for name, total in result.totals.items():
            lines.append(self.tr("{0}: {1}").format(_(BUDGET_TARGETS[name]), format_money(total, symbol=True)))
        if result.unmapped_fields:
            labels = ", ".join(_(BUDGET_TARGETS[name]) for name in result.unmapped_fields)
            lines.append(self.tr("Campos sem coluna no arquivo, deixados vazios: {0}.").format(labels))
        if result.natureza_without_modalidade:
            lines.append(
                self.tr(
                    "Natureza de despesa deixada vazia: o arquivo não tem a modalidade de aplicação, e categoria, "
                    "grupo e elemento sozinhos não formam a natureza."
                )
            )
        for column, reason in result.ignored_columns.items():
            lines.append(self.tr("Coluna '{0}' {1}").format(column, _(reason)))
        self.summary_label.setText("\n".join(lines))

        rows = [(rejected.line, self.tr("Rejeitada"), rejected.reason) for rejected in result.rejected]
        rows += [(flagged.line, self.tr("Importada com aviso"), " ".join(flagged.warnings)) for flagged in result.flagged]
        self._fill(sorted(rows, key=lambda row: row[0]))

    def _shared_reason_lines(self, rejected: list[RejectedRow]) -> list[str]:
        """Return a line naming the reason most rejected lines share, so a wrong choice (such as the year) stands out."""
        if len(rejected) < 2:
            return []
        reason, count = Counter(row.reason for row in rejected).most_common(1)[0]
        if count < 2 or count * 2 < len(rejected):
            return []
        return [self.tr("{0} das {1} linhas rejeitadas têm o mesmo motivo: {2}").format(_n(count), _n(len(rejected)), reason)]

    def _filter_lines(self, rows_kept: int) -> list[str]:
        row_filter = self._wizard.row_filter
        if row_filter is None:
            return []
        if rows_kept == 0:
            return [
                self.tr(
                    "Nenhuma linha tem '{1}' na coluna '{0}': nada foi importado. Confira o valor na prévia e "
                    "importe de novo."
                ).format(row_filter[0], row_filter[1])
            ]
        return [
            self.tr("{0} linha(s) com outro valor na coluna '{1}' deixada(s) de fora pelo filtro ({1} = {2}).").format(
                _n(self._wizard.rows_left_out), row_filter[0], row_filter[1]
            )
        ]

    def _show_items(self, result: ItemImportReport) -> None:
        if result.cancelled:
            self.summary_label.setText(self.tr("Importação cancelada: nada foi gravado."))
            return
        lines = [
            self.tr(
                "{0} linha(s) lida(s): {1} item(ns) incluído(s), {2} atualizado(s), {3} sem alteração, "
                "{4} com aviso, {5} rejeitada(s)."
            ).format(
                _n(result.rows_read),
                _n(result.inserted),
                _n(result.updated),
                _n(result.unchanged),
                _n(len(result.flagged)),
                _n(len(result.rejected)),
            )
        ]
        lines += self._filter_lines(result.rows_read)
        lines += self._shared_reason_lines(result.rejected)
        if result.unmapped_columns:
            columns = ", ".join(f"'{column}'" for column in result.unmapped_columns)
            lines.append(self.tr("Colunas sem campo, ignoradas: {0}.").format(columns))
        for column, reason in result.ignored_columns.items():
            lines.append(self.tr("Coluna '{0}' {1}").format(column, _(reason)))
        self.summary_label.setText("\n".join(lines))
        rows = [(rejected.line, self.tr("Rejeitada"), rejected.reason) for rejected in result.rejected]
        for flagged in result.flagged:
            rows.append((flagged.line, self.tr("Importada com aviso"), " ".join(flagged.warnings)))
        self._fill(sorted(rows, key=lambda row: row[0]))

    def _fill(self, rows: list[tuple[int, str, str]]) -> None:
        # NOTE: a QTableWidget item per cell is fine for a few thousand lines;
        # the Portal file flags about 3,300.
        self.lines_table.setRowCount(len(rows))
        for index, (line, state, reason) in enumerate(rows):
            self.lines_table.setItem(index, 0, QTableWidgetItem(str(line) if line else ""))
            self.lines_table.setItem(index, 1, QTableWidgetItem(state))
            # Some reasons start in lower case because they are also used inside longer sentences. Here each is a sentence.
            self.lines_table.setItem(index, 2, QTableWidgetItem(reason[:1].upper() + reason[1:]))

    def _undo(self) -> None:
        result = self._wizard.result
        if isinstance(result, ItemImportReport):
            self._undo_items(result)
            return
        if isinstance(result, SigplanSummary) and result.summary is not None:
            self._undo_sigplan(result.summary)
            return
        if not isinstance(result, ImportReport):
            return
        answer = QMessageBox.question(
            self,
            self.tr("Desfazer importação"),
            self.tr(
                "Apagar as {0} linhas orçamentárias incluídas e voltar as {1} atualizadas ao que eram?"
            ).format(_n(result.inserted), _n(result.updated))
            if result.updated
            else self.tr("Apagar as {0} linhas orçamentárias importadas agora?").format(_n(result.inserted)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        count = undo_budget_import(self._wizard.services.store, result)
        self.undo_button.setVisible(False)
        self.summary_label.setText(self.tr("Importação desfeita: {0} linha(s) apagada(s) ou restaurada(s).").format(_n(count)))

    def _undo_sigplan(self, summary: ImportSummary) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Desfazer importação"),
            self.tr("Apagar as {0} iniciativas importadas do SIGPLAN?").format(_n(summary.imported)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        count = undo_sigplan_import(self._wizard.services.store, summary)
        self.undo_button.setVisible(False)
        self.summary_label.setText(self.tr("Importação desfeita: {0} iniciativa(s) apagada(s).").format(_n(count)))

    def _undo_items(self, result: ItemImportReport) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Desfazer importação"),
            self.tr("Apagar os {0} itens incluídos e voltar os {1} itens atualizados ao que eram?").format(
                _n(result.inserted), _n(result.updated)
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        count = undo_item_import(self._wizard.services.store, result)
        self.undo_button.setVisible(False)
        self.summary_label.setText(
            self.tr("Importação desfeita: {0} item(ns) apagado(s) ou restaurado(s).").format(_n(count))
        )


class ImportWizard(QWizard):
    """Imports a spreadsheet as budget lines or plan items (or SIGPLAN actions as plan items).

    ``mappings_dir`` is the folder where users' saved mappings live.
    ``imported`` is emitted with the ImportReport or ItemImportReport of an
    import that was not cancelled.
    """

    imported = Signal(object)

    def __init__(self, services: AppServices, mappings_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.mappings_dir = mappings_dir
        self.path = Path()
        self.detected: Table
        self.preview: Table
        self.settings = ReadSettings()
        # Each page and the import read the file again; a workbook is parsed once for all of them.
        self.workbooks = ParsedWorkbooks()
        self.mapping = ColumnMapping("", {})
        self.year: int | None = services.settings.plan_year  # None: each budget line's own year
        self.unit_id: uuid.UUID | None = None
        self.uo = ""
        self.row_filter: tuple[str, str] | None = None  # (column, value): import only the rows with that value
        self.rows_left_out = 0
        self.result: object = None
        self.failure = ""

        self.setWindowTitle(self.tr("Importar planilha"))
        self.setMinimumSize(820, 560)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("Avançar >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< Voltar"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Concluir"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("Fechar"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Importar"))
        # The result page's undo covers this import; going back to it and forward again would show a second undo.
        self.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage)

        self.file_page = FilePage(self)
        self.format_page = FormatPage(self)
        self.preview_page = PreviewPage(self)
        self.mapping_page = MappingPage(self)
        self.run_page = RunPage(self)
        self.result_page = ResultPage(self)
        for page in (
            self.file_page,
            self.format_page,
            self.preview_page,
            self.mapping_page,
            self.run_page,
            self.result_page,
        ):
            self.addPage(page)
        self.currentIdChanged.connect(self._announce_result)

    def set_file(self, path: Path) -> None:
        self.file_page.path_edit.setText(str(path))

    def done(self, code: int) -> None:
        # Closing while the worker runs cancels it; nothing is written when it stops before the write.
        self.run_page.wait_for_worker()
        super().done(code)

    def _announce_result(self, _page_id: int) -> None:
        if self.currentPage() is self.result_page and isinstance(self.result, (ImportReport, ItemImportReport)):
            if not self.result.cancelled:
                self.imported.emit(self.result)


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #a61b1b;")
    return label


def _select_data(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def _n(count: int) -> str:
    """Format a count for a pt-BR message: 26.457."""
    return format_decimal(Decimal(count))
