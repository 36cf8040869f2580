"""Server database: tables built from the contract's entity registry, plus the sync bookkeeping.

Money is exact on both back ends: ``numeric(18, 2)`` on PostgreSQL and integer
centavos on SQLite, whose NUMERIC affinity would otherwise store binary floats.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Index,
    Integer,
    MetaData,
    Numeric,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

from planmp_desktop.contract.schema import ENTITIES, Entity, FieldType

log = logging.getLogger(__name__)

CENTS = Decimal(100)
CENT = Decimal("0.01")
TEN_THOUSANDTHS = Decimal(10000)
# numeric(18, 2) stores up to 16 integer digits; larger money values are rejected before writing.
MONEY_LIMIT = Decimal("1e16")
DECIMAL_LIMIT = Decimal("1e14")
# Arbitrary constant key of the PostgreSQL advisory lock that serialises writers.
WRITER_LOCK_KEY = 7_461_006


class Money(TypeDecorator[Decimal]):
    """Exact money: numeric(18, 2), or integer centavos on SQLite."""

    impl = Numeric(18, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, 2, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        amount = Decimal(value).quantize(CENT)
        return int(amount * CENTS) if dialect.name == "sqlite" else amount

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            # Exactly two places, as dividing by 100 and quantizing gives, without the arithmetic.
            return Decimal(int(value)).scaleb(-2)
        return Decimal(value)


class Decimal4(TypeDecorator[Decimal]):
    """Exact decimal with four places: numeric(18, 4), or integer ten-thousandths on SQLite."""

    impl = Numeric(18, 4)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(18, 4, asdecimal=True))

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        number = Decimal(value).quantize(Decimal("0.0001"))
        return int(number * TEN_THOUSANDTHS) if dialect.name == "sqlite" else number

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return Decimal(int(value)) / TEN_THOUSANDTHS
        return Decimal(value)


def column_type(field_type: FieldType) -> TypeEngine[Any]:
    """Return the SQLAlchemy column type of a contract field type."""
    mapping: dict[FieldType, TypeEngine[Any]] = {
        FieldType.TEXT: Text(),
        FieldType.INT: BigInteger(),
        FieldType.MONEY: Money(),
        FieldType.DECIMAL: Decimal4(),
        FieldType.DATE: Date(),
        FieldType.TIMESTAMP: DateTime(timezone=True),
        FieldType.BOOL: Boolean(),
        FieldType.UUID: Uuid(),
        FieldType.JSON: JSON(),
    }
    return mapping[field_type]


metadata = MetaData()


def _entity_table(entity: Entity) -> Table:
    columns = []
    for field in entity.fields:
        if field.name == "id":
            columns.append(Column("id", Uuid(), primary_key=True))
        else:
            columns.append(Column(field.name, column_type(field.type), nullable=True))
    return Table(entity.name, metadata, *columns)


ENTITY_TABLES: dict[str, Table] = {name: _entity_table(entity) for name, entity in ENTITIES.items()}

Index("ix_plan_item_unit_id", ENTITY_TABLES["plan_item"].c.unit_id)
Index("ix_plan_item_parent_id", ENTITY_TABLES["plan_item"].c.parent_id)
Index("ix_plan_item_plan_code", ENTITY_TABLES["plan_item"].c.plan_id, ENTITY_TABLES["plan_item"].c.code)
Index("ix_audit_event_row_id", ENTITY_TABLES["audit_event"].c.row_id)
Index("ix_audit_event_at", ENTITY_TABLES["audit_event"].c.at)
Index("ix_unit_grant_user_id", ENTITY_TABLES["unit_grant"].c.user_id)

# One entry per row, at the row's latest change: a change deletes the previous
# entry and inserts a new one. sqlite_autoincrement keeps SQLite from reusing
# the deleted maximum seq, which would hide the change from cursors already past it.
# ``prev_unit_id`` is the unit the row was in before it last moved to another
# unit, so a pull sends a tombstone to users who saw the old unit only.
change_log = Table(
    "change_log",
    metadata,
    Column("seq", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("entity", Text(), nullable=False),
    Column("row_id", Uuid(), nullable=False),
    Column("unit_id", Uuid(), nullable=True),
    Column("deleted", Boolean(), nullable=False, default=False),
    Column("prev_unit_id", Uuid(), nullable=True),
    UniqueConstraint("entity", "row_id", name="uq_change_log_entity_row"),
    sqlite_autoincrement=True,
)
Index("ix_change_log_unit_seq", change_log.c.unit_id, change_log.c.seq)
Index("ix_change_log_prev_unit_seq", change_log.c.prev_unit_id, change_log.c.seq)

# Idempotency: the mutation id and its result are written in the same transaction as the change.
applied_mutation = Table(
    "applied_mutation",
    metadata,
    Column("mutation_id", Uuid(), primary_key=True),
    Column("user_id", Uuid(), nullable=False),
    Column("result", JSON(), nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

# One entry per field decision of a pushed update, delete or insert over an
# existing row, written in the push's transaction. Values are in wire form:
# ``base`` as the client last saw it, ``local`` the client's new value and
# ``server`` the server's value before the mutation.
merge_log = Table(
    "merge_log",
    metadata,
    Column("id", BigInteger().with_variant(Integer(), "sqlite"), primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("mutation_id", Uuid(), nullable=False),
    Column("entity", Text(), nullable=False),
    Column("row_id", Uuid(), nullable=False),
    Column("field", Text(), nullable=False),
    Column("base", JSON(none_as_null=True), nullable=True),
    Column("local", JSON(none_as_null=True), nullable=True),
    Column("server", JSON(none_as_null=True), nullable=True),
    Column("outcome", Text(), nullable=False),  # applied, already_equal, conflict, rejected
    Column("rule", Text(), nullable=False),
    Column("user_id", Uuid(), nullable=False),
    Column("device_id", Text(), nullable=True),
)
Index("ix_merge_log_row_id", merge_log.c.row_id)

server_meta = Table(
    "server_meta",
    metadata,
    Column("id", Integer(), primary_key=True),
    Column("generation_id", Text(), nullable=False),
)


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and explicit transaction control."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)

    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own BEGIN handling breaks SAVEPOINT; SQLAlchemy emits BEGIN instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # A writer takes the write lock at BEGIN, so two writers cannot deadlock upgrading read locks.
        if connection.get_execution_options().get("planmp_write"):
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """Open the one writing transaction of a request, committed when the block ends.

    On PostgreSQL it takes a transaction-scoped advisory lock first, so writers
    run one at a time and change_log sequence numbers commit in increasing
    order. A pull cursor therefore never skips a change still in flight. This
    is the contract's single-serialised-writer option; SQLite has one writer anyway.
    Every server path that writes change_log must go through here.
    """
    with engine.connect().execution_options(planmp_write=True) as connection:
        with connection.begin():
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITER_LOCK_KEY})
            yield connection
