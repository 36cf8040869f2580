"""The SQLite fast paths read and write exactly what SQLAlchemy's typed statements read and write."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import orjson
import pytest
from sqlalchemy import Engine, insert, select

from planmp_server import sqlite_rows
from planmp_server.batch_writes import delete_many, insert_many, select_many, update_many
from planmp_server.changes import stored_row_to_wire
from planmp_server.db import ENTITY_TABLES, applied_mutation, change_log, make_engine, merge_log, metadata

PLAN_ITEM = ENTITY_TABLES["plan_item"]
AUDIT_EVENT = ENTITY_TABLES["audit_event"]


def _engine(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path.as_posix()}")
    metadata.create_all(engine)
    return engine


def _plan_items() -> list[dict[str, Any]]:
    """Plan items whose values reach every stored form: negative and large money, decimals, dates, JSON, NULLs."""
    rows = []
    for number, (total, progress) in enumerate(
        [(Decimal("1234.56"), Decimal("25")), (Decimal("-0.05"), Decimal("0.0005")), (Decimal("9999999999999999.99"), None)]
    ):
        rows.append(
            {
                "id": uuid.uuid4(),
                "plan_id": uuid.uuid4(),
                "parent_id": None if number else uuid.uuid4(),
                "kind": "tarefa",
                "code": f"1.{number}",
                "title": f"Ação {number} – revisão",
                "description": None,
                "item_type": "Planejada",
                "unit_id": uuid.uuid4(),
                "strategic_action_id": None,
                "responsible": "Ana",
                "partner_units": None,
                "start_date": dt.date(2026, 1, 31),
                "end_date": None,
                "multi_year": bool(number % 2),
                "status": None,
                "progress": progress,
                "weight": Decimal("33.3333"),
                "priority": None,
                "risk": None,
                "deliverable": None,
                "target_quantity": Decimal("-12.5"),
                "target_unit": None,
                "indicator_id": None,
                "sei_process": "19.09.0001.0000001/2026-11",
                "uo": "01091",
                "programa": None,
                "acao": None,
                "natureza_despesa": "3.3.90.39",
                "fonte": None,
                "planned_total": total,
                **{f"month_{month:02d}": (Decimal("0.00") if month == 1 else None) for month in range(1, 13)},
                "empenhado": Decimal("0.10"),
                "liquidado": None,
                "pago": None,
                "notes": None,
                "approval_state": "rascunho",
                "year_targets": {"2027": "10", "2028": ["a", None]} if number == 0 else None,
                "source_ref": None,
            }
        )
    return rows


def _audit_events() -> list[dict[str, Any]]:
    moments = [dt.datetime(2026, 12, 4, 23, 28, 19, 284208, tzinfo=dt.timezone.utc), dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)]
    return [
        {
            "id": uuid.uuid4(),
            "at": moment,
            "user_id": uuid.uuid4(),
            "user_name": "Carla",
            "actor_unit_id": None,
            "unit_id": uuid.uuid4(),
            "entity": "plan_item",
            "row_id": uuid.uuid4(),
            "row_label": "1.0 Ação",
            "action": "update",
            "changes": {"responsible": ["Ana", "Bia"]},
            "comment": None,
            "mutation_id": uuid.uuid4(),
            "device_id": "device",
        }
        for moment in moments
    ]


def _stored(path: Path, table: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
    finally:
        connection.close()


def test_wire_rows_match_the_typed_read(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "server.db")
    items, events = _plan_items(), _audit_events()
    with engine.begin() as connection:
        connection.execute(insert(PLAN_ITEM), items)
        connection.execute(insert(AUDIT_EVENT), events)
        rows = [("plan_item", row["id"]) for row in items] + [("audit_event", row["id"]) for row in events]
        connection.execute(
            insert(change_log), [{"entity": name, "row_id": row_id, "unit_id": None, "deleted": False} for name, row_id in rows]
        )

        # Stored forms SQLAlchemy does not write take the exact path.
        connection.exec_driver_sql(
            "UPDATE plan_item SET unit_id = ?, planned_total = 1234.7, progress = 12.0 WHERE id = ?",
            (str(uuid.uuid4()).upper(), items[1]["id"].hex),
        )

    with engine.begin() as connection:
        entries = sqlite_rows.change_log_entries(connection, 0, 100)
        fast = sqlite_rows.wire_rows(connection, entries)
        typed = {
            (name, row["id"].hex): stored_row_to_wire(name, row)
            for name, table in (("plan_item", PLAN_ITEM), ("audit_event", AUDIT_EVENT))
            for row in connection.execute(select(table)).mappings()
        }
    engine.dispose()

    assert len(entries) == len(rows)
    # JSON values come back as fragments of the stored text, so compare the encoded forms.
    assert orjson.loads(orjson.dumps({"|".join(key): row for key, row in fast.items()})) == {
        "|".join(key): row for key, row in typed.items()
    }


def test_change_log_entries_follow_scope_and_units(tmp_path: Path) -> None:
    engine = _engine(tmp_path / "server.db")
    seen, other, left = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    entries = [
        {"entity": "unit", "row_id": uuid.uuid4(), "unit_id": None, "deleted": False, "prev_unit_id": None},
        {"entity": "plan_item", "row_id": uuid.uuid4(), "unit_id": seen, "deleted": False, "prev_unit_id": None},
        {"entity": "plan_item", "row_id": uuid.uuid4(), "unit_id": other, "deleted": False, "prev_unit_id": None},
        {"entity": "plan_item", "row_id": uuid.uuid4(), "unit_id": other, "deleted": False, "prev_unit_id": seen},
        {"entity": "plan_item", "row_id": uuid.uuid4(), "unit_id": seen, "deleted": True, "prev_unit_id": left},
    ]
    with engine.begin() as connection:
        connection.execute(insert(change_log), entries)
        scoped = sqlite_rows.change_log_entries(connection, 0, 100, scope=[seen.hex])
        backfill = sqlite_rows.change_log_entries(connection, 0, 100, units=[seen.hex])
        after_two = sqlite_rows.change_log_entries(connection, 2, 1)
    engine.dispose()

    assert [entry[0] for entry in scoped] == [1, 2, 4, 5]
    assert [entry[0] for entry in backfill] == [2]
    assert [entry[0] for entry in after_two] == [3]


def test_batch_writes_store_what_core_stores(tmp_path: Path) -> None:
    fast_path, core_path = tmp_path / "fast.db", tmp_path / "core.db"
    fast_engine, core_engine = _engine(fast_path), _engine(core_path)
    items, events = _plan_items(), _audit_events()
    decisions = [
        {
            "at": dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone.utc),
            "mutation_id": uuid.uuid4(),
            "entity": "plan_item",
            "row_id": items[0]["id"],
            "field": "responsible",
            "base": None if number else "Ana",
            "local": "Bia",
            "server": {"x": [1]},
            "outcome": "applied",
            "rule": "base_matches",
            "user_id": uuid.uuid4(),
            "device_id": "device",
        }
        for number in range(2)
    ]
    results = [
        {"mutation_id": uuid.uuid4(), "user_id": uuid.uuid4(), "result": {"outcome": "applied"}, "applied_at": dt.datetime(2026, 12, 4, tzinfo=dt.timezone.utc)}
    ]
    updates = [{"planned_total": Decimal("7.00"), "multi_year": True, "id": items[1]["id"]}]

    with fast_engine.begin() as connection:
        insert_many(connection, PLAN_ITEM, items)
        insert_many(connection, AUDIT_EVENT, events)
        insert_many(connection, merge_log, decisions)
        insert_many(connection, applied_mutation, results)
        update_many(connection, PLAN_ITEM, ("planned_total", "multi_year"), ("id",), updates)
        delete_many(connection, PLAN_ITEM, ("id",), [{"id": items[2]["id"]}])
        selected = select_many(connection, PLAN_ITEM, list(PLAN_ITEM.c.keys()), {}, [row["id"] for row in items])
    with core_engine.begin() as connection:
        connection.execute(insert(PLAN_ITEM), items)
        connection.execute(insert(AUDIT_EVENT), events)
        connection.execute(insert(merge_log), decisions)
        connection.execute(insert(applied_mutation), results)
        connection.execute(
            PLAN_ITEM.update().where(PLAN_ITEM.c.id == items[1]["id"]).values(planned_total=Decimal("7.00"), multi_year=True)
        )
        connection.execute(PLAN_ITEM.delete().where(PLAN_ITEM.c.id == items[2]["id"]))
        typed = [dict(row) for row in connection.execute(select(PLAN_ITEM)).mappings()]
    fast_engine.dispose()
    core_engine.dispose()

    for table in ("plan_item", "audit_event", "merge_log", "applied_mutation"):
        assert _stored(fast_path, table) == _stored(core_path, table), table
    assert sorted(selected, key=lambda row: row["id"]) == sorted(typed, key=lambda row: row["id"])


@pytest.mark.parametrize("stored", [0, 1, -1, 99, -100, 123456, 10**17 + 1])
def test_money_texts_match_the_codec(stored: int) -> None:
    from planmp_desktop.contract.codec import to_wire
    from planmp_desktop.contract.schema import FieldType

    assert sqlite_rows._money_to_wire(stored) == to_wire(FieldType.MONEY, Decimal(stored) / 100)
