"""Editing a conflicting value in the sync issues dialog checks the typed text as the sheet does."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from planmp_desktop.gui.conflicts import SyncIssuesDialog
from planmp_desktop.services import AppServices

from .store_fill import plan_item_id


def _add_conflict(services: AppServices, row_id: uuid.UUID, field: str, local: str, server: str) -> None:
    with services.store.transaction() as connection:
        connection.execute(
            "INSERT INTO conflict(mutation_id, entity, row_id, field, base, local, server, reason, created_at) "
            "VALUES (?, 'plan_item', ?, ?, ?, ?, ?, 'Alterado no servidor enquanto você editava.', ?)",
            (str(uuid.uuid4()), str(row_id), field, local, local, server, dt.datetime.now(dt.timezone.utc).isoformat()),
        )


def _dialog(qtbot: Any, services: AppServices, typed: str, warnings: list[str], monkeypatch: Any) -> SyncIssuesDialog:
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    dialog = SyncIssuesDialog(services.store, ask_value=lambda _title, _current: typed, plan_year=2026)
    qtbot.addWidget(dialog)
    dialog.conflicts_table.selectRow(0)
    return dialog


def test_out_of_range_edit_keeps_conflict(qtbot, services: AppServices, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_conflict(services, plan_item_id(1), "progress", '"55"', '"30"')
    warnings: list[str] = []
    dialog = _dialog(qtbot, services, "150", warnings, monkeypatch)

    assert dialog.resolve_selected("edit") is None

    assert len(warnings) == 1
    assert "150" in warnings[0]
    assert len(services.store.open_conflicts()) == 1
    assert dialog.conflicts_table.rowCount() == 1


def test_label_edit_stores_code(qtbot, services: AppServices, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_conflict(services, plan_item_id(0), "status", '"nao_iniciado"', '"concluido"')
    warnings: list[str] = []
    dialog = _dialog(qtbot, services, "Em andamento", warnings, monkeypatch)

    assert dialog.resolve_selected("edit") is not None

    assert warnings == []
    assert services.store.open_conflicts() == []
    row = services.store.fetch_row("plan_item", plan_item_id(0))
    assert row is not None
    assert row["status"] == "em_andamento"
