"""Run one sync of a workspace, as `planmp sync` does but with a chosen page size; the kill tests start it.

Usage: python sync_runner.py HOME PAGE_SIZE. Exit codes follow `planmp sync`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from planmp_desktop.composition import configure_logging, open_workspace
from planmp_desktop.sync.engine import SyncEngine
from planmp_desktop.sync.errors import SyncError


def main(home: Path, page_size: int) -> int:
    workspace = open_workspace(home)
    configure_logging(home)
    user = workspace.current_user()
    if user is None:
        return 5
    store = workspace.open_store(user)
    engine = SyncEngine(store, workspace.transport(), workspace.device_id(), page_size=page_size, batch_size=page_size)
    try:
        engine.sync()
    except SyncError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    finally:
        engine.transport.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2])))
