"""The REST transport: the sync contract over HTTPS with httpx.

Each request is retried with exponential backoff and jitter on transient
failures (tenacity), bounded by an overall deadline (the watchdog), and
counted by a circuit breaker shared by every transport to the same server
(pybreaker), so repeated syncs stop hammering a failing server.
"""

from __future__ import annotations

import logging
import ssl
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from typing import Any

import httpx
import orjson
import pybreaker
from tenacity import (
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from planmp_desktop.contract import API_PREFIX
from planmp_desktop.contract.messages import (
    BackfillResponse,
    Me,
    PullResponse,
    PushRequest,
    PushResponse,
    ServerInfo,
    parse_backfill_response,
    parse_pull_response,
    parse_push_response,
)
from planmp_desktop.domain.i18n import _
from planmp_desktop.sync.errors import FailureKind, SyncError

log = logging.getLogger(__name__)

TokenProvider = Callable[[], str | None]

RETRY_ATTEMPTS = 4
TRANSIENT_STATUS = frozenset({502, 503, 504})
# The watchdog: a response still arriving after this many seconds is cut and
# retried, so a server or proxy trickling bytes cannot hold a sync forever.
# httpx's read timeout alone restarts with every byte received.
REQUEST_DEADLINE_S = 120.0
# Requests in a row that fail (after retries) before the breaker opens, and
# seconds it stays open before one trial request.
BREAKER_FAIL_MAX = 5
BREAKER_RESET_S = 60.0

_breakers: dict[str, pybreaker.CircuitBreaker] = {}
_breakers_lock = threading.Lock()
# The kind of the latest failure each breaker counted, named when it is open.
_last_failure_kinds: dict[str, FailureKind] = {}


def breaker_for(base_url: str) -> pybreaker.CircuitBreaker:
    """Return the circuit breaker of the server at ``base_url``, shared by all its transports."""
    with _breakers_lock:
        breaker = _breakers.get(base_url)
        if breaker is None:
            breaker = pybreaker.CircuitBreaker(
                fail_max=BREAKER_FAIL_MAX,
                reset_timeout=BREAKER_RESET_S,
                throw_new_error_on_trip=False,
                name=base_url,
            )
            _breakers[base_url] = breaker
        return breaker


class _ServerFailure(Exception):
    """A 5xx response that retries did not cure; the breaker counts it."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


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
        *,
        deadline_s: float = REQUEST_DEADLINE_S,
        breaker: pybreaker.CircuitBreaker | None = None,
        transport: httpx.BaseTransport | None = None,
        forget_token: Callable[[], None] | None = None,
        retry_multiplier_s: float = 0.5,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token_provider = token_provider
        # Drops a token the caller cached, so the retry after a 401 requests a new one.
        self._forget_token = forget_token
        self.deadline_s = deadline_s
        self.breaker = breaker if breaker is not None else breaker_for(self.base_url)
        # Waits of about 0.5, 1 and 2 s (each plus up to 1 s of jitter) between the 4 attempts.
        self._retrying = Retrying(
            retry=retry_if_exception(_is_transient),
            stop=stop_after_attempt(RETRY_ATTEMPTS),
            wait=wait_exponential_jitter(multiplier=retry_multiplier_s, max=8.0, jitter=min(1.0, 2 * retry_multiplier_s)),
            reraise=True,
        )
        self._client = httpx.Client(
            base_url=self.base_url + API_PREFIX,
            verify=verify,
            timeout=httpx.Timeout(timeout_s, connect=5.0),
            headers={"Accept": "application/json"},
            transport=transport,
        )

    def close(self) -> None:
        self._client.close()

    def info(self) -> ServerInfo:
        return ServerInfo.model_validate(self._request("GET", "/info", authenticated=False))

    def me(self) -> Me:
        return Me.model_validate(self._request("GET", "/me"))

    def push(self, request: PushRequest) -> PushResponse:
        body = request.model_dump(mode="json")
        return parse_push_response(self._request("POST", "/sync/push", json_body=body))

    def pull(self, cursor: int, limit: int) -> PullResponse:
        data = self._request("GET", "/sync/pull", params={"cursor": cursor, "limit": limit})
        return parse_pull_response(data)

    def backfill(self, units: Sequence[uuid.UUID], after: int, limit: int) -> BackfillResponse:
        """Fetch a page of the current rows of newly granted ``units`` after change number ``after``."""
        params = {"units": ",".join(str(unit) for unit in units), "after": after, "limit": limit}
        return parse_backfill_response(self._request("GET", "/sync/backfill", params=params))

    def check_token(self) -> None:
        """Raise SIGN_IN_NEEDED now when no access token can be had (expired and not refreshable)."""
        self._bearer_headers()

    def audit(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        data = self._request("GET", "/audit", params={k: v for k, v in params.items() if v is not None})
        return list(data.get("events", []))

    def _send(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
        return self._retrying(self._send_once, method, path, headers, **kwargs)

    def _send_once(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
        try:
            response = self._send_within_deadline(method, path, headers, **kwargs)
        except (
            httpx.ConnectError,
            httpx.ConnectTimeout,
            httpx.ReadTimeout,
            httpx.WriteTimeout,
            httpx.PoolTimeout,
            httpx.ReadError,
            httpx.WriteError,
            httpx.RemoteProtocolError,
        ) as exc:
            log.info("%s %s failed (%s); retrying", method, path, type(exc).__name__)
            raise _TransientError(exc) from exc
        if response.status_code in TRANSIENT_STATUS:
            log.info("%s %s returned HTTP %d; retrying", method, path, response.status_code)
            raise _TransientError(httpx.HTTPStatusError("transient", request=response.request, response=response))
        return response

    def _send_within_deadline(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
        """Send one request and read its body, raising ReadTimeout once ``deadline_s`` has passed."""
        deadline = time.monotonic() + self.deadline_s
        request = self._client.build_request(method, path, headers=headers, **kwargs)
        response = self._client.send(request, stream=True)
        try:
            chunks = []
            for chunk in response.iter_raw():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx.ReadTimeout(
                        f"response not complete after the {self.deadline_s:.0f} s deadline", request=request
                    )
        finally:
            response.close()
        return httpx.Response(
            response.status_code, headers=response.headers, content=b"".join(chunks), request=request
        )

    def _send_checked(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
        """Send through the retries; a 5xx left after them raises _ServerFailure for the breaker."""
        try:
            response = self._send(method, path, headers, **kwargs)
        except _TransientError as exc:
            is_status = isinstance(exc.original, httpx.HTTPStatusError)
            _last_failure_kinds[self._breaker_key] = FailureKind.SERVER_ERROR if is_status else FailureKind.OFFLINE
            raise
        if response.status_code >= 500:
            _last_failure_kinds[self._breaker_key] = FailureKind.SERVER_ERROR
            raise _ServerFailure(response)
        return response

    @property
    def _breaker_key(self) -> str:
        return self.breaker.name or self.base_url

    def _bearer_headers(self) -> dict[str, str]:
        token = self._token_provider()
        if not token:
            raise SyncError(
                FailureKind.SIGN_IN_NEEDED,
                "Entre novamente para sincronizar: sua sessão expirou ou não foi iniciada.",
            )
        return {"Authorization": f"Bearer {token}"}

    def _request(
        self,
        method: str,
        path: str,
        *,
        authenticated: bool = True,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> Any:
        # The token provider is asked before every request, so a token that
        # expires during a long sync is refreshed for the next page.
        headers: dict[str, str] = self._bearer_headers() if authenticated else {}
        content = None
        if json_body is not None:
            content = orjson.dumps(json_body)
            headers["Content-Type"] = "application/json"
        response = self._guarded_send(method, path, headers, params=params, content=content)
        if response.status_code == 401 and authenticated:
            # The token may have expired between the provider's check and the server's.
            log.info("%s %s returned HTTP 401; retrying once with a fresh token", method, path)
            if self._forget_token is not None:
                self._forget_token()
            headers.update(self._bearer_headers())
            response = self._guarded_send(method, path, headers, params=params, content=content)
        return self._decode(response)

    def _guarded_send(self, method: str, path: str, headers: dict[str, str], **kwargs: Any) -> httpx.Response:
        try:
            return self.breaker.call(self._send_checked, method, path, headers, **kwargs)
        except pybreaker.CircuitBreakerError as exc:
            log.info("%s %s not sent: the circuit breaker of %s is open", method, path, self.base_url)
            kind = _last_failure_kinds.get(self._breaker_key, FailureKind.OFFLINE)
            if kind is FailureKind.OFFLINE:
                message = _(
                    "Sem conexão com o servidor {url} nas últimas tentativas. Você pode continuar "
                    "trabalhando; a sincronização será tentada de novo em instantes."
                ).format(url=self.base_url)
            else:
                message = _(
                    "O servidor falhou várias vezes seguidas; a sincronização será tentada de novo em "
                    "instantes. Suas alterações continuam guardadas neste computador."
                )
            raise SyncError(kind, message, detail=str(exc)) from exc
        except _ServerFailure as exc:
            return exc.response
        except _TransientError as exc:
            original = exc.original
            if isinstance(original, httpx.HTTPStatusError):
                raise SyncError(
                    FailureKind.SERVER_ERROR,
                    _(
                        "O servidor está indisponível (HTTP {status}). Suas alterações continuam guardadas "
                        "neste computador; a sincronização será tentada de novo."
                    ).format(status=original.response.status_code),
                ) from exc
            raise SyncError(
                FailureKind.OFFLINE,
                _(
                    "Sem conexão com o servidor {url}. Você pode continuar trabalhando; "
                    "as alterações serão enviadas quando a conexão voltar."
                ).format(url=self.base_url),
                detail=str(original),
            ) from exc

    def _decode(self, response: httpx.Response) -> Any:
        if response.status_code < 400:
            return orjson.loads(response.content)
        message = _server_message(response)
        status = response.status_code
        if status == 401:
            raise SyncError(FailureKind.SIGN_IN_NEEDED, "Entre novamente para sincronizar: " + message, status=status)
        if status == 426:
            raise SyncError(FailureKind.INCOMPATIBLE, message, status=status)
        if status in (400, 403, 409, 413, 422):
            raise SyncError(FailureKind.BATCH_REJECTED, message, status=status)
        raise SyncError(
            FailureKind.SERVER_ERROR,
            f"Erro no servidor (HTTP {status}): {message}",
            status=status,
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
