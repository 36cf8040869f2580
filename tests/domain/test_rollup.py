"""Progress roll-up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from planmp_desktop.domain.rollup import (
    action_progress,
    initiative_progress,
    objective_progress,
    weighted_progress,
)

D = Decimal


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([(D(100), D(50)), (D(0), D(50))], D("50.00")),
        ([(D(100), D(75)), (D(20), D(25))], D("80.00")),
        ([(D(100), D(1)), (D(0), D(2))], D("33.33")),
        ([(None, D(50)), (D(100), D(50))], D("50.00")),
        ([(D(100), None), (D(40), D(10))], D("40.00")),
        ([], None),
        ([(D(50), D(0))], None),
        ([(D(50), None)], None),
    ],
)
def test_weighted_progress(items: list[tuple[Decimal | None, Decimal | None]], expected: Decimal | None) -> None:
    assert weighted_progress(items) == expected


def test_initiative_progress_from_tasks() -> None:
    tasks = [{"progress": D(100), "weight": D(30)}, {"progress": D(50), "weight": D(70)}]
    assert initiative_progress(tasks) == D("65.00")


def test_action_progress_counts_only_planejada() -> None:
    initiatives = [
        {"item_type": "planejada", "progress": D(100), "weight": D(50)},
        {"item_type": "planejada", "progress": D(0), "weight": D(50)},
        {"item_type": "continua", "progress": D(0), "weight": D(100)},
        {"item_type": "nao_planejada", "progress": D(0), "weight": D(100)},
        {"item_type": None, "progress": D(0), "weight": D(100)},
    ]
    assert action_progress(initiatives) == D("50.00")


def test_action_without_planejada_has_no_progress() -> None:
    assert action_progress([{"item_type": "continua", "progress": D(80), "weight": D(100)}]) is None


def test_objective_progress_from_actions() -> None:
    assert objective_progress([{"progress": D("62.5"), "weight": D(2)}, {"progress": D(25), "weight": D(2)}]) == D("43.75")
