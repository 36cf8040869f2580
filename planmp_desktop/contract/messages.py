"""Request and response bodies of the REST sync API (contract version 1)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field

Operation = Literal["insert", "update", "delete", "command"]
Outcome = Literal["applied", "merged", "duplicate", "conflict", "rejected"]
Profile = Literal["Usuario", "PAA", "Planejamento", "Administrador", "Auditor"]

PROFILE_LABELS: dict[str, str] = {
    "Usuario": "Usuário",
    "PAA": "PAA",
    "Planejamento": "Planejamento",
    "Administrador": "Administrador",
    "Auditor": "Auditor",
}


class Mutation(BaseModel):
    """One outbox entry as sent to the server.

    ``base`` contains the value of every changed field as the client last saw it
    on the server, and ``values`` the new ones, both in wire form. A command
    (``op == "command"``) names it in ``command`` and carries its comment.
    """

    mutation_id: uuid.UUID
    entity: str
    row_id: uuid.UUID
    op: Operation
    base: dict[str, Any] = Field(default_factory=dict)
    values: dict[str, Any] = Field(default_factory=dict)
    command: str | None = None
    comment: str | None = None
    created_at: dt.datetime


class PushRequest(BaseModel):
    client_version: int
    device_id: str
    mutations: list[Mutation]


class MutationResult(BaseModel):
    """The server's outcome for one mutation.

    ``reason`` is a pt-BR message for the user when the mutation was rejected
    or conflicts. ``server_values`` carries the server's current values of
    the conflicting fields, or of the whole row after an applied command.
    """

    mutation_id: uuid.UUID
    outcome: Outcome
    reason: str | None = None
    conflict_fields: list[str] = Field(default_factory=list)
    server_values: dict[str, Any] | None = None


class PushResponse(BaseModel):
    results: list[MutationResult]


class Change(BaseModel):
    """One row as it is now on the server, or its tombstone when ``deleted``."""

    seq: int
    entity: str
    row_id: uuid.UUID
    deleted: bool = False
    values: dict[str, Any] | None = None


class Scope(BaseModel):
    """The units whose rows a user receives: every unit, or the listed ones (subtrees expanded)."""

    all_units: bool
    unit_ids: list[uuid.UUID] = Field(default_factory=list)


class PullResponse(BaseModel):
    """A page of changes after ``cursor``.

    ``scope`` is the user's scope now. A client that kept another scope
    backfills the added units (``GET /v1/sync/backfill``) and purges the
    removed ones, keeping their pending edits in quarantine.
    """

    generation_id: str
    changes: list[Change]
    cursor: int
    has_more: bool
    scope: Scope | None = None


class BackfillResponse(BaseModel):
    """Current rows of newly granted units, in pages ordered by change number.

    ``after`` is the change number to pass for the next page.
    """

    changes: list[Change]
    after: int
    has_more: bool


class AuthInfo(BaseModel):
    authority: str
    client_id: str
    scopes: list[str]


class ServerInfo(BaseModel):
    api_version: int
    min_client_version: int
    generation_id: str
    server_time: dt.datetime
    auth: AuthInfo


class Me(BaseModel):
    """The signed-in user as the server records them."""

    user_id: uuid.UUID
    username: str
    name: str
    profile: Profile
    home_unit_id: uuid.UUID | None
    scope_unit_ids: list[uuid.UUID] | None = None  # None: every unit


class ErrorBody(BaseModel):
    """Body of every 4xx/5xx response: a stable code and a pt-BR message."""

    code: str
    message: str
    details: dict[str, Any] | None = None


class AuditQuery(BaseModel):
    user_id: uuid.UUID | None = None
    unit_id: uuid.UUID | None = None
    row_id: uuid.UUID | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    limit: int = 500


class AuditPage(BaseModel):
    events: list[dict[str, Any]]
