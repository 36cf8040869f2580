"""Fixtures of the sign-in tests: the development provider served over TLS on 127.0.0.1, and clients of it."""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from signin_helpers import REDIRECT_URI, config_for, make_users

from planmp_desktop.auth.session import SignInService
from planmp_desktop.auth.settings import AuthConfig
from planmp_server.devidp.provider import Lifetimes
from planmp_server.devidp.run import DevIdpServer, start_dev_idp


@pytest.fixture(scope="session")
def idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevIdpServer]:
    """The provider mounted under /idp, as the demo serves it beside the API."""
    folder = tmp_path_factory.mktemp("idp")
    with start_dev_idp(folder, make_users(), prefix="/idp", redirect_uris=[REDIRECT_URI]) as server:
        yield server


@pytest.fixture(scope="session")
def strict_idp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevIdpServer]:
    """A provider whose authorization and device codes expire as soon as they are issued."""
    folder = tmp_path_factory.mktemp("strict-idp")
    lifetimes = Lifetimes(authorization_code=0, device_code=0)
    with start_dev_idp(folder, make_users(), redirect_uris=[REDIRECT_URI], lifetimes=lifetimes) as server:
        yield server


@pytest.fixture
def auth_config(idp: DevIdpServer) -> AuthConfig:
    return config_for(idp)


@pytest.fixture
def service(auth_config: AuthConfig, tmp_path: Path) -> Iterator[SignInService]:
    with SignInService(auth_config, tmp_path / "cache" / "msal-cache.bin") as sign_in:
        yield sign_in


@pytest.fixture
def browser(idp: DevIdpServer) -> Iterator[httpx.Client]:
    """An HTTPS client that trusts the development CA and does not follow redirects."""
    context = ssl.create_default_context(cafile=str(idp.tls.ca_file))
    with httpx.Client(verify=context, follow_redirects=False, timeout=30.0) as client:
        yield client
