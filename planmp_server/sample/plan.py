"""Plan items of the 2026 annual plan (initiatives with their tasks) and the budget lines."""

from __future__ import annotations

import datetime as dt
import math
import random
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from planmp_desktop.domain.codes import ApprovalState, ExecutionStatus, ItemKind, ItemType, Level
from planmp_desktop.domain.sei import format_cnmp
from planmp_server.sample.rows import centavos_to_money, make_row, random_id
from planmp_server.sample.strategy import PLAN_YEAR, Strategy
from planmp_server.sample.units import FUND_UO, PGJ_UO, SampleUnit
from planmp_server.sample.vocabulary import (
    ADMIN_AREAS,
    AMOUNT_RANGES,
    BUDGET_ACTIONS,
    FINALISTIC_AREAS,
    FIRST_NAMES,
    GENERALIST_AREAS,
    NOTES,
    SURNAMES,
    TASK_PATTERNS,
    Area,
    Template,
)

# Marks the initiatives whose task weights deliberately do not sum to 100, so that the
# demo shows the drafting warning. Only drafts (rascunho) get it, about 1 % of initiatives.
WEIGHTS_WARNING_NOTE = "Pesos das tarefas em revisão: a soma ainda não fecha 100%."

# The first eight digits of this MP's CNMP SEI numbers: tipo de unidade 19, MP 27, then the
# unit's four-digit órgão code.
_SEI_PREFIX = "1927"
_UG_BY_UO = {PGJ_UO: "159001", FUND_UO: "459001"}
_LOCALIZADOR = "0001"

_STATUSES = tuple(ExecutionStatus)
_STATUS_WEIGHTS = (25, 40, 20, 8, 7)
_APPROVALS = tuple(ApprovalState)
_APPROVAL_WEIGHTS = (27, 20, 8, 45)  # rascunho, aguardando, devolvido, aprovado
_ITEM_TYPES = (ItemType.PLANEJADA, ItemType.CONTINUA, ItemType.NAO_PLANEJADA)
_ITEM_TYPE_WEIGHTS = (60, 25, 15)
_LEVELS = tuple(Level)
_PRIORITY_WEIGHTS = (30, 45, 25)
_RISK_WEIGHTS = (45, 40, 15)
_TASK_APPROVAL = {
    ApprovalState.APROVADO: ((ApprovalState.APROVADO, ApprovalState.AGUARDANDO), (90, 10)),
    ApprovalState.AGUARDANDO: ((ApprovalState.AGUARDANDO, ApprovalState.APROVADO), (70, 30)),
    ApprovalState.DEVOLVIDO: ((ApprovalState.DEVOLVIDO, ApprovalState.RASCUNHO), (60, 40)),
    ApprovalState.RASCUNHO: ((ApprovalState.RASCUNHO, ApprovalState.AGUARDANDO), (85, 15)),
}
_SLOT = re.compile(r"\{(\w+)\}")
_YEAR_START = dt.date(PLAN_YEAR, 1, 1)
_YEAR_END = dt.date(PLAN_YEAR, 12, 31)


@dataclass
class _Budget:
    """Budget classification and planned amounts of one initiative, in centavos."""

    uo: str
    budget_key: str
    natureza: str
    fonte: str
    planned: int
    months: list[int]
    empenhado: int
    liquidado: int
    pago: int


class PlanBuilder:
    """Builds the plan_item rows of one annual plan, initiative by initiative."""

    def __init__(
        self,
        rng: random.Random,
        units: list[SampleUnit],
        strategy: Strategy,
        staff_names: dict[str, list[str]],
    ) -> None:
        self.rng = rng
        self.units = [unit for unit in units if unit.item_share > 0]
        self.unit_codes = [unit.code for unit in units]
        self.org_code = {
            unit.code: f"{position:04d}" for position, unit in enumerate(units, start=1)
        }
        self.strategy = strategy
        self.staff_names = staff_names
        self.sequence: dict[str, int] = {}
        self.rows: list[dict[str, Any]] = []
        self.budgets: list[tuple[SampleUnit, _Budget]] = []
        self._cum_weights: list[float] = []
        total = 0.0
        for unit in self.units:
            total += unit.item_share
            self._cum_weights.append(total)

    def build(self, item_count: int, showcase_unit: SampleUnit) -> list[dict[str, Any]]:
        """Add initiatives until there are at least ``item_count`` rows.

        The first twenty initiatives go to ``showcase_unit`` and take each pair
        of execution status and approval state once, so every code appears even
        for a small ``item_count``.
        """
        for status in _STATUSES:
            for approval in _APPROVALS:
                self.add_initiative(showcase_unit, status, approval)
        while len(self.rows) < item_count:
            unit = self.rng.choices(self.units, cum_weights=self._cum_weights)[0]
            approval = self.rng.choices(_APPROVALS, _APPROVAL_WEIGHTS)[0]
            status = self.rng.choices(_STATUSES, _STATUS_WEIGHTS)[0]
            # Work rarely starts before its plan is approved.
            if approval is not ApprovalState.APROVADO and self.rng.random() < 0.7:
                status = ExecutionStatus.NAO_INICIADO
            self.add_initiative(unit, status, approval)
        return self.rows

    def add_initiative(
        self, unit: SampleUnit, status: ExecutionStatus, approval: ApprovalState
    ) -> None:
        """Add one initiative of ``unit``, its budget and its tasks to the rows."""
        rng = self.rng
        area_name = unit.area or rng.choice(GENERALIST_AREAS)
        area = FINALISTIC_AREAS.get(area_name) or ADMIN_AREAS[area_name]
        template = rng.choice(area.templates)
        item_type = rng.choices(_ITEM_TYPES, _ITEM_TYPE_WEIGHTS)[0]
        objective = rng.choice(area.objectives)
        start, end = self._dates(status)

        self.sequence[unit.code] = self.sequence.get(unit.code, 0) + 1
        code = f"{PLAN_YEAR}.{unit.code}.{self.sequence[unit.code]:04d}"
        initiative_id = random_id(rng)

        action_id = None
        indicator_id = None
        if item_type is ItemType.PLANEJADA or (
            item_type is ItemType.CONTINUA and rng.random() < 0.4
        ):
            action_id = rng.choice(self.strategy.actions_by_objective[objective])
        if item_type is ItemType.PLANEJADA and rng.random() < 0.3:
            indicator_id = rng.choice(self.strategy.indicators_by_objective[objective])

        target_quantity = rng.randint(template.min_quantity, template.max_quantity)
        budget = self._budget(unit, area, template, status, start, end)
        tasks = self._tasks(
            initiative_id, code, unit, area, status, approval, start, end, item_type
        )
        notes = rng.choice(NOTES) if rng.random() < 0.1 else None
        if approval is ApprovalState.RASCUNHO and rng.random() < 0.04:
            # Deliberate validation warning: task weights that do not sum to 100.
            tasks[-1]["weight"] += Decimal(rng.choice((5, 10)))
            notes = WEIGHTS_WARNING_NOTE

        row = make_row(
            "plan_item",
            id=initiative_id,
            plan_id=self.strategy.plan_id,
            parent_id=None,
            kind=ItemKind.INICIATIVA.value,
            code=code,
            title=self._title(area, template),
            description=self._description(unit, template, target_quantity),
            item_type=item_type.value,
            unit_id=unit.id,
            strategic_action_id=action_id,
            responsible=rng.choice(self.staff_names[unit.code]),
            partner_units=self._partners(unit),
            start_date=start,
            end_date=end,
            multi_year=False,
            status=status.value,
            progress=_rolled_up_progress(tasks),
            weight=Decimal(rng.choice((5, 10, 10, 15, 20, 25))),
            priority=rng.choices(_LEVELS, _PRIORITY_WEIGHTS)[0].value,
            risk=rng.choices(_LEVELS, _RISK_WEIGHTS)[0].value,
            deliverable=template.deliverable,
            target_quantity=Decimal(target_quantity),
            target_unit=template.target_unit,
            indicator_id=indicator_id,
            sei_process=self._sei(unit, start, has_budget=budget is not None),
            notes=notes,
            approval_state=approval.value,
        )
        if budget is not None:
            self.budgets.append((unit, budget))
            _apply_budget(row, budget)

        self.rows.append(row)
        self.rows.extend(tasks)

    def _title(self, area: Area, template: Template) -> str:
        match = _SLOT.search(template.title)
        if match is None:
            return template.title
        slot = match.group(1)
        return template.title.format(**{slot: self.rng.choice(area.slots[slot])})

    def _description(
        self, unit: SampleUnit, template: Template, target_quantity: int
    ) -> str | None:
        if self.rng.random() < 0.4:
            return None
        place = f"na comarca de {unit.comarca}" if unit.comarca else f"pela unidade {unit.name}"
        return (
            f"Atuação {place}. Entrega: {template.deliverable.lower()} "
            f"(meta física {target_quantity}, unidade de medida: {template.target_unit})."
        )

    def _dates(self, status: ExecutionStatus) -> tuple[dt.date, dt.date]:
        rng = self.rng
        if status is ExecutionStatus.CONCLUIDO:
            # Finished work ended by mid-year, when the demo's measurements stop.
            start = _YEAR_START + dt.timedelta(days=rng.randint(0, 120))
            end = start + dt.timedelta(days=rng.randint(30, 180 - (start - _YEAR_START).days))
            return start, end
        start = _YEAR_START + dt.timedelta(days=rng.randint(0, 240))
        end = min(start + dt.timedelta(days=rng.randint(45, 330)), _YEAR_END)
        return start, end

    def _partners(self, unit: SampleUnit) -> str | None:
        if self.rng.random() >= 0.15:
            return None
        others = [code for code in self.rng.sample(self.unit_codes, 3) if code != unit.code]
        return ", ".join(others[: self.rng.randint(1, 2)])

    def _sei(self, unit: SampleUnit, start: dt.date, has_budget: bool) -> str | None:
        if self.rng.random() >= (0.7 if has_budget else 0.2):
            return None
        year = "2025" if start.month <= 2 and self.rng.random() < 0.5 else str(PLAN_YEAR)
        sequence = f"{self.rng.randint(1, 9_999_999):07d}"
        return format_cnmp(_SEI_PREFIX + self.org_code[unit.code], sequence, year)

    def _budget(
        self,
        unit: SampleUnit,
        area: Area,
        template: Template,
        status: ExecutionStatus,
        start: dt.date,
        end: dt.date,
    ) -> _Budget | None:
        rng = self.rng
        is_works = template.target_unit == "% executado"
        if not is_works and rng.random() < 0.2:
            return None  # work with no cost of its own

        natureza = "4.4.90.51" if is_works else rng.choice(area.naturezas)
        if unit.budget in ("promotorias", "caos") and rng.random() < 0.1:
            uo, budget_key, fonte = FUND_UO, "fundo", "759"
        else:
            uo, budget_key, fonte = PGJ_UO, unit.budget, rng.choices(("500", "501"), (75, 25))[0]

        planned = _amount_centavos(rng, natureza[-2:])
        months = _schedule(
            rng, planned, start.month, end.month, lumpy=natureza[-2:] in ("51", "52")
        )
        empenhado, liquidado, pago = _execution(rng, planned, status)
        return _Budget(uo, budget_key, natureza, fonte, planned, months, empenhado, liquidado, pago)

    def _tasks(
        self,
        parent_id: UUID,
        parent_code: str,
        unit: SampleUnit,
        area: Area,
        status: ExecutionStatus,
        approval: ApprovalState,
        start: dt.date,
        end: dt.date,
        item_type: ItemType,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        pattern = TASK_PATTERNS[area.task_pattern]
        count = rng.randint(2, min(6, len(pattern)))
        steps = sorted(rng.sample(range(len(pattern)), count))
        weights = _split_weights(rng, count)
        statuses = _task_statuses(rng, status, count)
        approvals, approval_weights = _TASK_APPROVAL[approval]
        span = (end - start).days + 1

        tasks = []
        for index, (step, weight, (task_status, progress)) in enumerate(
            zip(steps, weights, statuses)
        ):
            task_start = start + dt.timedelta(days=span * index // count)
            task_end = start + dt.timedelta(days=span * (index + 1) // count - 1)
            tasks.append(
                make_row(
                    "plan_item",
                    id=random_id(rng),
                    plan_id=self.strategy.plan_id,
                    parent_id=parent_id,
                    kind=ItemKind.TAREFA.value,
                    code=f"{parent_code}.{index + 1:02d}",
                    title=pattern[step],
                    item_type=item_type.value,
                    unit_id=unit.id,
                    responsible=rng.choice(self.staff_names[unit.code]),
                    start_date=task_start,
                    end_date=task_end,
                    multi_year=False,
                    status=task_status.value,
                    progress=Decimal(progress),
                    weight=Decimal(weight),
                    priority=rng.choices(_LEVELS, _PRIORITY_WEIGHTS)[0].value,
                    approval_state=rng.choices(approvals, approval_weights)[0].value,
                )
            )
        return tasks


def build_budget_lines(
    rng: random.Random, budgets: list[tuple[SampleUnit, _Budget]], pgj: SampleUnit
) -> list[dict[str, Any]]:
    """Return one budget_line per unit, UO, programa, ação, natureza and fonte of the initiatives.

    The dotação covers the planned total of the line's initiatives and the
    execution figures are their sums, so pago ≤ liquidado ≤ empenhado ≤ dotação
    atualizada holds on every line.
    """
    totals: dict[tuple[UUID, str, str, str, str], list[int]] = {}
    for unit, budget in budgets:
        key = (unit.id, budget.uo, budget.budget_key, budget.natureza, budget.fonte)
        sums = totals.setdefault(key, [0, 0, 0, 0])
        sums[0] += budget.planned
        sums[1] += budget.empenhado
        sums[2] += budget.liquidado
        sums[3] += budget.pago

    rows = []
    for (unit_id, uo, budget_key, natureza, fonte), (
        planned,
        empenhado,
        liquidado,
        pago,
    ) in totals.items():
        programa, _, acao, _, funcao, subfuncao = BUDGET_ACTIONS[budget_key]
        # Whole thousands of reais, 0 to 20 % above what the initiatives plan.
        inicial = math.ceil(planned * (1 + rng.random() * 0.2) / 100_000) * 100_000
        change = rng.choice((0, 0, rng.randint(0, inicial // 7), -rng.randint(0, inicial // 10)))
        atualizada = max(inicial + change, planned)
        rows.append(
            make_row(
                "budget_line",
                id=random_id(rng),
                year=PLAN_YEAR,
                unit_id=unit_id,
                esfera="10",
                uo=uo,
                ug=_UG_BY_UO[uo],
                funcao=funcao,
                subfuncao=subfuncao,
                programa=programa,
                acao=acao,
                localizador=_LOCALIZADOR,
                natureza_despesa=natureza,
                fonte=fonte,
                dotacao_inicial=centavos_to_money(inicial),
                dotacao_atualizada=centavos_to_money(atualizada),
                empenhado=centavos_to_money(empenhado),
                liquidado=centavos_to_money(liquidado),
                pago=centavos_to_money(pago),
            )
        )

    # Reserva de contingência: categoria 9, programa and ação 9999 by convention, never executed.
    reserve = centavos_to_money(2_500_000_00)
    zero = centavos_to_money(0)
    rows.append(
        make_row(
            "budget_line",
            id=random_id(rng),
            year=PLAN_YEAR,
            unit_id=pgj.id,
            esfera="10",
            uo=PGJ_UO,
            ug=_UG_BY_UO[PGJ_UO],
            funcao="99",
            subfuncao="999",
            programa="9999",
            acao="9999",
            localizador=_LOCALIZADOR,
            natureza_despesa="9.9.99.99",
            fonte="500",
            dotacao_inicial=reserve,
            dotacao_atualizada=reserve,
            empenhado=zero,
            liquidado=zero,
            pago=zero,
        )
    )
    return rows


def staff_pools(
    rng: random.Random, units: list[SampleUnit], demo_staff: dict[UUID, list[str]]
) -> dict[str, list[str]]:
    """Return the people responsible for items in each unit; demo users work in their home units."""
    pools = {}
    for unit in units:
        names = list(demo_staff.get(unit.id, []))
        size = len(names) + rng.randint(3, 6)
        while len(names) < size:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            if name not in names:
                names.append(name)
        pools[unit.code] = names
    return pools


def update_action_progress(strategy: Strategy, items: list[dict[str, Any]]) -> None:
    """Set each strategic action's progress from its planned initiatives, weighted by their weights."""
    sums: dict[UUID, list[Decimal]] = {}
    for item in items:
        if item["kind"] != ItemKind.INICIATIVA or item["item_type"] != ItemType.PLANEJADA:
            continue
        action_id = item["strategic_action_id"]
        if action_id is None:
            continue
        weighted = sums.setdefault(action_id, [Decimal(0), Decimal(0)])
        weighted[0] += item["progress"] * item["weight"]
        weighted[1] += item["weight"]

    for action in strategy.rows["strategic_action"]:
        weighted_sum, weight_sum = sums.get(action["id"], (Decimal(0), Decimal(0)))
        if weight_sum:
            action["progress"] = (weighted_sum / weight_sum).quantize(Decimal("0.01"))


def _apply_budget(row: dict[str, Any], budget: _Budget) -> None:
    programa, _, acao, _, _, _ = BUDGET_ACTIONS[budget.budget_key]
    row.update(
        uo=budget.uo,
        programa=programa,
        acao=acao,
        natureza_despesa=budget.natureza,
        fonte=budget.fonte,
        planned_total=centavos_to_money(budget.planned),
        empenhado=centavos_to_money(budget.empenhado),
        liquidado=centavos_to_money(budget.liquidado),
        pago=centavos_to_money(budget.pago),
    )
    for month, cents in enumerate(budget.months, start=1):
        row[f"month_{month:02d}"] = centavos_to_money(cents)


def _amount_centavos(rng: random.Random, elemento: str) -> int:
    """Draw a planned amount for ``elemento``, uniform on a log scale within its range."""
    low, high = AMOUNT_RANGES[elemento]
    reais = math.exp(rng.uniform(math.log(low), math.log(high)))
    if rng.random() < 0.5:
        return round(reais / 100) * 100 * 100  # a round estimate, in hundreds of reais
    return int(reais) * 100 + rng.randint(0, 99)


def _schedule(
    rng: random.Random, total: int, first_month: int, last_month: int, lumpy: bool
) -> list[int]:
    """Split ``total`` centavos over the months of the item, so the twelve values sum to it exactly.

    Purchases of equipment and works pay in one to three instalments; other
    expenses spread evenly.
    """
    months = [0] * 12
    active = list(range(first_month - 1, last_month))
    if lumpy:
        active = sorted(rng.sample(active, min(len(active), rng.randint(1, 3))))
    share, remainder = divmod(total, len(active))
    for month in active:
        months[month] = share
    months[active[-1]] += remainder
    return months


def _execution(rng: random.Random, planned: int, status: ExecutionStatus) -> tuple[int, int, int]:
    """Return empenhado, liquidado and pago in centavos, each at most the one before."""
    share_by_status = {
        ExecutionStatus.NAO_INICIADO: (0.0, 0.0),
        ExecutionStatus.EM_ANDAMENTO: (0.2, 0.9),
        ExecutionStatus.CONCLUIDO: (0.85, 1.0),
        ExecutionStatus.SUSPENSO: (0.0, 0.5),
        ExecutionStatus.DESCONTINUADA: (0.0, 0.3),
    }
    low, high = share_by_status[status]
    empenhado = int(planned * rng.uniform(low, high))
    if status is ExecutionStatus.CONCLUIDO:
        liquidado = empenhado
        pago = int(liquidado * rng.uniform(0.9, 1.0))
    else:
        liquidado = int(empenhado * rng.uniform(0.4, 1.0))
        pago = int(liquidado * rng.uniform(0.7, 1.0))
    return empenhado, liquidado, pago


def _split_weights(rng: random.Random, count: int) -> list[int]:
    """Split 100 into ``count`` positive multiples of 5."""
    cuts = sorted(rng.sample(range(1, 20), count - 1))
    bounds = [0, *cuts, 20]
    return [(bounds[i + 1] - bounds[i]) * 5 for i in range(count)]


def _task_statuses(
    rng: random.Random, status: ExecutionStatus, count: int
) -> list[tuple[ExecutionStatus, int]]:
    """Return (status, progress) of each task, in order, consistent with the initiative's status."""
    if status is ExecutionStatus.NAO_INICIADO:
        return [(ExecutionStatus.NAO_INICIADO, 0)] * count
    if status is ExecutionStatus.CONCLUIDO:
        return [(ExecutionStatus.CONCLUIDO, 100)] * count

    done = rng.randint(0, count - 1)  # tasks before this one are finished
    current_progress = rng.randint(1, 18) * 5
    later = {
        ExecutionStatus.EM_ANDAMENTO: (ExecutionStatus.EM_ANDAMENTO, ExecutionStatus.NAO_INICIADO),
        ExecutionStatus.SUSPENSO: (ExecutionStatus.SUSPENSO, ExecutionStatus.NAO_INICIADO),
        ExecutionStatus.DESCONTINUADA: (
            ExecutionStatus.DESCONTINUADA,
            ExecutionStatus.DESCONTINUADA,
        ),
    }
    current, rest = later[status]
    result = [(ExecutionStatus.CONCLUIDO, 100)] * done
    result.append((current, current_progress))
    result.extend([(rest, 0)] * (count - done - 1))
    return result


def _rolled_up_progress(tasks: list[dict[str, Any]]) -> Decimal:
    """Return Σ(task progress × weight) / Σ weights, with two decimals."""
    weighted = sum((task["progress"] * task["weight"] for task in tasks), Decimal(0))
    weights = sum((task["weight"] for task in tasks), Decimal(0))
    return (weighted / weights).quantize(Decimal("0.01"))
