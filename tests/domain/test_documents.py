"""CPF and CNPJ check digits, numeric and alphanumeric."""

from __future__ import annotations

import pytest

from planmp_desktop.domain.documents import (
    cnpj_check_digits,
    cpf_check_digits,
    format_cnpj,
    format_cpf,
    validate_cnpj,
    validate_cpf,
)


@pytest.mark.parametrize("text", ["529.982.247-25", "52998224725", " 529 982 247 25 "])
def test_cpf_valid(text: str) -> None:
    assert validate_cpf(text)


@pytest.mark.parametrize("text", ["529.982.247-24", "111.111.111-11", "00000000000", "5299822472", "abc", ""])
def test_cpf_invalid(text: str) -> None:
    assert not validate_cpf(text)


def test_cpf_check_digits() -> None:
    assert cpf_check_digits("529982247") == "25"


@pytest.mark.parametrize("text", ["11.222.333/0001-81", "11222333000181", "12.ABC.345/01DE-35", "12abc34501de35"])
def test_cnpj_valid(text: str) -> None:
    assert validate_cnpj(text)


@pytest.mark.parametrize(
    "text",
    ["11.222.333/0001-80", "12.ABC.345/01DE-36", "12.ABC.345/01DF-35", "00000000000000", "12.ABC.345/01DE-3A", "12ABC"],
)
def test_cnpj_invalid(text: str) -> None:
    assert not validate_cnpj(text)


def test_alphanumeric_cnpj_computed_and_mutated() -> None:
    base = "PLANMP2026AB"
    cnpj = base + cnpj_check_digits(base)
    assert validate_cnpj(cnpj)
    assert cnpj[12:].isdigit()

    mutated = "Q" + cnpj[1:]
    assert not validate_cnpj(mutated)
    swapped = base[:10] + "BA" + cnpj[12:]
    assert not validate_cnpj(swapped)


def test_cnpj_check_digits_known_examples() -> None:
    # An alphanumeric base, where each letter counts as its ASCII code minus 48, then a numeric one.
    assert cnpj_check_digits("12ABC34501DE") == "35"
    assert cnpj_check_digits("112223330001") == "81"


def test_check_digit_inputs_rejected() -> None:
    with pytest.raises(ValueError):
        cpf_check_digits("12345678")
    with pytest.raises(ValueError):
        cnpj_check_digits("12ABC34501D!")


def test_document_formatting() -> None:
    assert format_cpf("52998224725") == "529.982.247-25"
    assert format_cnpj("12abc34501de35") == "12.ABC.345/01DE-35"
    assert format_cnpj(" x ") == "x"
