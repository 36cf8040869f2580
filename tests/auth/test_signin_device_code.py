"""Device code sign-in through MSAL, and the provider's device code states."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from signin_helpers import config_for

from planmp_desktop.auth.demo import demo_sign_in
from planmp_desktop.auth.session import SessionState, SignInError, SignInService
from planmp_server.devidp.run import DevIdpServer
from planmp_server.devidp.tokens import DEV_API_SCOPE

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


def test_demo_sign_in_returns_token(service: SignInService) -> None:
    token = demo_sign_in(service, "ana.paa@mp.exemplo.br")

    assert token.account_username == "ana.paa@mp.exemplo.br"
    assert token.name == "Ana Souza"
    assert token.oid == "0b3c1a52-1d7e-4c43-9a3e-5f0a9d2b7c11"
    assert token.roles == ["PAA"]
    assert token.access_token.count(".") == 2
    assert "access_token" not in repr(token)
    accounts = service.accounts()
    assert [account["username"] for account in accounts] == ["ana.paa@mp.exemplo.br"]


def test_demo_sign_in_with_own_password(service: SignInService) -> None:
    token = demo_sign_in(service, "carla.admin@mp.exemplo.br", "outra-senha")

    assert token.roles == ["Administrador", "Auditor"]


def test_demo_sign_in_wrong_password(service: SignInService) -> None:
    with pytest.raises(SignInError) as raised:
        demo_sign_in(service, "ana.paa@mp.exemplo.br", "errada")

    assert raised.value.message_pt.startswith("Não foi possível entrar: ")
    assert "senha incorreta" in raised.value.message_pt
    assert service.sign_in_silently().state is SessionState.SIGN_IN_REQUIRED


def test_new_sign_in_replaces_previous_account(service: SignInService) -> None:
    demo_sign_in(service, "ana.paa@mp.exemplo.br")
    demo_sign_in(service, "bruno.plan@mp.exemplo.br")

    assert [account["username"] for account in service.accounts()] == ["bruno.plan@mp.exemplo.br"]
    token = service.acquire_token_silent()
    assert token is not None
    assert token.account_username == "bruno.plan@mp.exemplo.br"


def test_device_flow_denied_in_browser(service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_device_flow()
    assert flow["user_code"] in flow["message"]
    denied = browser.post(flow["verification_uri"], data={"user_code": flow["user_code"], "action": "deny"})
    assert denied.status_code == 200

    with pytest.raises(SignInError) as raised:
        service.complete_device_flow(flow)

    assert raised.value.message_pt == "Não foi possível entrar: a entrada foi recusada no navegador."


def test_device_poll_pending_until_approved(idp: DevIdpServer, browser: httpx.Client) -> None:
    endpoints = idp.idp.endpoints
    flow = browser.post(
        endpoints.device_authorization, data={"client_id": idp.client_id, "scope": f"openid {DEV_API_SCOPE}"}
    ).json()
    poll = {"grant_type": DEVICE_GRANT, "client_id": idp.client_id, "device_code": flow["device_code"]}

    pending = browser.post(endpoints.token, data=poll)
    assert pending.status_code == 400
    assert pending.json()["error"] == "authorization_pending"

    wrong_user_code = browser.post(
        flow["verification_uri"],
        data={"user_code": "BBBB-BBBB", "username": "ana.paa@mp.exemplo.br", "password": "demo", "action": "approve"},
    )
    assert wrong_user_code.status_code == 400
    assert browser.post(endpoints.token, data=poll).json()["error"] == "authorization_pending"

    # The page accepts the code in lower case and without the hyphen.
    typed_code = flow["user_code"].replace("-", "").lower()
    approved = browser.post(
        flow["verification_uri"],
        data={"user_code": typed_code, "username": "ana.paa@mp.exemplo.br", "password": "demo", "action": "approve"},
    )
    assert approved.status_code == 200
    assert "Ana Souza" in approved.text

    granted = browser.post(endpoints.token, data=poll)
    assert granted.status_code == 200
    assert "access_token" in granted.json()
    reused = browser.post(endpoints.token, data=poll)
    assert reused.json()["error"] == "invalid_grant"


def test_device_code_expired(strict_idp: DevIdpServer, tmp_path: Path) -> None:
    with SignInService(config_for(strict_idp), tmp_path / "msal-cache.bin") as service:
        flow = service.initiate_device_flow()

        with pytest.raises(SignInError) as raised:
            service.complete_device_flow(flow)

    assert "o código expirou" in raised.value.message_pt


def test_verification_page_lists_users(idp: DevIdpServer, browser: httpx.Client) -> None:
    page = browser.get(idp.idp.endpoints.device_verification, params={"user_code": "ABCD-EFGH"})

    assert page.status_code == 200
    assert 'lang="pt-BR"' in page.text
    assert 'value="ABCD-EFGH"' in page.text
    assert "bruno.plan@mp.exemplo.br" in page.text
    assert "PAA (gestor do plano da unidade)" in page.text
    assert "outra-senha" not in page.text
