"""Checks of a budget line row: negative amounts, the execution order and the natureza de despesa."""

from __future__ import annotations

from decimal import Decimal

from planmp_desktop.domain.validation import validate_budget_line

IN_ORDER = {
    "dotacao_inicial": Decimal("1000.00"),
    "dotacao_atualizada": Decimal("1200.00"),
    "empenhado": Decimal("900.00"),
    "liquidado": Decimal("700.00"),
    "pago": Decimal("500.00"),
    "natureza_despesa": "3.3.90.39",
}


def test_budget_line_in_order_has_no_issues() -> None:
    assert validate_budget_line(IN_ORDER) == []


def test_budget_line_negative_amounts_warned() -> None:
    row = {**IN_ORDER, "dotacao_inicial": Decimal("-10.00"), "pago": Decimal("-68.68")}

    issues = validate_budget_line(row)

    assert [(issue.field, issue.severity) for issue in issues] == [("dotacao_inicial", "warning"), ("pago", "warning")]
    assert issues[0].message == "Valor negativo em Dotação inicial (-R$ 10,00): confira se é estorno ou cancelamento."
    assert issues[1].message == "Valor negativo em Pago (-R$ 68,68): confira se é estorno ou cancelamento."


def test_budget_line_execution_order_warned() -> None:
    row = {**IN_ORDER, "empenhado": Decimal("1500.00"), "pago": Decimal("800.00")}

    issues = validate_budget_line(row)

    assert [(issue.field, issue.severity) for issue in issues] == [("pago", "warning"), ("empenhado", "warning")]
    assert issues[0].message == "Pago (R$ 800,00) maior que liquidado (R$ 700,00): confira os dados importados."
    assert issues[1].message == (
        "Empenhado (R$ 1.500,00) maior que dotação atualizada (R$ 1.200,00): confira os dados importados."
    )


def test_budget_line_bad_natureza_is_error() -> None:
    issues = validate_budget_line({**IN_ORDER, "natureza_despesa": "3.3.9.39"})

    assert [(issue.field, issue.severity) for issue in issues] == [("natureza_despesa", "error")]


def test_budget_line_empty_values_skipped() -> None:
    assert validate_budget_line({"dotacao_atualizada": None, "empenhado": Decimal("5.00"), "natureza_despesa": ""}) == []
