"""Plan item validation, task weights and execution order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from planmp_desktop.domain.validation import (
    Issue,
    validate_execution_order,
    validate_plan_item,
    validate_weights,
)


def make_row(**changes: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "code": "PAA-2026-001",
        "title": "Implantar o processo eletrônico nas promotorias",
        "item_type": "planejada",
        "start_date": date(2026, 2, 1),
        "end_date": date(2026, 11, 30),
        "multi_year": False,
        "status": "em_andamento",
        "progress": Decimal("40"),
        "weight": Decimal("25"),
        "priority": "alto",
        "risk": "medio",
        "target_quantity": Decimal("12"),
        "natureza_despesa": "3.3.90.40",
        "sei_process": "19.11.0058.0034120/2024-47",
        "planned_total": Decimal("1200.00"),
        "month_03": Decimal("600.00"),
        "month_09": Decimal("600.00"),
    }
    row.update(changes)
    return row


def issues_of(row: dict[str, Any], plan_year: int = 2026, **options: Any) -> list[Issue]:
    return validate_plan_item(row, plan_year, **options)


def test_valid_row_has_no_issues() -> None:
    assert issues_of(make_row()) == []


def test_row_with_only_required_fields() -> None:
    assert issues_of({"code": "X", "title": "Y"}) == []


@pytest.mark.parametrize(
    ("changes", "field", "severity", "message_part"),
    [
        ({"title": None}, "title", "error", "Informe o título do item."),
        ({"title": "  "}, "title", "error", "Informe o título do item."),
        ({"code": ""}, "code", "error", "Informe o código do item."),
        ({"start_date": date(2026, 12, 1)}, "end_date", "error", "Término em 30/11/2026 antes do início em 01/12/2026"),
        ({"start_date": date(2025, 12, 1)}, "start_date", "error", "Início em 01/12/2025 fora do ano do plano, 2026"),
        ({"end_date": date(2027, 1, 31)}, "end_date", "error", "Término em 31/01/2027 fora do ano do plano, 2026"),
        ({"start_date": "01/02/2026"}, "start_date", "error", "Valor '01/02/2026' inválido em Início"),
        ({"progress": Decimal("120")}, "progress", "error", "Progresso 120% fora do intervalo de 0 a 100%."),
        ({"progress": Decimal("-1")}, "progress", "error", "Progresso -1% fora do intervalo"),
        ({"weight": Decimal("100.5")}, "weight", "error", "Peso 100,5% fora do intervalo"),
        ({"progress": 40.0}, "progress", "error", "inválido em Progresso"),
        ({"status": "concluido", "progress": Decimal("80")}, "progress", "error", "Situação Concluído exige progresso de 100%, mas o item está com 80%"),
        ({"status": "concluido", "progress": None}, "progress", "error", "está com 0%"),
        ({"status": "parado"}, "status", "error", "Valor 'parado' inválido em Situação"),
        ({"item_type": "extra"}, "item_type", "error", "inválido em Tipo"),
        ({"priority": "urgente"}, "priority", "error", "inválido em Prioridade"),
        ({"planned_total": Decimal("-1200.00"), "month_03": None, "month_09": None}, "planned_total", "error", "Valor negativo em Valor planejado (-1.200,00)"),
        ({"month_03": Decimal("600.005"), "month_09": Decimal("599.995")}, "month_03", "error", "Valor 600,005 em Março tem mais de duas casas decimais"),
        ({"planned_total": Decimal("1000.00")}, "planned_total", "error", "Cronograma de desembolso soma R$ 1.200,00, mas o valor planejado é R$ 1.000,00"),
        ({"planned_total": None}, "planned_total", "error", "Cronograma de desembolso soma R$ 1.200,00, mas o valor planejado está vazio"),
        ({"planned_total": 1200.0}, "planned_total", "error", "inválido em Valor planejado"),
        ({"target_quantity": Decimal("-2")}, "target_quantity", "error", "Meta física negativa (-2)"),
        ({"natureza_despesa": "3.3.9.39"}, "natureza_despesa", "error", "Natureza de despesa '3.3.9.39' inválida: use o formato 3.3.90.39."),
        ({"natureza_despesa": "3.3.90.52"}, "natureza_despesa", "error", "só cabe no grupo 4"),
        ({"sei_process": "19.11.0058.0034120/2024-48"}, "sei_process", "error", "o esperado é 47"),
        ({"sei_process": "processo 42"}, "sei_process", "warning", "foi mantido como texto"),
    ],
)
def test_validation_issue(changes: dict[str, Any], field: str, severity: str, message_part: str) -> None:
    issues = issues_of(make_row(**changes))
    matching = [issue for issue in issues if issue.field == field]
    assert len(matching) == 1, issues
    assert matching[0].severity == severity
    assert message_part in matching[0].message


def test_multi_year_allows_dates_outside_year() -> None:
    row = make_row(multi_year=True, start_date=date(2025, 6, 1), end_date=date(2028, 12, 31))
    assert issues_of(row) == []


def test_multi_year_still_needs_start_before_end() -> None:
    row = make_row(multi_year=True, start_date=date(2028, 6, 1), end_date=date(2025, 12, 31))
    assert [issue.field for issue in issues_of(row)] == ["end_date"]


def test_concluded_with_full_progress_is_valid() -> None:
    assert issues_of(make_row(status="concluido", progress=Decimal("100.00"))) == []


def test_schedule_sum_exact_with_centavos() -> None:
    months = {f"month_{m:02d}": Decimal("5.72") for m in range(1, 13)}
    assert issues_of(make_row(**months, planned_total=Decimal("68.64"))) == []
    assert issues_of(make_row(month_03=Decimal("68.68"), month_09=None, planned_total=Decimal("68.68"))) == []


def test_no_schedule_means_no_sum_check() -> None:
    assert issues_of(make_row(month_03=None, month_09=None)) == []


def test_progress_range_error_reported_once() -> None:
    issues = issues_of(make_row(status="concluido", progress=Decimal("150")))
    assert len(issues) == 1
    assert "fora do intervalo" in issues[0].message


def test_sei_format_option() -> None:
    row = make_row(sei_process="23037.001462/2021-65")
    assert issues_of(row, sei_format="nup") == []
    assert [issue.severity for issue in issues_of(row)] == ["warning"]


def test_issues_collect_several_errors() -> None:
    row = make_row(title="", progress=Decimal("101"), natureza_despesa="9.3.99.99")
    assert {issue.field for issue in issues_of(row)} == {"title", "progress", "natureza_despesa"}


@pytest.mark.parametrize(
    ("weights", "expected_message"),
    [
        ([Decimal("50"), Decimal("50")], None),
        ([Decimal("33.33"), Decimal("33.33"), Decimal("33.34")], None),
        ([], None),
        ([None, None], None),
        ([Decimal("60"), Decimal("30"), None], "Pesos das tarefas somam 90%, não 100%: ajuste os pesos."),
        ([Decimal("62.5"), Decimal("50")], "Pesos das tarefas somam 112,5%, não 100%: ajuste os pesos."),
    ],
)
def test_validate_weights(weights: list[Decimal | None], expected_message: str | None) -> None:
    issue = validate_weights(weights)
    if expected_message is None:
        assert issue is None
    else:
        assert issue == Issue("weight", "warning", expected_message)


def test_execution_order_respected() -> None:
    assert validate_execution_order(Decimal("1000"), Decimal("800"), Decimal("500"), Decimal("500")) == []
    assert validate_execution_order(None, None, None, None) == []


def test_execution_order_broken_is_warning() -> None:
    issues = validate_execution_order(Decimal("1000"), Decimal("1200"), Decimal("1300"), Decimal("1400"))
    assert [issue.field for issue in issues] == ["pago", "liquidado", "empenhado"]
    assert all(issue.severity == "warning" for issue in issues)
    assert issues[0].message == "Pago (R$ 1.400,00) maior que liquidado (R$ 1.300,00): confira os dados importados."
    assert "maior que dotação atualizada (R$ 1.000,00)" in issues[2].message


def test_execution_order_skips_missing_values() -> None:
    issues = validate_execution_order(None, Decimal("100"), None, Decimal("200"))
    assert issues == []


def test_execution_negative_is_warning() -> None:
    issues = validate_execution_order(Decimal("1000"), Decimal("-50.25"), None, None)
    assert len(issues) == 1
    assert issues[0].severity == "warning"
    assert issues[0].message == "Valor negativo em Empenhado (-R$ 50,25): confira se é estorno ou cancelamento."
