"""Stored codes of the domain's closed lists, with their pt-BR labels.

Rows store the code; screens show the label. Codes never change once data
exists, labels may.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum


class Profile(StrEnum):
    """Azure AD app role values; the token's ``roles`` claim carries them."""

    USUARIO = "Usuario"
    PAA = "PAA"
    PLANEJAMENTO = "Planejamento"
    ADMINISTRADOR = "Administrador"
    AUDITOR = "Auditor"


PROFILE_LABELS = {
    Profile.USUARIO: "Usuário",
    Profile.PAA: "PAA (gestor do plano da unidade)",
    Profile.PLANEJAMENTO: "Planejamento",
    Profile.ADMINISTRADOR: "Administrador",
    Profile.AUDITOR: "Auditor",
}

# Profiles that see every unit; the others see their units' subtrees.
GLOBAL_SCOPE_PROFILES = frozenset({Profile.PLANEJAMENTO, Profile.ADMINISTRADOR, Profile.AUDITOR})


class ApprovalState(StrEnum):
    RASCUNHO = "rascunho"
    AGUARDANDO = "aguardando"
    DEVOLVIDO = "devolvido"
    APROVADO = "aprovado"


APPROVAL_LABELS = {
    ApprovalState.RASCUNHO: "Rascunho",
    ApprovalState.AGUARDANDO: "Aguardando aprovação",
    ApprovalState.DEVOLVIDO: "Devolvido",
    ApprovalState.APROVADO: "Aprovado",
}


class ExecutionStatus(StrEnum):
    NAO_INICIADO = "nao_iniciado"
    EM_ANDAMENTO = "em_andamento"
    CONCLUIDO = "concluido"
    SUSPENSO = "suspenso"
    DESCONTINUADA = "descontinuada"


STATUS_LABELS = {
    ExecutionStatus.NAO_INICIADO: "Não iniciado",
    ExecutionStatus.EM_ANDAMENTO: "Em andamento",
    ExecutionStatus.CONCLUIDO: "Concluído",
    ExecutionStatus.SUSPENSO: "Suspenso",
    ExecutionStatus.DESCONTINUADA: "Descontinuada",
}


class ItemKind(StrEnum):
    INICIATIVA = "iniciativa"
    TAREFA = "tarefa"


KIND_LABELS = {ItemKind.INICIATIVA: "Iniciativa", ItemKind.TAREFA: "Tarefa"}


class ItemType(StrEnum):
    PLANEJADA = "planejada"
    CONTINUA = "continua"
    NAO_PLANEJADA = "nao_planejada"


ITEM_TYPE_LABELS = {
    ItemType.PLANEJADA: "Planejada",
    ItemType.CONTINUA: "Contínua",
    ItemType.NAO_PLANEJADA: "Não planejada",
}


class Level(StrEnum):
    """Priority and risk levels."""

    BAIXO = "baixo"
    MEDIO = "medio"
    ALTO = "alto"


LEVEL_LABELS = {Level.BAIXO: "Baixo", Level.MEDIO: "Médio", Level.ALTO: "Alto"}
# The same levels for "a prioridade", a feminine noun.
PRIORITY_LABELS = {Level.BAIXO: "Baixa", Level.MEDIO: "Média", Level.ALTO: "Alta"}


class UnitKind(StrEnum):
    PGJ = "pgj"
    SUBPROCURADORIA = "subprocuradoria"
    CAO = "cao"
    PROCURADORIA = "procuradoria"
    PROMOTORIA = "promotoria"
    ADMINISTRATIVA = "administrativa"


UNIT_KIND_LABELS = {
    UnitKind.PGJ: "Procuradoria-Geral de Justiça",
    UnitKind.SUBPROCURADORIA: "Subprocuradoria-Geral",
    UnitKind.CAO: "Centro de Apoio Operacional",
    UnitKind.PROCURADORIA: "Procuradoria de Justiça",
    UnitKind.PROMOTORIA: "Promotoria de Justiça",
    UnitKind.ADMINISTRATIVA: "Unidade administrativa",
}


class AuditAction(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    SUBMIT = "submit"
    APPROVE = "approve"
    RETURN = "return"


AUDIT_ACTION_LABELS = {
    AuditAction.INSERT: "Inclusão",
    AuditAction.UPDATE: "Alteração",
    AuditAction.DELETE: "Exclusão",
    AuditAction.SUBMIT: "Envio para aprovação",
    AuditAction.APPROVE: "Aprovação",
    AuditAction.RETURN: "Devolução",
}


def fold(text: str) -> str:
    """Return ``text`` without accents, case and repeated spaces, for matching names and labels."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def match_choice(text: str, labels: Mapping[str, str]) -> str | None:
    """Return the code that ``text`` names in ``labels`` ({code: pt-BR label}), or None.

    ``text`` may be the code or the label, in any case and with or without
    accents. It may also give the label's other gender, as people write
    "alta" for a level labelled "Alto" or "concluída" for "Concluído", when
    that names one label only.
    """
    folded = fold(text)
    for code, label in labels.items():
        if folded in (fold(code), fold(label)):
            return code
    if not folded.endswith(("o", "a")):
        return None  # a cut-off word ("alt") names no label
    stem = _without_gender(folded)
    matches = [code for code, label in labels.items() if _without_gender(fold(label)) == stem]
    return matches[0] if len(matches) == 1 else None


def _without_gender(folded: str) -> str:
    return folded[:-1] if folded.endswith(("o", "a")) else folded
