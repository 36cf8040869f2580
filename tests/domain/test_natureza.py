"""Natureza de despesa parsing, consistency rules and labels."""

from __future__ import annotations

import pytest

from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.natureza import NaturezaDespesa, elemento_label, grupo_label, parse_natureza


@pytest.mark.parametrize("text", ["3.3.90.39", "339039", "3.3.90.39.00", "33903900", " 3.3.90.39 "])
def test_natureza_variants_mean_the_same(text: str) -> None:
    natureza = parse_natureza(text)
    assert natureza == NaturezaDespesa("3", "3", "90", "39", None)
    assert str(natureza) == "3.3.90.39"
    assert natureza.digits == "339039"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.3.90.39.01", "3.3.90.39.01"),
        ("33903901", "3.3.90.39.01"),
        ("4.4.90.52", "4.4.90.52"),
        ("4.4.90.51", "4.4.90.51"),
        ("3.1.90.11", "3.1.90.11"),
        ("3.3.91.40", "3.3.91.40"),
        ("4.5.90.66", "4.5.90.66"),
        ("4.6.90.71", "4.6.90.71"),
        ("9.9.99.99", "9.9.99.99"),
    ],
)
def test_natureza_valid_codes(text: str, expected: str) -> None:
    assert str(parse_natureza(text)) == expected


def test_natureza_str_skips_subelemento_00() -> None:
    assert str(NaturezaDespesa("3", "3", "90", "39", "00")) == "3.3.90.39"
    assert str(NaturezaDespesa("3", "3", "90", "39", "07")) == "3.3.90.39.07"


@pytest.mark.parametrize("text", ["3.3.9.39", "3390", "3.3.90.39.0", "33.90.39", "3390390", "abc", "", "3.3.90.3a"])
def test_natureza_malformed(text: str) -> None:
    with pytest.raises(DomainValueError) as caught:
        parse_natureza(text)
    assert caught.value.message == f"Natureza de despesa '{text}' inválida: use o formato 3.3.90.39."


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        # categoria 3 goes with grupos 1 to 3
        ("3.4.90.52", "o grupo 4 (Investimentos) não pertence à categoria 3"),
        ("3.5.90.66", "o grupo 5 (Inversões financeiras) não pertence à categoria 3"),
        ("3.9.99.99", "o grupo 9 (Reserva de contingência) não pertence à categoria 3"),
        # categoria 4 goes with grupos 4 to 6
        ("4.1.90.11", "a categoria 4 aceita os grupos 4, 5 ou 6"),
        ("4.3.90.39", "o grupo 3 (Outras despesas correntes) não pertence à categoria 4"),
        # categoria 9 goes with grupo 9 only
        ("9.3.99.99", "a categoria 9 aceita só o grupo 9."),
        # elemento 51/52 only under grupo 4
        ("3.3.90.52", "o elemento 52 (Equipamentos e material permanente) só cabe no grupo 4"),
        ("3.3.90.51", "o elemento 51 (Obras e instalações) só cabe no grupo 4"),
        ("4.5.90.52", "só cabe no grupo 4 (Investimentos), não no grupo 5"),
        # unknown categoria and grupo
        ("5.3.90.39", "categoria econômica 5 desconhecida"),
        ("1.1.90.11", "categoria econômica 1 desconhecida"),
        ("3.7.90.39", "grupo de natureza 7 desconhecido; a categoria 3 aceita os grupos 1, 2 ou 3."),
        ("3.0.90.39", "grupo de natureza 0 desconhecido"),
    ],
)
def test_natureza_inconsistent(text: str, message_part: str) -> None:
    with pytest.raises(DomainValueError) as caught:
        parse_natureza(text)
    assert caught.value.message.startswith(f"Natureza de despesa '{text}': ")
    assert message_part in caught.value.message


def test_elemento_label() -> None:
    assert elemento_label("39") == "Outros serviços de terceiros – pessoa jurídica"
    assert elemento_label("30") == "Material de consumo"
    assert elemento_label("14") == "Diárias – civil"
    assert elemento_label("52") == "Equipamentos e material permanente"
    assert elemento_label("4") == "Contratação por tempo determinado"
    assert elemento_label("98") is None


def test_grupo_label() -> None:
    assert grupo_label("3") == "Outras despesas correntes"
    assert grupo_label("8") is None
