"""Composition root of the desktop app: builds the services and starts Qt.

``planmp demo`` starts the demo server when needed, lets the user pick a demo
user, signs in through MSAL and opens the main window. ``planmp app`` opens
the window with the last signed-in user, offline if need be.
"""

from __future__ import annotations

import logging
import signal
import sqlite3
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planmp_desktop.composition import (
    Workspace,
    configure_logging,
    current_plan_id,
    demo_home,
    open_workspace,
    start_log_rotation,
)
from planmp_desktop.domain.i18n import _
from planmp_desktop.services import AppServices, CurrentUser
from planmp_desktop.settings import save_settings
from planmp_desktop.store.errors import open_failure_message
from planmp_desktop.store.local import PLAN_ITEMS_WHERE, count_rows_sql

if TYPE_CHECKING:
    import subprocess

log = logging.getLogger(__name__)

DEMO_SERVER_START_TIMEOUT_S = 240.0
# A sync applies a pulled page and an import writes its rows in transactions of a few seconds at most.
WINDOW_BUSY_TIMEOUT_S = 5.0


def run_demo(port: int = 8765, username: str | None = None, verbose: bool = False, home: Path | None = None) -> int:
    """Start the demo: server (if not running), demo user picker, sign-in, main window.

    ``home`` is the user's data folder (default: the demo folder). The demo
    server's data stays in its own folder, so users of several homes share it.
    """
    from planmp_server.demo import default_demo_dir, demo_ca_file

    workspace = open_workspace(home if home is not None else demo_home())
    configure_logging(workspace.home, verbose)
    server_dir = default_demo_dir()
    base_url = f"https://127.0.0.1:{port}"
    settings = workspace.settings
    settings.server_url = base_url
    settings.authority = f"{base_url}/idp/9c0f6a43-7a5e-4d59-9b9a-3a0c1d2e5f00/v2.0"
    settings.ca_file = str(demo_ca_file(server_dir))
    save_settings(settings, workspace.home / "settings.json")
    workspace.settings_problems = []  # the file was just written again, so what was wrong in it is gone

    from planmp_desktop.gui.run import create_application

    app = create_application(sys.argv, settings)
    server = _DemoServer(base_url, settings.ca_file, server_dir, port)
    # SIGTERM while the server starts or the user chooser is open ends the demo there, so the
    # server started here stops too.
    stopping: list[bool] = []
    previous_handler = signal.signal(signal.SIGTERM, _quit_on_signal(app, stopping))
    # Python runs a signal handler only when Python code runs; Qt's event loop alone would not.
    wake = _python_wake_timer(app)
    try:
        if not server.ensure_running(app, stopping):
            return 0 if stopping else 1
        user = _demo_sign_in(workspace, base_url, username)
        if user is None:
            return 0
        wake.stop()
        return _run_main_window(app, workspace, user, demo=True)
    finally:
        wake.stop()
        signal.signal(signal.SIGTERM, previous_handler)
        server.stop()


def _quit_on_signal(app: Any, stopping: list[bool] | None = None) -> Any:
    """Return a signal handler that closes the open modal dialog, quits the event loop and marks ``stopping``.

    QApplication.quit() alone leaves a modal dialog's own event loop running,
    so a dialog open at that moment (the user chooser, a message) would keep the app running.
    """

    def handle(_signum: int, _frame: Any) -> None:
        if stopping is not None:
            stopping.append(True)
        dialog = app.activeModalWidget()
        if dialog is not None:
            dialog.close()  # closing a dialog rejects it, which ends its loop
        app.quit()

    return handle


def _python_wake_timer(app: Any) -> Any:
    """Start a timer that calls into Python twice a second, so a signal handler runs while a dialog waits."""
    from PySide6.QtCore import QTimer

    timer = QTimer(app)
    timer.setInterval(500)
    timer.timeout.connect(lambda: None)
    timer.start()
    return timer


def run_app(home: Path | None = None, verbose: bool = False, demo: bool = False) -> int:
    """Open the main window with the last signed-in user; works offline."""
    workspace = open_workspace(home, demo=demo)
    configure_logging(workspace.home, verbose, rotate_later=True)
    for problem in workspace.settings_problems:
        log.info("Settings problem shown to the user: %s", problem)

    # The store opens before Qt loads, so SQLite counts the plan's items on the second core meanwhile.
    user = workspace.current_user()
    services = None
    store_problem = None
    if user is not None:
        try:
            services = _open_services(workspace, user, demo)
        except StoreOpenError as exc:
            store_problem = exc.message
        else:
            _read_ahead_plan_count(services)

    from planmp_desktop.gui.run import create_application
    from planmp_desktop.gui.dialogs import show_error

    app = create_application(sys.argv, workspace.settings)
    if store_problem is not None:
        show_error(None, _("Não foi possível abrir seus dados"), store_problem)
        return 1
    if user is None and not demo:
        user = _interactive_sign_in(workspace)
    if user is None:
        hint = (
            "Rode planmp demo para escolher um usuário de demonstração e entrar."
            if demo
            else "Conecte-se à rede do Ministério Público e abra o PlanMP de novo para entrar."
        )
        show_error(None, "Não foi possível entrar", "Nenhum usuário entrou neste computador ainda. " + hint)
        return 1
    return _run_main_window(app, workspace, user, demo=demo, services=services)


class StoreOpenError(Exception):
    """The user's local store could not be opened; ``message`` gives the reason in pt-BR."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _open_services(workspace: Workspace, user: CurrentUser, demo: bool) -> AppServices:
    """Build the services, raising StoreOpenError when SQLite cannot open or migrate the user's store."""
    try:
        return build_services(workspace, user, demo)
    except sqlite3.Error as exc:
        path = workspace.store_path(user.oid)
        log.error("Opening the local store %s failed: %s", path, exc)
        raise StoreOpenError(open_failure_message(exc, path)) from exc


def _read_ahead_plan_count(services: AppServices) -> None:
    """Start the plan sheet's count of the plan's items, about 8 ms on 100,000 items, on a store thread."""
    plan_id = services.plan_id()
    if plan_id is not None:
        services.store.read_ahead([(count_rows_sql("plan_item", PLAN_ITEMS_WHERE), [str(plan_id)])])


def build_services(workspace: Workspace, user: CurrentUser, demo: bool = False) -> AppServices:
    """Build the services the main window uses, for ``user``'s local store."""
    # The window's edits wait this long for a sync's or an import's transaction, then report the store busy.
    store = workspace.open_store(user, WINDOW_BUSY_TIMEOUT_S)
    year = workspace.settings.plan_year

    def make_sync_engine() -> Any:
        return workspace.sync_engine(workspace.open_store(user))

    def token_available() -> bool:
        return workspace.access_token() is not None

    _with_home_unit(store, user)
    return AppServices(
        settings=workspace.settings,
        store=store,
        store_path=workspace.store_path(user.oid),
        user=user,
        make_sync_engine=make_sync_engine,
        fetch_audit=workspace.fetch_audit,
        plan_id=lambda: current_plan_id(store, year),
        sign_in=(lambda: _interactive_sign_in(workspace)) if not demo else None,
        token_available=token_available,
        refresh_user=lambda: _with_home_unit(store, user),
        demo=demo,
        home=workspace.home,
    )


def _with_home_unit(store: Any, user: CurrentUser) -> None:
    """Fill the user's home unit from the synced user directory, when known."""
    record = store.fetch_row("user", user.oid)
    if record is not None:
        user.home_unit_id = record.get("home_unit_id")


def _run_main_window(
    app: Any, workspace: Workspace, user: CurrentUser, demo: bool, services: AppServices | None = None
) -> int:
    from planmp_desktop.gui.collector import MainThreadCollector
    from planmp_desktop.gui.run import show_main_window

    if services is None:
        try:
            services = _open_services(workspace, user, demo)
        except StoreOpenError as exc:
            from planmp_desktop.gui.dialogs import show_error

            show_error(None, _("Não foi possível abrir seus dados"), exc.message)
            return 1
    window = show_main_window(services)
    # The import and export dialogs load the spreadsheet readers and writers, so they are wired
    # after the first paint. show_main_window starts the first sync after it too.
    window.first_painted.connect(lambda: _connect_import_export(window, services))
    window.first_painted.connect(start_log_rotation)
    if workspace.settings_problems:
        window.first_painted.connect(lambda: _show_settings_problems(window, workspace.settings_problems))
    # Sync and import threads must not collect the GUI thread's Qt objects.
    collector = MainThreadCollector(app)
    # SIGTERM (a logout, `kill`) ends the event loop like closing the window, so the store closes and
    # run_demo stops the demo server it started. Python runs the handler when the collector's timer
    # next calls into Python, within half a second.
    previous_handler = signal.signal(signal.SIGTERM, _quit_on_signal(app))
    try:
        code = int(app.exec())
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
        collector.stop()
    services.store.close()
    return code


def _show_settings_problems(window: Any, problems: list[Any]) -> None:
    from planmp_desktop.gui.dialogs import show_error

    show_error(window, _("Configurações com problema"), "\n\n".join(str(problem) for problem in problems))


def _connect_import_export(window: Any, services: AppServices) -> None:
    from planmp_desktop.gui.import_dialog import connect_import_export

    connect_import_export(window, services)


def _demo_sign_in(workspace: Workspace, base_url: str, username: str | None) -> CurrentUser | None:
    from planmp_desktop.auth.demo import demo_sign_in
    from planmp_desktop.gui.signin import SignInDialog

    def sign_in(chosen: str) -> CurrentUser:
        return workspace.remember(demo_sign_in(workspace.auth(), chosen))

    if username and "@" in username:
        return sign_in(username)
    import httpx

    with httpx.Client(verify=workspace.tls_context(), timeout=10.0) as client:
        users = client.get(f"{base_url}/demo/users").json()
    if username:
        return sign_in(full_demo_login(username, [str(user["username"]) for user in users]))
    dialog = SignInDialog(users, sign_in)
    if not dialog.exec():
        return None
    return dialog.sign_in_result


def full_demo_login(login: str, demo_logins: list[str]) -> str:
    """Return the demo login that ``login`` names: itself, or the only one it is the part before "@" of."""
    if "@" in login:
        return login
    matches = [candidate for candidate in demo_logins if candidate.startswith(login + "@")]
    return matches[0] if len(matches) == 1 else login


def _interactive_sign_in(workspace: Workspace) -> CurrentUser | None:
    """Sign in through the system browser (authorization code with PKCE)."""
    from planmp_desktop.auth.session import SignInError

    try:
        result = workspace.auth().acquire_token_interactive()
    except SignInError as exc:
        log.warning("Interactive sign-in failed: %s", exc.message_pt)
        return None
    return workspace.remember(result)


class _DemoServer:
    """The demo server process this app started, if it had to start one."""

    def __init__(self, base_url: str, ca_file: str, data_dir: Path, port: int) -> None:
        self.base_url = base_url
        self.ca_file = ca_file
        self.data_dir = data_dir
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    def answers(self) -> bool:
        return self._health() == "ok"

    def _health(self) -> str:
        """Return "ok", "unknown certificate" (a server of another data folder) or "no answer"."""
        import ssl

        import httpx

        try:
            context = ssl.create_default_context(cafile=self.ca_file)
            response = httpx.get(f"{self.base_url}/v1/health", verify=context, timeout=2.0)
        except httpx.HTTPError as exc:
            return "unknown certificate" if "CERTIFICATE_VERIFY_FAILED" in str(exc) else "no answer"
        return "ok" if response.status_code == 200 else "no answer"

    def ensure_running(self, app: Any, stopping: list[bool] | None = None) -> bool:
        """Start the server unless one already responds, and show progress while it prepares the data.

        A non-empty ``stopping`` (the demo was asked to end) stops the wait at once, with no message.
        """
        health = self._health()
        if health == "ok":
            log.info("Using the demo server already running at %s", self.base_url)
            return True
        if health == "unknown certificate":
            from planmp_desktop.gui.dialogs import show_error

            log.warning("The server at %s does not use the certificate of %s", self.base_url, self.data_dir)
            show_error(
                None,
                "Servidor de demonstração de outra pasta",
                f"Já há um servidor em {self.base_url}, mas com um certificado criado em outra pasta de "
                f"dados, não em {self.data_dir}. Feche esse servidor, ou inicie-o sem --data-dir (ou com a "
                "mesma variável PLANMP_HOME deste aplicativo), ou use outra porta com --port.",
            )
            return False
        import subprocess

        from planmp_desktop.gui.dialogs import WaitDialog, show_error

        log_path = self.data_dir.parent / "demo-server.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        command = [
            sys.executable, "-m", "planmp_desktop.cli", "serve", "--demo",
            "--port", str(self.port), "--data-dir", str(self.data_dir),
        ]
        log.info("Starting the demo server: %s", " ".join(command))
        with log_path.open("ab") as output:
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        wait = WaitDialog(
            "Preparando a demonstração",
            "Iniciando o servidor de demonstração. Na primeira vez ele gera os dados do "
            "Ministério Público do Estado de Exemplo, o que leva cerca de um minuto.",
        )
        wait.show()
        deadline = time.monotonic() + DEMO_SERVER_START_TIMEOUT_S
        try:
            while time.monotonic() < deadline:
                app.processEvents()
                if stopping:
                    return False
                if self.process.poll() is not None:
                    break
                if self.answers():
                    return True
                time.sleep(0.3)
        finally:
            wait.close()
        show_error(
            None,
            "Servidor de demonstração não iniciou",
            f"O servidor de demonstração não respondeu em {self.base_url}. Veja o registro em {log_path}.",
        )
        return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        import subprocess

        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
