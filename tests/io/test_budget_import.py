"""Tests of the budget-line import, on the Portal da Transparência file and on small generated files."""

from __future__ import annotations

import csv
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from planmp_desktop.io.budget_import import ImportReport, import_budget_lines, undo_budget_import
from planmp_desktop.io.mapping import PORTAL_ORCAMENTO_DESPESA, ColumnMapping, find_preset, guess_mapping
from planmp_desktop.io.readers import Table, read_table
from planmp_desktop.store.local import LocalStore

REPO = Path(__file__).resolve().parents[2]
PORTAL_FILE = REPO.parent / "shared" / "data" / "2024_OrcamentoDespesa.csv"
_skip_without_file = pytest.mark.skipif(not PORTAL_FILE.exists(), reason="../shared/data not present")
UNIT = uuid.UUID("0b6f1a52-3c55-4c1e-9d0e-4a1c2b3d4e5f")

MONEY_COLUMNS = {
    "dotacao_inicial": "ORÇAMENTO INICIAL (R$)",
    "dotacao_atualizada": "ORÇAMENTO ATUALIZADO (R$)",
    "empenhado": "ORÇAMENTO EMPENHADO (R$)",
}
SMALL_MAPPING = ColumnMapping(
    "teste",
    {
        "year": "Ano",
        "uo": "UO",
        "acao": "Ação",
        "natureza_despesa": "Natureza",
        "dotacao_atualizada": "Dotação",
        "empenhado": "Empenhado",
        "liquidado": "Liquidado",
        "pago": "Pago",
    },
)
SMALL_HEADER = "Ano;UO;Ação;Natureza;Dotação;Empenhado;Liquidado;Pago"


def needs_file(test: Callable[..., None]) -> Callable[..., None]:
    """Mark a test that reads the real Portal file, skipped when the file is absent."""
    return pytest.mark.shared_data(_skip_without_file(test))


def _portal_rows() -> list[dict[str, str]]:
    """Read the Portal file with the csv module alone, as the reference for the importer."""
    with PORTAL_FILE.open(encoding="iso-8859-1", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=";"))


def _amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[LocalStore]:
    local = LocalStore(tmp_path / "local.sqlite3")
    yield local
    local.close()


@pytest.fixture(scope="module")
def portal_import(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalStore, Table, ImportReport]]:
    """Import the Portal file once for the tests of this module that read it."""
    if not PORTAL_FILE.exists():
        pytest.skip("../shared/data not present")
    local = LocalStore(tmp_path_factory.mktemp("portal") / "local.sqlite3")
    table = read_table(PORTAL_FILE)
    mapping = find_preset(table.columns)
    assert mapping is not None
    report = import_budget_lines(local, table, mapping, 2024, UNIT)
    yield local, table, report
    local.close()


def _write_small(path: Path, lines: list[str]) -> Path:
    path.write_bytes("\r\n".join([SMALL_HEADER, *lines]).encode("cp1252") + b"\r\n")
    return path


@needs_file
def test_portal_all_rows_imported(portal_import: tuple[LocalStore, Table, ImportReport]) -> None:
    store, _table, report = portal_import

    assert report.rows_read == 26457
    assert report.inserted == 26457
    assert report.rejected == []
    assert store.count("budget_line") == 26457
    assert not report.cancelled


@needs_file
def test_portal_sums_exact(portal_import: tuple[LocalStore, Table, ImportReport]) -> None:
    store, _table, report = portal_import
    expected = {
        field: sum((_amount(row[column]) for row in _portal_rows()), Decimal("0"))
        for field, column in MONEY_COLUMNS.items()
    }
    stored = {field: Decimal("0") for field in MONEY_COLUMNS}
    for row in store.fetch_rows("budget_line"):
        for field in MONEY_COLUMNS:
            stored[field] += row[field]

    for field in MONEY_COLUMNS:
        assert report.totals[field] == expected[field], field
        assert stored[field] == expected[field], field


@needs_file
def test_portal_preset_picked(portal_import: tuple[LocalStore, Table, ImportReport]) -> None:
    _store, table, report = portal_import

    assert find_preset(table.columns).name == PORTAL_ORCAMENTO_DESPESA.name
    assert "ORÇAMENTO REALIZADO (R$)" in report.ignored_columns
    assert "NOME ÓRGÃO SUPERIOR" in report.unmapped_columns


@needs_file
def test_portal_flags_match_file(portal_import: tuple[LocalStore, Table, ImportReport]) -> None:
    _store, _table, report = portal_import
    negative_lines = set()
    order_lines = set()
    for line, row in enumerate(_portal_rows(), start=2):
        amounts = {field: _amount(row[column]) for field, column in MONEY_COLUMNS.items()}
        if any(value < 0 for value in amounts.values()):
            negative_lines.add(line)
        if amounts["empenhado"] > amounts["dotacao_atualizada"]:
            order_lines.add(line)
    flagged = {row.line: " ".join(row.warnings) for row in report.flagged}

    assert negative_lines
    assert order_lines
    assert set(flagged) == negative_lines | order_lines
    assert all("Valor negativo" in flagged[line] for line in negative_lines)
    assert all("maior que dotação atualizada" in flagged[line] for line in order_lines)


@needs_file
def test_portal_flagged_rows_stored(portal_import: tuple[LocalStore, Table, ImportReport]) -> None:
    store, _table, report = portal_import
    negative = next(row for row in report.flagged if "Valor negativo" in " ".join(row.warnings))
    stored = store.fetch_row("budget_line", negative.row_id)

    assert stored is not None
    assert min(stored[field] for field in MONEY_COLUMNS) < 0


@needs_file
def test_portal_missing_fields_empty(portal_import: tuple[LocalStore, Table, ImportReport]) -> None:
    store, _table, report = portal_import

    for field in ("esfera", "ug", "localizador", "natureza_despesa", "fonte", "liquidado", "pago", "plan_item_id"):
        assert store.count("budget_line", f'"{field}" IS NOT NULL') == 0, field
    assert set(report.unmapped_fields) == {"esfera", "ug", "localizador", "fonte", "liquidado", "pago"}
    assert report.natureza_without_modalidade  # categoria, grupo and elemento are there, the modalidade is not


@needs_file
def test_portal_codes_keep_zeros(portal_import: tuple[LocalStore, Table, ImportReport]) -> None:
    store, _table, report = portal_import
    first = store.fetch_row("budget_line", report.inserted_ids[0])
    reserve = store.count("budget_line", "acao = ? AND programa = ?", ("0Z00", "0999"))

    assert first is not None
    assert (first["year"], first["uo"], first["funcao"], first["subfuncao"]) == (2024, "14101", "02", "061")
    assert (first["programa"], first["acao"]) == ("0033", "4269")
    assert first["unit_id"] == UNIT
    assert reserve > 0


def test_negative_and_order_flagged(store: LocalStore, tmp_path: Path) -> None:
    path = _write_small(
        tmp_path / "execucao.csv",
        [
            "2025;01091;2009;3.3.90.39;1000,00;800,00;600,00;500,00",
            "2025;01091;2009;339030;1000,00;-10,00;;",
            "2025;01091;2010;3.3.90.39;100,00;200,00;300,00;400,00",
        ],
    )
    report = import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)

    assert report.inserted == 3
    assert report.rejected == []
    assert [row.line for row in report.flagged] == [3, 4]
    assert "Valor negativo em Empenhado" in report.flagged[0].warnings[0]
    assert len(report.flagged[1].warnings) == 3
    assert store.fetch_row("budget_line", report.inserted_ids[1])["natureza_despesa"] == "3.3.90.30"
    assert store.fetch_row("budget_line", report.inserted_ids[1])["liquidado"] is None


def test_unreadable_rows_rejected(store: LocalStore, tmp_path: Path) -> None:
    path = _write_small(
        tmp_path / "ruim.csv",
        [
            "2025;01091;2009;3.3.90.39;1000,00;800,00;600,00;500,00",
            "2025;01091;2009;3.3.90.39;mil reais;800,00;600,00;500,00",
            "2025;01091;2009;3.3.90.39;1000,00",
            "2024;01091;2009;3.3.90.39;1000,00;800,00;600,00;500,00",
            "25;01091;2009;3.3.90.39;1000,00;800,00;600,00;500,00",
            "TOTAL;;;;3000,00;1600,00;1200,00;1000,00",
        ],
    )
    report = import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)
    reasons = {row.line: row.reason for row in report.rejected}

    assert report.inserted == 1
    assert sorted(reasons) == [3, 4, 5, 6, 7]
    assert "valor 'mil reais' não é um número na coluna 'Dotação'" in reasons[3]
    assert "esperadas 8 colunas" in reasons[4]
    assert "exercício 2024 diferente do ano escolhido (2025)" in reasons[5]
    assert "exercício '25' inválido" in reasons[6]
    assert "linha de totais" in reasons[7]
    assert str(report.rejected[0]).startswith("Linha 3: ")


def test_invalid_natureza_kept_and_flagged(store: LocalStore, tmp_path: Path) -> None:
    path = _write_small(tmp_path / "natureza.csv", ["2025;01091;2009;3.3.90.52;10,00;5,00;;"])
    report = import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)
    stored = store.fetch_row("budget_line", report.inserted_ids[0])

    assert stored["natureza_despesa"] == "3.3.90.52"
    assert "só cabe no grupo 4" in report.flagged[0].warnings[0]


def test_natureza_built_from_parts(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "partes.csv"
    path.write_text(
        "Cat;Grupo;Mod;Elem;Empenhado\r\n3;3;90;39;10,00\r\n3;3;;39;20,00\r\n3;4;;52;30,00\r\n", encoding="utf-8"
    )
    mapping = ColumnMapping(
        "partes",
        {"categoria": "Cat", "grupo": "Grupo", "modalidade": "Mod", "elemento": "Elem", "empenhado": "Empenhado"},
    )
    report = import_budget_lines(store, path, mapping, 2025, UNIT)
    naturezas = [store.fetch_row("budget_line", row_id)["natureza_despesa"] for row_id in report.inserted_ids]

    assert naturezas == ["3.3.90.39", None, None]
    assert [row.line for row in report.flagged] == [4]
    assert "não pertence à categoria econômica 3" in report.flagged[0].warnings[0]


def test_extra_decimals_rounded_and_flagged(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "decimais.csv"
    path.write_text("Empenhado\n10.005\n0.1\n", encoding="utf-8")
    mapping = ColumnMapping("decimais", {"empenhado": "Empenhado"})
    report = import_budget_lines(store, read_table(path), mapping, 2025, UNIT)
    amounts = [store.fetch_row("budget_line", row_id)["empenhado"] for row_id in report.inserted_ids]

    assert amounts == [Decimal("10.00"), Decimal("0.10")]
    assert [row.line for row in report.flagged] == [2]
    assert "arredondado" in report.flagged[0].warnings[0]


def test_progress_and_cancel(store: LocalStore, tmp_path: Path) -> None:
    lines = [f"2025;01091;{1000 + n};3.3.90.39;10,00;5,00;;" for n in range(1200)]
    path = _write_small(tmp_path / "grande.csv", lines)
    table = read_table(path)
    calls: list[tuple[int, int]] = []

    cancelled = import_budget_lines(
        store, table, SMALL_MAPPING, 2025, UNIT, progress=lambda done, total: calls.append((done, total)),
        cancel=lambda: len(calls) >= 2,
    )

    assert cancelled.cancelled
    assert cancelled.inserted_ids == []
    assert store.count("budget_line") == 0
    assert calls == [(0, 1200), (500, 1200)]

    calls.clear()
    report = import_budget_lines(
        store, table, SMALL_MAPPING, 2025, UNIT, progress=lambda done, total: calls.append((done, total))
    )

    assert report.inserted == 1200
    assert calls == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]


def test_undo_deletes_inserted(store: LocalStore, tmp_path: Path) -> None:
    path = _write_small(tmp_path / "desfazer.csv", ["2025;01091;2009;3.3.90.39;10,00;5,00;;"] * 3)
    before = store.count("budget_line")
    report = import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)
    outbox = store.connection.execute("SELECT COUNT(*) FROM outbox WHERE op = 'insert'").fetchone()[0]

    assert outbox == 3
    assert undo_budget_import(store, report) == 3
    assert store.count("budget_line") == before
    assert report.inserted_ids == []


def test_mapping_column_missing(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "outro.csv"
    path.write_text("UO;Valor\n01091;10,00\n", encoding="utf-8")

    with pytest.raises(ValueError, match="Colunas do mapeamento ausentes no arquivo: 'Ano'"):
        import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)


REIMPORTED_LINES = [
    "2025;01091;2009;3.3.90.39;1000,00;800,00;600,00;500,00",
    "2025;01091;2009;3.3.90.39;50,00;40,00;30,00;20,00",
    "2025;01091;2010;3.3.90.39;100,00;200,00;300,00;400,00",
]


def _pending_outbox(store: LocalStore) -> int:
    return int(store.connection.execute("SELECT count(*) FROM outbox").fetchone()[0])


def test_same_file_twice_adds_nothing(store: LocalStore, tmp_path: Path) -> None:
    path = _write_small(tmp_path / "execucao.csv", REIMPORTED_LINES)
    first = import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)
    outbox_after_first = _pending_outbox(store)

    second = import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)

    assert first.inserted == 3
    assert second.inserted == 0
    assert second.updated == 0
    assert second.unchanged == 3
    assert store.connection.execute("SELECT count(*) FROM budget_line").fetchone()[0] == 3
    assert _pending_outbox(store) == outbox_after_first


def test_new_month_updates_matching_lines(store: LocalStore, tmp_path: Path) -> None:
    import_budget_lines(store, _write_small(tmp_path / "janeiro.csv", REIMPORTED_LINES), SMALL_MAPPING, 2025, UNIT)
    february = [*REIMPORTED_LINES]
    february[1] = "2025;01091;2009;3.3.90.39;50,00;45,00;35,00;25,00"
    february.append("2025;01091;2011;3.3.90.39;10,00;;;")

    report = import_budget_lines(store, _write_small(tmp_path / "fevereiro.csv", february), SMALL_MAPPING, 2025, UNIT)

    assert report.inserted == 1
    assert report.updated == 1
    assert report.unchanged == 2
    updated = store.fetch_row("budget_line", report.updated_ids[0])
    assert updated is not None
    assert updated["empenhado"] == Decimal("45.00")
    assert updated["dotacao_atualizada"] == Decimal("50.00")
    assert store.connection.execute("SELECT count(*) FROM budget_line").fetchone()[0] == 4


def test_undo_restores_updated_lines(store: LocalStore, tmp_path: Path) -> None:
    import_budget_lines(store, _write_small(tmp_path / "janeiro.csv", REIMPORTED_LINES), SMALL_MAPPING, 2025, UNIT)
    february = [*REIMPORTED_LINES]
    february[0] = "2025;01091;2009;3.3.90.39;1000,00;900,00;600,00;500,00"
    february.append("2025;01091;2011;3.3.90.39;10,00;;;")
    report = import_budget_lines(store, _write_small(tmp_path / "fevereiro.csv", february), SMALL_MAPPING, 2025, UNIT)
    updated_id = report.updated_ids[0]
    inserted_id = report.inserted_ids[0]

    assert undo_budget_import(store, report) == 2

    restored = store.fetch_row("budget_line", updated_id)
    assert restored is not None
    assert restored["empenhado"] == Decimal("800.00")
    assert store.fetch_row("budget_line", inserted_id) is None


def test_each_row_keeps_its_year(store: LocalStore, tmp_path: Path) -> None:
    path = _write_small(
        tmp_path / "anos.csv",
        [
            "2018;01091;2009;3.3.90.39;100,00;50,00;;",
            "2019;01091;2009;3.3.90.39;200,00;150,00;;",
            ";01091;2010;3.3.90.30;10,00;;;",
        ],
    )

    report = import_budget_lines(store, path, SMALL_MAPPING, None, UNIT)

    assert [store.fetch_row("budget_line", row_id)["year"] for row_id in report.inserted_ids] == [2018, 2019]
    assert [rejected.line for rejected in report.rejected] == [4]
    assert "exercício vazio" in report.rejected[0].reason

    again = import_budget_lines(store, path, SMALL_MAPPING, None, UNIT)
    assert again.inserted == 0  # each line matched in its own year, not doubled
    assert again.unchanged == 2


def test_float_noise_rounded_without_warning(store: LocalStore, tmp_path: Path) -> None:
    path = _write_small(
        tmp_path / "ruido.csv",
        ["2025;01091;2009;3.3.90.39;228887078.8899999;0.0000000000009094947017729282;;", "2025;01091;2010;;10.0051;;;"],
    )

    report = import_budget_lines(store, path, SMALL_MAPPING, 2025, UNIT)

    noisy = store.fetch_row("budget_line", report.inserted_ids[0])
    assert noisy["dotacao_atualizada"] == Decimal("228887078.89")
    assert noisy["empenhado"] == Decimal("0.00")
    warnings = {row.line: " ".join(row.warnings) for row in report.flagged}
    assert "casas decimais" not in warnings.get(2, "")
    assert "mais de duas casas decimais" in warnings[3]  # real extra decimals are still reported


@pytest.mark.shared_data
@pytest.mark.skipif(not (PORTAL_FILE.parent / "base_gifp_2018_2022.xlsx").exists(), reason="../shared/data not present")
def test_multi_year_execution_base_imports_every_row(store: LocalStore) -> None:
    table = read_table(PORTAL_FILE.parent / "base_gifp_2018_2022.xlsx")

    report = import_budget_lines(store, table, guess_mapping(table.columns), None, UNIT)

    assert report.rows_read == 23894
    assert report.inserted == 23894
    assert not report.rejected
    years = dict(store.connection.execute("SELECT year, COUNT(*) FROM budget_line GROUP BY year").fetchall())
    assert sorted(years) == [2018, 2019, 2020, 2021, 2022]
