"""The signed-in user's unit scope; the logic lives in the store layer so io and the CLI share it."""

from planmp_desktop.store.scope import load_scope

__all__ = ["load_scope"]
