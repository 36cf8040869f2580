"""Progress roll-up: weighted means from tasks to initiatives to strategic actions and up.

Roll-ups are derived on each side and never sent as edits.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from planmp_desktop.domain.codes import ItemType
from planmp_desktop.domain.i18n import _

PROGRESS_PLACES = Decimal("0.01")



def weighted_progress(items: Iterable[tuple[Decimal | None, Decimal | None]]) -> Decimal | None:
    """Return Σ(progress × weight) / Σ weight over (progress, weight) pairs, to two decimals.

    A blank weight leaves the item out; a blank progress counts as 0 (not
    started). Returns None when no item has a positive total weight, because
    there is nothing to average.
    """
    weighted_sum = Decimal(0)
    total_weight = Decimal(0)
    for progress, weight in items:
        if weight is None:
            continue
        weighted_sum += (progress or Decimal(0)) * weight
        total_weight += weight

    if total_weight <= 0:
        return None
    return (weighted_sum / total_weight).quantize(PROGRESS_PLACES, rounding=ROUND_HALF_EVEN)


def initiative_progress(tasks: Iterable[Mapping[str, Any]]) -> Decimal | None:
    """Return an initiative's progress from its task rows (keys ``progress`` and ``weight``)."""
    return weighted_progress((task.get("progress"), task.get("weight")) for task in tasks)


def action_progress(initiatives: Iterable[Mapping[str, Any]]) -> Decimal | None:
    """Return a strategic action's progress from its initiative rows.

    Only Planejada initiatives count (key ``item_type``): Contínua and Não
    planejada work does not move strategic goals.
    """
    return weighted_progress(
        (initiative.get("progress"), initiative.get("weight"))
        for initiative in initiatives
        if initiative.get("item_type") == ItemType.PLANEJADA
    )


def objective_progress(actions: Iterable[Mapping[str, Any]]) -> Decimal | None:
    """Return an objective's (or cycle's) progress from its strategic action rows."""
    return weighted_progress((action.get("progress"), action.get("weight")) for action in actions)


def derived_progress_reason() -> str:
    """Return why an initiative with tasks takes no typed progress (sheet tooltip and server rejection)."""
    return _("O progresso da iniciativa é calculado a partir das tarefas: altere o progresso das tarefas.")
