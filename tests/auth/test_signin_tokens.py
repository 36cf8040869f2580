"""Refresh through MSAL, refresh token rotation, and verification of the tokens the provider issues."""

from __future__ import annotations

import logging
import ssl
import time

import httpx
import jwt
import pytest
from signin_helpers import REDIRECT_URI, authorization_response, device_tokens, sign_in_on_login_page

from planmp_desktop.auth.demo import demo_sign_in
from planmp_desktop.auth.session import SessionState, SignInService
from planmp_server.devidp.run import DevIdpServer
from planmp_server.devidp.tokens import DEV_API_AUDIENCE, DEV_API_SCOPE


def verify_with_jwks(token: str, idp: DevIdpServer, audience: str) -> dict[str, object]:
    """Verify ``token`` as a resource server would: keys fetched over HTTPS from the discovery document."""
    context = ssl.create_default_context(cafile=str(idp.tls.ca_file))
    with httpx.Client(verify=context) as client:
        discovery = client.get(f"{idp.authority}/.well-known/openid-configuration").json()
        key_set = jwt.PyJWKSet.from_dict(client.get(discovery["jwks_uri"]).json())
    key = next(jwk for jwk in key_set.keys if jwk.key_id == jwt.get_unverified_header(token)["kid"])
    claims: dict[str, object] = jwt.decode(
        token,
        key.key,
        algorithms=["RS256"],
        audience=audience,
        issuer=discovery["issuer"],
        options={"require": ["exp", "iat", "iss", "aud"]},
    )
    return claims


def test_access_token_verifies_against_jwks(idp: DevIdpServer, service: SignInService) -> None:
    token = demo_sign_in(service, "carla.admin@mp.exemplo.br", "outra-senha")

    claims = verify_with_jwks(token.access_token, idp, DEV_API_AUDIENCE)

    assert claims["iss"] == idp.authority
    assert claims["aud"] == DEV_API_AUDIENCE
    assert claims["roles"] == ["Administrador", "Auditor"]
    assert claims["oid"] == "9a7f6e5d-4c3b-4a29-8187-6f5e4d3c2b33"
    assert claims["tid"] == idp.idp.tenant_id
    assert claims["preferred_username"] == "carla.admin@mp.exemplo.br"
    assert claims["scp"] == "Planejamento.ReadWrite"
    assert claims["azp"] == idp.client_id
    assert isinstance(claims["exp"], int) and claims["exp"] > time.time()
    assert token.expires_at == pytest.approx(claims["exp"], abs=120)


def test_access_token_rejected_for_other_audience(idp: DevIdpServer, service: SignInService) -> None:
    token = demo_sign_in(service, "ana.paa@mp.exemplo.br")

    with pytest.raises(jwt.InvalidAudienceError):
        verify_with_jwks(token.access_token, idp, "api://outra-api")


def test_id_token_audience_and_nonce(idp: DevIdpServer, service: SignInService, browser: httpx.Client) -> None:
    flow = service.initiate_auth_code_flow(REDIRECT_URI)
    _, auth_response = authorization_response(sign_in_on_login_page(browser, flow["auth_uri"], "ana.paa@mp.exemplo.br"))
    exchanged = browser.post(
        idp.idp.endpoints.token,
        data={
            "grant_type": "authorization_code",
            "client_id": idp.client_id,
            "code": auth_response["code"],
            "redirect_uri": REDIRECT_URI,
            "code_verifier": flow["code_verifier"],
            "client_info": "1",
        },
    ).json()

    claims = verify_with_jwks(exchanged["id_token"], idp, idp.client_id)

    sent_nonce = httpx.URL(flow["auth_uri"]).params["nonce"]
    assert claims["nonce"] == sent_nonce
    assert claims["oid"] == "0b3c1a52-1d7e-4c43-9a3e-5f0a9d2b7c11"
    assert "client_info" in exchanged


def test_force_refresh_through_msal(service: SignInService, caplog: pytest.LogCaptureFixture) -> None:
    first = demo_sign_in(service, "ana.paa@mp.exemplo.br")
    cached = service.acquire_token_silent()

    with caplog.at_level(logging.INFO, logger="planmp_server.devidp.provider"):
        refreshed = service.sign_in_silently(force_refresh=True)
        # MSAL stored the rotated refresh token, so a second refresh works too.
        refreshed_again = service.sign_in_silently(force_refresh=True)

    assert cached is not None
    assert cached.access_token == first.access_token
    assert refreshed.state is SessionState.SIGNED_IN
    assert refreshed.token is not None
    assert refreshed.token.roles == ["PAA"]
    assert refreshed_again.state is SessionState.SIGNED_IN
    rotations = [record for record in caplog.records if record.getMessage().startswith("Refresh token rotated")]
    assert len(rotations) == 2


def test_used_refresh_token_rejected(idp: DevIdpServer, browser: httpx.Client) -> None:
    tokens = device_tokens(browser, idp, "bruno.plan@mp.exemplo.br")
    refresh = {
        "grant_type": "refresh_token",
        "client_id": idp.client_id,
        "refresh_token": tokens["refresh_token"],
        "scope": f"openid offline_access {DEV_API_SCOPE}",
    }

    rotated = browser.post(idp.idp.endpoints.token, data=refresh)
    assert rotated.status_code == 200
    successor = rotated.json()["refresh_token"]
    assert successor != tokens["refresh_token"]

    reused = browser.post(idp.idp.endpoints.token, data=refresh)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"

    # Reuse revokes the whole family, so the successor stops working as well.
    revoked = browser.post(idp.idp.endpoints.token, data={**refresh, "refresh_token": successor})
    assert revoked.status_code == 400
    assert revoked.json()["error"] == "invalid_grant"


def test_unknown_refresh_token_rejected(idp: DevIdpServer, browser: httpx.Client) -> None:
    response = browser.post(
        idp.idp.endpoints.token,
        data={"grant_type": "refresh_token", "client_id": idp.client_id, "refresh_token": "inventado"},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"
    assert response.headers["cache-control"] == "no-store"


def test_refresh_cannot_widen_scopes(idp: DevIdpServer, browser: httpx.Client) -> None:
    tokens = device_tokens(browser, idp, "bruno.plan@mp.exemplo.br")

    response = browser.post(
        idp.idp.endpoints.token,
        data={
            "grant_type": "refresh_token",
            "client_id": idp.client_id,
            "refresh_token": tokens["refresh_token"],
            "scope": f"{DEV_API_SCOPE} api://planmp/Outro.Escopo",
        },
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    # A rejected request does not spend the refresh token.
    retry = browser.post(
        idp.idp.endpoints.token,
        data={"grant_type": "refresh_token", "client_id": idp.client_id, "refresh_token": tokens["refresh_token"]},
    )
    assert retry.status_code == 200


def test_token_request_from_unknown_client(idp: DevIdpServer, browser: httpx.Client) -> None:
    response = browser.post(
        idp.idp.endpoints.token,
        data={"grant_type": "refresh_token", "client_id": "outro-app", "refresh_token": "x"},
    )

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client"
