"""Authorization code sign-in with PKCE through MSAL, with the test playing the browser."""

from __future__ import annotations

import ssl
import threading
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from signin_helpers import REDIRECT_URI, authorization_response, config_for, sign_in_on_login_page

from planmp_desktop.auth.session import SignInError, SignInService
from planmp_server.devidp.run import DevIdpServer


def redirect_params(response: httpx.Response) -> dict[str, str]:
    """Return the parameters sent back to REDIRECT_URI, by redirect or by form_post."""
    target, params = authorization_response(response)
    assert target == REDIRECT_URI
    return params


def test_auth_code_flow_through_msal(service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow(REDIRECT_URI)
    auth_query = parse_qs(urlsplit(flow["auth_uri"]).query)
    assert auth_query["code_challenge_method"] == ["S256"]

    auth_response = redirect_params(sign_in_on_login_page(browser, flow["auth_uri"], "bruno.plan@mp.exemplo.br"))
    assert auth_response["state"] == flow["state"]
    token = service.complete_auth_code_flow(flow, auth_response)

    assert token.account_username == "bruno.plan@mp.exemplo.br"
    assert token.roles == ["Planejamento"]
    assert service.acquire_token_silent() is not None


@pytest.mark.filterwarnings("ignore:response_mode='form_post' is recommended")
def test_auth_code_flow_query_mode(service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow(REDIRECT_URI, response_mode="query")

    response = sign_in_on_login_page(browser, flow["auth_uri"], "ana.paa@mp.exemplo.br")

    assert response.status_code == 302
    token = service.complete_auth_code_flow(flow, redirect_params(response))
    assert token.roles == ["PAA"]


def test_interactive_sign_in_through_loopback(service: SignInService, browser: httpx.Client) -> None:
    failures: list[BaseException] = []

    def play_browser(auth_uri: str) -> None:
        try:
            response = sign_in_on_login_page(browser, auth_uri, "carla.admin@mp.exemplo.br", "outra-senha")
            target, params = authorization_response(response)
            assert target.startswith("http://localhost:")
            delivered = browser.post(target, data=params)
            assert delivered.status_code == 200
        except BaseException as error:  # noqa: BLE001 - reported by the test thread below
            failures.append(error)

    def open_browser(auth_uri: str) -> None:
        # MSAL waits for the browser's request right after this callback, so the browser runs in a thread.
        threading.Thread(target=play_browser, args=(auth_uri,), daemon=True).start()

    token = service.acquire_token_interactive(auth_uri_callback=open_browser, timeout_s=60)

    assert failures == []
    assert token.account_username == "carla.admin@mp.exemplo.br"
    assert token.roles == ["Administrador", "Auditor"]


def test_login_page_wrong_password(service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow(REDIRECT_URI)

    response = sign_in_on_login_page(browser, flow["auth_uri"], "ana.paa@mp.exemplo.br", "errada")

    assert response.status_code == 401
    assert "senha incorreta" in response.text
    assert 'lang="pt-BR"' in response.text


def test_wrong_code_verifier_rejected(idp: DevIdpServer, service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow(REDIRECT_URI)
    code = redirect_params(sign_in_on_login_page(browser, flow["auth_uri"], "ana.paa@mp.exemplo.br"))["code"]
    exchange = {
        "grant_type": "authorization_code",
        "client_id": idp.client_id,
        "code": code,
        "redirect_uri": REDIRECT_URI,
        "code_verifier": "x" * 64,
    }

    wrong = browser.post(idp.idp.endpoints.token, data=exchange)
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "invalid_grant"
    assert "code_verifier" in wrong.json()["error_description"]

    # The failed attempt spent the code: the right verifier no longer redeems it.
    right = browser.post(idp.idp.endpoints.token, data={**exchange, "code_verifier": flow["code_verifier"]})
    assert right.status_code == 400
    assert right.json()["error"] == "invalid_grant"


def test_authorization_code_single_use(idp: DevIdpServer, service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow(REDIRECT_URI)
    auth_response = redirect_params(sign_in_on_login_page(browser, flow["auth_uri"], "ana.paa@mp.exemplo.br"))
    service.complete_auth_code_flow(flow, auth_response)

    replay = browser.post(
        idp.idp.endpoints.token,
        data={
            "grant_type": "authorization_code",
            "client_id": idp.client_id,
            "code": auth_response["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": flow["code_verifier"],
        },
    )

    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"


def test_expired_authorization_code(strict_idp: DevIdpServer, tmp_path: Path) -> None:
    with SignInService(config_for(strict_idp), tmp_path / "msal-cache.bin") as service:
        flow = service.initiate_auth_code_flow(REDIRECT_URI)
        with httpx.Client(verify=_context(strict_idp)) as client:
            auth_response = redirect_params(sign_in_on_login_page(client, flow["auth_uri"], "ana.paa@mp.exemplo.br"))

        with pytest.raises(SignInError) as raised:
            service.complete_auth_code_flow(flow, auth_response)

    assert "expirou" in raised.value.message_pt


def test_response_with_other_state_rejected(service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow(REDIRECT_URI)
    auth_response = redirect_params(sign_in_on_login_page(browser, flow["auth_uri"], "ana.paa@mp.exemplo.br"))

    with pytest.raises(SignInError) as raised:
        service.complete_auth_code_flow(flow, {**auth_response, "state": "forjado"})

    assert "não pertence a este pedido" in raised.value.message_pt


def test_unregistered_redirect_uri_not_redirected(service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow("https://atacante.exemplo/callback")

    response = browser.get(flow["auth_uri"])

    assert response.status_code == 400
    assert "location" not in response.headers
    assert "redirect_uri" in response.text


def test_loopback_redirect_uri_any_port(service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow("http://localhost:49999/")

    assert browser.get(flow["auth_uri"]).status_code == 200


def test_authorize_without_pkce_redirects_error(idp: DevIdpServer, browser: httpx.Client) -> None:
    params = {
        "client_id": idp.client_id,
        "response_type": "code",
        "redirect_uri": REDIRECT_URI,
        "scope": "openid api://planmp/Planejamento.ReadWrite",
        "state": "estado-1",
    }

    response = browser.get(idp.idp.endpoints.authorization, params=params)

    error = redirect_params(response)
    assert error["error"] == "invalid_request"
    assert error["state"] == "estado-1"
    plain = browser.get(idp.idp.endpoints.authorization, params={**params, "code_challenge": "abc", "code_challenge_method": "plain"})
    assert redirect_params(plain)["error"] == "invalid_request"


def _context(server: DevIdpServer) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.tls.ca_file))
