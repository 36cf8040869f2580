"""Helpers of the sign-in tests: test users, client settings and the browser's part of each flow."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from planmp_desktop.auth.settings import AuthConfig
from planmp_server.devidp.run import DevIdpServer
from planmp_server.devidp.tokens import DEV_API_SCOPE
from planmp_server.devidp.users import DevUser

REDIRECT_URI = "http://localhost:8765/"
_REQUEST_ID = re.compile(r'name="request_id" value="([^"]+)"')
_FORM_ACTION = re.compile(r'<form method="post" action="([^"]+)"')
_HIDDEN_FIELD = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)">')


def make_users() -> list[DevUser]:
    return [
        DevUser("0b3c1a52-1d7e-4c43-9a3e-5f0a9d2b7c11", "ana.paa@mp.exemplo.br", "Ana Souza", ("PAA",), "PJ-CAP-01"),
        DevUser("5e2d8f90-6a1b-4f7c-8d3e-2b9c0a1f4e22", "bruno.plan@mp.exemplo.br", "Bruno Lima", ("Planejamento",)),
        DevUser(
            "9a7f6e5d-4c3b-4a29-8187-6f5e4d3c2b33",
            "carla.admin@mp.exemplo.br",
            "Carla Dias",
            ("Administrador", "Auditor"),
            password="outra-senha",
        ),
    ]


def config_for(server: DevIdpServer) -> AuthConfig:
    return AuthConfig(server.authority, server.client_id, [DEV_API_SCOPE], server.tls.ca_file)


def sign_in_on_login_page(browser: httpx.Client, auth_uri: str, username: str, password: str = "demo") -> httpx.Response:
    """Open the authorize URL, submit the login form and return the provider's response to it."""
    page = browser.get(auth_uri)
    assert page.status_code == 200, page.text
    found = _REQUEST_ID.search(page.text)
    assert found is not None, "login page has no request_id field"
    action = _FORM_ACTION.search(page.text)
    assert action is not None
    return browser.post(html.unescape(action.group(1)), data={"request_id": found.group(1), "username": username, "password": password})


def device_tokens(browser: httpx.Client, server: DevIdpServer, username: str, password: str = "demo") -> dict[str, Any]:
    """Run the device code flow with plain HTTP requests and return the token response."""
    endpoints = server.idp.endpoints
    scope = f"openid profile offline_access {DEV_API_SCOPE}"
    started = browser.post(endpoints.device_authorization, data={"client_id": server.client_id, "scope": scope})
    assert started.status_code == 200, started.text
    flow = started.json()
    approved = browser.post(
        flow["verification_uri"],
        data={"user_code": flow["user_code"], "username": username, "password": password, "action": "approve"},
    )
    assert approved.status_code == 200, approved.text
    polled = browser.post(
        endpoints.token,
        data={
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
            "client_id": server.client_id,
            "device_code": flow["device_code"],
        },
    )
    assert polled.status_code == 200, polled.text
    tokens: dict[str, Any] = polled.json()
    return tokens


def authorization_response(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """Return the redirect URI and the parameters of a query redirect or of a form_post page."""
    if response.status_code == 302:
        location = urlsplit(response.headers["location"])
        params = {key: values[0] for key, values in parse_qs(location.query).items()}
        return location._replace(query="").geturl(), params
    assert response.status_code == 200, response.text
    action = _FORM_ACTION.search(response.text)
    assert action is not None, "neither a redirect nor a form_post page"
    fields = {html.unescape(name): html.unescape(value) for name, value in _HIDDEN_FIELD.findall(response.text)}
    return html.unescape(action.group(1)), fields
