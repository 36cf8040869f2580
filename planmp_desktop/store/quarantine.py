"""Export of the quarantine: pending edits of units that left the user's scope, as CSV."""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path

from planmp_desktop.contract.schema import ENTITIES
from planmp_desktop.store.local import LocalStore

log = logging.getLogger(__name__)

CSV_HEADER = (
    "tabela",
    "id_registro",
    "unidade",
    "operacao",
    "campo",
    "valor_anterior",
    "valor_novo",
    "comando",
    "comentario",
    "editado_em",
    "quarentena_em",
    "id_alteracao",
)


def export_quarantine(store: LocalStore, path: Path) -> int:
    """Write every quarantined edit to ``path`` (UTF-8 with BOM, ``;``-separated for Excel pt-BR).

    Each changed field is one line; a delete or a command without values is
    one line with an empty field. Returns the number of edits written and
    marks them exported, so the status bar stops counting them.
    """
    entries = store.quarantine_entries()
    with path.open("w", encoding="utf-8-sig", newline="") as output:
        writer = csv.writer(output, delimiter=";")
        writer.writerow(CSV_HEADER)
        for entry in entries:
            entity = ENTITIES.get(entry["entity"])
            table_label = entity.label if entity is not None else entry["entity"]
            base = json.loads(entry["base"])
            values = json.loads(entry["values"])
            common = (table_label, entry["row_id"], entry["unit_id"] or "", entry["op"])
            tail = (
                entry["command"] or "",
                entry["comment"] or "",
                entry["created_at"],
                entry["quarantined_at"],
                entry["mutation_id"],
            )
            if not values:
                writer.writerow((*common, "", "", "", *tail))
                continue
            for name, value in values.items():
                label = entity.field(name).label if entity is not None and entity.has_field(name) else name
                writer.writerow((*common, label, _cell(base.get(name)), _cell(value), *tail))
    store.mark_quarantine_exported([entry["mutation_id"] for entry in entries])
    log.info("Exported %d quarantined edit(s) to %s", len(entries), path)
    return len(entries)


def _cell(value: object) -> str:
    return "" if value is None else str(value)
