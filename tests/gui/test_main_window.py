"""The main window: screens, menus, offline sync state in the status bar, the sign-in dialog."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal

from planmp_desktop.gui.main_window import MainWindow
from planmp_desktop.gui.signin import SignInDialog
from planmp_desktop.services import AppServices

DEMO_USERS = [
    {"username": "ana.ribeiro", "name": "Ana Paula Ribeiro", "profile": "PAA",
     "unit_name": "Promotoria de Justiça de Vila Velha"},
    {"username": "carlos.menezes", "name": "Carlos Eduardo Menezes", "profile": "Planejamento",
     "unit_name": "Subprocuradoria-Geral de Justiça Administrativa"},
]


def test_main_window_title_screens_and_menus(qtbot, services: AppServices) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)

    assert window.windowTitle() == "PlanMP — Plano de Ação Anual 2026"
    assert window.size().width() == 1366
    screens = [window.navigation.item(row).text() for row in range(window.navigation.count())]
    assert screens == ["Planilha do plano", "Orçamento", "Aprovações", "Auditoria"]
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["&Arquivo", "&Editar", "E&xibir", "&Sincronização", "Aj&uda"]
    assert window.sync_action.shortcut().toString() == "F5"
    window.show_screen(3)
    assert window.stack.currentWidget() is window.audit


def test_import_menu_emits_signal(qtbot, services: AppServices) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)

    with qtbot.waitSignal(window.import_requested):
        window.import_action.trigger()


def test_failed_sync_shows_offline_and_pending_count(qtbot, services: AppServices) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    model = window.sheet.model
    # Row 1 is a task: an initiative's progress is rolled up from its tasks, not typed.
    model.setData(model.index(1, model.column_of("progress")), "62,5")
    assert window.status.pending_label.text() == "1 alteração pendente"

    with qtbot.waitSignal(window.sync.sync_finished, timeout=60_000):
        window.sync_now()

    assert "Sem conexão" in window.status.connection_label.text()
    assert "Sem conexão com o servidor" in window.status.connection_label.toolTip()
    assert window.status.pending_label.text() == "1 alteração pendente"
    assert window.sync_action.isEnabled()


def test_only_one_sync_at_a_time(qtbot, services: AppServices) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)

    with qtbot.waitSignal(window.sync.sync_finished, timeout=60_000):
        assert window.sync.sync_now()
        assert not window.sync.sync_now()


def test_signal_emitted_many_times_does_not_crash(qtbot) -> None:
    # PySide6 6.12.0 aborts CPython 3.11 after a few hundred emits from Python; 6.11.3 does not.
    class Emitter(QObject):
        changed = Signal(int)

    emitter = Emitter()
    received: list[int] = []
    emitter.changed.connect(received.append)

    for number in range(10_000):
        emitter.changed.emit(number)

    assert len(received) == 10_000
    assert received[-1] == 9_999


def test_signin_returns_chosen_user(qtbot) -> None:
    dialog = SignInDialog(DEMO_USERS)
    qtbot.addWidget(dialog)
    dialog.select_username("carlos.menezes")

    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.enter_button, Qt.MouseButton.LeftButton)

    assert dialog.selected_username() == "carlos.menezes"
    assert dialog.windowTitle() == "Entrar no PlanMP (demonstração)"


def test_signin_runs_callable_and_keeps_result(qtbot) -> None:
    dialog = SignInDialog(DEMO_USERS, sign_in=lambda username: f"sessão de {username}")
    qtbot.addWidget(dialog)

    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.enter_button.click()

    assert dialog.sign_in_result == "sessão de ana.ribeiro"


def test_signin_failure_shows_message(qtbot) -> None:
    def failing_sign_in(username: str) -> None:
        raise RuntimeError(f"Usuário {username} bloqueado: procure o Administrador.")

    dialog = SignInDialog(DEMO_USERS, sign_in=failing_sign_in)
    qtbot.addWidget(dialog)

    dialog.enter_button.click()
    qtbot.waitUntil(lambda: not dialog.error_label.isHidden(), timeout=10_000)

    assert "bloqueado" in dialog.error_label.text()
    assert dialog.enter_button.isEnabled()
    assert dialog.result() == 0


def test_create_application_sets_theme_and_ptbr(qapp) -> None:
    from PySide6.QtCore import QLocale

    from planmp_desktop.gui.run import create_application

    app = create_application([])

    assert app is qapp
    assert "QTableView" in app.styleSheet()
    assert QLocale().name() == "pt_BR"


def test_new_application_starts_in_fusion() -> None:
    import os
    import subprocess
    import sys

    # A new process, because this one already has the test's QApplication, which create_application reuses.
    script = (
        "from planmp_desktop.gui.run import create_application\n"
        "app = create_application(['planmp'])\n"
        "has_sheet = 'QTableView' in app.styleSheet()\n"
        "app.setStyleSheet('')  # with a style sheet, style() returns Qt's style sheet wrapper\n"
        "print(app.style().name(), has_sheet)\n"
    )
    # Offscreen Qt defaults to Fusion already, so the environment sets another style, which -style overrides.
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_STYLE_OVERRIDE": "windows"}
    completed = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=environment
    )

    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.split() == ["fusion", "True"]


def test_english_translation_covers_screens() -> None:
    from pathlib import Path

    import pytest
    from PySide6.QtCore import QTranslator

    folder = Path(__file__).resolve().parents[2] / "resources" / "translations"
    if not (folder / "planmp_en.qm").exists():
        pytest.skip("planmp_en.qm not built: run pyside6-lrelease on resources/translations/planmp_en.ts")
    translator = QTranslator()
    assert translator.load("planmp_en", str(folder))

    assert translator.translate("MainWindow", "Planilha do plano") == "Plan sheet"
    assert translator.translate("SyncStatus", "Sem conexão") == "Offline"


def test_window_fits_1280_pixel_screen(qtbot, services: AppServices) -> None:
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()

    # A 1280-pixel screen or projector leaves room for the window frame beside this width.
    assert window.minimumSizeHint().width() <= 1240
    window.resize(1240, 700)
    assert window.width() <= 1240
