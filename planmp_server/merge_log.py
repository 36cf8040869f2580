"""The merge log: one entry per field decision of a pushed update, delete or insert over an existing row.

Outcomes: ``applied`` (the client's value was written), ``already_equal``
(the server already had it), ``conflict`` and ``rejected``. Rules name why:

* ``base_matches``: the server still had the client's base value;
* ``same_value``: the server already had the client's new value;
* ``concurrent_change``: someone else changed the field since the client's base;
* ``row_rule_broken_by_merge`` / ``field_rule_broken_by_merge``: the merged row
  would break a validation rule, so the whole mutation became a conflict;
* a rejection's own rule (``row_deleted``, ``out_of_scope``, ``permission_denied``,
  ``invalid_value``, ``waiting_on_failed_mutation``...), or ``mutation_rejected``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select

from planmp_desktop.contract.codec import to_wire
from planmp_desktop.contract.messages import Mutation
from planmp_desktop.contract.schema import ENTITIES
from planmp_server.actors import Actor
from planmp_server.db import merge_log


@dataclass
class FieldDecision:
    """Decision of the push for one field of one mutation, with values in wire form."""

    field: str
    base: Any
    local: Any
    server: Any
    outcome: str
    rule: str


def settle_decisions(decisions: list[FieldDecision], outcome: str, rule: str) -> None:
    """Rewrite the decisions of a mutation that ended rejected or in a whole-mutation conflict.

    A rejection applies nothing, so every field becomes ``rejected``. A
    conflict raised for the whole mutation (a merge breaking a row rule)
    rolls back the fields that would have applied, so they become
    ``conflict``. Fields already equal or already in conflict keep their decision.
    """
    for decision in decisions:
        if outcome == "rejected":
            decision.outcome = "rejected"
            decision.rule = rule
        elif outcome == "conflict" and decision.outcome == "applied":
            decision.outcome = "conflict"
            decision.rule = rule


def rejected_decisions(
    fetch_row: Callable[[str, uuid.UUID], dict[str, Any] | None], mutation: Mutation, rule: str
) -> list[FieldDecision]:
    """Return ``rejected`` decisions for each field of an update or delete refused before any comparison.

    The server value is the row's current value, or None when the row does
    not exist; ``fetch_row(entity, row_id)`` reads it. Inserts and commands get none.
    """
    if mutation.op == "update":
        names = list(mutation.values)
    elif mutation.op == "delete":
        names = list(mutation.base)
    else:
        return []

    entity = ENTITIES.get(mutation.entity)
    row = fetch_row(entity.name, mutation.row_id) if entity is not None else None
    decisions = []
    for name in names:
        server = None
        if entity is not None and row is not None and entity.has_field(name):
            server = to_wire(entity.field(name).type, row[name])
        decisions.append(
            FieldDecision(
                field=name,
                base=mutation.base.get(name),
                local=mutation.values.get(name),
                server=server,
                outcome="rejected",
                rule=rule,
            )
        )
    return decisions


def write_merge_log(
    connection: Connection, actor: Actor, mutation: Mutation, device_id: str, decisions: list[FieldDecision]
) -> None:
    """Insert the decisions of one mutation, in the caller's (the push's) transaction."""
    entries = merge_log_entries(actor, mutation, device_id, decisions)
    if entries:
        connection.execute(insert(merge_log), entries)


def merge_log_entries(
    actor: Actor, mutation: Mutation, device_id: str, decisions: list[FieldDecision]
) -> list[dict[str, Any]]:
    """Return the merge_log rows of one mutation's decisions."""
    now = dt.datetime.now(dt.timezone.utc)
    return [
        {
            "at": now,
            "mutation_id": mutation.mutation_id,
            "entity": mutation.entity,
            "row_id": mutation.row_id,
            "field": decision.field,
            "base": decision.base,
            "local": decision.local,
            "server": decision.server,
            "outcome": decision.outcome,
            "rule": decision.rule,
            "user_id": actor.user_id,
            "device_id": device_id,
        }
        for decision in decisions
    ]


def read_merge_log(engine: Engine, row_id: uuid.UUID | None, limit: int) -> list[dict[str, Any]]:
    """Return up to ``limit`` merge log entries, newest first, of one row or of every row."""
    query = select(merge_log)
    if row_id is not None:
        query = query.where(merge_log.c.row_id == row_id)
    query = query.order_by(merge_log.c.id.desc()).limit(limit)
    with engine.connect() as connection:
        entries = connection.execute(query).mappings().all()

    return [
        {
            "id": entry["id"],
            "at": _utc(entry["at"]).isoformat(),
            "mutation_id": str(entry["mutation_id"]),
            "entity": entry["entity"],
            "row_id": str(entry["row_id"]),
            "field": entry["field"],
            "base": entry["base"],
            "local": entry["local"],
            "server": entry["server"],
            "outcome": entry["outcome"],
            "rule": entry["rule"],
            "user_id": str(entry["user_id"]),
            "device_id": entry["device_id"],
        }
        for entry in entries
    ]


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; the server writes UTC.
    return moment.replace(tzinfo=dt.timezone.utc) if moment.tzinfo is None else moment
