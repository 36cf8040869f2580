"""Push: applying a batch of client mutations with per-field three-way merge, audit and idempotency.

Rules, per mutation (every check runs before the mutation changes anything, so a
refused mutation leaves no trace but its merge log entries):

* update: for each field, server == base applies the new value, server == new
  needs nothing, anything else is a conflict for that field; the other fields
  still apply. A merged row that newly breaks a plan_item rule (months sum to
  the planned total, dates in order) makes the whole mutation a conflict.
  An update of a deleted row is rejected ("O item foi excluído no servidor").
* delete: every field sent in ``base`` must still equal the server's value,
  otherwise someone edited the row since and the delete is a conflict. Clients
  therefore send the row as they last saw it in ``base``. Deleting a row that
  is already deleted is applied with nothing to do; an initiative that still
  has tasks is rejected.
* insert of an existing id: the same values are merged, different ones conflict.
* command (submit, approve, return): validated by the domain's approval rules
  against the current state; approval_state never comes from an update.

A mutation id found in applied_mutation returns its stored result. Some
mutations wait on a failed one of the same batch: rows under a rejected
insert, and a command after a failed edit of its row. They are rejected
without storing their result, so the client can send them again with the same id.

Delete against edit: whichever reaches the server first wins, and a delete
never discards an edit it did not see. An edit that arrives first makes the
later delete a conflict (its base no longer matches). A delete that arrives
first makes the later edit rejected (DELETED_MESSAGE), and every client
receives the tombstone. Either way every replica converges on the server's row.

Every field decision of an update, a delete and an insert over an existing
row goes to merge_log in the same transaction (see planmp_server.merge_log).
The request's writes are gathered by planmp_server.batch_writes and sent with
one executemany per table at the end of the request's one transaction. A
database error while writing therefore fails the whole request (HTTP 500),
and the client splits the batch until it isolates the failing mutation.

Progress roll-ups are derived, never edited (see planmp_server.sync_rollup).
An update that sends the progress of an initiative with tasks is rejected.
After the batch's own writes, the same transaction recomputes the progress
of the initiatives whose tasks changed and of the strategic actions over
their Planejada initiatives. Each new value is written like any server
change: row update, change_log entry, and an audit event with action
"update", the pushing user as actor, no mutation id and the comment
"Recalculado a partir das tarefas", so the history shows why it moved.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, select

from planmp_desktop.contract.codec import WireValueError, from_wire, to_wire
from planmp_desktop.contract.messages import Mutation, MutationResult, PushRequest, PushResponse
from planmp_desktop.contract.schema import ENTITIES, Entity, Field, FieldType
from planmp_desktop.domain.approval import ApprovalError, apply_command
from planmp_desktop.domain.codes import ApprovalState
from planmp_desktop.domain.dates import format_date
from planmp_desktop.domain.money import format_decimal, format_money
from planmp_desktop.domain.permissions import edit_denial
from planmp_desktop.domain.rollup import derived_progress_reason
from planmp_desktop.domain.validation import ROW_RULES, Issue, validate_plan_item
from planmp_server.actors import Actor
from planmp_server.batch_writes import ID_CHUNK, BatchWrites
from planmp_server.changes import row_label
from planmp_server.db import DECIMAL_LIMIT, ENTITY_TABLES, MONEY_LIMIT, applied_mutation, write_transaction
from planmp_server.merge_log import FieldDecision, merge_log_entries, rejected_decisions, settle_decisions
from planmp_server.sync_rollup import RollupTargets, recompute_rollups

log = logging.getLogger(__name__)

PLAN_ITEM = "plan_item"
# Not editable afterwards, but a client sets them when it inserts a row.
SET_ON_INSERT = frozenset(f.name for e in ENTITIES.values() for f in e.fields if f.insert_only)
DELETED_MESSAGE = "O item foi excluído no servidor: descarte a alteração ou recrie o item."


class Rejected(Exception):
    """The mutation cannot apply; ``reason`` is shown to the user, ``rule`` goes to the merge log."""

    def __init__(self, reason: str, rule: str = "mutation_rejected") -> None:
        super().__init__(reason)
        self.reason = reason
        self.rule = rule


class Conflict(Exception):
    """The mutation clashes with the server's row and applies nothing; ``rule`` goes to the merge log."""

    def __init__(
        self, reason: str, fields: list[str], server_values: dict[str, Any], rule: str = "concurrent_change"
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.fields = fields
        self.server_values = server_values
        self.rule = rule


@dataclass
class BatchState:
    """Failures and lookups of earlier mutations in the same request, for dependency checks."""

    rejected_inserts: dict[uuid.UUID, str] = field(default_factory=dict)
    failed_rows: set[uuid.UUID] = field(default_factory=set)
    plan_years: dict[uuid.UUID, int | None] = field(default_factory=dict)
    rollup: RollupTargets = field(default_factory=RollupTargets)


def push_mutations(engine: Engine, actor: Actor, request: PushRequest) -> PushResponse:
    """Apply a batch in one transaction and return the outcomes; the writes go out together at the end."""
    results: list[MutationResult] = []
    batch = BatchState()
    with write_transaction(engine) as connection:
        writes = BatchWrites(connection)
        stored_results = _stored_results(connection, [mutation.mutation_id for mutation in request.mutations])
        writes.prefetch((mutation.entity, mutation.row_id) for mutation in request.mutations)
        for mutation in request.mutations:
            stored = stored_results.get(mutation.mutation_id)
            if stored is not None:
                results.append(MutationResult.model_validate(stored))
                continue

            waiting_reason = _waiting_reason(writes, batch, mutation)
            if waiting_reason is not None:
                results.append(_rejected(mutation, waiting_reason))
                _note_failure(batch, mutation, waiting_reason)
                decisions = rejected_decisions(writes.row, mutation, "waiting_on_failed_mutation")
                writes.add_merge_entries(merge_log_entries(actor, mutation, request.device_id, decisions))
                continue

            result = _apply_and_log(writes, actor, mutation, request.device_id, batch)
            stored_result = result.model_dump(mode="json")
            writes.add_applied_mutation(mutation.mutation_id, actor.user_id, stored_result)
            stored_results[mutation.mutation_id] = stored_result
            if result.outcome in ("rejected", "conflict"):
                _note_failure(batch, mutation, result.reason or "")
            results.append(result)
        recompute_rollups(writes, actor, request.device_id, batch.rollup)
        writes.flush()

    log.info(
        "Push by %s from device %s: %d mutations, %d rejected, %d conflicts",
        actor.user_id,
        request.device_id,
        len(results),
        sum(r.outcome == "rejected" for r in results),
        sum(r.outcome == "conflict" for r in results),
    )
    return PushResponse(results=results)


def _stored_results(connection: Connection, mutation_ids: list[uuid.UUID]) -> dict[uuid.UUID, Any]:
    """Return the stored result of each mutation id already applied (a retried batch)."""
    stored: dict[uuid.UUID, Any] = {}
    for start in range(0, len(mutation_ids), ID_CHUNK):
        chunk = mutation_ids[start : start + ID_CHUNK]
        query = select(applied_mutation.c.mutation_id, applied_mutation.c.result).where(
            applied_mutation.c.mutation_id.in_(chunk)
        )
        for mutation_id, result in connection.execute(query):
            stored[mutation_id] = result
    return stored


def _apply_and_log(
    writes: BatchWrites, actor: Actor, mutation: Mutation, device_id: str, batch: BatchState
) -> MutationResult:
    """Apply one mutation, then queue its field decisions for merge_log.

    Every check raises before the mutation queues a write, so a refused
    mutation needs no savepoint. A database error while writing fails the
    whole request, and the client splits the batch to isolate the mutation.
    """
    decisions: list[FieldDecision] = []
    try:
        result = _apply(writes, actor, mutation, device_id, batch, decisions)
    except Rejected as exc:
        result = _rejected(mutation, exc.reason)
        _settle_rejection(writes, mutation, decisions, exc.rule)
    except Conflict as exc:
        result = MutationResult(
            mutation_id=mutation.mutation_id,
            outcome="conflict",
            reason=exc.reason,
            conflict_fields=exc.fields,
            server_values=exc.server_values,
        )
        settle_decisions(decisions, "conflict", exc.rule)

    writes.add_merge_entries(merge_log_entries(actor, mutation, device_id, decisions))
    return result


def _settle_rejection(writes: BatchWrites, mutation: Mutation, decisions: list[FieldDecision], rule: str) -> None:
    if decisions:
        settle_decisions(decisions, "rejected", rule)
    else:
        decisions.extend(rejected_decisions(writes.row, mutation, rule))


def _rejected(mutation: Mutation, reason: str) -> MutationResult:
    return MutationResult(mutation_id=mutation.mutation_id, outcome="rejected", reason=reason)


def _note_failure(batch: BatchState, mutation: Mutation, reason: str) -> None:
    batch.failed_rows.add(mutation.row_id)
    if mutation.op == "insert":
        label = mutation.values.get("code") or mutation.values.get("title") or str(mutation.row_id)
        batch.rejected_inserts[mutation.row_id] = str(label)


def _waiting_reason(writes: BatchWrites, batch: BatchState, mutation: Mutation) -> str | None:
    """Return why the mutation must wait on a failed one of this batch, or None."""
    if mutation.row_id in batch.rejected_inserts:
        label = batch.rejected_inserts[mutation.row_id]
        return f"Aguardando a inclusão de '{label}', que foi rejeitada: corrija-a e sincronize de novo."
    if mutation.op == "command" and mutation.row_id in batch.failed_rows:
        return "Aguardando alterações deste item que foram rejeitadas ou estão em conflito: resolva-as antes do envio."
    if mutation.entity == PLAN_ITEM and batch.rejected_inserts:
        parent_id: Any = mutation.values.get("parent_id")
        if parent_id is None and mutation.op != "insert":
            row = writes.row(PLAN_ITEM, mutation.row_id)
            parent_id = row.get("parent_id") if row else None
        try:
            parent_uuid = uuid.UUID(str(parent_id)) if parent_id is not None else None
        except ValueError:
            return None
        if parent_uuid in batch.rejected_inserts:
            label = batch.rejected_inserts[parent_uuid]
            return f"Aguardando a inclusão da iniciativa '{label}', que foi rejeitada: corrija-a e sincronize de novo."
    return None


def _apply(
    writes: BatchWrites,
    actor: Actor,
    mutation: Mutation,
    device_id: str,
    batch: BatchState,
    decisions: list[FieldDecision],
) -> MutationResult:
    entity = ENTITIES.get(mutation.entity)
    if entity is None:
        raise Rejected(f"Objeto desconhecido '{mutation.entity}': atualize o PlanMP.", "invalid_value")
    if not entity.client_writable:
        raise Rejected(
            f"{entity.label} não pode ser alterado pelo aplicativo: peça a um administrador.", "permission_denied"
        )
    if actor.profile == "Auditor":
        raise Rejected("O perfil Auditor só consulta dados: peça outro perfil para alterar.", "permission_denied")

    context = _Context(writes, actor, mutation, device_id, entity, batch, decisions)
    if mutation.op == "insert":
        return context.insert()
    if mutation.op == "update":
        return context.update()
    if mutation.op == "delete":
        return context.delete()
    return context.command()


@dataclass
class _Context:
    writes: BatchWrites
    actor: Actor
    mutation: Mutation
    device_id: str
    entity: Entity
    batch: BatchState
    decisions: list[FieldDecision]

    # --- operations -------------------------------------------------------------------------

    def insert(self) -> MutationResult:
        entity, mutation = self.entity, self.mutation
        new_values = self._parse_values(for_insert=True)
        existing = self.writes.row(entity.name, mutation.row_id)
        if existing is not None:
            return self._insert_over_existing(existing, new_values)
        if self.writes.is_deleted(entity.name, mutation.row_id):
            raise Rejected(DELETED_MESSAGE, "row_deleted")

        row: dict[str, Any] = {f.name: None for f in entity.fields}
        row.update(new_values)
        row["id"] = mutation.row_id
        if entity.name == PLAN_ITEM:
            row["approval_state"] = ApprovalState.RASCUNHO.value
        for f in entity.fields:
            if f.required and row.get(f.name) in (None, ""):
                raise Rejected(
                    f"Campo obrigatório '{f.label}' não informado: preencha-o e sincronize de novo.", "invalid_value"
                )

        self._check_scope(row)
        if entity.name == PLAN_ITEM:
            self._check_plan_item_links(row)
            self._check_code_free(row)
            self._check_permissions(row, list(new_values))
            errors = [issue.message for issue in self._validation_issues(row) if issue.rule not in ROW_RULES]
            if errors:
                raise Rejected(" ".join(errors), "invalid_value")

        self.writes.insert_row(entity.name, row)
        changes = {name: [None, self._wire(name, value)] for name, value in row.items() if value is not None}
        self._record(row, "insert", changes)
        return MutationResult(mutation_id=mutation.mutation_id, outcome="applied")

    def update(self) -> MutationResult:
        entity, mutation = self.entity, self.mutation
        row = self._existing_row()
        new_values = self._parse_values(for_insert=False)
        if entity.name == PLAN_ITEM and "progress" in new_values and self._has_tasks(row):
            raise Rejected(derived_progress_reason(), "derived_value")

        to_apply: dict[str, Any] = {}
        skipped: list[str] = []
        conflicts: list[str] = []
        for name, value in new_values.items():
            if name not in mutation.base:
                raise Rejected(
                    f"Valor anterior do campo '{entity.field(name).label}' não enviado: atualize o PlanMP.", "base_missing"
                )
            base_wire = self._canonical(name, mutation.base[name])
            server_wire = self._wire(name, row[name])
            new_wire = self._wire(name, value)
            if server_wire == base_wire:
                to_apply[name] = value
                outcome, rule = "applied", "base_matches"
            elif server_wire == new_wire:
                skipped.append(name)
                outcome, rule = "already_equal", "same_value"
            else:
                conflicts.append(name)
                outcome, rule = "conflict", "concurrent_change"
            self.decisions.append(FieldDecision(name, base_wire, new_wire, server_wire, outcome, rule))

        merged = dict(row)
        merged.update(to_apply)
        self._check_scope(row)
        self._check_scope(merged)
        if entity.name == PLAN_ITEM:
            self._check_permissions(row, list(new_values))
            self._check_merge_keeps_row_valid(row, merged, set(new_values), bool(skipped or conflicts))
            if "code" in to_apply:
                self._check_code_free(merged)

        if to_apply:
            self.writes.update_row(entity.name, row["id"], to_apply)
            changes = {name: [self._wire(name, row[name]), self._wire(name, value)] for name, value in to_apply.items()}
            self._record(merged, "update", changes)

        if conflicts:
            return MutationResult(
                mutation_id=mutation.mutation_id,
                outcome="conflict",
                reason=self._conflict_reason(conflicts, row),
                conflict_fields=conflicts,
                server_values={name: self._wire(name, row[name]) for name in conflicts},
            )
        outcome = "merged" if skipped else "applied"
        return MutationResult(mutation_id=mutation.mutation_id, outcome=outcome)

    def delete(self) -> MutationResult:
        entity, mutation = self.entity, self.mutation
        row = self.writes.row(entity.name, mutation.row_id)
        if row is None:
            if self.writes.is_deleted(entity.name, mutation.row_id):
                return MutationResult(mutation_id=mutation.mutation_id, outcome="applied")
            raise Rejected(
                f"{entity.label} {mutation.row_id} não encontrado no servidor: descarte a exclusão.", "row_not_found"
            )

        self._check_scope(row)
        if entity.name == PLAN_ITEM:
            self._check_permissions(row, ["code"])
            if self._has_tasks(row):
                raise Rejected(f"A iniciativa '{row_label(entity, row)}' ainda tem tarefas: exclua-as antes.", "has_children")

        changed = []
        compared: list[FieldDecision] = []
        for name, base_value in mutation.base.items():
            if not entity.has_field(name):
                raise Rejected(f"Campo desconhecido '{name}' em {entity.label}: atualize o PlanMP.", "invalid_value")
            server_wire = self._wire(name, row[name])
            base_wire = self._canonical(name, base_value)
            if server_wire != base_wire:
                changed.append(name)
                compared.append(FieldDecision(name, base_wire, None, server_wire, "conflict", "concurrent_change"))
            else:
                compared.append(FieldDecision(name, base_wire, None, server_wire, "applied", "base_matches"))
        # A conflicting delete logs only the fields that changed: the others decided nothing.
        self.decisions.extend(d for d in compared if d.outcome == "conflict" or not changed)
        if changed:
            raise Conflict(
                f"'{row_label(entity, row)}' foi alterado por outra pessoa depois da sua última sincronização: "
                "confira os valores do servidor antes de excluir.",
                changed,
                {name: self._wire(name, row[name]) for name in changed},
            )

        self.writes.delete_row(entity.name, row["id"])
        changes = {name: [self._wire(name, value), None] for name, value in row.items() if value is not None}
        self._record(row, "delete", changes, deleted=True)
        return MutationResult(mutation_id=mutation.mutation_id, outcome="applied")

    def command(self) -> MutationResult:
        entity, mutation = self.entity, self.mutation
        if mutation.command not in entity.commands:
            raise Rejected(
                f"Comando '{mutation.command}' não existe para {entity.label}: atualize o PlanMP.", "invalid_value"
            )
        row = self._existing_row()
        old_state = row.get("approval_state") or ApprovalState.RASCUNHO.value
        unit_id = row.get(entity.scope_field) if entity.scope_field else None
        # NOTE: flows configured in approval_flow/approval_step are not read yet, so the
        # domain's default flows decide, and multi-step flows stop at their first step.
        try:
            new_state = apply_command(
                command=mutation.command,
                state=old_state,
                item_kind=row.get("kind"),
                actor_profile=self.actor.profile.value,
                actor_in_item_unit_scope=self.actor.in_scope(unit_id),
                comment=mutation.comment,
            )
        except ApprovalError as exc:
            raise Rejected(str(exc), "approval_rule") from exc
        if mutation.command == "submit" and entity.name == PLAN_ITEM:
            errors = self._validation_issues(row)
            if errors:
                raise Rejected(
                    "Corrija o item antes de enviá-lo para aprovação: " + " ".join(issue.message for issue in errors)
                )

        self.writes.update_row(entity.name, row["id"], {"approval_state": new_state})
        row["approval_state"] = new_state
        self._record(row, mutation.command, {"approval_state": [old_state, new_state]}, comment=mutation.comment)
        return MutationResult(
            mutation_id=mutation.mutation_id,
            outcome="applied",
            server_values={name: self._wire(name, value) for name, value in row.items()},
        )

    # --- checks -----------------------------------------------------------------------------

    def _existing_row(self) -> dict[str, Any]:
        row = self.writes.row(self.entity.name, self.mutation.row_id)
        if row is not None:
            return row
        if self.writes.is_deleted(self.entity.name, self.mutation.row_id):
            raise Rejected(DELETED_MESSAGE, "row_deleted")
        raise Rejected(
            f"{self.entity.label} {self.mutation.row_id} não encontrado no servidor: sincronize de novo.", "row_not_found"
        )

    def _parse_values(self, *, for_insert: bool) -> dict[str, Any]:
        """Return the mutation's values as Python values; raises Rejected for any invalid one."""
        parsed: dict[str, Any] = {}
        for name, wire_value in self.mutation.values.items():
            if not self.entity.has_field(name):
                raise Rejected(f"Campo desconhecido '{name}' em {self.entity.label}: atualize o PlanMP.", "invalid_value")
            f = self.entity.field(name)
            value = self._parse(f, wire_value)
            if name == "id":
                if value != self.mutation.row_id:
                    raise Rejected(
                        "O identificador do item difere do identificador da alteração: atualize o PlanMP.", "invalid_value"
                    )
                continue
            if not f.editable and not (for_insert and (name in SET_ON_INSERT or self._is_server_default(f, value))):
                raise Rejected(f"O campo '{f.label}' é preenchido pelo servidor e não pode ser alterado.", "permission_denied")
            if f.editable or name in SET_ON_INSERT:
                parsed[name] = value
        return parsed

    def _is_server_default(self, f: Field, value: Any) -> bool:
        # A client may send a new row's server-owned fields with the values the server gives them.
        return value is None or (f.name == "approval_state" and value == ApprovalState.RASCUNHO.value)

    def _parse(self, f: Field, wire_value: Any) -> Any:
        try:
            value = from_wire(f.name, f.type, wire_value)
        except WireValueError as exc:
            raise Rejected(
                f"Valor '{wire_value}' inválido para o campo '{f.label}' (esperado: {exc.expected}).", "invalid_value"
            ) from exc
        if f.type is FieldType.MONEY and isinstance(value, Decimal) and abs(value) >= MONEY_LIMIT:
            raise Rejected(f"Valor {wire_value} do campo '{f.label}' excede o máximo de 16 dígitos inteiros.", "invalid_value")
        if f.type is FieldType.DECIMAL and isinstance(value, Decimal) and abs(value) >= DECIMAL_LIMIT:
            raise Rejected(f"Valor {wire_value} do campo '{f.label}' excede o máximo de 14 dígitos inteiros.", "invalid_value")
        return value

    def _check_scope(self, row: dict[str, Any]) -> None:
        scope_field = self.entity.scope_field
        if scope_field is None or self.actor.in_scope(row.get(scope_field)):
            return
        raise Rejected(
            f"A unidade do item '{row_label(self.entity, row)}' está fora das suas unidades: "
            "peça acesso à unidade a um administrador.",
            "out_of_scope",
        )

    def _has_tasks(self, row: dict[str, Any]) -> bool:
        """Return whether the plan item is an initiative with tasks, counting this batch's inserts and deletes."""
        if row.get("kind") == "tarefa":
            return False
        # The query reads the database, so the batch's earlier tasks and deletes go out first.
        self.writes.flush()
        table = ENTITY_TABLES[PLAN_ITEM]
        query = select(table.c.id).where(table.c.parent_id == row["id"]).limit(1)
        return self.writes.connection.execute(query).first() is not None

    def _check_plan_item_links(self, row: dict[str, Any]) -> None:
        plan_year = self._plan_year(row["plan_id"])
        if plan_year is None:
            raise Rejected(f"Plano {row['plan_id']} não encontrado no servidor: sincronize de novo.")
        parent_id = row.get("parent_id")
        if parent_id is not None:
            parent = self.writes.row(PLAN_ITEM, parent_id)
            if parent is None:
                raise Rejected(f"Iniciativa {parent_id} não encontrada no servidor: inclua-a antes das tarefas.")
            if parent["plan_id"] != row["plan_id"]:
                raise Rejected("A tarefa e a sua iniciativa pertencem a planos diferentes: corrija o plano.")

    def _check_code_free(self, row: dict[str, Any]) -> None:
        """Reject a plan item code another item of the same plan has: imports and exports find items by code."""
        code = row.get("code")
        if code and self.writes.plan_item_code_taken(row["plan_id"], code, row["id"]):
            raise Rejected(
                f"Código '{code}' já é de outro item deste plano: use um código que nenhum item tenha "
                "e sincronize de novo.",
                "duplicate_code",
            )

    def _check_permissions(self, row: dict[str, Any], field_names: list[str]) -> None:
        in_scope = self.actor.in_scope(row.get("unit_id"))
        for name in field_names:
            f = self.entity.field(name)
            reason = edit_denial(
                profile=self.actor.profile.value,
                in_scope=in_scope,
                approval_state=row.get("approval_state") or ApprovalState.RASCUNHO.value,
                field_name=name,
                field_is_planning=f.planning,
                field_editable=f.editable or (self.mutation.op == "insert" and name in SET_ON_INSERT),
                is_own_task=self._is_own_task(row),
                field_label=f.label,
            )
            if reason is not None:
                raise Rejected(reason, "permission_denied")

    def _is_own_task(self, row: dict[str, Any]) -> bool:
        # The domain's rule: a Usuário edits the tasks of units in their scope, never initiatives.
        return row.get("kind") == "tarefa" and self.actor.in_scope(row.get("unit_id"))

    def _check_merge_keeps_row_valid(
        self, row: dict[str, Any], merged: dict[str, Any], sent_fields: set[str], concurrent: bool
    ) -> None:
        """Reject or turn into a conflict a merge whose row newly breaks a validation rule.

        Errors the row already had stay allowed, so old imported rows remain
        editable. A new error is a conflict when another user changed one of
        the sent fields, or when it sits on a field this mutation did not send
        and is not a row rule. A new error of the client's own value is
        rejected. A row rule (months summing to the total, dates in order)
        broken by the client's own edit is accepted: users fix such rows one
        cell at a time, and submitting for approval requires every rule.
        """
        merged_errors = self._validation_issues(merged)
        if not merged_errors:
            return  # a valid merged row breaks nothing new, so most pushes validate one row, not two
        before = {(issue.field, issue.message) for issue in self._validation_issues(row)}
        new_errors = [issue for issue in merged_errors if (issue.field, issue.message) not in before]
        if not new_errors:
            return
        messages = " ".join(issue.message for issue in new_errors)
        field_errors = [issue for issue in new_errors if issue.rule not in ROW_RULES]
        outside_sent = any(issue.field not in sent_fields for issue in field_errors)
        if concurrent or outside_sent:
            error_fields = {issue.field for issue in new_errors if self.entity.has_field(issue.field)}
            fields = sorted(error_fields | sent_fields)
            broken_row_rule = any(issue.rule in ROW_RULES for issue in new_errors)
            raise Conflict(
                "A combinação com as alterações de outra pessoa deixaria o item inválido: " + messages,
                fields,
                {name: self._wire(name, row[name]) for name in fields},
                "row_rule_broken_by_merge" if broken_row_rule else "field_rule_broken_by_merge",
            )
        if field_errors:
            raise Rejected(" ".join(issue.message for issue in field_errors), "invalid_value")

    def _validation_issues(self, row: dict[str, Any]) -> list[Issue]:
        """Return the row's validation errors (warnings left out)."""
        plan_year = self._plan_year(row["plan_id"]) or dt.date.today().year
        return [issue for issue in validate_plan_item(row, plan_year) if issue.severity == "error"]

    def _plan_year(self, plan_id: uuid.UUID | None) -> int | None:
        if plan_id is None:
            return None
        if plan_id not in self.batch.plan_years:
            plan = ENTITY_TABLES["annual_plan"]
            year = self.writes.connection.execute(select(plan.c.year).where(plan.c.id == plan_id)).scalar()
            self.batch.plan_years[plan_id] = year
        return self.batch.plan_years[plan_id]

    # --- helpers ----------------------------------------------------------------------------

    def _wire(self, name: str, value: Any) -> Any:
        return to_wire(self.entity.field(name).type, value)

    def _canonical(self, name: str, wire_value: Any) -> Any:
        return self._wire(name, self._parse(self.entity.field(name), wire_value))

    def _conflict_reason(self, conflicts: list[str], row: dict[str, Any]) -> str:
        parts = []
        for name in conflicts:
            field = self.entity.field(name)
            base = _shown(field, self._parse(field, self.mutation.base[name]))
            server = _shown(field, row[name])
            mine = _shown(field, self._parse(field, self.mutation.values[name]))
            parts.append(f"'{field.label}': base {base}, servidor {server}, seu valor {mine}")
        # The other edit may be the same user's, made in another copy of the app.
        return "Alterado no servidor enquanto você editava: " + "; ".join(parts) + ". Escolha o valor que fica."

    def _record(
        self,
        row: dict[str, Any],
        action: str,
        changes: dict[str, list[Any]],
        *,
        deleted: bool = False,
        comment: str | None = None,
    ) -> None:
        unit_id = row.get(self.entity.scope_field) if self.entity.scope_field else None
        if self.entity.name == PLAN_ITEM and action in ("insert", "update", "delete"):
            self.batch.rollup.note_plan_item(row, action, changes)
        self.writes.record_change(self.entity.name, row["id"], unit_id, deleted=deleted)
        self.writes.add_audit_event(
            actor_user_id=self.actor.user_id,
            actor_name=self.actor.name,
            actor_unit_id=self.actor.home_unit_id,
            entity=self.entity,
            row=row,
            action=action,
            changes=changes,
            comment=comment,
            mutation_id=self.mutation.mutation_id,
            device_id=self.device_id,
        )

    def _insert_over_existing(self, existing: dict[str, Any], new_values: dict[str, Any]) -> MutationResult:
        different = []
        for name, value in new_values.items():
            server_wire = self._wire(name, existing[name])
            new_wire = self._wire(name, value)
            if server_wire == new_wire:
                decision = FieldDecision(name, None, new_wire, server_wire, "already_equal", "same_value")
            else:
                different.append(name)
                decision = FieldDecision(name, None, new_wire, server_wire, "conflict", "concurrent_change")
            self.decisions.append(decision)
        if not different:
            return MutationResult(mutation_id=self.mutation.mutation_id, outcome="merged")
        raise Conflict(
            f"'{row_label(self.entity, existing)}' já existe no servidor com outros valores: escolha os que ficam.",
            different,
            {name: self._wire(name, existing[name]) for name in different},
        )


def _shown(field: Field, value: Any) -> str:
    """Return a value as the client's sheet shows it: 1.234,56, 62,5, 31/12/2026, or "(vazio)"."""
    if value is None or value == "":
        return "(vazio)"
    if field.type is FieldType.MONEY:
        return format_money(Decimal(str(value)))
    if field.type is FieldType.DECIMAL:
        return format_decimal(Decimal(str(value)))
    if field.type is FieldType.DATE and isinstance(value, dt.date):
        return format_date(value)
    return str(value)
