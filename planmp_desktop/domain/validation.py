"""Checks of a plan item row as users expect them, each reported as an Issue in pt-BR.

Rows are dicts of Python values keyed by the plan_item field names: Decimal
for money, percentages and quantities, ``date`` for dates, ``str`` for text.
Callers treat an error as blocking the save and a warning as advice only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from planmp_desktop.domain.codes import STATUS_LABELS, ExecutionStatus, ItemType, Level
from planmp_desktop.domain.dates import format_date
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import N_, _
from planmp_desktop.domain.money import CENT, format_decimal, format_money
from planmp_desktop.domain.natureza import parse_natureza
from planmp_desktop.domain.sei import validate_sei

MONTH_FIELDS = tuple(f"month_{month:02d}" for month in range(1, 13))
PLANNED_MONEY_FIELDS = ("planned_total", *MONTH_FIELDS)
HUNDRED = Decimal(100)

_FIELD_NAMES = {
    "code": N_("Código"),
    "title": N_("Título"),
    "start_date": N_("Início"),
    "end_date": N_("Término"),
    "progress": N_("Progresso"),
    "weight": N_("Peso"),
    "status": N_("Situação"),
    "item_type": N_("Tipo"),
    "priority": N_("Prioridade"),
    "risk": N_("Risco"),
    "target_quantity": N_("Meta física"),
    "planned_total": N_("Valor planejado"),
    "month_01": N_("Janeiro"),
    "month_02": N_("Fevereiro"),
    "month_03": N_("Março"),
    "month_04": N_("Abril"),
    "month_05": N_("Maio"),
    "month_06": N_("Junho"),
    "month_07": N_("Julho"),
    "month_08": N_("Agosto"),
    "month_09": N_("Setembro"),
    "month_10": N_("Outubro"),
    "month_11": N_("Novembro"),
    "month_12": N_("Dezembro"),
    "dotacao_inicial": N_("Dotação inicial"),
    "dotacao_atualizada": N_("Dotação atualizada"),
    "empenhado": N_("Empenhado"),
    "liquidado": N_("Liquidado"),
    "pago": N_("Pago"),
}

_CODE_FIELDS: dict[str, tuple[str, ...]] = {
    "status": tuple(ExecutionStatus),
    "item_type": tuple(ItemType),
    "priority": tuple(Level),
    "risk": tuple(Level),
}


@dataclass(frozen=True)
class Issue:
    """A problem found in one field; ``message`` is pt-BR and names the value.

    ``rule`` names a rule that spans several fields (see ROW_RULES); it is
    None for a check of one field's own value.
    """

    field: str
    severity: Literal["error", "warning"]
    message: str
    rule: str | None = None


RULE_SCHEDULE_TOTAL = "schedule_total"
RULE_DATE_ORDER = "date_order"
RULE_STATUS_PROGRESS = "status_progress"  # Concluído implies 100 % progress
ROW_RULES = frozenset({RULE_SCHEDULE_TOTAL, RULE_DATE_ORDER, RULE_STATUS_PROGRESS})
"""Rules over several fields. Users fix them one cell at a time, so a row may
break one while being edited; approval requires every rule to hold."""


def validate_plan_item(row: Mapping[str, Any], plan_year: int, *, sei_format: str = "cnmp") -> list[Issue]:
    """Check one plan item row and return its issues, errors and warnings, in field order.

    Absent keys and None values are not checked, except the required title
    and code. ``sei_format`` is the installation's SEI format (see
    ``sei.validate_sei``).
    """
    issues: list[Issue] = []
    issues += _check_required(row)
    issues += _check_dates(row, plan_year)
    issues += _check_codes(row)
    issues += _check_percentages(row)
    issues += _check_planned_money(row)
    issues += _check_target_quantity(row)
    issues += _check_natureza(row)
    issues += _check_sei(row, sei_format)
    return issues


def validate_weights(weights: Iterable[Decimal | None]) -> Issue | None:
    """Warn when the weights of an initiative's tasks do not sum to 100 %.

    Blank weights are skipped and no weights at all give None: a draft
    initiative without tasks has nothing to sum yet.
    """
    given_weights = [weight for weight in weights if weight is not None]
    if not given_weights:
        return None
    total = sum(given_weights, Decimal(0))
    if total == HUNDRED:
        return None
    return Issue(
        "weight",
        "warning",
        _("Pesos das tarefas somam {total}%, não 100%: ajuste os pesos.").format(total=format_decimal(total)),
    )


def validate_execution_order(
    dotacao: Decimal | None, empenhado: Decimal | None, liquidado: Decimal | None, pago: Decimal | None
) -> list[Issue]:
    """Warn where imported execution breaks pago ≤ liquidado ≤ empenhado ≤ dotação, or is negative.

    Financial systems export estornos as negative values and aggregated
    reports need not keep the order line by line, so these are warnings
    only. ``dotacao`` is the dotação atualizada. None values are skipped.
    """
    values = {"dotacao_atualizada": dotacao, "empenhado": empenhado, "liquidado": liquidado, "pago": pago}
    issues: list[Issue] = []

    for name, value in values.items():
        if value is not None and value < 0:
            issues.append(
                Issue(
                    name,
                    "warning",
                    _("Valor negativo em {field} ({value}): confira se é estorno ou cancelamento.").format(
                        field=_field_name(name), value=format_money(value, symbol=True)
                    ),
                )
            )

    for lower_name, upper_name in (
        ("pago", "liquidado"),
        ("liquidado", "empenhado"),
        ("empenhado", "dotacao_atualizada"),
    ):
        lower, upper = values[lower_name], values[upper_name]
        if lower is not None and upper is not None and lower > upper:
            issues.append(
                Issue(
                    lower_name,
                    "warning",
                    _(
                        "{lower} ({lower_value}) maior que {upper} ({upper_value}): confira os dados importados."
                    ).format(
                        lower=_field_name(lower_name),
                        lower_value=format_money(lower, symbol=True),
                        upper=_field_name(upper_name).lower(),
                        upper_value=format_money(upper, symbol=True),
                    ),
                )
            )
    return issues


def validate_budget_line(row: Mapping[str, Any]) -> list[Issue]:
    """Check one budget line row (budget_line field names, Decimal money) and return its issues.

    Negative amounts and a broken execution order are warnings, as
    ``validate_execution_order`` gives them for imports, so the sheet marks
    such rows without refusing them. A malformed natureza de despesa is an
    error. None values are skipped.
    """
    issues: list[Issue] = []
    inicial = _as_decimal(row.get("dotacao_inicial"))
    if inicial is not None and inicial < 0:
        issues.append(
            Issue(
                "dotacao_inicial",
                "warning",
                _("Valor negativo em {field} ({value}): confira se é estorno ou cancelamento.").format(
                    field=_field_name("dotacao_inicial"), value=format_money(inicial, symbol=True)
                ),
            )
        )
    issues += validate_execution_order(
        _as_decimal(row.get("dotacao_atualizada")),
        _as_decimal(row.get("empenhado")),
        _as_decimal(row.get("liquidado")),
        _as_decimal(row.get("pago")),
    )
    issues += _check_natureza(row)
    return issues


def _check_required(row: Mapping[str, Any]) -> list[Issue]:
    issues = []
    for name, message in (
        ("title", N_("Informe o título do item.")),
        ("code", N_("Informe o código do item.")),
    ):
        value = row.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            issues.append(Issue(name, "error", _(message)))
    return issues


def _check_dates(row: Mapping[str, Any], plan_year: int) -> list[Issue]:
    issues = []
    valid: dict[str, date] = {}
    for name in ("start_date", "end_date"):
        value = row.get(name)
        if value is None:
            continue
        if not isinstance(value, date):
            issues.append(_invalid_value(name, value, _("informe uma data no formato dd/mm/aaaa")))
            continue
        valid[name] = value

    start, end = valid.get("start_date"), valid.get("end_date")
    if start is not None and end is not None and start > end:
        issues.append(
            Issue(
                "end_date",
                "error",
                _("Término em {end} antes do início em {start}: corrija as datas.").format(
                    end=format_date(end), start=format_date(start)
                ),
                RULE_DATE_ORDER,
            )
        )

    if not row.get("multi_year"):
        for name, value in valid.items():
            if value.year != plan_year:
                issues.append(
                    Issue(
                        name,
                        "error",
                        _(
                            "{field} em {value} fora do ano do plano, {year}: ajuste a data ou marque o item como plurianual."
                        ).format(field=_field_name(name), value=format_date(value), year=plan_year),
                    )
                )
    return issues


def _check_codes(row: Mapping[str, Any]) -> list[Issue]:
    issues = []
    for name, codes in _CODE_FIELDS.items():
        value = row.get(name)
        if value is not None and value not in codes:
            issues.append(_invalid_value(name, value, _("escolha um valor da lista")))
    return issues


def _check_percentages(row: Mapping[str, Any]) -> list[Issue]:
    issues = []
    progress: Decimal | None = None
    for name in ("progress", "weight"):
        value = row.get(name)
        if value is None:
            continue
        number = _as_decimal(value)
        if number is None:
            issues.append(_invalid_value(name, value, _("informe um número de 0 a 100")))
            continue
        if not 0 <= number <= HUNDRED:
            issues.append(
                Issue(
                    name,
                    "error",
                    _("{field} {value}% fora do intervalo de 0 a 100%.").format(
                        field=_field_name(name), value=format_decimal(number)
                    ),
                )
            )
        if name == "progress":
            progress = number

    if (
        row.get("status") == ExecutionStatus.CONCLUIDO
        and progress != HUNDRED
        and "progress" not in {i.field for i in issues}
    ):
        progress_text = format_decimal(progress) if progress is not None else "0"
        issues.append(
            Issue(
                "progress",
                "error",
                _(
                    "Situação {status} exige progresso de 100%, mas o item está com {value}%: ajuste o progresso ou a situação."
                ).format(status=STATUS_LABELS[ExecutionStatus.CONCLUIDO], value=progress_text),
                rule=RULE_STATUS_PROGRESS,
            )
        )
    return issues


def _check_planned_money(row: Mapping[str, Any]) -> list[Issue]:
    issues = []
    amounts: dict[str, Decimal] = {}
    for name in PLANNED_MONEY_FIELDS:
        value = row.get(name)
        if value is None:
            continue
        amount = _as_decimal(value)
        if amount is None:
            issues.append(_invalid_value(name, value, _("informe um valor no formato 1.234,56")))
            continue
        if amount < 0:
            issues.append(
                Issue(
                    name,
                    "error",
                    _("Valor negativo em {field} ({value}): informe um valor maior ou igual a zero.").format(
                        field=_field_name(name), value=format_money(amount)
                    ),
                )
            )
        if amount != amount.quantize(CENT):
            issues.append(
                Issue(
                    name,
                    "error",
                    _(
                        "Valor {value} em {field} tem mais de duas casas decimais: use centavos, como 1.234,56."
                    ).format(field=_field_name(name), value=format_decimal(amount)),
                )
            )
        amounts[name] = amount

    months = [amounts[name] for name in MONTH_FIELDS if name in amounts]
    if months:
        issues += _check_schedule_total(
            sum(months, Decimal(0)), amounts.get("planned_total"), row.get("planned_total")
        )
    return issues


def _check_schedule_total(
    schedule_total: Decimal, planned_total: Decimal | None, raw_planned: Any
) -> list[Issue]:
    if planned_total is None:
        if raw_planned is not None:
            return []  # the planned total itself is invalid and already reported
        message = _(
            "Cronograma de desembolso soma {schedule}, mas o valor planejado está vazio: informe o valor planejado."
        ).format(schedule=format_money(schedule_total, symbol=True))
        return [Issue("planned_total", "error", message, RULE_SCHEDULE_TOTAL)]

    if schedule_total == planned_total:
        return []
    message = _(
        "Cronograma de desembolso soma {schedule}, mas o valor planejado é {planned}: ajuste os meses ou o total."
    ).format(
        schedule=format_money(schedule_total, symbol=True), planned=format_money(planned_total, symbol=True)
    )
    return [Issue("planned_total", "error", message, RULE_SCHEDULE_TOTAL)]


def _check_target_quantity(row: Mapping[str, Any]) -> list[Issue]:
    value = row.get("target_quantity")
    if value is None:
        return []
    quantity = _as_decimal(value)
    if quantity is None:
        return [_invalid_value("target_quantity", value, _("informe um número"))]
    if quantity < 0:
        return [
            Issue(
                "target_quantity",
                "error",
                _("Meta física negativa ({value}): informe uma quantidade maior ou igual a zero.").format(
                    value=format_decimal(quantity)
                ),
            )
        ]
    return []


def _check_natureza(row: Mapping[str, Any]) -> list[Issue]:
    value = row.get("natureza_despesa")
    if value is None or (isinstance(value, str) and not value.strip()):
        return []
    try:
        parse_natureza(str(value))
    except DomainValueError as error:
        return [Issue("natureza_despesa", "error", error.message)]
    return []


def _check_sei(row: Mapping[str, Any], sei_format: str) -> list[Issue]:
    value = row.get("sei_process")
    if value is None:
        return []
    check = validate_sei(str(value), sei_format)
    if check.message is None or check.severity is None:
        return []
    return [Issue("sei_process", check.severity, check.message)]


def _as_decimal(value: Any) -> Decimal | None:
    """Return ``value`` as a finite Decimal, or None for other types (float included)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal) and value.is_finite():
        return value
    return None


def _invalid_value(name: str, value: Any, next_step: str) -> Issue:
    return Issue(
        name,
        "error",
        _("Valor '{value}' inválido em {field}: {next_step}.").format(
            field=_field_name(name), value=value, next_step=next_step
        ),
    )


def _field_name(name: str) -> str:
    label = _FIELD_NAMES.get(name)
    return _(label) if label is not None else name
