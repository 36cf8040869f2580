"""The signed-in user's unit scope, read from the local store's unit tree and grants."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Protocol

from planmp_desktop.domain.units import UnitTree
from planmp_desktop.store.local import LocalStore


class CurrentUserLike(Protocol):
    """The fields of the signed-in user that decide their scope."""

    oid: uuid.UUID
    profile: str
    home_unit_id: uuid.UUID | None


def load_scope(store: LocalStore, user: CurrentUserLike) -> set[uuid.UUID] | None:
    """Return the units ``user`` may work on, or None for every unit.

    Grants whose ``valid_until`` lies in the past no longer count.
    """
    connection = store.connection
    tree = UnitTree(
        (uuid.UUID(unit_id), uuid.UUID(parent_id) if parent_id else None)
        for unit_id, parent_id in connection.execute("SELECT id, parent_id FROM unit")
    )
    today = dt.date.today().isoformat()
    granted = [
        uuid.UUID(unit_id)
        for (unit_id,) in connection.execute(
            "SELECT unit_id FROM unit_grant WHERE user_id = ? AND (valid_until IS NULL OR valid_until >= ?)",
            (str(user.oid), today),
        )
    ]
    return tree.scope_units(user.profile, user.home_unit_id, granted)
