"""Field edit permissions and their reasons."""

from __future__ import annotations

from typing import Any

import pytest

from planmp_desktop.domain.permissions import can_edit, edit_denial

PLANNING = {"field_name": "planned_total", "field_is_planning": True, "field_editable": True}
EXECUTION = {"field_name": "progress", "field_is_planning": False, "field_editable": True}
FINANCIAL = {"field_name": "empenhado", "field_is_planning": False, "field_editable": False}

CASES: list[tuple[str, dict[str, Any], str | None]] = [
    # (case, arguments, part of the reason or None when allowed)
    ("usuario own task draft", {"profile": "Usuario", "in_scope": True, "approval_state": "rascunho", **PLANNING}, None),
    ("usuario own task no state", {"profile": "Usuario", "in_scope": True, "approval_state": None, **PLANNING}, None),
    ("usuario progress approved", {"profile": "Usuario", "in_scope": True, "approval_state": "aprovado", **EXECUTION}, None),
    ("paa initiative draft", {"profile": "PAA", "in_scope": True, "approval_state": "devolvido", "is_own_task": False, **PLANNING}, None),
    ("planejamento any unit", {"profile": "Planejamento", "in_scope": False, "approval_state": "rascunho", **PLANNING}, None),
    ("administrador any unit", {"profile": "Administrador", "in_scope": False, "approval_state": None, "is_own_task": False, **PLANNING}, None),
    ("auditor", {"profile": "Auditor", "in_scope": True, "approval_state": "rascunho", **EXECUTION}, "O perfil Auditor só consulta"),
    ("unknown profile", {"profile": "Visitante", "in_scope": True, "approval_state": None, **EXECUTION}, "Perfil 'Visitante' sem permissão"),
    ("usuario out of scope", {"profile": "Usuario", "in_scope": False, "approval_state": None, **EXECUTION}, "fora do seu escopo"),
    ("paa out of scope", {"profile": "PAA", "in_scope": False, "approval_state": None, **PLANNING}, "fora do seu escopo"),
    ("usuario initiative", {"profile": "Usuario", "in_scope": True, "approval_state": None, "is_own_task": False, **EXECUTION}, "O perfil Usuário edita só tarefas"),
    ("approved planning", {"profile": "PAA", "in_scope": True, "approval_state": "aprovado", **PLANNING}, "Item aprovado: campos de planejamento só mudam em nova versão."),
    ("approved planning admin", {"profile": "Administrador", "in_scope": True, "approval_state": "aprovado", **PLANNING}, "Item aprovado"),
    ("awaiting planning", {"profile": "Planejamento", "in_scope": True, "approval_state": "aguardando", **PLANNING}, "Item aguardando aprovação"),
    ("awaiting execution", {"profile": "PAA", "in_scope": True, "approval_state": "aguardando", **EXECUTION}, None),
    ("financial field", {"profile": "Administrador", "in_scope": True, "approval_state": None, **FINANCIAL}, "Campo 'empenhado' é somente leitura: vem do sistema financeiro."),
    ("approval state field", {"profile": "Planejamento", "in_scope": True, "approval_state": None, "field_name": "approval_state", "field_is_planning": False, "field_editable": False}, "muda só por envio, aprovação ou devolução"),
    ("other read-only field", {"profile": "PAA", "in_scope": True, "approval_state": None, "field_name": "kind", "field_is_planning": False, "field_editable": False}, "Campo 'kind' é somente leitura."),
]


@pytest.mark.parametrize(("arguments", "reason"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_edit_denial(arguments: dict[str, Any], reason: str | None) -> None:
    denial = edit_denial(**arguments)
    if reason is None:
        assert denial is None
    else:
        assert denial is not None
        assert reason in denial
    assert can_edit(**arguments) is (reason is None)


def test_field_label_in_message() -> None:
    denial = edit_denial(
        profile="PAA",
        in_scope=True,
        approval_state=None,
        field_name="pago",
        field_is_planning=False,
        field_editable=False,
        field_label="Pago",
    )
    assert denial == "Campo 'Pago' é somente leitura: vem do sistema financeiro."
