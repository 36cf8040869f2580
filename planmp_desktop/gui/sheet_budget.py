"""The "Orçamento" sheet: budget lines of the local store, with their execution marks.

The screen is the shared ``SheetView`` over ``BudgetSheetModel``, so it has
the plan sheet's keyboard, clipboard, find and replace, totals row, saved
views and column chooser.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from planmp_desktop.domain.codes import Profile
from planmp_desktop.domain.permissions import edit_denial
from planmp_desktop.domain.validation import Issue, validate_budget_line
from planmp_desktop.gui.sheet_columns import SheetColumn
from planmp_desktop.gui.sheet_definition import BUDGET_SHEET
from planmp_desktop.gui.sheet_model import SheetModel, SheetRow
from planmp_desktop.gui.sheet_view import SheetView
from planmp_desktop.services import AppServices

# The contract marks every budget_line field editable, and the server accepts an edit from any
# editing profile whose scope contains the line's unit. The sheet is stricter on purpose. Empenhado,
# liquidado and pago come from the financial system's execution files, so a typed value would
# misstate it until the next import replaces it. The exercício and the unit decide where the line
# belongs and who receives it, so they are set by the import. Classification and dotações stay
# editable by the PAA, Planejamento and Administrador profiles, since the Usuário profile edits
# only tasks.
EXECUTION_FIELDS = frozenset({"empenhado", "liquidado", "pago"})
IMPORT_FIELDS = frozenset({"year", "unit_id"})


class BudgetSheetModel(SheetModel):
    """Every budget line of the local store as an editable table, execution values read-only."""

    def __init__(self, services: AppServices, parent: Any = None) -> None:
        super().__init__(services, BUDGET_SHEET, parent)

    def _column_denial(self, column: SheetColumn, situation: tuple[Any, ...]) -> str | None:
        (in_scope,) = situation
        if column.name in EXECUTION_FIELDS:
            return self.tr(
                "Campo '{field}' vem dos arquivos de execução orçamentária: importe-os em Arquivo › "
                "Importar planilha para atualizá-lo."
            ).format(field=column.label)
        denial = edit_denial(
            profile=self._profile,
            in_scope=in_scope,
            approval_state=None,
            field_name=column.name,
            field_is_planning=False,
            field_editable=column.field.editable,
            field_label=column.label,
        )
        if denial is not None:
            return denial
        if self._profile == Profile.USUARIO:
            return self.tr("O perfil Usuário não altera linhas orçamentárias: peça ao PAA da unidade.")
        if column.name in IMPORT_FIELDS:
            return self.tr("Campo '{field}' é definido na importação da linha orçamentária.").format(field=column.label)
        return None

    def _row_issues(self, row: SheetRow) -> list[Issue]:
        if row.raw("year") is None:
            return []  # a row deleted since the ids were read
        return validate_budget_line(row.decoded())

    def _row_label(self, row: SheetRow) -> str:
        parts = [row.raw("programa"), row.raw("acao")]
        code = ".".join(part for part in parts if part)
        natureza = row.raw("natureza_despesa") or ""
        return f"{code} {natureza}".strip()


def budget_sheet_view(services: AppServices, parent: QWidget | None = None) -> SheetView:
    """Return the "Orçamento" screen."""
    return SheetView(services, parent, model=BudgetSheetModel(services))
