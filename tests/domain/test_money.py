"""Money and pt-BR number text, and dates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from planmp_desktop.domain.dates import format_date, parse_date
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.money import (
    format_centavos,
    format_decimal,
    format_money,
    format_money_compact,
    from_centavos,
    parse_decimal,
    parse_money,
    to_centavos,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234,56", "1234.56"),
        ("R$ 1.234,56", "1234.56"),
        ("R$1.234,56", "1234.56"),
        ("R$\u00a01.234,56", "1234.56"),  # Excel pt-BR currency cell
        ("-1.234,56", "-1234.56"),
        ("-R$ 1.234,56", "-1234.56"),
        ("R$ -1.234,56", "-1234.56"),
        ("1234", "1234.00"),
        ("0,01", "0.01"),
        ("1234.56", "1234.56"),
        ("12.5", "12.50"),
        ("1.234", "1234.00"),  # pt-BR thousands, never 1.234
        ("1.234.567,89", "1234567.89"),
        ("1234567,89", "1234567.89"),
        ("  68,68 ", "68.68"),
        ("+5", "5.00"),
        ("-0,00", "0.00"),
        ("9.999.999.999.999.999,99", "9999999999999999.99"),
        ("(500,00)", "-500.00"),  # accounting format, as Excel's "Contábil" copies a negative
        ("(R$ 1.234,56)", "-1234.56"),
        ("R$ (1.234,56)", "-1234.56"),
        ("R$ -", "0.00"),  # the accounting format's zero
        ("R$\u00a0-", "0.00"),
    ],
)
def test_parse_money_accepts_brazilian_input(text: str, expected: str) -> None:
    parsed = parse_money(text)
    assert parsed == Decimal(expected)
    assert str(parsed) == expected


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("abc", "Valor 'abc' inválido: use o formato 1.234,56."),
        ("", "Valor vazio"),
        ("   ", "Valor vazio"),
        ("1,234", "mais de duas casas decimais"),
        ("1.234,567", "mais de duas casas decimais"),
        ("1234.567", "inválido"),
        ("0.125", "inválido"),
        ("1.23.456", "inválido"),
        ("12.34,56", "inválido"),
        ("1,234.56", "inválido"),
        ("1 234,56", "inválido"),
        ("--1", "inválido"),
        ("-R$ -1", "inválido"),
        ("-", "inválido"),
        ("R$ --", "inválido"),
        ("(-500,00)", "inválido"),
        ("-(500,00)", "inválido"),
        ("()", "inválido"),
        ("R$", "inválido"),
        ("62,5%", "inválido"),
        ("١٢٣", "inválido"),  # Arabic-Indic digits
        ("10.000.000.000.000.000,00", "grande demais"),
    ],
)
def test_parse_money_rejects_with_message(text: str, message_part: str) -> None:
    with pytest.raises(DomainValueError) as caught:
        parse_money(text)
    assert message_part in str(caught.value)
    assert caught.value.value == text


@pytest.mark.parametrize(
    ("value", "symbol", "expected"),
    [
        (Decimal("1234.56"), False, "1.234,56"),
        (Decimal("1234.56"), True, "R$ 1.234,56"),
        (Decimal("-1234.56"), False, "-1.234,56"),
        (Decimal("-1234.56"), True, "-R$ 1.234,56"),
        (Decimal("0"), False, "0,00"),
        (Decimal("-0.00"), False, "0,00"),
        (Decimal("0.5"), False, "0,50"),
        (Decimal("999"), False, "999,00"),
        (Decimal("1000"), False, "1.000,00"),
        (Decimal("1234567.891"), False, "1.234.567,89"),
        (Decimal("0.125"), False, "0,12"),  # half to even, as the wire codec
        (7, False, "7,00"),
    ],
)
def test_format_money(value: Decimal, symbol: bool, expected: str) -> None:
    assert format_money(value, symbol=symbol) == expected


@pytest.mark.parametrize("text", ["68.68", "99999999999.99", "0.01", "-1234.56", "9999999999999999.99"])
def test_money_round_trips_exactly(text: str) -> None:
    value = Decimal(text)
    assert parse_money(format_money(value)) == value
    assert parse_money(format_money(value, symbol=True)) == value
    assert from_centavos(to_centavos(value)) == value
    assert str(from_centavos(to_centavos(value))) == text


def test_centavos_conversion() -> None:
    assert to_centavos(Decimal("68.68")) == 6868
    assert to_centavos(Decimal("1")) == 100
    assert to_centavos(Decimal("-0.05")) == -5
    assert to_centavos(Decimal("99999999999.99")) == 9999999999999
    assert from_centavos(6868) == Decimal("68.68")
    assert str(from_centavos(0)) == "0.00"
    assert str(from_centavos(100)) == "1.00"


def test_to_centavos_rejects_fraction_of_centavo() -> None:
    with pytest.raises(DomainValueError) as caught:
        to_centavos(Decimal("1.005"))
    assert "1.005" in str(caught.value)


def test_money_rejects_float() -> None:
    with pytest.raises(TypeError):
        format_money(68.68)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        to_centavos(68.68)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        from_centavos(1.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("62,5", "62.5"),
        ("62,5%", "62.5"),
        ("62,5 %", "62.5"),
        ("1.234,5", "1234.5"),
        ("1.234", "1234"),
        ("100", "100"),
        ("0,125", "0.125"),
        ("12.5", "12.5"),
        ("-3,75", "-3.75"),
        ("(3,75)", "-3.75"),
    ],
)
def test_parse_decimal(text: str, expected: str) -> None:
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "%", "abc", "R$ 5", "1,2,3", "0.125"])
def test_parse_decimal_rejects(text: str) -> None:
    with pytest.raises(DomainValueError) as caught:
        parse_decimal(text)
    assert caught.value.message


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Decimal("62.5"), None, "62,5"),
        (Decimal("62.50"), None, "62,5"),
        (Decimal("100"), None, "100"),
        (Decimal("1E+2"), None, "100"),
        (Decimal("1234.5"), None, "1.234,5"),
        (Decimal("1234.5"), 2, "1.234,50"),
        (Decimal("0.125"), 2, "0,13"),
        (Decimal("62.5"), 0, "63"),
        (Decimal("-0.5"), None, "-0,5"),
    ],
)
def test_format_decimal(value: Decimal, places: int | None, expected: str) -> None:
    assert format_decimal(value, places) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("31/03/2026", date(2026, 3, 31)),
        ("1/2/2026", date(2026, 2, 1)),
        (" 2026-03-31 ", date(2026, 3, 31)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "Data vazia"),
        ("2026/03/31", "use o formato dd/mm/aaaa"),
        ("31-03-2026", "use o formato dd/mm/aaaa"),
        ("31/03/26", "use o formato dd/mm/aaaa"),
        ("31/02/2026", "não existe"),
        ("29/02/2025", "não existe"),
    ],
)
def test_parse_date_rejects(text: str, message_part: str) -> None:
    with pytest.raises(DomainValueError) as caught:
        parse_date(text)
    assert message_part in caught.value.message


def test_format_date() -> None:
    assert format_date(date(2026, 3, 5)) == "05/03/2026"
    assert format_date(datetime(2026, 12, 31, 23, 59)) == "31/12/2026"
    assert parse_date(format_date(date(2026, 1, 9))) == date(2026, 1, 9)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3812219865.62", "3,81 bi"),
        ("-812219865.62", "-812 mi"),
        ("45210.00", "45,2 mil"),
        ("999999999.99", "1,00 bi"),  # rounds up into the next word
        ("27570542041.62", "27,6 bi"),
        ("999.99", "999,99"),
        ("0.00", "0,00"),
    ],
)
def test_format_money_compact(value: str, expected: str) -> None:
    assert format_money_compact(Decimal(value)) == expected


@pytest.mark.parametrize("cents", [0, 1, -1, 99, -99, 100, -100, 123456, -123456, 100000, 99999999999999, -999999999999999999])
def test_format_centavos_matches_format_money(cents: int) -> None:
    assert format_centavos(cents) == format_money(from_centavos(cents))
