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

from planmp_desktop.io.sigplan import SigplanImport, normalize_uo, read_sigplan_actions
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)


class ImportRefused(Exception):
    """Nothing was imported; ``message`` says why in pt-BR."""

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


def find_plan(store: LocalStore, year: int) -> uuid.UUID:
    plans = store.fetch_rows("annual_plan", "year = ?", (year,))
    if not plans:
        raise ImportRefused(
            f"Não há Plano de Ação Anual {year} neste computador: sincronize antes de importar."
        )
    return plans[0]["id"]


def find_unit_for_uo(store: LocalStore, uo: str) -> uuid.UUID | None:
    normalized = normalize_uo(uo)
    for unit in store.fetch_rows("unit", "uo IS NOT NULL"):
        if normalize_uo(unit["uo"]) == normalized:
            return unit["id"]
    return None


def import_sigplan(
    store: LocalStore,
    path: Path,
    uo: str,
    year: int,
    unit_id: uuid.UUID | None = None,
) -> ImportSummary:
    """Import the actions of unidade orçamentária ``uo`` as initiatives of the ``year`` plan.

    Actions already imported (same programa, ação and UO in the plan) are
    left as they are and listed, so importing twice duplicates nothing.
    """
    result: SigplanImport = read_sigplan_actions(path, uo, year)
    if not result.ok:
        raise ImportRefused(
            f"O arquivo {path.name} tem {len(result.errors)} linha(s) ilegível(is) para a UO "
            f"{result.uo}; nada foi importado.",
            [str(error) for error in result.errors],
        )
    plan_id = find_plan(store, year)
    if unit_id is None:
        unit_id = find_unit_for_uo(store, result.uo)
    if unit_id is None:
        raise ImportRefused(
            f"Nenhuma unidade deste computador tem a unidade orçamentária {result.uo}: "
            "escolha a unidade de destino."
        )

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
        imported=len(new_items),
        skipped_deleted=[
            f"Linha {s.line}: {s.programa}/{s.acao} {s.title}" for s in result.skipped_deleted
        ],
        already_present=already_present,
        totals_by_year=dict(result.totals_by_year),
    )
