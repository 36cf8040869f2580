"""The English Qt catalog contains every screen text, with the source's placeholders."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_english_catalog_is_complete() -> None:
    checked = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "update_translations.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )

    assert checked.returncode == 0, checked.stdout[-4000:] + checked.stderr[-2000:]


def test_english_catalog_translates_column_titles_and_messages() -> None:
    import pytest

    from planmp_desktop.domain import i18n
    from planmp_desktop.domain.errors import DomainValueError
    from planmp_desktop.domain.money import parse_money
    from planmp_desktop.gui.sheet_columns import SHEET_COLUMNS

    if not (i18n.LOCALE_DIR / "en" / "LC_MESSAGES" / "planmp.mo").exists():
        pytest.skip("planmp.mo not built: run python3 scripts/bootstrap.py install")
    i18n.set_language("en")
    try:
        planned = next(column for column in SHEET_COLUMNS if column.name == "planned_total")
        assert planned.label == "Planned amount"
        with pytest.raises(DomainValueError) as caught:
            parse_money("abc")
        assert caught.value.message.startswith("Invalid amount 'abc'")
    finally:
        i18n.set_language("pt_BR")
    assert planned.label == "Valor planejado"
