"""PySide6's module check, replaced by planmp_desktop.gui, returns what the original returns."""

from __future__ import annotations

import inspect
import sys

import planmp_desktop.gui  # noqa: F401  (installs the check)
import planmp_desktop.gui.sheet_view  # noqa: F401  (modules that use PySide6)


def _source_mentions_pyside(module: object) -> bool:
    try:
        return "PySide6" in inspect.getsource(module)  # type: ignore[arg-type]
    except (TypeError, OSError, SyntaxError):
        return False


def test_check_matches_inspect_source() -> None:
    feature = sys.modules["shibokensupport.feature"]
    modules = [module for module in list(sys.modules.values()) if module is not None]
    differing = [
        module.__name__
        for module in modules
        if feature._mod_uses_pyside(module) != _source_mentions_pyside(module)
    ]

    assert differing == []
    assert feature._mod_uses_pyside(sys.modules["planmp_desktop.gui.sheet_view"]) is True
    assert feature._mod_uses_pyside(sys.modules["planmp_desktop.domain.money"]) is False
