"""RS256 signing key and token minting of the development identity provider.

Tokens carry the claims Azure AD (Entra ID) v2.0 access tokens carry for an
app with app roles: ``oid``, ``tid``, ``preferred_username``, ``name``,
``roles``, ``scp``, ``aud``, ``iss``, ``iat``, ``nbf``, ``exp``.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

DEV_TENANT_ID = "9c0f6a43-7a5e-4d59-9b9a-3a0c1d2e5f00"
DEV_CLIENT_ID = "3f6f2b8e-1c1d-4a57-9f3e-0d9a6b7c8e01"  # the desktop app registration
DEV_API_AUDIENCE = "api://planmp"
DEV_API_SCOPE = f"{DEV_API_AUDIENCE}/Planejamento.ReadWrite"


@dataclass
class SigningKey:
    """An RSA key with its JWKS key id."""

    private_key: rsa.RSAPrivateKey
    kid: str = field(default_factory=lambda: uuid.uuid4().hex[:16])

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(rsa.generate_private_key(public_exponent=65537, key_size=2048))

    @classmethod
    def load_or_create(cls, path: Path) -> SigningKey:
        """Load the PEM key at ``path``, creating it (and its folder) if missing."""
        if path.exists():
            data = path.read_bytes()
            kid_path = path.with_suffix(".kid")
            key = serialization.load_pem_private_key(data, password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
            return cls(key, kid_path.read_text().strip())
        created = cls.generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        pem = created.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.write_bytes(pem)
        path.with_suffix(".kid").write_text(created.kid)
        return created

    def public_jwk(self) -> dict[str, Any]:
        jwk: dict[str, Any] = RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return jwk


class TokenIssuer:
    """Mints RS256 JWTs for one issuer URL with one signing key."""

    def __init__(self, issuer: str, key: SigningKey, tenant_id: str = DEV_TENANT_ID) -> None:
        self.issuer = issuer.rstrip("/")
        self.key = key
        self.tenant_id = tenant_id

    def jwks(self) -> dict[str, Any]:
        return {"keys": [self.key.public_jwk()]}

    def mint(self, claims: dict[str, Any], lifetime_s: int = 3600) -> str:
        """Sign ``claims`` with iss, tid, iat, nbf and exp filled in."""
        now = int(time.time())
        payload = {"iss": self.issuer, "tid": self.tenant_id, "iat": now, "nbf": now, "exp": now + lifetime_s}
        payload.update(claims)
        return jwt.encode(payload, self.key.private_key, algorithm="RS256", headers={"kid": self.key.kid})

    def access_token(
        self,
        *,
        oid: str,
        username: str,
        name: str,
        roles: list[str],
        audience: str = DEV_API_AUDIENCE,
        scope: str = "Planejamento.ReadWrite",
        client_id: str = DEV_CLIENT_ID,
        lifetime_s: int = 3600,
    ) -> str:
        claims = {
            "aud": audience,
            "oid": oid,
            "sub": oid,
            "preferred_username": username,
            "name": name,
            "roles": roles,
            "scp": scope,
            "azp": client_id,
            "ver": "2.0",
        }
        return self.mint(claims, lifetime_s)
