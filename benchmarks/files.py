"""Spreadsheet figures: import of a 100,000 × 30 XLSX into the plan and export of the plan to XLSX.

The import is the wizard's: ``io.readers.read_table`` (python-calamine, typed
cells), the "Itens do plano" preset matching the sheet's column labels, and
``io.item_import.import_plan_items``, which parses each column, checks rows
with the domain's rules and the user's permissions, and writes rows and
outbox entries in one transaction.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, build_store, median_of, time_call
from planmp_desktop.contract.schema import MONTHS, PLAN_ITEM, FieldType
from planmp_desktop.io.export import CODE_LABELS, EXPORT_FIELDS, export_plan_items
from planmp_desktop.io.item_import import import_plan_items
from planmp_desktop.io.mapping import PLAN_SHEET, find_preset
from planmp_desktop.io.readers import read_table
from planmp_desktop.services import CurrentUser
from planmp_desktop.store.local import LocalStore
from tests.gui.store_fill import ANA, PJ_VILA_VELHA, PLAN_ID, plan_item_values

# The PAA of the Vila Velha promotoria, whose unit the imported items go to.
ANA_AS_USER = CurrentUser(oid=ANA, username="ana.ribeiro", name="Ana Paula Ribeiro", profile="PAA",
                          home_unit_id=PJ_VILA_VELHA)

# Thirty plan_item fields an analyst fills in a spreadsheet: identity, schedule, budget and the 12 months.
IMPORT_FIELDS: tuple[str, ...] = (
    "code", "title", "kind", "responsible", "start_date", "end_date", "status", "weight", "priority", "risk",
    "deliverable", "target_quantity", "sei_process", "programa", "acao", "natureza_despesa", "progress",
    "planned_total", *MONTHS,
)

EXCEL_EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system, as xlsxwriter counts it


def write_import_file(path: Path, row_count: int) -> Path:
    """Write ``row_count`` plan items as an XLSX with pt-BR headers: numbers, dates and closed-list labels."""
    import xlsxwriter

    from planmp_desktop.gui.sheet_columns import COLUMN_INDEX, SHEET_COLUMNS, display_text

    rng = random.Random(11)
    columns = [SHEET_COLUMNS[COLUMN_INDEX[name]] for name in IMPORT_FIELDS]
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Itens")
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for number, column in enumerate(columns):
        sheet.write_string(0, number, column.label)
    for row in range(1, row_count + 1):
        values = plan_item_values(row - 1, rng)
        values["code"] = f"IMP-{row:06d}"
        for number, column in enumerate(columns):
            value = values[column.name]
            field_type = column.field.type
            if field_type in (FieldType.MONEY, FieldType.DECIMAL):
                sheet.write_number(row, number, float(value))
            elif field_type is FieldType.DATE:
                sheet.write_datetime(row, number, dt.datetime.fromisoformat(value), date_format)
            elif column.choices:
                sheet.write_string(row, number, display_text(column, value))
            else:
                sheet.write_string(row, number, str(value))
    workbook.close()
    return path


def import_rows(store: LocalStore, path: Path) -> dict[str, int]:
    """Import ``path`` into the plan as the wizard does: typed read, the plan-items preset, ``import_plan_items``."""
    table = read_table(path, typed=True)
    mapping = find_preset(table.columns)
    if mapping is None or mapping.entity != PLAN_SHEET:
        raise RuntimeError(f"the plan-items preset does not match the columns of {path.name}")
    report = import_plan_items(store, table, mapping, 2026, PJ_VILA_VELHA, ANA_AS_USER)
    return {"inserted": report.inserted, "refused": len(report.rejected)}


def import_xlsx(work: Path, repeats: int, row_count: int) -> Figure:
    """Import against python-calamine reading the same file; each import goes into a fresh store."""
    from python_calamine import CalamineWorkbook

    source = write_import_file(work / "import.xlsx", row_count)
    samples = []
    floor_samples = []
    outcome: dict[str, int] = {}
    for number in range(repeats):
        floor_samples.append(time_call(
            lambda: CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0).to_python()
        ))
        store = LocalStore(build_store(work / f"import-{number}.sqlite3", 0))
        start = time.perf_counter()
        outcome = import_rows(store, source)
        samples.append(time.perf_counter() - start)
        store.close()
    return Figure(
        name="import_xlsx",
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples),
        target=1.5,
        target_kind="ratio",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"read_table(typed) + import_plan_items (parse, validate, permissions, one transaction) of "
        f"{row_count:,} × "
        f"{len(IMPORT_FIELDS)}; {outcome.get('inserted', 0):,} inserted, {outcome.get('refused', 0):,} refused; "
        "floor: calamine to_python()",
    )


def import_required_writes(work: Path, repeats: int, row_count: int) -> Figure:
    """Time the SQLite write alone of what one import stores, against the import figure's floor.

    The rows and outbox entries of an import (made by ``import_xlsx`` with the
    same file) are read back and inserted again into a fresh store with two
    plain ``executemany`` calls in one transaction, with the store's own pragmas
    and indexes. No import can write them faster, so the import's ratio cannot
    come out below this one.
    """
    from python_calamine import CalamineWorkbook

    source = write_import_file(work / "import.xlsx", row_count)
    imported = LocalStore(build_store(work / "import-written.sqlite3", 0))
    connection = imported.connection
    (last_item,) = connection.execute("SELECT COALESCE(MAX(rowid), 0) FROM plan_item").fetchone()
    (last_entry,) = connection.execute("SELECT COALESCE(MAX(seq), 0) FROM outbox").fetchone()
    import_rows(imported, source)
    tables = {}
    for table, where in (("plan_item", f"rowid > {last_item}"), ("outbox", f"seq > {last_entry}")):
        cursor = connection.execute(f"SELECT * FROM {table} WHERE {where}")
        tables[table] = ([column[0] for column in cursor.description], cursor.fetchall())
    imported.close()

    samples = []
    floor_samples = []
    for number in range(repeats):
        floor_samples.append(time_call(
            lambda: CalamineWorkbook.from_path(str(source)).get_sheet_by_index(0).to_python()
        ))
        store = LocalStore(build_store(work / f"import-bound-{number}.sqlite3", 0))

        def write() -> None:
            with store.transaction() as connection:
                for table, (names, records) in tables.items():
                    quoted = ", ".join(f'"{name}"' for name in names)
                    connection.executemany(
                        f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in names)})", records
                    )

        samples.append(time_call(write))
        store.close()
    return Figure(
        name="import_required_writes",
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples),
        target=None,
        target_kind="report",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"sqlite3 executemany of the {len(tables['plan_item'][1]):,} rows and {len(tables['outbox'][1]):,} "
        "outbox entries one import writes, one transaction, into a fresh store; floor: the import figure's",
    )


def export_xlsx(store_path: Path, work: Path, repeats: int) -> Figure:
    """Export the plan with ``export_plan_items`` against xlsxwriter writing the same cells from memory."""
    store = LocalStore(store_path)
    cells = _export_cells(store)
    samples = []
    floor_samples = []
    for number in range(repeats):
        floor_samples.append(time_call(lambda: _write_cells(work / f"floor-{number}.xlsx", cells)))
        samples.append(time_call(lambda: export_plan_items(store, PLAN_ID, work / f"export-{number}.xlsx")))
    store.close()
    return Figure(
        name="export_xlsx",
        value=median_of(samples),
        unit="s",
        floor=median_of(floor_samples),
        target=1.2,
        target_kind="ratio",
        samples=samples,
        floor_samples=floor_samples,
        notes=f"export_plan_items of {len(cells):,} rows × {len(EXPORT_FIELDS)} fields; floor: xlsxwriter "
        "constant_memory writing the same typed cells, prepared beforehand",
    )


def _export_cells(store: LocalStore) -> list[list[tuple[str, Any]]]:
    """Return the cells the export writes, as (kind, value) pairs prepared in memory."""
    names = {row["id"]: row["name"] for row in store.fetch_rows("unit")}
    fields = [PLAN_ITEM.field(name) for name in EXPORT_FIELDS]
    rows = store.fetch_rows("plan_item", "plan_id = ?", (str(PLAN_ID),), order_by="code, id")
    cells = []
    for row in rows:
        record: list[tuple[str, Any]] = []
        for field in fields:
            value = row.get(field.name)
            if value is None:
                record.append(("skip", None))
            elif field.type is FieldType.UUID:
                record.append(("string", names.get(value, str(value))))
            elif field.name in CODE_LABELS:
                record.append(("string", CODE_LABELS[field.name].get(str(value), str(value))))
            elif field.type is FieldType.MONEY:
                record.append(("money", float(value)))
            elif field.type is FieldType.DECIMAL:
                record.append(("number", float(value)))
            elif field.type is FieldType.DATE:
                # The Excel serial, prepared here as the export computes it: write_datetime would
                # make the same number from a datetime, at a cost the export does not pay.
                record.append(("date", float((value - EXCEL_EPOCH).days)))
            elif field.type is FieldType.BOOL:
                record.append(("string", "Sim" if value else "Não"))
            else:
                record.append(("string", str(value)))
        cells.append(record)
    return cells


def _write_cells(path: Path, cells: list[list[tuple[str, Any]]]) -> None:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Plano")
    money = workbook.add_format({"num_format": "#,##0.00"})
    date = workbook.add_format({"num_format": "dd/mm/yyyy"})
    header = workbook.add_format({"bold": True})
    for column, name in enumerate(EXPORT_FIELDS):
        sheet.write_string(0, column, PLAN_ITEM.field(name).label, header)
    for row_number, record in enumerate(cells, start=1):
        for column, (kind, value) in enumerate(record):
            if kind == "string":
                sheet.write_string(row_number, column, value)
            elif kind == "money":
                sheet.write_number(row_number, column, value, money)
            elif kind == "number":
                sheet.write_number(row_number, column, value)
            elif kind == "date":
                sheet.write_number(row_number, column, value, date)
    sheet.freeze_panes(1, 2)
    workbook.close()
