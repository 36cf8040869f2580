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
