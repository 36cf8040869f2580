"""Approval state machine: every transition allowed and denied."""

from __future__ import annotations

import pytest

from planmp_desktop.domain.approval import (
    COMMAND_LABELS,
    DEFAULT_FLOWS,
    ApprovalError,
    ApprovalFlow,
    ApprovalStep,
    Command,
    apply_command,
    command_label,
    parse_step_profiles,
)
from planmp_desktop.domain.errors import DomainValueError

ALLOWED = [
    # (command, state, item_kind, profile, in_scope, comment, new state)
    ("submit", None, "tarefa", "Usuario", True, None, "aguardando"),
    ("submit", "rascunho", "tarefa", "Usuario", True, None, "aguardando"),
    ("submit", "devolvido", "tarefa", "Usuario", True, None, "aguardando"),
    ("submit", "rascunho", "tarefa", "PAA", True, None, "aguardando"),
    ("submit", "rascunho", "iniciativa", "PAA", True, None, "aguardando"),
    ("submit", "devolvido", "iniciativa", "PAA", True, None, "aguardando"),
    ("submit", "rascunho", "plano_anual", "PAA", True, None, "aguardando"),
    ("submit", "rascunho", "iniciativa", "Planejamento", False, None, "aguardando"),
    ("submit", "rascunho", "acao_estrategica", "Planejamento", True, None, "aguardando"),
    ("submit", "devolvido", "meta", "Administrador", False, None, "aguardando"),
    ("approve", "aguardando", "tarefa", "PAA", True, None, "aprovado"),
    ("approve", "aguardando", "tarefa", "Planejamento", False, None, "aprovado"),
    ("approve", "aguardando", "tarefa", "Administrador", True, "ok", "aprovado"),
    ("approve", "aguardando", "iniciativa", "Planejamento", True, None, "aprovado"),
    ("approve", "aguardando", "iniciativa", "Administrador", False, None, "aprovado"),
    ("approve", "aguardando", "acao_estrategica", "Planejamento", True, None, "aprovado"),
    ("approve", "aguardando", "meta", "Administrador", True, None, "aprovado"),
    ("approve", "aguardando", "plano_anual", "Planejamento", True, None, "aprovado"),
    ("approve", "aguardando", "tipo_novo", "Planejamento", True, None, "aprovado"),
    ("return", "aguardando", "tarefa", "PAA", True, "Ajustar o prazo.", "devolvido"),
    ("return", "aguardando", "iniciativa", "Planejamento", True, "Falta a meta física.", "devolvido"),
    ("return", "aguardando", "plano_anual", "Administrador", False, "Revisar orçamento.", "devolvido"),
]


@pytest.mark.parametrize(("command", "state", "kind", "profile", "in_scope", "comment", "expected"), ALLOWED)
def test_transition_allowed(
    command: str, state: str | None, kind: str, profile: str, in_scope: bool, comment: str | None, expected: str
) -> None:
    new_state = apply_command(
        command=command,
        state=state,
        item_kind=kind,
        actor_profile=profile,
        actor_in_item_unit_scope=in_scope,
        comment=comment,
    )
    assert new_state == expected


DENIED = [
    # (command, state, item_kind, profile, in_scope, comment, part of the reason)
    ("submit", "rascunho", "tarefa", "Auditor", True, None, "O perfil Auditor só consulta"),
    ("approve", "aguardando", "tarefa", "Auditor", True, None, "O perfil Auditor só consulta"),
    ("return", "aguardando", "tarefa", "Auditor", True, "x", "O perfil Auditor só consulta"),
    ("submit", "aguardando", "tarefa", "PAA", True, None, "já está aguardando aprovação"),
    ("submit", "aprovado", "tarefa", "Planejamento", True, None, "Item aprovado: campos de planejamento só mudam em nova versão"),
    ("submit", "rascunho", "tarefa", "Usuario", False, None, "fora do seu escopo"),
    ("submit", "rascunho", "iniciativa", "PAA", False, None, "fora do seu escopo"),
    ("submit", "rascunho", "iniciativa", "Usuario", True, None, "O perfil Usuário não envia iniciativa para aprovação: peça ao PAA da unidade."),
    ("submit", "rascunho", "acao_estrategica", "PAA", True, None, "O perfil PAA não envia ação estratégica para aprovação: peça ao Planejamento."),
    ("approve", None, "tarefa", "PAA", True, None, "Só itens aguardando aprovação podem ser aprovados: este está como Rascunho."),
    ("approve", "rascunho", "tarefa", "PAA", True, None, "este está como Rascunho"),
    ("approve", "devolvido", "iniciativa", "Planejamento", True, None, "este está como Devolvido"),
    ("approve", "aprovado", "iniciativa", "Planejamento", True, None, "este está como Aprovado"),
    ("return", "rascunho", "tarefa", "PAA", True, "x", "Só itens aguardando aprovação podem ser devolvidos: este está como Rascunho."),
    ("return", "aprovado", "tarefa", "PAA", True, "x", "este está como Aprovado"),
    ("approve", "aguardando", "tarefa", "Usuario", True, None, "Aprovar ou devolver tarefa cabe a PAA, Planejamento ou Administrador, não ao perfil Usuário."),
    ("approve", "aguardando", "tarefa", "PAA", False, None, "só o PAA da unidade do item pode aprová-lo ou devolvê-lo"),
    ("return", "aguardando", "tarefa", "PAA", False, "x", "só o PAA da unidade do item"),
    ("approve", "aguardando", "iniciativa", "PAA", True, None, "Aprovar ou devolver iniciativa cabe a Planejamento ou Administrador, não ao perfil PAA."),
    ("approve", "aguardando", "iniciativa", "Usuario", True, None, "cabe a Planejamento ou Administrador"),
    ("return", "aguardando", "iniciativa", "PAA", True, "x", "cabe a Planejamento ou Administrador"),
    ("approve", "aguardando", "plano_anual", "PAA", True, None, "cabe a Planejamento ou Administrador"),
    ("return", "aguardando", "iniciativa", "Planejamento", True, None, "Informe a justificativa da devolução."),
    ("return", "aguardando", "iniciativa", "Planejamento", True, "   ", "Informe a justificativa da devolução."),
    ("return", "aguardando", "tarefa", "PAA", True, "", "Informe a justificativa da devolução."),
    ("publish", "rascunho", "tarefa", "PAA", True, None, "Comando 'publish' desconhecido"),
    ("submit", "rascunho", "tarefa", "Visitante", True, None, "Perfil 'Visitante' desconhecido"),
    ("submit", "arquivado", "tarefa", "PAA", True, None, "Situação de aprovação 'arquivado' desconhecida"),
]


@pytest.mark.parametrize(("command", "state", "kind", "profile", "in_scope", "comment", "reason"), DENIED)
def test_transition_denied(
    command: str, state: str | None, kind: str, profile: str, in_scope: bool, comment: str | None, reason: str
) -> None:
    with pytest.raises(ApprovalError) as caught:
        apply_command(
            command=command,
            state=state,
            item_kind=kind,
            actor_profile=profile,
            actor_in_item_unit_scope=in_scope,
            comment=comment,
        )
    assert reason in caught.value.message
    assert isinstance(caught.value, DomainValueError)


def test_justification_message_exact() -> None:
    with pytest.raises(ApprovalError) as caught:
        apply_command(
            command="return",
            state="aguardando",
            item_kind="tarefa",
            actor_profile="PAA",
            actor_in_item_unit_scope=True,
            comment=None,
        )
    assert str(caught.value) == "Informe a justificativa da devolução."


def test_two_step_flow() -> None:
    flow = ApprovalFlow(
        "iniciativa",
        "PAA e depois Planejamento",
        [
            ApprovalStep(1, frozenset({"PAA"}), same_unit=True, days_limit=5),
            ApprovalStep(2, frozenset({"Planejamento"}), same_unit=False, days_limit=10),
        ],
    )
    common = {"command": "approve", "state": "aguardando", "item_kind": "iniciativa", "comment": None, "flow": flow}

    assert apply_command(**common, actor_profile="PAA", actor_in_item_unit_scope=True) == "aguardando"
    assert apply_command(**common, actor_profile="PAA", actor_in_item_unit_scope=True, step_position=1) == "aguardando"
    assert (
        apply_command(**common, actor_profile="Planejamento", actor_in_item_unit_scope=True, step_position=2)
        == "aprovado"
    )
    with pytest.raises(ApprovalError) as caught:
        apply_command(**common, actor_profile="Planejamento", actor_in_item_unit_scope=True, step_position=1)
    assert "cabe a PAA" in caught.value.message
    with pytest.raises(ApprovalError):
        apply_command(**common, actor_profile="PAA", actor_in_item_unit_scope=True, step_position=2)

    assert flow.next_position(1) == 2
    assert flow.next_position(2) is None


def test_custom_flow_replaces_default() -> None:
    flow = ApprovalFlow("tarefa", "Só Planejamento", [ApprovalStep(1, frozenset({"Planejamento"}), False, None)])
    with pytest.raises(ApprovalError):
        apply_command(
            command="approve",
            state="aguardando",
            item_kind="tarefa",
            actor_profile="PAA",
            actor_in_item_unit_scope=True,
            comment=None,
            flow=flow,
        )


def test_default_flows() -> None:
    tarefa = DEFAULT_FLOWS["tarefa"].step(1)
    assert tarefa.profiles == {"PAA", "Planejamento", "Administrador"}
    assert tarefa.same_unit
    for kind in ("iniciativa", "acao_estrategica", "meta", "plano_anual"):
        assert DEFAULT_FLOWS[kind].step(1).profiles == {"Planejamento", "Administrador"}
        assert DEFAULT_FLOWS[kind].target_kind == kind


def test_flow_without_steps_rejected() -> None:
    with pytest.raises(ValueError):
        ApprovalFlow("tarefa", "vazio", [])


def test_command_labels() -> None:
    assert set(COMMAND_LABELS) == set(Command)
    assert command_label("submit") == "Enviar para aprovação"
    assert command_label("approve") == "Aprovar"
    assert command_label("return") == "Devolver"
    assert command_label("other") == "other"


def test_parse_step_profiles() -> None:
    assert parse_step_profiles("PAA, Planejamento,") == {"PAA", "Planejamento"}
    assert parse_step_profiles("") == frozenset()
