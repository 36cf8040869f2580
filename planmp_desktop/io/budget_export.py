"""Export of budget lines, in PlanMP's own layout or the Portal da Transparência's "Orçamento da Despesa".

PlanMP's layout has one column per budget-line field, titled with the
field's label, so the import wizard maps a file back by itself and a
re-import updates the same lines. The Portal's lacks modalidade, fonte,
liquidado and pago: a re-import of it cannot find the lines again.

The Portal CSV matches the portal's download: the same 26 columns in the same
order, ``;`` separators, every field in double quotes, ISO-8859-1, CRLF and
decimal comma without thousands separators. Columns PlanMP does not hold
(names of órgãos and programs, orçamento realizado) are left empty.
"""

from __future__ import annotations

import csv
import logging
import uuid
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from planmp_desktop.contract.schema import BUDGET_LINE
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.money import format_money
from planmp_desktop.io.export import close_workbook
from planmp_desktop.domain.natureza import categoria_label, elemento_label, grupo_label, parse_natureza
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)

PORTAL_ENCODING = "iso-8859-1"
PORTAL_COLUMNS: tuple[str, ...] = (
    "EXERCÍCIO",
    "CÓDIGO ÓRGÃO SUPERIOR",
    "NOME ÓRGÃO SUPERIOR",
    "CÓDIGO ÓRGÃO SUBORDINADO",
    "NOME ÓRGÃO SUBORDINADO",
    "CÓDIGO UNIDADE ORÇAMENTÁRIA",
    "NOME UNIDADE ORÇAMENTÁRIA",
    "CÓDIGO FUNÇÃO",
    "NOME FUNÇÃO",
    "CÓDIGO SUBFUNÇÃO",
    "NOME SUBFUNÇÃO",
    "CÓDIGO PROGRAMA ORÇAMENTÁRIO",
    "NOME PROGRAMA ORÇAMENTÁRIO",
    "CÓDIGO AÇÃO",
    "NOME AÇÃO",
    "CÓDIGO CATEGORIA ECONÔMICA",
    "NOME CATEGORIA ECONÔMICA",
    "CÓDIGO GRUPO DE DESPESA",
    "NOME GRUPO DE DESPESA",
    "CÓDIGO ELEMENTO DE DESPESA",
    "NOME ELEMENTO DE DESPESA",
    "ORÇAMENTO INICIAL (R$)",
    "ORÇAMENTO ATUALIZADO (R$)",
    "ORÇAMENTO EMPENHADO (R$)",
    "ORÇAMENTO REALIZADO (R$)",
    "% REALIZADO DO ORÇAMENTO (COM RELAÇÃO AO ORÇAMENTO ATUALIZADO)",
)
MONEY_COLUMNS = {
    "ORÇAMENTO INICIAL (R$)": "dotacao_inicial",
    "ORÇAMENTO ATUALIZADO (R$)": "dotacao_atualizada",
    "ORÇAMENTO EMPENHADO (R$)": "empenhado",
}
BATCH_ROWS = 5000
PORTAL_LAYOUT = "portal"
PLANMP_LAYOUT = "planmp"
# PlanMP's layout: every field a budget line holds, except its ids; the unit is the import's choice.
PLANMP_FIELDS = tuple(f for f in BUDGET_LINE.fields if f.name not in ("id", "unit_id", "plan_item_id"))
# Characters of Windows-1252 that ISO-8859-1 lacks and that pt-BR labels use.
_LATIN1_FALLBACK = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


def export_budget_lines(
    store: LocalStore,
    path: Path,
    *,
    year: int | None = None,
    unit_id: uuid.UUID | None = None,
    layout: str = PORTAL_LAYOUT,
) -> int:
    """Write budget lines to ``path`` (.csv or .xlsx) in ``layout``; returns the row count.

    ``year`` and ``unit_id`` limit the export when given.
    """
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValueError(
            _("Formato de exportação '{suffix}' não suportado: use .csv ou .xlsx.").format(suffix=path.suffix)
        )
    where, params = _filter(year, unit_id)
    if layout == PLANMP_LAYOUT:
        labels = [f.label for f in PLANMP_FIELDS]
        planmp_rows = ({f.label: row.get(f.name) for f in PLANMP_FIELDS} for row in _iter_rows(store, where, params))
        if suffix == ".csv":
            count = _write_planmp_csv(path, labels, planmp_rows)
        else:
            count = _write_xlsx(path, planmp_rows, labels, "Linhas orçamentárias")
    else:
        rows = (_portal_record(row) for row in _iter_rows(store, where, params))
        count = _write_csv(path, rows) if suffix == ".csv" else _write_xlsx(path, rows, PORTAL_COLUMNS, "Orçamento da Despesa")
    log.info("Exported %d budget lines in the %s layout to %s", count, layout, path)
    return count


def portal_money(value: Decimal | None) -> str:
    """Format money as the portal does: ``1234567,89``, ``-12,00``; empty for None."""
    if value is None:
        return ""
    return format(value.quantize(Decimal("0.01")), "f").replace(".", ",")


def _filter(year: int | None, unit_id: uuid.UUID | None) -> tuple[str, tuple[Any, ...]]:
    clauses = []
    params: list[Any] = []
    if year is not None:
        clauses.append("year = ?")
        params.append(year)
    if unit_id is not None:
        clauses.append("unit_id = ?")
        params.append(str(unit_id))
    return " AND ".join(clauses), tuple(params)


def _iter_rows(store: LocalStore, where: str, params: tuple[Any, ...]) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        batch = store.fetch_rows(
            "budget_line",
            where,
            params,
            order_by="year, uo, funcao, subfuncao, programa, acao, natureza_despesa, id",
            limit=BATCH_ROWS,
            offset=offset,
        )
        yield from batch
        if len(batch) < BATCH_ROWS:
            return
        offset += BATCH_ROWS


def _portal_record(row: dict[str, Any]) -> dict[str, Any]:
    """Return the Portal columns of one budget line: text for codes, Decimal or None for money."""
    record: dict[str, Any] = dict.fromkeys(PORTAL_COLUMNS, "")
    record["EXERCÍCIO"] = str(row["year"])
    record["CÓDIGO UNIDADE ORÇAMENTÁRIA"] = row.get("uo") or ""
    record["CÓDIGO FUNÇÃO"] = row.get("funcao") or ""
    record["CÓDIGO SUBFUNÇÃO"] = row.get("subfuncao") or ""
    record["CÓDIGO PROGRAMA ORÇAMENTÁRIO"] = row.get("programa") or ""
    record["CÓDIGO AÇÃO"] = row.get("acao") or ""

    natureza_text = row.get("natureza_despesa")
    if natureza_text:
        try:
            natureza = parse_natureza(natureza_text)
        except DomainValueError:
            natureza = None
        if natureza is not None:
            record["CÓDIGO CATEGORIA ECONÔMICA"] = natureza.categoria
            record["NOME CATEGORIA ECONÔMICA"] = categoria_label(natureza.categoria) or ""
            record["CÓDIGO GRUPO DE DESPESA"] = natureza.grupo
            record["NOME GRUPO DE DESPESA"] = grupo_label(natureza.grupo) or ""
            record["CÓDIGO ELEMENTO DE DESPESA"] = natureza.elemento
            record["NOME ELEMENTO DE DESPESA"] = elemento_label(natureza.elemento) or ""

    for column, name in MONEY_COLUMNS.items():
        record[column] = row.get(name)
    # NOTE: the portal's "realizado" is not PlanMP's pago (see io/mapping.py),
    # so that column and its percentage stay empty.
    record["ORÇAMENTO REALIZADO (R$)"] = None
    return record


def _write_csv(path: Path, records: Iterator[dict[str, Any]]) -> int:
    count = 0
    with path.open("w", encoding=PORTAL_ENCODING, errors="replace", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        writer.writerow(PORTAL_COLUMNS)
        for record in records:
            values = []
            for column in PORTAL_COLUMNS:
                value = record[column]
                if column in MONEY_COLUMNS or column == "ORÇAMENTO REALIZADO (R$)":
                    values.append(portal_money(value))
                else:
                    values.append(str(value).translate(_LATIN1_FALLBACK))
            writer.writerow(values)
            count += 1
    return count


def _write_planmp_csv(path: Path, labels: list[str], records: Iterator[dict[str, Any]]) -> int:
    """Write PlanMP's layout as Excel opens a pt-BR CSV: UTF-8 with BOM, ``;`` and ``1.234,56``."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\r\n")
        writer.writerow(labels)
        for record in records:
            writer.writerow([_planmp_text(record[label]) for label in labels])
            count += 1
    return count


def _planmp_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format_money(value)
    return value


def _write_xlsx(path: Path, records: Iterator[dict[str, Any]], columns: Sequence[str], sheet_name: str) -> int:
    import xlsxwriter  # imported here: only exports need it

    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        sheet = workbook.add_worksheet(sheet_name)
        money = workbook.add_format({"num_format": "#,##0.00"})
        header = workbook.add_format({"bold": True})
        for column, name in enumerate(columns):
            sheet.write_string(0, column, name, header)
        count = 0
        for count, record in enumerate(records, start=1):
            for column, name in enumerate(columns):
                value = record[name]
                if isinstance(value, Decimal):
                    # NOTE: a float cell keeps 15 significant digits, enough for
                    # amounts below 10^13 reais.
                    sheet.write_number(count, column, float(value), money)
                elif isinstance(value, int):
                    sheet.write_number(count, column, value)
                elif value:
                    sheet.write_string(count, column, str(value))
        sheet.freeze_panes(1, 0)
    finally:
        close_workbook(workbook)
    return count
