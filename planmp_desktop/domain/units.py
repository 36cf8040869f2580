"""The unit tree (PGJ at the root, promotorias at the leaves) and each user's scope in it."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from uuid import UUID

from planmp_desktop.domain.codes import GLOBAL_SCOPE_PROFILES

logger = logging.getLogger(__name__)


class UnitTree:
    """Parent links of the units, with subtree and ancestor queries.

    A unit whose parent is missing from the tree is treated as a root, and
    a cycle in the parent links (bad data) stops the walk instead of looping.
    """

    def __init__(self, units: Iterable[tuple[UUID, UUID | None]]) -> None:
        self._parent: dict[UUID, UUID | None] = {}
        self._children: dict[UUID, list[UUID]] = {}
        for unit_id, parent_id in units:
            self._parent[unit_id] = parent_id

        for unit_id, parent_id in self._parent.items():
            self._children.setdefault(unit_id, [])
            if parent_id is not None and parent_id in self._parent:
                self._children.setdefault(parent_id, []).append(unit_id)

    def __contains__(self, unit_id: object) -> bool:
        return unit_id in self._parent

    def __len__(self) -> int:
        return len(self._parent)

    def parent(self, unit_id: UUID) -> UUID | None:
        """Return the parent of ``unit_id``; raises KeyError for a unit not in the tree."""
        return self._parent[unit_id]

    def children(self, unit_id: UUID) -> list[UUID]:
        """Return the direct children of ``unit_id``; raises KeyError for a unit not in the tree."""
        return list(self._children[unit_id])

    def roots(self) -> list[UUID]:
        """Return the units without a parent in the tree."""
        return [unit_id for unit_id, parent_id in self._parent.items() if parent_id not in self._parent]

    def subtree(self, unit_id: UUID) -> set[UUID]:
        """Return ``unit_id`` and every unit below it; raises KeyError for a unit not in the tree."""
        if unit_id not in self._parent:
            raise KeyError(unit_id)

        found = {unit_id}
        pending = [unit_id]
        while pending:
            for child in self._children[pending.pop()]:
                if child not in found:
                    found.add(child)
                    pending.append(child)
        return found

    def ancestors(self, unit_id: UUID) -> list[UUID]:
        """Return the units above ``unit_id``, nearest first, ending at its root.

        Raises KeyError for a unit not in the tree.
        """
        result: list[UUID] = []
        seen = {unit_id}
        parent_id = self._parent[unit_id]
        while parent_id is not None and parent_id in self._parent and parent_id not in seen:
            result.append(parent_id)
            seen.add(parent_id)
            parent_id = self._parent[parent_id]
        return result

    def scope_units(
        self, profile: str, home_unit_id: UUID | None, granted_unit_ids: Iterable[UUID]
    ) -> set[UUID] | None:
        """Return the units a user may see, or None for every unit.

        Planejamento, Administrador and Auditor see every unit. The others
        see the subtrees of their home unit and granted units. A unit missing
        from the tree (a local copy that lags behind the server) still counts
        as itself, because the grant is authoritative.
        """
        if profile in GLOBAL_SCOPE_PROFILES:
            return None

        scope: set[UUID] = set()
        roots = [home_unit_id] if home_unit_id is not None else []
        roots.extend(granted_unit_ids)
        for unit_id in roots:
            if unit_id in self._parent:
                scope |= self.subtree(unit_id)
            else:
                logger.warning("scope unit %s is not in the unit tree; counting it alone", unit_id)
                scope.add(unit_id)
        return scope


def unit_in_scope(scope: set[UUID] | None, unit_id: UUID | None) -> bool:
    """Return whether ``unit_id`` lies in ``scope`` as ``UnitTree.scope_units`` returns it."""
    if scope is None:
        return True
    return unit_id is not None and unit_id in scope
