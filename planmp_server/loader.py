"""Bulk load of rows given as Python values (sample data, imports) with their change_log entries."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import Engine, insert

from planmp_desktop.contract.schema import ENTITIES
from planmp_server.db import ENTITY_TABLES, change_log, write_transaction

log = logging.getLogger(__name__)


def load_rows(engine: Engine, rows_by_entity: dict[str, list[dict[str, Any]]]) -> None:
    """Insert new rows of each entity in one transaction, through Core executemany.

    Values are Python values (UUID, Decimal, date, datetime, dict). A field
    missing from a row is stored as NULL; the rows must not exist yet.
    Raises KeyError for an unknown entity or field.
    """
    with write_transaction(engine) as connection:
        for entity_name, rows in rows_by_entity.items():
            if not rows:
                continue
            entity = ENTITIES[entity_name]
            names = entity.field_names
            for row in rows:
                unknown = set(row) - set(names)
                if unknown:
                    raise KeyError(f"Unknown fields of {entity_name}: {sorted(unknown)}")
            records = [{name: row.get(name) for name in names} for row in rows]
            connection.execute(insert(ENTITY_TABLES[entity_name]), records)

            scope_field = entity.scope_field
            log_entries = [
                {
                    "entity": entity_name,
                    "row_id": row["id"],
                    "unit_id": row.get(scope_field) if scope_field else None,
                    "deleted": False,
                }
                for row in rows
            ]
            connection.execute(insert(change_log), log_entries)
            log.info("Loaded %d rows of %s", len(rows), entity_name)
