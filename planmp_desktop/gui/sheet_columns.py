"""Columns of the sheets: which field each shows, and its pt-BR text form.

Display and parsing go through the domain's pt-BR parsers and formatters, so
the sheet shows ``1.234,56``, ``62,5`` and ``31/12/2026`` and accepts what
users type in those forms.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from PySide6.QtCore import QCoreApplication

from planmp_desktop.contract.schema import BUDGET_LINE, MONTHS, PLAN_ITEM, Entity, Field
from planmp_desktop.domain.codes import (
    APPROVAL_LABELS,
    ITEM_TYPE_LABELS,
    KIND_LABELS,
    LEVEL_LABELS,
    PRIORITY_LABELS,
    STATUS_LABELS,
    match_choice,
)
from planmp_desktop.domain.dates import format_date, parse_date
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.money import format_centavos, format_decimal, parse_decimal, parse_money
from planmp_desktop.domain.natureza import parse_natureza


class ColumnKind(Enum):
    TEXT = "text"
    MONEY = "money"
    DECIMAL = "decimal"
    DATE = "date"
    CHOICE = "choice"  # a stored code shown with its pt-BR label
    UNIT = "unit"  # the unit's name, read through a join
    NATUREZA = "natureza"


@dataclass(frozen=True)
class SheetColumn:
    """One visible column: the entity's field, how it is shown and edited, and its width in pixels."""

    field: Field
    kind: ColumnKind
    width: int
    choices: dict[str, str] | None = None

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def label(self) -> str:
        """Return the column's title in the app's language (the schema's pt-BR label through gettext)."""
        return _(self.field.label)

    @property
    def numeric(self) -> bool:
        return self.kind in (ColumnKind.MONEY, ColumnKind.DECIMAL)


def _column(
    name: str, kind: ColumnKind, width: int, choices: dict[Any, str] | None = None, entity: Entity = PLAN_ITEM
) -> SheetColumn:
    labels = None if choices is None else {str(code): label for code, label in choices.items()}
    return SheetColumn(entity.field(name), kind, width, labels)


def _budget_column(name: str, kind: ColumnKind, width: int) -> SheetColumn:
    return _column(name, kind, width, entity=BUDGET_LINE)


K = ColumnKind

# Left to right as an analyst reads a planning row: identity, schedule and
# execution, deliverable, budget classification, money, approval, notes.
SHEET_COLUMNS: tuple[SheetColumn, ...] = (
    _column("code", K.TEXT, 150),
    _column("title", K.TEXT, 280),
    _column("kind", K.CHOICE, 80, KIND_LABELS),
    _column("item_type", K.CHOICE, 105, ITEM_TYPE_LABELS),
    _column("unit_id", K.UNIT, 200),
    _column("responsible", K.TEXT, 150),
    _column("start_date", K.DATE, 88),
    _column("end_date", K.DATE, 88),
    _column("status", K.CHOICE, 110, STATUS_LABELS),
    _column("progress", K.DECIMAL, 90),
    _column("weight", K.DECIMAL, 75),
    _column("priority", K.CHOICE, 85, PRIORITY_LABELS),
    _column("risk", K.CHOICE, 70, LEVEL_LABELS),
    _column("deliverable", K.TEXT, 180),
    _column("target_quantity", K.DECIMAL, 90),
    _column("target_unit", K.TEXT, 120),
    _column("sei_process", K.TEXT, 185),
    _column("programa", K.TEXT, 75),
    _column("acao", K.TEXT, 60),
    _column("natureza_despesa", K.NATUREZA, 130),
    _column("fonte", K.TEXT, 60),
    _column("planned_total", K.MONEY, 115),
    *(_column(name, K.MONEY, 95) for name in MONTHS),
    _column("empenhado", K.MONEY, 110),
    _column("liquidado", K.MONEY, 110),
    _column("pago", K.MONEY, 110),
    _column("approval_state", K.CHOICE, 160, APPROVAL_LABELS),
    _column("notes", K.TEXT, 240),
)

COLUMN_INDEX: dict[str, int] = {column.name: index for index, column in enumerate(SHEET_COLUMNS)}

# The classification that identifies a budget line first, then its money from dotação to pago in
# the order of the execution stages, then where it sits in the budget structure.
BUDGET_COLUMNS: tuple[SheetColumn, ...] = (
    _budget_column("programa", K.TEXT, 95),
    _budget_column("acao", K.TEXT, 65),
    _budget_column("natureza_despesa", K.NATUREZA, 165),
    _budget_column("fonte", K.TEXT, 65),
    _budget_column("dotacao_inicial", K.MONEY, 135),
    _budget_column("dotacao_atualizada", K.MONEY, 150),
    _budget_column("empenhado", K.MONEY, 130),
    _budget_column("liquidado", K.MONEY, 130),
    _budget_column("pago", K.MONEY, 130),
    _budget_column("unit_id", K.UNIT, 230),
    _budget_column("year", K.TEXT, 85),
    _budget_column("esfera", K.TEXT, 65),
    _budget_column("uo", K.TEXT, 70),
    _budget_column("ug", K.TEXT, 75),
    _budget_column("funcao", K.TEXT, 70),
    _budget_column("subfuncao", K.TEXT, 90),
    _budget_column("localizador", K.TEXT, 95),
)


def display_text(column: SheetColumn, value: Any, unit_name: str | None = None) -> str:
    """Return the pt-BR text of a stored SQLite value (centavos, REAL, ISO date, code)."""
    if column.kind is ColumnKind.UNIT:
        return unit_name or ""
    if value is None:
        return ""
    if column.kind is ColumnKind.MONEY:
        return format_centavos(int(value))
    if column.kind is ColumnKind.DECIMAL:
        return format_decimal(Decimal(repr(float(value))))
    if column.kind is ColumnKind.DATE:
        return format_date(dt.date.fromisoformat(str(value)))
    if column.kind is ColumnKind.CHOICE:
        label = (column.choices or {}).get(str(value))
        return _(label) if label is not None else str(value)
    return str(value)


def edit_text(column: SheetColumn, value: Any) -> str:
    """Return the text an editor starts from: the display form, or the code for closed lists."""
    if column.kind is ColumnKind.CHOICE:
        return "" if value is None else str(value)
    return display_text(column, value)


def parse_input(column: SheetColumn, text: str) -> Any:
    """Parse what the user typed into the field's Python value; empty text clears the field.

    Raises DomainValueError with a pt-BR message naming the value and the
    expected form.
    """
    stripped = text.strip()
    if not stripped:
        if column.field.required:
            message = QCoreApplication.translate("SheetColumns", "Campo '{field}' é obrigatório: informe um valor.")
            raise DomainValueError(text, message.format(field=column.label))
        return None

    if column.kind is ColumnKind.MONEY:
        return parse_money(stripped)
    if column.kind is ColumnKind.DECIMAL:
        return parse_decimal(stripped)
    if column.kind is ColumnKind.DATE:
        return parse_date(stripped)
    if column.kind is ColumnKind.NATUREZA:
        return str(parse_natureza(stripped))
    if column.kind is ColumnKind.CHOICE:
        return _parse_choice(column, stripped)
    # Line breaks inside a cell are stored as LF, whichever form the clipboard or file used.
    return stripped.replace("\r\n", "\n").replace("\r", "\n")


def _parse_choice(column: SheetColumn, text: str) -> str:
    choices = column.choices or {}
    if text in choices:
        return text
    code = match_choice(text, {code: _(label) for code, label in choices.items()})
    if code is None:
        code = match_choice(text, choices)  # the pt-BR labels, also under the English translation
    if code is not None:
        return code
    allowed = ", ".join(_(label) for label in choices.values())
    raise DomainValueError(
        text,
        QCoreApplication.translate("SheetColumns", "Valor '{value}' inválido para '{field}': use {allowed}.").format(
            value=text, field=column.label, allowed=allowed
        ),
    )
