"""Validation of the identity provider's RS256 access tokens against its published JWKS."""

from __future__ import annotations

import logging
import ssl
import threading
import time
import uuid
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from jwt.algorithms import RSAAlgorithm

from planmp_desktop.domain.codes import Profile

log = logging.getLogger(__name__)

# Highest first: a user holding several app roles acts with the highest one.
PROFILE_RANK: tuple[Profile, ...] = (
    Profile.ADMINISTRADOR,
    Profile.PLANEJAMENTO,
    Profile.AUDITOR,
    Profile.PAA,
    Profile.USUARIO,
)
CLOCK_SKEW_S = 60
# An unknown key id refetches the JWKS at most this often, so forged kids cannot flood the provider.
JWKS_REFETCH_INTERVAL_S = 30


class AuthError(Exception):
    """A request whose token cannot be accepted; ``status`` is 401 or 403."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Principal:
    """The signed-in caller as the token describes them."""

    oid: uuid.UUID
    username: str
    name: str
    roles: tuple[str, ...]
    profile: Profile


def highest_profile(roles: list[str] | tuple[str, ...]) -> Profile | None:
    """Return the highest PlanMP profile among the token's app roles, or None."""
    for profile in PROFILE_RANK:
        if profile.value in roles:
            return profile
    return None


class TokenValidator:
    """Checks signature, issuer, audience, expiry and nbf of bearer tokens.

    The JWKS is fetched with httpx on first use, cached, and fetched again
    when a token names a key id the cache lacks (the provider rotated keys).
    ``verify`` is True for the system trust store, or the path of a CA bundle to trust.
    """

    def __init__(self, issuer: str, audience: str, jwks_url: str, verify: bool | str = True) -> None:
        self.issuer = issuer.rstrip("/")
        self.audience = audience
        self.jwks_url = jwks_url
        self.verify: bool | ssl.SSLContext = (
            ssl.create_default_context(cafile=verify) if isinstance(verify, str) else verify
        )
        self._keys: dict[str, Any] = {}
        self._fetched_at = float("-inf")
        self._lock = threading.Lock()

    def validate(self, token: str) -> Principal:
        """Return the principal of a valid token; raises AuthError otherwise."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise AuthError(401, "token_invalid", "Token de acesso inválido: entre novamente.") from exc
        if header.get("alg") != "RS256":
            raise AuthError(401, "token_invalid", "Token de acesso com algoritmo não aceito: entre novamente.")

        key = self._key(str(header.get("kid", "")))
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                leeway=CLOCK_SKEW_S,
                options={"require": ["exp", "iss", "aud", "oid"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError(401, "token_expired", "Sua sessão expirou: entre novamente.") from exc
        except jwt.PyJWTError as exc:
            log.info("Rejected access token: %s", exc)
            raise AuthError(401, "token_invalid", "Token de acesso inválido: entre novamente.") from exc

        return self._principal(claims)

    def _principal(self, claims: dict[str, Any]) -> Principal:
        try:
            oid = uuid.UUID(str(claims["oid"]))
        except ValueError as exc:
            raise AuthError(401, "token_invalid", "Token de acesso sem identificador de usuário válido.") from exc
        roles = claims.get("roles") or []
        if not isinstance(roles, list):
            roles = []
        profile = highest_profile(roles)
        username = str(claims.get("preferred_username") or claims.get("upn") or oid)
        if profile is None:
            raise AuthError(
                403,
                "no_role",
                f"O usuário {username} não tem perfil no PlanMP: peça a um administrador que atribua um perfil.",
            )
        return Principal(oid, username, str(claims.get("name") or username), tuple(roles), profile)

    def _key(self, kid: str) -> Any:
        with self._lock:
            stale = time.monotonic() - self._fetched_at > JWKS_REFETCH_INTERVAL_S
            if kid not in self._keys and (stale or not self._keys):
                self._fetch_jwks()
            key = self._keys.get(kid)
        if key is None:
            raise AuthError(401, "token_invalid", "Token de acesso assinado por chave desconhecida: entre novamente.")
        return key

    def _fetch_jwks(self) -> None:
        try:
            response = httpx.get(self.jwks_url, verify=self.verify, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            log.error("Fetching JWKS from %s failed: %s", self.jwks_url, exc)
            raise AuthError(
                401, "token_invalid", "Não foi possível obter as chaves do provedor de identidade: tente mais tarde."
            ) from exc
        keys: dict[str, Any] = {}
        for jwk in document.get("keys", []):
            if jwk.get("kty") == "RSA" and "kid" in jwk:
                keys[jwk["kid"]] = RSAAlgorithm.from_jwk(jwk)
        log.info("Fetched %d signing keys from %s", len(keys), self.jwks_url)
        self._keys = keys
        self._fetched_at = time.monotonic()
