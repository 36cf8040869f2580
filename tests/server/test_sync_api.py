"""Push, pull, scope, merge and audit through the real API over HTTP."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from sqlalchemy import func, select

from planmp_desktop.contract.codec import row_to_wire
from planmp_desktop.contract.schema import ENTITIES
from planmp_server.db import ENTITY_TABLES, applied_mutation, change_log
from planmp_server.loader import load_rows
from .conftest import Api, mutation, plan_item_row

USUARIO = ["Usuario"]
PAA = ["PAA"]
PLANEJAMENTO = ["Planejamento"]


def seed_items(api: Api, unit: str, count: int, **fields: object) -> list[dict]:
    rows = [plan_item_row(api, unit, f"{unit.upper()}-{index:03d}", **fields) for index in range(count)]
    load_rows(api.engine, {"plan_item": rows})
    return rows


def audit_events(api: Api, row_id: uuid.UUID) -> list[dict]:
    response = api.http.get("/v1/audit", params={"row_id": str(row_id)}, headers=api.headers("plan", PLANEJAMENTO))
    assert response.status_code == 200, response.text
    return response.json()["events"]


def test_pull_pages_with_cursor(api: Api) -> None:
    rows = seed_items(api, "a", 25)
    headers = api.headers("plan", PLANEJAMENTO)

    cursor, seen, pages = 0, [], 0
    while True:
        page = api.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": 10}, headers=headers).json()
        pages += 1
        seqs = [change["seq"] for change in page["changes"]]
        assert seqs == sorted(seqs)
        assert all(seq > cursor for seq in seqs)
        seen.extend(change["row_id"] for change in page["changes"] if change["entity"] == "plan_item")
        if page["changes"]:
            assert page["cursor"] == seqs[-1]
        cursor = page["cursor"]
        if not page["has_more"]:
            break

    assert pages >= 3
    assert sorted(seen) == sorted(str(row["id"]) for row in rows)
    empty = api.http.get("/v1/sync/pull", params={"cursor": cursor}, headers=headers).json()
    assert empty["changes"] == []
    assert empty["cursor"] == cursor
    assert empty["has_more"] is False


def test_pull_values_match_codec(api: Api) -> None:
    row = seed_items(api, "a", 1, progress=Decimal("12.5"), year_targets={"2027": "10"})[0]
    changes = api.pull_all("plan", PLANEJAMENTO)
    pulled = changes[("plan_item", str(row["id"]))]["values"]
    expected = row_to_wire(ENTITIES["plan_item"], {name: row.get(name) for name in ENTITIES["plan_item"].field_names})
    assert pulled == expected


def test_pull_scope_by_unit(api: Api) -> None:
    rows_a = seed_items(api, "a", 3)
    rows_b = seed_items(api, "b", 2)

    for_ana = api.pull_all("ana", USUARIO)
    items_ana = {row_id for entity, row_id in for_ana if entity == "plan_item"}
    assert items_ana == {str(row["id"]) for row in rows_a}
    assert ("unit", str(api.units["b"])) in for_ana  # reference data goes to everyone

    for_planning = api.pull_all("plan", PLANEJAMENTO)
    items_planning = {row_id for entity, row_id in for_planning if entity == "plan_item"}
    assert items_planning == {str(row["id"]) for row in rows_a + rows_b}

    me = api.http.get("/v1/me", headers=api.headers("ana", USUARIO)).json()
    assert me["scope_unit_ids"] == [str(api.units["a"])]
    assert api.http.get("/v1/me", headers=api.headers("plan", PLANEJAMENTO)).json()["scope_unit_ids"] is None


def test_push_insert_update_delete(api: Api) -> None:
    row = plan_item_row(api, "a", "A-NEW")
    values = row_to_wire(ENTITIES["plan_item"], row)
    inserted = api.push("paula", PAA, [mutation("insert", row["id"], values=values)])
    assert inserted[0]["outcome"] == "applied", inserted

    updated = api.push(
        "paula", PAA, [mutation("update", row["id"], base={"title": values["title"]}, values={"title": "Novo título"})]
    )
    assert updated[0]["outcome"] == "applied", updated
    pulled = api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]
    assert pulled["values"]["title"] == "Novo título"

    deleted = api.push("paula", PAA, [mutation("delete", row["id"], base={"title": "Novo título"})])
    assert deleted[0]["outcome"] == "applied", deleted
    tombstone = api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]
    assert tombstone["deleted"] is True
    assert tombstone["values"] is None

    late = api.push("paula", PAA, [mutation("update", row["id"], base={"title": "Novo título"}, values={"title": "X"})])
    assert late[0]["outcome"] == "rejected"
    assert "excluído no servidor" in late[0]["reason"]


def test_delete_after_foreign_edit_conflicts(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    api.push("paula", PAA, [mutation("update", row["id"], base={"notes": None}, values={"notes": "por outra"})])
    result = api.push("ana", USUARIO, [mutation("delete", row["id"], base={"notes": None})])
    assert result[0]["outcome"] == "conflict"
    assert result[0]["server_values"] == {"notes": "por outra"}


def test_same_batch_twice_changes_once(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    batch = [
        mutation("update", row["id"], base={"notes": None}, values={"notes": "primeira"}),
        mutation("update", row["id"], base={"planned_total": "1200.00"}, values={"planned_total": "-5.00"}),
    ]
    first = api.push("paula", PAA, batch)
    with api.engine.connect() as connection:
        seq_before = connection.execute(select(func.max(change_log.c.seq))).scalar()
    second = api.push("paula", PAA, batch)

    assert second == first
    assert first[0]["outcome"] == "applied"
    assert first[1]["outcome"] == "rejected"  # planned money cannot be negative
    with api.engine.connect() as connection:
        assert connection.execute(select(func.max(change_log.c.seq))).scalar() == seq_before
        assert connection.execute(select(func.count()).select_from(applied_mutation)).scalar() == 2
    updates = [event for event in audit_events(api, row["id"]) if event["action"] == "update"]
    assert len(updates) == 1


def test_conflict_shows_base_server_and_client(api: Api) -> None:
    row = seed_items(api, "a", 1, target_quantity=Decimal(100))[0]
    theirs = api.push(
        "plan", PLANEJAMENTO, [mutation("update", row["id"], base={"target_quantity": "100"}, values={"target_quantity": "120"})]
    )
    assert theirs[0]["outcome"] == "applied", theirs

    result = api.push(
        "ana", USUARIO, [mutation("update", row["id"], base={"target_quantity": "100"}, values={"target_quantity": "90"})]
    )[0]
    assert result["outcome"] == "conflict"
    assert result["conflict_fields"] == ["target_quantity"]
    assert result["server_values"] == {"target_quantity": "120"}
    assert "base 100" in result["reason"]
    assert "servidor 120" in result["reason"]
    assert "seu valor 90" in result["reason"]
    values = api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]["values"]
    assert values["target_quantity"] == "120"


def test_conflict_reason_formats_money_as_the_sheet(api: Api) -> None:
    row = seed_items(api, "a", 1, planned_total=Decimal("7643.31"))[0]
    api.push(
        "plan", PLANEJAMENTO, [mutation("update", row["id"], base={"planned_total": "7643.31"}, values={"planned_total": "99999.99"})]
    )

    result = api.push(
        "ana", USUARIO, [mutation("update", row["id"], base={"planned_total": "7643.31"}, values={"planned_total": "12345.67"})]
    )[0]

    assert result["outcome"] == "conflict"
    assert "base 7.643,31, servidor 99.999,99, seu valor 12.345,67" in result["reason"]
    assert result["reason"].startswith("Alterado no servidor enquanto você editava")


def test_disjoint_fields_both_kept(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    first = api.push("paula", PAA, [mutation("update", row["id"], base={"notes": None}, values={"notes": "nota"})])
    second = api.push("ana", USUARIO, [mutation("update", row["id"], base={"progress": None}, values={"progress": "40"})])
    assert first[0]["outcome"] == "applied"
    assert second[0]["outcome"] == "applied"
    values = api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]["values"]
    assert values["notes"] == "nota"
    assert values["progress"] == "40"


def test_same_change_both_sides_merges(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    api.push("paula", PAA, [mutation("update", row["id"], base={"title": row["title"]}, values={"title": "Igual"})])
    result = api.push("ana", USUARIO, [mutation("update", row["id"], base={"title": row["title"]}, values={"title": "Igual"})])
    assert result[0]["outcome"] == "merged"
    assert result[0]["conflict_fields"] == []


def test_merge_breaking_schedule_conflicts(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    other = api.push(
        "paula",
        PAA,
        [mutation("update", row["id"], base={"month_02": "100.00", "planned_total": "1200.00"}, values={"month_02": "200.00", "planned_total": "1300.00"})],
    )
    assert other[0]["outcome"] == "applied", other
    mine = api.push(
        "ana",
        USUARIO,
        [mutation("update", row["id"], base={"month_01": "100.00", "planned_total": "1200.00"}, values={"month_01": "200.00", "planned_total": "1300.00"})],
    )[0]
    assert mine["outcome"] == "conflict", mine
    assert "month_01" in mine["conflict_fields"]
    values = api.pull_all("ana", USUARIO)[("plan_item", str(row["id"]))]["values"]
    assert values["month_01"] == "100.00"
    assert values["planned_total"] == "1300.00"


def test_rejected_insert_holds_its_children(api: Api) -> None:
    parent = plan_item_row(api, "a", "A-INI", kind="iniciativa", title="")  # a missing title is an error
    child = plan_item_row(api, "a", "A-INI.1", parent_id=parent["id"])
    unrelated = plan_item_row(api, "a", "A-OUTRA")
    batch = [
        mutation("insert", parent["id"], values=row_to_wire(ENTITIES["plan_item"], parent)),
        mutation("insert", child["id"], values=row_to_wire(ENTITIES["plan_item"], child)),
        mutation("insert", unrelated["id"], values=row_to_wire(ENTITIES["plan_item"], unrelated)),
    ]
    results = api.push("paula", PAA, batch)
    assert [result["outcome"] for result in results] == ["rejected", "rejected", "applied"]
    assert "A-INI" in results[1]["reason"]
    assert "rejeitada" in results[1]["reason"]

    fixed_parent = mutation("insert", parent["id"], values=row_to_wire(ENTITIES["plan_item"], {**parent, "title": "Iniciativa"}))
    retried = api.push("paula", PAA, [fixed_parent, batch[1]])
    assert [result["outcome"] for result in retried] == ["applied", "applied"]


def test_insert_outside_scope_rejected(api: Api) -> None:
    row = plan_item_row(api, "b", "B-NEW")
    result = api.push("paula", PAA, [mutation("insert", row["id"], values=row_to_wire(ENTITIES["plan_item"], row))])
    assert result[0]["outcome"] == "rejected"
    assert "fora" in result[0]["reason"]


def test_invalid_values_rejected(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    cases = [
        mutation("update", row["id"], base={"planned_total": "1200.00"}, values={"planned_total": "abc"}),
        mutation("update", row["id"], base={"nope": 1}, values={"nope": 2}),
        mutation("update", row["id"], base={"approval_state": "rascunho"}, values={"approval_state": "aprovado"}),
        mutation("update", row["id"], base={"empenhado": None}, values={"empenhado": "1.00"}),
        mutation("insert", uuid.uuid4(), entity="unit", values={"code": "X", "name": "X"}),
        mutation("insert", uuid.uuid4(), entity="nothing", values={}),
    ]
    results = api.push("paula", PAA, cases)
    assert [result["outcome"] for result in results] == ["rejected"] * len(cases)
    assert all(result["reason"] for result in results)


def test_commands_follow_approval_rules(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    row_id = row["id"]

    by_auditor = api.push("aud", ["Auditor"], [mutation("command", row_id, command="submit")])[0]
    assert by_auditor["outcome"] == "rejected"

    submitted = api.push("ana", USUARIO, [mutation("command", row_id, command="submit")])[0]
    assert submitted["outcome"] == "applied", submitted
    assert submitted["server_values"]["approval_state"] == "aguardando"

    frozen = api.push("ana", USUARIO, [mutation("update", row_id, base={"title": row["title"]}, values={"title": "Outro"})])[0]
    assert frozen["outcome"] == "rejected"

    by_other_unit = api.push("bruno", PAA, [mutation("command", row_id, command="approve")])[0]
    assert by_other_unit["outcome"] == "rejected"

    without_reason = api.push("paula", PAA, [mutation("command", row_id, command="return", comment="  ")])[0]
    assert without_reason["outcome"] == "rejected"
    assert "justificativa" in without_reason["reason"]

    returned = api.push("paula", PAA, [mutation("command", row_id, command="return", comment="Falta o SEI")])[0]
    assert returned["server_values"]["approval_state"] == "devolvido"
    api.push("ana", USUARIO, [mutation("command", row_id, command="submit")])
    approved = api.push("paula", PAA, [mutation("command", row_id, command="approve")])[0]
    assert approved["server_values"]["approval_state"] == "aprovado"

    actions = [event["action"] for event in audit_events(api, row_id)]
    assert sorted(actions) == sorted(["submit", "return", "submit", "approve"])
    returns = [event for event in audit_events(api, row_id) if event["action"] == "return"]
    assert returns[0]["comment"] == "Falta o SEI"
    assert returns[0]["changes"] == {"approval_state": ["aguardando", "devolvido"]}


def test_every_change_audited(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    api.push("paula", PAA, [mutation("update", row["id"], base={"title": row["title"], "notes": None}, values={"title": "Novo", "notes": "n"})])
    events = audit_events(api, row["id"])
    assert len(events) == 1
    event = events[0]
    assert event["action"] == "update"
    assert event["changes"] == {"title": [row["title"], "Novo"], "notes": [None, "n"]}
    assert event["user_id"] == str(api.users["paula"])
    assert event["actor_unit_id"] == str(api.units["a"])
    assert event["unit_id"] == str(api.units["a"])
    assert event["row_label"] == "A-000 Novo"
    assert event["device_id"] == "device-paula"

    for_ana = api.pull_all("ana", USUARIO)
    for_bruno = api.pull_all("bruno", PAA)
    assert ("audit_event", event["id"]) in for_ana
    assert ("audit_event", event["id"]) not in for_bruno
    bruno_view = api.http.get("/v1/audit", params={"row_id": str(row["id"])}, headers=api.headers("bruno", PAA)).json()
    assert bruno_view["events"] == []


def test_money_exact(api: Api) -> None:
    amounts = ["68.68", "0.01", "99999999999.99"]
    ids = []
    batch = []
    for amount in amounts:
        row = plan_item_row(api, "a", f"A-{amount}", planned_total=Decimal(amount), **{f"month_{m:02d}": None for m in range(1, 13)})
        row["month_01"] = Decimal(amount)
        ids.append(row["id"])
        batch.append(mutation("insert", row["id"], values=row_to_wire(ENTITIES["plan_item"], row)))
    results = api.push("paula", PAA, batch)
    assert [result["outcome"] for result in results] == ["applied"] * 3, results

    pulled = api.pull_all("ana", USUARIO)
    table = ENTITY_TABLES["plan_item"]
    for row_id, amount in zip(ids, amounts):
        assert pulled[("plan_item", str(row_id))]["values"]["planned_total"] == amount
        with api.engine.connect() as connection:
            stored = connection.execute(select(table.c.planned_total).where(table.c.id == row_id)).scalar()
        assert stored == Decimal(amount)


def test_audit_filters(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    api.push("paula", PAA, [mutation("update", row["id"], base={"notes": None}, values={"notes": "x"})])
    headers = api.headers("aud", ["Auditor"])
    by_user = api.http.get("/v1/audit", params={"user_id": str(api.users["paula"])}, headers=headers).json()["events"]
    assert len(by_user) == 1
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)).isoformat()
    later = api.http.get("/v1/audit", params={"since": future}, headers=headers).json()["events"]
    assert later == []


def test_own_edit_breaking_schedule_applies_but_blocks_submit(api: Api) -> None:
    row = seed_items(api, "a", 1)[0]
    edit = mutation("update", row["id"], base={"planned_total": "1200.00"}, values={"planned_total": "1300.00"})
    [result] = api.push("paula", PAA, [edit])
    assert result["outcome"] == "applied"  # fixed later by editing a month

    [submitted] = api.push("paula", PAA, [mutation("command", row["id"], command="submit")])
    assert submitted["outcome"] == "rejected"
    assert "Cronograma de desembolso" in submitted["reason"]
