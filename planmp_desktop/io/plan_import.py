"""Loading imported actions into the local store as new plan items.

Everything is written in one transaction with its outbox entries, or not at
all: a file with unreadable lines for the chosen unit imports nothing.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from planmp_desktop.contract.schema import PLAN_ITEM
from planmp_desktop.domain.codes import ApprovalState
from planmp_desktop.domain.i18n import _
from planmp_desktop.domain.permissions import edit_denial
from planmp_desktop.gc_pause import collection_paused
from planmp_desktop.io.sigplan import SigplanImport, normalize_uo, read_sigplan_actions
from planmp_desktop.store.bulk import BulkWrite, undo_rows_and_edits
from planmp_desktop.store.local import LocalStore
from planmp_desktop.store.scope import CurrentUserLike, load_scope

log = logging.getLogger(__name__)


class ImportRefused(Exception):
    """Nothing was imported; ``message`` explains why in pt-BR."""

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


@dataclass
class ImportSummary:
    imported: int
    skipped_deleted: list[str] = field(default_factory=list)
    already_present: list[str] = field(default_factory=list)
    totals_by_year: dict[int, Decimal] = field(default_factory=dict)
    inserted_ids: list[uuid.UUID] = field(default_factory=list)  # what undo_sigplan_import removes
    undone: bool = False


def find_plan(store: LocalStore, year: int) -> uuid.UUID:
    plans = store.fetch_rows("annual_plan", "year = ?", (year,))
    if plans:
        return plans[0]["id"]
    years = sorted(plan["year"] for plan in store.fetch_rows("annual_plan"))
    if not years:
        raise ImportRefused(_("Não há nenhum Plano de Ação Anual neste computador: sincronize antes de importar."))
    available = ", ".join(str(plan_year) for plan_year in years)
    raise ImportRefused(
        _(
            "Não há Plano de Ação Anual {year} neste computador; há o(s) de {years}. "
            "Escolha um desses anos, ou sincronize se o plano foi criado há pouco."
        ).format(year=year, years=available)
    )


def find_unit_for_uo(store: LocalStore, uo: str) -> uuid.UUID | None:
    normalized = normalize_uo(uo)
    for unit in store.fetch_rows("unit", "uo IS NOT NULL"):
        if normalize_uo(unit["uo"]) == normalized:
            return unit["id"]
    return None


@collection_paused()
def import_sigplan(
    store: LocalStore,
    path: Path,
    uo: str,
    year: int,
    unit_id: uuid.UUID | None = None,
    user: CurrentUserLike | None = None,
) -> ImportSummary:
    """Import the actions of unidade orçamentária ``uo`` as initiatives of the ``year`` plan.

    Actions already imported (same programa, ação and UO in the plan) are
    left as they are and listed, so importing twice duplicates nothing.
    With ``user``, an import the server would reject (a unit outside the
    user's scope, a profile that cannot create initiatives) is refused here,
    before anything is written. Raises ImportRefused, or ValueError for a
    malformed UO or a year the file does not cover.
    """
    result: SigplanImport = read_sigplan_actions(path, uo, year)
    if not result.ok:
        raise ImportRefused(
            _("O arquivo {name} tem {count} linha(s) ilegível(is) para a UO {uo}; nada foi importado.").format(
                name=path.name, count=len(result.errors), uo=result.uo
            ),
            [str(error) for error in result.errors],
        )
    plan_id = find_plan(store, year)
    if unit_id is None:
        unit_id = find_unit_for_uo(store, result.uo)
    if unit_id is None:
        raise ImportRefused(
            _(
                "Nenhuma unidade deste computador tem a unidade orçamentária {uo}: "
                "escolha a unidade de destino (na linha de comando, --unit SIGLA)."
            ).format(uo=result.uo)
        )

    if user is not None:
        _check_user_may_create(store, user, unit_id)

    existing = {
        row["source_ref"]
        for row in store.fetch_rows("plan_item", "plan_id = ? AND source_ref IS NOT NULL", (str(plan_id),))
    }
    new_items = []
    already_present = []
    for item in result.items:
        if item["source_ref"] in existing:
            already_present.append(item["code"])
            continue
        row = dict(item)
        row["id"] = uuid.uuid4()
        row["plan_id"] = plan_id
        row["unit_id"] = unit_id
        new_items.append(row)
    store.insert_rows("plan_item", new_items)
    log.info(
        "Imported %d SIGPLAN actions of UO %s into plan %s (%d already present, %d deleted skipped)",
        len(new_items),
        result.uo,
        plan_id,
        len(already_present),
        len(result.skipped_deleted),
    )
    return ImportSummary(
        inserted_ids=[row["id"] for row in new_items],
        imported=len(new_items),
        skipped_deleted=[
            _("Linha {line}: {programa}/{acao} {title}").format(
                line=s.line, programa=s.programa, acao=s.acao, title=s.title
            )
            for s in result.skipped_deleted
        ],
        already_present=already_present,
        totals_by_year=dict(result.totals_by_year),
    )


def _check_user_may_create(store: LocalStore, user: CurrentUserLike, unit_id: uuid.UUID) -> None:
    """Raise ImportRefused when the server would reject new initiatives of ``user`` in ``unit_id``."""
    scope = load_scope(store, user)
    in_scope = scope is None or unit_id in scope
    denial = edit_denial(
        profile=user.profile,
        in_scope=in_scope,
        approval_state=ApprovalState.RASCUNHO.value,
        field_name="title",
        field_is_planning=PLAN_ITEM.field("title").planning,
        field_editable=True,
        is_own_task=False,
    )
    if denial is None:
        return
    unit = store.fetch_row("unit", unit_id)
    unit_name = unit["name"] if unit else str(unit_id)
    raise ImportRefused(_("Não é possível criar iniciativas em {unit}: {reason}").format(unit=unit_name, reason=denial))


def undo_sigplan_import(store: LocalStore, summary: ImportSummary) -> int:
    """Remove the initiatives a SIGPLAN import inserted, in one transaction, and return how many.

    An initiative whose insert is still pending leaves no trace. One the
    server already has gets a delete (see ``store.bulk.undo_rows_and_edits``).
    An undone summary returns 0.
    """
    if summary.undone or not summary.inserted_ids:
        return 0
    undo_rows_and_edits(store, "plan_item", BulkWrite(inserted_ids=[str(row_id) for row_id in summary.inserted_ids]))
    summary.undone = True
    log.info("Undid SIGPLAN import: %d initiatives removed", len(summary.inserted_ids))
    return len(summary.inserted_ids)
