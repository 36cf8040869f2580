"""Discovery, JWKS, TLS files and tenant routing of the development provider."""

from __future__ import annotations

import ssl
from pathlib import Path

import httpx

from planmp_server.devidp.run import DevIdpServer
from planmp_server.devidp.tls import ensure_dev_tls


def test_discovery_document_matches_issuer(idp: DevIdpServer, browser: httpx.Client) -> None:
    response = browser.get(f"{idp.authority}/.well-known/openid-configuration")

    assert response.status_code == 200
    document = response.json()
    assert document["issuer"] == idp.authority
    assert idp.authority == f"{idp.base_url}/idp/{idp.idp.tenant_id}/v2.0"
    tenant_url = f"{idp.base_url}/idp/{idp.idp.tenant_id}"
    assert document["authorization_endpoint"] == f"{tenant_url}/oauth2/v2.0/authorize"
    assert document["token_endpoint"] == f"{tenant_url}/oauth2/v2.0/token"
    assert document["device_authorization_endpoint"] == f"{tenant_url}/oauth2/v2.0/devicecode"
    assert document["jwks_uri"] == f"{tenant_url}/discovery/v2.0/keys"
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]


def test_jwks_serves_signing_key(idp: DevIdpServer, browser: httpx.Client) -> None:
    document = browser.get(f"{idp.authority}/.well-known/openid-configuration").json()

    keys = browser.get(document["jwks_uri"]).json()["keys"]

    assert len(keys) == 1
    assert keys[0]["kid"] == idp.idp.issuer.key.kid
    assert keys[0]["kty"] == "RSA"
    assert keys[0]["alg"] == "RS256"
    assert "d" not in keys[0], "the JWKS must not publish the private exponent"


def test_provider_served_without_prefix(strict_idp: DevIdpServer) -> None:
    context = ssl.create_default_context(cafile=str(strict_idp.tls.ca_file))

    with httpx.Client(verify=context) as client:
        response = client.get(f"{strict_idp.base_url}/{strict_idp.idp.tenant_id}/v2.0/.well-known/openid-configuration")

    assert response.status_code == 200
    assert response.json()["issuer"] == strict_idp.authority


def test_unknown_tenant_not_found(idp: DevIdpServer, browser: httpx.Client) -> None:
    response = browser.get(f"{idp.base_url}/idp/common/v2.0/.well-known/openid-configuration")

    assert response.status_code == 404
    assert response.json()["error"] == "invalid_tenant"


def test_tls_files_reused(tmp_path: Path) -> None:
    first = ensure_dev_tls(tmp_path)
    ca_pem = first.ca_file.read_bytes()
    cert_pem = first.cert_file.read_bytes()

    second = ensure_dev_tls(tmp_path)

    assert second == first
    assert second.ca_file.read_bytes() == ca_pem
    assert second.cert_file.read_bytes() == cert_pem
    assert first.key_file.stat().st_mode & 0o077 == 0, "the server key must be readable by its owner only"


def test_tls_server_certificate_reissued_from_same_ca(tmp_path: Path) -> None:
    first = ensure_dev_tls(tmp_path)
    ca_pem = first.ca_file.read_bytes()
    first.cert_file.unlink()

    second = ensure_dev_tls(tmp_path)

    assert second.ca_file.read_bytes() == ca_pem
    context = ssl.create_default_context(cafile=str(second.ca_file))
    context.load_cert_chain(second.cert_file, second.key_file)
