"""Take screenshots of the PlanMP main window over a filled local store.

Run under Xvfb with ImageMagick installed:

    xvfb-run -s "-screen 0 1400x900x24" .venv/bin/python scripts/screenshot_gui.py [PROFILE] [OUT_DIR]

PROFILE is PAA (default), Planejamento or Auditor. Each screen is saved as
OUT_DIR/<name>.png (default /tmp) with ``import -window root``. Sync points at
a closed port on 127.0.0.1, so the status bar shows the offline state.
"""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPOSITORY))
sys.path.insert(0, str(REPOSITORY / "tests" / "gui"))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import store_fill  # noqa: E402
from planmp_desktop.contract.messages import MutationResult  # noqa: E402
from planmp_desktop.gui.run import create_application  # noqa: E402
from planmp_desktop.gui.main_window import APPROVALS_SCREEN, AUDIT_SCREEN, BUDGET_SCREEN, MainWindow  # noqa: E402
from planmp_desktop.gui.signin import SignInDialog  # noqa: E402
from planmp_desktop.services import AppServices, CurrentUser  # noqa: E402
from planmp_desktop.settings import Settings  # noqa: E402
from planmp_desktop.store.local import CellEdit, LocalStore  # noqa: E402
from planmp_desktop.sync.engine import SyncEngine  # noqa: E402
from planmp_desktop.sync.rest import RestTransport  # noqa: E402

log = logging.getLogger("screenshot_gui")
STEP_MS = 1500


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    profile = sys.argv[1] if len(sys.argv) > 1 else "PAA"
    out_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path("/tmp")
    workdir = Path(tempfile.mkdtemp(prefix="planmp-shot-"))
    store_path = workdir / "local.sqlite3"
    _prepare_store(store_path)

    app = create_application(sys.argv)
    services = _services(store_path, profile)
    window = MainWindow(services)
    window.show()
    window.sheet.table.setCurrentIndex(window.sheet.model.index(3, 1))

    steps: list[Callable[[], None]] = [
        lambda: _grab(out_dir / "sheet.png"),
        lambda: window.sync_now(),
        lambda: _grab(out_dir / "sheet_offline.png"),
        lambda: window.show_screen(BUDGET_SCREEN),
        lambda: _grab(out_dir / "budget.png"),
        lambda: window.show_screen(APPROVALS_SCREEN),
        lambda: _grab(out_dir / "approvals.png"),
        lambda: window.approvals.tabs.setCurrentIndex(2),
        lambda: _grab(out_dir / "rejections.png"),
        lambda: window.show_screen(AUDIT_SCREEN),
        lambda: _grab(out_dir / "audit.png"),
        lambda: _show_signin(window),
        lambda: _grab(out_dir / "signin.png"),
        lambda: _close_all(window, app),
    ]
    _run_steps(steps)
    code = app.exec()
    services.store.close()
    return code


def _prepare_store(path: Path) -> None:
    store = LocalStore(path)
    store_fill.fill_store(store, item_count=400, audit_count=60)
    first, second, third = (store_fill.plan_item_id(number) for number in (1, 2, 6))
    store.write_edits([CellEdit("plan_item", first, "progress", Decimal("62.5"))])
    store.write_edits([CellEdit("plan_item", first, "planned_total", Decimal("1234.56"))])
    conflicted = store.write_edits([CellEdit("plan_item", second, "notes", "Ajustar cronograma")])
    store.apply_push_results(
        [MutationResult(mutation_id=conflicted[0], outcome="conflict", conflict_fields=["notes"],
                        reason="Outra pessoa alterou as observações", server_values={"notes": "Cronograma mantido"})]
    )
    command = store.enqueue_command("plan_item", third, "submit")
    store.apply_push_results(
        [MutationResult(mutation_id=command, outcome="rejected",
                        reason="O item tem alterações recusadas: corrija o cronograma antes de enviar.")]
    )
    store.close()


def _services(store_path: Path, profile: str) -> AppServices:
    users = {user["profile"]: user for user in store_fill.USERS}
    user = users[profile]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server_url = f"http://127.0.0.1:{port}"

    def make_sync_engine() -> SyncEngine:
        return SyncEngine(LocalStore(store_path), RestTransport(server_url, lambda: "token", timeout_s=2.0), "shot")

    def fetch_audit(filters: dict[str, Any]) -> list[dict[str, Any]]:
        return RestTransport(server_url, lambda: "token").audit(filters)

    return AppServices(
        settings=Settings(sync_interval_s=3600),
        store=LocalStore(store_path),
        store_path=store_path,
        user=CurrentUser(oid=uuid.UUID(str(user["id"])), username=user["username"], name=user["name"],
                         profile=profile, home_unit_id=user["home_unit_id"]),
        make_sync_engine=make_sync_engine,
        fetch_audit=fetch_audit,
        plan_id=lambda: store_fill.PLAN_ID,
    )


def _show_signin(window: MainWindow) -> None:
    units = {unit["id"]: unit["name"] for unit in store_fill.UNITS}
    users = [
        {"username": user["username"], "name": user["name"], "profile": user["profile"],
         "unit_name": units[user["home_unit_id"]]}
        for user in store_fill.USERS
    ]
    dialog = SignInDialog(users, parent=window)
    dialog.setObjectName("signin")
    dialog.show()
    window.signin_dialog = dialog  # type: ignore[attr-defined]


def _close_all(window: MainWindow, app: QApplication) -> None:
    window.close()
    app.quit()


def _grab(path: Path) -> None:
    subprocess.run(["import", "-window", "root", str(path)], check=True)
    log.info("Saved %s", path)


def _run_steps(steps: list[Callable[[], None]]) -> None:
    for number, step in enumerate(steps, start=1):
        QTimer.singleShot(number * STEP_MS, step)


if __name__ == "__main__":
    sys.exit(main())
