"""Tests of the plan-item import (io.item_import) on files exported from a filled store and on small CSVs.

The module sits beside the sheet tests because it fills stores with their
``store_fill`` data; it drives no widget.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from planmp_desktop.contract import codec
from planmp_desktop.contract.schema import MONTHS, PLAN_ITEM
from planmp_desktop.io.export import EXPORT_FIELDS, export_plan_items
from planmp_desktop.io.item_import import ItemImportError, import_plan_items, undo_item_import
from planmp_desktop.io.mapping import PLAN_ITEMS, PLAN_SHEET, READ_ONLY_ITEM_FIELDS, find_preset
from planmp_desktop.io.readers import read_table
from planmp_desktop.services import CurrentUser
from planmp_desktop.store.local import LocalStore

from .sheet_support import shown_progress
from .store_fill import ANA, MARCOS, PJ_COLATINA, PJ_VILA_VELHA, PLAN_ID, fill_store

ANA_PAA = CurrentUser(oid=ANA, username="ana.ribeiro", name="Ana", profile="PAA", home_unit_id=PJ_VILA_VELHA)
MARCOS_AUDITOR = CurrentUser(oid=MARCOS, username="marcos", name="Marcos", profile="Auditor", home_unit_id=None)
COMPARED_FIELDS = [name for name in EXPORT_FIELDS if name not in READ_ONLY_ITEM_FIELDS]
HEADER = "Código;Título;Unidade;Início;Término;Situação;Progresso (%);Valor planejado;Jan;Fev"


@pytest.fixture
def source(store_path: Path) -> Iterator[LocalStore]:
    """The filled store: 300 synced plan items of the 2026 plan."""
    store = LocalStore(store_path)
    yield store
    store.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[LocalStore]:
    """A store with the same units and 2026 plan but no plan items."""
    store = LocalStore(tmp_path / "target.sqlite3")
    fill_store(store, item_count=0, audit_count=0)
    yield store
    store.close()


def _import(store: LocalStore, path: Path, **kwargs: Any) -> Any:
    table = read_table(path, typed=True)
    mapping = find_preset(table.columns)
    assert mapping is not None and mapping.entity == PLAN_SHEET
    return import_plan_items(store, table, mapping, 2026, kwargs.pop("unit", PJ_VILA_VELHA), **kwargs)


def _items_by_code(store: LocalStore) -> dict[str, dict[str, Any]]:
    return {row["code"]: row for row in store.fetch_rows("plan_item", "plan_id = ?", (str(PLAN_ID),))}


def _outbox(store: LocalStore) -> list[tuple[str, str, str, str]]:
    return store.connection.execute('SELECT row_id, op, base, "values" FROM outbox ORDER BY seq').fetchall()


def _write_csv(path: Path, lines: list[str]) -> Path:
    path.write_text(HEADER + "\r\n" + "\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_exported_file_round_trips(source: LocalStore, target: LocalStore, tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"plano{suffix}"
    exported = export_plan_items(source, PLAN_ID, path)

    report = _import(target, path)

    assert report.inserted == exported == 300
    assert report.rejected == []
    original, imported = _items_by_code(source), _items_by_code(target)
    # The file gives an initiative with tasks the progress the sheet shows: their roll-up.
    for item_id, progress in shown_progress(list(original.values())).items():
        next(row for row in original.values() if row["id"] == item_id)["progress"] = progress
    assert original.keys() == imported.keys()
    for code, row in original.items():
        for name in COMPARED_FIELDS:
            expected = row[name] if row[name] != "" else None  # empty text reads back as an empty cell
            assert imported[code][name] == expected, (code, name)
        assert imported[code]["approval_state"] == "rascunho"


def test_unedited_export_reimports_unchanged(source: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.xlsx"
    export_plan_items(source, PLAN_ID, path)

    report = _import(source, path)

    assert (report.inserted, report.updated, report.unchanged) == (0, 0, 300)
    assert _outbox(source) == []


def test_edited_export_updates_through_outbox(source: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.csv"
    export_plan_items(source, PLAN_ID, path)
    text = path.read_text(encoding="utf-8-sig")
    old_row = _items_by_code(source)["INI-001"]
    lines = text.split("\r\n")
    index = next(i for i, line in enumerate(lines) if ";INI-001;" in line)
    lines[index] = lines[index].replace(old_row["responsible"], "Rafael Costa Nunes", 1)
    path.write_text("\r\n".join(lines), encoding="utf-8-sig")

    report = _import(source, path)

    assert (report.inserted, report.updated, report.unchanged) == (0, 1, 299)
    assert _items_by_code(source)["INI-001"]["responsible"] == "Rafael Costa Nunes"
    [(row_id, op, base, values)] = _outbox(source)
    assert (row_id, op) == (str(old_row["id"]), "update")
    assert json.loads(base) == {"responsible": old_row["responsible"]}
    assert json.loads(values) == {"responsible": "Rafael Costa Nunes"}


def test_initiative_progress_change_rejected(source: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.xlsx"
    export_plan_items(source, PLAN_ID, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    code_column, progress_column = header.index("Código"), header.index("Progresso (%)")
    row = next(cells for cells in sheet.iter_rows(min_row=2) if cells[code_column].value == "INI-001")
    row[progress_column].value = 99
    workbook.save(path)

    report = _import(source, path)

    assert (report.updated, report.unchanged) == (0, 299)
    assert len(report.rejected) == 1
    assert "Progresso (%)" in report.rejected[0].reason
    assert _outbox(source) == []


def test_update_keeps_earlier_rule_break(source: LocalStore, tmp_path: Path) -> None:
    # INI-001's months stop summing to its planned total before the export; the file edits only its responsible.
    with source.transaction() as connection:
        connection.execute(f"UPDATE plan_item SET {MONTHS[0]} = COALESCE({MONTHS[0]}, 0) + 10000 WHERE code = 'INI-001'")
    path = tmp_path / "plano.csv"
    export_plan_items(source, PLAN_ID, path)
    old_row = _items_by_code(source)["INI-001"]
    text = path.read_text(encoding="utf-8-sig")
    lines = text.split("\r\n")
    index = next(i for i, line in enumerate(lines) if ";INI-001;" in line)
    lines[index] = lines[index].replace(old_row["responsible"], "Rafael Costa Nunes", 1)
    path.write_text("\r\n".join(lines), encoding="utf-8-sig")

    report = _import(source, path)

    assert report.rejected == []
    assert report.updated == 1
    assert _items_by_code(source)["INI-001"]["responsible"] == "Rafael Costa Nunes"
    [flagged] = [row for row in report.flagged if row.row_id == old_row["id"]]
    assert any("já estava assim antes da importação" in message for message in flagged.warnings)


def test_update_newly_breaking_rule_rejected(source: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.csv"
    export_plan_items(source, PLAN_ID, path)
    old_row = _items_by_code(source)["INI-001"]
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    index = next(i for i, line in enumerate(lines) if ";INI-001;" in line)
    cells = lines[index].split(";")
    cells[header.index("Valor planejado")] = "1,00"
    lines[index] = ";".join(cells)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")

    report = _import(source, path)

    assert report.updated == 0
    assert len(report.rejected) == 1
    assert "Cronograma" in str(report.rejected[0])
    assert _items_by_code(source)["INI-001"]["planned_total"] == old_row["planned_total"]


def test_rejected_rows_give_line_and_reason(target: LocalStore, tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "itens.csv",
        [
            "A-1;Valido;Promotoria de Justiça de Vila Velha;01/02/2026;30/06/2026;Em andamento;50;1.200,00;600,00;600,00",
            "A-2;Data ruim;;31/02/2026;30/06/2026;;;;;",
            "A-3;Valor ruim;;;;;;mil;;",
            "A-4;Cronograma;;;;;;1.000,00;100,00;100,00",
            "A-5;Concluido;;;;Concluído;50;;;",
            "A-6;Unidade;Promotoria Inexistente;;;;;;;",
            "A-2;Repetido;;;;;;;;",
            ";Sem codigo;;;;;;;;",
            "A-9;Negativo;;;;;;-5,00;;",
            "A-10;Fora do ano;;01/02/2025;30/06/2026;;;;;",
        ],
    )

    report = _import(target, path)

    assert report.inserted == 1
    reasons = {rejected.line: rejected.reason for rejected in report.rejected}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "Data '31/02/2026' não existe no calendário" in reasons[3]
    assert "valor 'mil' na coluna 'Valor planejado' não é um número" in reasons[4]
    assert "Cronograma de desembolso soma R$ 200,00, mas o valor planejado é R$ 1.000,00" in reasons[5]
    assert "exige progresso de 100%" in reasons[6]
    assert "unidade 'Promotoria Inexistente' da coluna 'Unidade' não encontrada" in reasons[7]
    assert "código 'A-2' repetido nas linhas 3, 8" in reasons[8]
    assert "código 'A-2' repetido nas linhas 3, 8" in reasons[3]
    assert "Informe o código do item." in reasons[9]
    assert "Valor negativo em Valor planejado" in reasons[10]
    assert "fora do ano do plano, 2026" in reasons[11]
    assert list(_items_by_code(target)) == ["A-1"]


def test_money_cells_convert_exactly(target: LocalStore, tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "valores.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for column, label in enumerate(["Código", "Título", "Valor planejado", "Jan"]):
        sheet.write_string(0, column, label)
    rows = [("M-1", 68.68, 68.68), ("M-2", 0.1 + 0.2, 0.1 + 0.2), ("M-3", 1234567.891, None)]
    for number, (code, planned, january) in enumerate(rows, start=1):
        sheet.write_string(number, 0, code)
        sheet.write_string(number, 1, "Item")
        sheet.write_number(number, 2, planned)
        if january is not None:
            sheet.write_number(number, 3, january)
    workbook.close()

    report = _import(target, path)

    items = _items_by_code(target)
    assert items["M-1"]["planned_total"] == Decimal("68.68")
    assert items["M-2"]["planned_total"] == Decimal("0.30")  # 0.30000000000000004, as Excel shows it
    assert [rejected.line for rejected in report.rejected] == [4]
    assert "mais de duas casas decimais" in report.rejected[0].reason


def test_rows_outside_scope_rejected(target: LocalStore, tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "itens.csv",
        [
            "P-1;Da unidade;Promotoria de Justiça de Vila Velha;;;;;;;",
            "P-2;De outra unidade;Promotoria de Justiça de Colatina;;;;;;;",
        ],
    )

    report = _import(target, path, user=ANA_PAA)

    assert report.inserted == 1
    [rejected] = report.rejected
    assert rejected.line == 3
    assert "Promotoria de Justiça de Colatina" in rejected.reason
    assert "fora do seu escopo" in rejected.reason
    assert _items_by_code(target)["P-1"]["unit_id"] == PJ_VILA_VELHA
    assert "P-2" not in _items_by_code(target)
    assert PJ_COLATINA not in {row["unit_id"] for row in target.fetch_rows("plan_item")}


def test_auditor_imports_nothing(target: LocalStore, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "itens.csv", ["P-1;Item;;;;;;;;"])

    report = _import(target, path, user=MARCOS_AUDITOR)

    assert report.inserted == 0
    assert "Auditor só consulta" in report.rejected[0].reason


def test_outbox_one_entry_per_insert(source: LocalStore, target: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.xlsx"
    export_plan_items(source, PLAN_ID, path)

    report = _import(target, path)

    entries = _outbox(target)
    assert len(entries) == report.inserted == 300
    assert {op for _row, op, _base, _values in entries} == {"insert"}
    assert sorted(row_id for row_id, *_rest in entries) == sorted(report.written.inserted_ids)
    row_id, _op, base, values = entries[0]
    stored = target.fetch_row("plan_item", uuid.UUID(row_id))
    assert stored is not None
    wire = {name: value for name, value in codec.row_to_wire(PLAN_ITEM, stored).items() if value is not None}
    del wire["id"]
    assert json.loads(base) == {}
    assert json.loads(values) == wire
    assert target.status().pending == 300


def test_cancel_during_write_leaves_nothing(source: LocalStore, target: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.xlsx"
    export_plan_items(source, PLAN_ID, path)
    checks: list[int] = []

    def cancel() -> bool:
        checks.append(1)
        return len(checks) > 2  # after the block of rows and the check before the write: inside the transaction

    report = _import(target, path, cancel=cancel)

    assert report.cancelled
    assert report.inserted == 0
    assert target.count("plan_item") == 0
    assert _outbox(target) == []


def test_undo_removes_rows_and_pending_entries(source: LocalStore, target: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.xlsx"
    export_plan_items(source, PLAN_ID, path)
    report = _import(target, path)
    assert target.count("plan_item") == 300

    removed = undo_item_import(target, report)

    assert removed == 300
    assert target.count("plan_item") == 0
    assert _outbox(target) == []
    assert target.connection.execute("SELECT COUNT(*) FROM pending_field").fetchone()[0] == 0
    assert undo_item_import(target, report) == 0


def test_undo_restores_updated_items(source: LocalStore, tmp_path: Path) -> None:
    before = _items_by_code(source)["INI-002"]
    path = tmp_path / "titulos.csv"
    path.write_text("Código;Título\r\nINI-002;Título novo\r\n", encoding="utf-8")
    report = _import(source, path)
    assert (report.updated, report.unchanged) == (1, 0)
    assert _items_by_code(source)["INI-002"]["title"] == "Título novo"

    undo_item_import(source, report)

    assert _items_by_code(source)["INI-002"]["title"] == before["title"]
    entries = _outbox(source)
    assert [op for _row, op, _base, _values in entries] == ["update", "update"]
    assert json.loads(entries[1][3]) == {"title": before["title"]}


def test_mapping_without_code_rejected(target: LocalStore, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "itens.csv", ["X-1;Item;;;;;;;;"])
    table = read_table(path, typed=True)
    mapping = PLAN_ITEMS.resolved(table.columns)
    del mapping.fields["code"]

    with pytest.raises(ItemImportError, match="Associe uma coluna ao campo 'Código'"):
        import_plan_items(target, table, mapping, 2026, PJ_VILA_VELHA)


def test_missing_plan_year_rejected(target: LocalStore, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "itens.csv", ["X-1;Item;;;;;;;;"])
    table = read_table(path, typed=True)

    with pytest.raises(ItemImportError, match="Não há Plano de Ação Anual 2031"):
        import_plan_items(target, table, PLAN_ITEMS.resolved(table.columns), 2031, PJ_VILA_VELHA)


def test_months_without_planned_total_rejected(target: LocalStore, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "itens.csv", ["S-1;Item;;;;;;;10,00;"])

    report = _import(target, path)

    assert report.inserted == 0
    assert "o valor planejado está vazio" in report.rejected[0].reason
    assert all(name in PLAN_ITEM.field_names for name in MONTHS)


def test_money_column_with_empty_cells(target: LocalStore, tmp_path: Path) -> None:
    import xlsxwriter

    path = tmp_path / "meses.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    for column, label in enumerate(["Código", "Título", "Valor planejado", "Jan", "Fev"]):
        sheet.write_string(0, column, label)
    sheet.write_row(1, 0, ["E-1", "Item", 100.5, 100.5])
    sheet.write_row(2, 0, ["E-2", "Item", 20.25, 10.0, 10.25])
    sheet.write_row(3, 0, ["E-3", "Item", 7.0])
    workbook.close()

    report = _import(target, path)

    assert report.inserted == 3
    items = _items_by_code(target)
    assert (items["E-1"]["month_01"], items["E-1"]["month_02"]) == (Decimal("100.50"), None)
    assert (items["E-2"]["month_01"], items["E-2"]["month_02"]) == (Decimal("10.00"), Decimal("10.25"))
    assert items["E-3"]["planned_total"] == Decimal("7.00")
    values = {json.loads(values)["code"]: json.loads(values) for _row, _op, _base, values in _outbox(target)}
    assert values["E-1"]["month_01"] == "100.50"
    assert "month_02" not in values["E-1"]


COMPRAS_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "compras-coronavirus-controle.csv"


@pytest.mark.shared_data
@pytest.mark.skipif(not COMPRAS_FILE.exists(), reason="../shared/data not present")
def test_real_purchase_file_as_items(target: LocalStore) -> None:
    table = read_table(COMPRAS_FILE, typed=True)
    mapping = PLAN_ITEMS.resolved(table.columns)
    mapping.fields = {
        "code": "NUMERO_PROCESSO_COMPRA",
        "title": "SIGLA_ORGAO_ENTIDADE",
        "sei_process": "PROCESSO_SEI",
        "notes": "OBSERVACAO",
    }

    report = import_plan_items(target, table, mapping, 2026, PJ_VILA_VELHA)

    assert report.rows_read == 169
    assert report.inserted + len(report.rejected) == 169
    assert report.inserted == len({row["code"] for row in target.fetch_rows("plan_item")})
    assert all("repetido" in rejected.reason for rejected in report.rejected)
    assert report.flagged
    assert all(flagged.warnings[0].startswith("Processo SEI '") for flagged in report.flagged)
    assert any("formato SEI de Minas Gerais" in flagged.warnings[0] for flagged in report.flagged)
    stored = _items_by_code(target)["1501561 000005/2020"]
    assert stored["sei_process"] == "1500.01.0014225/2020-94"


def test_fast_checks_agree_with_validation(target: LocalStore, tmp_path: Path) -> None:
    """The import rejects exactly the rows in which validate_plan_item finds an error."""
    import random

    from planmp_desktop.domain.dates import parse_date
    from planmp_desktop.domain.money import parse_decimal, parse_money
    from planmp_desktop.domain.validation import validate_plan_item

    rng = random.Random(3)
    header = "Código;Título;Situação;Progresso (%);Peso (%);Início;Término;Natureza de despesa;Meta física;Valor planejado;Jan;Fev"
    statuses = {"Em andamento": "em_andamento", "Concluído": "concluido", "": None}
    lines, expected_errors = [], {}
    for number in range(300):
        status = rng.choice(list(statuses))
        progress = rng.choice(["50", "100", "150", ""])
        weight = rng.choice(["20", "120", ""])
        start = rng.choice(["01/02/2026", "01/11/2026", "01/02/2025", ""])
        end = rng.choice(["30/06/2026", "31/12/2026", ""])
        natureza = rng.choice(["3.3.90.39", "3.4.90.39", ""])
        quantity = rng.choice(["5", "-1", ""])
        planned = rng.choice(["200,00", "150,00", "-10,00", ""])
        january = rng.choice(["100,00", "50,00", ""])
        february = rng.choice(["100,00", ""])
        lines.append(
            f"F-{number};Item;{status};{progress};{weight};{start};{end};{natureza};{quantity};{planned};{january};{february}"
        )
        row: dict[str, Any] = {"code": f"F-{number}", "title": "Item", "status": statuses[status]}
        for name, text, parse in (
            ("progress", progress, parse_decimal),
            ("weight", weight, parse_decimal),
            ("target_quantity", quantity, parse_decimal),
            ("start_date", start, parse_date),
            ("end_date", end, parse_date),
            ("planned_total", planned, parse_money),
            ("month_01", january, parse_money),
            ("month_02", february, parse_money),
        ):
            row[name] = parse(text) if text else None
        row["natureza_despesa"] = natureza or None
        errors = [issue for issue in validate_plan_item(row, 2026) if issue.severity == "error"]
        expected_errors[number + 2] = bool(errors)
    path = tmp_path / "regras.csv"
    path.write_text(header + "\r\n" + "\r\n".join(lines) + "\r\n", encoding="utf-8")

    report = _import(target, path)

    rejected_lines = {rejected.line for rejected in report.rejected}
    assert rejected_lines == {line for line, has_errors in expected_errors.items() if has_errors}
    assert report.inserted == 300 - len(rejected_lines)
    assert 0 < len(rejected_lines) < 300


def test_initiative_progress_from_tasks_rejected(source: LocalStore, tmp_path: Path) -> None:
    (parent_id,) = source.connection.execute(
        "SELECT parent_id FROM plan_item WHERE parent_id IS NOT NULL ORDER BY parent_id LIMIT 1"
    ).fetchone()
    initiative = source.fetch_row("plan_item", uuid.UUID(parent_id))
    assert initiative is not None
    path = tmp_path / "progresso.csv"
    path.write_text(
        f"Código;Título;Progresso (%)\r\n{initiative['code']};{initiative['title']};50\r\n", encoding="utf-8"
    )

    report = _import(source, path)

    assert report.updated == 0
    [rejected] = report.rejected
    assert "calculado a partir das tarefas" in rejected.reason
    assert _outbox(source) == []
