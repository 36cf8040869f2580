"""Browserless sign-in for the demo, against the development identity provider.

Runs MSAL's real device code flow and plays the browser's part: it posts the
user code and the credentials to the provider's verification page over HTTPS,
then lets MSAL poll the token endpoint as it always does.
"""

from __future__ import annotations

import html
import logging
import re
import ssl

import httpx

from planmp_desktop.auth.session import SignInError, SignInService, TokenResult

logger = logging.getLogger(__name__)

# The development provider's pages put their error message in the element with id "erro".
_PAGE_ERROR = re.compile(r'id="erro"[^>]*>(.*?)</p>', re.DOTALL)


def demo_sign_in(service: SignInService, username: str, password: str = "demo") -> TokenResult:
    """Sign ``username`` in through the device code flow without a browser.

    Works only with a provider whose verification page takes the form fields
    user_code, username, password and action, which is the development provider.
    """
    flow = service.initiate_device_flow()
    verify: ssl.SSLContext | bool = True
    if service.config.ca_file is not None:
        verify = ssl.create_default_context(cafile=str(service.config.ca_file))

    form = {"user_code": flow["user_code"], "username": username, "password": password, "action": "approve"}
    try:
        with httpx.Client(verify=verify, timeout=30.0) as browser:
            page = browser.post(flow["verification_uri"], data=form)
    except httpx.HTTPError as error:
        logger.warning("Verification page unreachable: %s: %s", type(error).__name__, error)
        raise SignInError(
            "Não foi possível entrar: a página de verificação do servidor de identidade não respondeu. "
            "Confira a conexão e tente de novo."
        ) from error

    if page.status_code != 200:
        found = _PAGE_ERROR.search(page.text)
        reason = html.unescape(found.group(1)).strip() if found else f"a página de verificação respondeu HTTP {page.status_code}."
        logger.info("Demo sign-in rejected by the verification page: HTTP %d", page.status_code)
        raise SignInError(f"Não foi possível entrar: {reason}")

    # The code is approved, so MSAL's first poll returns the tokens.
    return service.complete_device_flow(flow)
