"""Pull and backfill pages read straight from SQLite's stored forms into wire form.

SQLAlchemy's result processors turn every stored value into a Python object
(``uuid.UUID``, ``Decimal``, ``datetime``) that ``stored_row_to_wire`` turns
back into text. On SQLite the stored forms are nearly the wire forms already
(32-digit hex UUIDs, integer centavos, ISO dates), so this module reads with
plain driver SQL and converts each stored value once. In a profile of an
initial sync of 100,000 rows, reading rows through the typed path took about
three quarters of the pull handler's time. Other databases keep the
SQLAlchemy path in sync_pull. tests/server/test_sqlite_paths.py checks that
both paths return the same values.

Values of JSON fields are returned as ``orjson.Fragment`` holding the stored
JSON text, so the rows are meant for ``orjson.dumps`` only.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Connection

from planmp_desktop.contract.codec import to_wire
from planmp_desktop.contract.schema import ENTITIES, FieldType
from planmp_server.db import TEN_THOUSANDTHS

# A change_log entry as read here: seq, entity, row id, unit id (both 32-digit hex), deleted (0 or 1).
Entry = tuple[int, str, str, str | None, int]


def is_sqlite(connection: Connection) -> bool:
    return connection.dialect.name == "sqlite"


def hex_ids(ids: Iterable[uuid.UUID]) -> list[str]:
    """Return UUIDs in the form SQLAlchemy's ``Uuid`` stores them on SQLite."""
    return [value.hex for value in ids]


def _driver_connection(connection: Connection) -> Any:
    """Return the sqlite3 connection under ``connection``, inside the transaction it holds.

    Its cursors return plain tuples; SQLAlchemy's row objects cost about as much as reading the rows.
    """
    driver_connection = connection.connection.driver_connection
    assert driver_connection is not None
    return driver_connection


def uuid_to_wire(stored: str) -> str:
    """Return the canonical wire form of a UUID stored as 32 hex digits."""
    if len(stored) == 32:
        return f"{stored[:8]}-{stored[8:12]}-{stored[12:16]}-{stored[16:20]}-{stored[20:]}".lower()
    return str(uuid.UUID(stored))


def change_log_entries(
    connection: Connection,
    after: int,
    limit: int,
    *,
    scope: list[str] | None = None,
    units: list[str] | None = None,
) -> list[Entry]:
    """Return up to ``limit`` change_log entries after seq ``after``, in seq order.

    ``scope`` (hex unit ids) keeps the entries a pull shows a scoped user:
    reference rows, rows of those units and rows that left them.
    ``units`` keeps the live rows of those units, as a backfill does.
    """
    conditions = ["seq > ?"]
    parameters: list[Any] = [after]
    if scope is not None:
        conditions.append(
            "(unit_id IS NULL OR unit_id IN (SELECT value FROM json_each(?)) "
            "OR prev_unit_id IN (SELECT value FROM json_each(?)))"
        )
        scope_json = orjson.dumps(scope).decode()
        parameters.extend([scope_json, scope_json])
    if units is not None:
        conditions.append("unit_id IN (SELECT value FROM json_each(?)) AND deleted = 0")
        parameters.append(orjson.dumps(units).decode())
    sql = (
        "SELECT seq, entity, row_id, unit_id, deleted FROM change_log "
        f"WHERE {' AND '.join(conditions)} ORDER BY seq LIMIT ?"
    )
    parameters.append(limit)
    return _driver_connection(connection).execute(sql, parameters).fetchall()


def wire_rows(connection: Connection, entries: Iterable[Entry]) -> dict[tuple[str, str], dict[str, Any]]:
    """Return the wire form of the rows of the entries that are not tombstones, by (entity, hex row id)."""
    ids_by_entity: dict[str, list[str]] = {}
    for _seq, entity_name, row_id, _unit_id, deleted in entries:
        if not deleted:
            ids_by_entity.setdefault(entity_name, []).append(row_id)

    driver_connection = _driver_connection(connection)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for entity_name, ids in ids_by_entity.items():
        reader = _READERS[entity_name]
        ids_json = orjson.dumps(ids).decode()
        unusual = []
        memos = reader.memos()
        for record in driver_connection.execute(reader.quick_sql, (ids_json,)):
            stored_id = record[-1]
            if not record[-2]:
                unusual.append(stored_id)
                continue
            wire = dict(zip(reader.names, record))  # the check and the stored id, last, are left out
            for name, convert, memo in memos:
                value = wire[name]
                if value is not None:
                    text = memo.get(value)
                    if text is None:
                        text = memo[value] = convert(value)
                    wire[name] = text
            rows[(entity_name, stored_id)] = wire
        if unusual:
            # Stored forms SQLAlchemy does not write (a UUID with dashes, a REAL amount): the exact path.
            for record in driver_connection.execute(reader.plain_sql, (orjson.dumps(unusual).decode(),)):
                wire = dict(zip(reader.names, record))
                for name, convert in reader.converters:
                    if wire[name] is not None:
                        wire[name] = convert(wire[name])
                rows[(entity_name, record[0])] = wire
    return rows


def change_body(entry: Entry, rows: dict[tuple[str, str], dict[str, Any]]) -> dict[str, Any]:
    """Return the wire form of a Change for the entry: the row, or a tombstone when it is gone."""
    seq, entity_name, row_id, _unit_id, _deleted = entry
    values = rows.get((entity_name, row_id))
    return {
        "seq": seq,
        "entity": entity_name,
        "row_id": values["id"] if values is not None else uuid_to_wire(row_id),
        "deleted": values is None,
        "values": values,
    }


# --- converters from stored forms (see planmp_server.db) ----------------------------------


def _money_to_wire(stored: Any) -> str:
    # Integer centavos; the wire form always has two decimals ("-0.05", "1234.50").
    if not isinstance(stored, int):  # as planmp_server.db.Money reads it
        return str(to_wire(FieldType.MONEY, Decimal(int(stored)).scaleb(-2)))
    sign = "-" if stored < 0 else ""
    whole, cents = divmod(abs(stored), 100)
    return f"{sign}{whole}.{cents:02d}"


_decimal_texts: dict[int, str] = {}


def _decimal_to_wire(stored: Any) -> str:
    # Integer ten-thousandths. Percentages and weights repeat, so each text is made once.
    if not isinstance(stored, int):  # as planmp_server.db.Decimal4 reads it
        return str(to_wire(FieldType.DECIMAL, Decimal(int(stored)) / TEN_THOUSANDTHS))
    text = _decimal_texts.get(stored)
    if text is None:
        text = str(to_wire(FieldType.DECIMAL, Decimal(stored) / TEN_THOUSANDTHS))
        if len(_decimal_texts) < 100_000:
            _decimal_texts[stored] = text
    return text


def _date_to_wire(stored: Any) -> Any:
    return stored if isinstance(stored, str) and len(stored) == 10 else to_wire(FieldType.DATE, stored)


def _timestamp_to_wire(stored: Any) -> Any:
    # SQLAlchemy stores "YYYY-MM-DD HH:MM:SS.ffffff" without an offset; the server writes UTC.
    return to_wire(FieldType.TIMESTAMP, dt.datetime.fromisoformat(stored) if isinstance(stored, str) else stored)


def _json_to_wire(stored: Any) -> Any:
    return orjson.Fragment(stored) if isinstance(stored, (str, bytes)) else stored


_CONVERTERS: dict[FieldType, Callable[[Any], Any]] = {
    FieldType.UUID: uuid_to_wire,
    FieldType.MONEY: _money_to_wire,
    FieldType.DECIMAL: _decimal_to_wire,
    FieldType.DATE: _date_to_wire,
    FieldType.TIMESTAMP: _timestamp_to_wire,
    FieldType.BOOL: bool,
    FieldType.JSON: _json_to_wire,
}



# SQLite expressions that give the wire text of a stored value, NULL for NULL, for the stored
# forms SQLAlchemy writes: integer centavos, integer ten-thousandths, ISO dates. printf() was
# about twice as quick as concatenating the parts.
# UUIDs stay in Python, where most repeat and a memo converts each distinct one once. Building
# their text with SQLite's substr() cost about 0.5 s per 100,000 plan items on a 2-core machine.
_SQL_WIRE: dict[FieldType, str] = {
    FieldType.MONEY: "CASE WHEN {c} >= 0 THEN printf('%d.%02d', {c} / 100, {c} % 100) "
    "WHEN {c} < 0 THEN printf('-%d.%02d', -{c} / 100, -{c} % 100) END",
    FieldType.DECIMAL: "CASE WHEN {c} < 0 THEN '-' ELSE '' END || (abs({c}) / 10000) "
    "|| CASE WHEN abs({c}) % 10000 = 0 THEN '' ELSE '.' || rtrim(substr('000' || (abs({c}) % 10000), -4), '0') END",
    FieldType.DATE: "{c}",
}
# The condition under which each expression above is exact.
_SQL_USUAL: dict[FieldType, str] = {
    FieldType.MONEY: "typeof({c}) IN ('integer', 'null')",
    FieldType.DECIMAL: "typeof({c}) IN ('integer', 'null')",
    FieldType.DATE: "({c} IS NULL OR length({c}) = 10)",
}


@dataclass(frozen=True)
class _Reader:
    """How to read one entity's rows in wire form.

    ``quick_sql`` converts amounts and dates in SQL. Each of its rows ends
    with a flag, true when every stored form was a usual one, and the stored
    id. The other columns go through ``python_converters``. ``plain_sql``
    reads the stored forms for ``converters``, which handle any value.
    """

    names: list[str]
    quick_sql: str
    plain_sql: str
    python_converters: list[tuple[str, Callable[[Any], Any]]]
    converters: list[tuple[str, Callable[[Any], Any]]]

    def memos(self) -> list[tuple[str, Callable[[Any], Any], dict[Any, Any]]]:
        return [(name, convert, {}) for name, convert in self.python_converters]


def _readers() -> dict[str, _Reader]:
    readers = {}
    for entity in ENTITIES.values():
        fields = [entity.field("id"), *(f for f in entity.fields if f.name != "id")]
        names = [f.name for f in fields]
        selected = []
        usual = []
        for f in fields:
            column = f'"{f.name}"'
            selected.append(_SQL_WIRE.get(f.type, "{c}").format(c=column))
            if f.type in _SQL_USUAL:
                usual.append(_SQL_USUAL[f.type].format(c=column))
        where = f'WHERE id IN (SELECT value FROM json_each(?))'
        quick_sql = f'SELECT {", ".join(selected)}, ({" AND ".join(usual) or "1"}), "id" FROM "{entity.name}" {where}'
        plain_sql = f'SELECT {", ".join(chr(34) + name + chr(34) for name in names)} FROM "{entity.name}" {where}'
        readers[entity.name] = _Reader(
            names=names,
            quick_sql=quick_sql,
            plain_sql=plain_sql,
            python_converters=[(f.name, _CONVERTERS[f.type]) for f in fields if f.type in _CONVERTERS and f.type not in _SQL_WIRE],
            converters=[(f.name, _CONVERTERS[f.type]) for f in fields if f.type in _CONVERTERS],
        )
    return readers


_READERS = _readers()
