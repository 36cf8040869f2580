"""Closed lists of codes and how typed or pasted text names one of them."""

from __future__ import annotations

import pytest

from planmp_desktop.domain.codes import LEVEL_LABELS, PRIORITY_LABELS, STATUS_LABELS, match_choice


@pytest.mark.parametrize(
    ("text", "labels", "code"),
    [
        ("alta", PRIORITY_LABELS, "alto"),
        ("ALTO", PRIORITY_LABELS, "alto"),
        ("Media", PRIORITY_LABELS, "medio"),
        ("medio", PRIORITY_LABELS, "medio"),
        ("alta", LEVEL_LABELS, "alto"),
        ("concluída", STATUS_LABELS, "concluido"),
        ("Descontinuado", STATUS_LABELS, "descontinuada"),
        ("nao iniciada", STATUS_LABELS, "nao_iniciado"),
        ("altíssima", PRIORITY_LABELS, None),
        ("alt", PRIORITY_LABELS, None),
        ("", PRIORITY_LABELS, None),
    ],
)
def test_choice_matches_code_label_accents_and_gender(text: str, labels: dict, code: str | None) -> None:
    assert match_choice(text, {str(key): label for key, label in labels.items()}) == code


def test_exact_label_wins_over_its_other_gender() -> None:
    labels = {"m": "Bonito", "f": "Bonita"}
    assert (match_choice("bonito", labels), match_choice("BONITA", labels)) == ("m", "f")
