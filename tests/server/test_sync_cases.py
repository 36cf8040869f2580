"""Sync contract cases on the server: merge log, retries, delete against edit, moved rows, scope and backfill."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from planmp_desktop.contract.codec import row_to_wire
from planmp_desktop.contract.messages import BackfillResponse, PullResponse
from planmp_desktop.contract.schema import ENTITIES
from planmp_server.db import ENTITY_TABLES, applied_mutation, change_log, merge_log
from planmp_server.loader import load_rows
from .conftest import Api, mutation, plan_item_row

USUARIO = ["Usuario"]
PAA = ["PAA"]
PLANEJAMENTO = ["Planejamento"]
AUDITOR = ["Auditor"]
ADMINISTRADOR = ["Administrador"]


def seed_items(api: Api, unit: str, count: int, **fields: Any) -> list[dict[str, Any]]:
    rows = [plan_item_row(api, unit, f"{unit.upper()}-{index:03d}", **fields) for index in range(count)]
    load_rows(api.engine, {"plan_item": rows})
    return rows


def merge_entries(api: Api, row_id: uuid.UUID, mutation_id: str | None = None) -> dict[str, dict[str, Any]]:
    """Return the merge log entries of a row (of one mutation when given), by field."""
    response = api.http.get("/v1/merge-log", params={"row_id": str(row_id)}, headers=api.headers("aud", AUDITOR))
    assert response.status_code == 200, response.text
    entries = response.json()["entries"]
    if mutation_id is not None:
        entries = [entry for entry in entries if entry["mutation_id"] == mutation_id]
    return {entry["field"]: entry for entry in entries}


def pull_page(api: Api, user: str, roles: list[str], cursor: int = 0) -> dict[str, Any]:
    response = api.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": 1000}, headers=api.headers(user, roles))
    assert response.status_code == 200, response.text
    return response.json()


def backfill(api: Api, user: str, roles: list[str], units: list[str], after: int = 0, limit: int = 1000) -> Any:
    params = {"units": ",".join(str(api.units[unit]) for unit in units), "after": after, "limit": limit}
    return api.http.get("/v1/sync/backfill", params=params, headers=api.headers(user, roles))


def counts(api: Api) -> tuple[int, int, int]:
    """Return the highest change number, the merge log size and the applied mutation count."""
    with api.engine.connect() as connection:
        return (
            connection.execute(select(func.max(change_log.c.seq))).scalar_one(),
            connection.execute(select(func.count()).select_from(merge_log)).scalar_one(),
            connection.execute(select(func.count()).select_from(applied_mutation)).scalar_one(),
        )


# --- per-field merge and its log ---------------------------------------------------------------


def test_conflict_logged_with_base_local_server(api: Api) -> None:
    row = seed_items(api, "a", 1, target_quantity=Decimal(100))[0]
    api.push("plan", PLANEJAMENTO, [mutation("update", row["id"], base={"target_quantity": "100"}, values={"target_quantity": "120"})])
    offline = mutation("update", row["id"], base={"target_quantity": "100"}, values={"target_quantity": "90"})
    [result] = api.push("ana", USUARIO, [offline])

    assert result["outcome"] == "conflict"
    entry = merge_entries(api, row["id"], offline["mutation_id"])["target_quantity"]
    assert (entry["base"], entry["local"], entry["server"]) == ("100", "90", "120")
    assert entry["outcome"] == "conflict"
    assert entry["rule"] == "concurrent_change"
    assert entry["user_id"] == str(api.users["ana"])
    assert entry["device_id"] == "device-ana"
    assert entry["entity"] == "plan_item"
    assert entry["at"]


def test_different_cells_both_kept_and_logged(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    first = mutation("update", row["id"], base={"notes": None}, values={"notes": "nota"})
    second = mutation("update", row["id"], base={"title": row["title"]}, values={"title": "Título da Ana"})
    assert api.push("paula", PAA, [first])[0]["outcome"] == "applied"
    assert api.push("ana", USUARIO, [second])[0]["outcome"] == "applied"

    values = api.pull_all("paula", PAA)[("plan_item", str(row["id"]))]["values"]
    assert values["notes"] == "nota"
    assert values["title"] == "Título da Ana"
    assert merge_entries(api, row["id"], first["mutation_id"])["notes"]["rule"] == "base_matches"
    assert merge_entries(api, row["id"], second["mutation_id"])["title"]["outcome"] == "applied"


def test_same_change_both_sides_no_conflict(api: Api) -> None:
    row = seed_items(api, "a", 1, target_quantity=Decimal(40))[0]
    theirs = mutation("update", row["id"], base={"target_quantity": "40"}, values={"target_quantity": "42"})
    mine = mutation("update", row["id"], base={"target_quantity": "40"}, values={"target_quantity": "42"})
    assert api.push("paula", PAA, [theirs])[0]["outcome"] == "applied"
    [result] = api.push("ana", USUARIO, [mine])

    assert result["outcome"] == "merged"
    assert result["conflict_fields"] == []
    entry = merge_entries(api, row["id"], mine["mutation_id"])["target_quantity"]
    assert entry["outcome"] == "already_equal"
    assert entry["rule"] == "same_value"
    assert api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]["values"]["target_quantity"] == "42"


def test_schedule_merge_becomes_logged_conflict(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    theirs = mutation(
        "update", row["id"], base={"month_02": "100.00", "planned_total": "1200.00"}, values={"month_02": "200.00", "planned_total": "1300.00"}
    )
    mine = mutation(
        "update", row["id"], base={"month_01": "100.00", "planned_total": "1200.00"}, values={"month_01": "200.00", "planned_total": "1300.00"}
    )
    assert api.push("paula", PAA, [theirs])[0]["outcome"] == "applied"
    [result] = api.push("ana", USUARIO, [mine])

    assert result["outcome"] == "conflict"
    assert "month_01" in result["conflict_fields"]
    entries = merge_entries(api, row["id"], mine["mutation_id"])
    assert entries["month_01"]["outcome"] == "conflict"
    assert entries["month_01"]["rule"] == "row_rule_broken_by_merge"
    assert entries["planned_total"]["outcome"] == "already_equal"
    values = api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]["values"]
    months = [Decimal(values[f"month_{month:02d}"]) for month in range(1, 13)]
    assert sum(months) == Decimal(values["planned_total"]) == Decimal("1300.00")


def test_own_status_edit_breaking_progress_rule_is_applied(api: Api) -> None:
    # Concluído needs 100 % progress: a rule over two fields, which the user fixes one cell at a time.
    row = seed_items(api, "a", 1, status="em_andamento", progress=Decimal(40))[0]
    finished = mutation("update", row["id"], base={"status": "em_andamento"}, values={"status": "concluido"})
    [result] = api.push("ana", USUARIO, [finished])

    assert result["outcome"] == "applied"
    assert api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]["values"]["status"] == "concluido"


def test_duplicate_code_rejected(api: Api) -> None:
    first, second = seed_items(api, "a", 2)
    recode = mutation("update", second["id"], base={"code": second["code"]}, values={"code": first["code"]})
    twin = plan_item_row(api, "a", first["code"])
    fresh = plan_item_row(api, "a", "A-NOVO")
    fresh_twin = plan_item_row(api, "a", "A-NOVO")
    batch = [
        recode,
        mutation("insert", twin["id"], values=row_to_wire(ENTITIES["plan_item"], twin)),
        mutation("insert", fresh["id"], values=row_to_wire(ENTITIES["plan_item"], fresh)),
        mutation("insert", fresh_twin["id"], values=row_to_wire(ENTITIES["plan_item"], fresh_twin)),
    ]
    results = api.push("paula", PAA, batch)

    assert [result["outcome"] for result in results] == ["rejected", "rejected", "applied", "rejected"]
    assert f"Código '{first['code']}' já é de outro item deste plano" in results[0]["reason"]
    assert "Código 'A-NOVO' já é de outro item deste plano" in results[3]["reason"]
    pulled = api.pull_all("paula", PAA)
    assert pulled[("plan_item", str(second["id"]))]["values"]["code"] == second["code"]


def test_code_freed_in_batch_reusable(api: Api) -> None:
    first, second = seed_items(api, "a", 2)
    batch = [
        mutation("update", first["id"], base={"code": first["code"]}, values={"code": "A-LIVRE"}),
        mutation("update", second["id"], base={"code": second["code"]}, values={"code": first["code"]}),
    ]
    assert [result["outcome"] for result in api.push("paula", PAA, batch)] == ["applied", "applied"]


def test_rejected_insert_child_waits_unrelated_apply(api: Api) -> None:
    existing = seed_items(api, "a", 1)[0]
    parent = plan_item_row(api, "a", "A-INI", kind="iniciativa", title="")  # a missing title is an error
    child = plan_item_row(api, "a", "A-INI.1", parent_id=parent["id"])
    unrelated_insert = plan_item_row(api, "a", "A-OUTRA")
    batch = [
        mutation("insert", parent["id"], values=row_to_wire(ENTITIES["plan_item"], parent)),
        mutation("insert", child["id"], values=row_to_wire(ENTITIES["plan_item"], child)),
        mutation("update", existing["id"], base={"notes": None}, values={"notes": "segue"}),
        mutation("insert", unrelated_insert["id"], values=row_to_wire(ENTITIES["plan_item"], unrelated_insert)),
    ]
    results = api.push("paula", PAA, batch)

    assert [result["outcome"] for result in results] == ["rejected", "rejected", "applied", "applied"]
    assert "A-INI" in results[1]["reason"]
    assert "rejeitada" in results[1]["reason"]
    pulled = api.pull_all("ana", USUARIO)
    assert ("plan_item", str(parent["id"])) not in pulled
    assert ("plan_item", str(child["id"])) not in pulled
    assert pulled[("plan_item", str(existing["id"]))]["values"]["notes"] == "segue"
    with api.engine.connect() as connection:
        stored = connection.execute(select(applied_mutation.c.mutation_id)).scalars().all()
    assert uuid.UUID(batch[1]["mutation_id"]) not in stored  # the waiting child can be sent again


def test_money_update_round_trips_exactly(api: Api) -> None:
    no_months = {f"month_{month:02d}": None for month in range(1, 13)}
    row = seed_items(api, "a", 1, planned_total=Decimal("68.68"), **no_months)[0]
    raise_total = mutation("update", row["id"], base={"planned_total": "68.68"}, values={"planned_total": "99999999999.99"})
    assert api.push("paula", PAA, [raise_total])[0]["outcome"] == "applied"
    stale = mutation("update", row["id"], base={"planned_total": "68.68"}, values={"planned_total": "0.01"})
    [conflict] = api.push("ana", USUARIO, [stale])

    assert conflict["server_values"] == {"planned_total": "99999999999.99"}
    entry = merge_entries(api, row["id"], stale["mutation_id"])["planned_total"]
    assert (entry["base"], entry["local"], entry["server"]) == ("68.68", "0.01", "99999999999.99")
    assert api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]["values"]["planned_total"] == "99999999999.99"
    table = ENTITY_TABLES["plan_item"]
    with api.engine.connect() as connection:
        stored = connection.execute(select(table.c.planned_total).where(table.c.id == row["id"])).scalar_one()
    assert stored == Decimal("99999999999.99")


def test_merge_log_only_for_auditor_and_admin(api: Api) -> None:
    rows = seed_items(api, "a", 2)
    for row in rows:
        api.push("paula", PAA, [mutation("update", row["id"], base={"notes": None}, values={"notes": "x"})])

    for user, roles in (("ana", USUARIO), ("paula", PAA), ("plan", PLANEJAMENTO)):
        response = api.http.get("/v1/merge-log", headers=api.headers(user, roles))
        assert response.status_code == 403, user
        assert "Auditor" in response.json()["message"]
    for user, roles in (("aud", AUDITOR), ("admin", ADMINISTRADOR)):
        response = api.http.get("/v1/merge-log", params={"limit": 1}, headers=api.headers(user, roles))
        assert response.status_code == 200, response.text
        assert len(response.json()["entries"]) == 1
    assert set(merge_entries(api, rows[0]["id"])) == {"notes"}


# --- idempotent retries -------------------------------------------------------------------------


def test_retry_after_lost_reply_then_later_edit_applies(api: Api) -> None:
    rows = seed_items(api, "a", 2)
    batch = [mutation("update", row["id"], base={"notes": None}, values={"notes": "enviada"}) for row in rows]
    first = api.push("paula", PAA, batch)  # the client never sees this reply
    before = counts(api)
    retried = api.push("paula", PAA, batch)

    assert retried == first
    assert [result["outcome"] for result in first] == ["applied", "applied"]
    assert counts(api) == before
    later = [mutation("update", row["id"], base={"notes": "enviada"}, values={"notes": "depois"}) for row in rows]
    assert [result["outcome"] for result in api.push("paula", PAA, later)] == ["applied", "applied"]
    pulled = api.pull_all("ana", USUARIO)
    assert [pulled[("plan_item", str(row["id"]))]["values"]["notes"] for row in rows] == ["depois", "depois"]


# --- delete against edit ------------------------------------------------------------------------


@pytest.mark.parametrize("first", ["edit", "delete"])
def test_delete_against_offline_edit_same_everywhere(api: Api, first: str) -> None:
    row = seed_items(api, "a", 1)[0]
    edit = mutation("update", row["id"], base={"notes": None}, values={"notes": "editada offline"})
    removal = mutation("delete", row["id"], base={"title": row["title"], "notes": None})
    if first == "edit":
        edited = api.push("ana", USUARIO, [edit])[0]
        deleted = api.push("paula", PAA, [removal])[0]
        assert edited["outcome"] == "applied"
        assert deleted["outcome"] == "conflict"  # the delete never discards an edit it did not see
        assert deleted["server_values"] == {"notes": "editada offline"}
        assert merge_entries(api, row["id"], removal["mutation_id"])["notes"]["rule"] == "concurrent_change"
    else:
        deleted = api.push("paula", PAA, [removal])[0]
        edited = api.push("ana", USUARIO, [edit])[0]
        assert deleted["outcome"] == "applied"
        assert edited["outcome"] == "rejected"
        assert "excluído no servidor" in edited["reason"]
        entry = merge_entries(api, row["id"], edit["mutation_id"])["notes"]
        assert (entry["outcome"], entry["rule"], entry["server"]) == ("rejected", "row_deleted", None)

    key = ("plan_item", str(row["id"]))
    replicas = [api.pull_all(user, roles)[key] for user, roles in (("ana", USUARIO), ("paula", PAA), ("plan", PLANEJAMENTO))]
    assert all(replica == replicas[0] for replica in replicas)
    assert replicas[0]["deleted"] is (first == "delete")


# --- rows moving between units ------------------------------------------------------------------


def test_row_moved_out_sends_tombstone(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    key = ("plan_item", str(row["id"]))
    cursor = pull_page(api, "ana", USUARIO)["cursor"]

    move = mutation("update", row["id"], base={"unit_id": str(api.units["a"])}, values={"unit_id": str(api.units["b"])})
    assert api.push("plan", PLANEJAMENTO, [move])[0]["outcome"] == "applied"
    for_ana = {(change["entity"], change["row_id"]): change for change in pull_page(api, "ana", USUARIO, cursor)["changes"]}
    assert for_ana[key]["deleted"] is True
    assert for_ana[key]["values"] is None
    assert api.pull_all("bruno", PAA)[key]["values"]["unit_id"] == str(api.units["b"])

    edit = mutation("update", row["id"], base={"notes": None}, values={"notes": "em B"})
    assert api.push("bruno", PAA, [edit])[0]["outcome"] == "applied"
    assert api.pull_all("ana", USUARIO)[key]["deleted"] is True  # still gone for a late puller of A
    assert api.pull_all("bruno", PAA)[key]["values"]["notes"] == "em B"


# --- scope changes: grants, backfill, revocation --------------------------------------------------


def test_pull_carries_current_scope(api: Api) -> None:
    for_ana = PullResponse.model_validate(pull_page(api, "ana", USUARIO))
    assert for_ana.scope is not None
    assert for_ana.scope.all_units is False
    assert for_ana.scope.unit_ids == [api.units["a"]]
    for_planning = PullResponse.model_validate(pull_page(api, "plan", PLANEJAMENTO))
    assert for_planning.scope is not None
    assert for_planning.scope.all_units is True


def test_granted_unit_backfills_then_revoked_leaves(api: Api) -> None:
    rows_b = seed_items(api, "b", 3)
    edit = mutation("update", rows_b[0]["id"], base={"notes": None}, values={"notes": "de B"})
    assert api.push("bruno", PAA, [edit])[0]["outcome"] == "applied"
    first_sync = pull_page(api, "ana", USUARIO)
    assert str(api.units["b"]) not in first_sync["scope"]["unit_ids"]
    refused = backfill(api, "ana", USUARIO, ["b"])
    assert refused.status_code == 403
    assert "PJ-B" in refused.json()["message"]

    granted = api.http.post(
        "/v1/admin/grants",
        json={"user_id": str(api.users["ana"]), "unit_id": str(api.units["b"]), "reason": "Substituição"},
        headers=api.headers("admin", ADMINISTRADOR),
    )
    assert granted.status_code == 201, granted.text
    scope = pull_page(api, "ana", USUARIO, first_sync["cursor"])["scope"]
    assert sorted(scope["unit_ids"]) == sorted([str(api.units["a"]), str(api.units["b"])])

    received: dict[tuple[str, str], dict[str, Any]] = {}
    after, pages = 0, 0
    while True:
        response = backfill(api, "ana", USUARIO, ["b"], after=after, limit=2)
        assert response.status_code == 200, response.text
        page = BackfillResponse.model_validate(response.json())
        pages += 1
        received.update({(change.entity, str(change.row_id)): change.model_dump(mode="json") for change in page.changes})
        after = page.after
        if not page.has_more:
            break
    assert pages >= 2
    items = {row_id for entity, row_id in received if entity == "plan_item"}
    assert items == {str(row["id"]) for row in rows_b}
    assert received[("plan_item", str(rows_b[0]["id"]))]["values"]["notes"] == "de B"
    events = [change for (entity, _), change in received.items() if entity == "audit_event"]
    assert [event["values"]["row_id"] for event in events] == [str(rows_b[0]["id"])]

    grant_id = granted.json()["id"]
    revoked = api.http.delete(f"/v1/admin/grants/{grant_id}", headers=api.headers("admin", ADMINISTRADOR))
    assert revoked.status_code == 204, revoked.text
    assert pull_page(api, "ana", USUARIO)["scope"]["unit_ids"] == [str(api.units["a"])]
    assert backfill(api, "ana", USUARIO, ["b"]).status_code == 403
    actions = [
        event["action"]
        for event in api.http.get("/v1/audit", params={"row_id": grant_id}, headers=api.headers("aud", AUDITOR)).json()["events"]
    ]
    assert sorted(actions) == ["grant", "revoke"]


def test_grant_of_parent_unit_expands_subtree(api: Api) -> None:
    load_rows(api.engine, {"unit_grant": [{"id": uuid.uuid4(), "user_id": api.users["ana"], "unit_id": api.units["pgj"]}]})
    scope = pull_page(api, "ana", USUARIO)["scope"]
    assert sorted(scope["unit_ids"]) == sorted(str(api.units[unit]) for unit in ("pgj", "a", "b"))
    assert backfill(api, "ana", USUARIO, ["b"]).status_code == 200


def test_grants_only_by_administrador(api: Api) -> None:
    body = {"user_id": str(api.users["ana"]), "unit_id": str(api.units["b"])}
    refused = api.http.post("/v1/admin/grants", json=body, headers=api.headers("plan", PLANEJAMENTO))
    assert refused.status_code == 403
    assert "Administrador" in refused.json()["message"]
    missing = api.http.post(
        "/v1/admin/grants", json={**body, "unit_id": str(uuid.uuid4())}, headers=api.headers("admin", ADMINISTRADOR)
    )
    assert missing.status_code == 404
    assert "Unidade" in missing.json()["message"]
    gone = api.http.delete(f"/v1/admin/grants/{uuid.uuid4()}", headers=api.headers("admin", ADMINISTRADOR))
    assert gone.status_code == 404


def test_backfill_rejects_bad_unit_list(api: Api) -> None:
    headers = api.headers("ana", USUARIO)
    response = api.http.get("/v1/sync/backfill", params={"units": "not-a-uuid"}, headers=headers)
    assert response.status_code == 422
    assert "not-a-uuid" in response.json()["message"]
