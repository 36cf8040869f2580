"""Import of budget lines (linhas orçamentárias) from a table read by ``io.readers``.

Execution figures from financial systems may be negative (estornos) and
aggregated reports need not keep pago ≤ liquidado ≤ empenhado ≤ dotação line
by line, so such rows are imported and flagged with warnings. Only rows that
cannot be read at all are rejected, each with its line and a pt-BR reason.
All accepted rows are written in one transaction.

A file imported again (each month's execution file repeats the year's
lines) updates the lines it imported before instead of adding them twice: a
row matches an existing line of the same year and unit with the same
classification (``KEY_FIELDS``). Rows with equal classifications match
existing lines in file order and line order. ``undo_budget_import`` undoes
both the inserts and the updates.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

from planmp_desktop.contract import codec
from planmp_desktop.contract.schema import BUDGET_LINE
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.money import CENT, MAX_MONEY, format_money
from planmp_desktop.domain.natureza import GRUPOS_BY_CATEGORIA, parse_natureza
from planmp_desktop.domain.validation import validate_execution_order
from planmp_desktop.gc_pause import collection_paused
from planmp_desktop.io.mapping import (
    CATEGORIA,
    ELEMENTO,
    GRUPO,
    MODALIDADE,
    MONEY_TARGETS,
    ColumnMapping,
)
from planmp_desktop.io.readers import DecimalStyle, Table, parse_amount, read_table
from planmp_desktop.store import columns as store_columns
from planmp_desktop.store.bulk import BulkWrite, undo_rows_and_edits, write_rows_and_edits
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)

TEXT_TARGETS = ("esfera", "uo", "ug", "funcao", "subfuncao", "programa", "acao", "localizador", "fonte")
PROGRESS_EVERY = 500
# The classification that identifies a budget line within a year and unit.
KEY_FIELDS = (*TEXT_TARGETS, "natureza_despesa")
FLOAT_NOISE = Decimal("0.000001")  # below this, a difference from the cent is a float's rounding, not data
ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]

_TOTALS_LABEL = re.compile(r"(total|totais|soma|subtotal)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RejectedRow:
    """A line of the file that was not imported."""

    line: int
    reason: str

    def __str__(self) -> str:
        return _("Linha {line}: {message}").format(line=self.line, message=self.reason)


@dataclass(frozen=True)
class FlaggedRow:
    """An imported line with warnings the user should review."""

    line: int
    row_id: uuid.UUID
    warnings: tuple[str, ...]

    def __str__(self) -> str:
        return _("Linha {line}: {message}").format(line=self.line, message=" ".join(self.warnings))


@dataclass
class ImportReport:
    """Outcome of one budget-line import.

    ``inserted_ids`` are the new budget_line ids in file order; deleting them
    undoes the import. ``totals`` sums each money field over the inserted
    rows. ``unmapped_fields`` are budget_line fields no column filled, so
    they stay empty. ``ignored_columns`` maps each column left out on purpose
    to the reason.
    """

    inserted_ids: list[uuid.UUID] = field(default_factory=list)
    updated_ids: list[uuid.UUID] = field(default_factory=list)  # existing lines the file changed
    unchanged: int = 0  # rows equal to a line already imported
    written: BulkWrite | None = None  # what undo_budget_import reverts
    rejected: list[RejectedRow] = field(default_factory=list)
    flagged: list[FlaggedRow] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    rows_read: int = 0
    cancelled: bool = False
    unmapped_fields: list[str] = field(default_factory=list)
    unmapped_columns: list[str] = field(default_factory=list)
    ignored_columns: dict[str, str] = field(default_factory=dict)
    # Parts of the natureza are mapped but not the modalidade, so natureza_despesa stays empty.
    natureza_without_modalidade: bool = False

    @property
    def inserted(self) -> int:
        return len(self.inserted_ids)

    @property
    def updated(self) -> int:
        return len(self.updated_ids)


class _RowRejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@collection_paused()
def import_budget_lines(
    store: LocalStore,
    table_or_path: Table | Path,
    mapping: ColumnMapping,
    year: int | None,
    unit_id: uuid.UUID | None,
    *,
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ImportReport:
    """Convert the rows of a table to budget_line rows of ``year`` and ``unit_id`` and insert them.

    With ``year`` None, each row takes the exercício of the mapped year
    column, so one file can cover several years. A row without one is rejected.

    ``mapping`` maps budget_line fields (and the natureza parts categoria,
    grupo, modalidade, elemento) to column names. ``progress(done, total)``
    is called while rows are converted; ``cancel()`` returning True stops
    before anything is written and sets ``cancelled`` in the report. Once the
    write starts it runs to the end in one transaction.
    """
    table = table_or_path if isinstance(table_or_path, Table) else read_table(table_or_path)
    _check_mapping(table, mapping)
    natureza_without_modalidade = (
        "natureza_despesa" not in mapping.fields
        and MODALIDADE not in mapping.fields
        and any(part in mapping.fields for part in (CATEGORIA, GRUPO, ELEMENTO))
    )
    report = ImportReport(
        natureza_without_modalidade=natureza_without_modalidade,
        rejected=[RejectedRow(problem.line, problem.message) for problem in table.problems],
        totals=dict.fromkeys((t for t in MONEY_TARGETS if t in mapping.fields), Decimal("0.00")),
        unmapped_fields=[
            f.name
            for f in BUDGET_LINE.fields
            if f.name not in ("id", "unit_id", "plan_item_id", "year") and f.name not in mapping.fields
            and not (f.name == "natureza_despesa" and natureza_without_modalidade)
        ],
        unmapped_columns=[
            column
            for column in table.columns
            if column not in mapping.fields.values() and column not in mapping.ignored_columns
        ],
        ignored_columns=dict(mapping.ignored_columns),
    )

    positions = {target: table.columns.index(column) for target, column in mapping.fields.items()}
    new_rows: list[dict[str, Any]] = []
    total = len(table.rows)
    for index, (line, cells) in enumerate(zip(table.line_numbers, table.rows)):
        if index % PROGRESS_EVERY == 0:
            if cancel is not None and cancel():
                return _cancelled(report, index)
            if progress is not None:
                progress(index, total)
        report.rows_read += 1

        if _is_totals_row(cells):
            report.rejected.append(RejectedRow(line, _("linha de totais do relatório, não importada.")))
            continue
        texts = {target: cells[position] for target, position in positions.items()}
        try:
            row, warnings = _budget_row(texts, mapping, table.decimal_style, year)
        except _RowRejected as exc:
            report.rejected.append(RejectedRow(line, exc.reason))
            continue

        row["id"] = uuid.uuid4()
        row["unit_id"] = unit_id
        new_rows.append(row)
        if warnings:
            report.flagged.append(FlaggedRow(line, row["id"], tuple(warnings)))
        for name in report.totals:
            report.totals[name] += row.get(name) or Decimal("0.00")

    if cancel is not None and cancel():
        return _cancelled(report, total)
    if progress is not None:
        progress(total, total)

    file_ids = [row["id"] for row in new_rows]
    inserts, edits, report.unchanged = _match_existing(store, new_rows, year, unit_id)
    # A row that matched a line now carries that line's id, so its warnings point at it.
    line_ids = {file_id: row["id"] for file_id, row in zip(file_ids, new_rows)}
    report.flagged = [FlaggedRow(row.line, line_ids[row.row_id], row.warnings) for row in report.flagged]
    names = ["id", *(f.name for f in BUDGET_LINE.fields if f.name != "id")]
    field_types = [BUDGET_LINE.field(name).type for name in names]
    sql_rows = [
        [store_columns.to_sql(field_type, row.get(name)) for name, field_type in zip(names, field_types)]
        for row in inserts
    ]
    values_json = [
        json.dumps(
            {
                name: codec.to_wire(field_type, row[name])
                for name, field_type in zip(names[1:], field_types[1:])
                if row.get(name) is not None
            },
            ensure_ascii=False,
        )
        for row in inserts
    ]
    if sql_rows or edits:
        report.written = write_rows_and_edits(store, BUDGET_LINE.name, names, sql_rows, values_json, edits)
        report.updated_ids = [uuid.UUID(row_id) for row_id in report.written.previous]
    report.inserted_ids = [row["id"] for row in inserts]
    report.rejected.sort(key=lambda rejected: rejected.line)
    log.info(
        "Imported budget lines: year=%s unit=%s inserted=%d updated=%d unchanged=%d flagged=%d rejected=%d",
        year,
        unit_id,
        report.inserted,
        report.updated,
        report.unchanged,
        len(report.flagged),
        len(report.rejected),
    )
    return report


def _match_existing(
    store: LocalStore, rows: list[dict[str, Any]], year: int | None, unit_id: uuid.UUID | None
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], int]:
    """Split converted rows into new lines and edits of the lines of ``unit_id`` (and their year) they match.

    Returns (rows to insert, {existing id: {field: SQLite value}}, rows equal to their line). A
    matched row's ``id`` becomes its line's id. ``year`` None matches each row in its own year.
    """
    value_fields = [f for f in BUDGET_LINE.fields if f.name not in ("id", "year", "unit_id", "plan_item_id", *KEY_FIELDS)]
    selected = ", ".join(f'"{name}"' for name in ("id", *KEY_FIELDS, *(f.name for f in value_fields)))
    years = sorted({row["year"] for row in rows}) if year is None else [year]
    cursor = store.connection.execute(
        f"SELECT year, {selected} FROM budget_line "
        "WHERE year IN (SELECT value FROM json_each(?)) AND unit_id IS ? ORDER BY rowid",
        (json.dumps(years), None if unit_id is None else str(unit_id)),
    )
    existing: dict[tuple[Any, ...], deque[tuple[Any, ...]]] = defaultdict(deque)
    for line_year, *record in cursor:
        existing[(line_year, *record[1 : 1 + len(KEY_FIELDS)])].append(tuple(record))

    inserts: list[dict[str, Any]] = []
    edits: dict[str, dict[str, Any]] = {}
    unchanged = 0
    offset = 1 + len(KEY_FIELDS)
    for row in rows:
        key = (row["year"], *(row.get(name) for name in KEY_FIELDS))
        matches = existing.get(key)
        if not matches:
            inserts.append(row)
            continue
        record = matches.popleft()
        row["id"] = uuid.UUID(record[0])
        changed = {}
        for position, value_field in enumerate(value_fields):
            # Fields the file lacks keep their stored value (a user's dotação, for instance).
            if value_field.name not in row:
                continue
            new_value = store_columns.to_sql(value_field.type, row[value_field.name])
            if new_value != record[offset + position]:
                changed[value_field.name] = new_value
        if changed:
            edits[record[0]] = changed
        else:
            unchanged += 1
    return inserts, edits, unchanged


def undo_budget_import(store: LocalStore, report: ImportReport) -> int:
    """Remove the lines an import inserted and restore the ones it updated, in one transaction.

    Returns how many lines it removed or restored. Inserts not yet sent
    leave nothing in the outbox (see ``undo_rows_and_edits``).
    """
    count = report.inserted + report.updated
    if report.written is not None:
        undo_rows_and_edits(store, BUDGET_LINE.name, report.written)
    log.info("Undid budget-line import: removed=%d restored=%d", report.inserted, report.updated)
    report.inserted_ids = []
    report.updated_ids = []
    report.written = None
    return count


def _check_mapping(table: Table, mapping: ColumnMapping) -> None:
    missing = [column for column in mapping.fields.values() if column not in table.columns]
    if missing:
        raise ValueError(
            _(
                "Colunas do mapeamento ausentes no arquivo: {columns}. Escolha outro mapeamento ou ajuste as colunas."
            ).format(columns=", ".join(f"'{column}'" for column in missing))
        )
    if not any(target in mapping.fields for target in MONEY_TARGETS):
        raise ValueError(
            _("O mapeamento não tem nenhuma coluna de valor: associe ao menos a dotação ou o empenhado.")
        )


def _cancelled(report: ImportReport, rows_seen: int) -> ImportReport:
    report.cancelled = True
    log.info("Budget-line import cancelled after %d rows; nothing written", rows_seen)
    return report


def _is_totals_row(cells: list[str]) -> bool:
    first = next((cell.strip() for cell in cells if cell.strip()), "")
    return bool(_TOTALS_LABEL.match(first))


def _budget_row(
    texts: dict[str, str], mapping: ColumnMapping, style: DecimalStyle, year: int | None
) -> tuple[dict[str, Any], list[str]]:
    """Return the budget_line values of one row and its warnings; raises _RowRejected when unreadable."""
    warnings: list[str] = []
    row: dict[str, Any] = {"year": _year(texts.get("year", ""), year, mapping)}

    for name in TEXT_TARGETS:
        value = texts.get(name, "").strip()
        row[name] = value or None

    row["natureza_despesa"] = _natureza(texts, warnings)

    for name in MONEY_TARGETS:
        if name in texts:
            row[name] = _money(texts[name], mapping.fields[name], style, warnings)

    initial = row.get("dotacao_inicial")
    if initial is not None and initial < 0:
        warnings.append(
            _("Valor negativo em Dotação inicial ({amount}): confira se é estorno ou cancelamento.").format(
                amount=format_money(initial, symbol=True)
            )
        )
    issues = validate_execution_order(
        row.get("dotacao_atualizada"), row.get("empenhado"), row.get("liquidado"), row.get("pago")
    )
    warnings.extend(issue.message for issue in issues)
    return row, warnings


def _year(text: str, year: int | None, mapping: ColumnMapping) -> int:
    value = text.strip()
    if not value:
        if year is None:
            raise _RowRejected(
                _("exercício vazio na coluna '{column}': informe o ano da linha.").format(
                    column=mapping.fields.get("year", "Exercício")
                )
            )
        return year
    if not (value.isdigit() and len(value) == 4):
        raise _RowRejected(
            _("exercício '{text}' inválido na coluna '{column}': use o ano com 4 dígitos.").format(
                text=text, column=mapping.fields["year"]
            )
        )
    if year is None:
        return int(value)
    if int(value) != year:
        raise _RowRejected(
            _("exercício {value} diferente do ano escolhido ({year}): importe essa linha com o ano {value}.").format(
                value=value, year=year
            )
        )
    return year


def _money(text: str, column: str, style: DecimalStyle, warnings: list[str]) -> Decimal | None:
    try:
        amount = parse_amount(text, style)
    except ValueError as exc:
        raise _RowRejected(
            _("{reason} na coluna '{column}': use o formato {example} ou deixe a célula vazia.").format(
                reason=str(exc), column=column, example=style.value
            )
        ) from None
    if amount is None:
        return None
    if abs(amount) > MAX_MONEY:
        raise _RowRejected(
            _("valor '{text}' na coluna '{column}' grande demais: o máximo é {maximum}.").format(
                text=text, column=column, maximum=format_money(MAX_MONEY)
            )
        )
    rounded = amount.quantize(CENT, rounding=ROUND_HALF_EVEN)
    # A spreadsheet keeps numbers as binary floats, so a cent amount can arrive as 228887078.8899999
    # or a zero as 9.09e-13. Such noise is rounded silently, but a real third decimal (10,005) is reported.
    if abs(rounded - amount) > FLOAT_NOISE:
        warnings.append(
            _(
                "Valor '{text}' da coluna '{column}' tem mais de duas casas decimais e foi arredondado "
                "para {amount}."
            ).format(text=text, column=column, amount=format_money(rounded))
        )
    return rounded


def _natureza(texts: dict[str, str], warnings: list[str]) -> str | None:
    """Return the natureza de despesa of the row, or None when the file does not give all its parts.

    A natureza column wins. Otherwise categoria, grupo, modalidade and
    elemento columns are joined only when all four are filled, because a
    natureza without its modalidade is not one. An invalid natureza is kept
    as written and flagged.
    """
    given = texts.get("natureza_despesa", "").strip()
    parts = {part: texts.get(part, "").strip() for part in (CATEGORIA, GRUPO, MODALIDADE, ELEMENTO)}
    if not given and all(parts.values()):
        given = f"{parts[CATEGORIA]}.{parts[GRUPO]}.{parts[MODALIDADE].zfill(2)}.{parts[ELEMENTO].zfill(2)}"

    if given:
        try:
            return str(parse_natureza(given))
        except DomainValueError as exc:
            warnings.append(_("{message} O valor foi importado como está.").format(message=exc.message))
            return given

    categoria, grupo = parts[CATEGORIA], parts[GRUPO]
    allowed = GRUPOS_BY_CATEGORIA.get(categoria)
    if categoria and grupo and allowed is not None and grupo not in allowed:
        warnings.append(
            _(
                "Grupo de despesa {grupo} não pertence à categoria econômica {categoria}: confira a classificação."
            ).format(grupo=grupo, categoria=categoria)
        )
    return None
