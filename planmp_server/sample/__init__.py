"""Deterministic sample data of a fictitious Ministério Público (MPEX) for the demo and tests.

``generate(seed)`` returns the same rows for the same seed. They contain a tree
of over a hundred units, demo users of every profile, the 2026–2031 strategic
plan, the 2026 annual plan with its initiatives and tasks, budget lines and
the default approval flows. Audit events are left to the server.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from planmp_desktop.domain.codes import Profile
from planmp_server.sample.plan import (
    WEIGHTS_WARNING_NOTE,
    PlanBuilder,
    build_budget_lines,
    staff_pools,
    update_action_progress,
)
from planmp_server.sample.strategy import approval_flow_rows, build_strategy
from planmp_server.sample.units import (
    DemoUserSpec,
    build_demo_users,
    build_units,
    unit_rows,
    user_rows,
)

__all__ = ["WEIGHTS_WARNING_NOTE", "DemoUserSpec", "SampleData", "generate"]

log = logging.getLogger(__name__)

# Entity names in an order where every row's foreign keys point to rows already listed.
LOAD_ORDER = (
    "unit",
    "user",
    "unit_grant",
    "strategic_cycle",
    "perspective",
    "objective",
    "strategic_action",
    "indicator",
    "goal",
    "measurement",
    "annual_plan",
    "plan_item",
    "budget_line",
    "approval_flow",
    "approval_step",
    "audit_event",
)


@dataclass
class SampleData:
    """Rows of every entity, keyed by entity name in LOAD_ORDER, with the demo accounts.

    Each row has every field of its entity as a Python value (UUID, Decimal,
    date, dict), None where empty. Initiatives come right before their tasks.
    """

    rows: dict[str, list[dict[str, Any]]]
    users: list[DemoUserSpec]
    plan_id: UUID
    cycle_id: UUID


def generate(seed: int = 2026, item_count: int = 20_000) -> SampleData:
    """Generate the sample data with at least ``item_count`` plan_item rows."""
    rng = random.Random(seed)
    units = build_units()
    users = build_demo_users(units)
    planners = [user.name for user in users if Profile.PLANEJAMENTO.value in user.roles]
    strategy = build_strategy(rng, planners)

    demo_staff: dict[UUID, list[str]] = {}
    for user in users:
        demo_staff.setdefault(user.home_unit_id, []).append(user.name)
    builder = PlanBuilder(rng, units, strategy, staff_pools(rng, units, demo_staff))
    showcase = next(unit for unit in units if unit.id == users[0].home_unit_id)
    items = builder.build(item_count, showcase)
    update_action_progress(strategy, items)

    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in LOAD_ORDER}
    rows["unit"] = unit_rows(units)
    rows["user"], rows["unit_grant"] = user_rows(units, users)
    rows.update(strategy.rows)
    rows["plan_item"] = items
    rows["budget_line"] = build_budget_lines(rng, builder.budgets, units[0])
    rows["approval_flow"], rows["approval_step"] = approval_flow_rows()

    log.info("Sample data generated: seed=%d units=%d items=%d", seed, len(units), len(items))
    return SampleData(rows, users, strategy.plan_id, strategy.cycle_id)
