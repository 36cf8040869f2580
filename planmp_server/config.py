"""Settings of the reference central API, read from arguments or PLANMP_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path

from pydantic import BaseModel, Field

from planmp_desktop.contract import CONTRACT_VERSION

ENV_PREFIX = "PLANMP_"


class ServerSettings(BaseModel):
    """Everything the server needs to start.

    ``database_url`` defaults to a SQLite file in ``data_dir``. ``verify_tls``
    is used when fetching the identity provider's JWKS: ``ca_file`` names a PEM
    bundle to trust (a development or corporate CA) instead of the system one.
    """

    data_dir: Path = Field(default_factory=lambda: Path.cwd() / "planmp-server-data")
    database_url: str | None = None
    issuer: str = "http://127.0.0.1:8765"
    audience: str = "api://planmp"
    jwks_url: str | None = None
    ca_file: str | None = None
    authority: str = "http://127.0.0.1:8765"
    client_id: str = "3f6f2b8e-1c1d-4a57-9f3e-0d9a6b7c8e01"
    scopes: list[str] = Field(default_factory=lambda: ["api://planmp/Planejamento.ReadWrite"])
    min_client_version: int = CONTRACT_VERSION
    pull_limit_default: int = 2000
    pull_limit_max: int = 10000
    pull_ahead: bool = True  # build each client's next pull page while it applies the last one
    push_max_mutations: int = 2000
    audit_limit_max: int = 5000

    @property
    def effective_database_url(self) -> str:
        """Return ``database_url``, or the SQLite file in ``data_dir`` when it is unset."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'planmp.db').as_posix()}"

    @property
    def effective_jwks_url(self) -> str:
        """Return ``jwks_url``, or the OpenID Connect default under the issuer."""
        if self.jwks_url:
            return self.jwks_url
        return f"{self.issuer.rstrip('/')}/discovery/v2.0/keys"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> ServerSettings:
        """Build settings from PLANMP_<FIELD> variables (PLANMP_DATABASE_URL, PLANMP_ISSUER, ...).

        ``scopes`` is a space-separated list. Keyword ``overrides`` win over the environment.
        """
        source = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for name in cls.model_fields:
            raw = source.get(ENV_PREFIX + name.upper())
            if raw is None:
                continue
            values[name] = raw.split() if name == "scopes" else raw
        values.update(overrides)
        return cls.model_validate(values)
