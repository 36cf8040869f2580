"""Grant state and token issuance of the development identity provider.

Holds pending sign-ins, authorization codes, device codes and refresh tokens
in memory, guarded by one lock. Codes and tokens are stored by their SHA-256
hash, so the dicts never contain a usable secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import re
import secrets
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from planmp_server.devidp.tokens import DEV_API_AUDIENCE, DEV_API_SCOPE, DEV_CLIENT_ID, TokenIssuer
from planmp_server.devidp.users import DevUser

logger = logging.getLogger(__name__)

OIDC_SCOPES = frozenset({"openid", "profile", "offline_access", "email"})
DEFAULT_REDIRECT_URIS = ("http://localhost", "http://127.0.0.1")
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
RESPONSE_MODES = ("query", "form_post")

# Consonants only: no vowels (no words) and no look-alike digits.
USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ"
USER_CODE_LENGTH = 8
# RFC 7636 section 4.1: 43 to 128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
CODE_VERIFIER_PATTERN = re.compile(r"[A-Za-z0-9\-._~]{43,128}")


class OAuthError(Exception):
    """An OAuth 2.0 error response (RFC 6749 section 5.2), with a pt-BR description."""

    def __init__(self, error: str, description: str, status_code: int = 400) -> None:
        super().__init__(f"{error}: {description}")
        self.error = error
        self.description = description
        self.status_code = status_code

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.description}


@dataclass(frozen=True)
class Endpoints:
    """Absolute URLs of the provider, all under ``{base_url}/{tenant}``."""

    issuer: str
    authorization: str
    token: str
    device_authorization: str
    device_verification: str
    jwks: str

    @classmethod
    def build(cls, base_url: str, tenant_id: str) -> Endpoints:
        tenant_url = f"{base_url.rstrip('/')}/{tenant_id}"
        return cls(
            issuer=f"{tenant_url}/v2.0",
            authorization=f"{tenant_url}/oauth2/v2.0/authorize",
            token=f"{tenant_url}/oauth2/v2.0/token",
            device_authorization=f"{tenant_url}/oauth2/v2.0/devicecode",
            device_verification=f"{tenant_url}/oauth2/v2.0/deviceauth",
            jwks=f"{tenant_url}/discovery/v2.0/keys",
        )


@dataclass(frozen=True)
class Lifetimes:
    """Lifetimes in seconds of what the provider issues."""

    access_token: int = 3600
    refresh_token: int = 24 * 3600
    authorization_code: int = 60
    sign_in_page: int = 600
    device_code: int = 900
    device_poll_interval: int = 5


@dataclass(frozen=True)
class AuthorizationResponse:
    """Parameters sent back to the client's redirect URI, in the query or as an auto-submitted form."""

    redirect_uri: str
    params: dict[str, str]
    response_mode: str

    def url(self) -> str:
        return _append_query(self.redirect_uri, self.params)


@dataclass(frozen=True)
class AuthorizationRequest:
    """A validated authorization request waiting for the user to sign in on the login page."""

    client_id: str
    redirect_uri: str
    response_mode: str
    scopes: tuple[str, ...]
    state: str | None
    nonce: str | None
    code_challenge: str
    client_info: bool
    login_hint: str | None
    expires_at: float


@dataclass(frozen=True)
class _CodeGrant:
    oid: str
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]
    nonce: str | None
    code_challenge: str
    expires_at: float


@dataclass(frozen=True)
class _RefreshGrant:
    oid: str
    client_id: str
    scopes: tuple[str, ...]
    family_id: str
    expires_at: float


@dataclass
class _DeviceGrant:
    user_code: str
    client_id: str
    scopes: tuple[str, ...]
    expires_at: float
    oid: str | None = None
    denied: bool = False


@dataclass
class _GrantStore:
    pending_sign_ins: dict[str, AuthorizationRequest] = field(default_factory=dict)
    codes: dict[str, _CodeGrant] = field(default_factory=dict)
    refresh_tokens: dict[str, _RefreshGrant] = field(default_factory=dict)
    # Hash of a rotated refresh token -> (family id, expiry), to detect its reuse.
    rotated_refresh_tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    devices: dict[str, _DeviceGrant] = field(default_factory=dict)
    device_code_by_user_code: dict[str, str] = field(default_factory=dict)


class DevIdentityProvider:
    """OpenID Connect provider state for one tenant, one public client and a fixed list of users."""

    def __init__(
        self,
        base_url: str,
        issuer: TokenIssuer,
        users: Sequence[DevUser],
        client_id: str = DEV_CLIENT_ID,
        redirect_uris: Sequence[str] = DEFAULT_REDIRECT_URIS,
        lifetimes: Lifetimes | None = None,
    ) -> None:
        self.endpoints = Endpoints.build(base_url, issuer.tenant_id)
        if issuer.issuer != self.endpoints.issuer:
            raise ValueError(
                f"Token issuer {issuer.issuer!r} does not match the provider's issuer URL "
                f"{self.endpoints.issuer!r}: build the TokenIssuer with issuer_url(base_url, tenant_id)"
            )
        self.issuer = issuer
        self.tenant_id = issuer.tenant_id
        self.client_id = client_id
        self.redirect_uris = tuple(redirect_uris)
        self.lifetimes = lifetimes or Lifetimes()
        self.users = _index_users(users)
        self._store = _GrantStore()
        self._lock = threading.Lock()

    # Users

    def user_by_username(self, username: str) -> DevUser | None:
        expected = username.strip().lower()
        for user in self.users.values():
            if user.username.lower() == expected:
                return user
        return None

    def authenticate(self, username: str, password: str) -> DevUser | None:
        """Return the user whose username and password match, or None."""
        user = self.user_by_username(username)
        if user is None:
            return None
        if not hmac.compare_digest(user.password.encode(), password.encode()):
            return None
        return user

    # Authorization code flow with PKCE

    def check_client(self, client_id: str, redirect_uri: str | None = None) -> None:
        """Raise OAuthError unless ``client_id`` is ours and ``redirect_uri`` (when given) is registered."""
        if client_id != self.client_id:
            raise OAuthError("invalid_client", f"Aplicativo {client_id!r} não registrado neste provedor.")
        if redirect_uri is not None and not self._redirect_uri_registered(redirect_uri):
            raise OAuthError(
                "invalid_request",
                f"redirect_uri {redirect_uri!r} não registrado: use um endereço de loopback http://localhost.",
            )

    def start_authorization(self, params: dict[str, str]) -> str:
        """Validate an authorization request and return the id of the pending sign-in.

        The caller has already checked client_id and redirect_uri with check_client,
        so every OAuthError raised here is sent back to the redirect URI.
        """
        if params.get("response_type") != "code":
            raise OAuthError("unsupported_response_type", "Só response_type=code é aceito.")
        code_challenge = params.get("code_challenge", "")
        if not code_challenge:
            raise OAuthError("invalid_request", "PKCE é obrigatório: envie code_challenge com o método S256.")
        if params.get("code_challenge_method") != "S256":
            raise OAuthError("invalid_request", "code_challenge_method deve ser S256.")
        response_mode = params.get("response_mode") or "query"
        if response_mode not in RESPONSE_MODES:
            raise OAuthError("invalid_request", f"response_mode {response_mode!r} não suportado: use query ou form_post.")
        request = AuthorizationRequest(
            client_id=params["client_id"],
            redirect_uri=params["redirect_uri"],
            response_mode=response_mode,
            scopes=_parse_scopes(params.get("scope", "")),
            state=params.get("state"),
            nonce=params.get("nonce"),
            code_challenge=code_challenge,
            client_info=params.get("client_info") == "1",
            login_hint=params.get("login_hint"),
            expires_at=time.time() + self.lifetimes.sign_in_page,
        )
        request_id = secrets.token_urlsafe(24)
        with self._lock:
            self._purge_expired()
            self._store.pending_sign_ins[request_id] = request
        return request_id

    def pending_authorization(self, request_id: str) -> AuthorizationRequest | None:
        with self._lock:
            request = self._store.pending_sign_ins.get(request_id)
        if request is None or request.expires_at <= time.time():
            return None
        return request

    def approve_authorization(self, request_id: str, user: DevUser) -> AuthorizationResponse:
        """Issue an authorization code for ``user`` and return the response that carries it to the client."""
        with self._lock:
            request = self._store.pending_sign_ins.pop(request_id, None)
        if request is None or request.expires_at <= time.time():
            raise OAuthError("invalid_request", "O pedido de entrada expirou: volte ao aplicativo e tente de novo.")

        code = secrets.token_urlsafe(32)
        grant = _CodeGrant(
            oid=user.oid,
            client_id=request.client_id,
            redirect_uri=request.redirect_uri,
            scopes=request.scopes,
            nonce=request.nonce,
            code_challenge=request.code_challenge,
            expires_at=time.time() + self.lifetimes.authorization_code,
        )
        with self._lock:
            self._store.codes[_hash(code)] = grant
        logger.info("Authorization code issued for user %s", user.oid)

        response: dict[str, str] = {"code": code}
        if request.state is not None:
            response["state"] = request.state
        if request.client_info:
            response["client_info"] = self._client_info(user)
        return AuthorizationResponse(request.redirect_uri, response, request.response_mode)

    @staticmethod
    def error_response(redirect_uri: str, params: dict[str, str], error: OAuthError) -> AuthorizationResponse:
        """Return the response that sends an authorization error back to the client (RFC 6749 4.1.2.1)."""
        response = error.body()
        if "state" in params:
            response["state"] = params["state"]
        response_mode = params.get("response_mode")
        return AuthorizationResponse(redirect_uri, response, response_mode if response_mode in RESPONSE_MODES else "query")

    def redeem_code(self, form: dict[str, str]) -> dict[str, Any]:
        """Exchange an authorization code (single use) for tokens, checking the PKCE verifier."""
        code = form.get("code", "")
        with self._lock:
            grant = self._store.codes.pop(_hash(code), None)
        if grant is None:
            raise OAuthError("invalid_grant", "Código de autorização inválido ou já usado: entre de novo.")
        if grant.expires_at <= time.time():
            raise OAuthError("invalid_grant", "Código de autorização expirado: entre de novo.")
        if form.get("client_id") != grant.client_id:
            raise OAuthError("invalid_grant", "O código de autorização foi emitido para outro aplicativo.")
        if form.get("redirect_uri") != grant.redirect_uri:
            raise OAuthError("invalid_grant", "redirect_uri diferente do usado no pedido de autorização.")

        verifier = form.get("code_verifier", "")
        if not CODE_VERIFIER_PATTERN.fullmatch(verifier):
            raise OAuthError("invalid_grant", "code_verifier ausente ou mal formado (RFC 7636: 43 a 128 caracteres).")
        if not hmac.compare_digest(_s256(verifier), grant.code_challenge):
            raise OAuthError("invalid_grant", "code_verifier não corresponde ao code_challenge do pedido.")

        user = self.users[grant.oid]
        logger.info("Authorization code redeemed for user %s", user.oid)
        return self._issue_tokens(
            user, grant.client_id, grant.scopes, nonce=grant.nonce, client_info=form.get("client_info") == "1"
        )

    # Refresh tokens

    def redeem_refresh_token(self, form: dict[str, str]) -> dict[str, Any]:
        """Exchange a refresh token for new tokens; the old refresh token stops working (rotation).

        Presenting a refresh token that was already rotated revokes its whole
        family, as the OAuth 2.0 Security Best Current Practice (RFC 9700) advises.
        """
        token_hash = _hash(form.get("refresh_token", ""))
        with self._lock:
            grant = self._store.refresh_tokens.get(token_hash)
            if grant is None:
                reused = self._store.rotated_refresh_tokens.get(token_hash)
                if reused is None:
                    raise OAuthError("invalid_grant", "Refresh token inválido ou revogado: entre de novo.")
                self._revoke_family(reused[0])
                logger.warning("Reused refresh token presented: revoked its family %s", reused[0])
                raise OAuthError("invalid_grant", "Refresh token já usado: a sessão foi encerrada, entre de novo.")
            scopes = self._check_refresh_grant(grant, form)

            del self._store.refresh_tokens[token_hash]
            self._store.rotated_refresh_tokens[token_hash] = (grant.family_id, grant.expires_at)

        user = self.users[grant.oid]
        logger.info("Refresh token rotated for user %s", user.oid)
        return self._issue_tokens(
            user, grant.client_id, scopes, family_id=grant.family_id, client_info=form.get("client_info") == "1"
        )

    @staticmethod
    def _check_refresh_grant(grant: _RefreshGrant, form: dict[str, str]) -> tuple[str, ...]:
        """Return the scopes to issue, or raise OAuthError when the refresh request does not fit the grant."""
        if grant.expires_at <= time.time():
            raise OAuthError("invalid_grant", "Refresh token expirado: entre de novo.")
        if form.get("client_id") != grant.client_id:
            raise OAuthError("invalid_grant", "O refresh token foi emitido para outro aplicativo.")
        if not form.get("scope"):
            return grant.scopes
        requested = _parse_scopes(form["scope"])
        extra = set(requested) - set(grant.scopes)
        if extra:
            raise OAuthError("invalid_scope", f"Escopos não concedidos nesta sessão: {' '.join(sorted(extra))}.")
        return requested

    # Device authorization grant (RFC 8628)

    def start_device_flow(self, form: dict[str, str]) -> dict[str, Any]:
        self.check_client(form.get("client_id", ""))
        scopes = _parse_scopes(form.get("scope", ""))
        device_code = secrets.token_urlsafe(32)
        expires_at = time.time() + self.lifetimes.device_code
        with self._lock:
            self._purge_expired()
            user_code = _new_user_code(self._store.device_code_by_user_code)
            self._store.devices[_hash(device_code)] = _DeviceGrant(user_code, self.client_id, scopes, expires_at)
            self._store.device_code_by_user_code[user_code] = _hash(device_code)

        shown_code = format_user_code(user_code)
        verification_uri = self.endpoints.device_verification
        return {
            "device_code": device_code,
            "user_code": shown_code,
            "verification_uri": verification_uri,
            "verification_uri_complete": _append_query(verification_uri, {"user_code": shown_code}),
            "expires_in": self.lifetimes.device_code,
            "interval": self.lifetimes.device_poll_interval,
            "message": f"Para entrar, abra {verification_uri} no navegador e digite o código {shown_code}.",
        }

    def device_request(self, user_code: str) -> tuple[str, ...] | None:
        """Return the scopes of the waiting device request with ``user_code``, or None if there is none."""
        with self._lock:
            grant = self._device_by_user_code(user_code)
            return None if grant is None else grant.scopes

    def decide_device(self, user_code: str, user: DevUser | None) -> None:
        """Approve the device request for ``user``, or deny it when ``user`` is None."""
        with self._lock:
            grant = self._device_by_user_code(user_code)
            if grant is None:
                raise OAuthError("invalid_grant", f"Código {user_code!r} inválido ou expirado: peça um novo no aplicativo.")
            if user is None:
                grant.denied = True
            else:
                grant.oid = user.oid
        logger.info("Device code %s", "denied" if user is None else f"approved for user {user.oid}")

    def poll_device(self, form: dict[str, str]) -> dict[str, Any]:
        """Return the tokens of an approved device code (once), or raise its pending, expired or denied state."""
        device_hash = _hash(form.get("device_code", ""))
        with self._lock:
            grant = self._store.devices.get(device_hash)
            if grant is None or form.get("client_id") != grant.client_id:
                raise OAuthError("invalid_grant", "device_code inválido ou já usado.")
            if grant.oid is not None or grant.denied or grant.expires_at <= time.time():
                del self._store.devices[device_hash]
                self._store.device_code_by_user_code.pop(grant.user_code, None)

        if grant.expires_at <= time.time():
            raise OAuthError("expired_token", "O código expirou antes da entrada: peça um novo código.")
        if grant.denied:
            raise OAuthError("access_denied", "A entrada foi recusada no navegador.")
        if grant.oid is None:
            raise OAuthError("authorization_pending", "Aguardando a entrada do usuário no navegador.")
        user = self.users[grant.oid]
        return self._issue_tokens(user, grant.client_id, grant.scopes, client_info=form.get("client_info") == "1")

    # Token issuance

    def _issue_tokens(
        self,
        user: DevUser,
        client_id: str,
        scopes: tuple[str, ...],
        *,
        nonce: str | None = None,
        family_id: str | None = None,
        client_info: bool = False,
    ) -> dict[str, Any]:
        api_scopes = [scope for scope in scopes if scope not in OIDC_SCOPES]
        scope_names = []
        for scope in api_scopes:
            # "/.default" requests every scope granted to the app, which here is the one API scope.
            granted = DEV_API_SCOPE if scope.endswith("/.default") else scope
            scope_names.append(granted.removeprefix(f"{DEV_API_AUDIENCE}/"))
        lifetime = self.lifetimes.access_token
        response: dict[str, Any] = {
            "token_type": "Bearer",
            "scope": " ".join(api_scopes),
            "expires_in": lifetime,
            "ext_expires_in": lifetime,
            "access_token": self.issuer.access_token(
                oid=user.oid,
                username=user.username,
                name=user.name,
                roles=list(user.roles),
                scope=" ".join(scope_names),
                client_id=client_id,
                lifetime_s=lifetime,
            ),
        }
        if "openid" in scopes:
            response["id_token"] = self._id_token(user, client_id, nonce)
        if "offline_access" in scopes:
            response["refresh_token"] = self._new_refresh_token(user, client_id, scopes, family_id)
        if client_info:
            response["client_info"] = self._client_info(user)
        return response

    def _id_token(self, user: DevUser, client_id: str, nonce: str | None) -> str:
        claims: dict[str, Any] = {
            "aud": client_id,
            "sub": user.oid,
            "oid": user.oid,
            "preferred_username": user.username,
            "name": user.name,
            "roles": list(user.roles),
            "ver": "2.0",
        }
        if nonce:
            claims["nonce"] = nonce
        return self.issuer.mint(claims, self.lifetimes.access_token)

    def _new_refresh_token(
        self, user: DevUser, client_id: str, scopes: tuple[str, ...], family_id: str | None
    ) -> str:
        token = secrets.token_urlsafe(48)
        grant = _RefreshGrant(
            oid=user.oid,
            client_id=client_id,
            scopes=scopes,
            family_id=family_id or uuid.uuid4().hex,
            expires_at=time.time() + self.lifetimes.refresh_token,
        )
        with self._lock:
            self._store.refresh_tokens[_hash(token)] = grant
        return token

    def _client_info(self, user: DevUser) -> str:
        """Encode Azure AD's client_info, from which MSAL makes the account id ``{uid}.{utid}``."""
        payload = json.dumps({"uid": user.oid, "utid": self.tenant_id}).encode()
        return base64.urlsafe_b64encode(payload).rstrip(b"=").decode()

    # Helpers that expect the lock to be held

    def _device_by_user_code(self, user_code: str) -> _DeviceGrant | None:
        device_hash = self._store.device_code_by_user_code.get(normalize_user_code(user_code))
        grant = None if device_hash is None else self._store.devices.get(device_hash)
        if grant is None or grant.expires_at <= time.time() or grant.oid is not None or grant.denied:
            return None
        return grant

    def _revoke_family(self, family_id: str) -> None:
        revoked = [key for key, grant in self._store.refresh_tokens.items() if grant.family_id == family_id]
        for key in revoked:
            del self._store.refresh_tokens[key]

    def _purge_expired(self) -> None:
        now = time.time()
        store = self._store
        for key in [key for key, request in store.pending_sign_ins.items() if request.expires_at <= now]:
            del store.pending_sign_ins[key]
        for key in [key for key, code in store.codes.items() if code.expires_at <= now]:
            del store.codes[key]
        for key in [key for key, token in store.refresh_tokens.items() if token.expires_at <= now]:
            del store.refresh_tokens[key]
        for key in [key for key, (_, expiry) in store.rotated_refresh_tokens.items() if expiry <= now]:
            del store.rotated_refresh_tokens[key]
        # Expired device codes stay until polled, so that the poll returns expired_token.
        # They are dropped one lifetime after expiry.
        for key in [key for key, device in store.devices.items() if device.expires_at + self.lifetimes.device_code <= now]:
            store.device_code_by_user_code.pop(store.devices.pop(key).user_code, None)

    def _redirect_uri_registered(self, redirect_uri: str) -> bool:
        """Match exactly, except that a loopback URI matches on any port (RFC 8252 section 7.3)."""
        if redirect_uri in self.redirect_uris:
            return True
        candidate = urlsplit(redirect_uri)
        for registered_uri in self.redirect_uris:
            registered = urlsplit(registered_uri)
            if registered.hostname not in LOOPBACK_HOSTS:
                continue
            same_place = (
                candidate.scheme == registered.scheme
                and candidate.hostname == registered.hostname
                and (candidate.path or "/") == (registered.path or "/")
            )
            if same_place and not candidate.query and not candidate.fragment:
                return True
        return False


def issuer_url(base_url: str, tenant_id: str) -> str:
    """Return the issuer (and MSAL authority) URL of a provider served at ``base_url``."""
    return Endpoints.build(base_url, tenant_id).issuer


def normalize_user_code(user_code: str) -> str:
    return "".join(character for character in user_code.upper() if character.isalnum())


def format_user_code(user_code: str) -> str:
    half = len(user_code) // 2
    return f"{user_code[:half]}-{user_code[half:]}"


def _index_users(users: Sequence[DevUser]) -> dict[str, DevUser]:
    by_oid: dict[str, DevUser] = {}
    usernames: set[str] = set()
    for user in users:
        if user.oid in by_oid:
            raise ValueError(f"Duplicate user oid {user.oid!r}: each DevUser needs its own oid")
        if user.username.lower() in usernames:
            raise ValueError(f"Duplicate username {user.username!r}: usernames are compared case-insensitively")
        by_oid[user.oid] = user
        usernames.add(user.username.lower())
    return by_oid


def _parse_scopes(scope: str) -> tuple[str, ...]:
    """Split a scope parameter and reject scopes of resources other than the PlanMP API."""
    scopes = tuple(dict.fromkeys(scope.split()))
    unknown = [item for item in scopes if item not in OIDC_SCOPES and not item.startswith(f"{DEV_API_AUDIENCE}/")]
    if unknown:
        raise OAuthError("invalid_scope", f"Escopos desconhecidos: {' '.join(unknown)}. Peça {DEV_API_SCOPE}.")
    if all(item in OIDC_SCOPES for item in scopes):
        raise OAuthError("invalid_scope", f"Nenhum escopo da API pedido: peça {DEV_API_SCOPE}.")
    return scopes


def _new_user_code(existing_codes: dict[str, str]) -> str:
    while True:
        user_code = "".join(secrets.choice(USER_CODE_ALPHABET) for _ in range(USER_CODE_LENGTH))
        if user_code not in existing_codes:
            return user_code


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def _append_query(url: str, params: dict[str, str]) -> str:
    separator = "&" if urlsplit(url).query else "?"
    return f"{url}{separator}{urlencode(params)}"
