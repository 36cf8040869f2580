"""Building the client's services from the settings, without Qt.

The desktop app (app.py) and the ``planmp`` command line share this, so
both open the same local store, token cache and settings.
"""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planmp_desktop.auth.offline import OfflineIdentityStore
from planmp_desktop.domain.codes import Profile
from planmp_desktop.services import CurrentUser
from planmp_desktop.settings import Settings, SettingsProblem, data_dir, read_settings
from planmp_desktop.store.local import STATE_ACCOUNT, LocalStore

if TYPE_CHECKING:
    import ssl

    # MSAL, httpx and the sync engine take about 0.3 s to import, so the
    # methods that need them import them on first use, after the window shows.
    from planmp_desktop.auth.session import SignInService, TokenResult
    from planmp_desktop.sync.engine import SyncEngine
    from planmp_desktop.sync.rest import RestTransport

log = logging.getLogger(__name__)

DEMO_FOLDER = "demo"
TOKEN_REUSE_MARGIN_S = 120.0
PROFILE_RANK = [Profile.ADMINISTRADOR, Profile.PLANEJAMENTO, Profile.AUDITOR, Profile.PAA, Profile.USUARIO]


def main_profile(roles: list[str]) -> str:
    """Return the highest profile among the token's roles (Usuario when none is known)."""
    for profile in PROFILE_RANK:
        if profile.value in roles:
            return profile.value
    return Profile.USUARIO.value


def demo_home() -> Path:
    return data_dir() / DEMO_FOLDER


LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(home: Path, verbose: bool = False, *, rotate_later: bool = False) -> None:
    """Log to a rotating file in the data folder and, for errors, to stderr.

    The log is in English, for support. The command line prints the same
    warnings (offline, rejected edits) in pt-BR, so stderr shows only errors
    unless ``verbose``. With ``rotate_later`` the file is written by a plain
    handler until ``start_log_rotation``: the window calls it after its first
    paint, because importing ``logging.handlers`` (socket, pickle) takes
    about 5 ms of the start-up.
    """
    home.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if any(getattr(handler, "_planmp", False) for handler in root.handlers):
        return
    file_handler: logging.FileHandler
    if rotate_later:
        file_handler = logging.FileHandler(home / "planmp.log", encoding="utf-8")
        file_handler._planmp_rotate_later = True  # type: ignore[attr-defined]
    else:
        file_handler = _rotating_log(home / "planmp.log")
    file_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    file_handler._planmp = True  # type: ignore[attr-defined]
    console = logging.StreamHandler()
    console.setLevel(logging.DEBUG if verbose else logging.ERROR)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    console._planmp = True  # type: ignore[attr-defined]
    root.addHandler(file_handler)
    root.addHandler(console)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("msal").setLevel(logging.WARNING)


def start_log_rotation() -> None:
    """Put the rotating file handler in place of the plain one ``configure_logging(rotate_later=True)`` set."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_planmp_rotate_later", False) and isinstance(handler, logging.FileHandler):
            rotating = _rotating_log(Path(handler.baseFilename))
            rotating.setFormatter(handler.formatter)
            rotating.setLevel(handler.level)
            rotating._planmp = True  # type: ignore[attr-defined]
            root.addHandler(rotating)
            root.removeHandler(handler)
            handler.close()


def _rotating_log(path: Path) -> logging.FileHandler:
    import logging.handlers

    return logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3, encoding="utf-8")


@dataclass
class Workspace:
    """One operating-system user's PlanMP folder: settings, token cache, local stores."""

    home: Path
    settings: Settings
    # What was wrong in settings.json, where the defaults stood in; str() gives each message.
    settings_problems: list[SettingsProblem] = field(default_factory=list, repr=False)
    _auth: SignInService | None = field(default=None, repr=False)
    _token: TokenResult | None = field(default=None, repr=False)

    @property
    def identity_file(self) -> Path:
        return self.home / "identity.json"

    def offline_identity(self) -> OfflineIdentityStore:
        return OfflineIdentityStore(self.identity_file)

    def auth(self) -> SignInService:
        if self._auth is None:
            from planmp_desktop.auth.session import SignInService
            from planmp_desktop.auth.settings import AuthConfig

            config = AuthConfig(
                authority=self.settings.authority,
                client_id=self.settings.client_id,
                scopes=list(self.settings.scopes),
                ca_file=Path(self.settings.ca_file) if self.settings.ca_file else None,
            )
            self._auth = SignInService(config, self.home / "token_cache.bin")
        return self._auth

    def device_id(self) -> str:
        path = self.home / "device_id"
        if not path.exists():
            self.home.mkdir(parents=True, exist_ok=True)
            path.write_text(str(uuid.uuid4()))
        return path.read_text().strip()

    def current_user(self) -> CurrentUser | None:
        """Return the last signed-in user, known offline too."""
        identity = self.offline_identity().load()
        if identity is None:
            return None
        return CurrentUser(
            oid=uuid.UUID(identity.oid),
            username=identity.username,
            name=identity.name,
            profile=main_profile(list(identity.roles)),
            roles=list(identity.roles),
        )

    def remember(self, result: TokenResult) -> CurrentUser:
        self.offline_identity().save(result)
        self._token = None
        user = self.current_user()
        assert user is not None
        return user

    def store_path(self, oid: uuid.UUID) -> Path:
        """Return the local store file of account ``oid``: one store per signed-in account."""
        return self.home / "stores" / f"{oid}.sqlite3"

    def open_store(self, user: CurrentUser, busy_timeout_s: float | None = None) -> LocalStore:
        """Open ``user``'s store; a write waits ``busy_timeout_s`` (None: the store's default) for another's lock."""
        path = self.store_path(user.oid)
        store = LocalStore(path) if busy_timeout_s is None else LocalStore(path, busy_timeout_s)
        if store.get_state(STATE_ACCOUNT) is None:
            with store.transaction():
                store.set_state(STATE_ACCOUNT, str(user.oid))
        return store

    def access_token(self) -> str | None:
        """Return a valid access token, or None when a sign-in is needed or the network is down.

        The token is kept in memory until shortly before it expires, because
        MSAL's silent lookup reads the persisted cache (about 0.4 s here) and
        the sync engine requests a token before every request.
        """
        cached = self._token
        if cached is not None and cached.expires_at - TOKEN_REUSE_MARGIN_S > time.time():
            return cached.access_token
        result = self.auth().acquire_token_silent()
        self._token = result
        return None if result is None else result.access_token

    def forget_token(self) -> None:
        self._token = None

    def tls_context(self) -> ssl.SSLContext:
        """Return the TLS context for the API: the configured CA, or the system trust store.

        The system store (through truststore) includes the corporate CAs that
        Windows and macOS administrators install. ``ssl`` is imported here, after
        the first paint, because the window needs no TLS to open.
        """
        import ssl

        if self.settings.ca_file:
            return ssl.create_default_context(cafile=self.settings.ca_file)
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)

    def transport(self) -> RestTransport:
        from planmp_desktop.sync.rest import RestTransport

        return RestTransport(
            self.settings.server_url, self.access_token, verify=self.tls_context(), forget_token=self.forget_token
        )

    def sync_engine(self, store: LocalStore) -> SyncEngine:
        from planmp_desktop.sync.engine import SyncEngine

        return SyncEngine(store, self.transport(), self.device_id())

    def fetch_audit(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        transport = self.transport()
        try:
            return transport.audit(filters)
        finally:
            transport.close()


def open_workspace(home: Path | None = None, demo: bool = False) -> Workspace:
    """Open the workspace in ``home`` (default: the data folder, or its demo subfolder)."""
    if home is None:
        home = demo_home() if demo else data_dir()
    home.mkdir(parents=True, exist_ok=True)
    settings, problems = read_settings(home / "settings.json")
    return Workspace(home=home, settings=settings, settings_problems=problems)


def current_plan_id(store: LocalStore, year: int) -> uuid.UUID | None:
    plans = store.fetch_rows("annual_plan", "year = ?", (year,))
    return plans[0]["id"] if plans else None
