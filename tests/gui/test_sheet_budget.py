"""The "Orçamento" sheet: imported budget lines, read-only execution cells, validation marks and edits."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtGui import QBrush, QGuiApplication
from PySide6.QtWidgets import QComboBox

from planmp_desktop.gui.main_window import BUDGET_SCREEN, MainWindow
from planmp_desktop.gui.sheet_budget import BudgetSheetModel, budget_sheet_view
from planmp_desktop.gui.sheet_model import ISSUE_TINT
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.gui.sheet_views import views_path
from planmp_desktop.gui.sheet_definition import BUDGET_SHEET
from planmp_desktop.io.budget_import import import_budget_lines
from planmp_desktop.io.mapping import PORTAL_ORCAMENTO_DESPESA
from planmp_desktop.services import AppServices

from .store_fill import PJ_COLATINA, PJ_VILA_VELHA

PORTAL_HEADER = (
    '"EXERCÍCIO";"CÓDIGO UNIDADE ORÇAMENTÁRIA";"NOME UNIDADE ORÇAMENTÁRIA";"CÓDIGO FUNÇÃO";"CÓDIGO SUBFUNÇÃO";'
    '"CÓDIGO PROGRAMA ORÇAMENTÁRIO";"CÓDIGO AÇÃO";"CÓDIGO CATEGORIA ECONÔMICA";"CÓDIGO GRUPO DE DESPESA";'
    '"CÓDIGO ELEMENTO DE DESPESA";"ORÇAMENTO INICIAL (R$)";"ORÇAMENTO ATUALIZADO (R$)";"ORÇAMENTO EMPENHADO (R$)";'
    '"ORÇAMENTO REALIZADO (R$)"'
)
# Programa, ação, dotação inicial, dotação atualizada and empenhado of each line, in file order.
PORTAL_LINES = [
    ("0104", "2E90", "1234567,89", "1300000,00", "987654,32"),  # in order
    ("0104", "4261", "0,00", "0,00", "23929428,72"),  # empenhado above a zero dotação
    ("0104", "2001", "500000,00", "450000,00", "-68,68"),  # an estorno
]


def write_portal_file(path: Path, lines: list[tuple[str, ...]]) -> Path:
    """Write an "Orçamento da Despesa" CSV as the Portal da Transparência does: ISO-8859-1, ``;``, quotes, CRLF."""
    rows = [PORTAL_HEADER]
    for programa, acao, inicial, atualizada, empenhado in lines:
        cells = ["2026", "22101", "MINISTERIO PUBLICO", "03", "091", programa, acao, "3", "3", "39"]
        cells += [inicial, atualizada, empenhado, "0,00"]
        rows.append(";".join(f'"{cell}"' for cell in cells))
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("iso-8859-1"))
    return path


def import_portal(services: AppServices, path: Path, unit_id: uuid.UUID = PJ_VILA_VELHA) -> list[uuid.UUID]:
    report = import_budget_lines(services.store, path, PORTAL_ORCAMENTO_DESPESA, 2026, unit_id)
    assert not report.rejected
    return report.inserted_ids


def open_budget(qtbot: Any, services: AppServices) -> SheetView:
    view = budget_sheet_view(services)
    qtbot.addWidget(view)
    view.resize(1200, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def text_at(view: SheetView, row_id: uuid.UUID, field_name: str) -> str:
    position = view.model.position_of(row_id)
    assert position is not None
    return str(view.model.index(position, view.model.column_of(field_name)).data())


def index_at(view: SheetView, row_id: uuid.UUID, field_name: str) -> Any:
    position = view.model.position_of(row_id)
    assert position is not None
    return view.model.index(position, view.model.column_of(field_name))


def test_budget_screen_shows_rows_after_import(qtbot, services: AppServices, tmp_path: Path) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show_screen(BUDGET_SCREEN)
    budget = window.budget
    assert window.stack.currentWidget() is budget
    assert budget.model.rowCount() == 0
    assert budget.count_label.text() == "0 linhas"

    ids = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    window.reload_all()  # what the import wizard's caller does after an import

    assert budget.model.rowCount() == 3
    assert budget.count_label.text() == "3 linhas"
    first, second, third = ids
    assert text_at(budget, first, "dotacao_inicial") == "1.234.567,89"
    assert text_at(budget, first, "dotacao_atualizada") == "1.300.000,00"
    assert text_at(budget, first, "empenhado") == "987.654,32"
    assert text_at(budget, second, "empenhado") == "23.929.428,72"
    assert text_at(budget, third, "empenhado") == "-68,68"
    assert text_at(budget, first, "programa") == "0104"
    assert text_at(budget, first, "acao") == "2E90"
    assert text_at(budget, first, "year") == "2026"
    assert text_at(budget, first, "unit_id") == "Promotoria de Justiça de Vila Velha"

    empenhado = budget.model.column_of("empenhado")
    expected = Decimal("987654.32") + Decimal("23929428.72") - Decimal("68.68")
    assert budget.totals.text_of(empenhado) == "24.917.014,36"
    assert expected == Decimal("24917014.36")


def test_execution_cells_read_only(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)

    for field_name in ("empenhado", "liquidado", "pago"):
        index = index_at(view, row_id, field_name)
        assert not index.flags() & Qt.ItemFlag.ItemIsEditable, field_name
        tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
        assert "vem dos arquivos de execução orçamentária" in tooltip, field_name
    for field_name in ("year", "unit_id"):
        assert not index_at(view, row_id, field_name).flags() & Qt.ItemFlag.ItemIsEditable, field_name
    for field_name in ("dotacao_inicial", "dotacao_atualizada", "programa", "acao", "natureza_despesa", "fonte"):
        assert index_at(view, row_id, field_name).flags() & Qt.ItemFlag.ItemIsEditable, field_name

    with qtbot.waitSignal(view.model.edit_rejected) as rejected:
        assert not view.model.setData(index_at(view, row_id, "empenhado"), "1,00")
    assert "Empenhado" in rejected.args[0]
    assert services.store.fetch_row("budget_line", row_id)["empenhado"] == Decimal("987654.32")


def test_paste_over_execution_cells_skips_them(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)
    start = index_at(view, row_id, "dotacao_atualizada")
    view.table.selectionModel().setCurrentIndex(start, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QGuiApplication.clipboard().setText("1.400.000,00\t5,00\r\n")

    result = view.table.paste()

    assert result is not None
    assert (result.changed, result.read_only) == (1, 1)
    stored = services.store.fetch_row("budget_line", row_id)
    assert stored["dotacao_atualizada"] == Decimal("1400000.00")
    assert stored["empenhado"] == Decimal("987654.32")


def test_flagged_rows_marked_with_tooltip(qtbot, services: AppServices, tmp_path: Path) -> None:
    first, second, third = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)

    over = index_at(view, second, "empenhado")
    assert over.data(Qt.ItemDataRole.BackgroundRole) == QBrush(ISSUE_TINT)
    assert over.data(Qt.ItemDataRole.DecorationRole) is not None
    assert (
        "Aviso: Empenhado (R$ 23.929.428,72) maior que dotação atualizada (R$ 0,00): confira os dados importados."
        in over.data(Qt.ItemDataRole.ToolTipRole).splitlines()
    )

    negative = index_at(view, third, "empenhado")
    assert negative.data(Qt.ItemDataRole.BackgroundRole) == QBrush(ISSUE_TINT)
    assert "Aviso: Valor negativo em Empenhado (-R$ 68,68): confira se é estorno ou cancelamento." in negative.data(Qt.ItemDataRole.ToolTipRole)

    in_order = index_at(view, first, "empenhado")
    assert in_order.data(Qt.ItemDataRole.DecorationRole) is None
    assert in_order.data(Qt.ItemDataRole.BackgroundRole) != QBrush(ISSUE_TINT)


def test_edit_that_breaks_order_flagged_not_refused(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)

    assert view.model.setData(index_at(view, row_id, "dotacao_atualizada"), "900.000,00")

    assert services.store.fetch_row("budget_line", row_id)["dotacao_atualizada"] == Decimal("900000.00")
    empenhado = index_at(view, row_id, "empenhado")
    assert "maior que dotação atualizada (R$ 900.000,00)" in empenhado.data(Qt.ItemDataRole.ToolTipRole)


def test_budget_edit_writes_outbox_entry(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)
    before = services.store.connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]

    assert view.model.setData(index_at(view, row_id, "dotacao_atualizada"), "R$ 1.350.000,50")

    entries = services.store.connection.execute(
        "SELECT entity, row_id FROM outbox ORDER BY seq DESC LIMIT 1"
    ).fetchall()
    assert services.store.connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == before + 1
    assert entries == [("budget_line", str(row_id))]
    assert services.store.fetch_row("budget_line", row_id)["dotacao_atualizada"] == Decimal("1350000.50")
    assert text_at(view, row_id, "dotacao_atualizada") == "1.350.000,50"

    view.model.undo_stack.undo()
    assert services.store.fetch_row("budget_line", row_id)["dotacao_atualizada"] == Decimal("1300000.00")


def test_auditor_cannot_edit_budget(qtbot, make_services, tmp_path: Path) -> None:
    services = make_services("Auditor")
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)

    index = index_at(view, row_id, "dotacao_atualizada")
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert "Auditor" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_budget_line_out_of_scope_read_only(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES), PJ_COLATINA)
    view = open_budget(qtbot, services)

    index = index_at(view, row_id, "dotacao_atualizada")
    assert not index.flags() & Qt.ItemFlag.ItemIsEditable
    assert "fora do seu escopo" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_budget_filter_and_saved_view(qtbot, services: AppServices, tmp_path: Path) -> None:
    import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)

    view.filter_edit.setText("4261")
    view._apply_filter()
    assert view.model.rowCount() == 1
    view.set_grouping("unit")
    view.save_view("Ação 4261")

    saved = json.loads(views_path(services.user.oid, BUDGET_SHEET).read_text(encoding="utf-8"))
    assert saved["views"]["Ação 4261"]["filter"] == "4261"
    assert saved["views"]["Ação 4261"]["group_by"] == "unit"
    assert not views_path(services.user.oid).exists()  # the plan sheet's views are a separate file


def test_budget_grouped_by_programa_and_acao(qtbot, services: AppServices, tmp_path: Path) -> None:
    import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)
    model = view.model
    dotacao = model.column_of("dotacao_atualizada")

    view.set_grouping("programa")
    [(position, header)] = [(position, model.group_header(position)) for position in model.group_header_positions()]
    assert header.label == "0104"
    assert model.index(position, 0).data() == "▾ 3 linhas · 0104"
    assert header.count == 3
    assert header.sums[dotacao] == Decimal("1750000.00")

    view.set_grouping("acao")
    labels = [model.group_header(position).label for position in model.group_header_positions()]
    assert labels == ["2001", "2E90", "4261"]


def test_grouping_field_read_only_while_grouped(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)
    model = view.model
    view.set_grouping("programa")

    assert not model.setData(index_at(view, row_id, "programa"), "9999")
    assert "agrupada por programa" in (model.cell_denial(model.position_of(row_id), model.column_of("programa")) or "")
    assert model.setData(index_at(view, row_id, "acao"), "2E91")

    view.set_grouping(None)
    assert model.setData(index_at(view, row_id, "programa"), "9999")
    assert text_at(view, row_id, "programa") == "9999"


def test_wide_subtotal_painted_short(qtbot, services: AppServices, tmp_path: Path) -> None:
    import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)
    model = view.model
    view.set_grouping("programa")
    dotacao = model.column_of("dotacao_inicial")
    columns = list(range(model.columnCount()))
    assert view.table.wide_subtotals(0, model.rowCount() - 1, columns) == []

    view.table.setColumnWidth(dotacao, 60)
    [(index, short)] = view.table.wide_subtotals(0, model.rowCount() - 1, columns)

    assert (index.row(), index.column()) == (0, dotacao)
    assert short == "1,73 mi"  # 1.734.567,89 would have lost its last digits
    view.table.grab()  # paints the short form without error


def test_budget_copy_selection(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)
    start = index_at(view, row_id, "dotacao_inicial")
    end = index_at(view, row_id, "empenhado")
    view.table.selectionModel().setCurrentIndex(start, QItemSelectionModel.SelectionFlag.NoUpdate)
    view.table.selectionModel().select(QItemSelection(start, end), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    assert view.table.copy_selection()
    assert QGuiApplication.clipboard().text() == "1.234.567,89\t1.300.000,00\t987.654,32\r\n"


def test_budget_model_on_empty_store(qtbot, services: AppServices) -> None:
    model = BudgetSheetModel(services)
    assert model.rowCount() == 0
    assert model.columnCount() == len(BUDGET_SHEET.columns)


def test_edit_menu_acts_on_budget_screen(qtbot, services: AppServices, tmp_path: Path) -> None:
    [row_id, *_] = import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show_screen(BUDGET_SCREEN)
    budget = window.budget
    assert window.active_sheet() is budget
    assert window.undo_group.activeStack() is budget.model.undo_stack

    index = index_at(budget, row_id, "fonte")
    budget.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    QGuiApplication.clipboard().setText("759")
    paste = next(action for action in window.menuBar().actions()[1].menu().actions() if action.text().startswith("C&olar"))
    paste.trigger()

    assert services.store.fetch_row("budget_line", row_id)["fonte"] == "759"
    assert window.stack.currentWidget() is budget
    window.undo_action.trigger()
    assert services.store.fetch_row("budget_line", row_id)["fonte"] is None
    window.show_screen(0)
    assert window.undo_group.activeStack() is window.sheet.model.undo_stack


def test_budget_shows_plan_year_first(qtbot, services: AppServices, tmp_path: Path) -> None:
    this_year = import_portal(services, write_portal_file(tmp_path / "2026.csv", PORTAL_LINES))
    earlier_file = tmp_path / "2025.csv"
    earlier_file.write_bytes(
        write_portal_file(tmp_path / "base.csv", PORTAL_LINES[:1]).read_bytes().replace(b'"2026"', b'"2025"')
    )
    report = import_budget_lines(services.store, earlier_file, PORTAL_ORCAMENTO_DESPESA, 2025, PJ_VILA_VELHA)
    assert not report.rejected

    budget = open_budget(qtbot, services)
    model = budget.model
    assert isinstance(model, BudgetSheetModel)

    # The settings' plan year is 2026, so the sheet opens on it and its totals hold that year only.
    assert model.year == 2026
    assert model.rowCount() == len(this_year) == 3
    assert budget.count_label.text() == "3 linhas"
    year_combo = next(box for box in budget.findChildren(QComboBox) if box.accessibleName() == "Exercício mostrado")
    assert [year_combo.itemText(number) for number in range(year_combo.count())] == ["todos", "2026", "2025"]
    assert year_combo.currentText() == "2026"

    model.set_year(None)
    assert model.rowCount() == 4
    inicial = model.column_of("dotacao_inicial")
    assert budget.totals.text_of(inicial) == "2.969.135,78"

    model.set_year(2025)
    assert model.rowCount() == 1
    assert budget.totals.text_of(inicial) == "1.234.567,89"


def test_budget_import_undone_with_ctrl_z(qtbot, services: AppServices, tmp_path: Path) -> None:
    from planmp_desktop.gui.import_dialog import push_item_import_undo

    report = import_budget_lines(
        services.store, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES), PORTAL_ORCAMENTO_DESPESA, 2026,
        PJ_VILA_VELHA,
    )
    budget = open_budget(qtbot, services)
    budget.reload()
    assert budget.model.rowCount() == 3
    stack = budget.model.undo_stack

    assert push_item_import_undo(stack, services, report, budget.reload)
    assert stack.undoText() == "Importação de 3 linha(s) orçamentária(s)"
    budget.table.setFocus()
    stack.undo()
    qtbot.waitUntil(lambda: budget.model.rowCount() == 0)

    assert services.store.connection.execute("SELECT COUNT(*) FROM budget_line").fetchone()[0] == 0
    assert services.store.connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 0
    assert not push_item_import_undo(stack, services, report, budget.reload)  # nothing left to undo


@pytest.mark.parametrize("portal", [False, True])
def test_budget_screen_export_writes_lines(
    qtbot, services: AppServices, tmp_path: Path, monkeypatch, portal: bool
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from planmp_desktop.gui.import_dialog import connect_import_export

    import_portal(services, write_portal_file(tmp_path / "despesa.csv", PORTAL_LINES))
    window = MainWindow(services)
    qtbot.addWidget(window)
    connect_import_export(window, services)
    window.show_screen(BUDGET_SCREEN)
    target = tmp_path / "orcamento.csv"
    chosen = "CSV, leiaute do Portal da Transparência (*.csv)" if portal else "CSV separado por ;, leiaute do PlanMP (*.csv)"
    messages: list[str] = []
    # The system's file and message dialogs are modal, so the test returns the user's choices.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), chosen))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: messages.append(text))

    window.export_action.trigger()

    encoding = "iso-8859-1" if portal else "utf-8-sig"  # the Portal publishes ISO-8859-1
    lines = target.read_text(encoding=encoding).splitlines()
    assert len(lines) == 1 + len(PORTAL_LINES)
    assert len(messages) == 1
    assert messages[0].startswith("3 linha(s) orçamentária(s) exportada(s)")
    if portal:
        assert "ORÇAMENTO EMPENHADO" in lines[0].upper()
        assert "para importar o arquivo de novo, exporte no leiaute do PlanMP" in messages[0]
    else:
        assert lines[0].split(";")[:3] == ["Exercício", "Esfera", "UO"]
