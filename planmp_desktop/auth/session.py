"""Sign-in through MSAL's PublicClientApplication, with a persisted token cache.

Its methods block on the network, so callers run them off the GUI thread.
A network failure during silent sign-in is reported as OFFLINE rather than as
an expired session, so the app can open with the offline identity instead of
requesting a sign-in it cannot complete.
"""

from __future__ import annotations

import base64
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import diskcache
import msal
import requests
from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS
from msal.exceptions import MsalServiceError
from msal.oauth2cli.oauth2 import BrowserInteractionTimeoutError
from msal_extensions import PersistedTokenCache

from planmp_desktop.auth.persistence import PinnedSession, open_token_cache
from planmp_desktop.auth.settings import AuthConfig

logger = logging.getLogger(__name__)

HTTP_CACHE_SUFFIX = ".http"

# Failures meaning that the provider was unreachable or returned HTTP 5xx, not that the session ended.
UNREACHABLE_ERRORS: tuple[type[Exception], ...] = (requests.RequestException, MsalServiceError)
# OAuth errors of a silent refresh that are worth retrying later rather than asking for a sign-in.
TRANSIENT_OAUTH_ERRORS = frozenset({"temporarily_unavailable", "server_error"})

_ERROR_MESSAGES = {
    "expired_token": "o código expirou antes da entrada. Peça um novo código e tente de novo.",
    "access_denied": "a entrada foi recusada no navegador.",
    "authorization_declined": "a entrada foi recusada no navegador.",
    "invalid_grant": "o código de entrada é inválido, expirou ou já foi usado. Entre de novo.",
    "login_required": "é preciso digitar usuário e senha de novo.",
}


class SessionState(StrEnum):
    SIGNED_IN = "signed_in"
    SIGN_IN_REQUIRED = "sign_in_required"
    OFFLINE = "offline"


@dataclass(frozen=True)
class TokenResult:
    """An access token for the PlanMP API and who it was issued to.

    The identity fields come from the access token's claims, read without
    checking its signature: they serve the screens, and the API verifies the token.
    """

    access_token: str = field(repr=False)
    expires_at: float
    account_username: str
    name: str
    oid: str
    roles: list[str]


@dataclass(frozen=True)
class SilentSignIn:
    """Outcome of a silent sign-in: a token, or why there is none."""

    state: SessionState
    token: TokenResult | None = None


class SignInError(Exception):
    """A sign-in that failed, with the pt-BR message to show."""

    def __init__(self, message_pt: str) -> None:
        super().__init__(message_pt)
        self.message_pt = message_pt


class SignInService:
    """Signs the user in with MSAL and keeps the tokens in a persisted cache.

    The cache keeps one account: after an interactive sign-in the other accounts
    are removed, so silent sign-in always resumes the last user.
    """

    def __init__(self, config: AuthConfig, cache_path: Path) -> None:
        self.config = config
        self.cache_path = cache_path
        self._token_cache: PersistedTokenCache = open_token_cache(cache_path)
        # MSAL (1.39, ThrottledHttpClient) keeps the OIDC discovery document here for 24 hours, which
        # lets the app start, and use a still valid token, without network.
        self._http_cache = diskcache.Cache(str(cache_path.with_name(cache_path.name + HTTP_CACHE_SUFFIX)))
        self._session: PinnedSession | None = None
        self._app: msal.PublicClientApplication | None = None
        self._lock = threading.Lock()

    @property
    def cache_encrypted(self) -> bool:
        return bool(self._token_cache.is_encrypted)

    def accounts(self) -> list[dict[str, Any]]:
        """Return MSAL's account dicts (``username``, ``home_account_id``...); works offline."""
        try:
            return list(self._application().get_accounts())
        except UNREACHABLE_ERRORS:
            host = urlsplit(self.config.authority).hostname
            found = self._token_cache.search(PersistedTokenCache.CredentialType.ACCOUNT, query={"environment": host})
            return list(found)

    def acquire_token_silent(self, force_refresh: bool = False) -> TokenResult | None:
        """Return a token from the cache or from a refresh, or None when a sign-in is needed or the network is down.

        Use sign_in_silently() to tell those two cases apart.
        """
        return self.sign_in_silently(force_refresh).token

    def sign_in_silently(self, force_refresh: bool = False) -> SilentSignIn:
        """Get a token without user interaction; raise SignInError only when the configuration is wrong."""
        try:
            app = self._application()
            accounts = app.get_accounts()
            if not accounts:
                return SilentSignIn(SessionState.SIGN_IN_REQUIRED)
            result = app.acquire_token_silent_with_error(
                self.config.scopes, account=accounts[0], force_refresh=force_refresh
            )
        except UNREACHABLE_ERRORS as error:
            logger.warning("Identity provider unreachable (%s: %s): working offline", type(error).__name__, error)
            return SilentSignIn(SessionState.OFFLINE)

        if not result:
            return SilentSignIn(SessionState.SIGN_IN_REQUIRED)
        if "error" in result:
            if result["error"] in TRANSIENT_OAUTH_ERRORS:
                logger.warning("Identity provider unavailable (%s): working offline", result["error"])
                return SilentSignIn(SessionState.OFFLINE)
            logger.info("Silent sign-in needs the user: %s", result["error"])
            return SilentSignIn(SessionState.SIGN_IN_REQUIRED)
        return SilentSignIn(SessionState.SIGNED_IN, _token_result(result, accounts[0]))

    def initiate_device_flow(self) -> dict[str, Any]:
        """Start a device code sign-in; show ``flow["message"]`` (or its user_code and verification_uri)."""
        app = self._application_for_sign_in()
        try:
            flow: dict[str, Any] = app.initiate_device_flow(self.config.scopes)
        except UNREACHABLE_ERRORS as error:
            raise self._unreachable_error(error) from error
        if "user_code" not in flow:
            raise SignInError(_result_message(flow))
        return flow

    def complete_device_flow(
        self, flow: dict[str, Any], exit_condition: Callable[[dict[str, Any]], bool] | None = None
    ) -> TokenResult:
        """Poll until the user approves the device code, and return the token.

        Blocks until then or until the code expires; ``exit_condition(flow)``
        returning True stops the polling earlier (a Cancel button).
        """
        app = self._application_for_sign_in()
        options: dict[str, Any] = {} if exit_condition is None else {"exit_condition": exit_condition}
        try:
            result = app.acquire_token_by_device_flow(flow, **options)
        except UNREACHABLE_ERRORS as error:
            raise self._unreachable_error(error) from error
        return self._finish_sign_in(result)

    def initiate_auth_code_flow(self, redirect_uri: str, response_mode: str = "form_post") -> dict[str, Any]:
        """Start an authorization code sign-in with PKCE; open ``flow["auth_uri"]`` in the browser.

        With ``form_post`` (MSAL's recommendation) the browser POSTs the response
        to ``redirect_uri``; with ``query`` it is redirected there with the response in the query.
        """
        app = self._application_for_sign_in()
        flow: dict[str, Any] = app.initiate_auth_code_flow(
            self.config.scopes, redirect_uri=redirect_uri, response_mode=response_mode
        )
        return flow

    def complete_auth_code_flow(self, flow: dict[str, Any], auth_response: dict[str, str]) -> TokenResult:
        """Redeem the parameters the browser brought back to ``redirect_uri`` and return the token."""
        app = self._application_for_sign_in()
        try:
            result = app.acquire_token_by_auth_code_flow(flow, auth_response)
        except UNREACHABLE_ERRORS as error:
            raise self._unreachable_error(error) from error
        except ValueError as error:
            # MSAL raises ValueError when the state differs from the flow's (a stale or forged response).
            logger.warning("Authorization response rejected: %s", error)
            raise SignInError(
                "Não foi possível entrar: a resposta do navegador não pertence a este pedido de entrada. "
                "Tente entrar de novo."
            ) from error
        return self._finish_sign_in(result)

    def acquire_token_interactive(
        self, auth_uri_callback: Callable[[str], None] | None = None, timeout_s: int | None = None
    ) -> TokenResult:
        """Sign in through the system browser and MSAL's loopback listener on http://localhost.

        Blocks until the browser returns or ``timeout_s`` passes. ``auth_uri_callback``
        receives the sign-in URL instead of the system browser opening it.
        """
        app = self._application_for_sign_in()
        options: dict[str, Any] = {} if auth_uri_callback is None else {"auth_uri_callback": auth_uri_callback}
        try:
            result = app.acquire_token_interactive(self.config.scopes, timeout=timeout_s, **options)
        except UNREACHABLE_ERRORS as error:
            raise self._unreachable_error(error) from error
        except BrowserInteractionTimeoutError as error:
            logger.info("Interactive sign-in timed out after %s s", timeout_s)
            raise SignInError(
                "Não foi possível entrar: o navegador não concluiu a entrada a tempo. Tente entrar de novo."
            ) from error
        return self._finish_sign_in(result)

    def sign_out(self) -> None:
        """Remove every token and account from the cache; works offline."""
        cache = self._token_cache
        kinds = PersistedTokenCache.CredentialType
        for token in list(cache.search(kinds.ACCESS_TOKEN)):
            cache.remove_at(token)
        for token in list(cache.search(kinds.REFRESH_TOKEN)):
            cache.remove_rt(token)
        for token in list(cache.search(kinds.ID_TOKEN)):
            cache.remove_idt(token)
        for account in list(cache.search(kinds.ACCOUNT)):
            cache.remove_account(account)
        logger.info("Signed out: token cache emptied")

    def close(self) -> None:
        """Close the HTTP connections and the HTTP cache; the service can be opened again afterwards."""
        with self._lock:
            if self._session is not None:
                self._session.close()
            self._session = None
            self._app = None
        self._http_cache.close()

    def __enter__(self) -> SignInService:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    # Helpers

    def _application(self) -> msal.PublicClientApplication:
        """Build the MSAL app on first use; building runs OIDC discovery, which may need the network."""
        with self._lock:
            if self._app is not None:
                return self._app
            session = self._session or PinnedSession(self.config.ca_file)
            self._session = session
            try:
                self._app = msal.PublicClientApplication(
                    self.config.client_id,
                    token_cache=self._token_cache,
                    http_client=session,
                    http_cache=self._http_cache,
                    **_authority_argument(self.config.authority),
                )
            except ValueError as error:
                logger.error("Identity provider configuration rejected for %s: %s", self.config.authority, error)
                raise SignInError(
                    f"Não foi possível entrar: o servidor de identidade {self.config.authority} não foi reconhecido. "
                    "Confira o endereço da autoridade nas configurações."
                ) from error
            return self._app

    def _application_for_sign_in(self) -> msal.PublicClientApplication:
        try:
            return self._application()
        except UNREACHABLE_ERRORS as error:
            raise self._unreachable_error(error) from error

    def _unreachable_error(self, error: Exception) -> SignInError:
        host = urlsplit(self.config.authority).netloc
        logger.warning("Identity provider %s unreachable: %s: %s", host, type(error).__name__, error)
        if isinstance(error, requests.exceptions.SSLError):
            return SignInError(
                f"Não foi possível entrar: o certificado de {host} não é confiável. "
                "Confira o arquivo da autoridade certificadora nas configurações."
            )
        return SignInError(
            f"Não foi possível entrar: o servidor de identidade {host} não respondeu. "
            "Confira a conexão de rede e tente de novo."
        )

    def _finish_sign_in(self, result: dict[str, Any]) -> TokenResult:
        if "access_token" not in result:
            logger.warning("Sign-in failed: %s", result.get("error"))
            raise SignInError(_result_message(result))
        token = _token_result(result, None)
        self._forget_other_accounts(token.oid)
        logger.info("Signed in user %s", token.oid)
        return token

    def _forget_other_accounts(self, oid: str) -> None:
        app = self._application()
        for account in app.get_accounts():
            if account.get("local_account_id") != oid:
                app.remove_account(account)


def _authority_argument(authority: str) -> dict[str, str]:
    """Pass an Azure AD authority as ``authority`` and any other issuer as ``oidc_authority``.

    ``oidc_authority`` (msal 1.28 and later) reads the endpoints from
    ``{authority}/.well-known/openid-configuration`` and skips Azure's instance discovery.
    """
    host = urlsplit(authority).hostname or ""
    if host in WELL_KNOWN_AUTHORITY_HOSTS:
        return {"authority": authority}
    return {"oidc_authority": authority}


def _token_result(result: dict[str, Any], account: dict[str, Any] | None) -> TokenResult:
    claims = _unverified_claims(result["access_token"])
    if not claims:
        claims = dict(result.get("id_token_claims") or {})
    account = account or {}
    return TokenResult(
        access_token=result["access_token"],
        expires_at=time.time() + int(result.get("expires_in", 0)),
        account_username=str(claims.get("preferred_username") or account.get("username", "")),
        name=str(claims.get("name", "")),
        oid=str(claims.get("oid") or account.get("local_account_id", "")),
        roles=[str(role) for role in claims.get("roles", [])],
    )


def _unverified_claims(token: str) -> dict[str, Any]:
    """Decode a JWT's payload without checking it; return {} for a token that is not a JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except ValueError:
        return {}
    return claims if isinstance(claims, dict) else {}


def _result_message(result: dict[str, Any]) -> str:
    error = str(result.get("error", "erro desconhecido"))
    known = _ERROR_MESSAGES.get(error)
    if known is not None:
        return f"Não foi possível entrar: {known}"
    description = str(result.get("error_description", "")).strip()
    return f"Não foi possível entrar: o servidor de identidade respondeu {error}. {description}".strip()
