"""Tests of the plan-item export (io.export) against the stored rows, read back with openpyxl and csv.

The module sits beside the sheet tests because it uses their ``store_fill`` store; it drives no widget.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from planmp_desktop.contract.schema import PLAN_ITEM, FieldType
from planmp_desktop.io.export import CODE_LABELS, EXPORT_FIELDS, export_plan_items
from planmp_desktop.store.local import LocalStore

from .sheet_support import shown_progress
from .store_fill import PLAN_ID


@pytest.fixture
def store(store_path: Path) -> Iterator[LocalStore]:
    local = LocalStore(store_path)
    yield local
    local.close()


def _items(store: LocalStore) -> list[dict[str, Any]]:
    """Return the plan's items as the sheet shows them: an initiative with tasks has their rolled-up progress."""
    items = store.fetch_rows("plan_item", "plan_id = ?", (str(PLAN_ID),), order_by="code, id")
    rolled_up = shown_progress(items)
    for item in items:
        if item["id"] in rolled_up:
            item["progress"] = rolled_up[item["id"]]
    return items


def _unit_names(store: LocalStore) -> dict[Any, str]:
    return {row["id"]: row["name"] for row in store.fetch_rows("unit")}


def test_xlsx_cells_match_stored_values(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.xlsx"

    count = export_plan_items(store, PLAN_ID, path)

    items = _items(store)
    assert count == len(items) == 300
    sheet = openpyxl.load_workbook(path).active
    assert sheet.title == "Plano"
    assert sheet.freeze_panes == "C2"
    header = [cell.value for cell in sheet[1]]
    assert header == [PLAN_ITEM.field(name).label for name in EXPORT_FIELDS]
    units = _unit_names(store)
    for item, cells in zip(items, sheet.iter_rows(min_row=2)):
        for name, cell in zip(EXPORT_FIELDS, cells):
            value = item[name]
            field_type = PLAN_ITEM.field(name).type
            if value is None or value == "":
                assert cell.value in (None, ""), (item["code"], name)
            elif field_type is FieldType.UUID:
                assert cell.value == units[value]
            elif name in CODE_LABELS:
                assert cell.value == CODE_LABELS[name][value]
            elif field_type is FieldType.MONEY:
                assert Decimal(repr(cell.value)).quantize(Decimal("0.01")) == value, (item["code"], name)
                assert cell.number_format == "#,##0.00"
            elif field_type is FieldType.DECIMAL:
                assert Decimal(repr(float(cell.value))) == value
            elif field_type is FieldType.DATE:
                assert cell.value == dt.datetime.combine(value, dt.time())
                assert cell.number_format == "dd/mm/yyyy"
            else:
                assert cell.value == str(value)


def test_csv_texts_are_pt_br(store: LocalStore, tmp_path: Path) -> None:
    path = tmp_path / "plano.csv"

    export_plan_items(store, PLAN_ID, path)

    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.reader(handle, delimiter=";"))
    header, first = records[0], records[1]
    assert len(records) == 301
    item = _items(store)[0]
    by_label = dict(zip(header, first))
    assert by_label["Código"] == item["code"]
    assert by_label["Valor planejado"] == f"{item['planned_total']:.2f}".replace(".", ",")
    assert by_label["Início"] == item["start_date"].strftime("%d/%m/%Y")
    assert by_label["Progresso (%)"] == format(item["progress"].normalize(), "f").replace(".", ",")
    assert by_label["Situação"] == CODE_LABELS["status"][item["status"]]
    assert by_label["Unidade"] == _unit_names(store)[item["unit_id"]]


def test_dates_before_march_1900_match_excel(tmp_path: Path) -> None:
    from planmp_desktop.io.export import _excel_serial

    assert _excel_serial("1900-01-01") == 1
    assert _excel_serial("1900-02-28") == 59
    assert _excel_serial("1900-03-01") == 61
    assert _excel_serial("2026-12-31") == 46387


def test_unknown_suffix_rejected(store: LocalStore, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Formato de exportação '.ods' não suportado"):
        export_plan_items(store, PLAN_ID, tmp_path / "plano.ods")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_missing_folder_raises_os_error(store: LocalStore, tmp_path: Path, suffix: str) -> None:
    # xlsxwriter reports it with its own FileCreateError; the export turns it into the OSError callers handle.
    with pytest.raises(FileNotFoundError):
        export_plan_items(store, PLAN_ID, tmp_path / "missing" / f"plano{suffix}")


def test_folder_named_like_file_raises_os_error(store: LocalStore, tmp_path: Path) -> None:
    (tmp_path / "plano.xlsx").mkdir()

    with pytest.raises(IsADirectoryError):
        export_plan_items(store, PLAN_ID, tmp_path / "plano.xlsx")
