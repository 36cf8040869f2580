"""The local store: edits with their outbox entries, pulled pages and push outcomes."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from planmp_desktop.contract.messages import Change, MutationResult, PullResponse
from planmp_desktop.store.local import CellEdit, LocalStore

PLAN_ID = uuid.UUID("00000000-0000-4000-8000-000000000001")
UNIT_ID = uuid.UUID("00000000-0000-4000-8000-000000000002")


def _server_item(row_id: uuid.UUID, **values: object) -> dict[str, object]:
    wire: dict[str, object] = {
        "plan_id": str(PLAN_ID),
        "kind": "iniciativa",
        "code": "2026.PJ.0001",
        "title": "Realizar mutirão de audiências",
        "unit_id": str(UNIT_ID),
        "planned_total": "100.00",
        "progress": "10",
        "approval_state": "rascunho",
    }
    wire.update(values)
    return wire


def _page(changes: list[Change], cursor: int) -> PullResponse:
    return PullResponse(generation_id="g1", changes=changes, cursor=cursor, has_more=False)


@pytest.fixture
def store(tmp_path: Path) -> LocalStore:
    opened = LocalStore(tmp_path / "local.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def row_id(store: LocalStore) -> uuid.UUID:
    row_id = uuid.uuid4()
    store.apply_pull_page(_page([Change(seq=1, entity="plan_item", row_id=row_id, values=_server_item(row_id))], 1))
    return row_id


def _database_file_state(path: Path, key: str) -> str | None:
    """Read a sync_state value from the database file alone, ignoring the write-ahead log."""
    connection = sqlite3.connect(f"file:{path}?immutable=1", uri=True)
    try:
        row = connection.execute("SELECT value FROM sync_state WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # the schema itself is still only in the log
        return None
    finally:
        connection.close()
    return None if row is None else row[0]


def test_commit_is_checkpointed_off_the_store_connection(store: LocalStore) -> None:
    assert store.connection.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    with store.transaction():
        store.set_state("probe", "gravado")

    deadline = time.monotonic() + 10
    while _database_file_state(store.path, "probe") is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _database_file_state(store.path, "probe") == "gravado"


def test_close_ends_the_checkpoint_thread(tmp_path: Path) -> None:
    path = tmp_path / "closing.sqlite3"
    opened = LocalStore(path)
    with opened.transaction():
        opened.set_state("probe", "gravado")
    opened.close()

    assert not [thread for thread in threading.enumerate() if thread.name == f"checkpoint {path.name}"]


COUNT_ITEMS = "SELECT count(*) FROM plan_item"


def test_read_ahead_returns_rows_once(store: LocalStore, row_id: uuid.UUID) -> None:
    store.read_ahead([(COUNT_ITEMS, [])])

    assert store.take_read_ahead(COUNT_ITEMS, []) == [(1,)]
    assert store.take_read_ahead(COUNT_ITEMS, []) is None


def test_read_ahead_of_other_query_is_missed(store: LocalStore, row_id: uuid.UUID) -> None:
    store.read_ahead([(COUNT_ITEMS, [])])

    assert store.take_read_ahead(COUNT_ITEMS + " WHERE id = ?", [str(row_id)]) is None


def test_read_ahead_dropped_after_own_write(store: LocalStore, row_id: uuid.UUID) -> None:
    store.read_ahead([(COUNT_ITEMS, [])])
    store.connection.execute("DELETE FROM plan_item")

    assert store.take_read_ahead(COUNT_ITEMS, []) is None


def test_read_ahead_dropped_after_other_write(store: LocalStore, row_id: uuid.UUID) -> None:
    store.read_ahead([(COUNT_ITEMS, [])])
    other = LocalStore(store.path)
    try:
        other.connection.execute("DELETE FROM plan_item")
    finally:
        other.close()

    assert store.take_read_ahead(COUNT_ITEMS, []) is None


def test_failed_read_ahead_is_missed(store: LocalStore) -> None:
    store.read_ahead([("SELECT count(*) FROM missing_table", [])])

    assert store.take_read_ahead("SELECT count(*) FROM missing_table", []) is None


def test_pulled_row_is_not_pending(store: LocalStore, row_id: uuid.UUID) -> None:
    row = store.fetch_row("plan_item", row_id)
    assert row is not None
    assert row["planned_total"] == Decimal("100.00")
    assert store.status().pending == 0
    assert store.status().cursor == 1


def test_edit_writes_row_and_outbox_entry(store: LocalStore, row_id: uuid.UUID) -> None:
    store.write_edits([CellEdit("plan_item", row_id, "planned_total", Decimal("68.68"))])

    assert store.fetch_row("plan_item", row_id)["planned_total"] == Decimal("68.68")
    mutations = store.pending_mutations(10)
    assert len(mutations) == 1
    assert mutations[0].base == {"planned_total": "100.00"}
    assert mutations[0].values == {"planned_total": "68.68"}
    assert store.pending_fields("plan_item") == {(str(row_id), "planned_total")}


def test_edits_of_one_row_make_one_entry(store: LocalStore, row_id: uuid.UUID) -> None:
    store.write_edits(
        [
            CellEdit("plan_item", row_id, "progress", Decimal("62.5")),
            CellEdit("plan_item", row_id, "notes", "Revisado"),
        ]
    )
    mutations = store.pending_mutations(10)
    assert len(mutations) == 1
    assert mutations[0].values == {"progress": "62.5", "notes": "Revisado"}


def test_unchanged_value_writes_nothing(store: LocalStore, row_id: uuid.UUID) -> None:
    assert store.write_edits([CellEdit("plan_item", row_id, "planned_total", Decimal("100"))]) == []
    assert store.status().pending == 0


def test_failed_edit_leaves_no_outbox_entry(store: LocalStore, row_id: uuid.UUID) -> None:
    with pytest.raises(KeyError):
        store.write_edits(
            [
                CellEdit("plan_item", row_id, "notes", "primeira"),
                CellEdit("plan_item", uuid.uuid4(), "notes", "linha inexistente"),
            ]
        )
    assert store.status().pending == 0
    assert store.fetch_row("plan_item", row_id)["notes"] is None


def test_pending_edit_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "local.sqlite3"
    first = LocalStore(path)
    row_id = uuid.uuid4()
    first.apply_pull_page(_page([Change(seq=1, entity="plan_item", row_id=row_id, values=_server_item(row_id))], 1))
    first.write_edits([CellEdit("plan_item", row_id, "notes", "editado offline")])
    first.close()

    reopened = LocalStore(path)
    assert reopened.fetch_row("plan_item", row_id)["notes"] == "editado offline"
    assert reopened.status().pending == 1
    reopened.close()


def test_pull_keeps_pending_field_and_takes_others(store: LocalStore, row_id: uuid.UUID) -> None:
    store.write_edits([CellEdit("plan_item", row_id, "planned_total", Decimal("90.00"))])
    server_row = _server_item(row_id, planned_total="120.00", title="Título mudado no servidor")
    store.apply_pull_page(_page([Change(seq=2, entity="plan_item", row_id=row_id, values=server_row)], 2))

    row = store.fetch_row("plan_item", row_id)
    assert row["planned_total"] == Decimal("90.00")
    assert row["title"] == "Título mudado no servidor"


def test_applied_result_clears_pending(store: LocalStore, row_id: uuid.UUID) -> None:
    [mutation_id] = store.write_edits([CellEdit("plan_item", row_id, "notes", "ok")])
    store.apply_push_results([MutationResult(mutation_id=mutation_id, outcome="applied")])
    assert store.status().pending == 0
    assert store.pending_fields("plan_item") == set()


def test_conflict_result_keeps_all_three_values(store: LocalStore, row_id: uuid.UUID) -> None:
    [mutation_id] = store.write_edits([CellEdit("plan_item", row_id, "planned_total", Decimal("90"))])
    store.apply_push_results(
        [
            MutationResult(
                mutation_id=mutation_id,
                outcome="conflict",
                conflict_fields=["planned_total"],
                server_values={"planned_total": "120.00"},
            )
        ]
    )
    [conflict] = store.open_conflicts()
    assert (conflict["base"], conflict["local"], conflict["server"]) == ('"100.00"', '"90.00"', '"120.00"')
    assert store.status().conflicts == 1
    assert store.status().pending == 0
    assert store.fetch_row("plan_item", row_id)["planned_total"] == Decimal("90")


def test_conflict_on_unsent_field_keeps_local_value(store: LocalStore, row_id: uuid.UUID) -> None:
    # The server names a field the edit did not send when the merge would break a rule over it.
    [mutation_id] = store.write_edits([CellEdit("plan_item", row_id, "status", "concluido")])
    store.apply_push_results(
        [
            MutationResult(
                mutation_id=mutation_id,
                outcome="conflict",
                conflict_fields=["progress", "status"],
                server_values={"progress": "50", "status": "em_andamento"},
            )
        ]
    )
    conflicts = {conflict["field"]: conflict for conflict in store.open_conflicts()}
    assert (conflicts["progress"]["base"], conflicts["progress"]["local"]) == ('"10"', '"10"')

    store.resolve_conflict(conflicts["progress"]["id"], "mine")
    assert store.fetch_row("plan_item", row_id)["progress"] == Decimal("10")


def test_rejected_result_is_listed_with_reason(store: LocalStore, row_id: uuid.UUID) -> None:
    [mutation_id] = store.write_edits([CellEdit("plan_item", row_id, "natureza_despesa", "3.3.9.39")])
    store.apply_push_results(
        [MutationResult(mutation_id=mutation_id, outcome="rejected", reason="Natureza de despesa inválida")]
    )
    [rejection] = store.open_rejections()
    assert rejection["reason"] == "Natureza de despesa inválida"
    assert store.status().rejected == 1


def test_pulled_tombstone_deletes_row(store: LocalStore, row_id: uuid.UUID) -> None:
    store.apply_pull_page(_page([Change(seq=3, entity="plan_item", row_id=row_id, deleted=True)], 3))
    assert store.fetch_row("plan_item", row_id) is None


@pytest.mark.parametrize("amount", ["68.68", "0.01", "99999999999.99", "-1234.56"])
def test_money_round_trips_exactly(store: LocalStore, amount: str) -> None:
    row_id = uuid.uuid4()
    store.apply_pull_page(
        _page([Change(seq=1, entity="plan_item", row_id=row_id, values=_server_item(row_id, planned_total=amount))], 1)
    )
    assert store.fetch_row("plan_item", row_id)["planned_total"] == Decimal(amount)
    [mutation_id] = store.write_edits([CellEdit("plan_item", row_id, "notes", "x")])
    assert store.pending_mutations(1)[0].base == {"notes": None}


def test_reset_replica_keeps_pending_rows(store: LocalStore, row_id: uuid.UUID) -> None:
    other = uuid.uuid4()
    store.apply_pull_page(_page([Change(seq=2, entity="plan_item", row_id=other, values=_server_item(other))], 2))
    store.write_edits([CellEdit("plan_item", row_id, "notes", "pendente")])

    store.reset_replica()

    assert store.fetch_row("plan_item", row_id) is not None
    assert store.fetch_row("plan_item", other) is None
    assert store.status().cursor == 0
    assert store.status().pending == 1


def test_store_from_newer_app_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "local.sqlite3"
    LocalStore(path).close()
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(RuntimeError, match="newer"):
        LocalStore(path)


def test_dismissed_rejection_restores_server_value(store: LocalStore, row_id: uuid.UUID) -> None:
    [mutation_id] = store.write_edits([CellEdit("plan_item", row_id, "weight", Decimal("1000"))])
    store.apply_push_results([MutationResult(mutation_id=mutation_id, outcome="rejected", reason="Peso fora do intervalo")])
    assert store.fetch_row("plan_item", row_id)["weight"] == Decimal("1000")

    store.dismiss_rejection(mutation_id)

    assert store.fetch_row("plan_item", row_id)["weight"] is None
    assert store.pending_fields("plan_item") == set()
    assert store.open_rejections() == []


def test_dismissed_rejected_insert_removes_local_row(store: LocalStore) -> None:
    [mutation_id] = store.insert_rows(
        "plan_item",
        [{"plan_id": PLAN_ID, "kind": "iniciativa", "code": "X", "title": "Fora do escopo", "unit_id": UNIT_ID}],
    )
    [row] = store.fetch_rows("plan_item", "code = 'X'")
    store.apply_push_results([MutationResult(mutation_id=mutation_id, outcome="rejected", reason="Fora do escopo")])

    store.dismiss_rejection(mutation_id)

    assert store.fetch_row("plan_item", row["id"]) is None
