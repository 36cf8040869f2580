"""Tests of the deterministic sample data generator."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

from planmp_desktop.contract.schema import ENTITIES, MONTHS, FieldType
from planmp_desktop.domain.codes import (
    ApprovalState,
    ExecutionStatus,
    ItemKind,
    ItemType,
    Level,
    Profile,
    UnitKind,
)
from planmp_desktop.domain.natureza import parse_natureza
from planmp_desktop.domain.sei import validate_sei
from planmp_server.sample_data import WEIGHTS_WARNING_NOTE, SampleData, generate

YEAR_START = dt.date(2026, 1, 1)
YEAR_END = dt.date(2026, 12, 31)


@pytest.fixture(scope="module")
def data() -> SampleData:
    return generate()


@pytest.fixture(scope="module")
def initiatives(data: SampleData) -> list[dict[str, Any]]:
    return [row for row in data.rows["plan_item"] if row["kind"] == ItemKind.INICIATIVA]


@pytest.fixture(scope="module")
def tasks_by_parent(data: SampleData) -> dict[uuid.UUID, list[dict[str, Any]]]:
    tasks: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
    for row in data.rows["plan_item"]:
        if row["kind"] == ItemKind.TAREFA:
            tasks[row["parent_id"]].append(row)
    return tasks


def _is_python_value(field_type: FieldType, value: Any) -> bool:
    if field_type is FieldType.UUID:
        return isinstance(value, uuid.UUID)
    if field_type is FieldType.MONEY:
        return isinstance(value, Decimal) and value.as_tuple().exponent == -2
    if field_type is FieldType.DECIMAL:
        return isinstance(value, Decimal)
    if field_type is FieldType.DATE:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if field_type is FieldType.TIMESTAMP:
        return isinstance(value, dt.datetime) and value.tzinfo is not None
    if field_type is FieldType.INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if field_type is FieldType.BOOL:
        return isinstance(value, bool)
    if field_type is FieldType.TEXT:
        return isinstance(value, str)
    return isinstance(value, (dict, list))


def test_same_seed_same_rows() -> None:
    first = generate(seed=7, item_count=2_000)
    second = generate(seed=7, item_count=2_000)

    assert first.rows == second.rows
    assert first.users == second.users
    assert first.plan_id == second.plan_id
    assert first.cycle_id == second.cycle_id


def test_other_seed_other_items() -> None:
    first = generate(seed=7, item_count=2_000)
    other = generate(seed=8, item_count=2_000)

    assert first.rows["plan_item"] != other.rows["plan_item"]
    assert first.rows["unit"] == other.rows["unit"]


def test_counts(data: SampleData) -> None:
    assert len(data.rows["unit"]) >= 80
    assert len(data.users) >= 12
    assert len(data.rows["user"]) == len(data.users)
    assert len(data.rows["plan_item"]) >= 20_000
    assert {role for user in data.users for role in user.roles} == {p.value for p in Profile}


def test_small_item_count() -> None:
    small = generate(item_count=300)
    items = small.rows["plan_item"]

    assert len(items) >= 300
    assert {row["status"] for row in items} == {s.value for s in ExecutionStatus}
    assert {row["approval_state"] for row in items} == {s.value for s in ApprovalState}


def test_rows_have_exact_fields(data: SampleData) -> None:
    assert set(data.rows) == set(ENTITIES)
    for name, rows in data.rows.items():
        expected = set(ENTITIES[name].field_names)
        for row in rows:
            assert set(row) == expected, name


def test_values_have_python_types(data: SampleData) -> None:
    for name, rows in data.rows.items():
        fields = ENTITIES[name].fields
        for row in rows:
            for field in fields:
                value = row[field.name]
                if value is None:
                    assert not field.required, (name, field.name)
                    continue
                assert _is_python_value(field.type, value), (name, field.name, value)


def test_ids_unique(data: SampleData) -> None:
    ids = [row["id"] for rows in data.rows.values() for row in rows]

    assert len(ids) == len(set(ids))


def test_no_audit_events(data: SampleData) -> None:
    assert data.rows["audit_event"] == []


def test_every_status_and_state(data: SampleData) -> None:
    items = data.rows["plan_item"]

    assert {row["status"] for row in items} == {s.value for s in ExecutionStatus}
    assert {row["approval_state"] for row in items} == {s.value for s in ApprovalState}


def test_item_types_and_levels(initiatives: list[dict[str, Any]]) -> None:
    assert {row["item_type"] for row in initiatives} == {t.value for t in ItemType}
    assert {row["priority"] for row in initiatives} == {level.value for level in Level}
    assert {row["risk"] for row in initiatives} == {level.value for level in Level}


def test_monthly_schedule_sums_to_total(data: SampleData) -> None:
    for row in data.rows["plan_item"]:
        months = [row[name] for name in MONTHS]
        if row["planned_total"] is None:
            assert months == [None] * 12, row["code"]
        else:
            assert sum(months, Decimal("0.00")) == row["planned_total"], row["code"]


def test_most_initiatives_have_budget(initiatives: list[dict[str, Any]]) -> None:
    budgeted = [row for row in initiatives if row["planned_total"] is not None]

    assert len(budgeted) >= 0.7 * len(initiatives)


def test_execution_order_on_items(data: SampleData) -> None:
    for row in data.rows["plan_item"]:
        if row["planned_total"] is None:
            continue
        assert row["planned_total"] > 0, row["code"]
        assert row["empenhado"] <= row["planned_total"], row["code"]
        assert row["liquidado"] <= row["empenhado"], row["code"]
        assert row["pago"] <= row["liquidado"], row["code"]


def test_execution_order_on_budget_lines(data: SampleData) -> None:
    lines = data.rows["budget_line"]

    assert lines
    for line in lines:
        assert line["year"] == 2026
        assert line["pago"] <= line["liquidado"] <= line["empenhado"] <= line["dotacao_atualizada"]
        assert line["dotacao_inicial"] > 0


def test_budget_lines_cover_planned(data: SampleData, initiatives: list[dict[str, Any]]) -> None:
    planned: dict[tuple[Any, ...], Decimal] = defaultdict(Decimal)
    for row in initiatives:
        if row["planned_total"] is not None:
            key = (
                row["unit_id"],
                row["uo"],
                row["programa"],
                row["acao"],
                row["natureza_despesa"],
                row["fonte"],
            )
            planned[key] += row["planned_total"]
    lines = {
        (
            line["unit_id"],
            line["uo"],
            line["programa"],
            line["acao"],
            line["natureza_despesa"],
            line["fonte"],
        ): line
        for line in data.rows["budget_line"]
    }

    for key, total in planned.items():
        assert lines[key]["dotacao_atualizada"] >= total, key


def test_naturezas_parse(data: SampleData) -> None:
    naturezas = {row["natureza_despesa"] for row in data.rows["plan_item"]}
    naturezas |= {line["natureza_despesa"] for line in data.rows["budget_line"]}
    naturezas.discard(None)

    assert len(naturezas) >= 6
    for natureza in naturezas:
        assert str(parse_natureza(natureza)) == natureza


def test_budget_classification(initiatives: list[dict[str, Any]]) -> None:
    for row in initiatives:
        if row["planned_total"] is None:
            assert row["programa"] is None, row["code"]
            continue
        assert re.fullmatch(r"\d{4}", row["programa"]), row["code"]
        assert re.fullmatch(r"[0-9A-Z]{4}", row["acao"]), row["code"]
        assert re.fullmatch(r"\d{5}", row["uo"]), row["code"]
        assert row["fonte"] in {"500", "501", "759"}, row["code"]
    assert any(re.search(r"[A-Z]", row["acao"] or "") for row in initiatives)


def test_sei_numbers_validate(data: SampleData) -> None:
    numbers = [row["sei_process"] for row in data.rows["plan_item"] if row["sei_process"]]

    assert len(numbers) > 1_000
    for number in numbers:
        check = validate_sei(number, "cnmp")
        assert check.valid, number
        assert check.format == "cnmp", number
        assert check.normalized == number


def test_task_weights_sum_to_100(
    initiatives: list[dict[str, Any]], tasks_by_parent: dict[uuid.UUID, list[dict[str, Any]]]
) -> None:
    flagged = 0
    for row in initiatives:
        tasks = tasks_by_parent[row["id"]]
        total = sum(task["weight"] for task in tasks)
        assert 2 <= len(tasks) <= 6, row["code"]
        if row["notes"] == WEIGHTS_WARNING_NOTE:
            flagged += 1
            assert total != 100, row["code"]
            assert row["approval_state"] == ApprovalState.RASCUNHO, row["code"]
        else:
            assert total == 100, row["code"]
    assert 0 < flagged <= 0.02 * len(initiatives)


def test_progress_rolls_up(
    initiatives: list[dict[str, Any]], tasks_by_parent: dict[uuid.UUID, list[dict[str, Any]]]
) -> None:
    for row in initiatives:
        tasks = tasks_by_parent[row["id"]]
        weighted = sum(task["progress"] * task["weight"] for task in tasks)
        weights = sum(task["weight"] for task in tasks)
        assert row["progress"] == (weighted / weights).quantize(Decimal("0.01")), row["code"]


def test_progress_matches_status(data: SampleData) -> None:
    for row in data.rows["plan_item"]:
        assert Decimal(0) <= row["progress"] <= Decimal(100), row["code"]
        if row["status"] == ExecutionStatus.CONCLUIDO:
            assert row["progress"] == 100, row["code"]
        if row["status"] == ExecutionStatus.NAO_INICIADO:
            assert row["progress"] == 0, row["code"]


def test_dates_inside_plan_year(
    initiatives: list[dict[str, Any]], tasks_by_parent: dict[uuid.UUID, list[dict[str, Any]]]
) -> None:
    for row in initiatives:
        assert YEAR_START <= row["start_date"] <= row["end_date"] <= YEAR_END, row["code"]
        for task in tasks_by_parent[row["id"]]:
            assert (
                row["start_date"] <= task["start_date"] <= task["end_date"] <= row["end_date"]
            ), task["code"]


def test_item_codes(
    initiatives: list[dict[str, Any]], tasks_by_parent: dict[uuid.UUID, list[dict[str, Any]]]
) -> None:
    codes = [row["code"] for row in initiatives]

    assert len(codes) == len(set(codes))
    for row in initiatives:
        assert re.fullmatch(r"2026\.[A-Z0-9]+\.\d{4}", row["code"]), row["code"]
        for number, task in enumerate(tasks_by_parent[row["id"]], start=1):
            assert task["code"] == f"{row['code']}.{number:02d}"


def test_items_reference_existing_rows(data: SampleData) -> None:
    unit_ids = {row["id"] for row in data.rows["unit"]}
    action_ids = {row["id"] for row in data.rows["strategic_action"]}
    indicator_ids = {row["id"] for row in data.rows["indicator"]}
    item_ids: set[uuid.UUID] = set()

    for row in data.rows["plan_item"]:
        assert row["plan_id"] == data.plan_id
        assert row["unit_id"] in unit_ids
        assert row["strategic_action_id"] in action_ids | {None}
        assert row["indicator_id"] in indicator_ids | {None}
        if row["parent_id"] is not None:
            assert row["parent_id"] in item_ids, "an initiative must come before its tasks"
        item_ids.add(row["id"])


def test_unit_tree(data: SampleData) -> None:
    units = data.rows["unit"]
    ids = {unit["id"] for unit in units}
    roots = [unit for unit in units if unit["parent_id"] is None]

    assert [root["code"] for root in roots] == ["PGJ"]
    assert {unit["kind"] for unit in units} == {kind.value for kind in UnitKind}
    for unit in units:
        assert unit["parent_id"] in ids | {None}
        assert re.fullmatch(r"\d{5}", unit["uo"])
        if unit["kind"] == UnitKind.PROMOTORIA:
            assert unit["comarca"], unit["code"]
    assert len({unit["code"] for unit in units}) == len(units)


def test_items_spread_over_units(data: SampleData, initiatives: list[dict[str, Any]]) -> None:
    units_with_items = {row["unit_id"] for row in initiatives}

    assert len(units_with_items) >= 0.9 * len(data.rows["unit"])


def test_demo_users(data: SampleData) -> None:
    users = data.users
    units = {unit["id"]: unit for unit in data.rows["unit"]}

    assert [user.roles for user in users[:5]] == [
        ("PAA",),
        ("Usuario",),
        ("Planejamento",),
        ("Administrador",),
        ("Auditor",),
    ]
    assert users[0].home_unit_id == users[1].home_unit_id
    assert units[users[0].home_unit_id]["kind"] == UnitKind.PROMOTORIA
    assert len({user.home_unit_id for user in users}) >= 8
    assert any(user.grants for user in users)
    for user in users:
        assert re.fullmatch(r"[a-z]+\.[a-z]+@mpex\.example", user.username), user.username
        assert user.home_unit_id in units


def test_user_and_grant_rows(data: SampleData) -> None:
    rows = {row["id"]: row for row in data.rows["user"]}
    grants = {(row["user_id"], row["unit_id"]) for row in data.rows["unit_grant"]}
    expected_grants = {
        (uuid.UUID(user.oid), unit_id) for user in data.users for unit_id in user.grants
    }

    assert grants == expected_grants
    for user in data.users:
        row = rows[uuid.UUID(user.oid)]
        assert row["username"] == user.username
        assert row["profile"] == ",".join(user.roles)
        assert row["home_unit_id"] == user.home_unit_id
        assert row["active"] is True


def test_strategic_plan(data: SampleData) -> None:
    cycle = data.rows["strategic_cycle"][0]
    objectives = data.rows["objective"]
    objective_ids = {row["id"] for row in objectives}
    indicator_objectives = {row["objective_id"] for row in data.rows["indicator"]}
    goal_indicators = {row["indicator_id"] for row in data.rows["goal"]}

    assert cycle["id"] == data.cycle_id
    assert (cycle["start_year"], cycle["end_year"]) == (2026, 2031)
    assert [row["name"] for row in data.rows["perspective"]] == [
        "Sociedade",
        "Processos internos",
        "Aprendizado e crescimento",
        "Orçamento",
    ]
    assert len(objectives) >= 12
    assert len(data.rows["strategic_action"]) >= 30
    assert indicator_objectives == objective_ids
    assert goal_indicators == {row["id"] for row in data.rows["indicator"]}
    assert {row["period"] for row in data.rows["goal"]} == {str(year) for year in range(2026, 2032)}
    assert data.rows["measurement"]


def test_annual_plan(data: SampleData) -> None:
    [plan] = data.rows["annual_plan"]

    assert plan["id"] == data.plan_id
    assert plan["year"] == 2026
    assert plan["approval_state"] == ApprovalState.RASCUNHO


def test_default_approval_flows(data: SampleData) -> None:
    flows = {row["id"]: row["target_kind"] for row in data.rows["approval_flow"]}
    steps = {flows[row["flow_id"]]: row for row in data.rows["approval_step"]}

    assert steps["tarefa"]["profiles"] == "PAA"
    assert steps["tarefa"]["same_unit"] is True
    assert steps["iniciativa"]["profiles"] == "Planejamento,Administrador"
    assert steps["iniciativa"]["same_unit"] is False
