"""Entity registry shared by the client store and the server database.

Both sides build their tables from these definitions, so a field added here
exists on the wire, in SQLite and in the server schema at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class FieldType(StrEnum):
    """Logical type of a field; each side maps it to its own column type."""

    TEXT = "text"
    INT = "int"
    MONEY = "money"  # wire: decimal string "1234.56"; SQLite: integer centavos
    DECIMAL = "decimal"  # percentages, weights, quantities; wire: decimal string
    DATE = "date"  # wire: ISO 8601 "2026-03-31"
    TIMESTAMP = "timestamp"  # wire: ISO 8601 with offset, stored in UTC
    BOOL = "bool"
    UUID = "uuid"  # wire: canonical lower-case string
    JSON = "json"  # wire: any JSON object or list


@dataclass(frozen=True)
class Field:
    """One column of a synced entity.

    ``editable`` is false for values only the server writes (approval state,
    execution figures from the financial system). ``insert_only`` fields
    are set by the client when it creates the row and never change after.
    ``planning`` marks the fields that approval freezes; execution fields
    stay editable.
    """

    name: str
    type: FieldType
    label: str
    editable: bool = True
    planning: bool = False
    required: bool = False
    insert_only: bool = False


@dataclass(frozen=True)
class Entity:
    """A synced table.

    ``scope_field`` names the unit column that limits who receives a row;
    ``None`` means every signed-in user receives it (reference data).
    ``client_writable`` is false for tables only the server writes.
    """

    name: str
    label: str
    fields: tuple[Field, ...]
    scope_field: str | None = None
    client_writable: bool = True
    commands: tuple[str, ...] = ()
    _by_name: dict[str, Field] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_name.update({f.name: f for f in self.fields})

    def field(self, name: str) -> Field:
        return self._by_name[name]

    def has_field(self, name: str) -> bool:
        return name in self._by_name

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


T = FieldType
MONTHS = tuple(f"month_{m:02d}" for m in range(1, 13))
MONTH_LABELS = ("Jan", "Fev", "Mar", "Abr", "Mai", "Jun", "Jul", "Ago", "Set", "Out", "Nov", "Dez")


def _id() -> Field:
    return Field("id", T.UUID, "Identificador", editable=False, required=True)


UNIT = Entity(
    "unit",
    "Unidade",
    (
        _id(),
        Field("code", T.TEXT, "Sigla", required=True),
        Field("name", T.TEXT, "Nome", required=True),
        Field("kind", T.TEXT, "Tipo"),  # pgj, subprocuradoria, cao, procuradoria, promotoria
        Field("parent_id", T.UUID, "Unidade superior"),
        Field("comarca", T.TEXT, "Comarca"),
        Field("uo", T.TEXT, "Unidade orçamentária"),
    ),
    client_writable=False,
)

USER = Entity(
    "user",
    "Usuário",
    (
        _id(),  # the Entra ID object id (oid claim)
        Field("username", T.TEXT, "Login", required=True),
        Field("name", T.TEXT, "Nome", required=True),
        Field("profile", T.TEXT, "Perfil"),
        Field("home_unit_id", T.UUID, "Unidade de lotação"),
        Field("active", T.BOOL, "Ativo"),
    ),
    client_writable=False,
)

UNIT_GRANT = Entity(
    "unit_grant",
    "Unidade concedida",
    (
        _id(),
        Field("user_id", T.UUID, "Usuário", required=True),
        Field("unit_id", T.UUID, "Unidade", required=True),
        Field("reason", T.TEXT, "Motivo"),
        Field("valid_until", T.DATE, "Válida até"),
    ),
    client_writable=False,
)

STRATEGIC_CYCLE = Entity(
    "strategic_cycle",
    "Ciclo estratégico",
    (
        _id(),
        Field("name", T.TEXT, "Nome", required=True),
        Field("start_year", T.INT, "Ano inicial", required=True),
        Field("end_year", T.INT, "Ano final", required=True),
        Field("mission", T.TEXT, "Missão"),
        Field("vision", T.TEXT, "Visão"),
        Field("values", T.TEXT, "Valores"),
    ),
    client_writable=False,
)

PERSPECTIVE = Entity(
    "perspective",
    "Perspectiva",
    (
        _id(),
        Field("cycle_id", T.UUID, "Ciclo", required=True),
        Field("name", T.TEXT, "Nome", required=True),
        Field("position", T.INT, "Ordem"),
    ),
    client_writable=False,
)

OBJECTIVE = Entity(
    "objective",
    "Objetivo estratégico",
    (
        _id(),
        Field("perspective_id", T.UUID, "Perspectiva", required=True),
        Field("code", T.TEXT, "Código", required=True),
        Field("name", T.TEXT, "Nome", required=True),
        Field("description", T.TEXT, "Descrição"),
    ),
    client_writable=False,
)

STRATEGIC_ACTION = Entity(
    "strategic_action",
    "Ação estratégica",
    (
        _id(),
        Field("objective_id", T.UUID, "Objetivo", required=True),
        Field("code", T.TEXT, "Código", required=True),
        Field("name", T.TEXT, "Nome", required=True),
        Field("weight", T.DECIMAL, "Peso"),
        Field("progress", T.DECIMAL, "Progresso (%)", editable=False),
    ),
    client_writable=False,
)

ANNUAL_PLAN = Entity(
    "annual_plan",
    "Plano de Ação Anual",
    (
        _id(),
        Field("cycle_id", T.UUID, "Ciclo", required=True),
        Field("year", T.INT, "Ano", required=True),
        Field("name", T.TEXT, "Nome", required=True),
        Field("approval_state", T.TEXT, "Situação de aprovação", editable=False),
    ),
    client_writable=False,
)

PLAN_ITEM = Entity(
    "plan_item",
    "Item do plano",
    (
        _id(),
        Field("plan_id", T.UUID, "Plano", required=True, editable=False, insert_only=True),
        Field("parent_id", T.UUID, "Iniciativa", editable=False, insert_only=True),
        Field("kind", T.TEXT, "Nível", required=True, editable=False, insert_only=True),  # iniciativa, tarefa
        Field("code", T.TEXT, "Código", required=True, planning=True),
        Field("title", T.TEXT, "Título", required=True, planning=True),
        Field("description", T.TEXT, "Descrição", planning=True),
        Field("item_type", T.TEXT, "Tipo", planning=True),  # Planejada, Contínua, Não planejada
        Field("unit_id", T.UUID, "Unidade", required=True, planning=True),
        Field("strategic_action_id", T.UUID, "Ação estratégica", planning=True),
        Field("responsible", T.TEXT, "Responsável", planning=True),
        Field("partner_units", T.TEXT, "Unidades parceiras", planning=True),
        Field("start_date", T.DATE, "Início", planning=True),
        Field("end_date", T.DATE, "Término", planning=True),
        Field("multi_year", T.BOOL, "Plurianual", planning=True),
        Field("status", T.TEXT, "Situação"),  # execution status
        Field("progress", T.DECIMAL, "Progresso (%)"),
        Field("weight", T.DECIMAL, "Peso (%)", planning=True),
        Field("priority", T.TEXT, "Prioridade", planning=True),
        Field("risk", T.TEXT, "Risco", planning=True),
        Field("deliverable", T.TEXT, "Entrega", planning=True),
        Field("target_quantity", T.DECIMAL, "Meta física", planning=True),
        Field("target_unit", T.TEXT, "Unidade de medida", planning=True),
        Field("indicator_id", T.UUID, "Indicador", planning=True),
        Field("sei_process", T.TEXT, "Processo SEI", planning=True),
        Field("uo", T.TEXT, "UO", planning=True),
        Field("programa", T.TEXT, "Programa", planning=True),
        Field("acao", T.TEXT, "Ação", planning=True),
        Field("natureza_despesa", T.TEXT, "Natureza de despesa", planning=True),
        Field("fonte", T.TEXT, "Fonte", planning=True),
        Field("planned_total", T.MONEY, "Valor planejado", planning=True),
        *(
            Field(name, T.MONEY, f"{label}", planning=True)
            for name, label in zip(MONTHS, MONTH_LABELS)
        ),
        Field("empenhado", T.MONEY, "Empenhado", editable=False),
        Field("liquidado", T.MONEY, "Liquidado", editable=False),
        Field("pago", T.MONEY, "Pago", editable=False),
        Field("notes", T.TEXT, "Observações"),
        Field("approval_state", T.TEXT, "Aprovação", editable=False),
        Field("year_targets", T.JSON, "Metas de outros anos", planning=True),
        # Where an imported item came from, e.g. "SIGPLAN:<programa>/<ação>/<UO>".
        Field("source_ref", T.TEXT, "Origem", editable=False, insert_only=True),
    ),
    scope_field="unit_id",
    commands=("submit", "approve", "return"),
)

BUDGET_LINE = Entity(
    "budget_line",
    "Linha orçamentária",
    (
        _id(),
        Field("year", T.INT, "Exercício", required=True),
        Field("unit_id", T.UUID, "Unidade"),
        Field("plan_item_id", T.UUID, "Item do plano"),
        Field("esfera", T.TEXT, "Esfera"),
        Field("uo", T.TEXT, "UO"),
        Field("ug", T.TEXT, "UG"),
        Field("funcao", T.TEXT, "Função"),
        Field("subfuncao", T.TEXT, "Subfunção"),
        Field("programa", T.TEXT, "Programa"),
        Field("acao", T.TEXT, "Ação"),
        Field("localizador", T.TEXT, "Localizador"),
        Field("natureza_despesa", T.TEXT, "Natureza de despesa"),
        Field("fonte", T.TEXT, "Fonte"),
        Field("dotacao_inicial", T.MONEY, "Dotação inicial"),
        Field("dotacao_atualizada", T.MONEY, "Dotação atualizada"),
        Field("empenhado", T.MONEY, "Empenhado"),
        Field("liquidado", T.MONEY, "Liquidado"),
        Field("pago", T.MONEY, "Pago"),
    ),
    scope_field="unit_id",
)

INDICATOR = Entity(
    "indicator",
    "Indicador",
    (
        _id(),
        Field("objective_id", T.UUID, "Objetivo"),
        Field("name", T.TEXT, "Nome", required=True),
        Field("formula", T.TEXT, "Fórmula"),
        Field("measure_unit", T.TEXT, "Unidade"),
        Field("frequency", T.TEXT, "Periodicidade"),
        Field("baseline", T.DECIMAL, "Linha de base"),
        Field("baseline_date", T.DATE, "Data da linha de base"),
        Field("polarity", T.TEXT, "Polaridade"),  # maior_melhor, menor_melhor
        Field("indicator_type", T.TEXT, "Tipo"),
    ),
    client_writable=False,
)

GOAL = Entity(
    "goal",
    "Meta",
    (
        _id(),
        Field("indicator_id", T.UUID, "Indicador", required=True),
        Field("period", T.TEXT, "Período", required=True),
        Field("target", T.DECIMAL, "Valor-alvo", required=True),
    ),
    client_writable=False,
)

MEASUREMENT = Entity(
    "measurement",
    "Medição",
    (
        _id(),
        Field("indicator_id", T.UUID, "Indicador", required=True),
        Field("measured_on", T.DATE, "Data", required=True),
        Field("value", T.DECIMAL, "Valor", required=True),
        Field("author", T.TEXT, "Autor"),
        Field("comment", T.TEXT, "Comentário"),
    ),
)

APPROVAL_FLOW = Entity(
    "approval_flow",
    "Fluxo de aprovação",
    (
        _id(),
        Field("target_kind", T.TEXT, "Objeto", required=True),  # tarefa, iniciativa, ...
        Field("name", T.TEXT, "Nome", required=True),
    ),
    client_writable=False,
)

APPROVAL_STEP = Entity(
    "approval_step",
    "Etapa de aprovação",
    (
        _id(),
        Field("flow_id", T.UUID, "Fluxo", required=True),
        Field("position", T.INT, "Ordem", required=True),
        Field("profiles", T.TEXT, "Perfis"),  # comma-separated profile names
        Field("same_unit", T.BOOL, "Mesma unidade"),
        Field("days_limit", T.INT, "Prazo (dias)"),
    ),
    client_writable=False,
)

AUDIT_EVENT = Entity(
    "audit_event",
    "Evento de auditoria",
    (
        _id(),
        Field("at", T.TIMESTAMP, "Quando", required=True),
        Field("user_id", T.UUID, "Usuário"),
        Field("user_name", T.TEXT, "Nome do usuário"),
        Field("actor_unit_id", T.UUID, "Unidade do usuário"),
        Field("unit_id", T.UUID, "Unidade do item"),
        Field("entity", T.TEXT, "Objeto", required=True),
        Field("row_id", T.UUID, "Item", required=True),
        Field("row_label", T.TEXT, "Descrição do item"),
        Field("action", T.TEXT, "Ação", required=True),
        Field("changes", T.JSON, "Alterações"),  # {field: [old, new]}
        Field("comment", T.TEXT, "Comentário"),
        Field("mutation_id", T.UUID, "Mutação"),
        Field("device_id", T.TEXT, "Dispositivo"),
    ),
    scope_field="unit_id",
    client_writable=False,
)

ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        UNIT,
        USER,
        UNIT_GRANT,
        STRATEGIC_CYCLE,
        PERSPECTIVE,
        OBJECTIVE,
        STRATEGIC_ACTION,
        ANNUAL_PLAN,
        PLAN_ITEM,
        BUDGET_LINE,
        INDICATOR,
        GOAL,
        MEASUREMENT,
        APPROVAL_FLOW,
        APPROVAL_STEP,
        AUDIT_EVENT,
    )
}


def entity(name: str) -> Entity:
    """Return the entity called ``name``; raises KeyError for an unknown one."""
    return ENTITIES[name]
