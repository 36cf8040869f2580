"""Find (Ctrl+F) and replace (Ctrl+H) on the planning sheet, driven through the real table widget."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from planmp_desktop.gui.sheet_find import FindOptions
from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.services import AppServices

from .sheet_support import cell, filled_store, open_sheet, select_cell, stored

ITEM = 7  # the draft item the tests write into and filter the sheet down to
SHOWN_MONEY = ("code", "title", "month_01", "month_02", "month_03", "month_04")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return filled_store(tmp_path / "local.sqlite3", bulk_count=20)


def write_cells(view: SheetView, number: int, texts: dict[str, str]) -> None:
    """Type ``texts`` (field name -> pt-BR text) into draft item ``number`` as one bulk edit."""
    cells = [(cell(view, number, name).row(), view.model.column_of(name), text) for name, text in texts.items()]
    result = view.model.apply_texts(cells, "Preparar o teste")
    assert result.refused == 0


def show_only(view: SheetView, qtbot, field_names: tuple[str, ...]) -> None:
    """Filter the sheet down to draft item ITEM and hide every column but ``field_names`` and the frozen ones."""
    view.filter_edit.setText(f"LOTE-{ITEM:06d}")
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Return)
    assert view.model.rowCount() == 1
    for column in view.model.definition.columns:
        view.set_column_visible(column.name, column.name in field_names)


def current_field(view: SheetView) -> str:
    return view.model.definition.columns[view.table.currentIndex().column()].name


@pytest.fixture
def money_row(qtbot, services: AppServices) -> SheetView:
    """The sheet showing only item ITEM's code, title and four months: 1.000,00, 10,00, 0,00 and 20.000,00."""
    view = open_sheet(qtbot, services)
    write_cells(
        view,
        ITEM,
        {
            "title": "Custo 0,00 previsto",
            "month_01": "1.000,00",
            "month_02": "10,00",
            "month_03": "0,00",
            "month_04": "20.000,00",
        },
    )
    show_only(view, qtbot, SHOWN_MONEY)
    return view


def test_replace_all_keeps_partly_matching_amounts(money_row: SheetView, services: AppServices) -> None:
    view = money_row

    message = view.table.replace_all(FindOptions("0,00"), "")

    assert stored(services, ITEM, "month_01") == Decimal("1000.00")
    assert stored(services, ITEM, "month_02") == Decimal("10.00")
    assert stored(services, ITEM, "month_04") == Decimal("20000.00")
    assert stored(services, ITEM, "month_03") is None
    assert stored(services, ITEM, "title") == "Custo  previsto"
    assert "2 células alteradas" in message
    assert "3 células de número, data ou lista contêm '0,00' só em parte" in message


def test_replace_all_keeps_dates_and_percentages(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    write_cells(view, ITEM, {"start_date": "01/03/2026", "end_date": "28/09/2026", "progress": "62,5"})
    show_only(view, qtbot, ("start_date", "end_date", "progress"))

    message = view.table.replace_all(FindOptions("2"), "3")

    assert stored(services, ITEM, "start_date") == dt.date(2026, 3, 1)
    assert stored(services, ITEM, "end_date") == dt.date(2026, 9, 28)
    assert stored(services, ITEM, "progress") == Decimal("62.5")
    assert "nenhuma célula alterada" in message
    assert "3 células de número, data ou lista" in message
    assert view.model.undo_stack.count() == 1  # only the test's own preparation


def test_replace_all_whole_amount_is_replaced(money_row: SheetView, services: AppServices) -> None:
    view = money_row

    unticked = view.table.replace_all(FindOptions("10,00"), "15,00")
    ticked = view.table.replace_all(FindOptions("20.000,00", whole_cell=True), "25.000,00")

    assert stored(services, ITEM, "month_02") == Decimal("15.00")
    assert stored(services, ITEM, "month_04") == Decimal("25000.00")
    assert stored(services, ITEM, "month_01") == Decimal("1000.00")
    assert unticked == "Substituir: 1 célula alterada."
    assert ticked == "Substituir: 1 célula alterada."


def test_replace_one_keeps_partly_matching_amount(money_row: SheetView, services: AppServices) -> None:
    view = money_row
    view.table.setCurrentIndex(cell(view, ITEM, "month_01"))

    message = view.table.replace_current(FindOptions("0,00"), "")

    assert stored(services, ITEM, "month_01") == Decimal("1000.00")
    assert "1 célula de número, data ou lista contém '0,00' só em parte" in message
    assert current_field(view) == "month_02"
    assert "Próxima ocorrência na linha 1, coluna" in message


def test_replace_one_reports_and_moves_past_cell(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    write_cells(view, 3, {"title": "Cumprir diligências"})
    write_cells(view, 5, {"title": "Acompanhar diligências"})
    select_cell(view, 3, "title")
    statuses: list[str] = []
    view.table.status_message.connect(statuses.append)

    first = view.table.replace_current(FindOptions("diligências"), "DILIGÊNCIAS")

    assert stored(services, 3, "title") == "Cumprir DILIGÊNCIAS"
    assert first.startswith("'diligências' substituído por 'DILIGÊNCIAS' na linha")
    assert view.table.currentIndex() == cell(view, 5, "title")
    assert statuses == [first]

    second = view.table.replace_current(FindOptions("diligências"), "DILIGÊNCIAS")

    assert stored(services, 5, "title") == "Acompanhar DILIGÊNCIAS"
    assert view.table.currentIndex() == cell(view, 3, "title")
    assert "Próxima ocorrência" in second


def test_replace_one_only_match_stays(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    write_cells(view, 4, {"title": "Cumprir diligências"})
    select_cell(view, 4, "title")

    message = view.table.replace_current(FindOptions("diligências"), "DILIGÊNCIAS")

    assert stored(services, 4, "title") == "Cumprir DILIGÊNCIAS"
    assert view.table.currentIndex() == cell(view, 4, "title")
    assert "Não há outra ocorrência de 'diligências' na planilha." in message


def test_find_matches_inside_amounts(money_row: SheetView) -> None:
    view = money_row
    view.table.setCurrentIndex(cell(view, ITEM, "code"))

    found = []
    for _ in range(5):
        view.table.find_next(FindOptions("0,00"))
        found.append(current_field(view))

    assert found == ["title", "month_01", "month_02", "month_03", "month_04"]
    view.table.find_next(FindOptions("0,00"))
    assert current_field(view) == "title"  # wrapped


def test_find_backwards_and_whole_cell(money_row: SheetView) -> None:
    view = money_row
    view.table.setCurrentIndex(cell(view, ITEM, "month_04"))

    view.table.find_next(FindOptions("0,00"), backwards=True)
    assert current_field(view) == "month_03"
    view.table.find_next(FindOptions("0,00", whole_cell=True), backwards=True)
    assert current_field(view) == "month_03"  # the start cell is checked last
    message = view.table.find_next(FindOptions("custo", match_case=True))
    assert message == "'custo' não encontrado na planilha."
    assert current_field(view) == "month_03"
    view.table.find_next(FindOptions("custo"))
    assert current_field(view) == "title"


def test_find_reaches_refused_text_in_amount(money_row: SheetView) -> None:
    view = money_row
    result = view.model.apply_texts([(0, view.model.column_of("month_02"), "dez reais")], "Digitar")
    assert result.refused == 1
    assert cell(view, ITEM, "month_02").data(CELL_STATE_ROLE) == "rejected"
    view.table.setCurrentIndex(cell(view, ITEM, "code"))

    message = view.table.find_next(FindOptions("reais"))

    assert current_field(view) == "month_02"
    assert message.startswith("Encontrado na linha 1, coluna")



def test_find_on_budget_sheet(qtbot, services: AppServices, tmp_path: Path) -> None:
    from .test_sheet_budget import PORTAL_LINES, import_portal, open_budget, write_portal_file

    import_portal(services, write_portal_file(tmp_path / "orcamento.csv", PORTAL_LINES))
    view = open_budget(qtbot, services)
    model = view.model
    view.table.setCurrentIndex(model.index(0, model.column_of("programa")))

    view.table.find_next(FindOptions("promotoria de justiça de vila velha"))
    assert current_field(view) == "unit_id"
    view.table.find_next(FindOptions("2026", whole_cell=True))
    assert current_field(view) == "year"
    view.table.find_next(FindOptions("-68,68"))
    assert current_field(view) == "empenhado"


def test_empty_search_asks_for_text(qtbot, services: AppServices) -> None:
    view = open_sheet(qtbot, services)
    outbox_before = services.store.status().pending

    for message in (
        view.table.find_next(FindOptions("")),
        view.table.replace_current(FindOptions(""), "x"),
        view.table.replace_all(FindOptions(""), "x"),
    ):
        assert message == "Digite o texto a localizar."
    assert services.store.status().pending == outbox_before
