"""The Qt screens of PlanMP Desktop.

Importing this package first makes PySide6's check of each imported module
cheaper. To support ``from __feature__ import ...``, PySide6 (6.11) checks
whether the source of every module imported after it contains "PySide6",
through ``inspect.getsource``. At start-up that took about 17 ms for the
app's modules on the 2-core benchmark machine. The check below reads the
module's file as bytes instead, with the same result.
"""

from __future__ import annotations

import sys
from types import ModuleType


def _read_module_files_for_pyside_features() -> None:
    import shiboken6  # noqa: F401  (loads PySide6's feature support)

    feature = sys.modules.get("shibokensupport.feature")
    inspect_source = getattr(feature, "_mod_uses_pyside", None)
    if inspect_source is None:
        # NOTE: a PySide6 release without this private check keeps its own way, whatever it costs.
        return

    def mentions_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            # Built-in and compiled modules have no source, so PySide6's own check returns False for them too.
            return False
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return bool(inspect_source(module))

    feature._mod_uses_pyside = mentions_pyside  # type: ignore[union-attr]


_read_module_files_for_pyside_features()
