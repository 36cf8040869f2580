"""Sign-in settings: which authority, app registration and scopes the desktop app uses."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class AuthConfig:
    """Authority, app registration and scopes of the desktop sign-in.

    ``authority`` is an Azure AD authority (``https://login.microsoftonline.com/{tenant}``)
    or any other OpenID Connect issuer URL, such as the development provider's
    ``https://127.0.0.1:{port}/{tenant}/v2.0``. ``ca_file`` is a PEM bundle that
    replaces the default trust store when set, as the development provider's own CA does.
    """

    authority: str
    client_id: str
    scopes: list[str]
    ca_file: Path | None = None
