"""Unit grants managed by an Administrador: each one widens a user's scope to a unit's subtree.

Every grant and revocation writes its change_log entry (unit_grant rows go
to every user, like the other reference data) and an audit event. The
grantee's next pull carries the new scope; their client then backfills or
purges the unit's rows.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select

from planmp_desktop.contract.codec import row_to_wire
from planmp_desktop.contract.schema import ENTITIES
from planmp_server.actors import Actor
from planmp_server.changes import fetch_row, record_change, write_audit_event
from planmp_server.db import ENTITY_TABLES, write_transaction

log = logging.getLogger(__name__)

UNIT_GRANT = ENTITIES["unit_grant"]


class GrantError(Exception):
    """A grant request names a missing user, unit or grant; ``message`` is pt-BR."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def add_grant(
    engine: Engine,
    actor: Actor,
    user_id: uuid.UUID,
    unit_id: uuid.UUID,
    reason: str | None,
    valid_until: dt.date | None,
) -> dict[str, Any]:
    """Insert a grant of ``unit_id`` to ``user_id`` and return its wire form; raises GrantError."""
    row = {"id": uuid.uuid4(), "user_id": user_id, "unit_id": unit_id, "reason": reason, "valid_until": valid_until}
    with write_transaction(engine) as connection:
        if fetch_row(connection, "user", user_id) is None:
            raise GrantError(f"Usuário {user_id} não encontrado: ele precisa entrar no PlanMP uma vez antes da concessão.")
        if fetch_row(connection, "unit", unit_id) is None:
            raise GrantError(f"Unidade {unit_id} não encontrada: confira o identificador da unidade.")

        connection.execute(insert(ENTITY_TABLES["unit_grant"]).values(**row))
        record_change(connection, "unit_grant", row["id"], None)
        wire = row_to_wire(UNIT_GRANT, row)
        _audit(connection, actor, row, "grant", {name: [None, value] for name, value in wire.items() if value is not None})

    log.info("User %s granted unit %s to user %s (grant %s)", actor.user_id, unit_id, user_id, row["id"])
    return wire


def remove_grant(engine: Engine, actor: Actor, grant_id: uuid.UUID) -> None:
    """Delete a grant; raises GrantError when it does not exist."""
    table = ENTITY_TABLES["unit_grant"]
    with write_transaction(engine) as connection:
        row = fetch_row(connection, "unit_grant", grant_id)
        if row is None:
            raise GrantError(f"Concessão {grant_id} não encontrada: atualize a lista de concessões.")

        connection.execute(delete(table).where(table.c.id == grant_id))
        record_change(connection, "unit_grant", grant_id, None, deleted=True)
        wire = row_to_wire(UNIT_GRANT, row)
        _audit(connection, actor, row, "revoke", {name: [value, None] for name, value in wire.items() if value is not None})

    log.info("User %s revoked grant %s (unit %s of user %s)", actor.user_id, grant_id, row["unit_id"], row["user_id"])


def list_unit_codes(engine: Engine, unit_ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Return the code of each of ``unit_ids`` that exists."""
    table = ENTITY_TABLES["unit"]
    with engine.connect() as connection:
        found = connection.execute(select(table.c.id, table.c.code).where(table.c.id.in_(unit_ids))).all()
    return {unit_id: code for unit_id, code in found}


def _audit(connection: Connection, actor: Actor, row: dict[str, Any], action: str, changes: dict[str, list[Any]]) -> None:
    write_audit_event(
        connection,
        actor_user_id=actor.user_id,
        actor_name=actor.name,
        actor_unit_id=actor.home_unit_id,
        entity=UNIT_GRANT,
        row=row,
        action=action,
        changes=changes,
        comment=row.get("reason"),
        mutation_id=None,
        device_id=None,
    )
