"""A budget cell edited in the "Orçamento" sheet reaches the demo server through a real sync."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import create_engine, select

from e2e.conftest import DemoServer, demo_server, signed_in  # noqa: F401  (fixtures)
from planmp_desktop.app import build_services
from planmp_desktop.composition import Workspace
from planmp_desktop.gui.main_window import BUDGET_SCREEN, MainWindow
from planmp_desktop.gui.sheet_model import CELL_STATE_ROLE
from planmp_desktop.services import CurrentUser
from planmp_server.db import ENTITY_TABLES

SYNC_TIMEOUT_MS = 60_000


def _sync(qtbot: Any, window: MainWindow) -> list[tuple[str, Any]]:
    outcome: list[tuple[str, Any]] = []
    window.sync.sync_succeeded.connect(lambda report: outcome.append(("ok", report)))
    window.sync.sync_failed.connect(lambda kind, message: outcome.append((kind, message)))
    with qtbot.waitSignal(window.sync.sync_finished, timeout=SYNC_TIMEOUT_MS):
        window.sync_now()
    return outcome


def _server_budget_line(server: DemoServer, row_id: uuid.UUID) -> dict[str, Any]:
    engine = create_engine(server.database_url)
    table = ENTITY_TABLES["budget_line"]
    try:
        with engine.connect() as connection:
            return dict(connection.execute(select(table).where(table.c.id == row_id)).mappings().one())
    finally:
        engine.dispose()


def test_budget_edit_syncs_to_server(
    qtbot, demo_server: DemoServer, signed_in: tuple[Workspace, CurrentUser]  # noqa: F811
) -> None:
    workspace, user = signed_in
    window = MainWindow(build_services(workspace, user))
    qtbot.addWidget(window)
    window.show()
    assert _sync(qtbot, window)[0][0] == "ok"
    window.show_screen(BUDGET_SCREEN)
    model = window.budget.model

    [line] = window.services.store.fetch_rows(
        "budget_line", "unit_id = ?", (str(user.home_unit_id),), order_by="programa, acao", limit=1
    )
    position = model.position_of(line["id"])
    assert position is not None
    dotacao = model.index(position, model.column_of("dotacao_atualizada"))
    fonte = model.index(position, model.column_of("fonte"))
    empenhado = model.index(position, model.column_of("empenhado"))
    assert dotacao.flags() & Qt.ItemFlag.ItemIsEditable
    assert not empenhado.flags() & Qt.ItemFlag.ItemIsEditable

    new_dotacao = line["dotacao_atualizada"] + Decimal("1234.56")
    new_fonte = "759" if line["fonte"] != "759" else "760"
    assert model.setData(dotacao, f"{new_dotacao:.2f}".replace(".", ","))
    assert model.setData(fonte, new_fonte)
    assert dotacao.data(CELL_STATE_ROLE) == "pending"
    assert window.services.store.status().pending == 2

    assert _sync(qtbot, window)[0][0] == "ok"

    assert window.services.store.status().pending == 0
    server_row = _server_budget_line(demo_server, line["id"])
    assert server_row["dotacao_atualizada"] == new_dotacao
    assert server_row["fonte"] == new_fonte
    assert server_row["empenhado"] == line["empenhado"]
    position = model.position_of(line["id"])
    assert model.index(position, model.column_of("dotacao_atualizada")).data(CELL_STATE_ROLE) is None
    window.close()
