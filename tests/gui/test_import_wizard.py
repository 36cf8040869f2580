"""The "Importar planilha" wizard driven page by page on small generated CSVs of budget lines and plan items."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QWizard

from planmp_desktop.gui.import_wizard import ImportWizard
from planmp_desktop.io.budget_import import ImportReport
from planmp_desktop.io.item_import import ItemImportReport
from planmp_desktop.io.mapping import PLAN_SHEET, load_mappings
from planmp_desktop.io.readers import CP1252, DecimalStyle
from planmp_desktop.io.sigplan import REQUIRED_COLUMNS as SIGPLAN_COLUMNS
from planmp_desktop.services import AppServices

from .store_fill import PJ_VILA_VELHA

HEADER = "Relatório de execução 2026;;;;\r\n;;;;\r\nUO;Ação;Natureza;Dotação atualizada;Empenhado\r\n"
LINES = [
    "01091;2009;3.3.90.39;1.000,00;800,00",
    "01091;2010;3.3.90.30;500,00;-25,50",
    "01091;2011;3.3.90.14;100,00;250,00",
    "01091;2012;3.3.90.39;mil;1,00",
    "01091;2013",
]


def _write_csv(path: Path) -> Path:
    text = HEADER + "\r\n".join(LINES) + "\r\n"
    path.write_bytes(text.replace("Ação", "Ação – código").encode("cp1252"))
    return path


def _combo_for(wizard: ImportWizard, column: str) -> QComboBox:
    page = wizard.mapping_page
    row = wizard.preview.columns.index(column)
    return page.columns_table.cellWidget(row, 1)


def test_wizard_imports_small_csv(qtbot, services: AppServices, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "execucao.csv")
    before = services.store.count("budget_line")
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.show()

    wizard.set_file(path)
    wizard.next()
    assert wizard.currentPage() is wizard.format_page
    assert wizard.format_page.encoding_combo.currentData() == CP1252
    assert wizard.format_page.separator_combo.currentData() == ";"
    assert wizard.format_page.decimal_combo.currentData() == DecimalStyle.GROUPED_COMMA.value
    assert wizard.format_page.header_spin.value() == 3
    assert "Windows-1252" in wizard.format_page.detected_label.text()

    wizard.next()
    preview = wizard.preview_page.table_widget
    assert wizard.currentPage() is wizard.preview_page
    assert preview.columnCount() == 5
    assert preview.rowCount() == 4
    assert preview.horizontalHeaderItem(1).text() == "Ação – código"
    assert preview.item(1, 4).text() == "-25,50"
    assert "Linha 8:" in wizard.preview_page.status_label.text()

    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert _combo_for(wizard, "UO").currentData() == "uo"
    assert _combo_for(wizard, "Natureza").currentData() == ""
    assert _combo_for(wizard, "Dotação atualizada").currentData() == "dotacao_atualizada"
    assert _combo_for(wizard, "Empenhado").currentData() == "empenhado"
    acao = _combo_for(wizard, "Ação – código")
    acao.setCurrentIndex(acao.findData("acao"))
    natureza = _combo_for(wizard, "Natureza")
    natureza.setCurrentIndex(natureza.findData("natureza_despesa"))
    wizard.mapping_page.year_spin.setValue(2026)
    unit_index = wizard.mapping_page.unit_combo.findData(str(PJ_VILA_VELHA))
    wizard.mapping_page.unit_combo.setCurrentIndex(unit_index)

    with qtbot.waitSignal(wizard.imported, timeout=30_000) as imported:
        wizard.next()
    report = imported.args[0]

    assert isinstance(report, ImportReport)
    assert wizard.currentPage() is wizard.result_page
    assert report.inserted == 3
    assert services.store.count("budget_line") == before + 3
    assert report.totals["empenhado"] == Decimal("1024.50")
    rows = wizard.result_page.lines_table
    listed = [(rows.item(r, 0).text(), rows.item(r, 1).text()) for r in range(rows.rowCount())]
    assert listed == [
        ("5", "Importada com aviso"),
        ("6", "Importada com aviso"),
        ("7", "Rejeitada"),
        ("8", "Rejeitada"),
    ]
    assert rows.item(2, 2).text().startswith("Valor 'mil' não é um número")  # shown as a sentence
    assert "Esperadas 5 colunas" in rows.item(3, 2).text()
    assert "3 importada(s), 2 com aviso, 2 rejeitada(s)" in wizard.result_page.summary_label.text()
    stored = services.store.fetch_row("budget_line", report.inserted_ids[0])
    assert stored["natureza_despesa"] == "3.3.90.39"
    assert stored["unit_id"] == PJ_VILA_VELHA
    assert stored["year"] == 2026


def test_wizard_saves_mapping(qtbot, services: AppServices, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    path = _write_csv(tmp_path / "execucao.csv")
    folder = tmp_path / "mapeamentos"
    wizard = ImportWizard(services, folder)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    wizard.next()
    wizard.next()
    wizard.next()
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("Execução SIAFE", True))

    wizard.mapping_page._save()
    saved = load_mappings(folder)

    assert [mapping.name for mapping in saved] == ["Execução SIAFE"]
    assert saved[0].fields["uo"] == "UO"
    assert wizard.mapping_page.preset_combo.currentText() == "Execução SIAFE"


def test_wizard_requires_money_column(qtbot, services: AppServices, tmp_path: Path) -> None:
    path = tmp_path / "codigos.csv"
    path.write_text("UO;Ação\r\n01091;2009\r\n", encoding="utf-8")
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    wizard.next()
    wizard.next()
    wizard.next()

    wizard.next()

    assert wizard.currentPage() is wizard.mapping_page
    assert "Associe ao menos uma coluna de valor" in wizard.mapping_page.error_label.text()


def test_wizard_rejects_missing_file(qtbot, services: AppServices, tmp_path: Path) -> None:
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(tmp_path / "nao-existe.csv")

    wizard.next()

    assert wizard.currentPage() is wizard.file_page
    assert "não encontrado" in wizard.file_page.error_label.text()


ITEMS_CSV = (
    "Código;Título;Valor planejado;Jan;Fev\r\n"
    "IMP-001;Mutirão de conciliação;1.000,00;500,00;500,00\r\n"
    "IMP-002;Oficina de mediação;300,00;;\r\n"
    "IMP-003;Cronograma errado;1.000,00;10,00;\r\n"
)


def _run_items_wizard(qtbot, services: AppServices, tmp_path: Path) -> ImportWizard:
    path = tmp_path / "itens.csv"
    path.write_text(ITEMS_CSV, encoding="utf-8")
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    wizard.next()
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.mapping_page.destination_combo.currentData() == PLAN_SHEET
    assert wizard.mapping_page.preset_combo.currentText() == "Itens do plano"
    assert _combo_for(wizard, "Valor planejado").currentData() == "planned_total"
    wizard.mapping_page.year_spin.setValue(2026)
    with qtbot.waitSignal(wizard.imported, timeout=30_000):
        wizard.next()
    return wizard


def test_wizard_imports_plan_items(qtbot, services: AppServices, tmp_path: Path) -> None:
    before = services.store.count("plan_item")

    wizard = _run_items_wizard(qtbot, services, tmp_path)

    report = wizard.result
    assert isinstance(report, ItemImportReport)
    assert (report.inserted, report.updated) == (2, 0)
    assert services.store.count("plan_item") == before + 2
    summary = wizard.result_page.summary_label.text()
    assert "2 item(ns) incluído(s), 0 atualizado(s), 0 sem alteração, 0 com aviso, 1 rejeitada(s)" in summary
    rows = wizard.result_page.lines_table
    assert (rows.item(0, 0).text(), rows.item(0, 1).text()) == ("4", "Rejeitada")
    assert "Cronograma de desembolso soma R$ 10,00" in rows.item(0, 2).text()
    new_item = services.store.fetch_rows("plan_item", "code = ?", ("IMP-001",))[0]
    assert new_item["unit_id"] == PJ_VILA_VELHA
    assert new_item["planned_total"] == Decimal("1000.00")
    assert wizard.result_page.undo_button.isVisibleTo(wizard.result_page)


def test_wizard_undoes_plan_item_import(qtbot, services: AppServices, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    before = services.store.count("plan_item")
    wizard = _run_items_wizard(qtbot, services, tmp_path)
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)

    wizard.result_page.undo_button.click()

    assert services.store.count("plan_item") == before
    assert services.store.status().pending == 0
    assert "Importação desfeita: 2 item(ns)" in wizard.result_page.summary_label.text()


def test_sheet_undo_removes_imported_items(qtbot, services: AppServices, tmp_path: Path) -> None:
    from PySide6.QtGui import QUndoStack

    from planmp_desktop.gui.import_dialog import push_item_import_undo

    before = services.store.count("plan_item")
    wizard = _run_items_wizard(qtbot, services, tmp_path)
    stack = QUndoStack()
    refreshed: list[bool] = []

    assert push_item_import_undo(stack, services, wizard.result, lambda: refreshed.append(True))
    assert stack.undoText() == "Importação de 2 item(ns)"
    assert services.store.count("plan_item") == before + 2

    stack.undo()

    assert services.store.count("plan_item") == before
    assert services.store.status().pending == 0
    qtbot.waitUntil(lambda: refreshed == [True])
    assert stack.count() == 0


def test_wizard_items_rejected_for_auditor(qtbot, make_services, tmp_path: Path) -> None:
    services = make_services("Auditor")

    wizard = _run_items_wizard(qtbot, services, tmp_path)

    assert wizard.result.inserted == 0
    assert "Auditor só consulta" in wizard.result_page.lines_table.item(0, 2).text()


def _mapping_page_for(qtbot, services: AppServices, tmp_path: Path, years: tuple[str, str]) -> ImportWizard:  # type: ignore[no-untyped-def]
    """Open the wizard on a two-line budget CSV with an "Exercício" column and go to its mapping page."""
    path = tmp_path / "exercicio.csv"
    rows = ["Exercício;UO;Ação;Dotação atualizada", f"{years[0]};01091;2009;1.000,00", f"{years[1]};01091;2010;500,00"]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp1252"))
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    for _ in range(3):
        wizard.next()
    return wizard


def test_wizard_takes_year_from_file(qtbot, services: AppServices, tmp_path: Path) -> None:
    wizard = _mapping_page_for(qtbot, services, tmp_path, ("2024", "2024"))

    assert wizard.currentPage() is wizard.mapping_page
    assert _combo_for(wizard, "Exercício").currentData() == "year"
    assert wizard.mapping_page.year_spin.value() == 2024
    # The preview holds only the first rows, so a file with a year column gives each row its own year.
    assert wizard.mapping_page.each_year_check.isChecked()


def test_cancelled_import_shows_no_totals(qtbot, services: AppServices, tmp_path: Path) -> None:
    import uuid

    from planmp_desktop.io.budget_import import FlaggedRow

    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    # The lines checked before the cancel carry totals and warnings, but none of them was written.
    wizard.result = ImportReport(
        totals={"dotacao_atualizada": Decimal("4502095011452.23")},
        flagged=[FlaggedRow(15, uuid.uuid4(), ("Valor negativo em Dotação inicial.",))],
        rows_read=15000,
        cancelled=True,
    )

    wizard.result_page.initializePage()

    assert wizard.result_page.summary_label.text() == "Importação cancelada: nada foi gravado."
    assert wizard.result_page.lines_table.rowCount() == 0
    assert not wizard.result_page.undo_button.isVisibleTo(wizard.result_page)


def test_wizard_imports_each_row_in_its_year(qtbot, services: AppServices, tmp_path: Path) -> None:
    wizard = _mapping_page_for(qtbot, services, tmp_path, ("2018", "2019"))
    page = wizard.mapping_page
    assert page.each_year_check.isChecked()
    assert not page.year_spin.isEnabled()

    with qtbot.waitSignal(wizard.imported, timeout=30_000) as imported:
        wizard.next()
    report = imported.args[0]

    assert report.inserted == 2
    years = [services.store.fetch_row("budget_line", row_id)["year"] for row_id in report.inserted_ids]
    assert years == [2018, 2019]


def test_back_disabled_while_importing(qtbot, services: AppServices, tmp_path: Path) -> None:
    before = services.store.count("budget_line")
    wizard = _mapping_page_for(qtbot, services, tmp_path, ("2026", "2026"))
    importar = wizard.button(QWizard.WizardButton.CommitButton)
    assert importar.isVisibleTo(wizard)
    assert importar.text() == "Importar"

    # next() processes no events, so the worker's result is still queued when the page is checked.
    wizard.next()
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert wizard.currentPage() is wizard.run_page
    assert not back.isEnabled()
    assert not importar.isVisibleTo(wizard)
    back.click()
    assert wizard.currentPage() is wizard.run_page
    wizard.next()
    assert wizard.currentPage() is wizard.run_page

    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)
    assert wizard.result.inserted == 2
    assert services.store.count("budget_line") == before + 2
    assert not back.isEnabled()


def test_import_page_reentered_imports_once(qtbot, services: AppServices, tmp_path: Path) -> None:
    before = services.store.count("budget_line")
    wizard = _mapping_page_for(qtbot, services, tmp_path, ("2026", "2026"))
    wizard.next()
    first_worker = wizard.run_page.worker

    # QWizard.back() from code ignores the disabled Back button.
    wizard.back()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()

    assert wizard.run_page.worker is first_worker
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)
    assert services.store.count("budget_line") == before + 2

    for _ in range(2):
        wizard.back()
    assert wizard.currentPage() is wizard.mapping_page
    wizard.next()
    assert wizard.run_page.worker is first_worker
    assert wizard.run_page.isComplete()
    assert services.store.count("budget_line") == before + 2


def test_failed_import_allows_retry(qtbot, services: AppServices, tmp_path: Path) -> None:
    before = services.store.count("budget_line")
    wizard = _mapping_page_for(qtbot, services, tmp_path, ("2026", "2026"))
    contents = wizard.path.read_bytes()
    wizard.path.unlink()

    wizard.next()
    qtbot.waitUntil(wizard.run_page.isComplete, timeout=30_000)
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert wizard.result is None
    assert "Use < Voltar para corrigir" in wizard.run_page.status_label.text()
    assert back.isEnabled()

    wizard.path.write_bytes(contents)
    back.click()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.button(QWizard.WizardButton.CommitButton).isVisibleTo(wizard)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)
    assert wizard.result.inserted == 2
    assert services.store.count("budget_line") == before + 2


def _wizard_at_mapping(qtbot, services: AppServices, tmp_path: Path, path: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    """Open the wizard on ``path`` and go through the file, format and preview pages to the mapping page."""
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(path)
    for _ in range(3):
        wizard.next()
    return wizard


def _write_sigplan(path: Path) -> Path:
    """Write a SIGPLAN action export with two actions of UO 01091 (one deleted) and one of UO 01101."""
    header = [*SIGPLAN_COLUMNS, "Previsão Orçamentária 2026", "Previsão Física 2026"]
    actions = [
        ("01091", "PROCURADORIA GERAL DE JUSTIÇA", "4420", "Atuação em tutela coletiva", "Não", "1500000.00", "12"),
        ("01091", "PROCURADORIA GERAL DE JUSTIÇA", "4421", "Ação extinta", "Sim", "", ""),
        ("01101", "OUVIDORIA-GERAL DO ESTADO DE MINAS GERAIS", "2500", "Ouvidoria ativa", "Não", "80000.00", "4"),
    ]
    lines = ["|".join(header)]
    for uo, uo_name, acao, title, deleted, budget, physical in actions:
        row = dict.fromkeys(header, "")
        row.update(
            {
                "Código do Programa": "0104",
                "Exclusão Lógica do Programa": "Não",
                "Código da Unidade Orçamentária Responsável pela Ação": uo,
                "Unidade Orçamentária Responsável pela Ação": uo_name,
                "Código da Ação": acao,
                "Título da Ação": title,
                "Exclusão Lógica da Ação": deleted,
                "Finalidade da Ação": "Garantir a atuação do órgão.",
                "Produto": "Procedimento instaurado",
                "Unidade de Medida do Produto": "unidade",
                "Previsão Orçamentária 2026": budget,
                "Previsão Física 2026": physical,
            }
        )
        lines.append("|".join(row[name] for name in header))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def test_sigplan_preset_shows_plan_destination(qtbot, services: AppServices, tmp_path: Path) -> None:
    wizard = _wizard_at_mapping(qtbot, services, tmp_path, _write_sigplan(tmp_path / "acoes_planejamento.txt"))
    page = wizard.mapping_page

    assert page.preset_combo.currentText() == "SIGPLAN – ações do planejamento"
    assert page.destination_combo.currentText() == "Iniciativas do plano (ações do SIGPLAN)"
    assert not page.destination_combo.isEnabled()
    assert "leiaute do SIGPLAN" in page.subTitle()
    assert _combo_for(wizard, "Título da Ação").currentText() == "Título"
    assert _combo_for(wizard, "Finalidade da Ação").currentText() == "Descrição"
    assert _combo_for(wizard, "Previsão Orçamentária 2026").currentText() == "Previsão orçamentária de 2026"
    assert _combo_for(wizard, "Exclusão Lógica da Ação").currentText().startswith("Exclusão lógica")
    assert not _combo_for(wizard, "Título da Ação").isEnabled()
    listed = [page.uo_combo.itemData(index) for index in range(page.uo_combo.count())]
    assert listed == ["01091", "01101"]
    assert page.uo_combo.itemText(0) == "01091 – PROCURADORIA GERAL DE JUSTIÇA (1 ações)"
    # No unit of the filled store has a UO, so none is preselected.
    assert page.uo_combo.currentText() == ""

    wizard.next()
    assert wizard.currentPage() is page
    assert "Informe a unidade orçamentária" in page.error_label.text()

    page.uo_combo.setCurrentIndex(0)
    page.year_spin.setValue(2026)
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)
    assert wizard.uo == "01091"
    assert wizard.result.imported == 1
    assert services.store.count("plan_item", "source_ref = ?", ("SIGPLAN:0104/4420/01091",)) == 1


def test_other_preset_after_sigplan_restores_choices(qtbot, services: AppServices, tmp_path: Path) -> None:
    wizard = _wizard_at_mapping(qtbot, services, tmp_path, _write_sigplan(tmp_path / "acoes_planejamento.txt"))
    page = wizard.mapping_page

    page.preset_combo.setCurrentIndex(0)
    page.preset_combo.activated.emit(0)

    assert page.destination_combo.isEnabled()
    assert page.destination_combo.findData("plan_item") == -1
    assert page.destination_combo.currentText() == "Linhas orçamentárias"
    assert _combo_for(wizard, "Título da Ação").isEnabled()
    assert _combo_for(wizard, "Título da Ação").count() > 1
    assert not page.uo_combo.isVisibleTo(page)


def test_sigplan_preset_refuses_profile_that_cannot_create_initiatives(qtbot, make_services, tmp_path: Path) -> None:
    services = make_services("Auditor")
    wizard = _wizard_at_mapping(qtbot, services, tmp_path, _write_sigplan(tmp_path / "acoes_planejamento.txt"))
    page = wizard.mapping_page
    page.uo_combo.setCurrentIndex(0)
    page.year_spin.setValue(2026)

    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)

    assert wizard.result.imported == 0
    assert services.store.count("plan_item", "source_ref = ?", ("SIGPLAN:0104/4420/01091",)) == 0


def test_row_filter_keeps_one_body(qtbot, services: AppServices, tmp_path: Path) -> None:
    path = tmp_path / "estado.csv"
    lines = ["UO;Ação;Dotação atualizada;Empenhado", "01091;2009;100,00;50,00", "04441;2010;200,00;0,00",
             "1091;2011;300,00;10,00", "02011;2012;400,00;0,00"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    before = services.store.count("budget_line")
    wizard = _wizard_at_mapping(qtbot, services, tmp_path, path)
    page = wizard.mapping_page
    page.year_spin.setValue(2026)
    page.filter_column_combo.setCurrentIndex(page.filter_column_combo.findData("UO"))

    wizard.next()
    assert wizard.currentPage() is page
    assert "Informe o valor da coluna 'UO'" in page.error_label.text()

    page.filter_value_edit.setText(" 01091 ")
    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)

    assert wizard.result.inserted == 2  # 01091 and 1091: one UO written with and without its zero
    assert services.store.count("budget_line") == before + 2
    assert "2 linha(s) com outro valor na coluna 'UO' deixada(s) de fora" in wizard.result_page.summary_label.text()


def test_row_filter_keeping_no_row_says_so(qtbot, services: AppServices, tmp_path: Path) -> None:
    path = tmp_path / "estado.csv"
    path.write_bytes("UO;Ação;Dotação atualizada\r\n04441;2010;200,00\r\n".encode("utf-8"))
    wizard = _wizard_at_mapping(qtbot, services, tmp_path, path)
    page = wizard.mapping_page
    page.year_spin.setValue(2026)
    page.filter_column_combo.setCurrentIndex(page.filter_column_combo.findData("UO"))
    page.filter_value_edit.setText("01091")

    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)

    assert "Nenhuma linha tem '01091' na coluna 'UO': nada foi importado" in wizard.result_page.summary_label.text()


def test_result_names_the_reason_most_rejected_lines_share(qtbot, services: AppServices, tmp_path: Path) -> None:
    path = tmp_path / "outro-ano.csv"
    lines = ["Exercício;UO;Ação;Dotação atualizada", "2024;01091;2009;100,00", "2024;01091;2010;200,00",
             "2024;01091;2011;300,00"]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    wizard = _wizard_at_mapping(qtbot, services, tmp_path, path)
    page = wizard.mapping_page
    page.each_year_check.setChecked(False)
    page.year_spin.setValue(2026)

    wizard.next()
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.result_page, timeout=30_000)

    assert wizard.result.inserted == 0
    summary = wizard.result_page.summary_label.text()
    assert "3 das 3 linhas rejeitadas têm o mesmo motivo: " in summary
    assert "2024" in summary.split("mesmo motivo: ")[1]


def test_folder_path_named_as_folder(qtbot, services: AppServices, tmp_path: Path) -> None:
    folder = tmp_path / "pasta.csv"
    folder.mkdir()
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.set_file(folder)

    wizard.next()

    assert wizard.currentPage() is wizard.file_page
    assert "é uma pasta, não um arquivo" in wizard.file_page.error_label.text()
