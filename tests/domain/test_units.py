"""Unit tree queries and user scope."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from planmp_desktop.domain.codes import Profile
from planmp_desktop.domain.units import UnitTree, unit_in_scope

# PGJ
# ├── SUBJUR (subprocuradoria)
# │   ├── CAO-CRIM
# │   └── PJ-VITORIA (promotoria)
# │       └── PJ-VITORIA-1 (a promotoria's sub-unit)
# └── PJ-SERRA (promotoria)
PGJ, SUBJUR, CAO_CRIM, PJ_VITORIA, PJ_VITORIA_1, PJ_SERRA = (uuid4() for _ in range(6))
EDGES: list[tuple[UUID, UUID | None]] = [
    (PGJ, None),
    (SUBJUR, PGJ),
    (CAO_CRIM, SUBJUR),
    (PJ_VITORIA, SUBJUR),
    (PJ_VITORIA_1, PJ_VITORIA),
    (PJ_SERRA, PGJ),
]


@pytest.fixture
def tree() -> UnitTree:
    return UnitTree(EDGES)


def test_subtree(tree: UnitTree) -> None:
    assert tree.subtree(PGJ) == {PGJ, SUBJUR, CAO_CRIM, PJ_VITORIA, PJ_VITORIA_1, PJ_SERRA}
    assert tree.subtree(SUBJUR) == {SUBJUR, CAO_CRIM, PJ_VITORIA, PJ_VITORIA_1}
    assert tree.subtree(PJ_SERRA) == {PJ_SERRA}


def test_subtree_unknown_unit(tree: UnitTree) -> None:
    with pytest.raises(KeyError):
        tree.subtree(uuid4())


def test_ancestors_nearest_first(tree: UnitTree) -> None:
    assert tree.ancestors(PJ_VITORIA_1) == [PJ_VITORIA, SUBJUR, PGJ]
    assert tree.ancestors(PGJ) == []


def test_roots_and_children(tree: UnitTree) -> None:
    assert tree.roots() == [PGJ]
    assert set(tree.children(SUBJUR)) == {CAO_CRIM, PJ_VITORIA}
    assert tree.parent(PJ_SERRA) == PGJ
    assert len(tree) == 6
    assert PGJ in tree


def test_orphan_is_a_root() -> None:
    orphan, missing_parent = uuid4(), uuid4()
    tree = UnitTree([(orphan, missing_parent)])
    assert tree.roots() == [orphan]
    assert tree.ancestors(orphan) == []


def test_cycle_does_not_loop() -> None:
    a, b = uuid4(), uuid4()
    tree = UnitTree([(a, b), (b, a)])
    assert tree.subtree(a) == {a, b}
    assert tree.ancestors(a) == [b]


@pytest.mark.parametrize("profile", [Profile.PLANEJAMENTO, Profile.ADMINISTRADOR, Profile.AUDITOR, "Auditor"])
def test_scope_global_profiles(tree: UnitTree, profile: str) -> None:
    assert tree.scope_units(profile, PJ_SERRA, []) is None


def test_scope_home_unit_subtree(tree: UnitTree) -> None:
    assert tree.scope_units(Profile.USUARIO, PJ_VITORIA, []) == {PJ_VITORIA, PJ_VITORIA_1}


def test_scope_union_with_grants(tree: UnitTree) -> None:
    scope = tree.scope_units(Profile.PAA, PJ_SERRA, [CAO_CRIM, PJ_VITORIA])
    assert scope == {PJ_SERRA, CAO_CRIM, PJ_VITORIA, PJ_VITORIA_1}


def test_scope_without_home_unit(tree: UnitTree) -> None:
    assert tree.scope_units(Profile.USUARIO, None, []) == set()
    assert tree.scope_units(Profile.USUARIO, None, [PJ_SERRA]) == {PJ_SERRA}


def test_scope_unknown_grant_counts_alone(tree: UnitTree) -> None:
    unknown = uuid4()
    assert tree.scope_units(Profile.USUARIO, PJ_SERRA, [unknown]) == {PJ_SERRA, unknown}


def test_unknown_profile_is_not_global(tree: UnitTree) -> None:
    assert tree.scope_units("Visitante", PJ_SERRA, []) == {PJ_SERRA}


def test_unit_in_scope() -> None:
    assert unit_in_scope(None, PGJ)
    assert unit_in_scope({PGJ}, PGJ)
    assert not unit_in_scope({PGJ}, PJ_SERRA)
    assert not unit_in_scope({PGJ}, None)
