"""Import of spreadsheet rows into the plan sheet's items (plan_item rows).

Columns are matched by the sheet's pt-BR labels (``mapping.PLAN_ITEMS``), so
a file written by ``io.export`` imports with no manual mapping. Cells are
converted column by column (``io.item_cells``). Rows are checked with the
domain's rules (``validate_plan_item``) and the user's permissions. A row
that cannot be read, breaks a rule or is not the user's to change is listed
with its line and reason and not written.

A row whose Código matches exactly one item of the plan updates that item
with the same "update" outbox entries a sheet edit makes, because users
re-import an exported file after editing it. In such a row an empty cell
clears the field, as in the exported file, except Unidade, which an empty
cell leaves as it is. Fields without a column in the file keep their values.
Other rows become new items. Everything is written in one transaction, and
``undo_item_import`` reverses it in another.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

from planmp_desktop.contract.schema import MONTHS, PLAN_ITEM
from planmp_desktop.domain.codes import ApprovalState, ExecutionStatus, ItemKind
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.permissions import edit_denial
from planmp_desktop.domain.rollup import derived_progress_reason
from planmp_desktop.domain.validation import validate_plan_item
from planmp_desktop.gc_pause import collection_paused
from planmp_desktop.io.budget_import import CancelCheck, FlaggedRow, ProgressCallback, RejectedRow
from planmp_desktop.io.export import rolled_up_progress
from planmp_desktop.io.item_cells import CellConverters, Column, MoneyFloats, fold, json_text
from planmp_desktop.io.mapping import ITEM_TARGETS, PLAN_SHEET, ColumnMapping
from planmp_desktop.io.plan_import import ImportRefused, find_plan
from planmp_desktop.io.readers import Table
from planmp_desktop.store import columns as store_columns
from planmp_desktop.store.bulk import BulkWrite, new_id_texts, undo_rows_and_edits, write_rows_and_edits
from planmp_desktop.store.local import LocalStore
from planmp_desktop.store.scope import CurrentUserLike, load_scope

log = logging.getLogger(__name__)

# Rows converted between two progress reports and cancel checks.
CHUNK_ROWS = 10_000
# Items fetched per query when rows update existing items.
FETCH_BATCH = 5000
_CONCLUIDO = ExecutionStatus.CONCLUIDO.value
_TAREFA = ItemKind.TAREFA.value
_HUNDRED = 100.0


class ItemImportError(ValueError):
    """The import cannot start (no plan, a mapping without Código or Título); the message is pt-BR."""


@dataclass
class ItemImportReport:
    """Outcome of one plan-item import.

    ``written`` contains the inserted ids and the previous values of updated
    items, which ``undo_item_import`` needs. ``unchanged`` counts rows that
    matched an item and changed nothing. Flagged rows of new items carry the
    id the item was inserted with.
    """

    plan_id: uuid.UUID | None = None
    written: BulkWrite = field(default_factory=BulkWrite)
    unchanged: int = 0
    rejected: list[RejectedRow] = field(default_factory=list)
    flagged: list[FlaggedRow] = field(default_factory=list)
    rows_read: int = 0
    cancelled: bool = False
    undone: bool = False
    unmapped_columns: list[str] = field(default_factory=list)
    ignored_columns: dict[str, str] = field(default_factory=dict)

    @property
    def inserted(self) -> int:
        return len(self.written.inserted_ids)

    @property
    def updated(self) -> int:
        return len(self.written.previous)


class _Cancelled(Exception):
    pass


@collection_paused()
def import_plan_items(
    store: LocalStore,
    table: Table,
    mapping: ColumnMapping,
    year: int,
    default_unit_id: uuid.UUID | None,
    user: CurrentUserLike | None = None,
    *,
    sei_format: str = "cnmp",
    progress: ProgressCallback | None = None,
    cancel: CancelCheck | None = None,
) -> ItemImportReport:
    """Import the rows of ``table`` into the ``year`` plan as new or updated plan items.

    ``mapping`` maps plan_item fields to column names (``mapping.PLAN_ITEMS``
    resolved against the file, or the user's choice). ``table`` may hold
    typed workbook cells (``read_table(typed=True)``) or text.
    ``default_unit_id`` is the unit of new rows without a Unidade cell.
    With ``user``, rows the user may not create or change are rejected with
    the reason. ``progress(done, total)`` is called per block of rows;
    ``cancel()`` returning True, even during the write, leaves the store as
    it was and sets ``cancelled``. Raises ItemImportError when the import
    cannot start.
    """
    _check_mapping(table, mapping)
    try:
        plan_id = find_plan(store, year)
    except ImportRefused as exc:
        raise ItemImportError(exc.message) from None
    report = ItemImportReport(
        plan_id=plan_id,
        rejected=[RejectedRow(problem.line, problem.message) for problem in table.problems],
        unmapped_columns=[
            column
            for column in table.columns
            if column not in mapping.fields.values() and column not in mapping.ignored_columns
        ],
        ignored_columns={
            column: reason for column, reason in mapping.ignored_columns.items() if column in table.columns
        },
        rows_read=len(table.rows),
    )
    context = _Context.load(store, plan_id, year, user, sei_format)
    converters = CellConverters(
        year, table.decimal_style, sei_format, context.references, set(context.unit_names)
    )

    try:
        columns = _convert_columns(table, mapping, converters, progress, cancel)
        plan = _RowPlanner(context, table.line_numbers, columns, default_unit_id, report).plan()
        _raise_if_cancelled(cancel)
        if progress is not None:
            progress(len(table.rows), len(table.rows))
        report.written = write_rows_and_edits(
            store,
            PLAN_ITEM.name,
            plan.insert_names,
            plan.insert_rows,
            plan.insert_values,
            plan.edits,
            before_commit=lambda: _raise_if_cancelled(cancel),
        )
    except _Cancelled:
        report.cancelled = True
        report.written = BulkWrite()
        report.flagged = []
        log.info("Plan-item import cancelled; nothing written")
        return report

    report.rejected.sort(key=lambda rejected: rejected.line)
    report.flagged.sort(key=lambda flagged: flagged.line)
    log.info(
        "Imported plan items into plan %s: inserted=%d updated=%d unchanged=%d flagged=%d rejected=%d",
        plan_id,
        report.inserted,
        report.updated,
        report.unchanged,
        len(report.flagged),
        len(report.rejected),
    )
    return report


def undo_item_import(store: LocalStore, report: ItemImportReport) -> int:
    """Remove the items an import inserted and restore the ones it updated, in one transaction.

    Returns how many items were removed or restored; an undone report
    returns 0. Inserts still pending in the outbox leave no trace (see
    ``store.bulk.undo_rows_and_edits``).
    """
    if report.undone:
        return 0
    count = report.inserted + report.updated
    undo_rows_and_edits(store, PLAN_ITEM.name, report.written)
    report.undone = True
    log.info("Undid plan-item import into plan %s: %d items removed or restored", report.plan_id, count)
    return count


def _convert_columns(
    table: Table,
    mapping: ColumnMapping,
    converters: CellConverters,
    progress: ProgressCallback | None,
    cancel: CancelCheck | None,
) -> dict[str, Column]:
    """Convert the mapped columns a block of rows at a time, reporting progress and checking for cancel."""
    names = [name for name in ITEM_TARGETS if name in mapping.fields]
    positions = [table.columns.index(mapping.fields[name]) for name in names]
    money = MoneyFloats()
    columns = {name: Column(PLAN_ITEM.field(name), money) for name in names}
    convert = {name: converters.for_field(PLAN_ITEM.field(name)) for name in names}
    rows = table.rows
    total = len(rows)
    for start in range(0, total, CHUNK_ROWS):
        _raise_if_cancelled(cancel)
        if progress is not None:
            progress(start, total)
        cells_by_column = list(zip(*rows[start : start + CHUNK_ROWS]))
        for name, position in zip(names, positions):
            columns[name].extend(cells_by_column[position], convert[name])
    return columns


class _Context:
    """Store data that row checks need: names of units and references, the plan's items, the user's scope."""

    def __init__(self, store: LocalStore, plan_id: uuid.UUID, year: int, sei_format: str) -> None:
        self.store = store
        self.plan_id = str(plan_id)
        self.year = year
        self.sei_format = sei_format
        self.user: CurrentUserLike | None = None
        self.scope: set[str] | None = None
        self.unit_names: dict[str, str] = {}
        self.references: dict[str, dict[str, str]] = {}
        self.existing: dict[str, str] = {}
        self.repeated_codes: set[str] = set()
        self.parents_of_tasks: set[str] = set()  # initiatives whose progress is their tasks' roll-up
        # Their progress as the sheet and an export show it, rolled up from the tasks (SQLite form).
        self.rolled_up: dict[str, float | None] = {}

    @classmethod
    def load(
        cls, store: LocalStore, plan_id: uuid.UUID, year: int, user: CurrentUserLike | None, sei_format: str
    ) -> _Context:
        context = cls(store, plan_id, year, sei_format)
        context.user = user
        if user is not None:
            scope = load_scope(store, user)
            context.scope = None if scope is None else {str(unit_id) for unit_id in scope}
        connection = store.connection

        units: dict[str, str] = {}
        for unit_id, code, name in connection.execute("SELECT id, code, name FROM unit ORDER BY name, id"):
            context.unit_names[unit_id] = name
            # The export writes names; a sigla is accepted too. Of two units with one name, the first by id wins.
            units.setdefault(fold(name), unit_id)
            units.setdefault(fold(code), unit_id)
        actions: dict[str, str] = {}
        for action_id, code, name in connection.execute("SELECT id, code, name FROM strategic_action"):
            actions.setdefault(fold(f"{code} {name}"), action_id)
            actions.setdefault(fold(code), action_id)
        indicators = {fold(name): row_id for row_id, name in connection.execute("SELECT id, name FROM indicator")}
        context.references = {"unit_id": units, "strategic_action_id": actions, "indicator_id": indicators}

        codes: Counter[str] = Counter()
        for item_id, code in connection.execute(
            "SELECT id, code FROM plan_item WHERE plan_id = ?", (context.plan_id,)
        ):
            codes[code] += 1
            context.existing[code] = item_id
        context.repeated_codes = {code for code, count in codes.items() if count > 1}
        context.parents_of_tasks = {
            parent_id
            for (parent_id,) in connection.execute(
                "SELECT DISTINCT parent_id FROM plan_item WHERE plan_id = ? AND parent_id IS NOT NULL",
                (context.plan_id,),
            )
        }
        context.rolled_up = rolled_up_progress(store, plan_id)
        return context

    def create_denial(self, unit_id: str | None, kind: str) -> str | None:
        """Return why the user may not create a ``kind`` item in ``unit_id``, or None when they may."""
        user = self.user
        if user is None:
            return None
        in_scope = self.scope is None or unit_id in self.scope
        denial = edit_denial(
            profile=user.profile,
            in_scope=in_scope,
            approval_state=ApprovalState.RASCUNHO.value,
            field_name="title",
            field_is_planning=True,
            field_editable=True,
            is_own_task=in_scope and kind == _TAREFA,
        )
        if denial is None:
            return None
        unit_name = self.unit_names.get(unit_id or "", unit_id or "")
        return _("não é possível criar item em {unit}: {reason}").format(unit=unit_name, reason=denial)

    def change_denial(self, stored: dict[str, Any], changed: dict[str, Any]) -> str | None:
        """Return why the user may not make the ``changed`` fields of an item, or None when they may.

        A change of unit needs both the old and the new unit in the user's scope.
        """
        if "progress" in changed and stored.get("id") in self.parents_of_tasks:
            # The server rejects it too: the progress of an initiative with tasks is their roll-up.
            return _("coluna '{column}' não pode ser alterada: {reason}").format(
                column=PLAN_ITEM.field("progress").label, reason=derived_progress_reason()
            )
        user = self.user
        if user is None:
            return None
        old_unit = str(stored.get("unit_id"))
        for unit_id in dict.fromkeys((old_unit, changed.get("unit_id") or old_unit)):
            in_scope = self.scope is None or unit_id in self.scope
            for name in changed:
                target = PLAN_ITEM.field(name)
                denial = edit_denial(
                    profile=user.profile,
                    in_scope=in_scope,
                    approval_state=stored.get("approval_state"),
                    field_name=name,
                    field_is_planning=target.planning,
                    field_editable=target.editable,
                    is_own_task=in_scope and stored.get("kind") == _TAREFA,
                    field_label=target.label,
                )
                if denial is not None:
                    return _("coluna '{column}' não pode ser alterada: {reason}").format(
                        column=target.label, reason=denial
                    )
        return None


@dataclass
class _RowPlan:
    """Input of the write: new rows in SQLite form with their outbox values, and edits of existing items."""

    insert_names: list[str]
    insert_rows: list[tuple[Any, ...]]
    insert_values: list[str]
    edits: dict[str, dict[str, Any]]


class _RowPlanner:
    """Sorts rows into rejected, new and updating ones.

    Checks run column-wise; only rows that may break a rule go one by one
    through ``validate_plan_item``, which gives the exact messages.
    """

    def __init__(
        self,
        context: _Context,
        line_numbers: Sequence[int],
        columns: dict[str, Column],
        default_unit_id: uuid.UUID | None,
        report: ItemImportReport,
    ) -> None:
        self.context = context
        self.lines = line_numbers
        self.columns = columns
        self.default_unit = str(default_unit_id) if default_unit_id is not None else None
        self.report = report
        self.total = len(line_numbers)
        self.row_ids = new_id_texts(self.total)
        self.reasons: dict[int, list[str]] = {}

    def plan(self) -> _RowPlan:
        for column in self.columns.values():
            for index, message in column.problems.items():
                self._reject(index, message)
        codes = self.columns["code"].sql
        self._reject_repeated_codes(codes)
        existing = self.context.existing
        matched = [index for index, code in enumerate(codes) if code in existing and index not in self.reasons]
        matched_set = set(matched)
        unclean = self._unclean_rows()

        inserting = [index for index in range(self.total) if index not in self.reasons and index not in matched_set]
        units = self._units_of(inserting)
        kinds = self._kinds_of(inserting)
        for index in inserting:
            if units[index] is None:
                self._reject(index, _("unidade vazia: preencha a coluna 'Unidade' ou escolha a unidade de destino."))
            elif index in unclean:
                row = self._python_row(index)
                row["unit_id"] = uuid.UUID(units[index] or "")
                row["kind"] = kinds[index]
                self._validate(row, index, self.row_ids[index])
        self._check_create_permission(inserting, units, kinds)
        edits = self._plan_updates(matched)

        keep = [index not in self.reasons and index not in matched_set for index in range(self.total)]
        plan = self._insert_rows(keep, units, kinds)
        plan.edits = edits

        report = self.report
        for index in sorted(self.reasons):
            report.rejected.append(RejectedRow(self.lines[index], " ".join(self.reasons[index])))
        rejected_lines = {self.lines[index] for index in self.reasons}
        report.flagged = [flagged for flagged in report.flagged if flagged.line not in rejected_lines]
        report.unchanged = len(matched_set.difference(self.reasons)) - len(edits)
        return plan

    def _reject(self, index: int, message: str) -> None:
        self.reasons.setdefault(index, []).append(message)

    def _reject_repeated_codes(self, codes: list[Any]) -> None:
        """Reject every row repeating a code of the file, and rows whose code names several items of the plan.

        All rows of a repeated code are rejected, the first one too: which of
        them the user meant for the existing item is unknown, and taking the
        first would overwrite that item with another row's values.
        """
        counts = Counter(codes)
        repeated = {code for code, count in counts.items() if count > 1 and code is not None}
        repeated |= self.context.repeated_codes & counts.keys()
        if not repeated:
            return
        lines_of: dict[str, list[int]] = {}
        for index, code in enumerate(codes):
            if code in repeated:
                lines_of.setdefault(code, []).append(index)
        for code, indexes in lines_of.items():
            if len(indexes) > 1:
                lines = ", ".join(str(self.lines[index]) for index in indexes)
                for index in indexes:
                    self._reject(
                        index,
                        _("código '{code}' repetido nas linhas {lines}: use um código por item.").format(
                            code=code, lines=lines
                        ),
                    )
            if code in self.context.repeated_codes:
                for index in indexes:
                    self._reject(
                        index,
                        _("código '{code}' pertence a mais de um item do plano: corrija no PlanMP antes de importar.").format(
                            code=code
                        ),
                    )

    def _unclean_rows(self) -> set[int]:
        """Return the rows that may break a one-field rule or a rule over several fields."""
        columns = self.columns
        unclean: set[int] = set()
        for column in columns.values():
            unclean |= column.unclean
        start, end = columns.get("start_date"), columns.get("end_date")
        if start is not None and end is not None:
            unclean.update(
                index
                for index, (first, last) in enumerate(zip(start.sql, end.sql))
                if first is not None and last is not None and first > last
            )
        status, progress = columns.get("status"), columns.get("progress")
        if status is not None:
            done = progress.sql if progress is not None else repeat(None)
            unclean.update(
                index
                for index, (state, value) in enumerate(zip(status.sql, done))
                if state == _CONCLUIDO and value != _HUNDRED
            )
        months = [columns[name].sql for name in MONTHS if name in columns]
        if months:
            planned = columns["planned_total"].sql if "planned_total" in columns else [None] * self.total
            if any(None in month for month in months):
                totals: Iterable[Any] = map(_schedule_total, zip(*months))
            else:
                totals = map(sum, zip(*months))
            unclean.update(
                index
                for index, (total, amount) in enumerate(zip(totals, planned))
                if total is not None and total != amount
            )
        return unclean

    def _units_of(self, rows: list[int]) -> dict[int, str | None]:
        column = self.columns.get("unit_id")
        if column is None:
            return dict.fromkeys(rows, self.default_unit)
        return {index: column.sql[index] or self.default_unit for index in rows}

    def _kinds_of(self, rows: list[int]) -> dict[int, str]:
        column = self.columns.get("kind")
        initiative = ItemKind.INICIATIVA.value
        if column is None:
            return dict.fromkeys(rows, initiative)
        # NOTE: a new task gets no parent initiative, since the file has no column naming it.
        return {index: column.sql[index] or initiative for index in rows}

    def _check_create_permission(self, rows: list[int], units: dict[int, str | None], kinds: dict[int, str]) -> None:
        """Reject new rows the user may not create, checking each distinct unit and kind once."""
        denials: dict[tuple[str | None, str], str | None] = {}
        for index in rows:
            if index in self.reasons:
                continue
            key = (units[index], kinds[index])
            if key not in denials:
                denials[key] = self.context.create_denial(*key)
            denial = denials[key]
            if denial is not None:
                self._reject(index, denial)

    def _python_row(self, index: int) -> dict[str, Any]:
        return {name: column.python_value(index) for name, column in self.columns.items()}

    def _validate(self, row: dict[str, Any], index: int, row_id: str, before: dict[str, Any] | None = None) -> None:
        """Run validate_plan_item on one row: errors reject it, warnings flag it.

        ``before`` is the stored item that an update changes. An error that
        item already had, on the same field and rule, only flags the row,
        because the import did not cause it. The server merges pushed edits
        by the same rule: only a newly broken rule stops them.
        """
        issues = validate_plan_item(row, self.context.year, sei_format=self.context.sei_format)
        earlier: set[tuple[str, str | None]] = set()
        if before is not None and any(issue.severity == "error" for issue in issues):
            earlier = {
                (issue.field, issue.rule)
                for issue in validate_plan_item(before, self.context.year, sei_format=self.context.sei_format)
                if issue.severity == "error"
            }
        flags: list[str] = []
        for issue in issues:
            if issue.severity == "warning":
                flags.append(issue.message)
            elif (issue.field, issue.rule) in earlier:
                flags.append(_("{message} (o item já estava assim antes da importação)").format(message=issue.message))
            else:
                self._reject(index, issue.message)
        if flags:
            self.report.flagged.append(FlaggedRow(self.lines[index], uuid.UUID(row_id), tuple(flags)))

    def _plan_updates(self, matched: list[int]) -> dict[str, dict[str, Any]]:
        """Return {item id: {field: new SQLite value}} for matched rows that change what the user may change."""
        rows = [index for index in matched if index not in self.reasons]
        if not rows:
            return {}
        codes = self.columns["code"].sql
        item_ids = [self.context.existing[codes[index]] for index in rows]
        current = {row["id"]: row for row in _fetch_items(self.context.store, item_ids)}

        edits: dict[str, dict[str, Any]] = {}
        for index, item_id in zip(rows, item_ids):
            stored = current[item_id]
            changed = self._changed_fields(stored, index)
            if "progress" in changed and _same_progress(changed["progress"], self.context.rolled_up, item_id):
                # The exported roll-up of an initiative with tasks, not a change of its own.
                del changed["progress"]
            if not changed:
                continue
            fixed = [PLAN_ITEM.field(name).label for name in changed if PLAN_ITEM.field(name).insert_only]
            if fixed:
                self._reject(
                    index,
                    _(
                        "coluna '{column}' só é definida na criação do item: "
                        "volte ao valor anterior ou crie um item novo."
                    ).format(column=fixed[0]),
                )
                continue
            denial = self.context.change_denial(stored, changed)
            if denial is not None:
                self._reject(index, denial)
                continue
            merged = dict(stored)
            for name in changed:
                merged[name] = self.columns[name].python_value(index)
            self._validate(merged, index, item_id, before=stored)
            if index not in self.reasons:
                edits[item_id] = changed
        return edits

    def _changed_fields(self, stored: dict[str, Any], index: int) -> dict[str, Any]:
        changed: dict[str, Any] = {}
        for name, column in self.columns.items():
            new_value = column.sql[index]
            if name == "unit_id" and new_value is None:
                continue  # an empty Unidade keeps the item's unit
            old_value = store_columns.to_sql(column.field.type, stored.get(name))
            if new_value is None and old_value in (None, ""):
                continue  # the export writes empty text as an empty cell
            if new_value != old_value:
                changed[name] = new_value
        return changed

    def _insert_rows(self, keep: list[bool], units: dict[int, str | None], kinds: dict[int, str]) -> _RowPlan:
        """Return the SQLite rows and outbox values of the kept new rows, built column by column."""
        kept = list(compress(range(self.total), keep))
        count = len(kept)
        if not count:
            return _RowPlan(["id"], [], [], {})
        everything = count == self.total
        fixed = {"plan_id": self.context.plan_id, "approval_state": ApprovalState.RASCUNHO.value}
        unit_values = [units[index] for index in kept]
        kind_values = [kinds[index] for index in kept]
        own = [name for name in self.columns if name not in ("unit_id", "kind")]

        names = ["id", *fixed, "unit_id", "kind", *own]
        sql_columns: list[Iterable[Any]] = [
            self.row_ids if everything else list(compress(self.row_ids, keep)),
            *(repeat(value, count) for value in fixed.values()),
            unit_values,
            kind_values,
        ]
        json_columns: list[Sequence[str | None]] = [[json_text(value)] * count for value in fixed.values()]
        json_columns.append(_json_texts(unit_values))
        json_columns.append(_json_texts(kind_values))
        for name in own:
            column = self.columns[name]
            sql_columns.append(column.sql if everything else list(compress(column.sql, keep)))
            json_columns.append(column.json if everything else list(compress(column.json, keep)))
        rows = list(zip(*sql_columns))
        has_empty = any(self.columns[name].has_empty for name in own)
        return _RowPlan(names, rows, _json_objects(names[1:], json_columns, has_empty), {})


def _json_objects(names: list[str], json_columns: list[Sequence[str | None]], has_empty: bool) -> list[str]:
    """Return each row's outbox values as a JSON object, leaving out its empty fields.

    When no field is empty anywhere (``has_empty`` is False), one ``%``
    format per row builds the object. Otherwise each row joins its filled
    members.
    """
    if not has_empty:
        template = "{" + ",".join(f'"{name}":%s' for name in names) + "}"
        return [template % values for values in zip(*json_columns)]
    members: list[Iterable[str | None]] = []
    for name, column in zip(names, json_columns):
        prefix = f'"{name}":'
        if None in column:
            members.append([None if value is None else prefix + value for value in column])
        else:
            members.append(map(prefix.__add__, column))  # type: ignore[arg-type]
    return ["{" + ",".join(filter(None, parts)) + "}" for parts in zip(*members)]


def _schedule_total(months: tuple[Any, ...]) -> Any:
    """Return the sum of the filled months, or None when no month is filled."""
    filled = [month for month in months if month is not None]
    return sum(filled) if filled else None


def _json_texts(values: list[str | None]) -> list[str | None]:
    cache: dict[str | None, str | None] = {}
    result = []
    for value in values:
        if value not in cache:
            cache[value] = json_text(value)
        result.append(cache[value])
    return result


def _fetch_items(store: LocalStore, item_ids: list[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for start in range(0, len(item_ids), FETCH_BATCH):
        batch = json.dumps(item_ids[start : start + FETCH_BATCH])
        for row in store.fetch_rows("plan_item", "id IN (SELECT value FROM json_each(?))", (batch,)):
            row["id"] = str(row["id"])
            found.append(row)
    return found


def _check_mapping(table: Table, mapping: ColumnMapping) -> None:
    if mapping.entity != PLAN_SHEET:
        raise ItemImportError(
            _("O mapeamento '{name}' não é de itens do plano: escolha 'Itens do plano'.").format(name=mapping.name)
        )
    missing = [column for column in mapping.fields.values() if column not in table.columns]
    if missing:
        raise ItemImportError(
            _(
                "Colunas do mapeamento ausentes no arquivo: {columns}. Escolha outro mapeamento ou ajuste as colunas."
            ).format(columns=", ".join(f"'{column}'" for column in missing))
        )
    for name in ("code", "title"):
        if name not in mapping.fields:
            raise ItemImportError(
                _("Associe uma coluna ao campo '{field}': ele identifica cada item do plano.").format(
                    field=_(ITEM_TARGETS[name])
                )
            )


def _raise_if_cancelled(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise _Cancelled


def _same_progress(value: float | None, rolled_up: dict[str, float | None], item_id: str) -> bool:
    """Return whether ``value`` is the progress an initiative with tasks shows, to the hundredth."""
    if item_id not in rolled_up:
        return False
    rolled = rolled_up[item_id]
    if value is None or rolled is None:
        return value is rolled
    return round(value, 2) == round(rolled, 2)
