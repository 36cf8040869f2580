"""Approval flows as data and the state machine that applies submit, approve and return.

A flow has ordered steps. Each step names the profiles that may decide,
whether the approver must cover the item's unit, and a deadline in days.
States move rascunho -> aguardando -> aprovado or devolvido, and a
devolvido item may be submitted again. The server decides every command,
and the client runs the same rules to explain a denial before sending.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from planmp_desktop.domain.codes import (
    APPROVAL_LABELS,
    GLOBAL_SCOPE_PROFILES,
    ApprovalState,
    ItemKind,
    Profile,
)
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import N_, _


class Command(StrEnum):
    """Approval commands, as the ``commands`` of the plan_item entity name them."""

    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


COMMAND_LABELS = {
    Command.SUBMIT: N_("Enviar para aprovação"),
    Command.APPROVE: N_("Aprovar"),
    Command.RETURN: N_("Devolver"),
}

# Kinds of object an approval flow targets; tarefa and iniciativa are plan items.
TARGET_KIND_LABELS = {
    ItemKind.TAREFA.value: N_("tarefa"),
    ItemKind.INICIATIVA.value: N_("iniciativa"),
    "acao_estrategica": N_("ação estratégica"),
    "meta": N_("meta"),
    "plano_anual": N_("plano de ação anual"),
}

# Short profile names for messages; codes.PROFILE_LABELS describes the PAA at length.
_PROFILE_NAMES = {
    Profile.USUARIO: N_("Usuário"),
    Profile.PAA: N_("PAA"),
    Profile.PLANEJAMENTO: N_("Planejamento"),
    Profile.ADMINISTRADOR: N_("Administrador"),
    Profile.AUDITOR: N_("Auditor"),
}


class ApprovalError(DomainValueError):
    """An approval command that the current state or the actor's profile does not allow."""


@dataclass(frozen=True)
class ApprovalStep:
    """One decision of a flow: who may take it, within which units, and how many days it may take."""

    position: int
    profiles: frozenset[str]
    same_unit: bool
    days_limit: int | None


@dataclass(frozen=True)
class ApprovalFlow:
    """The ordered steps that approve one kind of object."""

    target_kind: str
    name: str
    steps: list[ApprovalStep]

    def __post_init__(self) -> None:
        if not self.steps:
            raise ValueError(f"approval flow {self.name!r} has no steps")

    def step(self, position: int) -> ApprovalStep:
        """Return the step at ``position``; raises KeyError when the flow has none there."""
        for step in self.steps:
            if step.position == position:
                return step
        raise KeyError(position)

    @property
    def first_position(self) -> int:
        return min(step.position for step in self.steps)

    @property
    def last_position(self) -> int:
        return max(step.position for step in self.steps)

    def next_position(self, position: int) -> int | None:
        """Return the position of the step after ``position``, or None after the last one."""
        later = [step.position for step in self.steps if step.position > position]
        return min(later) if later else None


def parse_step_profiles(text: str) -> frozenset[str]:
    """Split the comma-separated profiles of a stored approval step (``"PAA,Planejamento"``)."""
    return frozenset(part.strip() for part in text.split(",") if part.strip())


_DECIDERS = frozenset({Profile.PLANEJAMENTO.value, Profile.ADMINISTRADOR.value})

# Until an Administrador configures flows: the unit's PAA approves tasks (Planejamento and
# Administrador may too); Planejamento or Administrador approve everything else. No deadline.
DEFAULT_FLOWS: dict[str, ApprovalFlow] = {
    ItemKind.TAREFA.value: ApprovalFlow(
        ItemKind.TAREFA.value,
        "Aprovação de tarefa pelo PAA da unidade",
        [ApprovalStep(1, _DECIDERS | {Profile.PAA.value}, same_unit=True, days_limit=None)],
    ),
    **{
        kind: ApprovalFlow(
            kind,
            "Aprovação pelo Planejamento",
            [ApprovalStep(1, _DECIDERS, same_unit=False, days_limit=None)],
        )
        for kind in (ItemKind.INICIATIVA.value, "acao_estrategica", "meta", "plano_anual")
    },
}


def default_flow(target_kind: str) -> ApprovalFlow:
    """Return the default flow of ``target_kind``; an unknown kind gets the Planejamento flow."""
    flow = DEFAULT_FLOWS.get(target_kind)
    if flow is None:
        flow = ApprovalFlow(
            target_kind, "Aprovação pelo Planejamento", [ApprovalStep(1, _DECIDERS, False, None)]
        )
    return flow


def command_label(command: str) -> str:
    """Return the pt-BR button text of ``command`` ("Aprovar"), or the command itself when unknown."""
    try:
        return _(COMMAND_LABELS[Command(command)])
    except ValueError:
        return command


def apply_command(
    *,
    command: str,
    state: str | None,
    item_kind: str,
    actor_profile: str,
    actor_in_item_unit_scope: bool,
    comment: str | None,
    flow: ApprovalFlow | None = None,
    step_position: int | None = None,
) -> str:
    """Return the approval state that ``command`` leads to, or raise ApprovalError with the reason.

    ``state`` None counts as rascunho. ``flow`` defaults to DEFAULT_FLOWS for
    ``item_kind``. ``step_position`` is the flow step awaiting a decision
    (the first step when None): approving a step before the last one keeps
    the item aguardando for the next step, which the caller then records.
    Planejamento and Administrador count as covering every unit.
    """
    try:
        action = Command(command)
    except ValueError:
        raise ApprovalError(
            command,
            _("Comando '{value}' desconhecido: use {choices}.").format(
                value=command, choices=", ".join(Command)
            ),
        ) from None

    if actor_profile == Profile.AUDITOR:
        raise ApprovalError(command, _("O perfil Auditor só consulta: não envia, aprova nem devolve itens."))
    if actor_profile not in _PROFILE_NAMES:
        raise ApprovalError(
            actor_profile,
            _("Perfil '{value}' desconhecido: peça ao Administrador para revisar seu acesso.").format(
                value=actor_profile
            ),
        )

    current = state or ApprovalState.RASCUNHO.value
    if current not in APPROVAL_LABELS:
        raise ApprovalError(
            state,
            _("Situação de aprovação '{value}' desconhecida: sincronize e tente de novo.").format(
                value=state
            ),
        )

    in_scope = actor_in_item_unit_scope or actor_profile in GLOBAL_SCOPE_PROFILES
    if action is Command.SUBMIT:
        return _submit(current, item_kind, actor_profile, in_scope)

    if flow is None:
        flow = default_flow(item_kind)
    position = flow.first_position if step_position is None else step_position
    return _decide(action, current, item_kind, actor_profile, in_scope, comment, flow, position)


def _submit(current: str, item_kind: str, actor_profile: str, in_scope: bool) -> str:
    if current == ApprovalState.AGUARDANDO:
        raise ApprovalError(
            Command.SUBMIT.value,
            _("O item já está aguardando aprovação: aguarde a decisão ou peça a devolução."),
        )
    if current == ApprovalState.APROVADO:
        raise ApprovalError(
            Command.SUBMIT.value,
            _("Item aprovado: campos de planejamento só mudam em nova versão, que volta para aprovação."),
        )

    if actor_profile in _DECIDERS:
        return ApprovalState.AGUARDANDO.value

    if not in_scope:
        raise ApprovalError(
            Command.SUBMIT.value,
            _("Item de unidade fora do seu escopo: só quem atende a unidade pode enviá-lo para aprovação."),
        )
    submittable = _submittable_kinds(actor_profile)
    if item_kind not in submittable:
        raise ApprovalError(
            Command.SUBMIT.value,
            _("O perfil {profile} não envia {kind} para aprovação: peça ao {deciders}.").format(
                profile=_(_PROFILE_NAMES[Profile(actor_profile)]),
                kind=_kind_label(item_kind),
                deciders=_("PAA da unidade") if actor_profile == Profile.USUARIO else _("Planejamento"),
            ),
        )
    return ApprovalState.AGUARDANDO.value


def _submittable_kinds(actor_profile: str) -> frozenset[str]:
    # Usuário works on the unit's tasks; the PAA manages the unit's plan, its initiatives and tasks.
    if actor_profile == Profile.USUARIO:
        return frozenset({ItemKind.TAREFA.value})
    if actor_profile == Profile.PAA:
        return frozenset({ItemKind.TAREFA.value, ItemKind.INICIATIVA.value, "plano_anual"})
    return frozenset()


def _decide(
    action: Command,
    current: str,
    item_kind: str,
    actor_profile: str,
    in_scope: bool,
    comment: str | None,
    flow: ApprovalFlow,
    position: int,
) -> str:
    if current != ApprovalState.AGUARDANDO:
        message = (
            _("Só itens aguardando aprovação podem ser aprovados: este está como {state}.")
            if action is Command.APPROVE
            else _("Só itens aguardando aprovação podem ser devolvidos: este está como {state}.")
        )
        raise ApprovalError(action.value, message.format(state=_(APPROVAL_LABELS[ApprovalState(current)])))

    step = flow.step(position)
    if actor_profile not in step.profiles:
        raise ApprovalError(
            action.value,
            _("Aprovar ou devolver {kind} cabe a {profiles}, não ao perfil {profile}.").format(
                kind=_kind_label(item_kind),
                profiles=_join_profiles(step.profiles),
                profile=_(_PROFILE_NAMES[Profile(actor_profile)]),
            ),
        )
    if step.same_unit and not in_scope:
        raise ApprovalError(
            action.value,
            _(
                "Item de unidade fora do seu escopo: só o {profile} da unidade do item pode aprová-lo ou devolvê-lo."
            ).format(profile=_(_PROFILE_NAMES[Profile(actor_profile)])),
        )

    if action is Command.RETURN:
        if comment is None or not comment.strip():
            raise ApprovalError(action.value, _("Informe a justificativa da devolução."))
        return ApprovalState.DEVOLVIDO.value

    if flow.next_position(position) is not None:
        return ApprovalState.AGUARDANDO.value
    return ApprovalState.APROVADO.value


def _kind_label(item_kind: str) -> str:
    label = TARGET_KIND_LABELS.get(item_kind)
    return _(label) if label is not None else item_kind


def _join_profiles(profiles: Iterable[str]) -> str:
    names = [_(_PROFILE_NAMES[profile]) for profile in Profile if profile in profiles]
    names.extend(sorted(p for p in profiles if p not in _PROFILE_NAMES))
    if len(names) == 1:
        return names[0]
    return _("{first} ou {last}").format(first=", ".join(names[:-1]), last=names[-1])
