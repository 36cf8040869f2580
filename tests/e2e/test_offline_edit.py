"""An edit made in the sheet while the server is down survives a restart and reaches the server."""

from __future__ import annotations

import uuid
from decimal import Decimal

from sqlalchemy import create_engine, select

from planmp_desktop.app import build_services
from planmp_desktop.composition import Workspace
from planmp_desktop.gui.main_window import MainWindow
from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE
from planmp_desktop.services import CurrentUser
from planmp_desktop.sync.errors import FailureKind
from planmp_server.db import ENTITY_TABLES

from .conftest import DemoServer

SYNC_TIMEOUT_MS = 60_000


def _open_window(qtbot, workspace: Workspace, user: CurrentUser) -> MainWindow:
    window = MainWindow(build_services(workspace, user))
    qtbot.addWidget(window)
    window.show()
    return window


def _sync(qtbot, window: MainWindow) -> list:
    outcome: list = []
    window.sync.sync_succeeded.connect(lambda report: outcome.append(("ok", report)))
    window.sync.sync_failed.connect(lambda kind, message: outcome.append((kind, message)))
    with qtbot.waitSignal(window.sync.sync_finished, timeout=SYNC_TIMEOUT_MS):
        window.sync_now()
    return outcome


def _editable_draft(window: MainWindow) -> tuple[int, uuid.UUID]:
    """Return the sheet position and id of a task of the user's unit in Rascunho.

    A task, because an initiative with tasks shows their roll-up and takes no typed progress.
    """
    store = window.services.store
    [row] = store.fetch_rows(
        "plan_item",
        "kind = 'tarefa' AND approval_state = 'rascunho' AND unit_id = ?",
        (str(window.services.user.home_unit_id),),
        order_by="code",
        limit=1,
    )
    position = window.sheet.model.position_of(row["id"])
    assert position is not None
    return position, row["id"]


def _server_value(server: DemoServer, row_id: uuid.UUID, field: str) -> object:
    engine = create_engine(server.database_url)
    table = ENTITY_TABLES["plan_item"]
    with engine.connect() as connection:
        value = connection.execute(select(table.c[field]).where(table.c.id == row_id)).scalar_one()
    engine.dispose()
    return value


def test_offline_sheet_edit_reaches_server(
    qtbot, demo_server: DemoServer, signed_in: tuple[Workspace, CurrentUser]
) -> None:
    workspace, user = signed_in

    window = _open_window(qtbot, workspace, user)
    assert _sync(qtbot, window)[0][0] == "ok"
    window.reload_all()
    position, row_id = _editable_draft(window)
    model = window.sheet.model

    demo_server.stop()
    progress = model.index(position, model.column_of("progress"))
    notes = model.index(position, model.column_of("notes"))
    assert model.setData(progress, "62,5")
    assert model.setData(notes, "Revisado na comarca sem conexão")
    [(kind, _message)] = _sync(qtbot, window)
    assert kind == FailureKind.OFFLINE
    window.close()
    window.services.store.close()

    reopened = _open_window(qtbot, workspace, user)
    model = reopened.sheet.model
    position = model.position_of(row_id)
    assert model.index(position, model.column_of("progress")).data() == "62,5"
    assert model.index(position, model.column_of("progress")).data(CELL_STATE_ROLE) == "pending"
    assert reopened.services.store.status().pending == 2  # one outbox entry per cell edit

    demo_server.start()
    assert _sync(qtbot, reopened)[0][0] == "ok"

    assert reopened.services.store.status().pending == 0
    assert _server_value(demo_server, row_id, "progress") == Decimal("62.5")
    assert _server_value(demo_server, row_id, "notes") == "Revisado na comarca sem conexão"
    events = reopened.services.store.fetch_rows("audit_event", "row_id = ?", (str(row_id),))
    [event] = [e for e in events if e["action"] == "update" and "progress" in e["changes"]]
    assert event["user_name"] == user.name
    assert event["changes"]["progress"][1] == "62.5"
    reopened.close()
    reopened.services.store.close()
