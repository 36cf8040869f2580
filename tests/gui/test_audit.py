"""The audit screen: local events one line per field, filters, and the server query offline."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planmp_desktop.gui.audit import AuditView
from planmp_desktop.services import AppServices

from .store_fill import ANA


def _column(view: AuditView, number: int) -> list[str]:
    return [view.model.index(row, number).data() for row in range(view.model.rowCount())]


def test_audit_lists_events_one_line_per_field(qtbot, services: AppServices) -> None:
    view = AuditView(services)
    qtbot.addWidget(view)

    # 30 events: 12 updates of two fields each, 18 approval commands of one field.
    assert view.model.rowCount() == 42
    fields = _column(view, 6)
    assert "Valor planejado" in fields
    assert "Progresso (%)" in fields
    assert "1.234,56" in _column(view, 8)
    assert "62,5" in _column(view, 8)
    assert "Aguardando aprovação" in _column(view, 8)
    assert set(_column(view, 5)) == {"Alteração", "Envio para aprovação", "Aprovação", "Devolução"}
    assert view.model.index(0, 0).data().count("/") == 2


def test_audit_filters_by_user(qtbot, services: AppServices) -> None:
    view = AuditView(services)
    qtbot.addWidget(view)

    view.user_combo.setCurrentIndex(view.user_combo.findData(str(ANA)))

    users = set(_column(view, 1))
    assert users == {"Ana Paula Ribeiro"}
    assert view.model.rowCount() > 0
    # The unit Ana acted from (her home unit), beside the unit of each item she changed.
    assert set(_column(view, 2)) == {"Promotoria de Justiça de Vila Velha"}
    assert len(set(_column(view, 3))) > 1


def test_audit_filters_by_item_text(qtbot, services: AppServices) -> None:
    view = AuditView(services)
    qtbot.addWidget(view)

    qtbot.keyClicks(view.item_edit, "aterros")

    assert view.model.rowCount() > 0
    assert all("aterros" in item for item in _column(view, 4))


def test_server_query_offline_shows_message(qtbot, services: AppServices) -> None:
    view = AuditView(services)
    qtbot.addWidget(view)

    qtbot.mouseClick(view.server_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.server_button.isEnabled(), timeout=60_000)

    assert not view.error_label.isHidden()
    assert "Sem conexão" in view.error_label.text()
    assert view.model.rowCount() == 42
