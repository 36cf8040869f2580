"""The local store's sync records: migration 2, re-baseline, scope changes, quarantine, attention, held commands."""

from __future__ import annotations

import csv
import uuid
from pathlib import Path

import pytest

from planmp_desktop.contract.messages import BackfillResponse, Change, MutationResult, PullResponse, Scope
from planmp_desktop.store.database import MIGRATIONS, connect
from planmp_desktop.store.local import MAX_PUSH_ATTEMPTS, CellEdit, LocalStore
from planmp_desktop.store.quarantine import export_quarantine

PLAN_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
UNIT_A = uuid.UUID("00000000-0000-4000-8000-00000000000a")
UNIT_B = uuid.UUID("00000000-0000-4000-8000-00000000000b")


def _item(row_id: uuid.UUID, unit_id: uuid.UUID, code: str) -> Change:
    values = {
        "id": str(row_id),
        "plan_id": str(PLAN_ID),
        "kind": "iniciativa",
        "code": code,
        "title": f"Iniciativa {code}",
        "unit_id": str(unit_id),
        "planned_total": "100.00",
        "approval_state": "rascunho",
    }
    return Change(seq=1, entity="plan_item", row_id=row_id, values=values)


def _page(changes: list[Change], cursor: int, scope: Scope | None = None, generation: str = "g1") -> PullResponse:
    return PullResponse(generation_id=generation, changes=changes, cursor=cursor, has_more=False, scope=scope)


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    opened = LocalStore(tmp_path / "local.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def rows(store: LocalStore) -> dict[str, uuid.UUID]:
    ids = {"a1": uuid.uuid4(), "a2": uuid.uuid4(), "b1": uuid.uuid4()}
    changes = [_item(ids["a1"], UNIT_A, "A.1"), _item(ids["a2"], UNIT_A, "A.2"), _item(ids["b1"], UNIT_B, "B.1")]
    store.apply_pull_page(_page(changes, 3, Scope(all_units=False, unit_ids=[UNIT_A, UNIT_B])))
    return ids


def test_migration_2_keeps_v1_outbox(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    connection = connect(path)
    connection.execute("BEGIN IMMEDIATE")
    MIGRATIONS[0](connection)
    connection.execute("PRAGMA user_version = 1")
    connection.execute(
        'INSERT INTO outbox(mutation_id, entity, row_id, op, base, "values", created_at) '
        "VALUES ('m1', 'plan_item', 'r1', 'update', '{}', '{\"notes\": \"x\"}', '2026-01-01T00:00:00+00:00')"
    )
    connection.execute("COMMIT")
    connection.close()

    store = LocalStore(path)

    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert store.status().pending == 1
    assert store.status().quarantined == 0
    store.close()


def test_reset_replica_keeps_pending_edits(store: LocalStore, rows: dict[str, uuid.UUID]) -> None:
    store.write_edits([CellEdit("plan_item", rows["a1"], "notes", "Editado offline")])

    store.reset_replica()

    assert store.fetch_row("plan_item", rows["a1"])["notes"] == "Editado offline"
    assert store.fetch_row("plan_item", rows["a2"]) is None
    assert store.status().pending == 1
    assert store.status().cursor == 0
    assert store.stored_scope() is None
    restored = [_item(rows["a1"], UNIT_A, "A.1"), _item(rows["a2"], UNIT_A, "A.2")]
    store.apply_pull_page(_page(restored, 2, generation="g2"))
    assert store.fetch_row("plan_item", rows["a1"])["notes"] == "Editado offline"
    assert store.fetch_row("plan_item", rows["a2"]) is not None


def test_revoked_unit_purged_edits_quarantined(
    store: LocalStore, rows: dict[str, uuid.UUID], tmp_path: Path
) -> None:
    store.write_edits([CellEdit("plan_item", rows["b1"], "notes", "Ajuste da unidade B")])
    store.write_edits([CellEdit("plan_item", rows["a1"], "notes", "Ajuste da unidade A")])

    store.apply_pull_page(_page([], 3, Scope(all_units=False, unit_ids=[UNIT_A])))

    assert store.fetch_row("plan_item", rows["b1"]) is None
    assert store.fetch_row("plan_item", rows["a1"]) is not None
    status = store.status()
    assert status.pending == 1
    assert status.quarantined == 1
    [entry] = store.quarantine_entries()
    assert entry["row_id"] == str(rows["b1"])
    assert entry["unit_id"] == str(UNIT_B)
    assert ("%s" % rows["b1"], "notes") not in store.pending_fields("plan_item")

    path = tmp_path / "quarentena.csv"
    assert export_quarantine(store, path) == 1
    with path.open(encoding="utf-8-sig", newline="") as exported:
        [header, line] = list(csv.reader(exported, delimiter=";"))
    assert header[0] == "tabela"
    assert "Ajuste da unidade B" in line
    assert store.status().quarantined == 0


def test_granted_unit_backfills(store: LocalStore, rows: dict[str, uuid.UUID]) -> None:
    unit_c = uuid.uuid4()
    store.apply_pull_page(_page([], 3, Scope(all_units=False, unit_ids=[UNIT_A, UNIT_B, unit_c])))
    assert store.backfill_state() == ([unit_c], 0)
    assert store.status().backfilling

    c1, c2 = uuid.uuid4(), uuid.uuid4()
    store.apply_backfill_page(BackfillResponse(changes=[_item(c1, unit_c, "C.1")], after=7, has_more=True))
    assert store.backfill_state() == ([unit_c], 7)
    store.apply_backfill_page(BackfillResponse(changes=[_item(c2, unit_c, "C.2")], after=9, has_more=False))

    assert store.backfill_state() == ([], 0)
    assert store.fetch_row("plan_item", c1) is not None
    assert store.fetch_row("plan_item", c2) is not None


def test_page_rolled_back_when_killed_before_commit(store: LocalStore, rows: dict[str, uuid.UUID]) -> None:
    new_row = uuid.uuid4()

    def fail() -> None:
        raise KeyboardInterrupt  # simulates the kill: the transaction never commits

    with pytest.raises(KeyboardInterrupt):
        store.apply_pull_page(_page([_item(new_row, UNIT_A, "A.9")], 9), before_commit=fail)

    assert store.fetch_row("plan_item", new_row) is None
    assert store.status().cursor == 3


def test_failing_mutation_moves_to_attention(store: LocalStore, rows: dict[str, uuid.UUID]) -> None:
    [poison] = store.write_edits([CellEdit("plan_item", rows["a1"], "notes", "Falha")])
    [later] = store.write_edits([CellEdit("plan_item", rows["a1"], "progress", 50)])
    [other] = store.write_edits([CellEdit("plan_item", rows["a2"], "notes", "Segue")])

    for attempt in range(1, MAX_PUSH_ATTEMPTS + 1):
        moved = store.record_push_failure([poison], "Erro no servidor (HTTP 500)")
        assert moved == ([poison] if attempt == MAX_PUSH_ATTEMPTS else [])

    assert store.status().attention == 1
    pushable = [m.mutation_id for m in store.pending_mutations(10)]
    assert pushable == [other]  # the row's later edit waits behind the failed one
    assert store.retry_attention() == 1
    assert [m.mutation_id for m in store.pending_mutations(10)] == [poison, later, other]


def test_submit_waits_for_row_edits(store: LocalStore, rows: dict[str, uuid.UUID]) -> None:
    [edit] = store.write_edits([CellEdit("plan_item", rows["a1"], "notes", "Antes do envio")])
    submit = store.enqueue_command("plan_item", rows["a1"], "submit")

    assert [m.mutation_id for m in store.pending_mutations(10)] == [edit]
    assert store.unsynced_entries("plan_item", rows["a1"]) == 2
    store.apply_push_results([MutationResult(mutation_id=edit, outcome="applied")])
    assert [m.mutation_id for m in store.pending_mutations(10)] == [submit]


def test_conflict_resolution_queues_update(store: LocalStore, rows: dict[str, uuid.UUID]) -> None:
    [edit] = store.write_edits([CellEdit("plan_item", rows["a1"], "notes", "Minha")])
    store.apply_push_results(
        [
            MutationResult(
                mutation_id=edit, outcome="conflict", conflict_fields=["notes"], server_values={"notes": "Deles"}
            )
        ]
    )
    [conflict] = store.open_conflicts()

    resolution = store.resolve_conflict(conflict["id"], "edit", "Combinada")

    assert store.open_conflicts() == []
    [mutation] = store.pending_mutations(10)
    assert mutation.mutation_id == resolution
    assert mutation.base == {"notes": "Deles"}
    assert mutation.values == {"notes": "Combinada"}
    assert store.fetch_row("plan_item", rows["a1"])["notes"] == "Combinada"
    assert store.connection.execute("SELECT COUNT(*) FROM outbox WHERE state = 'conflict'").fetchone()[0] == 0
    with pytest.raises(KeyError):
        store.resolve_conflict(conflict["id"], "mine")

