"""Progress roll-up on push: initiatives from their tasks, strategic actions from their Planejada initiatives."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from sqlalchemy import select

from planmp_server.db import ENTITY_TABLES
from planmp_server.loader import load_rows
from planmp_server.sync_rollup import ROLLUP_COMMENT

from .conftest import Api, mutation, plan_item_row

USUARIO = ["Usuario"]
PAA = ["PAA"]
DERIVED_REASON = "O progresso da iniciativa é calculado a partir das tarefas: altere o progresso das tarefas."


def seed_tree(api: Api) -> dict[str, dict[str, Any]]:
    """Seed an action with three initiatives and two tasks under the first; return the rows by name.

    The action counts "with_tasks" (Planejada, weight 60) and "typed" (Planejada,
    weight 40, progress 20), not "continua" (Contínua, weight 50, progress 90).
    """
    plan_table = ENTITY_TABLES["annual_plan"]
    with api.engine.connect() as connection:
        cycle_id = connection.execute(select(plan_table.c.cycle_id).where(plan_table.c.id == api.plan_id)).scalar_one()
    perspective = {"id": uuid.uuid4(), "cycle_id": cycle_id, "name": "Sociedade"}
    objective = {"id": uuid.uuid4(), "perspective_id": perspective["id"], "code": "OE-01", "name": "Ampliar o acesso"}
    action = {"id": uuid.uuid4(), "objective_id": objective["id"], "code": "AE-01", "name": "Atendimento", "weight": Decimal(1)}
    rows = {
        "with_tasks": plan_item_row(
            api, "a", "I-01", kind="iniciativa", strategic_action_id=action["id"], weight=Decimal(60), progress=Decimal(0)
        ),
        "typed": plan_item_row(
            api, "a", "I-02", kind="iniciativa", strategic_action_id=action["id"], weight=Decimal(40), progress=Decimal(20)
        ),
        "continua": plan_item_row(
            api, "a", "I-03", kind="iniciativa", item_type="continua", strategic_action_id=action["id"],
            weight=Decimal(50), progress=Decimal(90),
        ),
    }
    parent_id = rows["with_tasks"]["id"]
    rows["first_task"] = plan_item_row(api, "a", "T-01", parent_id=parent_id, weight=Decimal(1), progress=Decimal(0))
    rows["second_task"] = plan_item_row(api, "a", "T-02", parent_id=parent_id, weight=Decimal(2), progress=Decimal(25))
    load_rows(api.engine, {"perspective": [perspective], "objective": [objective], "strategic_action": [action]})
    load_rows(api.engine, {"plan_item": list(rows.values())})
    rows["action"] = action
    return rows


def stored_progress(api: Api, entity: str, row_id: uuid.UUID) -> Decimal | None:
    table = ENTITY_TABLES[entity]
    with api.engine.connect() as connection:
        return connection.execute(select(table.c.progress).where(table.c.id == row_id)).scalar_one()


def test_task_progress_edit_moves_initiative_and_action(api: Api) -> None:
    rows = seed_tree(api)
    task_id = rows["first_task"]["id"]

    [result] = api.push("ana", USUARIO, [mutation("update", task_id, base={"progress": "0"}, values={"progress": "100"})])

    assert result["outcome"] == "applied"
    # (100 × 1 + 25 × 2) / 3 = 50; action (50 × 60 + 20 × 40) / 100 = 38, the Contínua initiative left out.
    assert stored_progress(api, "plan_item", rows["with_tasks"]["id"]) == Decimal("50.00")
    assert stored_progress(api, "strategic_action", rows["action"]["id"]) == Decimal("38.00")
    assert stored_progress(api, "plan_item", rows["typed"]["id"]) == Decimal(20)

    changes = api.pull_all("ana", USUARIO)
    initiative_change = changes[("plan_item", str(rows["with_tasks"]["id"]))]
    assert Decimal(initiative_change["values"]["progress"]) == Decimal("50.00")
    action_change = changes[("strategic_action", str(rows["action"]["id"]))]
    assert Decimal(action_change["values"]["progress"]) == Decimal("38.00")

    audit = ENTITY_TABLES["audit_event"]
    with api.engine.connect() as connection:
        events = connection.execute(
            select(audit.c.action, audit.c.comment, audit.c.changes).where(audit.c.row_id == rows["with_tasks"]["id"])
        ).all()
    assert [(event.action, event.comment) for event in events] == [("update", ROLLUP_COMMENT)]
    assert [Decimal(value) for value in events[0].changes["progress"]] == [Decimal(0), Decimal("50.00")]


def test_task_insert_and_delete_roll_up(api: Api) -> None:
    rows = seed_tree(api)
    initiative_id = rows["with_tasks"]["id"]
    new_task = plan_item_row(api, "a", "T-03", parent_id=initiative_id, weight=Decimal(1), progress=Decimal(100))
    values = {
        name: (str(value) if value is not None else None) for name, value in new_task.items() if name != "approval_state"
    }

    results = api.push(
        "paula",
        PAA,
        [
            mutation("insert", new_task["id"], values=values),
            mutation("delete", rows["second_task"]["id"], base={"progress": "25"}),
        ],
    )

    assert [result["outcome"] for result in results] == ["applied", "applied"], results
    # Tasks left: T-01 (0 × 1) and T-03 (100 × 1): 50; action (50 × 60 + 20 × 40) / 100 = 38.
    assert stored_progress(api, "plan_item", initiative_id) == Decimal("50.00")
    assert stored_progress(api, "strategic_action", rows["action"]["id"]) == Decimal("38.00")


def test_initiative_progress_with_tasks_is_rejected(api: Api) -> None:
    rows = seed_tree(api)
    with_tasks = mutation("update", rows["with_tasks"]["id"], base={"progress": "0"}, values={"progress": "70"})
    typed = mutation("update", rows["typed"]["id"], base={"progress": "20"}, values={"progress": "30"})
    action = mutation(
        "update", rows["action"]["id"], entity="strategic_action", base={"progress": None}, values={"progress": "70"}
    )

    results = api.push("paula", PAA, [with_tasks, typed, action])

    assert (results[0]["outcome"], results[0]["reason"]) == ("rejected", DERIVED_REASON)
    assert stored_progress(api, "plan_item", rows["with_tasks"]["id"]) == Decimal(0)
    # An initiative without tasks keeps its typed progress, and the action follows it.
    assert results[1]["outcome"] == "applied"
    assert stored_progress(api, "strategic_action", rows["action"]["id"]) == Decimal("12.00")
    assert results[2]["outcome"] == "rejected"
    assert stored_progress(api, "strategic_action", rows["action"]["id"]) == Decimal("12.00")
