"""Sheet definitions: what one spreadsheet screen shows of one entity of the local store.

The sheet model, table and view are shared by every sheet. A definition
names the entity, its columns and the frozen leading ones, the columns the
filter box searches, the groupings offered and the file of saved views.
Behaviour that needs code (validation marks, who may edit a cell) lives in
the model subclass made for the entity.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication

from planmp_desktop.contract.schema import BUDGET_LINE, PLAN_ITEM, Entity
from planmp_desktop.gui.sheet_columns import BUDGET_COLUMNS, SHEET_COLUMNS, ColumnKind, SheetColumn

# Rows of a plan item without a strategic action take their initiative's, so a task groups with it.
_ITEM_ACTION_JOINS = (
    "LEFT JOIN plan_item parent ON parent.id = p.parent_id "
    "LEFT JOIN strategic_action sa ON sa.id = COALESCE(p.strategic_action_id, parent.strategic_action_id)"
)


@dataclass(frozen=True)
class Grouping:
    """One "Agrupar por" choice: the SQL expressions of a row's group and of its shown name.

    ``joins`` are added after ``FROM <entity> p LEFT JOIN unit u`` while the
    grouping is active. Groups are ordered by their name, rows without a
    group last. ``fields`` are the row's fields the key reads: the model
    makes them read-only while the sheet is grouped this way, because it
    adjusts subtotals in place and never moves an edited row to another group.
    """

    name: str
    label: str  # the pt-BR choice in "Agrupar por", translated through the "SheetDefinition" context
    key_sql: str
    label_sql: str
    joins: str = ""
    empty_label: str = "(sem grupo)"
    fields: tuple[str, ...] = ()

    @property
    def shown_label(self) -> str:
        return QCoreApplication.translate("SheetDefinition", self.label)

    @property
    def shown_empty_label(self) -> str:
        return QCoreApplication.translate("SheetDefinition", self.empty_label)


@dataclass(frozen=True)
class SheetDefinition:
    """The content of one sheet: entity, columns, frozen columns, filter, groupings and saved-view file."""

    key: str  # names the saved-views file and the sheet in logs
    entity: Entity
    columns: tuple[SheetColumn, ...]
    frozen_names: tuple[str, ...]
    default_sort: str
    tiebreak_sql: str  # ORDER BY terms after the sort column, ending in the id so the order is total
    filter_fields: tuple[str, ...]
    filter_placeholder: str
    title: str
    row_noun: tuple[str, str]  # singular and plural count forms, e.g. ("1 item", "{count} itens")
    groupings: tuple[Grouping, ...] = ()
    tint_issues: bool = False  # tint cells with validation issues, besides their warning icon
    column_index: dict[str, int] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_index", {column.name: number for number, column in enumerate(self.columns)})

    @property
    def frozen_columns(self) -> frozenset[int]:
        return frozenset(self.column_index[name] for name in self.frozen_names)

    @property
    def money_columns(self) -> list[int]:
        """Return the numbers of the money columns, which the totals row and group subtotals add up."""
        return [number for number, column in enumerate(self.columns) if column.kind is ColumnKind.MONEY]

    def grouping(self, name: str | None) -> Grouping | None:
        for grouping in self.groupings:
            if grouping.name == name:
                return grouping
        return None

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("SheetDefinition", text)


_UNIT_GROUPING = Grouping("unit", "unidade", "p.unit_id", "u.name", empty_label="(sem unidade)", fields=("unit_id",))

PLAN_SHEET = SheetDefinition(
    key="plan",
    entity=PLAN_ITEM,
    columns=SHEET_COLUMNS,
    frozen_names=("code", "title"),
    default_sort="code",
    tiebreak_sql="p.code, p.id",
    filter_fields=("code", "title", "responsible"),
    filter_placeholder="Filtrar por código, título ou responsável",
    title="Planilha do plano",
    row_noun=("1 item", "{count} itens"),
    groupings=(
        _UNIT_GROUPING,
        Grouping(
            "objective",
            "objetivo estratégico",
            "o.id",
            "o.code || ' – ' || o.name",
            _ITEM_ACTION_JOINS + " LEFT JOIN objective o ON o.id = sa.objective_id",
            "(sem objetivo estratégico)",
            ("strategic_action_id", "parent_id"),
        ),
        Grouping(
            "strategic_action",
            "ação estratégica",
            "sa.id",
            "sa.code || ' – ' || sa.name",
            _ITEM_ACTION_JOINS,
            "(sem ação estratégica)",
            ("strategic_action_id", "parent_id"),
        ),
    ),
)

BUDGET_SHEET = SheetDefinition(
    key="orcamento",
    entity=BUDGET_LINE,
    columns=BUDGET_COLUMNS,
    frozen_names=("programa", "acao", "natureza_despesa"),
    default_sort="programa",
    tiebreak_sql="p.acao, p.natureza_despesa, p.fonte, p.year, p.id",
    filter_fields=("programa", "acao", "natureza_despesa", "fonte", "uo", "ug", "year"),
    filter_placeholder="Filtrar por programa, ação, natureza, fonte, UO ou UG",
    title="Orçamento",
    row_noun=("1 linha", "{count} linhas"),
    groupings=(
        _UNIT_GROUPING,
        Grouping(
            "programa", "programa", "p.programa", "p.programa", empty_label="(sem programa)", fields=("programa",)
        ),
        Grouping("acao", "ação", "p.acao", "p.acao", empty_label="(sem ação)", fields=("acao",)),
        Grouping(
            "natureza_despesa",
            "natureza de despesa",
            "p.natureza_despesa",
            "p.natureza_despesa",
            empty_label="(sem natureza de despesa)",
            fields=("natureza_despesa",),
        ),
        Grouping("fonte", "fonte", "p.fonte", "p.fonte", empty_label="(sem fonte)", fields=("fonte",)),
    ),
    tint_issues=True,
)
