"""The approvals screen: decision and submit lists, commands queued in the outbox, the return dialog."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from planmp_desktop.gui.approvals import ApprovalsView, ReturnDialog
from planmp_desktop.services import AppServices
from planmp_desktop.store.local import CellEdit


def _commands(services: AppServices) -> list[tuple[str, str, str | None]]:
    cursor = services.store.connection.execute(
        "SELECT row_id, command, comment FROM outbox WHERE op = 'command' ORDER BY seq"
    )
    return list(cursor)


def test_return_dialog_requires_justification(qtbot) -> None:
    dialog = ReturnDialog("INI-001.01 — Capacitação")
    qtbot.addWidget(dialog)

    assert not dialog.ok_button.isEnabled()
    assert "justificativa" in dialog.hint_label.text()
    qtbot.keyClicks(dialog.justification_edit, "   ")
    assert not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.justification_edit, "Cronograma sem marcos mensais")
    assert dialog.ok_button.isEnabled()
    assert dialog.justification() == "Cronograma sem marcos mensais"


def test_planejamento_sees_every_awaiting_item(qtbot, make_services: Callable[..., AppServices]) -> None:
    view = ApprovalsView(make_services("Planejamento"))
    qtbot.addWidget(view)

    assert view.decision_model.rowCount() == 60
    assert view.tabs.tabText(0) == "Aguardando minha decisão (60)"


def test_paa_sees_tasks_of_own_unit(qtbot, services: AppServices) -> None:
    view = ApprovalsView(services)
    qtbot.addWidget(view)
    units = {view.decision_model.index(row, 3).data() for row in range(view.decision_model.rowCount())}
    levels = {view.decision_model.index(row, 2).data() for row in range(view.decision_model.rowCount())}

    assert view.decision_model.rowCount() > 0
    assert units == {"Promotoria de Justiça de Vila Velha"}
    assert levels == {"Tarefa"}


def test_approve_enqueues_command_and_requests_sync(qtbot, services: AppServices) -> None:
    view = ApprovalsView(services)
    qtbot.addWidget(view)
    row_id = view.decision_model.key(0)
    view.decision_table.selectRow(0)
    assert view.approve_button.isEnabled()

    with qtbot.waitSignal(view.sync_requested):
        qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)

    assert _commands(services) == [(row_id, "approve", None)]
    position = next(row for row in range(view.decision_model.rowCount()) if view.decision_model.key(row) == row_id)
    assert view.decision_model.index(position, 6).data().startswith("Pendente")
    view.decision_table.selectRow(position)
    assert not view.approve_button.isEnabled()


def test_return_sends_justification(qtbot, services: AppServices) -> None:
    view = ApprovalsView(services)
    qtbot.addWidget(view)
    row_id = view.decision_model.key(0)
    view.decision_table.selectRow(0)

    def answer_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ReturnDialog)
        dialog.justification_edit.setPlainText("Falta o cronograma de desembolso")
        dialog.ok_button.click()

    QTimer.singleShot(0, answer_dialog)
    view.return_selected()

    assert _commands(services) == [(row_id, "return", "Falta o cronograma de desembolso")]


def test_submit_enqueues_command(qtbot, services: AppServices) -> None:
    view = ApprovalsView(services)
    qtbot.addWidget(view)
    assert view.submit_model.rowCount() > 0
    row_id = view.submit_model.key(0)
    view.submit_table.selectRow(0)

    view.submit_selected()

    assert _commands(services) == [(row_id, "submit", None)]


def test_auditor_has_nothing_to_decide(qtbot, make_services: Callable[..., AppServices]) -> None:
    view = ApprovalsView(make_services("Auditor"))
    qtbot.addWidget(view)

    assert view.decision_model.rowCount() == 0
    assert view.submit_model.rowCount() == 0


def test_filter_narrows_decision_list(qtbot, make_services) -> None:
    services = make_services("Planejamento")
    view = ApprovalsView(services)
    qtbot.addWidget(view)
    everything = view.decision_model.rowCount()
    first_code = view.decision_model.index(0, 0).data()

    view.filter_edit.setText(first_code)

    assert 0 < view.decision_model.rowCount() < everything
    codes = [view.decision_model.index(row, 0).data() for row in range(view.decision_model.rowCount())]
    assert all(first_code in code for code in codes)


def test_submit_with_unsynced_edits_asks_first(qtbot, services: AppServices, monkeypatch) -> None:
    view = ApprovalsView(services)
    qtbot.addWidget(view)
    view.submit_table.selectRow(0)
    [selected] = view.selected_ids(view.submit_table)
    services.store.write_edits([CellEdit("plan_item", uuid.UUID(selected), "notes", "ainda não enviada")])
    asked: list[int] = []
    monkeypatch.setattr(view, "_confirm_unsynced", lambda count: asked.append(count) or False)

    view.submit_selected()

    assert asked == [1]
    assert view._pending_commands() == {}


def test_submit_with_open_conflict_refused(qtbot, services: AppServices, monkeypatch) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox

    view = ApprovalsView(services)
    qtbot.addWidget(view)
    view.submit_table.selectRow(0)
    [selected] = view.selected_ids(view.submit_table)
    with services.store.transaction() as connection:
        connection.execute(
            "INSERT INTO conflict(mutation_id, entity, row_id, field, base, local, server, reason, created_at) "
            "VALUES (?, 'plan_item', ?, 'notes', '\"a\"', '\"b\"', '\"c\"', 'Alterado no servidor.', ?)",
            (str(uuid.uuid4()), selected, dt.datetime.now(dt.timezone.utc).isoformat()),
        )
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))

    view.submit_selected()

    assert len(warnings) == 1
    assert "1 conflito(s) destes itens ainda não foram resolvidos" in warnings[0]
    assert view._pending_commands() == {}
