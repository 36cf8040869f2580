"""Column mappings: which column of a user's file fills which budget_line or plan_item field.

Built-in presets cover the Portal da Transparência "Orçamento da Despesa"
download, the SIGPLAN action-plan export and the plan sheet's own columns. Users save their own mappings
as JSON files in a folder the caller chooses.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from planmp_desktop.contract.schema import BUDGET_LINE, PLAN_ITEM, FieldType
from planmp_desktop.domain.i18n import N_, _
from planmp_desktop.io import sigplan

log = logging.getLogger(__name__)

MAPPING_VERSION = 1

# Parts of the natureza de despesa that files give in separate columns. They
# are not budget_line fields: the importer joins them into natureza_despesa.
CATEGORIA = "categoria"
GRUPO = "grupo"
MODALIDADE = "modalidade"
ELEMENTO = "elemento"
NATUREZA_PARTS = (CATEGORIA, GRUPO, MODALIDADE, ELEMENTO)

BUDGET_TARGETS: dict[str, str] = {
    **{
        f.name: f.label
        for f in BUDGET_LINE.fields
        if f.name not in ("id", "unit_id", "plan_item_id")
    },
    CATEGORIA: N_("Categoria econômica (parte da natureza)"),
    GRUPO: N_("Grupo de despesa (parte da natureza)"),
    MODALIDADE: N_("Modalidade de aplicação (parte da natureza)"),
    ELEMENTO: N_("Elemento de despesa (parte da natureza)"),
}
"""Fields a column can fill, with the pt-BR label the wizard shows through ``_()``."""

MONEY_TARGETS = tuple(f.name for f in BUDGET_LINE.fields if f.type is FieldType.MONEY)

# Column names of state budget systems' exports (SIAFI-style codes, as in Minas Gerais' execution
# bases), as guess_mapping compares them: without case or accents. "Crédito autorizado" is the
# dotação atualizada, the LOA's value the dotação inicial.
BUDGET_ALIASES: dict[str, str] = {
    "ano": "year",
    "exercicio": "year",
    "uo_cod": "uo",
    "ug_cod": "ug",
    "acao_cod": "acao",
    "programa_cod": "programa",
    "funcao_cod": "funcao",
    "subfuncao_cod": "subfuncao",
    "fonte_cod": "fonte",
    "categoria_cod": CATEGORIA,
    "grupo_cod": GRUPO,
    "modalidade_cod": MODALIDADE,
    "elemento_cod": ELEMENTO,
    "vl_loa": "dotacao_inicial",
    "vl_loa_desp": "dotacao_inicial",
    "vl_cred_aut": "dotacao_atualizada",
    "vl_emp": "empenhado",
    "vl_liq": "liquidado",
    "vl_pago": "pago",
    "vl_pag": "pago",
}


@dataclass
class ColumnMapping:
    """A named mapping of target field -> column name of the file.

    ``entity`` is ``budget_line`` for budget imports, ``plan_item`` for
    the SIGPLAN preset, whose import runs through ``plan_import``, and
    ``PLAN_SHEET`` for plan items by the sheet's columns (``item_import``).
    ``required_columns`` are the columns a file must have for the preset
    to be offered automatically.
    """

    name: str
    fields: dict[str, str]
    entity: str = "budget_line"
    required_columns: tuple[str, ...] = ()
    builtin: bool = False
    ignored_columns: dict[str, str] = field(default_factory=dict)

    def column_for(self, target: str) -> str | None:
        return self.fields.get(target)

    def targets_by_column(self) -> dict[str, str]:
        return {column: target for target, column in self.fields.items()}

    def matches(self, columns: Iterable[str]) -> bool:
        """Tell whether a file with ``columns`` has every column this mapping reads."""
        present = {_fold(name) for name in columns}
        needed = self.required_columns or tuple(self.fields.values())
        return all(_fold(name) in present for name in needed)

    def resolved(self, columns: Iterable[str]) -> ColumnMapping:
        """Return a copy whose column names are spelled as in ``columns``.

        Presets match columns regardless of case, accents and spacing, since
        portals change those between years.
        """
        by_folded = {_fold(name): name for name in columns}
        fields = {
            target: by_folded[_fold(column)]
            for target, column in self.fields.items()
            if _fold(column) in by_folded
        }
        return ColumnMapping(
            self.name, fields, self.entity, self.required_columns, self.builtin, dict(self.ignored_columns)
        )


PORTAL_ORCAMENTO_DESPESA = ColumnMapping(
    name="Portal da Transparência – Orçamento da Despesa",
    fields={
        "year": "EXERCÍCIO",
        "uo": "CÓDIGO UNIDADE ORÇAMENTÁRIA",
        "funcao": "CÓDIGO FUNÇÃO",
        "subfuncao": "CÓDIGO SUBFUNÇÃO",
        "programa": "CÓDIGO PROGRAMA ORÇAMENTÁRIO",
        "acao": "CÓDIGO AÇÃO",
        CATEGORIA: "CÓDIGO CATEGORIA ECONÔMICA",
        GRUPO: "CÓDIGO GRUPO DE DESPESA",
        ELEMENTO: "CÓDIGO ELEMENTO DE DESPESA",
        "dotacao_inicial": "ORÇAMENTO INICIAL (R$)",
        "dotacao_atualizada": "ORÇAMENTO ATUALIZADO (R$)",
        "empenhado": "ORÇAMENTO EMPENHADO (R$)",
    },
    required_columns=(
        "EXERCÍCIO",
        "CÓDIGO UNIDADE ORÇAMENTÁRIA",
        "CÓDIGO AÇÃO",
        "ORÇAMENTO INICIAL (R$)",
        "ORÇAMENTO ATUALIZADO (R$)",
        "ORÇAMENTO EMPENHADO (R$)",
        "ORÇAMENTO REALIZADO (R$)",
    ),
    builtin=True,
    ignored_columns={
        # The portal's data dictionary does not say that "realizado" is the
        # amount paid, and 119 rows of the 2024 file have realizado above
        # empenhado, which pago of the year's empenhos cannot be. So it fills
        # neither pago nor liquidado.
        "ORÇAMENTO REALIZADO (R$)": N_("não equivale a pago nem a liquidado; não é importado."),
        "% REALIZADO DO ORÇAMENTO (COM RELAÇÃO AO ORÇAMENTO ATUALIZADO)": N_("percentual calculado; não é importado."),
    },
)
"""Portal da Transparência download "Orçamento da Despesa" (federal, yearly).

The file has no modalidade de aplicação, so natureza_despesa stays empty:
categoria, grupo and elemento alone do not make a natureza.
"""

SIGPLAN_ACOES = ColumnMapping(
    name="SIGPLAN – ações do planejamento",
    entity=PLAN_ITEM.name,
    fields={
        "uo": sigplan.COL_UO,
        "programa": sigplan.COL_PROGRAMA,
        "acao": sigplan.COL_ACAO,
        "title": sigplan.COL_TITLE,
        "description": sigplan.COL_DESCRIPTION,
        "deliverable": sigplan.COL_PRODUCT,
        "target_unit": sigplan.COL_MEASURE_UNIT,
    },
    required_columns=sigplan.REQUIRED_COLUMNS,
    builtin=True,
)
"""SIGPLAN action-plan export; its import creates plan items through ``plan_import.import_sigplan``."""

PLAN_SHEET = "plan_sheet"
"""``ColumnMapping.entity`` of imports into the plan sheet's items (``plan_item`` rows, see ``io.item_import``)."""

# The columns ``io.export`` writes, so that an exported file maps back by its labels.
PLAN_SHEET_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in PLAN_ITEM.fields if f.name not in ("id", "plan_id", "parent_id", "year_targets")
)
READ_ONLY_ITEM_FIELDS: dict[str, str] = {
    "empenhado": N_("vem do sistema financeiro; não é importada."),
    "liquidado": N_("vem do sistema financeiro; não é importada."),
    "pago": N_("vem do sistema financeiro; não é importada."),
    "approval_state": N_("muda só por envio, aprovação ou devolução; não é importada."),
}
"""Exported plan_item columns that an import leaves out, with the pt-BR reason the result page shows through ``_()``."""

ITEM_TARGETS: dict[str, str] = {
    name: PLAN_ITEM.field(name).label for name in PLAN_SHEET_COLUMNS if name not in READ_ONLY_ITEM_FIELDS
}
"""plan_item fields a column can fill, with the pt-BR label the wizard shows (the sheet's column label)."""

PLAN_ITEMS = ColumnMapping(
    name="Itens do plano",
    entity=PLAN_SHEET,
    fields=dict(ITEM_TARGETS),
    required_columns=(ITEM_TARGETS["code"], ITEM_TARGETS["title"]),
    builtin=True,
    ignored_columns={PLAN_ITEM.field(name).label: reason for name, reason in READ_ONLY_ITEM_FIELDS.items()},
)
"""Plan items by the sheet's column labels; a file written by ``io.export`` matches it with no manual mapping."""

PRESETS: tuple[ColumnMapping, ...] = (PORTAL_ORCAMENTO_DESPESA, SIGPLAN_ACOES, PLAN_ITEMS)


class MappingFileError(ValueError):
    """A saved mapping file cannot be read; the message is pt-BR."""


def find_preset(columns: Iterable[str], saved: Iterable[ColumnMapping] = ()) -> ColumnMapping | None:
    """Return the first preset, then saved mapping, that ``columns`` satisfy, resolved to their spelling."""
    names = list(columns)
    for mapping in (*PRESETS, *saved):
        if mapping.matches(names):
            return mapping.resolved(names)
    return None


def guess_mapping(columns: Iterable[str], entity: str = BUDGET_LINE.name) -> ColumnMapping:
    """Map columns whose name equals a target's field name or label, or a known alias (case and accents ignored).

    ``entity`` chooses the targets: budget_line fields, or the plan sheet's
    columns with ``PLAN_SHEET``.
    """
    by_key: dict[str, str] = dict(BUDGET_ALIASES) if entity == BUDGET_LINE.name else {}
    for target, label in targets_for(entity).items():
        by_key[_fold(target)] = target
        by_key[_fold(label)] = target
    fields: dict[str, str] = {}
    for column in columns:
        target = by_key.get(_fold(column))
        if target is not None and target not in fields:
            fields[target] = column
    return ColumnMapping("Mapeamento sugerido", fields, entity=entity)


def targets_for(entity: str) -> dict[str, str]:
    """Return the fields a column can fill in imports of ``entity``, with their pt-BR labels."""
    return ITEM_TARGETS if entity == PLAN_SHEET else BUDGET_TARGETS


def save_mapping(folder: Path, mapping: ColumnMapping) -> Path:
    """Write ``mapping`` as ``<folder>/<name>.json`` (created if missing) and return the path."""
    if not mapping.name.strip():
        raise ValueError(_("Informe um nome para o mapeamento."))
    unknown = [target for target in mapping.fields if target not in targets_for(mapping.entity)]
    if mapping.entity in (BUDGET_LINE.name, PLAN_SHEET) and unknown:
        raise ValueError(_("Campos desconhecidos no mapeamento: {fields}.").format(fields=", ".join(unknown)))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{_slug(mapping.name)}.json"
    document = {
        "version": MAPPING_VERSION,
        "name": mapping.name.strip(),
        "entity": mapping.entity,
        "fields": mapping.fields,
        "required_columns": list(mapping.required_columns),
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    log.info("Saved column mapping %r to %s", mapping.name, path)
    return path


def load_mapping(path: Path) -> ColumnMapping:
    """Read one saved mapping; raises MappingFileError when the file is not a mapping."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MappingFileError(
            _("Mapeamento '{name}' ilegível: {reason}. Apague o arquivo e salve de novo.").format(name=path.name, reason=exc)
        ) from exc
    if not isinstance(document, Mapping) or not isinstance(document.get("fields"), Mapping):
        raise MappingFileError(
            _("Mapeamento '{name}' sem a lista de campos: apague o arquivo e salve de novo.").format(name=path.name)
        )
    if document.get("version", MAPPING_VERSION) > MAPPING_VERSION:
        raise MappingFileError(
            _("Mapeamento '{name}' foi salvo por uma versão mais nova do PlanMP: atualize o programa.").format(
                name=path.name
            )
        )
    return ColumnMapping(
        name=str(document.get("name") or path.stem),
        fields={str(target): str(column) for target, column in document["fields"].items()},
        entity=str(document.get("entity") or BUDGET_LINE.name),
        required_columns=tuple(str(c) for c in document.get("required_columns") or ()),
    )


def load_mappings(folder: Path) -> list[ColumnMapping]:
    """Read every ``*.json`` mapping in ``folder``, by name; unreadable files are logged and skipped."""
    if not folder.is_dir():
        return []
    mappings = []
    for path in sorted(folder.glob("*.json")):
        try:
            mappings.append(load_mapping(path))
        except MappingFileError as exc:
            log.warning("Skipped mapping file %s: %s", path.name, exc)
    return sorted(mappings, key=lambda mapping: mapping.name.casefold())


def _fold(name: str) -> str:
    """Return ``name`` without accents, case and repeated spaces, for matching column names."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(plain.casefold().split())


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(name)).strip("-") or "mapeamento"
