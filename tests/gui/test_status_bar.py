"""The status bar's connection text against the pending count."""

from __future__ import annotations

from typing import Any

from planmp_desktop.gui.status import SyncStatusBar
from planmp_desktop.store.local import StoreStatus


def _status(pending: int) -> StoreStatus:
    return StoreStatus(pending=pending, conflicts=0, rejected=0, last_sync_at=None, last_error=None, cursor=0)


def test_up_to_date_only_without_pending(qtbot: Any) -> None:
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    bar.show_counts(_status(0))

    bar.show_sync_result(None)
    assert bar.connection_label.text().endswith("Atualizado")

    bar.show_counts(_status(2))
    assert "aguardando envio" in bar.connection_label.text()
    assert bar.connection_label.property("state") == "ok"

    bar.show_counts(_status(0))
    assert bar.connection_label.text().endswith("Atualizado")


def test_failure_text_survives_counts(qtbot: Any) -> None:
    bar = SyncStatusBar()
    qtbot.addWidget(bar)

    bar.show_sync_result("offline", "Sem conexão com o servidor")
    bar.show_counts(_status(3))

    assert "Sem conexão" in bar.connection_label.text()


def test_conflicts_keep_up_to_date_off(qtbot: Any) -> None:
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    bar.show_sync_result(None)

    bar.show_counts(StoreStatus(pending=0, conflicts=1, rejected=0, last_sync_at=None, last_error=None, cursor=0))

    assert bar.connection_label.text().endswith("há pendências para você resolver")
    assert bar.conflicts_label.text() == "⚠ 1 conflito"


def test_long_message_whole_in_tooltip(qtbot) -> None:
    from planmp_desktop.gui.status import SyncStatusBar

    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    message = "Sincronização concluída: 0 conflito(s) e 1 recusa(s) precisam de atenção. " * 3

    bar.showMessage(message, 5000)
    assert bar.toolTip() == message

    bar.clearMessage()
    assert bar.toolTip() == ""
