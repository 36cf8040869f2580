"""Fill a local store with a plan as a sync would: units, users, plan items and audit events.

Rows arrive through ``LocalStore.apply_pull_page``, so none of them is a
pending local edit. The screenshot script uses this module too.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from decimal import Decimal
from typing import Any

from planmp_desktop.contract.messages import Change, PullResponse
from planmp_desktop.contract.schema import MONTHS, PLAN_ITEM
from planmp_desktop.store.local import LocalStore

GENERATION_ID = "generation-gui-tests"
PLAN_ID = uuid.UUID("6a1f0c55-0b3e-4c55-9a57-1d2f3e4a5b01")
CYCLE_ID = uuid.UUID("6a1f0c55-0b3e-4c55-9a57-1d2f3e4a5b02")


def _unit_id(number: int) -> uuid.UUID:
    return uuid.UUID(int=0x5E000000_0000_4000_8000_000000000000 + number)


def _user_id(number: int) -> uuid.UUID:
    return uuid.UUID(int=0x0A000000_0000_4000_8000_000000000000 + number)


PGJ = _unit_id(1)
SUBADM = _unit_id(2)
CAO_AMBIENTE = _unit_id(3)
PJ_VILA_VELHA = _unit_id(4)
PJ_COLATINA = _unit_id(5)
DTI = _unit_id(6)

UNITS: list[dict[str, Any]] = [
    {"id": PGJ, "code": "PGJ", "name": "Procuradoria-Geral de Justiça", "kind": "pgj", "parent_id": None},
    {"id": SUBADM, "code": "SUBADM", "name": "Subprocuradoria-Geral de Justiça Administrativa",
     "kind": "subprocuradoria", "parent_id": PGJ},
    {"id": CAO_AMBIENTE, "code": "CAOA", "name": "CAO de Defesa do Meio Ambiente", "kind": "cao", "parent_id": PGJ},
    {"id": PJ_VILA_VELHA, "code": "PJVV", "name": "Promotoria de Justiça de Vila Velha", "kind": "promotoria",
     "parent_id": PGJ, "comarca": "Vila Velha"},
    {"id": PJ_COLATINA, "code": "PJCOL", "name": "Promotoria de Justiça de Colatina", "kind": "promotoria",
     "parent_id": PGJ, "comarca": "Colatina"},
    {"id": DTI, "code": "DTI", "name": "Diretoria de Tecnologia da Informação", "kind": "administrativa",
     "parent_id": SUBADM},
]

ANA = _user_id(1)  # PAA of the Vila Velha promotoria
CARLOS = _user_id(2)  # Planejamento
BEATRIZ = _user_id(3)  # Usuário at Colatina
MARCOS = _user_id(4)  # Auditor

USERS: list[dict[str, Any]] = [
    {"id": ANA, "username": "ana.ribeiro", "name": "Ana Paula Ribeiro", "profile": "PAA", "home_unit_id": PJ_VILA_VELHA},
    {"id": CARLOS, "username": "carlos.menezes", "name": "Carlos Eduardo Menezes", "profile": "Planejamento",
     "home_unit_id": SUBADM},
    {"id": BEATRIZ, "username": "beatriz.souza", "name": "Beatriz Souza Lima", "profile": "Usuario",
     "home_unit_id": PJ_COLATINA},
    {"id": MARCOS, "username": "marcos.auditor", "name": "Marcos Vinícius Teixeira", "profile": "Auditor",
     "home_unit_id": PGJ},
]

_TITLES = [
    "Mutirão de audiências extrajudiciais",
    "Capacitação de servidores em mediação",
    "Fiscalização de aterros sanitários",
    "Atualização do parque de computadores",
    "Implantação do processo eletrônico nas promotorias",
    "Campanha de combate à violência doméstica",
    "Reforma da sede da promotoria",
    "Acompanhamento de políticas de saúde mental",
    "Inspeção em unidades de acolhimento",
    "Contratação de solução de videoconferência",
]
_RESPONSIBLE = ["Ana Paula Ribeiro", "João Pedro Alves", "Beatriz Souza Lima", "Rafael Costa", "Juliana Martins"]
_NATUREZAS = ["3.3.90.39", "3.3.90.30", "4.4.90.52", "3.3.90.40", "3.3.90.14"]
_STATUSES = ["nao_iniciado", "em_andamento", "em_andamento", "concluido", "suspenso"]
_APPROVAL = ["rascunho", "aguardando", "aprovado", "aprovado", "devolvido"]
_UNIT_CYCLE = [PJ_VILA_VELHA, PJ_COLATINA, CAO_AMBIENTE, DTI, PJ_VILA_VELHA]


def plan_item_values(number: int, rng: random.Random) -> dict[str, Any]:
    """Return the wire values of plan item ``number``: every fifth is an initiative, the rest its tasks."""
    initiative = number // 5
    is_initiative = number % 5 == 0
    code = f"INI-{initiative + 1:03d}" if is_initiative else f"INI-{initiative + 1:03d}.{number % 5:02d}"
    planned = Decimal(rng.randrange(120_000, 9_000_000)) / 100
    months = _schedule(planned, rng)
    start_month = rng.randrange(1, 7)
    status = _STATUSES[number % len(_STATUSES)]
    progress = Decimal(100) if status == "concluido" else Decimal(rng.randrange(0, 196)) / 2
    values: dict[str, Any] = {
        "plan_id": str(PLAN_ID),
        "parent_id": None if is_initiative else str(uuid.UUID(int=initiative * 5 + 1)),
        "kind": "iniciativa" if is_initiative else "tarefa",
        "code": code,
        "title": _TITLES[number % len(_TITLES)] + ("" if is_initiative else f" — etapa {number % 5}"),
        "item_type": "planejada" if number % 7 else "continua",
        "unit_id": str(_UNIT_CYCLE[initiative % len(_UNIT_CYCLE)]),
        "responsible": _RESPONSIBLE[number % len(_RESPONSIBLE)],
        "start_date": dt.date(2026, start_month, 1).isoformat(),
        "end_date": dt.date(2026, start_month + 6, 28).isoformat(),
        "status": status,
        "progress": str(progress.normalize()),
        "weight": "20",
        "priority": ["baixo", "medio", "alto"][number % 3],
        "risk": ["medio", "baixo", "alto"][number % 3],
        "deliverable": "Relatório de execução",
        "target_quantity": str(rng.randrange(1, 40)),
        "target_unit": "relatórios",
        "sei_process": "19.11.0058.0034120/2024-47",
        "uo": "22101",
        "programa": "0104",
        "acao": "2E90",
        "natureza_despesa": _NATUREZAS[number % len(_NATUREZAS)],
        "fonte": "500",
        "planned_total": f"{planned:.2f}",
        "empenhado": f"{planned * Decimal('0.6'):.2f}",
        "liquidado": f"{planned * Decimal('0.4'):.2f}",
        "pago": f"{planned * Decimal('0.3'):.2f}",
        "approval_state": _APPROVAL[number % len(_APPROVAL)],
        "notes": "",
    }
    values.update(months)
    return values


def _schedule(planned: Decimal, rng: random.Random) -> dict[str, str]:
    monthly = (planned / 12).quantize(Decimal("0.01"))
    months = {name: f"{monthly:.2f}" for name in MONTHS}
    months[MONTHS[-1]] = f"{planned - monthly * 11:.2f}"
    return months


def plan_item_id(number: int) -> uuid.UUID:
    return uuid.UUID(int=number + 1)


def audit_changes(count: int) -> list[Change]:
    """Return ``count`` audit events spread over users, units and actions."""
    start = dt.datetime(2026, 3, 2, 13, 0, tzinfo=dt.timezone.utc)
    changes = []
    for number in range(count):
        user = USERS[number % 3]
        action = ["update", "submit", "approve", "return", "update"][number % 5]
        item_number = number % 40
        values: dict[str, Any] = {
            "id": str(uuid.UUID(int=0xAE000000_0000_4000_8000_000000000000 + number)),
            "at": (start + dt.timedelta(hours=7 * number)).isoformat(),
            "user_id": str(user["id"]),
            "user_name": user["name"],
            "actor_unit_id": str(user["home_unit_id"]),
            "unit_id": str(_UNIT_CYCLE[(item_number // 5) % len(_UNIT_CYCLE)]),
            "entity": "plan_item",
            "row_id": str(plan_item_id(item_number)),
            "row_label": f"INI-{item_number // 5 + 1:03d} {_TITLES[item_number % len(_TITLES)]}",
            "action": action,
            "changes": (
                {"progress": ["40", "62.5"], "planned_total": ["1000.00", "1234.56"]}
                if action == "update"
                else {"approval_state": ["rascunho", "aguardando"]}
            ),
            "comment": "Cronograma revisto com a unidade." if action == "return" else None,
        }
        changes.append(Change(seq=0, entity="audit_event", row_id=uuid.UUID(values["id"]), values=values))
    return changes


def fill_store(store: LocalStore, item_count: int = 300, audit_count: int = 30, seed: int = 7) -> None:
    """Apply one pulled page holding the reference rows, ``item_count`` plan items and audit events."""
    rng = random.Random(seed)
    changes: list[Change] = []

    def add(entity: str, row: dict[str, Any]) -> None:
        values = {key: (str(value) if isinstance(value, uuid.UUID) else value) for key, value in row.items()}
        changes.append(Change(seq=len(changes) + 1, entity=entity, row_id=uuid.UUID(str(row["id"])), values=values))

    for unit in UNITS:
        add("unit", unit)
    for user in USERS:
        add("user", {**user, "active": True})
    add("strategic_cycle", {"id": CYCLE_ID, "name": "Planejamento Estratégico 2024–2029", "start_year": 2024,
                            "end_year": 2029})
    add("annual_plan", {"id": PLAN_ID, "cycle_id": CYCLE_ID, "year": 2026, "name": "Plano de Ação Anual 2026",
                        "approval_state": "rascunho"})
    for number in range(item_count):
        add("plan_item", {"id": plan_item_id(number), **plan_item_values(number, rng)})
    changes.extend(audit_changes(audit_count))

    store.apply_pull_page(PullResponse(generation_id=GENERATION_ID, changes=changes, cursor=len(changes), has_more=False))


BULK_CODE_PREFIX = "LOTE-"


def bulk_item_id(number: int) -> uuid.UUID:
    return uuid.UUID(f"00000000-0000-4000-8000-{number:012d}")


def add_bulk_items(store: LocalStore, count: int) -> None:
    """Add ``count`` draft items of the Vila Velha promotoria, copied from plan item 0 in one SQL statement.

    Their codes (``LOTE-000001`` ...) sort after the ``INI-`` items, every
    planned total differs, and none of them is a pending local edit. One
    INSERT ... SELECT writes 100,000 rows in well under a second, where a
    pulled page of that size takes several seconds to build.
    """
    overrides = {
        "id": "printf('00000000-0000-4000-8000-%012d', n.i)",
        "code": f"printf('{BULK_CODE_PREFIX}%06d', n.i)",
        "title": "'Item em lote ' || n.i",
        "approval_state": "'rascunho'",
        "unit_id": f"'{PJ_VILA_VELHA}'",
        "planned_total": "(n.i * 7919) % 90000000 + 12000",
        "notes": "''",
    }
    names = PLAN_ITEM.field_names
    selected = ", ".join(overrides.get(name, f't."{name}"') for name in names)
    sql = (
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
        f"INSERT INTO plan_item ({', '.join(f'{chr(34)}{name}{chr(34)}' for name in names)}) "
        f"SELECT {selected} FROM n, plan_item t WHERE t.id = ?"
    )
    with store.transaction() as connection:
        connection.execute(sql, (count, str(plan_item_id(0))))
