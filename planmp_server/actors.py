"""The caller of a request: their user record (provisioned from the token), profile and unit scope."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from dataclasses import dataclass

from sqlalchemy import Engine, insert, or_, select, update

from planmp_desktop.domain.codes import Profile
from planmp_desktop.domain.units import UnitTree
from planmp_server.changes import record_change
from planmp_server.db import ENTITY_TABLES, write_transaction
from planmp_server.security import Principal

log = logging.getLogger(__name__)

USER = ENTITY_TABLES["user"]
UNIT = ENTITY_TABLES["unit"]
UNIT_GRANT = ENTITY_TABLES["unit_grant"]


class InactiveUserError(Exception):
    """The user record exists but an administrator deactivated it."""


@dataclass(frozen=True)
class Actor:
    """A signed-in user with the units they may see (``scope`` None: every unit)."""

    user_id: uuid.UUID
    username: str
    name: str
    profile: Profile
    home_unit_id: uuid.UUID | None
    scope: frozenset[uuid.UUID] | None

    def in_scope(self, unit_id: uuid.UUID | None) -> bool:
        return self.scope is None or (unit_id is not None and unit_id in self.scope)


def load_actor(engine: Engine, principal: Principal) -> Actor:
    """Return the caller's Actor, creating or refreshing their user record from the token.

    The token is authoritative for username, name and profile (app roles in
    Entra ID); home unit and grants come from PlanMP's own tables.
    Raises InactiveUserError for a deactivated user.
    """
    with engine.connect() as connection:
        user = connection.execute(select(USER).where(USER.c.id == principal.oid)).mappings().first()
    if user is None or (user["username"], user["name"], user["profile"]) != (
        principal.username,
        principal.name,
        principal.profile.value,
    ):
        user = _provision(engine, principal)
    if user["active"] is False:
        raise InactiveUserError(principal.username)

    today = dt.date.today()
    with engine.connect() as connection:
        granted = connection.execute(
            select(UNIT_GRANT.c.unit_id).where(
                UNIT_GRANT.c.user_id == principal.oid,
                or_(UNIT_GRANT.c.valid_until.is_(None), UNIT_GRANT.c.valid_until >= today),
            )
        ).scalars().all()
        tree = UnitTree(connection.execute(select(UNIT.c.id, UNIT.c.parent_id)).all())

    scope = tree.scope_units(principal.profile.value, user["home_unit_id"], granted)
    return Actor(
        user_id=principal.oid,
        username=principal.username,
        name=principal.name,
        profile=principal.profile,
        home_unit_id=user["home_unit_id"],
        scope=frozenset(scope) if scope is not None else None,
    )


def _provision(engine: Engine, principal: Principal) -> dict[str, object]:
    values = {"username": principal.username, "name": principal.name, "profile": principal.profile.value}
    with write_transaction(engine) as connection:
        existing = connection.execute(select(USER).where(USER.c.id == principal.oid)).mappings().first()
        if existing is None:
            connection.execute(insert(USER).values(id=principal.oid, active=True, home_unit_id=None, **values))
            log.info("Provisioned user %s (%s) with profile %s", principal.oid, principal.username, principal.profile)
        else:
            connection.execute(update(USER).where(USER.c.id == principal.oid).values(**values))
            log.info("Updated user %s from its token: profile %s", principal.oid, principal.profile)
        record_change(connection, "user", principal.oid, None)
        return dict(connection.execute(select(USER).where(USER.c.id == principal.oid)).mappings().one())
