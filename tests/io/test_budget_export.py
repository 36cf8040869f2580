"""Tests of the budget-line export in the Portal da Transparência layout."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from planmp_desktop.io.budget_export import PORTAL_COLUMNS, export_budget_lines, portal_money
from planmp_desktop.io.budget_import import import_budget_lines
from planmp_desktop.io.mapping import find_preset
from planmp_desktop.io.readers import LATIN1, DecimalStyle, read_table
from planmp_desktop.store.local import LocalStore

UNIT = uuid.UUID("0b6f1a52-3c55-4c1e-9d0e-4a1c2b3d4e5f")
OTHER_UNIT = uuid.UUID("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    local = LocalStore(tmp_path / "local.sqlite3")
    local.insert_rows(
        "budget_line",
        [
            {
                "year": 2025,
                "unit_id": UNIT,
                "uo": "01091",
                "funcao": "03",
                "subfuncao": "091",
                "programa": "0703",
                "acao": "2009",
                "natureza_despesa": "3.3.90.14",
                "dotacao_inicial": Decimal("1234567.89"),
                "dotacao_atualizada": Decimal("68.68"),
                "empenhado": Decimal("-12.00"),
                "pago": Decimal("5.00"),
            },
            {"year": 2025, "unit_id": OTHER_UNIT, "uo": "04441", "acao": "2E90", "empenhado": Decimal("1.00")},
            {"year": 2024, "unit_id": UNIT, "uo": "01091", "acao": "2009", "empenhado": Decimal("2.00")},
        ],
    )
    yield local
    local.close()


def test_portal_csv_format(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "orcamento.csv"
    count = export_budget_lines(store, path, year=2025, unit_id=UNIT)
    data = path.read_bytes()
    lines = data.decode(LATIN1).split("\r\n")

    assert count == 1
    assert data.endswith(b"\r\n")
    assert lines[0] == ";".join(f'"{name}"' for name in PORTAL_COLUMNS)
    assert lines[1].split(";")[:8] == ['"2025"', '""', '""', '""', '""', '"01091"', '""', '"03"']
    assert '"1234567,89";"68,68";"-12,00";"";""' in lines[1]
    assert '"3";"Despesas correntes";"3";"Outras despesas correntes";"14";"Diárias - civil"' in lines[1]


def test_portal_csv_read_back(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "orcamento.csv"
    export_budget_lines(store, path)
    table = read_table(path)

    assert table.encoding == LATIN1
    assert table.separator == ";"
    assert table.decimal_style is DecimalStyle.COMMA
    assert table.columns == list(PORTAL_COLUMNS)
    assert len(table.rows) == 3


def test_portal_csv_reimported(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "orcamento.csv"
    export_budget_lines(store, path, year=2025)
    table = read_table(path)
    mapping = find_preset(table.columns)
    target = LocalStore(tmp_path / "outro.sqlite3")
    try:
        report = import_budget_lines(target, table, mapping, 2025, UNIT)
    finally:
        target.close()

    assert report.inserted == 2
    assert report.totals["dotacao_inicial"] == Decimal("1234567.89")
    assert report.totals["empenhado"] == Decimal("-11.00")


def test_portal_xlsx(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "orcamento.xlsx"
    export_budget_lines(store, path, year=2025, unit_id=UNIT)
    table = read_table(path)
    row = dict(zip(table.columns, table.rows[0]))

    assert table.columns == list(PORTAL_COLUMNS)
    assert row["CÓDIGO UNIDADE ORÇAMENTÁRIA"] == "01091"
    assert row["ORÇAMENTO INICIAL (R$)"] == "1234567.89"
    assert row["ORÇAMENTO EMPENHADO (R$)"] == "-12"
    assert row["ORÇAMENTO REALIZADO (R$)"] == ""


def test_portal_money_format() -> None:
    assert portal_money(Decimal("1234567.8")) == "1234567,80"
    assert portal_money(Decimal("-12")) == "-12,00"
    assert portal_money(None) == ""


def test_unknown_suffix_rejected(store: LocalStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="use .csv ou .xlsx"):
        export_budget_lines(store, tmp_path / "orcamento.ods")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_planmp_layout_reimported_updates_same_lines(store: LocalStore, tmp_path: Path, suffix: str) -> None:
    from planmp_desktop.io.budget_export import PLANMP_LAYOUT
    from planmp_desktop.io.mapping import guess_mapping

    store.insert_rows(
        "budget_line",
        [{"year": 2025, "unit_id": UNIT, "uo": "01091", "acao": "4420", "natureza_despesa": "3.3.90.39",
          "fonte": "100", "dotacao_atualizada": Decimal("9876543.21"), "liquidado": Decimal("7.00")}],
    )
    path = tmp_path / f"orcamento{suffix}"
    count = export_budget_lines(store, path, year=2025, unit_id=UNIT, layout=PLANMP_LAYOUT)
    table = read_table(path)  # as the wizard reads a budget file: cells as text
    mapping = guess_mapping(table.columns)

    report = import_budget_lines(store, table, mapping, 2025, UNIT)

    assert count == 2
    assert {"fonte", "liquidado", "pago", "natureza_despesa"} <= set(mapping.fields)
    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 2)
    assert store.count("budget_line", "year = ? AND unit_id = ?", (2025, str(UNIT))) == 2
