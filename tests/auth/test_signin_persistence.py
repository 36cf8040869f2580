"""Token cache persistence across restarts, sign-out, the offline identity, and offline detection."""

from __future__ import annotations

from pathlib import Path

from signin_helpers import config_for, make_users

from planmp_desktop.auth.demo import demo_sign_in
from planmp_desktop.auth.offline import OfflineIdentityStore
from planmp_desktop.auth.session import SessionState, SignInService
from planmp_desktop.auth.settings import AuthConfig
from planmp_server.devidp.run import DevIdpServer, reserve_socket, start_dev_idp
from planmp_server.devidp.tokens import DEV_API_SCOPE


def test_token_cache_survives_restart(auth_config: AuthConfig, tmp_path: Path) -> None:
    cache_path = tmp_path / "msal-cache.bin"
    with SignInService(auth_config, cache_path) as first_run:
        signed_in = demo_sign_in(first_run, "ana.paa@mp.exemplo.br")

    with SignInService(auth_config, cache_path) as second_run:
        outcome = second_run.sign_in_silently()
        refreshed = second_run.acquire_token_silent(force_refresh=True)

    assert outcome.state is SessionState.SIGNED_IN
    assert outcome.token is not None
    assert outcome.token.access_token == signed_in.access_token
    assert outcome.token.account_username == "ana.paa@mp.exemplo.br"
    assert refreshed is not None
    assert refreshed.oid == signed_in.oid


def test_sign_out_requires_new_sign_in(auth_config: AuthConfig, tmp_path: Path) -> None:
    cache_path = tmp_path / "msal-cache.bin"
    with SignInService(auth_config, cache_path) as service:
        demo_sign_in(service, "ana.paa@mp.exemplo.br")
        service.sign_out()
        assert service.accounts() == []
        assert service.sign_in_silently().state is SessionState.SIGN_IN_REQUIRED

    with SignInService(auth_config, cache_path) as restarted:
        assert restarted.acquire_token_silent() is None


def test_token_cache_file_private(service: SignInService) -> None:
    demo_sign_in(service, "ana.paa@mp.exemplo.br")

    if not service.cache_encrypted:
        assert service.cache_path.stat().st_mode & 0o077 == 0
        assert "demo" not in service.cache_path.read_text()


def test_offline_identity_round_trip(service: SignInService, tmp_path: Path) -> None:
    token = demo_sign_in(service, "carla.admin@mp.exemplo.br", "outra-senha")
    store = OfflineIdentityStore.beside(service.cache_path)

    saved = store.save(token)
    loaded = store.load()

    assert store.path.parent == service.cache_path.parent
    assert loaded == saved
    assert loaded is not None
    assert loaded.oid == token.oid
    assert loaded.username == "carla.admin@mp.exemplo.br"
    assert loaded.name == "Carla Dias"
    assert loaded.roles == ("Administrador", "Auditor")
    assert token.access_token not in store.path.read_text(encoding="utf-8")
    store.clear()
    assert store.load() is None


def test_offline_identity_unreadable_file(tmp_path: Path) -> None:
    store = OfflineIdentityStore(tmp_path / "offline-identity.json")
    store.path.write_text("{not json", encoding="utf-8")

    assert store.load() is None


def test_unreachable_provider_reports_offline(idp: DevIdpServer, tmp_path: Path) -> None:
    closed = reserve_socket()
    port = closed.getsockname()[1]
    closed.close()
    authority = f"https://127.0.0.1:{port}/{idp.idp.tenant_id}/v2.0"
    config = AuthConfig(authority, idp.client_id, [DEV_API_SCOPE], idp.tls.ca_file)

    with SignInService(config, tmp_path / "msal-cache.bin") as service:
        outcome = service.sign_in_silently()
        token = service.acquire_token_silent()
        accounts = service.accounts()

    assert outcome.state is SessionState.OFFLINE
    assert token is None
    assert accounts == []


def test_provider_stopped_after_sign_in(tmp_path: Path) -> None:
    cache_path = tmp_path / "client" / "msal-cache.bin"
    with start_dev_idp(tmp_path / "idp", make_users()) as server:
        config = config_for(server)
        with SignInService(config, cache_path) as service:
            demo_sign_in(service, "ana.paa@mp.exemplo.br")

    # A restart without network: the cached discovery and access token still open the session.
    with SignInService(config, cache_path) as offline:
        cached = offline.sign_in_silently()
        refresh = offline.sign_in_silently(force_refresh=True)
        accounts = offline.accounts()

    assert cached.state is SessionState.SIGNED_IN
    assert cached.token is not None
    assert cached.token.account_username == "ana.paa@mp.exemplo.br"
    assert refresh.state is SessionState.OFFLINE
    assert refresh.token is None
    assert [account["username"] for account in accounts] == ["ana.paa@mp.exemplo.br"]
