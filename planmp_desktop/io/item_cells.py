"""Column-wise conversion of spreadsheet cells into plan_item values, for ``io.item_import``.

Each mapped column is converted a block of rows at a time. A distinct cell
value is converted once per column, and the other cells are dictionary
look-ups. Money columns of workbook numbers and columns of mostly distinct
text go through C-level ``map`` calls instead. A converted cell gives its
SQLite value, its outbox wire text, whether the one-field rules of
``validate_plan_item`` surely hold for it, or a pt-BR reason why it cannot
be read.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from itertools import repeat
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # the C encoder json.dumps uses
from operator import itemgetter
from typing import Any

from planmp_desktop.contract.schema import Field, FieldType
from planmp_desktop.domain.codes import (
    ITEM_TYPE_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    PRIORITY_LABELS,
    STATUS_LABELS,
    fold,
    match_choice,
)
from planmp_desktop.domain.dates import parse_date
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import N_, _
from planmp_desktop.domain.money import MAX_MONEY, format_money
from planmp_desktop.domain.natureza import parse_natureza
from planmp_desktop.domain.sei import validate_sei
from planmp_desktop.io.readers import DecimalStyle, Table, parse_amount
from planmp_desktop.store import columns as store_columns

HUNDRED = Decimal(100)
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "kind": {str(code): label for code, label in KIND_LABELS.items()},
    "item_type": {str(code): label for code, label in ITEM_TYPE_LABELS.items()},
    "status": {str(code): label for code, label in STATUS_LABELS.items()},
    "priority": {str(code): label for code, label in PRIORITY_LABELS.items()},
    "risk": {str(code): label for code, label in LEVEL_LABELS.items()},
}
REFERENCE_FIELDS = ("unit_id", "strategic_action_id", "indicator_id")
REQUIRED_FIELDS = ("code", "title")
_REFERENCE_NAMES = {"unit_id": N_("unidade"), "strategic_action_id": N_("ação estratégica"), "indicator_id": N_("indicador")}
# Below 2**46 reais (about 70 trillion) floats lie less than a centavo apart,
# so amounts in centavos are distinct floats.
_EXACT_CENTS_FLOAT = float(2**46)

# A converted distinct value: SQLite value, JSON text of its wire value for the outbox (None when empty),
# whether its one-field rules surely hold, and the pt-BR reason it cannot be read (None when it can).
Cell = tuple[Any, str | None, bool, str | None]
EMPTY: Cell = (None, None, True, None)
_SQL, _JSON = itemgetter(0), itemgetter(1)
_CENTS = _SQL
_EMPTY_MONEY = (None, None)


class Column:
    """One mapped field's converted cells, column-wise.

    ``sql`` and ``json`` contain a value per row, and ``has_empty`` is
    True when ``json`` contains a None. ``problems`` maps the
    rows whose cell cannot be read to the reason, and ``unclean`` contains
    the rows whose cell may break a one-field rule. A money cell with more than
    two decimals keeps its Decimal in ``sql``: such a row never reaches the
    write, because validation rejects it.
    """

    __slots__ = ("field", "sql", "json", "problems", "unclean", "has_empty", "_cache", "_money", "_plain_text")

    def __init__(self, target: Field, money: MoneyFloats | None = None) -> None:
        self.field = target
        self.sql: list[Any] = []
        self.json: list[str | None] = []
        self.problems: dict[int, str] = {}
        self.unclean: set[int] = set()
        self.has_empty = False
        self._cache: dict[Any, Cell] = {}
        self._money = money if target.type is FieldType.MONEY else None
        self._plain_text = is_plain_text(target)


    def python_value(self, index: int) -> Any:
        """Return row ``index``'s value as ``validate_plan_item`` takes it (Decimal, date, UUID, text)."""
        value = self.sql[index]
        if value is None or isinstance(value, Decimal):
            return value
        return store_columns.from_sql(self.field.type, value)

    def extend(self, cells: Sequence[Any], convert: Callable[[Any], Cell]) -> None:
        """Convert one block of cells and append them."""
        start = len(self.sql)
        kinds = set(map(type, cells))
        if self._money is not None and float in kinds and self._extend_money(cells, kinds, start):
            return
        if self._plain_text and kinds == {str} and self._extend_text(cells):
            return
        results = _convert_distinct(cells, self._cache, convert)
        self.sql.extend(map(_SQL, results))
        self.json.extend(map(_JSON, results))
        self.has_empty = self.has_empty or None in self.json[start:]
        if any(problem is not None or not clean for _sql, _json, clean, problem in self._cache.values()):
            self._note_odd_rows(results, start)

    def _extend_money(self, cells: Sequence[Any], kinds: set[type], start: int) -> bool:
        """Append workbook numbers and empty cells through the shared MoneyFloats.

        Returns False, appending nothing, when a cell is neither a float nor
        empty or a float is not exact money. The caller then converts the
        block cell by cell.
        """
        money = self._money
        assert money is not None
        all_floats = kinds == {float}
        floats = cells if all_floats else [cell for cell in cells if cell.__class__ is float]
        if not all_floats and not all(is_empty(cell) for cell in cells if cell.__class__ is not float):
            return False
        try:
            # Columns of amounts seen before (equal monthly installments) need no set of new values.
            converted = list(map(money.converted.__getitem__, floats))
        except KeyError:
            if not money.add(floats):
                return False
            converted = list(map(money.converted.__getitem__, floats))
        if all_floats:
            self.sql.extend(map(_CENTS, converted))
            self.json.extend(map(_JSON, converted))
        else:
            filled = iter(converted)
            pairs = [next(filled) if cell.__class__ is float else _EMPTY_MONEY for cell in cells]
            self.sql.extend(map(_CENTS, pairs))
            self.json.extend(map(_JSON, pairs))
            self.has_empty = True
        if floats and min(floats) < 0:
            self.unclean.update(
                start + offset
                for offset, amount in enumerate(self.sql[start:])
                if amount is not None and amount < 0
            )
        return True

    def _extend_text(self, cells: Sequence[str]) -> bool:
        """Append mostly distinct text (codes, titles) with C-level maps; returns False to use the cache instead.

        Columns with few distinct values convert faster through the cache,
        and empty cells need the converter's rules for required fields.
        """
        if len(set(cells)) * 2 < len(cells):
            return False
        texts = list(map(str.strip, cells))
        if "" in texts:
            return False
        self.sql.extend(texts)
        self.json.extend(map(encode_basestring, texts))
        return True

    def _note_odd_rows(self, results: Sequence[Cell], start: int) -> None:
        for offset, (_sql, _json, clean, problem) in enumerate(results):
            if problem is not None:
                self.problems[start + offset] = problem
            elif not clean:
                self.unclean.add(start + offset)



class MoneyFloats:
    """Centavos and JSON wire text of the workbook numbers seen in money columns, shared by those columns.

    ``converted`` maps each float to its (centavos, JSON text) pair.

    Amounts repeat across columns (equal monthly installments), so each
    distinct float is converted once for all of them.
    """

    def __init__(self) -> None:
        self.converted: dict[float, tuple[int, str]] = {}

    def add(self, cells: Sequence[float]) -> bool:
        """Convert the new distinct floats of ``cells``; returns False, adding nothing, if one is not exact.

        ``"%.2f" % x`` is the float's exact value rounded to centavos. Below
        2**46 reais every amount in centavos is a distinct float, so when
        that text reads back as the same float it is the only text with two
        decimals that does. The number's shortest text (``repr``) is then
        that amount too, so the centavos are its digits and no binary
        arithmetic touches the amount. A float with more decimals, NaN or a
        larger one makes the caller convert the block cell by cell through
        ``Decimal(repr(x))``, which reports each such cell.
        """
        new = list(set(cells).difference(self.converted))
        if not new:
            return True
        texts = list(map("%.2f".__mod__, new))
        if list(map(float, texts)) != new or max(new) >= _EXACT_CENTS_FLOAT or min(new) <= -_EXACT_CENTS_FLOAT:
            return False
        cents = map(int, map(str.replace, texts, repeat("."), repeat("")))
        self.converted.update(zip(new, zip(cents, map('"{}"'.format, texts))))
        return True


def _convert_distinct(cells: Sequence[Any], cache: dict[Any, Cell], convert: Callable[[Any], Cell]) -> list[Cell]:
    """Convert each distinct cell once; the rest are dictionary look-ups done by ``map``."""
    kinds = set(map(type, cells))
    if bool in kinds and kinds & {int, float}:
        # True == 1 == 1.0 as keys, so booleans get keys of their own in a column that mixes them with numbers.
        keys: Sequence[Any] = [(bool, cell) if cell.__class__ is bool else cell for cell in cells]
        for key, cell in zip(keys, cells):
            if key not in cache:
                cache[key] = convert(cell)
        return list(map(cache.__getitem__, keys))
    for cell in set(cells).difference(cache):
        cache[cell] = convert(cell)
    return list(map(cache.__getitem__, cells))


class CellConverters:
    """The conversion of one cell for each plan_item field, given the store's names and the file's settings.

    ``references`` maps each reference field to {folded name or code: row
    id}; ``unit_ids`` are the units of the store.
    """

    def __init__(
        self,
        year: int,
        style: DecimalStyle,
        sei_format: str,
        references: dict[str, dict[str, str]],
        unit_ids: set[str],
    ) -> None:
        self.year = year
        self.style = style
        self.sei_format = sei_format
        self.references = references
        self.unit_ids = unit_ids

    def for_field(self, target: Field) -> Callable[[Any], Cell]:
        """Return the function that converts one cell of ``target``'s column."""
        name = target.name
        if name in CHOICE_LABELS:
            return lambda cell: self._choice(target, cell)
        if name in REFERENCE_FIELDS:
            return lambda cell: self._reference(target, cell)
        if target.type is FieldType.MONEY:
            return lambda cell: self._money(target, cell)
        if target.type is FieldType.DECIMAL:
            return lambda cell: self._decimal(target, cell)
        if target.type is FieldType.DATE:
            return lambda cell: self._date(target, cell)
        if target.type is FieldType.BOOL:
            return lambda cell: self._bool(target, cell)
        if name == "natureza_despesa":
            return lambda cell: self._natureza(target, cell)
        if name == "sei_process":
            return lambda cell: self._sei(target, cell)
        required = name in REQUIRED_FIELDS
        return lambda cell: self._text(target, cell, required)

    def _text(self, target: Field, cell: Any, required: bool) -> Cell:
        text = cell_text(cell)
        if not text:
            return (None, None, False, None) if required else EMPTY
        return (text, json_text(text), True, None)

    def _natureza(self, target: Field, cell: Any) -> Cell:
        text = cell_text(cell)
        if not text:
            return EMPTY
        try:
            text = str(parse_natureza(text))
        except DomainValueError:
            return (text, json_text(text), False, None)  # validate_plan_item gives the reason
        return (text, json_text(text), True, None)

    def _sei(self, target: Field, cell: Any) -> Cell:
        text = cell_text(cell)
        if not text:
            return EMPTY
        check = validate_sei(text, self.sei_format)
        return (text, json_text(text), check.message is None, None)

    def _choice(self, target: Field, cell: Any) -> Cell:
        text = cell_text(cell)
        if not text:
            return EMPTY
        labels = CHOICE_LABELS[target.name]
        code = match_choice(text, labels)
        if code is not None:
            return (code, json_text(code), True, None)
        allowed = ", ".join(labels.values())
        return _problem(
            _("valor '{text}' inválido na coluna '{column}': use {allowed}.").format(
                text=text, column=target.label, allowed=allowed
            )
        )

    def _reference(self, target: Field, cell: Any) -> Cell:
        text = cell_text(cell)
        if not text:
            return EMPTY
        row_id = self.references[target.name].get(fold(text))
        if row_id is None:
            try:
                row_id = str(uuid.UUID(text))
            except ValueError:
                row_id = None
            if row_id is None or (target.name == "unit_id" and row_id not in self.unit_ids):
                return _problem(
                    _(
                        "{kind} '{text}' da coluna '{column}' não encontrada neste "
                        "computador: use o nome como o PlanMP o mostra, ou sincronize."
                    ).format(kind=_(_REFERENCE_NAMES[target.name]), text=text, column=target.label)
                )
        return (row_id, json_text(row_id), True, None)

    def _money(self, target: Field, cell: Any) -> Cell:
        if is_empty(cell):
            return EMPTY
        amount = _number(cell, self.style, money=True)
        if amount is None:
            return _problem(
                _("valor '{text}' na coluna '{column}' não é um número: use o formato 1.234,56.").format(
                    text=cell_text(cell), column=target.label
                )
            )
        if abs(amount) > MAX_MONEY:
            return _problem(
                _("valor '{text}' na coluna '{column}' grande demais: o máximo é {maximum}.").format(
                    text=cell_text(cell), column=target.label, maximum=format_money(MAX_MONEY)
                )
            )
        exponent = amount.as_tuple().exponent
        if not isinstance(exponent, int) or exponent < -2:
            return (amount, None, False, None)  # more than two decimals: validate_plan_item gives the reason
        cents = int(amount.scaleb(2))
        return (cents, f'"{cents_text(cents)}"', cents >= 0, None)

    def _decimal(self, target: Field, cell: Any) -> Cell:
        if is_empty(cell):
            return EMPTY
        number = _number(cell, self.style, money=False)
        if number is None:
            return _problem(
                _("valor '{text}' na coluna '{column}' não é um número: use o formato 1.234,5.").format(
                    text=cell_text(cell), column=target.label
                )
            )
        wire = format(number.normalize(), "f")
        if wire in ("-0", "0"):
            wire = "0"
        clean = number >= 0 and (target.name == "target_quantity" or number <= HUNDRED)
        return (float(number), f'"{wire}"', clean, None)

    def _date(self, target: Field, cell: Any) -> Cell:
        if is_empty(cell):
            return EMPTY
        if isinstance(cell, datetime):
            value = cell.date()
        elif isinstance(cell, date):
            value = cell
        elif cell.__class__ is str:
            try:
                value = parse_date(cell)
            except DomainValueError as exc:
                return _problem(_("{message} (coluna '{column}')").format(message=exc.message, column=target.label))
        else:
            return _problem(
                _(
                    "valor '{text}' na coluna '{column}' não é uma data: "
                    "formate a célula como data ou escreva dd/mm/aaaa."
                ).format(text=cell_text(cell), column=target.label)
            )
        text = value.isoformat()
        return (text, f'"{text}"', value.year == self.year, None)

    def _bool(self, target: Field, cell: Any) -> Cell:
        if is_empty(cell):
            return EMPTY
        folded = fold(cell_text(cell))
        if folded in ("sim", "s", "verdadeiro", "true", "1", "x"):
            return (1, "true", True, None)
        if folded in ("nao", "n", "falso", "false", "0"):
            return (0, "false", True, None)
        return _problem(
            _("valor '{text}' na coluna '{column}' inválido: use Sim ou Não.").format(
                text=cell_text(cell), column=target.label
            )
        )


def is_plain_text(target: Field) -> bool:
    """Tell whether ``target``'s cells are kept as their stripped text, with no list, reference or format."""
    return (
        target.type is FieldType.TEXT
        and target.name not in CHOICE_LABELS
        and target.name not in ("natureza_despesa", "sei_process")
    )


def keep_rows(table: Table, column: str, value: str) -> tuple[Table, int]:
    """Return ``table`` with only the rows whose ``column`` cell is ``value``, and how many rows were left out.

    Case, accents, spaces around the text, a number's needless ``.0`` and a
    code's leading zeros do not count: "01091" matches 1091 and "1091".
    """
    position = table.columns.index(column)
    key = _filter_key(value)
    matching = [index for index, row in enumerate(table.rows) if _filter_key(cell_text(row[position])) == key]
    filtered = dataclasses.replace(
        table,
        rows=[table.rows[index] for index in matching],
        line_numbers=[table.line_numbers[index] for index in matching],
    )
    return filtered, len(table.rows) - len(matching)


def _filter_key(text: str) -> str:
    folded = fold(text)
    if not folded.isdigit():
        return folded
    # Budget systems write one UO as 01091 or 1091, and spreadsheets drop the zeros of a numeric cell.
    return folded.lstrip("0") or "0"


def cell_text(cell: Any) -> str:
    """Return a cell as stripped text: numbers without a needless ``.0``, dates as dd/mm/aaaa."""
    if cell is None:
        return ""
    if cell.__class__ is str:
        return cell.strip()
    if cell.__class__ is bool:
        return "Sim" if cell else "Não"
    if cell.__class__ is float:
        if cell.is_integer() and abs(cell) < 1e15:
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y") if cell.time() == datetime.min.time() else cell.strftime("%d/%m/%Y %H:%M")
    if isinstance(cell, date):
        return cell.strftime("%d/%m/%Y")
    return str(cell).strip()


def cents_text(cents: int) -> str:
    """Return the wire text of an amount in centavos: ``123456`` -> ``"1234.56"``."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    return f"{sign}{whole}.{part:02d}"


def json_text(value: str | None) -> str | None:
    """Return ``value`` as a JSON string, or None for an empty value (left out of the outbox entry)."""
    if value is None:
        return None
    return encode_basestring(value)


def is_empty(cell: Any) -> bool:
    return cell is None or (cell.__class__ is str and not cell.strip())


def _problem(message: str) -> Cell:
    return (None, None, False, message)


def _number(cell: Any, style: DecimalStyle, *, money: bool) -> Decimal | None:
    """Return the exact Decimal of a number cell, or None when it is not a number.

    A float from a workbook becomes the Decimal of its shortest text (repr),
    so 68.68 stays 68.68. Money with more digits than that, such as
    0.30000000000000004 from a formula, is read as Excel shows it, with 15
    significant digits, when that has at most two decimals.
    """
    if cell.__class__ is float:
        if cell != cell or cell in (float("inf"), float("-inf")):
            return None
        number = Decimal(repr(cell))
        exponent = number.as_tuple().exponent
        if money and isinstance(exponent, int) and exponent < -2:
            shown = Decimal(format(cell, ".15g"))
            shown_exponent = shown.as_tuple().exponent
            if isinstance(shown_exponent, int) and shown_exponent >= -2:
                return shown
        return number
    if cell.__class__ is int:
        return Decimal(cell)
    if cell.__class__ is not str:
        return None
    try:
        return parse_amount(cell, style)
    except (ValueError, InvalidOperation):
        return None
