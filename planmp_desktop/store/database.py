"""Opening the local SQLite store and migrating its schema.

Each migration is a function applied in order. ``PRAGMA user_version``
records how many have run, so pending outbox entries are carried forward
when the app is upgraded.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from planmp_desktop.contract.schema import ENTITIES
from planmp_desktop.store.columns import SQL_TYPES, table_name

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 30.0
# Seconds the checkpoint thread waits for a request before it ends.
CHECKPOINT_IDLE_S = 10.0


def connect(path: Path, busy_timeout_s: float = BUSY_TIMEOUT_S) -> sqlite3.Connection:
    """Open a connection in WAL mode with the store's pragmas.

    ``synchronous=FULL`` makes every committed edit survive a power cut, not
    only a killed process; an edit commit costs one fsync.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("PRAGMA temp_store=MEMORY")
    return connection


class BackgroundCheckpoints:
    """Copies a store's write-ahead log into its database file on a thread of its own.

    SQLite runs its automatic checkpoint inside the commit that takes the log
    past 1,000 pages, so a 10,000-row paste waited 30 to 80 ms more for its
    commit. The store turns that off on its connection (``pause_automatic``)
    and requests a checkpoint here after each write transaction. A passive
    checkpoint waits for no reader or writer: it copies what it can, and the
    next request copies the rest. The commit stays durable, because with
    ``synchronous=FULL`` the log is synced before the commit returns.
    The thread ends after ``CHECKPOINT_IDLE_S`` without requests and starts
    again on the next one, so a store left open costs no thread.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._requested = threading.Event()
        self._lock = threading.Lock()
        self._stopping = False
        self._thread: threading.Thread | None = None

    @staticmethod
    def pause_automatic(connection: sqlite3.Connection) -> None:
        connection.execute("PRAGMA wal_autocheckpoint=0")

    def request(self) -> None:
        """Ask for a checkpoint soon; requests made while one runs are served by one more run."""
        with self._lock:
            if self._stopping:
                return
            self._requested.set()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"checkpoint {self._path.name}", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        """Let a running checkpoint finish and end the thread."""
        with self._lock:
            self._stopping = True
            thread = self._thread
            self._requested.set()
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        connection = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            while True:
                if not self._requested.wait(CHECKPOINT_IDLE_S):
                    with self._lock:
                        if not self._requested.is_set():
                            self._thread = None
                            return
                    continue
                self._requested.clear()
                if self._stopping:
                    return
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as exc:
                    # The next request tries again; until then the log only grows.
                    log.warning("Checkpoint of %s failed: %s", self._path.name, exc)
        finally:
            connection.close()


class ReadAhead:
    """Read queries run on a thread and connection of their own, for the GUI thread to collect later.

    The sqlite3 module releases the GIL while a query steps, so SQLite reads
    on the second core while the GUI thread builds the window. Results are
    kept by SQL text and parameters. ``take`` discards them when anything was
    written to the store after they were requested.
    """

    def __init__(self, path: Path, queries: list[tuple[str, tuple[Any, ...]]], version: tuple[int, int]) -> None:
        self.version = version  # the requesting connection's (total_changes, data_version) at the request
        self._path = path
        self._queries = queries
        self._results: dict[tuple[str, tuple[Any, ...]], list[tuple[Any, ...]]] = {}
        self._thread = threading.Thread(target=self._run, name=f"read ahead {path.name}", daemon=True)
        self._thread.start()

    def take(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]] | None:
        """Wait for the queries and return the rows of ``sql`` with ``params``, or None if it was not read."""
        self._thread.join()
        return self._results.pop((sql, params), None)

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self._path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            try:
                connection.execute("BEGIN")  # one snapshot for every query
                for sql, params in self._queries:
                    self._results[(sql, params)] = connection.execute(sql, params).fetchall()
            finally:
                connection.close()
        except sqlite3.Error as exc:
            # The GUI thread then runs the queries itself.
            log.warning("Reading ahead in %s failed: %s", self._path.name, exc)
            self._results.clear()


def _create_entity_tables(connection: sqlite3.Connection, skip: set[str] | frozenset[str] = frozenset()) -> None:
    for entity in ENTITIES.values():
        if table_name(entity).strip('"') in skip:
            continue
        columns = []
        for field in entity.fields:
            column = f'"{field.name}" {SQL_TYPES[field.type]}'
            if field.name == "id":
                column += " PRIMARY KEY"
            columns.append(column)
        connection.execute(f"CREATE TABLE {table_name(entity)} ({', '.join(columns)})")


def _migration_1(connection: sqlite3.Connection) -> None:
    _create_entity_tables(connection)
    _execute_script(
        connection,
        """
        CREATE INDEX plan_item_plan ON plan_item(plan_id, code);
        CREATE INDEX plan_item_unit ON plan_item(unit_id);
        CREATE INDEX plan_item_parent ON plan_item(parent_id);
        CREATE INDEX plan_item_approval ON plan_item(approval_state);
        CREATE INDEX audit_event_at ON audit_event("at");
        CREATE INDEX audit_event_row ON audit_event(row_id);
        CREATE INDEX budget_line_year ON budget_line(year);

        -- Local edits waiting for the server, in the order they were made.
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            mutation_id TEXT NOT NULL UNIQUE,
            entity TEXT NOT NULL,
            row_id TEXT NOT NULL,
            op TEXT NOT NULL,
            base TEXT NOT NULL,
            "values" TEXT NOT NULL,
            command TEXT,
            comment TEXT,
            created_at TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE INDEX outbox_state ON outbox(state, seq);
        CREATE INDEX outbox_row ON outbox(entity, row_id);

        -- Fields whose local value is not yet on the server; the sheet marks
        -- them and a pull keeps their local value.
        CREATE TABLE pending_field (
            entity TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            mutations INTEGER NOT NULL,
            PRIMARY KEY (entity, row_id, field)
        ) WITHOUT ROWID;

        CREATE TABLE conflict (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            mutation_id TEXT NOT NULL,
            entity TEXT NOT NULL,
            row_id TEXT NOT NULL,
            field TEXT NOT NULL,
            base TEXT,
            local TEXT,
            server TEXT,
            reason TEXT,
            created_at TEXT NOT NULL,
            resolved_at TEXT
        );
        CREATE INDEX conflict_row ON conflict(entity, row_id);

        CREATE TABLE rejection (
            mutation_id TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            row_id TEXT NOT NULL,
            op TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at TEXT NOT NULL,
            dismissed_at TEXT
        );

        CREATE TABLE sync_state (
            key TEXT PRIMARY KEY,
            value TEXT
        );
        """
    )


def _execute_script(connection: sqlite3.Connection, script: str) -> None:
    """Run statements one by one; ``executescript`` would commit the open transaction."""
    lines = [line for line in script.splitlines() if not line.strip().startswith("--")]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            connection.execute(statement)


def _migration_2(connection: sqlite3.Connection) -> None:
    """Add conflict resolutions, the quarantine of revoked units' edits and the needs-attention state.

    An outbox entry in state ``attention`` failed ``MAX_PUSH_ATTEMPTS`` sync
    runs in a row and is no longer pushed until the user retries it. Entity
    tables added to the contract since migration 1 ran (such as
    ``unit_grant``) are created too.
    """
    existing = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    _create_entity_tables(connection, skip=existing)
    _execute_script(
        connection,
        """
        ALTER TABLE conflict ADD COLUMN resolution TEXT;
        ALTER TABLE conflict ADD COLUMN resolution_mutation_id TEXT;
        CREATE INDEX conflict_open ON conflict(resolved_at, mutation_id);

        -- Pending edits of rows whose unit left the user's scope: no longer
        -- pushed, kept so the user can see and export them.
        CREATE TABLE quarantine (
            mutation_id TEXT PRIMARY KEY,
            entity TEXT NOT NULL,
            row_id TEXT NOT NULL,
            unit_id TEXT,
            op TEXT NOT NULL,
            base TEXT NOT NULL,
            "values" TEXT NOT NULL,
            command TEXT,
            comment TEXT,
            created_at TEXT NOT NULL,
            row_snapshot TEXT,
            quarantined_at TEXT NOT NULL,
            exported_at TEXT
        );
        CREATE INDEX quarantine_row ON quarantine(entity, row_id);
        """
    )


def _migration_3(connection: sqlite3.Connection) -> None:
    """Index plan items by plan, code and id, the sheet's default order.

    With ``id`` in the index the sheet reads its ordered id list from the
    index alone, without sorting the table.
    """
    _execute_script(
        connection,
        """
        DROP INDEX plan_item_plan;
        CREATE INDEX plan_item_plan_code ON plan_item(plan_id, code, id);
        """,
    )


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migration_1, _migration_2, _migration_3]


def migrate(connection: sqlite3.Connection) -> int:
    """Apply every migration not yet applied, each in its own transaction.

    Returns the schema version reached.
    """
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise RuntimeError(
            f"Local store schema version {version} is newer than this app knows ({len(MIGRATIONS)}); "
            "update PlanMP Desktop."
        )
    for number in range(version + 1, len(MIGRATIONS) + 1):
        connection.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](connection)
            connection.execute(f"PRAGMA user_version = {number}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        log.info("Local store migrated to schema version %d", number)
    return len(MIGRATIONS)
