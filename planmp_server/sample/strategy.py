"""The MPEX strategic plan 2026–2031, its 2026 annual plan and the default approval flows."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from planmp_desktop.domain.codes import ApprovalState, ItemKind, Profile
from planmp_server.sample.rows import make_row, random_id, stable_id

CYCLE_START, CYCLE_END = 2026, 2031
PLAN_YEAR = 2026
# Measurements exist for the periods that ended by this date, as if the demo ran mid-year.
MEASURED_UNTIL = dt.date(2026, 6, 30)

MISSION = (
    "Defender a ordem jurídica, o regime democrático e os interesses sociais e individuais "
    "indisponíveis, com atuação próxima do cidadão em todas as comarcas do Estado de Exemplo."
)
VISION = (
    "Ser reconhecido até 2031 como instituição resolutiva, transparente e próxima da sociedade "
    "na defesa dos direitos."
)
VALUES = (
    "Ética; Transparência; Resolutividade; Independência funcional; Respeito à diversidade; "
    "Inovação; Eficiência no uso dos recursos públicos."
)

PERSPECTIVES = ("Sociedade", "Processos internos", "Aprendizado e crescimento", "Orçamento")


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator with its baseline (end of 2025) and its 2031 target."""

    name: str
    formula: str
    measure_unit: str
    frequency: str
    baseline: Decimal
    target_2031: Decimal
    polarity: str
    indicator_type: str
    places: int


def _ind(
    name: str,
    formula: str,
    measure_unit: str,
    frequency: str,
    baseline: str,
    target_2031: str,
    polarity: str,
    indicator_type: str,
) -> IndicatorSpec:
    places = 0 if measure_unit in ("quantidade", "dias") else 2
    return IndicatorSpec(
        name,
        formula,
        measure_unit,
        frequency,
        Decimal(baseline),
        Decimal(target_2031),
        polarity,
        indicator_type,
        places,
    )


# (perspective index, code, name, description, strategic actions, indicators)
OBJECTIVES: tuple[tuple[int, str, str, str, tuple[str, ...], tuple[IndicatorSpec, ...]], ...] = (
    (
        0,
        "OE01",
        "Garantir a efetividade da persecução penal",
        "Atuação criminal célere e qualificada, com prioridade aos crimes graves e à violência doméstica.",
        (
            "Ampliar a celebração de acordos de não persecução penal",
            "Fortalecer o controle externo da atividade policial",
            "Estruturar o enfrentamento à violência doméstica",
        ),
        (
            _ind(
                name="Taxa de resolutividade de inquéritos policiais",
                formula="(Inquéritos concluídos / Inquéritos recebidos) * 100",
                measure_unit="%",
                frequency="trimestral",
                baseline="62.5",
                target_2031="80",
                polarity="maior_melhor",
                indicator_type="estrategico",
            ),
            _ind(
                name="Acordos de não persecução penal celebrados",
                formula="Soma dos acordos celebrados no período",
                measure_unit="quantidade",
                frequency="mensal",
                baseline="1850",
                target_2031="3000",
                polarity="maior_melhor",
                indicator_type="produtividade",
            ),
        ),
    ),
    (
        0,
        "OE02",
        "Promover os direitos fundamentais e as políticas públicas",
        "Defesa da infância, da educação, da saúde e dos grupos vulneráveis.",
        (
            "Reduzir o tempo de acolhimento institucional de crianças",
            "Fiscalizar a oferta de vagas em creches e escolas",
            "Garantir o acesso a medicamentos e leitos",
        ),
        (
            _ind(
                name="Crianças e adolescentes acolhidos há mais de 18 meses",
                formula="Soma dos acolhidos há mais de 18 meses no fim do período",
                measure_unit="quantidade",
                frequency="semestral",
                baseline="420",
                target_2031="200",
                polarity="menor_melhor",
                indicator_type="estrategico",
            ),
        ),
    ),
    (
        0,
        "OE03",
        "Proteger o meio ambiente, o patrimônio público e o consumidor",
        "Tutela coletiva com foco em resultados mensuráveis para a sociedade.",
        (
            "Combater o desmatamento e a poluição",
            "Recuperar recursos desviados do erário",
            "Proteger o consumidor superendividado",
        ),
        (
            _ind(
                name="Valor recuperado ao erário",
                formula="Soma dos valores ressarcidos em acordos e sentenças",
                measure_unit="R$",
                frequency="anual",
                baseline="12500000.00",
                target_2031="25000000.00",
                polarity="maior_melhor",
                indicator_type="estrategico",
            ),
            _ind(
                name="Termos de ajustamento de conduta ambientais cumpridos",
                formula="(TACs cumpridos / TACs vencidos) * 100",
                measure_unit="%",
                frequency="semestral",
                baseline="55",
                target_2031="85",
                polarity="maior_melhor",
                indicator_type="qualidade",
            ),
        ),
    ),
    (
        1,
        "OE04",
        "Fortalecer a atuação resolutiva e extrajudicial",
        "Solução de conflitos por acordos, recomendações e autocomposição.",
        (
            "Ampliar a atuação por termos de ajustamento de conduta",
            "Implantar núcleos de autocomposição",
        ),
        (
            _ind(
                name="Procedimentos extrajudiciais resolvidos sem ação judicial",
                formula="(Procedimentos arquivados por resolução / Procedimentos arquivados) * 100",
                measure_unit="%",
                frequency="quadrimestral",
                baseline="38",
                target_2031="60",
                polarity="maior_melhor",
                indicator_type="estrategico",
            ),
        ),
    ),
    (
        1,
        "OE05",
        "Aprimorar a gestão de processos e procedimentos",
        "Processos de trabalho mapeados, padronizados e monitorados.",
        (
            "Mapear e padronizar os processos das promotorias",
            "Reduzir o acervo de procedimentos antigos",
            "Implantar a gestão de riscos",
        ),
        (
            _ind(
                name="Tempo médio de tramitação de notícias de fato",
                formula="Soma dos dias de tramitação / Notícias de fato concluídas",
                measure_unit="dias",
                frequency="bimestral",
                baseline="74",
                target_2031="30",
                polarity="menor_melhor",
                indicator_type="produtividade",
            ),
        ),
    ),
    (
        1,
        "OE06",
        "Ampliar a transparência e a comunicação com a sociedade",
        "Informação clara e acessível sobre a atuação e os gastos do MPEX.",
        ("Reformular o portal da transparência", "Ampliar a ouvidoria itinerante"),
        (
            _ind(
                name="Índice de transparência do portal",
                formula="(Itens atendidos / Itens avaliados) * 100",
                measure_unit="%",
                frequency="anual",
                baseline="81",
                target_2031="98",
                polarity="maior_melhor",
                indicator_type="qualidade",
            ),
            _ind(
                name="Manifestações da Ouvidoria respondidas no prazo",
                formula="(Respondidas no prazo / Recebidas) * 100",
                measure_unit="%",
                frequency="mensal",
                baseline="88",
                target_2031="97",
                polarity="maior_melhor",
                indicator_type="qualidade",
            ),
        ),
    ),
    (
        2,
        "OE07",
        "Desenvolver as competências de membros e servidores",
        "Capacitação contínua alinhada à estratégia.",
        (
            "Implantar a gestão por competências",
            "Ampliar a oferta de cursos a distância",
            "Formar lideranças",
        ),
        (
            _ind(
                name="Horas de capacitação por servidor",
                formula="Horas de capacitação / Servidores ativos",
                measure_unit="horas",
                frequency="semestral",
                baseline="18",
                target_2031="40",
                polarity="maior_melhor",
                indicator_type="estrategico",
            ),
        ),
    ),
    (
        2,
        "OE08",
        "Promover a saúde e a qualidade de vida no trabalho",
        "Ambiente de trabalho saudável e flexível.",
        ("Implantar o programa de saúde mental", "Regulamentar o teletrabalho"),
        (
            _ind(
                name="Índice de absenteísmo por doença",
                formula="(Dias de afastamento / Dias úteis) * 100",
                measure_unit="%",
                frequency="trimestral",
                baseline="3.8",
                target_2031="2.5",
                polarity="menor_melhor",
                indicator_type="qualidade",
            ),
        ),
    ),
    (
        2,
        "OE09",
        "Prover soluções de tecnologia integradas e seguras",
        "Sistemas disponíveis, seguros e acessíveis em todas as comarcas.",
        (
            "Implantar o processo eletrônico em todas as promotorias",
            "Reforçar a segurança da informação",
            "Ampliar a conectividade das promotorias do interior",
        ),
        (
            _ind(
                name="Disponibilidade dos sistemas críticos",
                formula="(Horas disponíveis / Horas do período) * 100",
                measure_unit="%",
                frequency="mensal",
                baseline="98.2",
                target_2031="99.7",
                polarity="maior_melhor",
                indicator_type="qualidade",
            ),
            _ind(
                name="Satisfação dos usuários com a TI",
                formula="(Respostas satisfeitas / Respostas) * 100",
                measure_unit="%",
                frequency="anual",
                baseline="72",
                target_2031="90",
                polarity="maior_melhor",
                indicator_type="qualidade",
            ),
        ),
    ),
    (
        3,
        "OE10",
        "Assegurar os recursos orçamentários da estratégia",
        "Orçamento planejado a partir das prioridades do plano.",
        (
            "Aprimorar a elaboração da proposta orçamentária",
            "Captar recursos para o Fundo Especial",
        ),
        (
            _ind(
                name="Execução do orçamento discricionário",
                formula="(Empenhado / Dotação atualizada) * 100",
                measure_unit="%",
                frequency="bimestral",
                baseline="87",
                target_2031="97",
                polarity="maior_melhor",
                indicator_type="estrategico",
            ),
        ),
    ),
    (
        3,
        "OE11",
        "Aprimorar a qualidade do gasto público",
        "Contratações padronizadas e custos conhecidos.",
        ("Implantar o sistema de custos", "Padronizar as contratações"),
        (
            _ind(
                name="Custo médio por procedimento concluído",
                formula="Despesas de custeio / Procedimentos concluídos",
                measure_unit="R$",
                frequency="anual",
                baseline="1450.00",
                target_2031="1100.00",
                polarity="menor_melhor",
                indicator_type="estrategico",
            ),
        ),
    ),
    (
        3,
        "OE12",
        "Adequar a infraestrutura física das unidades",
        "Sedes próprias, acessíveis e sustentáveis.",
        (
            "Construir e reformar sedes no interior",
            "Adequar a acessibilidade das sedes",
            "Implantar energia solar nas sedes",
        ),
        (
            _ind(
                name="Sedes com acessibilidade plena",
                formula="(Sedes acessíveis / Total de sedes) * 100",
                measure_unit="%",
                frequency="anual",
                baseline="46",
                target_2031="90",
                polarity="maior_melhor",
                indicator_type="estrategico",
            ),
        ),
    ),
)

# Periods per year of each frequency.
_PERIODS_PER_YEAR = {
    "mensal": 12,
    "bimestral": 6,
    "trimestral": 4,
    "quadrimestral": 3,
    "semestral": 2,
    "anual": 1,
}
_MEASUREMENT_COMMENTS = (
    None,
    None,
    "Dados extraídos do sistema de gestão de procedimentos.",
    "Valor preliminar, sujeito a revisão.",
    "Inclui dados das promotorias do interior.",
)
_ACTION_WEIGHTS = {2: (50, 50), 3: (40, 30, 30)}


@dataclass
class Strategy:
    """The rows of the strategic plan with the lookups the plan items need."""

    rows: dict[str, list[dict[str, Any]]]
    cycle_id: UUID
    plan_id: UUID
    actions_by_objective: dict[str, list[UUID]]
    indicators_by_objective: dict[str, list[UUID]]


def build_strategy(rng: random.Random, measurers: list[str]) -> Strategy:
    """Build the cycle, perspectives, objectives, actions, indicators, goals and measurements.

    ``measurers`` are the names recorded as authors of the measurements.
    """
    cycle_id = stable_id("strategic_cycle", f"{CYCLE_START}-{CYCLE_END}")
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "strategic_cycle",
            "perspective",
            "objective",
            "strategic_action",
            "indicator",
            "goal",
            "measurement",
            "annual_plan",
        )
    }
    rows["strategic_cycle"].append(
        make_row(
            "strategic_cycle",
            id=cycle_id,
            name=f"Plano Estratégico do MPEX {CYCLE_START}–{CYCLE_END}",
            start_year=CYCLE_START,
            end_year=CYCLE_END,
            mission=MISSION,
            vision=VISION,
            values=VALUES,
        )
    )

    perspective_ids = []
    for position, name in enumerate(PERSPECTIVES, start=1):
        perspective_id = stable_id("perspective", name)
        perspective_ids.append(perspective_id)
        rows["perspective"].append(
            make_row(
                "perspective", id=perspective_id, cycle_id=cycle_id, name=name, position=position
            )
        )

    actions_by_objective: dict[str, list[UUID]] = {}
    indicators_by_objective: dict[str, list[UUID]] = {}
    for perspective, code, name, description, actions, indicators in OBJECTIVES:
        objective_id = stable_id("objective", code)
        rows["objective"].append(
            make_row(
                "objective",
                id=objective_id,
                perspective_id=perspective_ids[perspective],
                code=code,
                name=name,
                description=description,
            )
        )

        actions_by_objective[code] = []
        weights = _ACTION_WEIGHTS[len(actions)]
        for number, (action_name, weight) in enumerate(zip(actions, weights), start=1):
            action_code = f"AE{code[2:]}.{number}"
            action_id = stable_id("strategic_action", action_code)
            actions_by_objective[code].append(action_id)
            rows["strategic_action"].append(
                make_row(
                    "strategic_action",
                    id=action_id,
                    objective_id=objective_id,
                    code=action_code,
                    name=action_name,
                    weight=Decimal(weight),
                    progress=Decimal("0"),
                )
            )

        indicators_by_objective[code] = []
        for spec in indicators:
            indicator_id = stable_id("indicator", spec.name)
            indicators_by_objective[code].append(indicator_id)
            rows["indicator"].append(_indicator_row(indicator_id, objective_id, spec))
            rows["goal"].extend(_goal_rows(indicator_id, spec))
            rows["measurement"].extend(_measurement_rows(rng, indicator_id, spec, measurers))

    plan_id = stable_id("annual_plan", str(PLAN_YEAR))
    rows["annual_plan"].append(
        make_row(
            "annual_plan",
            id=plan_id,
            cycle_id=cycle_id,
            year=PLAN_YEAR,
            name=f"Plano de Ação Anual {PLAN_YEAR}",
            approval_state=ApprovalState.RASCUNHO.value,
        )
    )
    return Strategy(rows, cycle_id, plan_id, actions_by_objective, indicators_by_objective)


def approval_flow_rows() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the default flows: the unit's PAA approves tasks, Planejamento or Administrador the rest."""
    central = f"{Profile.PLANEJAMENTO.value},{Profile.ADMINISTRADOR.value}"
    # (target kind, name, profiles, same unit, days limit)
    defaults = (
        (ItemKind.TAREFA.value, "Aprovação de tarefas", Profile.PAA.value, True, 5),
        (ItemKind.INICIATIVA.value, "Aprovação de iniciativas", central, False, 10),
        ("acao_estrategica", "Aprovação de ações estratégicas", central, False, 15),
        ("meta", "Aprovação de metas", central, False, 15),
        ("plano_anual", "Aprovação do Plano de Ação Anual", central, False, 20),
    )
    flows = []
    steps = []
    for target_kind, name, profiles, same_unit, days in defaults:
        flow_id = stable_id("approval_flow", target_kind)
        flows.append(make_row("approval_flow", id=flow_id, target_kind=target_kind, name=name))
        steps.append(
            make_row(
                "approval_step",
                id=stable_id("approval_step", f"{target_kind}:1"),
                flow_id=flow_id,
                position=1,
                profiles=profiles,
                same_unit=same_unit,
                days_limit=days,
            )
        )
    return flows, steps


def _indicator_row(indicator_id: UUID, objective_id: UUID, spec: IndicatorSpec) -> dict[str, Any]:
    return make_row(
        "indicator",
        id=indicator_id,
        objective_id=objective_id,
        name=spec.name,
        formula=spec.formula,
        measure_unit=spec.measure_unit,
        frequency=spec.frequency,
        baseline=spec.baseline,
        baseline_date=dt.date(CYCLE_START - 1, 12, 31),
        polarity=spec.polarity,
        indicator_type=spec.indicator_type,
    )


def _yearly_target(spec: IndicatorSpec, year: int) -> Decimal:
    """Return the target of ``year`` on a straight line from the baseline to the 2031 target."""
    share = Decimal(year - (CYCLE_START - 1)) / Decimal(CYCLE_END - (CYCLE_START - 1))
    target = spec.baseline + (spec.target_2031 - spec.baseline) * share
    return target.quantize(Decimal(1).scaleb(-spec.places))


def _goal_rows(indicator_id: UUID, spec: IndicatorSpec) -> list[dict[str, Any]]:
    return [
        make_row(
            "goal",
            id=stable_id("goal", f"{indicator_id}:{year}"),
            indicator_id=indicator_id,
            period=str(year),
            target=_yearly_target(spec, year),
        )
        for year in range(CYCLE_START, CYCLE_END + 1)
    ]


def _measurement_rows(
    rng: random.Random, indicator_id: UUID, spec: IndicatorSpec, measurers: list[str]
) -> list[dict[str, Any]]:
    """Return one measurement per period of 2026 that ended by MEASURED_UNTIL.

    An annual indicator has no such period yet, so it gets its 2025 value instead.
    """
    periods = _PERIODS_PER_YEAR[spec.frequency]
    months_per_period = 12 // periods
    dates = []
    for index in range(1, periods + 1):
        period_end = _month_end(PLAN_YEAR, index * months_per_period)
        if period_end <= MEASURED_UNTIL:
            dates.append(period_end)
    if not dates:
        dates = [dt.date(PLAN_YEAR - 1, 12, 31)]

    target = _yearly_target(spec, PLAN_YEAR)
    quantum = Decimal(1).scaleb(-spec.places)
    rows = []
    for measured_on in dates:
        elapsed = (
            Decimal(measured_on.month) / Decimal(12)
            if measured_on.year == PLAN_YEAR
            else Decimal(0)
        )
        noise = Decimal(rng.randint(-30, 30)) / Decimal(1000)
        value = spec.baseline + (target - spec.baseline) * elapsed
        value = (value * (1 + noise)).quantize(quantum)
        if spec.measure_unit == "%":
            value = min(value, Decimal("100.00"))
        rows.append(
            make_row(
                "measurement",
                id=random_id(rng),
                indicator_id=indicator_id,
                measured_on=measured_on,
                value=value,
                author=rng.choice(measurers),
                comment=rng.choice(_MEASUREMENT_COMMENTS),
            )
        )
    return rows


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
