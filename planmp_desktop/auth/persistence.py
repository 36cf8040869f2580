"""Token cache persistence and the HTTP session MSAL uses."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import requests
from msal_extensions import FilePersistence, PersistedTokenCache, build_encrypted_persistence

logger = logging.getLogger(__name__)

# Seconds to connect and to wait for each response of the identity provider.
HTTP_TIMEOUT_S = (10.0, 30.0)


class PinnedSession(requests.Session):
    """A requests session whose ``verify`` and timeout apply to every request.

    In requests 2.x, ``Session.merge_environment_settings`` lets REQUESTS_CA_BUNDLE
    or CURL_CA_BUNDLE replace a session's ``verify``, which would drop the CA file
    of the development provider. Passing ``verify`` with each request keeps it.
    """

    def __init__(self, ca_file: Path | None) -> None:
        super().__init__()
        self.verify = str(ca_file) if ca_file is not None else True

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("verify", self.verify)
        kwargs.setdefault("timeout", HTTP_TIMEOUT_S)
        return super().request(method, url, *args, **kwargs)


def open_token_cache(cache_path: Path) -> PersistedTokenCache:
    """Open the MSAL token cache at ``cache_path``, encrypted by the OS where it can be.

    Windows uses DPAPI, macOS the Keychain and Linux libsecret. Without libsecret
    (no PyGObject, no keyring daemon) the cache is a plain file readable by the
    owner only. ``cache.is_encrypted`` is False in that case.
    """
    cache_path.parent.mkdir(parents=True, exist_ok=True)
    try:
        persistence = build_encrypted_persistence(str(cache_path))
    # libsecret's import raises ImportError, and its trial run raises GLib.Error,
    # which derives from Exception only.
    except Exception as error:  # noqa: BLE001
        # NOTE: on Linux without a keyring the refresh token is stored unencrypted,
        # protected only by the file's 0600 mode.
        first_line = next(iter(str(error).splitlines()), "")
        logger.info(
            "No OS keyring for the token cache (%s: %s): storing it unencrypted in %s",
            type(error).__name__,
            first_line,
            cache_path,
        )
        _create_private_file(cache_path)
        persistence = FilePersistence(str(cache_path))
    return PersistedTokenCache(persistence)


def _create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 unless it exists; later writes keep the mode."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)
