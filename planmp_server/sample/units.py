"""The unit tree of the fictitious MPEX and its demo users."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from planmp_desktop.domain.codes import Profile, UnitKind
from planmp_server.sample.rows import make_row, stable_id
from planmp_server.sample.vocabulary import (
    LARGE_COMARCAS,
    SMALL_COMARCAS,
    SPECIALISED_PROMOTORIAS,
)

PGJ_UO = "01091"  # the same code as the Minas Gerais PGJ, so its public SIGPLAN export imports into the demo
FUND_UO = "04591"  # the Fundo Especial do MPEX
MAIL_DOMAIN = "mpex.example"


@dataclass(frozen=True)
class SampleUnit:
    """A unit of the tree with the field of work its sample initiatives come from.

    ``area`` is None for a generalist promotoria, which works in every field.
    ``item_share`` weighs how many initiatives the unit gets.
    """

    id: UUID
    code: str
    name: str
    kind: UnitKind
    parent_code: str | None
    comarca: str | None
    area: str | None
    budget: str
    item_share: float


@dataclass(frozen=True)
class DemoUserSpec:
    """A demo account: the identity provider's user and PlanMP's directory entry.

    ``oid`` is the Entra ID object id, also the id of the ``user`` row.
    ``roles`` are the app-role values the token carries (Profile codes).
    """

    oid: str
    username: str
    name: str
    roles: tuple[str, ...]
    home_unit_id: UUID
    grants: tuple[UUID, ...] = ()


# (code, name, parent code, area) of the units above the promotorias, by kind, parents first.
# Areas are fields of work in planmp_server.sample.vocabulary.
_SUBPROCURADORIAS = (
    ("SUBJUR", "Subprocuradoria-Geral de Justiça de Assuntos Jurídicos", "PGJ", "gestao"),
    ("SUBADM", "Subprocuradoria-Geral de Justiça Administrativa", "PGJ", "gestao"),
    (
        "SUBINST",
        "Subprocuradoria-Geral de Justiça de Relações Institucionais",
        "PGJ",
        "comunicacao",
    ),
)
_ADMINISTRATIVE = (
    ("GAB", "Gabinete do Procurador-Geral de Justiça", "PGJ", "gestao"),
    ("APGE", "Assessoria de Planejamento e Gestão Estratégica", "PGJ", "gestao"),
    ("CGMP", "Corregedoria-Geral do Ministério Público", "PGJ", "gestao"),
    ("OUV", "Ouvidoria do Ministério Público", "PGJ", "comunicacao"),
    ("AUDIN", "Auditoria Interna", "PGJ", "gestao"),
    ("CEAF", "Centro de Estudos e Aperfeiçoamento Funcional", "PGJ", "capacitacao"),
    ("DG", "Diretoria-Geral", "SUBADM", "gestao"),
    ("DTI", "Diretoria de Tecnologia da Informação", "DG", "ti"),
    ("DGP", "Diretoria de Gestão de Pessoas", "DG", "pessoas"),
    ("DOF", "Diretoria de Orçamento e Finanças", "DG", "financas"),
    ("DLC", "Diretoria de Licitações e Contratos", "DG", "licitacoes"),
    ("DENG", "Diretoria de Engenharia e Arquitetura", "DG", "engenharia"),
    ("DLOG", "Diretoria de Logística e Patrimônio", "DG", "logistica"),
    ("ASCOM", "Assessoria de Comunicação Social", "SUBINST", "comunicacao"),
)
_CAOS = (
    ("CAOCRIM", "Centro de Apoio Operacional Criminal", "SUBJUR", "criminal"),
    ("CAOCIVEL", "Centro de Apoio Operacional Cível", "SUBJUR", "civel"),
    ("CAOIJ", "Centro de Apoio Operacional da Infância e Juventude", "SUBJUR", "infancia"),
    ("CAOMA", "Centro de Apoio Operacional do Meio Ambiente", "SUBJUR", "meio_ambiente"),
    ("CAOPP", "Centro de Apoio Operacional do Patrimônio Público", "SUBJUR", "patrimonio"),
    ("CAOSAUDE", "Centro de Apoio Operacional da Saúde", "SUBJUR", "saude"),
    ("CAOEDUC", "Centro de Apoio Operacional da Educação", "SUBJUR", "educacao"),
    ("CAOCON", "Centro de Apoio Operacional do Consumidor", "SUBJUR", "consumidor"),
    ("CAODH", "Centro de Apoio Operacional dos Direitos Humanos", "SUBJUR", "direitos_humanos"),
)
_PROCURADORIAS = (
    ("PROCCRIM1", "1ª Procuradoria de Justiça Criminal", "SUBJUR", "criminal"),
    ("PROCCRIM2", "2ª Procuradoria de Justiça Criminal", "SUBJUR", "criminal"),
    ("PROCCIV1", "1ª Procuradoria de Justiça Cível", "SUBJUR", "civel"),
    ("PROCCIV2", "2ª Procuradoria de Justiça Cível", "SUBJUR", "civel"),
    ("PROCIJ", "Procuradoria de Justiça da Infância e Juventude", "SUBJUR", "infancia"),
    (
        "PROCDIF",
        "Procuradoria de Justiça de Interesses Difusos e Coletivos",
        "SUBJUR",
        "meio_ambiente",
    ),
)

# Budget action (a key of BUDGET_ACTIONS) of the administrative fields of work; the others
# use "administracao". CAOs, procuradorias and promotorias have their own actions.
_BUDGET_BY_AREA = {
    "ti": "ti",
    "pessoas": "capacitacao",
    "capacitacao": "capacitacao",
    "engenharia": "obras",
    "comunicacao": "comunicacao",
}
_BUDGET_BY_KIND = {
    UnitKind.CAO: "caos",
    UnitKind.PROCURADORIA: "promotorias",
    UnitKind.PROMOTORIA: "promotorias",
}

# Relative number of initiatives per unit; units not listed get 1.0 and small promotorias 0.9.
_ITEM_SHARES = {
    "PGJ": 0.5,
    "GAB": 0.6,
    "OUV": 0.6,
    "SUBJUR": 0.6,
    "SUBADM": 0.6,
    "SUBINST": 0.6,
    "APGE": 1.2,
    "CGMP": 0.8,
    "AUDIN": 0.8,
    "CEAF": 1.5,
    "DTI": 2.5,
    "DGP": 1.5,
    "DOF": 1.2,
    "DLC": 1.5,
    "DENG": 1.5,
    "DLOG": 1.5,
    "CAOCRIM": 1.2,
    "CAOIJ": 1.2,
    "CAOMA": 1.2,
    "CAOPP": 1.2,
    "PROCCRIM1": 0.7,
    "PROCCRIM2": 0.7,
    "PROCCIV1": 0.7,
    "PROCCIV2": 0.7,
    "PROCIJ": 0.7,
    "PROCDIF": 0.7,
}
_SMALL_PROMOTORIA_SHARE = 0.9

# Each large comarca gets these specialised promotorias (indexes into SPECIALISED_PROMOTORIAS),
# chosen by position so the tree is the same for every seed.
_SPECIALITIES_BY_LARGE_COMARCA = (
    (0, 1, 2, 3, 4),
    (0, 2, 3, 5),
    (0, 1, 2, 4),
    (0, 2, 3),
    (0, 2, 5),
    (0, 2, 3, 4),
    (0, 1, 3),
    (0, 2, 4),
)

# (username, name, profile, home unit code, granted unit codes). The first five are the demo's
# main accounts: a PAA and a Usuario of one promotoria, then Planejamento, Administrador, Auditor.
_DEMO_USERS: tuple[tuple[str, str, Profile, str, tuple[str, ...]], ...] = (
    ("ana.souza", "Ana Souza", Profile.PAA, "PJAGCL", ()),
    ("bruno.carvalho", "Bruno Carvalho", Profile.USUARIO, "PJAGCL", ()),
    ("carla.mendes", "Carla Mendes", Profile.PLANEJAMENTO, "APGE", ()),
    ("diego.almeida", "Diego Almeida", Profile.ADMINISTRADOR, "DTI", ()),
    ("eduarda.lima", "Eduarda Lima", Profile.AUDITOR, "AUDIN", ()),
    ("felipe.rocha", "Felipe Rocha", Profile.PAA, "PJCAMP", ("PJBOMJ",)),
    ("gabriela.nunes", "Gabriela Nunes", Profile.USUARIO, "PJCAMPCR1", ()),
    ("henrique.barbosa", "Henrique Barbosa", Profile.PAA, "CAOMA", ()),
    ("isabela.costa", "Isabela Costa", Profile.USUARIO, "DTI", ("DGP",)),
    ("joao.pereira", "João Pereira", Profile.PAA, "DG", ()),
    ("larissa.martins", "Larissa Martins", Profile.PLANEJAMENTO, "APGE", ()),
    ("marcos.oliveira", "Marcos Oliveira", Profile.USUARIO, "PROCCRIM1", ("PJSCSCR1", "PJPNOVCR1")),
    ("natalia.ribeiro", "Natália Ribeiro", Profile.PAA, "PJITAB", ("PJIBIR",)),
    ("otavio.fernandes", "Otávio Fernandes", Profile.AUDITOR, "AUDIN", ()),
    ("paula.teixeira", "Paula Teixeira", Profile.ADMINISTRADOR, "DG", ()),
    ("rafael.gomes", "Rafael Gomes", Profile.USUARIO, "CAOIJ", ()),
)

# Grants with an end date (a substitution during a leave); the others have none.
_GRANT_VALID_UNTIL = {("natalia.ribeiro", "PJIBIR"): dt.date(2026, 7, 31)}


def build_units() -> list[SampleUnit]:
    """Return the unit tree, parents before children, the same for every seed."""
    units = [_unit("PGJ", "Procuradoria-Geral de Justiça", UnitKind.PGJ, None, None, "gestao")]
    head_groups = (
        (UnitKind.SUBPROCURADORIA, _SUBPROCURADORIAS),
        (UnitKind.ADMINISTRATIVA, _ADMINISTRATIVE),
        (UnitKind.CAO, _CAOS),
        (UnitKind.PROCURADORIA, _PROCURADORIAS),
    )
    for kind, group in head_groups:
        for code, name, parent_code, area in group:
            units.append(_unit(code, name, kind, parent_code, None, area))

    for (comarca, suffix), specialities in zip(LARGE_COMARCAS, _SPECIALITIES_BY_LARGE_COMARCA):
        group_code = f"PJ{suffix}"
        group_name = f"Promotorias de Justiça da Comarca de {comarca}"
        units.append(_unit(group_code, group_name, UnitKind.PROMOTORIA, "PGJ", comarca, None))
        for index in specialities:
            code_suffix, prefix, area = SPECIALISED_PROMOTORIAS[index]
            code = f"{group_code}{code_suffix}"
            units.append(
                _unit(
                    code, f"{prefix} de {comarca}", UnitKind.PROMOTORIA, group_code, comarca, area
                )
            )

    for comarca, suffix in SMALL_COMARCAS:
        name = f"Promotoria de Justiça de {comarca}"
        units.append(
            _unit(
                f"PJ{suffix}",
                name,
                UnitKind.PROMOTORIA,
                "PGJ",
                comarca,
                None,
                _SMALL_PROMOTORIA_SHARE,
            )
        )
    return units


def unit_rows(units: list[SampleUnit]) -> list[dict[str, Any]]:
    by_code = {unit.code: unit for unit in units}
    rows = []
    for unit in units:
        parent_id = by_code[unit.parent_code].id if unit.parent_code else None
        rows.append(
            make_row(
                "unit",
                id=unit.id,
                code=unit.code,
                name=unit.name,
                kind=unit.kind.value,
                parent_id=parent_id,
                comarca=unit.comarca,
                uo=PGJ_UO,
            )
        )
    return rows


def build_demo_users(units: list[SampleUnit]) -> list[DemoUserSpec]:
    """Return the demo accounts; their ids stay the same for every seed."""
    by_code = {unit.code: unit for unit in units}
    users = []
    for login, name, profile, home_code, grant_codes in _DEMO_USERS:
        username = f"{login}@{MAIL_DOMAIN}"
        users.append(
            DemoUserSpec(
                oid=str(stable_id("user", username)),
                username=username,
                name=name,
                roles=(profile.value,),
                home_unit_id=by_code[home_code].id,
                grants=tuple(by_code[code].id for code in grant_codes),
            )
        )
    return users


def user_rows(
    units: list[SampleUnit], users: list[DemoUserSpec]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the ``user`` and ``unit_grant`` rows of the demo accounts."""
    code_by_id = {unit.id: unit.code for unit in units}
    users_out: list[dict[str, Any]] = []
    grants_out: list[dict[str, Any]] = []
    for user in users:
        user_id = UUID(user.oid)
        users_out.append(
            make_row(
                "user",
                id=user_id,
                username=user.username,
                name=user.name,
                profile=",".join(user.roles),
                home_unit_id=user.home_unit_id,
                active=True,
            )
        )
        login = user.username.split("@")[0]
        for position, unit_id in enumerate(user.grants):
            unit_code = code_by_id[unit_id]
            grants_out.append(
                make_row(
                    "unit_grant",
                    id=stable_id("unit_grant", f"{user.username}:{unit_code}"),
                    user_id=user_id,
                    unit_id=unit_id,
                    reason=_grant_reason(login, unit_code, position),
                    valid_until=_GRANT_VALID_UNTIL.get((login, unit_code)),
                )
            )
    return users_out, grants_out


def _unit(
    code: str,
    name: str,
    kind: UnitKind,
    parent_code: str | None,
    comarca: str | None,
    area: str | None,
    item_share: float | None = None,
) -> SampleUnit:
    budget = _BUDGET_BY_KIND.get(kind) or _BUDGET_BY_AREA.get(area or "", "administracao")
    share = item_share if item_share is not None else _ITEM_SHARES.get(code, 1.0)
    return SampleUnit(
        stable_id("unit", code), code, name, kind, parent_code, comarca, area, budget, share
    )


def _grant_reason(login: str, unit_code: str, position: int) -> str:
    if (login, unit_code) in _GRANT_VALID_UNTIL:
        return "Substituição durante as férias do titular"
    if unit_code.startswith("PJ"):
        return (
            "Grupo de trabalho de apoio às promotorias" if position else "Substituição cumulativa"
        )
    return "Cooperação entre diretorias"
