"""Undoing a SIGPLAN import: in the store, from the wizard's result page and with Ctrl+Z in the sheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from planmp_desktop.gui.import_wizard import ImportWizard, SigplanSummary
from planmp_desktop.io.plan_import import import_sigplan, undo_sigplan_import

from .store_fill import PJ_VILA_VELHA

SIGPLAN_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "acoes_planejamento.txt"

pytestmark = [
    pytest.mark.shared_data,
    pytest.mark.skipif(not SIGPLAN_FILE.exists(), reason="../shared/data not present"),
]


def _imported_count(services) -> int:  # type: ignore[no-untyped-def]
    return services.store.count("plan_item", "source_ref IS NOT NULL AND unit_id = ?", (str(PJ_VILA_VELHA),))


def test_undo_removes_pending_initiatives(make_services) -> None:
    services = make_services("Planejamento")
    summary = import_sigplan(services.store, SIGPLAN_FILE, "1091", 2026, PJ_VILA_VELHA, user=services.user)
    assert summary.imported == 6
    assert _imported_count(services) == 6

    assert undo_sigplan_import(services.store, summary) == 6

    assert _imported_count(services) == 0
    pending = services.store.connection.execute(
        "SELECT COUNT(*) FROM outbox WHERE row_id IN (SELECT value FROM json_each(?))",
        (json.dumps([str(row_id) for row_id in summary.inserted_ids]),),
    ).fetchone()[0]
    assert pending == 0  # never pushed, so no trace is left
    assert undo_sigplan_import(services.store, summary) == 0


def test_wizard_result_page_undoes_sigplan(qtbot, make_services, tmp_path: Path, monkeypatch) -> None:
    services = make_services("Planejamento")
    summary = import_sigplan(services.store, SIGPLAN_FILE, "1091", 2026, PJ_VILA_VELHA, user=services.user)
    wizard = ImportWizard(services, tmp_path / "mapeamentos")
    qtbot.addWidget(wizard)
    wizard.result = SigplanSummary(summary.imported, ["6 ação(ões) importada(s) como iniciativas."], [], summary)
    wizard.result_page.initializePage()
    assert wizard.result_page.undo_button.isVisibleTo(wizard.result_page)
    monkeypatch.setattr(QMessageBox, "question", lambda *_args, **_kwargs: QMessageBox.StandardButton.Yes)

    wizard.result_page.undo_button.click()

    assert _imported_count(services) == 0
    assert "Importação desfeita: 6 iniciativa(s)" in wizard.result_page.summary_label.text()


def test_sheet_ctrl_z_undoes_sigplan_import(qtbot, make_services) -> None:
    from planmp_desktop.gui.import_dialog import push_item_import_undo

    from .sheet_support import open_sheet

    services = make_services("Planejamento")
    summary = import_sigplan(services.store, SIGPLAN_FILE, "1091", 2026, PJ_VILA_VELHA, user=services.user)
    view = open_sheet(qtbot, services)
    view.model.reload()
    result = SigplanSummary(summary.imported, [], [], summary)

    assert push_item_import_undo(view.model.undo_stack, services, result, view.model.reload)
    view.model.undo_stack.undo()

    assert _imported_count(services) == 0
    assert not push_item_import_undo(view.model.undo_stack, services, result, view.model.reload)
