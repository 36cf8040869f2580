"""The sheet's initiative progress: the weighted roll-up of its tasks in the local store, read-only."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QModelIndex, Qt

from planmp_desktop.gui.sheet_model import PlanSheetModel
from planmp_desktop.services import AppServices

from .store_fill import plan_item_id

# Item 0 is initiative INI-001; items 1 to 4 are its tasks, each of weight 20.
INITIATIVE = 0
TASKS = (1, 2, 3, 4)
DERIVED_REASON = "O progresso da iniciativa é calculado a partir das tarefas: altere o progresso das tarefas."


def _index(model: PlanSheetModel, number: int, field_name: str) -> QModelIndex:
    position = model.position_of(plan_item_id(number))
    assert position is not None
    return model.index(position, model.column_of(field_name))


def test_offline_task_edit_moves_initiative_progress(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    for number, text in zip(TASKS, ("10", "20", "30", "40")):
        assert model.setData(_index(model, number, "progress"), text)
    initiative = _index(model, INITIATIVE, "progress")
    assert initiative.data() == "25"

    with qtbot.waitSignal(model.dataChanged):
        assert model.setData(_index(model, 4, "progress"), "45")

    # (10 + 20 + 30 + 45) × 20 / 80 = 26.25, read from the local store before any sync.
    assert initiative.data() == "26,25"
    assert model.cell_value(initiative.row(), initiative.column()) == Decimal("26.25")


def test_bulk_task_edit_and_undo(services: AppServices) -> None:
    model = PlanSheetModel(services)
    column = model.column_of("progress")
    cells = [(model.position_of(plan_item_id(number)), column, "100") for number in TASKS]
    initiative = _index(model, INITIATIVE, "progress")
    before = initiative.data()

    result = model.apply_texts(cells, "Colar")  # type: ignore[arg-type]

    assert result.changed + result.unchanged == len(TASKS)
    assert initiative.data() == "100"
    model.undo_stack.undo()
    assert initiative.data() == before


def test_initiative_progress_with_tasks_is_read_only(qtbot, services: AppServices) -> None:
    model = PlanSheetModel(services)
    initiative = _index(model, INITIATIVE, "progress")
    stored_before = services.store.fetch_row("plan_item", plan_item_id(INITIATIVE))

    assert not initiative.flags() & Qt.ItemFlag.ItemIsEditable
    assert DERIVED_REASON in initiative.data(Qt.ItemDataRole.ToolTipRole)
    with qtbot.waitSignal(model.edit_rejected) as rejected:
        assert not model.setData(initiative, "70")

    assert rejected.args == [DERIVED_REASON]
    assert services.store.fetch_row("plan_item", plan_item_id(INITIATIVE)) == stored_before
    # A task's progress stays editable.
    assert _index(model, 1, "progress").flags() & Qt.ItemFlag.ItemIsEditable
