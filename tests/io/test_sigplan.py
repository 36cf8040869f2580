"""Tests of the SIGPLAN action-plan reader, on the real export and on small files."""

from __future__ import annotations

import csv
from collections.abc import Callable
import datetime as dt
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from planmp_desktop.contract.schema import PLAN_ITEM
from planmp_desktop.io.sigplan import (
    SigplanFormatError,
    list_sigplan_uos,
    normalize_uo,
    read_sigplan_actions,
)

REPO = Path(__file__).resolve().parents[2]
SIGPLAN_FILE = REPO.parent / "shared" / "data" / "acoes_planejamento.txt"
_skip_without_file = pytest.mark.skipif(
    not SIGPLAN_FILE.exists(), reason="../shared/data not present"
)


def needs_file(test: Callable[..., None]) -> Callable[..., None]:
    """Mark a test that reads the real SIGPLAN export, skipped when the file is absent."""
    return pytest.mark.shared_data(_skip_without_file(test))


HEADER = [
    "Código do Programa",
    "Exclusão Lógica do Programa",
    "Código da Unidade Orçamentária Responsável pela Ação",
    "Unidade Orçamentária Responsável pela Ação",
    "Código da Ação",
    "Título da Ação",
    "Exclusão Lógica da Ação",
    "Justificativa de Inclusão ou Exclusão da Ação",
    "Finalidade da Ação",
    "Descrição da Ação",
    "Produto",
    "Unidade de Medida do Produto",
    "Previsão Orçamentária 2025",
    "Previsão Orçamentária 2026",
    "Previsão Física 2025",
    "Previsão Física 2026",
]


def _csv_rows() -> list[dict[str, str]]:
    """Read the real export with the csv module, independently of the reader under test."""
    with SIGPLAN_FILE.open(encoding="cp1252", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="|", quoting=csv.QUOTE_NONE)
        return list(reader)


def _live_rows(uo: str) -> list[dict[str, str]]:
    return [
        row
        for row in _csv_rows()
        if row["Código da Unidade Orçamentária Responsável pela Ação"].zfill(5) == uo
        and row["Exclusão Lógica da Ação"] != "Sim"
    ]


def _write(path: Path, rows: list[list[str]]) -> Path:
    lines = ["|".join(HEADER)] + ["|".join(row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode("cp1252") + b"\r\n")
    return path


def _action(
    programa: str = "0703",
    uo: str = "01091",
    acao: str = "2009",
    deleted: str = "Não",
    budget_2026: str = "1000",
) -> list[str]:
    return [
        programa,
        "Não",
        uo,
        "PROCURADORIA GERAL DE JUSTIÇA",
        acao,
        "DIREÇÃO ADMINISTRATIVA – APOIO",
        deleted,
        "",
        "Finalidade com aspas “curvas” e ‘simples’",
        "Descrição da ação",
        "AÇÃO REALIZADA",
        "AÇÃO",
        "500",
        budget_2026,
        "1",
        "2",
    ]


@needs_file
def test_uo_typed_with_or_without_zero() -> None:
    short = read_sigplan_actions(SIGPLAN_FILE, "1091", 2026)
    padded = read_sigplan_actions(SIGPLAN_FILE, "01091", 2026)

    assert short.uo == "01091"
    assert short.items == padded.items
    assert short.ok


@needs_file
@pytest.mark.parametrize("uo", ["01091", "01511", "04711"])
def test_item_count_matches_live_actions(uo: str) -> None:
    result = read_sigplan_actions(SIGPLAN_FILE, uo, 2025)

    assert len(result.items) == len(_live_rows(uo))
    assert result.ok


@needs_file
@pytest.mark.parametrize("uo", ["01091", "01511", "04711"])
def test_yearly_totals_match_file(uo: str) -> None:
    rows = _live_rows(uo)
    for year in (2023, 2024, 2025, 2026):
        expected = sum(
            (Decimal(row[f"Previsão Orçamentária {year}"] or "0") for row in rows), Decimal("0")
        )
        result = read_sigplan_actions(SIGPLAN_FILE, uo, year)
        planned = sum((item["planned_total"] for item in result.items), Decimal("0"))

        assert result.totals_by_year[year] == expected
        assert planned == expected


@needs_file
def test_deleted_actions_listed() -> None:
    expected = [
        (row["Código do Programa"], row["Código da Ação"])
        for row in _csv_rows()
        if row["Código da Unidade Orçamentária Responsável pela Ação"] == "01511"
        and row["Exclusão Lógica da Ação"] == "Sim"
    ]
    result = read_sigplan_actions(SIGPLAN_FILE, "1511", 2026)
    listed = [(skipped.programa, skipped.acao) for skipped in result.skipped_deleted]

    assert len(expected) == 8
    assert listed == expected
    assert not {item["source_ref"] for item in result.items} & {
        f"SIGPLAN:{programa}/{acao}/01511" for programa, acao in expected
    }


@needs_file
def test_item_fields_from_real_row() -> None:
    result = read_sigplan_actions(SIGPLAN_FILE, "1091", 2026)
    item = next(i for i in result.items if i["acao"] == "2009")

    assert set(item) == set(PLAN_ITEM.field_names)
    assert item["code"] == "SIGPLAN.0703.2009"
    assert item["source_ref"] == "SIGPLAN:0703/2009/01091"
    assert item["title"] == "DIREÇÃO ADMINISTRATIVA"
    assert item["planned_total"] == Decimal("1961434366.00")
    assert item["target_quantity"] == Decimal("1")
    assert item["target_unit"] == "AÇÃO"
    assert item["year_targets"]["2023"] == {"orcamento": "1349604000.00", "meta_fisica": "1"}
    assert item["start_date"] == dt.date(2026, 1, 1)
    assert item["end_date"] == dt.date(2026, 12, 31)
    assert item["id"] is None
    assert item["plan_id"] is None
    assert item["unit_id"] is None


@needs_file
def test_uo_list_counts_live_actions() -> None:
    uos = list_sigplan_uos(SIGPLAN_FILE)
    live = Counter(
        row["Código da Unidade Orçamentária Responsável pela Ação"].zfill(5)
        for row in _csv_rows()
        if row["Exclusão Lógica da Ação"] != "Sim"
    )
    by_code = {code: count for code, _name, count in uos}

    assert len(uos) == 112
    assert ("01091", "PROCURADORIA GERAL DE JUSTIÇA", 6) in uos
    assert by_code == {code: live.get(code, 0) for code in by_code}


def test_curly_quotes_kept(tmp_path: Path) -> None:
    path = _write(tmp_path / "acoes.txt", [_action()])
    item = read_sigplan_actions(path, "1091", 2026).items[0]

    assert item["title"] == "DIREÇÃO ADMINISTRATIVA – APOIO"
    assert item["description"].startswith("Finalidade com aspas “curvas” e ‘simples’")


def test_bad_rows_report_line(tmp_path: Path) -> None:
    short_row = _action(acao="2028")[:-1]
    path = _write(
        tmp_path / "acoes.txt",
        [_action(), short_row, _action(acao="4493", budget_2026="1.234.567,89")],
    )
    result = read_sigplan_actions(path, "01091", 2026)

    assert not result.ok
    assert [error.line for error in result.errors] == [3, 4]
    assert "esperadas 16 colunas" in result.errors[0].message
    assert "encontradas 15" in result.errors[0].message
    assert "'1.234.567,89' não é um número" in result.errors[1].message
    assert str(result.errors[1]).startswith("Linha 4: ")


def test_other_uo_errors_ignored(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "acoes.txt",
        [_action(), _action(uo="02351", budget_2026="mil")],
    )

    assert read_sigplan_actions(path, "1091", 2026).ok
    assert not read_sigplan_actions(path, "2351", 2026).ok


def test_uo_missing_from_file_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "acoes.txt", [_action(), _action(uo="04441")])

    with pytest.raises(ValueError, match="A unidade orçamentária 99999 não aparece em acoes.txt") as caught:
        read_sigplan_actions(path, "99999", 2026)
    assert "Unidades do arquivo: 01091, 04441." in str(caught.value)


def test_same_action_two_units(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "acoes.txt",
        [_action(uo="01091", budget_2026="100"), _action(uo="04441", budget_2026="250,50")],
    )
    pgj = read_sigplan_actions(path, "1091", 2026)
    fund = read_sigplan_actions(path, "4441", 2026)

    assert [i["planned_total"] for i in pgj.items] == [Decimal("100.00")]
    assert [i["planned_total"] for i in fund.items] == [Decimal("250.50")]
    assert pgj.items[0]["source_ref"] != fund.items[0]["source_ref"]


def test_duplicate_action_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path / "acoes.txt", [_action(), _action(deleted="Sim"), _action()])
    result = read_sigplan_actions(path, "1091", 2026)

    assert [error.line for error in result.errors] == [4]
    assert "já aparece na linha 2" in result.errors[0].message
    assert [skipped.line for skipped in result.skipped_deleted] == [3]


def test_deleted_row_empty_numbers(tmp_path: Path) -> None:
    deleted = _action(deleted="Sim")
    deleted[12:16] = ["", "", "", ""]
    path = _write(tmp_path / "acoes.txt", [deleted])
    result = read_sigplan_actions(path, "1091", 2026)

    assert result.ok
    assert result.items == []
    assert len(result.skipped_deleted) == 1


def test_invalid_byte_reported(tmp_path: Path) -> None:
    path = _write(tmp_path / "acoes.txt", [_action()])
    bad_line = "|".join(_action(acao="9999")).encode("cp1252") + b"\x81\r\n"
    path.write_bytes(path.read_bytes() + bad_line)
    result = read_sigplan_actions(path, "1091", 2026)

    assert [error.line for error in result.errors] == [3]
    assert "0x81" in result.errors[0].message


def test_invalid_arguments(tmp_path: Path) -> None:
    path = _write(tmp_path / "acoes.txt", [_action()])

    with pytest.raises(ValueError, match="Unidade orçamentária 'PGJ' inválida"):
        read_sigplan_actions(path, "PGJ", 2026)
    with pytest.raises(ValueError, match="Ano 2027 não consta"):
        read_sigplan_actions(path, "1091", 2027)


def test_not_a_sigplan_file(tmp_path: Path) -> None:
    path = tmp_path / "outro.csv"
    path.write_text("a;b;c\r\n1;2;3\r\n", encoding="cp1252")

    with pytest.raises(SigplanFormatError, match="faltam as colunas"):
        read_sigplan_actions(path, "1091", 2026)


def test_normalize_uo() -> None:
    assert normalize_uo(" 1091 ") == "01091"
    assert normalize_uo("01091") == "01091"
    with pytest.raises(ValueError):
        normalize_uo("123456")


def test_utf16_file_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "acoes.txt"
    path.write_text("Código da Ação|Título da Ação\r\n1001|Ação\r\n", encoding="utf-16")

    with pytest.raises(SigplanFormatError, match="UTF-16"):
        list_sigplan_uos(path)


def test_binary_file_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "acoes.txt"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)

    with pytest.raises(SigplanFormatError, match="não é texto"):
        list_sigplan_uos(path)
