"""The REST transport: the sync contract over HTTPS with httpx."""

from __future__ import annotations

import logging
import ssl
from collections.abc import Callable
from typing import Any

import httpx
import orjson
from tenacity import (
    retry,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from planmp_desktop.contract import API_PREFIX
from planmp_desktop.contract.messages import (
    Me,
    PullResponse,
    PushRequest,
    PushResponse,
    ServerInfo,
)
from planmp_desktop.sync.errors import FailureKind, SyncError

log = logging.getLogger(__name__)

TokenProvider = Callable[[], str | None]

RETRY_ATTEMPTS = 4
TRANSIENT_STATUS = frozenset({502, 503, 504})


class _TransientError(Exception):
    def __init__(self, original: Exception) -> None:
        super().__init__(str(original))
        self.original = original


def _is_transient(exc: BaseException) -> bool:
    return isinstance(exc, _TransientError)


class RestTransport:
    """Calls the central API; maps failures to :class:`SyncError`.

    ``verify`` is a CA bundle path, an SSL context or True for the system
    trust store.
    """

    def __init__(
        self,
        base_url: str,
        token_provider: TokenProvider,
        verify: str | bool | ssl.SSLContext = True,
        timeout_s: float = 30.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token_provider = token_provider
        self._client = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            verify=verify,
            timeout=httpx.Timeout(timeout_s, connect=5.0),
            headers={"Accept": "application/json"},
        )

    def close(self) -> None:
        self._client.close()

    def info(self) -> ServerInfo:
        return ServerInfo.model_validate(self._request("GET", "/info", authenticated=False))

    def me(self) -> Me:
        return Me.model_validate(self._request("GET", "/me"))

    def push(self, request: PushRequest) -> PushResponse:
        body = request.model_dump(mode="json")
        return PushResponse.model_validate(self._request("POST", "/sync/push", json_body=body))

    def pull(self, cursor: int, limit: int) -> PullResponse:
        data = self._request("GET", "/sync/pull", params={"cursor": cursor, "limit": limit})
        return PullResponse.model_validate(data)

    def audit(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        data = self._request("GET", "/audit", params={k: v for k, v in params.items() if v is not None})
        return list(data.get("events", []))

    @retry(
        retry=retry_if_exception(_is_transient),
        stop=stop_after_attempt(RETRY_ATTEMPTS),
        wait=wait_exponential_jitter(multiplier=0.5, max=8.0),
        reraise=True,
    )
    def _send(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
        try:
            response = self._client.request(method, path, headers=headers, **kwargs)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.ReadTimeout, httpx.RemoteProtocolError) as exc:
            log.info("%s %s failed (%s); retrying", method, path, type(exc).__name__)
            raise _TransientError(exc) from exc
        if response.status_code in TRANSIENT_STATUS:
            log.info("%s %s returned HTTP %d; retrying", method, path, response.status_code)
            raise _TransientError(httpx.HTTPStatusError("transient", request=response.request, response=response))
        return response

    def _request(
        self,
        method: str,
        path: str,
        *,
        authenticated: bool = True,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> Any:
        headers: dict[str, str] = {}
        if authenticated:
            token = self._token_provider()
            if not token:
                raise SyncError(
                    FailureKind.SIGN_IN_NEEDED,
                    "Entre novamente para sincronizar: sua sessão expirou ou não foi iniciada.",
                )
            headers["Authorization"] = f"Bearer {token}"
        content = None
        if json_body is not None:
            content = orjson.dumps(json_body)
            headers["Content-Type"] = "application/json"
        try:
            response = self._send(method, path, headers, params=params, content=content)
        except _TransientError as exc:
            original = exc.original
            if isinstance(original, httpx.HTTPStatusError):
                raise SyncError(
                    FailureKind.SERVER_ERROR,
                    f"O servidor está indisponível (HTTP {original.response.status_code}). "
                    "Suas alterações continuam guardadas neste computador; a sincronização "
                    "será tentada de novo.",
                ) from exc
            raise SyncError(
                FailureKind.OFFLINE,
                f"Sem conexão com o servidor {self.base_url}. Você pode continuar trabalhando; "
                "as alterações serão enviadas quando a conexão voltar.",
                detail=str(original),
            ) from exc
        return self._decode(response)

    def _decode(self, response: httpx.Response) -> Any:
        if response.status_code < 400:
            return orjson.loads(response.content)
        message = _server_message(response)
        if response.status_code == 401:
            raise SyncError(FailureKind.SIGN_IN_NEEDED, "Entre novamente para sincronizar: " + message)
        if response.status_code == 426:
            raise SyncError(FailureKind.INCOMPATIBLE, message)
        if response.status_code in (400, 403, 409, 422):
            raise SyncError(FailureKind.BATCH_REJECTED, message)
        raise SyncError(
            FailureKind.SERVER_ERROR,
            f"Erro no servidor (HTTP {response.status_code}): {message}",
        )


def _server_message(response: httpx.Response) -> str:
    try:
        body = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return response.text[:200] or f"HTTP {response.status_code}"
    if isinstance(body, dict):
        if isinstance(body.get("message"), str):
            return body["message"]
        detail = body.get("detail")
        if isinstance(detail, dict) and isinstance(detail.get("message"), str):
            return detail["message"]
        if isinstance(detail, str):
            return detail
    return f"HTTP {response.status_code}"
