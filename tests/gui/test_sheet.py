"""The planning sheet: pt-BR display, edits through the domain parsers, SQL sorting, permissions."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt

from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE, PlanSheetModel
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.services import AppServices

from .store_fill import plan_item_id


def _index(model: PlanSheetModel, number: int, field_name: str) -> QModelIndex:
    position = model.position_of(plan_item_id(number))
    assert position is not None
    return model.index(position, model.column_of(field_name))


def _outbox_count(services: AppServices) -> int:
    return int(services.store.connection.execute("SELECT COUNT(*) FROM outbox").fetchone()[0])


def test_sheet_model_passes_modeltester(qtmodeltester, services: AppServices) -> None:
    model = PlanSheetModel(services)
    qtmodeltester.check(model, force_py=True)


def test_sheet_shows_rows_in_ptbr_formats(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    model = view.model
    row = services.store.fetch_row("plan_item", plan_item_id(0))
    assert row is not None

    assert model.rowCount() == 300
    assert view.count_label.text() == "300 itens"
    total = _index(model, 0, "planned_total").data()
    assert total == _ptbr_money(row["planned_total"])
    assert _index(model, 0, "start_date").data() == row["start_date"].strftime("%d/%m/%Y")
    assert _index(model, 0, "status").data() == "Não iniciado"
    assert _index(model, 0, "unit_id").data() == "Promotoria de Justiça de Vila Velha"
    assert model.headerData(model.column_of("month_01"), Qt.Orientation.Horizontal) == "Jan"


def test_progress_edit_stores_decimal_and_marks_pending(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    model = view.model
    # Item 1 is a task: an initiative with tasks shows their roll-up and takes no typed progress.
    index = _index(model, 1, "progress")

    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(index, "62,5")

    stored = services.store.fetch_row("plan_item", plan_item_id(1))
    assert stored is not None
    assert stored["progress"] == Decimal("62.5")
    assert _outbox_count(services) == 1
    assert index.data() == "62,5"
    assert index.data(CELL_STATE_ROLE) == "pending"
    assert "Alteração pendente de sincronização" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_planned_money_edit_stores_exact_amount(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    index = _index(model, 0, "planned_total")

    assert model.setData(index, "1.234,56")

    stored = services.store.fetch_row("plan_item", plan_item_id(0))
    assert stored is not None
    assert stored["planned_total"] == Decimal("1234.56")
    cents = services.store.connection.execute(
        "SELECT planned_total FROM plan_item WHERE id = ?", (str(plan_item_id(0)),)
    ).fetchone()[0]
    assert cents == 123456
    assert index.data() == "1.234,56"
    assert index.data(CELL_STATE_ROLE) == "pending"


def test_invalid_money_rejected_without_write(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    index = _index(model, 0, "planned_total")
    before = services.store.fetch_row("plan_item", plan_item_id(0))

    with qtbot.waitSignal(model.edit_rejected) as rejected:
        assert not model.setData(index, "12,3,4")

    message = rejected.args[0]
    assert "12,3,4" in message
    assert "inválido" in message
    assert services.store.fetch_row("plan_item", plan_item_id(0)) == before
    assert _outbox_count(services) == 0
    assert message in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(CELL_STATE_ROLE) == "rejected"


def test_rejected_edit_message_reaches_status_bar(qtbot, services: AppServices) -> None:
    from planmp_desktop.gui.main_window import MainWindow

    window = MainWindow(services)
    qtbot.addWidget(window)
    index = _index(window.sheet.model, 0, "planned_total")

    window.sheet.model.setData(index, "12,3,4")

    assert "12,3,4" in window.status.currentMessage()


def test_sort_by_planned_total_orders_by_value(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    column = model.column_of("planned_total")

    model.sort(column, Qt.SortOrder.AscendingOrder)
    ascending = _stored_totals(services, model)
    model.sort(column, Qt.SortOrder.DescendingOrder)
    descending = _stored_totals(services, model)

    assert ascending == sorted(ascending)
    assert descending == sorted(descending, reverse=True)
    assert len(ascending) == 300


def test_filter_matches_code_title_and_responsible(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)

    model.set_filter_text("INI-002")
    assert model.rowCount() == 5
    model.set_filter_text("aterros")
    assert model.rowCount() == 30
    model.set_filter_text("rafael")
    assert model.rowCount() == 60
    model.set_filter_text("")
    assert model.rowCount() == 300


def test_approved_item_planning_cell_is_read_only(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    approved = 2  # plan item 2 of the Vila Velha promotoria is aprovado
    assert services.store.fetch_row("plan_item", plan_item_id(approved))["approval_state"] == "aprovado"
    planning = _index(model, approved, "planned_total")
    execution = _index(model, approved, "progress")

    assert not model.flags(planning) & Qt.ItemFlag.ItemIsEditable
    assert "Item aprovado" in planning.data(Qt.ItemDataRole.ToolTipRole)
    assert model.flags(execution) & Qt.ItemFlag.ItemIsEditable
    assert not model.setData(planning, "10,00")
    assert _outbox_count(services) == 0


def test_auditor_sees_every_cell_read_only(qtbot, make_services: Callable[..., AppServices]) -> None:
    model = PlanSheetModel(make_services("Auditor"))
    index = _index(model, 0, "progress")

    assert not model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert "Auditor" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_undo_writes_previous_value_back(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    index = _index(model, 1, "progress")
    before = services.store.fetch_row("plan_item", plan_item_id(1))["progress"]

    model.setData(index, "99")
    model.undo_stack.undo()

    assert services.store.fetch_row("plan_item", plan_item_id(1))["progress"] == before
    assert _outbox_count(services) == 2


def test_reload_keeps_scroll_position(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    view.table.verticalScrollBar().setValue(120)

    view.reload()

    assert view.table.verticalScrollBar().value() == 120


def _stored_totals(services: AppServices, model: PlanSheetModel) -> list[int]:
    ids = [str(model.row_id(position)) for position in range(model.rowCount())]
    totals = dict(services.store.connection.execute("SELECT id, planned_total FROM plan_item"))
    return [totals[row_id] for row_id in ids]


def _ptbr_money(value: Decimal) -> str:
    integer, fraction = f"{value:.2f}".split(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    return ".".join(groups) + "," + fraction


def test_row_ids_are_uuids(services: AppServices) -> None:
    model = PlanSheetModel(services)
    assert isinstance(model.row_id(0), uuid.UUID)


def test_out_of_range_values_refused_in_place(qtbot, services: AppServices) -> None:
    view = SheetView(services)
    qtbot.addWidget(view)
    model = view.model
    fields = ("progress", "weight", "month_04")
    position = next(
        row
        for row in range(model.rowCount())
        if all(model.cell_denial(row, model.column_of(field)) is None for field in fields)
    )
    pending_before = services.store.status().pending

    for field, text in (("progress", "150"), ("weight", "1.000"), ("month_04", "-100,00")):
        index = model.index(position, model.column_of(field))
        assert not model.setData(index, text)
        assert index.data(CELL_STATE_ROLE) == "rejected"

    assert services.store.status().pending == pending_before


def test_server_rejection_marks_cell(qtbot, services: AppServices) -> None:
    from planmp_desktop.contract.messages import MutationResult

    model = PlanSheetModel(services)
    index = _index(model, 0, "planned_total")
    assert model.setData(index, "1.234,56")
    (mutation_id,) = services.store.connection.execute("SELECT mutation_id FROM outbox").fetchone()
    reason = "Item aguardando aprovação: campos de planejamento ficam bloqueados até a decisão."

    services.store.apply_push_results(
        [MutationResult(mutation_id=uuid.UUID(mutation_id), outcome="rejected", reason=reason)]
    )
    model.reload()
    index = _index(model, 0, "planned_total")

    assert index.data(CELL_STATE_ROLE) == "rejected"
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert f"Alteração recusada pelo servidor: {reason}" in tooltip
    assert "Pendências de sincronização" in tooltip
    assert "pendente de sincronização" not in tooltip
    assert _index(model, 0, "title").data(CELL_STATE_ROLE) is None

    assert model.setData(index, "2.000,00")
    assert index.data(CELL_STATE_ROLE) == "pending"
    model.reload()
    assert _index(model, 0, "planned_total").data(CELL_STATE_ROLE) == "pending"


def test_dismissed_rejection_clears_mark(qtbot, services: AppServices) -> None:
    from planmp_desktop.contract.messages import MutationResult

    model = PlanSheetModel(services)
    before = _index(model, 0, "planned_total").data()
    assert model.setData(_index(model, 0, "planned_total"), "1.234,56")
    (mutation_id,) = services.store.connection.execute("SELECT mutation_id FROM outbox").fetchone()
    services.store.apply_push_results(
        [MutationResult(mutation_id=uuid.UUID(mutation_id), outcome="rejected", reason="Recusado.")]
    )

    services.store.dismiss_rejection(uuid.UUID(mutation_id))
    model.reload()

    index = _index(model, 0, "planned_total")
    assert index.data(CELL_STATE_ROLE) is None
    assert index.data() == before
