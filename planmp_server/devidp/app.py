"""HTTP routes of the development identity provider, laid out like Azure AD's v2.0 endpoints.

Every route sits under ``/{tenant}``; MSAL's ``oidc_authority`` is
``{issuer_base}/{tenant}/v2.0``, which is also the tokens' ``iss``. The app can
be served alone or mounted under a prefix (``/idp``) of another app, as long as
``issuer_base`` includes that prefix.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from planmp_server.devidp import pages
from planmp_server.devidp.provider import (
    DEFAULT_REDIRECT_URIS,
    DEVICE_CODE_GRANT,
    OIDC_SCOPES,
    RESPONSE_MODES,
    AuthorizationResponse,
    DevIdentityProvider,
    Lifetimes,
    OAuthError,
)
from planmp_server.devidp.tokens import DEV_API_SCOPE, DEV_CLIENT_ID, TokenIssuer
from planmp_server.devidp.users import DevUser

logger = logging.getLogger(__name__)

# Token and page responses carry codes or tokens, which no cache may keep (RFC 6749 section 5.1).
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
PAGE_HEADERS = {**NO_STORE, "X-Frame-Options": "DENY"}


def create_idp_app(
    issuer_base: str,
    issuer: TokenIssuer,
    users: Sequence[DevUser],
    client_id: str = DEV_CLIENT_ID,
    *,
    redirect_uris: Sequence[str] = DEFAULT_REDIRECT_URIS,
    lifetimes: Lifetimes | None = None,
) -> FastAPI:
    """Build the provider's ASGI app; ``app.state.idp`` is its DevIdentityProvider (users, grants).

    ``issuer_base`` is the URL the app is reached at, prefix included, e.g.
    ``https://127.0.0.1:8443/idp``; ``issuer.issuer`` must be ``issuer_url(issuer_base, tenant)``.
    """
    idp = DevIdentityProvider(issuer_base, issuer, users, client_id, redirect_uris, lifetimes)
    app = FastAPI(title="PlanMP development identity provider", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.idp = idp

    @app.exception_handler(OAuthError)
    async def oauth_error(request: Request, error: OAuthError) -> Response:
        if error.error not in ("authorization_pending", "expired_token"):
            logger.info("OAuth error %s on %s", error.error, request.url.path)
        return JSONResponse(error.body(), status_code=error.status_code, headers=NO_STORE)

    @app.get("/{tenant}/v2.0/.well-known/openid-configuration")
    def discovery(tenant: str) -> JSONResponse:
        _check_tenant(idp, tenant)
        return JSONResponse(_discovery_document(idp))

    @app.get("/{tenant}/discovery/v2.0/keys")
    def jwks(tenant: str) -> JSONResponse:
        _check_tenant(idp, tenant)
        return JSONResponse(idp.issuer.jwks())

    @app.get("/{tenant}/oauth2/v2.0/authorize")
    def authorize(tenant: str, request: Request) -> Response:
        _check_tenant(idp, tenant)
        params = dict(request.query_params)
        redirect_uri = params.get("redirect_uri", "")
        try:
            idp.check_client(params.get("client_id", ""), redirect_uri)
        except OAuthError as error:
            # An unverified redirect URI must not receive the error (RFC 6749 section 4.1.2.1).
            return _html(pages.message_page("Pedido de entrada inválido", error.description, error=True), 400)

        try:
            if params.get("prompt") == "none":
                raise OAuthError("login_required", "O provedor de desenvolvimento não mantém sessão: entre de novo.")
            request_id = idp.start_authorization(params)
        except OAuthError as error:
            return _authorization_response(idp.error_response(redirect_uri, params, error))

        page = pages.login_page(idp.endpoints.authorization, request_id, idp.users.values(), params.get("login_hint"))
        return _html(page)

    @app.post("/{tenant}/oauth2/v2.0/authorize")
    async def sign_in(tenant: str, request: Request) -> Response:
        _check_tenant(idp, tenant)
        form = await _form(request)
        request_id = form.get("request_id", "")
        pending = idp.pending_authorization(request_id)
        if pending is None:
            message = "O pedido de entrada expirou ou já foi usado: volte ao aplicativo e tente de novo."
            return _html(pages.message_page("Pedido de entrada expirado", message, error=True), 400)

        username = form.get("username", "")
        user = idp.authenticate(username, form.get("password", ""))
        if user is None:
            logger.info("Sign-in rejected: wrong username or password")
            error = f"Usuário {username!r} desconhecido ou senha incorreta: confira e tente de novo."
            page = pages.login_page(idp.endpoints.authorization, request_id, idp.users.values(), username, error)
            return _html(page, 401)
        return _authorization_response(idp.approve_authorization(request_id, user))

    @app.post("/{tenant}/oauth2/v2.0/token")
    async def token(tenant: str, request: Request) -> JSONResponse:
        _check_tenant(idp, tenant)
        form = await _form(request)
        idp.check_client(form.get("client_id", ""))
        grant_type = form.get("grant_type", "")
        if grant_type == "authorization_code":
            body = idp.redeem_code(form)
        elif grant_type == "refresh_token":
            body = idp.redeem_refresh_token(form)
        elif grant_type == DEVICE_CODE_GRANT:
            body = idp.poll_device(form)
        else:
            raise OAuthError("unsupported_grant_type", f"grant_type {grant_type!r} não é aceito por este provedor.")
        return JSONResponse(body, headers=NO_STORE)

    @app.post("/{tenant}/oauth2/v2.0/devicecode")
    async def device_code(tenant: str, request: Request) -> JSONResponse:
        _check_tenant(idp, tenant)
        return JSONResponse(idp.start_device_flow(await _form(request)), headers=NO_STORE)

    @app.get("/{tenant}/oauth2/v2.0/deviceauth")
    def device_verification(tenant: str, user_code: str = "") -> HTMLResponse:
        _check_tenant(idp, tenant)
        return _html(pages.device_page(idp.endpoints.device_verification, idp.users.values(), user_code))

    @app.post("/{tenant}/oauth2/v2.0/deviceauth")
    async def device_decision(tenant: str, request: Request) -> HTMLResponse:
        _check_tenant(idp, tenant)
        form = await _form(request)
        return _decide_device(idp, form)

    return app


def _authorization_response(response: AuthorizationResponse) -> Response:
    if response.response_mode == "form_post":
        return _html(pages.form_post_page(response.redirect_uri, response.params))
    return RedirectResponse(response.url(), status_code=302, headers=NO_STORE)


def _decide_device(idp: DevIdentityProvider, form: dict[str, str]) -> HTMLResponse:
    """Approve or deny a device code from the verification page's form."""
    user_code = form.get("user_code", "")
    username = form.get("username", "")
    action_url = idp.endpoints.device_verification
    users = idp.users.values()
    if idp.device_request(user_code) is None:
        error = f"Código {user_code!r} inválido ou expirado: confira o código mostrado no PlanMP Desktop."
        return _html(pages.device_page(action_url, users, user_code, username, error), 400)

    if form.get("action") == "deny":
        idp.decide_device(user_code, None)
        return _html(pages.message_page("Entrada recusada", "O PlanMP Desktop não recebeu acesso. Feche esta janela."))

    user = idp.authenticate(username, form.get("password", ""))
    if user is None:
        logger.info("Device sign-in rejected: wrong username or password")
        error = f"Usuário {username!r} desconhecido ou senha incorreta: confira e tente de novo."
        return _html(pages.device_page(action_url, users, user_code, username, error), 401)

    try:
        idp.decide_device(user_code, user)
    except OAuthError as error:
        return _html(pages.device_page(action_url, users, user_code, username, error.description), 400)
    message = f"Você entrou como {user.name} ({user.username}). Volte ao PlanMP Desktop; esta janela pode ser fechada."
    return _html(pages.message_page("Pronto", message))


def _discovery_document(idp: DevIdentityProvider) -> dict[str, Any]:
    endpoints = idp.endpoints
    return {
        "issuer": endpoints.issuer,
        "authorization_endpoint": endpoints.authorization,
        "token_endpoint": endpoints.token,
        "device_authorization_endpoint": endpoints.device_authorization,
        "jwks_uri": endpoints.jwks,
        "response_types_supported": ["code"],
        "response_modes_supported": list(RESPONSE_MODES),
        "grant_types_supported": ["authorization_code", "refresh_token", DEVICE_CODE_GRANT],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["none"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": sorted(OIDC_SCOPES) + [DEV_API_SCOPE],
        "claims_supported": ["iss", "aud", "sub", "oid", "tid", "preferred_username", "name", "roles", "nonce"],
        "tenant_id": idp.tenant_id,
    }


def _check_tenant(idp: DevIdentityProvider, tenant: str) -> None:
    if tenant != idp.tenant_id:
        raise OAuthError("invalid_tenant", f"Tenant {tenant!r} não encontrado: use {idp.tenant_id}.", status_code=404)


async def _form(request: Request) -> dict[str, str]:
    """Return the url-encoded form fields, keeping the first value of a repeated field."""
    form = await request.form()
    fields: dict[str, str] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            fields.setdefault(key, value)
    return fields


def _html(page: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(page, status_code=status_code, headers=PAGE_HEADERS)
