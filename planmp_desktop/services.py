"""Service objects that the composition root builds and hands to the GUI.

The GUI never builds stores, transports or sign-in sessions itself. It calls
these, so the same services serve the app, the command line and the tests.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planmp_desktop.settings import Settings, data_dir
from planmp_desktop.store.local import LocalStore

if TYPE_CHECKING:
    # Only a type here; importing the engine loads httpx, which the window does not need before its first paint.
    from planmp_desktop.sync.engine import SyncEngine


@dataclass
class CurrentUser:
    """The signed-in user, as recorded at the last sign-in (so also known offline)."""

    oid: uuid.UUID
    username: str
    name: str
    profile: str
    roles: list[str] = field(default_factory=list)
    home_unit_id: uuid.UUID | None = None


@dataclass
class AppServices:
    """Everything the main window needs.

    ``store`` is the GUI thread's connection. ``make_sync_engine`` builds an
    engine with its own connection for a worker thread. ``fetch_audit``
    queries the server's full audit trail and raises ``SyncError`` offline.
    ``sign_in`` runs an interactive sign-in and returns the user, or None
    when cancelled. ``refresh_user`` re-reads the user's home unit from the
    synced directory, which the first sync brings. ``home`` is the data
    folder (``--home``) that holds saved views and import mappings; None
    means the default one.
    """

    settings: Settings
    store: LocalStore
    store_path: Path
    user: CurrentUser
    make_sync_engine: Callable[[], SyncEngine]
    fetch_audit: Callable[[dict[str, Any]], list[dict[str, Any]]]
    plan_id: Callable[[], uuid.UUID | None]
    sign_in: Callable[[], CurrentUser | None] | None = None
    token_available: Callable[[], bool] = lambda: True
    refresh_user: Callable[[], None] = lambda: None
    demo: bool = False
    home: Path | None = None

    def data_folder(self) -> Path:
        """Return the folder of the user's saved views and import mappings."""
        return self.home if self.home is not None else data_dir()
