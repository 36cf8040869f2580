"""FastAPI application of the reference central API (contract version 1).

No "from __future__ import annotations" here: FastAPI must resolve the
route-local Annotated dependency types at definition time.
"""


import datetime as dt
import logging
import uuid
from typing import Annotated, Any

import orjson
from fastapi import Depends, FastAPI, Query, Request
from pydantic import BaseModel
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine, or_, select, text
from starlette.exceptions import HTTPException as StarletteHTTPException

from planmp_desktop.contract import API_PREFIX, CONTRACT_VERSION
from planmp_desktop.contract.messages import AuditPage, AuthInfo, ErrorBody, Me, PushRequest, PushResponse, ServerInfo
from planmp_desktop.domain.codes import GLOBAL_SCOPE_PROFILES, Profile
from planmp_server.actors import Actor, InactiveUserError, load_actor
from planmp_server.changes import stored_row_to_wire
from planmp_server.config import ServerSettings
from planmp_server.db import ENTITY_TABLES, make_engine, server_meta
from planmp_server.grants import GrantError, add_grant, list_unit_codes, remove_grant
from planmp_server.merge_log import read_merge_log
from planmp_server.migrate import upgrade_database
from planmp_server.pull_ahead import PullAhead
from planmp_server.security import AuthError, TokenValidator
from planmp_server.sync_pull import OutOfScopeError, backfill_rows, pull_changes
from planmp_server.sync_push import push_mutations

log = logging.getLogger(__name__)

AUDIT = ENTITY_TABLES["audit_event"]
MERGE_LOG_PROFILES = frozenset({Profile.AUDITOR, Profile.ADMINISTRADOR})


class GrantRequest(BaseModel):
    """Body of ``POST /v1/admin/grants``: give ``user_id`` the subtree of ``unit_id``."""

    user_id: uuid.UUID
    unit_id: uuid.UUID
    reason: str | None = None
    valid_until: dt.date | None = None


class ApiError(Exception):
    """An error sent as ErrorBody with a stable code and a pt-BR message."""

    def __init__(self, status: int, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details


class OrjsonResponse(Response):
    """JSON response encoded with orjson, about twice as fast as json on pull pages."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def create_app(settings: ServerSettings, validator: TokenValidator | None = None) -> FastAPI:
    """Build the application: upgrade the database, then wire the routes to it."""
    url = settings.effective_database_url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_database(url)
    engine = make_engine(url)
    if validator is None:
        validator = TokenValidator(
            settings.issuer, settings.audience, settings.effective_jwks_url, verify=settings.ca_file or True
        )

    app = FastAPI(title="PlanMP API", version=str(CONTRACT_VERSION))
    app.state.engine = engine
    pull_ahead = PullAhead(engine) if settings.pull_ahead else None
    app.state.settings = settings
    _add_error_handlers(app)

    def current_actor(request: Request) -> Actor:
        header = request.headers.get("authorization", "")
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ApiError(401, "token_missing", "Envie o token de acesso no cabeçalho Authorization (Bearer).")
        principal = validator.validate(token.strip())
        try:
            return load_actor(engine, principal)
        except InactiveUserError as exc:
            raise ApiError(403, "user_inactive", f"O usuário {exc} está desativado no PlanMP: procure um administrador.") from exc

    CurrentActor = Annotated[Actor, Depends(current_actor)]

    @app.get(f"{API_PREFIX}/health")
    def health() -> dict[str, str]:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok"}

    @app.get(f"{API_PREFIX}/info", response_model=ServerInfo)
    def info() -> ServerInfo:
        return ServerInfo(
            api_version=CONTRACT_VERSION,
            min_client_version=settings.min_client_version,
            generation_id=_generation_id(engine),
            server_time=dt.datetime.now(dt.timezone.utc),
            auth=AuthInfo(authority=settings.authority, client_id=settings.client_id, scopes=settings.scopes),
        )

    @app.get(f"{API_PREFIX}/me", response_model=Me)
    def me(actor: CurrentActor) -> Me:
        return Me(
            user_id=actor.user_id,
            username=actor.username,
            name=actor.name,
            profile=actor.profile.value,
            home_unit_id=actor.home_unit_id,
            scope_unit_ids=sorted(actor.scope, key=str) if actor.scope is not None else None,
        )

    @app.post(f"{API_PREFIX}/sync/push", response_model=PushResponse)
    def push(body: PushRequest, actor: CurrentActor) -> PushResponse:
        if body.client_version < settings.min_client_version:
            raise ApiError(
                426,
                "client_too_old",
                f"Versão {body.client_version} do PlanMP não é mais aceita: atualize para a versão "
                f"{settings.min_client_version} ou mais nova.",
            )
        if len(body.mutations) > settings.push_max_mutations:
            raise ApiError(
                413,
                "batch_too_large",
                f"Lote com {len(body.mutations)} alterações excede o máximo de {settings.push_max_mutations}: "
                "envie lotes menores.",
            )
        return push_mutations(engine, actor, body)

    @app.get(f"{API_PREFIX}/sync/pull")
    def pull(
        actor: CurrentActor,
        cursor: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> OrjsonResponse:
        page_size = min(limit or settings.pull_limit_default, settings.pull_limit_max)
        if pull_ahead is not None:
            return Response(pull_ahead.page(actor, cursor, page_size).body, media_type="application/json")
        return OrjsonResponse(pull_changes(engine, actor, cursor, page_size))

    @app.get(f"{API_PREFIX}/sync/backfill")
    def backfill(
        actor: CurrentActor,
        units: Annotated[str, Query(min_length=1)],
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int | None, Query(ge=1)] = None,
    ) -> OrjsonResponse:
        unit_ids = _parse_unit_ids(units)
        page_size = min(limit or settings.pull_limit_default, settings.pull_limit_max)
        try:
            return OrjsonResponse(backfill_rows(engine, actor, unit_ids, after, page_size))
        except OutOfScopeError as exc:
            codes = list_unit_codes(engine, exc.unit_ids)
            names = ", ".join(codes.get(unit_id, str(unit_id)) for unit_id in exc.unit_ids)
            raise ApiError(
                403,
                "unit_out_of_scope",
                f"Unidade(s) {names} fora das suas unidades: peça acesso a um administrador ou sincronize de novo.",
            ) from exc

    @app.get(f"{API_PREFIX}/merge-log")
    def merge_log(
        actor: CurrentActor,
        row_id: uuid.UUID | None = None,
        limit: Annotated[int, Query(ge=1)] = 500,
    ) -> OrjsonResponse:
        if actor.profile not in MERGE_LOG_PROFILES:
            raise ApiError(
                403,
                "forbidden",
                "O registro de combinações só pode ser consultado pelos perfis Auditor e Administrador.",
            )
        entries = read_merge_log(engine, row_id, min(limit, settings.audit_limit_max))
        return OrjsonResponse({"entries": entries})

    @app.post(f"{API_PREFIX}/admin/grants", status_code=201)
    def create_grant(body: GrantRequest, actor: CurrentActor) -> OrjsonResponse:
        _require_administrador(actor)
        try:
            grant = add_grant(engine, actor, body.user_id, body.unit_id, body.reason, body.valid_until)
        except GrantError as exc:
            raise ApiError(404, "not_found", exc.message) from exc
        return OrjsonResponse(grant, status_code=201)

    @app.delete(f"{API_PREFIX}/admin/grants/{{grant_id}}", status_code=204)
    def delete_grant(grant_id: uuid.UUID, actor: CurrentActor) -> Response:
        _require_administrador(actor)
        try:
            remove_grant(engine, actor, grant_id)
        except GrantError as exc:
            raise ApiError(404, "not_found", exc.message) from exc
        return Response(status_code=204)

    @app.get(f"{API_PREFIX}/audit", response_model=AuditPage)
    def audit(
        actor: CurrentActor,
        user_id: uuid.UUID | None = None,
        unit_id: uuid.UUID | None = None,
        row_id: uuid.UUID | None = None,
        since: dt.datetime | None = None,
        until: dt.datetime | None = None,
        limit: Annotated[int, Query(ge=1)] = 500,
    ) -> OrjsonResponse:
        query = select(AUDIT)
        if actor.profile not in GLOBAL_SCOPE_PROFILES:
            scope = actor.scope or frozenset()
            query = query.where(or_(AUDIT.c.unit_id.in_(scope), AUDIT.c.user_id == actor.user_id))
        if user_id is not None:
            query = query.where(AUDIT.c.user_id == user_id)
        if unit_id is not None:
            query = query.where(AUDIT.c.unit_id == unit_id)
        if row_id is not None:
            query = query.where(AUDIT.c.row_id == row_id)
        if since is not None:
            query = query.where(AUDIT.c.at >= _utc(since))
        if until is not None:
            query = query.where(AUDIT.c.at < _utc(until))
        query = query.order_by(AUDIT.c.at.desc(), AUDIT.c.id).limit(min(limit, settings.audit_limit_max))
        with engine.connect() as connection:
            events = [stored_row_to_wire("audit_event", row) for row in connection.execute(query).mappings()]
        return OrjsonResponse({"events": events})

    return app


def _parse_unit_ids(units: str) -> list[uuid.UUID]:
    """Return the UUIDs of a comma-separated ``units`` parameter; raises ApiError (422) for a bad one."""
    unit_ids = []
    for part in units.split(","):
        text_id = part.strip()
        if not text_id:
            continue
        try:
            unit_ids.append(uuid.UUID(text_id))
        except ValueError:
            raise ApiError(
                422,
                "invalid_request",
                f"Unidade '{text_id}' inválida no parâmetro units: envie identificadores UUID separados por vírgula.",
            ) from None
    if not unit_ids:
        raise ApiError(422, "invalid_request", "Parâmetro units vazio: informe ao menos uma unidade.")
    return unit_ids


def _require_administrador(actor: Actor) -> None:
    if actor.profile != Profile.ADMINISTRADOR:
        raise ApiError(403, "forbidden", "Só o perfil Administrador concede ou revoga unidades.")


def _generation_id(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(select(server_meta.c.generation_id)).scalar_one())


def _utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def _error(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JSONResponse:
    body = ErrorBody(code=code, message=message, details=details)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body.model_dump(mode="json"), status_code=status, headers=headers)


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def on_api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message, exc.details)

    @app.exception_handler(AuthError)
    async def on_auth_error(_request: Request, exc: AuthError) -> JSONResponse:
        return _error(exc.status, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def on_invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(part) for part in error['loc'])}: {error['msg']}" for error in exc.errors()]
        return _error(
            422,
            "invalid_request",
            "Requisição inválida: atualize o PlanMP ou confira os parâmetros.",
            {"errors": problems[:20]},
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return _error(404, "not_found", "Endereço não encontrado na API do PlanMP: confira a URL do servidor.")
        if exc.status_code == 405:
            return _error(405, "method_not_allowed", "Método não aceito neste endereço da API do PlanMP.")
        return _error(exc.status_code, "http_error", f"Erro HTTP {exc.status_code} na API do PlanMP.")

    @app.exception_handler(Exception)
    async def on_unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("Unexpected server error: %s", exc)
        return _error(500, "server_error", "Erro interno do servidor do PlanMP: tente de novo mais tarde.")
