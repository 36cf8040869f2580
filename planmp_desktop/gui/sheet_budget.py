"""The "Orçamento" sheet: budget lines of the local store, with their execution marks.

The screen is the shared ``SheetView`` over ``BudgetSheetModel``, so it has
the plan sheet's keyboard, clipboard, find and replace, totals row, saved
views and column chooser.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

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
        # The exercício shown, None for every year: the plan's year when the store has lines of it. It is
        # chosen before the first load, which base_rows_sql reads.
        plan_year = services.settings.plan_year
        has_plan_year = services.store.connection.execute(
            "SELECT 1 FROM budget_line WHERE year = ? LIMIT 1", (plan_year,)
        ).fetchone()
        self._year: int | None = plan_year if has_plan_year else None
        super().__init__(services, BUDGET_SHEET, parent)

    @property
    def year(self) -> int | None:
        return self._year

    def available_years(self) -> list[int]:
        """Return the exercícios of the local budget lines, newest first."""
        cursor = self._store.connection.execute(
            "SELECT DISTINCT year FROM budget_line WHERE year IS NOT NULL ORDER BY year DESC"
        )
        return [int(year) for (year,) in cursor]

    def set_year(self, year: int | None) -> None:
        """Show the lines of exercício ``year`` only, or of every year when None, so totals never mix years unasked."""
        if year == self._year:
            return
        self._year = year
        self.reload(data_changed=False)

    def base_rows_sql(self) -> tuple[str, list[Any]] | None:
        if self._year is None:
            return "1 = 1", []
        return "p.year = ?", [self._year]

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
    """Return the "Orçamento" screen, with a choice of exercício before the filter."""
    model = BudgetSheetModel(services)
    view = SheetView(services, parent, model=model)
    combo = QComboBox(view)
    combo.setAccessibleName(QCoreApplication.translate("BudgetSheet", "Exercício mostrado"))
    label = QLabel(QCoreApplication.translate("BudgetSheet", "Exe&rcício:"), view)
    label.setBuddy(combo)

    def fill() -> None:
        chosen = model.year
        combo.clear()
        combo.addItem(QCoreApplication.translate("BudgetSheet", "todos"), None)
        for year in model.available_years():
            combo.addItem(str(year), year)
        combo.setCurrentIndex(max(combo.findData(chosen), 0))

    fill()
    combo.activated.connect(lambda _position: model.set_year(combo.currentData()))
    # An import can bring lines of new years; the list follows each reload.
    model.reloaded.connect(fill)
    view.insert_toolbar_widgets([label, combo])
    return view
