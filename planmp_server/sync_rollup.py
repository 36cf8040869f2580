"""Progress roll-up after a push: initiatives from their tasks, strategic actions from their initiatives.

Roll-ups are derived values: clients never send them as edits. After a push
request's own writes, :func:`recompute_rollups` recomputes two kinds of rows:
the initiatives whose tasks were inserted, deleted or given a new progress or
weight, and the strategic actions whose initiatives changed. Each new value is
written like any server change, in the request's transaction: a row update, a
change_log entry (so every client pulls it) and an audit event. The event has
action "update", the pushing user as actor and the comment :data:`ROLLUP_COMMENT`.

An initiative without tasks keeps the progress its users type.
NOTE: objectives and the cycle have no stored progress column, so the roll-up stops at strategic actions.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from planmp_desktop.contract.codec import to_wire
from planmp_desktop.contract.schema import ENTITIES, FieldType
from planmp_desktop.domain.codes import ItemKind
from planmp_desktop.domain.rollup import action_progress, initiative_progress
from planmp_server.actors import Actor
from planmp_server.batch_writes import ID_CHUNK, BatchWrites
from planmp_server.db import ENTITY_TABLES

ROLLUP_COMMENT = "Recalculado a partir das tarefas"
# Fields whose change moves the roll-up of the row's parent (a task's initiative, an initiative's action).
TASK_ROLLUP_FIELDS = frozenset({"progress", "weight"})
INITIATIVE_ROLLUP_FIELDS = frozenset({"progress", "weight", "item_type", "strategic_action_id"})


@dataclass
class RollupTargets:
    """Initiatives and strategic actions whose progress a push request may have moved."""

    initiatives: set[uuid.UUID] = field(default_factory=set)
    actions: set[uuid.UUID] = field(default_factory=set)

    def note_plan_item(self, row: dict[str, Any], action: str, changes: dict[str, list[Any]]) -> None:
        """Note the parents affected by an applied insert, update or delete of plan_item ``row``.

        ``row`` is the row after an insert or update, before a delete;
        ``changes`` maps each changed field to its [old, new] wire values.
        """
        whole_row = action in ("insert", "delete")
        if row.get("kind") == ItemKind.TAREFA.value:
            if row.get("parent_id") is not None and (whole_row or TASK_ROLLUP_FIELDS & changes.keys()):
                self.initiatives.add(row["parent_id"])
            return
        if not (whole_row or INITIATIVE_ROLLUP_FIELDS & changes.keys()):
            return
        if row.get("strategic_action_id") is not None:
            self.actions.add(row["strategic_action_id"])
        old_action = changes.get("strategic_action_id", [None])[0]
        if old_action is not None:
            self.actions.add(uuid.UUID(str(old_action)))


def recompute_rollups(writes: BatchWrites, actor: Actor, device_id: str, targets: RollupTargets) -> None:
    """Recompute and queue the progress of ``targets`` after the batch's own writes."""
    if not (targets.initiatives or targets.actions):
        return
    # The queries below read the database, so the batch's writes go out first.
    writes.flush()
    plan_item = ENTITY_TABLES["plan_item"]
    tasks_by_initiative: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    query = select(plan_item.c.parent_id, plan_item.c.progress, plan_item.c.weight).where(
        plan_item.c.kind == ItemKind.TAREFA.value
    )
    for chunk in _chunks(targets.initiatives):
        for task in writes.connection.execute(query.where(plan_item.c.parent_id.in_(chunk))).mappings():
            tasks_by_initiative[task["parent_id"]].append(dict(task))

    for initiative_id in sorted(targets.initiatives):
        tasks = tasks_by_initiative.get(initiative_id)
        row = writes.row("plan_item", initiative_id)
        if not tasks or row is None:
            continue
        if _write_progress(writes, actor, device_id, "plan_item", row, initiative_progress(tasks)):
            if row.get("strategic_action_id") is not None:
                targets.actions.add(row["strategic_action_id"])

    if not targets.actions:
        return
    writes.flush()
    initiatives_by_action: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    query = select(
        plan_item.c.strategic_action_id, plan_item.c.progress, plan_item.c.weight, plan_item.c.item_type
    ).where(plan_item.c.kind == ItemKind.INICIATIVA.value)
    for chunk in _chunks(targets.actions):
        for initiative in writes.connection.execute(query.where(plan_item.c.strategic_action_id.in_(chunk))).mappings():
            initiatives_by_action[initiative["strategic_action_id"]].append(dict(initiative))
    for action_id in sorted(targets.actions):
        row = writes.row("strategic_action", action_id)
        if row is not None:
            new_progress = action_progress(initiatives_by_action.get(action_id, []))
            _write_progress(writes, actor, device_id, "strategic_action", row, new_progress)


def _write_progress(
    writes: BatchWrites, actor: Actor, device_id: str, entity_name: str, row: dict[str, Any], progress: Any
) -> bool:
    """Queue ``progress`` for ``row`` with its change_log entry and audit event; return whether it changed."""
    if row.get("progress") == progress:
        return False
    entity = ENTITIES[entity_name]
    old_wire = to_wire(FieldType.DECIMAL, row.get("progress"))
    writes.update_row(entity_name, row["id"], {"progress": progress})
    row["progress"] = progress
    unit_id = row.get(entity.scope_field) if entity.scope_field else None
    writes.record_change(entity_name, row["id"], unit_id)
    writes.add_audit_event(
        actor_user_id=actor.user_id,
        actor_name=actor.name,
        actor_unit_id=actor.home_unit_id,
        entity=entity,
        row=row,
        action="update",
        changes={"progress": [old_wire, to_wire(FieldType.DECIMAL, progress)]},
        comment=ROLLUP_COMMENT,
        mutation_id=None,
        device_id=device_id,
    )
    return True


def _chunks(ids: Iterable[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), ID_CHUNK):
        yield ordered[start : start + ID_CHUNK]
