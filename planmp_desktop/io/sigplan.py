"""Reader of SIGPLAN action-plan exports (the Minas Gerais multi-year plan).

The export is Windows-1252 text with one action per line, fields separated by
``|`` and no quoting. Each action of one unidade orçamentária becomes a
plan_item dict (an iniciativa) that the caller places in a plan and a unit.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from planmp_desktop.contract.codec import to_wire
from planmp_desktop.contract.schema import PLAN_ITEM, FieldType
from planmp_desktop.domain.codes import ApprovalState, ExecutionStatus, ItemKind, ItemType
from planmp_desktop.domain.i18n import _

log = logging.getLogger(__name__)

ENCODING = "cp1252"
SEPARATOR = "|"

COL_PROGRAMA = "Código do Programa"
COL_PROGRAM_DELETED = "Exclusão Lógica do Programa"
COL_UO = "Código da Unidade Orçamentária Responsável pela Ação"
COL_UO_NAME = "Unidade Orçamentária Responsável pela Ação"
COL_ACAO = "Código da Ação"
COL_TITLE = "Título da Ação"
COL_DELETED = "Exclusão Lógica da Ação"
COL_DELETE_REASON = "Justificativa de Inclusão ou Exclusão da Ação"
COL_PURPOSE = "Finalidade da Ação"
COL_DESCRIPTION = "Descrição da Ação"
COL_PRODUCT = "Produto"
COL_MEASURE_UNIT = "Unidade de Medida do Produto"
BUDGET_PREFIX = "Previsão Orçamentária "
PHYSICAL_PREFIX = "Previsão Física "

REQUIRED_COLUMNS = (
    COL_PROGRAMA,
    COL_PROGRAM_DELETED,
    COL_UO,
    COL_UO_NAME,
    COL_ACAO,
    COL_TITLE,
    COL_DELETED,
    COL_DELETE_REASON,
    COL_PURPOSE,
    COL_DESCRIPTION,
    COL_PRODUCT,
    COL_MEASURE_UNIT,
)

# Plain digits with an optional decimal part after a point or a comma. Thousands
# separators are rejected because "1.234" would be ambiguous.
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
_YES_NO = {"Sim": True, "Não": False}
_CENT = Decimal("0.01")


class SigplanFormatError(ValueError):
    """The file is not a SIGPLAN action-plan export (header missing or incomplete)."""


@dataclass(frozen=True)
class RowError:
    """A line that could not be read; ``uo`` is None when the line's UO is unknown."""

    line: int
    message: str
    uo: str | None = None

    def __str__(self) -> str:
        return _("Linha {line}: {message}").format(line=self.line, message=self.message)


@dataclass(frozen=True)
class SkippedAction:
    """An action marked as logically deleted in SIGPLAN, left out of the import."""

    line: int
    programa: str
    acao: str
    uo: str
    title: str
    reason: str


@dataclass
class SigplanImport:
    """Result of reading the actions of one UO for one year.

    ``errors`` contains the unreadable lines that belong to this UO or whose UO is
    unknown. When it is not empty the caller must import nothing.
    """

    items: list[dict[str, Any]]
    skipped_deleted: list[SkippedAction]
    errors: list[RowError]
    totals_by_year: dict[int, Decimal]
    uo: str
    year: int
    years: tuple[int, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Action:
    """One readable line of the export."""

    line: int
    uo: str
    uo_name: str
    programa: str
    acao: str
    deleted: bool
    values: dict[str, str]
    budget: dict[int, Decimal | None]
    physical: dict[int, Decimal | None]


@dataclass
class _Sheet:
    years: tuple[int, ...]
    actions: list[_Action]
    errors: list[RowError]


def normalize_uo(uo: str) -> str:
    """Return the 5-digit form of a UO code typed as "1091" or "01091"."""
    text = uo.strip()
    if not text.isdigit() or len(text) > 5:
        raise ValueError(
            _("Unidade orçamentária '{uo}' inválida: informe até 5 dígitos, por exemplo 01091.").format(uo=uo)
        )
    return text.zfill(5)


def read_sigplan_actions(path: Path, uo: str, year: int) -> SigplanImport:
    """Read the non-deleted actions of unidade orçamentária ``uo`` as plan_item dicts.

    ``year`` chooses the budget and physical target that become planned_total
    and target_quantity; every year of the file goes to year_targets. Raises
    SigplanFormatError when the header is not a SIGPLAN export and ValueError
    for a malformed ``uo`` or a year the file does not cover.
    """
    uo = normalize_uo(uo)
    sheet = _read_sheet(path)
    if year not in sheet.years:
        first, last = sheet.years[0], sheet.years[-1]
        raise ValueError(
            _("Ano {year} não consta do arquivo: escolha um ano de {first} a {last}.").format(
                year=year, first=first, last=last
            )
        )

    if not any(action.uo == uo for action in sheet.actions) and not any(e.uo == uo for e in sheet.errors):
        file_uos = sorted({action.uo for action in sheet.actions})
        listed = ", ".join(file_uos[:8])
        if len(file_uos) > 8:
            listed = _("{codes} e mais {count}").format(codes=listed, count=len(file_uos) - 8)
        raise ValueError(
            _(
                "A unidade orçamentária {uo} não aparece em {name}: confira o código. "
                "Unidades do arquivo: {codes}."
            ).format(uo=uo, name=path.name, codes=listed or _("nenhuma"))
        )

    errors = [e for e in sheet.errors if e.uo is None or e.uo == uo]
    items: list[dict[str, Any]] = []
    skipped: list[SkippedAction] = []
    totals = {y: Decimal("0.00") for y in sheet.years}
    first_line: dict[tuple[str, str], int] = {}

    for action in sheet.actions:
        if action.uo != uo:
            continue
        if action.deleted:
            skipped.append(_skipped(action))
            continue

        key = (action.programa, action.acao)
        if key in first_line:
            errors.append(
                RowError(
                    action.line,
                    _(
                        "ação duplicada: programa {programa}, ação {acao}, UO {uo} "
                        "já aparece na linha {line}. Remova uma das linhas."
                    ).format(programa=action.programa, acao=action.acao, uo=uo, line=first_line[key]),
                    uo,
                )
            )
            continue
        first_line[key] = action.line

        items.append(_plan_item(action, year, sheet.years))
        for y in sheet.years:
            totals[y] += action.budget[y] or Decimal("0.00")

    errors.sort(key=lambda e: e.line)
    log.info(
        "SIGPLAN import read: uo=%s year=%s items=%d deleted=%d errors=%d",
        uo,
        year,
        len(items),
        len(skipped),
        len(errors),
    )
    return SigplanImport(items, skipped, errors, totals, uo, year, sheet.years)


def list_sigplan_uos(path: Path) -> list[tuple[str, str, int]]:
    """Return (code, name, count of non-deleted actions) of every UO in the file, by code."""
    sheet = _read_sheet(path)
    names: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for action in sheet.actions:
        names.setdefault(action.uo, action.uo_name)
        if not action.deleted:
            counts[action.uo] += 1
    return [(code, names[code], counts[code]) for code in sorted(names)]


def _read_sheet(path: Path) -> _Sheet:
    data = path.read_bytes()
    _reject_non_text(data, path)
    lines = _split_lines(data)
    try:
        _header_line, header_bytes = next(lines)
    except StopIteration:
        raise SigplanFormatError(_("O arquivo '{name}' está vazio.").format(name=path.name)) from None
    header = _fields(header_bytes.decode(ENCODING, errors="replace"))
    columns = _check_header(header, path)
    years = _years(header)

    actions: list[_Action] = []
    errors: list[RowError] = []
    for line_no, raw in lines:
        try:
            text = raw.decode(ENCODING)
        except UnicodeDecodeError as exc:
            message = _(
                "byte 0x{byte} inválido em Windows-1252: "
                "salve o arquivo nessa codificação e importe de novo."
            ).format(byte=f"{raw[exc.start]:02X}")
            errors.append(RowError(line_no, message))
            continue
        if not text.strip():
            continue
        result = _parse_line(line_no, _fields(text), header, columns, years)
        if isinstance(result, RowError):
            errors.append(result)
        else:
            actions.append(result)
    return _Sheet(years, actions, errors)


def _reject_non_text(data: bytes, path: Path) -> None:
    """Raise SigplanFormatError for a file that is not Windows-1252 text, before its header is checked."""
    start = data[:4096]
    if start.startswith((b"\xff\xfe", b"\xfe\xff")) or start[1::2].count(0) > len(start) // 4:
        raise SigplanFormatError(
            _(
                "O arquivo '{name}' está em UTF-16, e o SIGPLAN exporta em Windows-1252: salve-o como texto "
                "Windows-1252 (ANSI) e importe de novo."
            ).format(name=path.name)
        )
    if b"\x00" in start or start.startswith(b"PK\x03\x04"):
        raise SigplanFormatError(
            _(
                "O arquivo '{name}' não é texto (parece uma planilha ou outro arquivo binário): use a "
                "exportação do SIGPLAN em texto separado por |."
            ).format(name=path.name)
        )


def _split_lines(data: bytes) -> Iterator[tuple[int, bytes]]:
    # Windows-1252 is one byte per character, so splitting the bytes on LF is safe.
    for number, raw in enumerate(data.split(b"\n"), start=1):
        yield number, raw.rstrip(b"\r")


def _fields(text: str) -> list[str]:
    return text.split(SEPARATOR)


def _check_header(header: list[str], path: Path) -> dict[str, int]:
    columns = {name: index for index, name in enumerate(header)}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise SigplanFormatError(
            _(
                "'{name}' não é um plano de ações do SIGPLAN: faltam as colunas {columns}. "
                "Exporte o arquivo de ações do planejamento no SIGPLAN."
            ).format(name=path.name, columns=", ".join(f"'{name}'" for name in missing))
        )
    return columns


def _years(header: list[str]) -> tuple[int, ...]:
    budget_years = {_column_year(name, BUDGET_PREFIX) for name in header}
    physical_years = {_column_year(name, PHYSICAL_PREFIX) for name in header}
    years = tuple(sorted(y for y in budget_years & physical_years if y is not None))
    if not years:
        raise SigplanFormatError(
            _("O arquivo não tem colunas 'Previsão Orçamentária AAAA' e 'Previsão Física AAAA'.")
        )
    return years


def _column_year(name: str, prefix: str) -> int | None:
    """Return YYYY of a column named "<prefix>YYYY", else None."""
    suffix = name[len(prefix) :]
    if name.startswith(prefix) and len(suffix) == 4 and suffix.isdigit():
        return int(suffix)
    return None


def _parse_line(
    line_no: int,
    values: list[str],
    header: list[str],
    columns: dict[str, int],
    years: tuple[int, ...],
) -> _Action | RowError:
    # Tolerate one trailing separator, as other SIGPLAN exports write.
    if len(values) == len(header) + 1 and values[-1] == "":
        values = values[:-1]
    if len(values) != len(header):
        return RowError(
            line_no,
            _(
                "esperadas {expected} colunas separadas por '{separator}', "
                "encontradas {found}. Corrija a linha no arquivo e importe de novo."
            ).format(expected=len(header), separator=SEPARATOR, found=len(values)),
        )
    row = dict(zip(header, values))

    try:
        uo = normalize_uo(row[COL_UO])
    except ValueError:
        return RowError(
            line_no,
            _("código de UO '{uo}' inválido na coluna '{column}': use até 5 dígitos.").format(
                uo=row[COL_UO], column=COL_UO
            ),
        )

    deleted_flags = []
    for column in (COL_DELETED, COL_PROGRAM_DELETED):
        if row[column] not in _YES_NO:
            return RowError(
                line_no,
                _("valor '{value}' inválido na coluna '{column}': use Sim ou Não.").format(
                    value=row[column], column=column
                ),
                uo,
            )
        deleted_flags.append(_YES_NO[row[column]])
    deleted = any(deleted_flags)

    budget: dict[int, Decimal | None] = {}
    physical: dict[int, Decimal | None] = {}
    if not deleted:
        # Deleted actions may leave these columns empty, so only live ones are parsed.
        for y in years:
            try:
                budget[y] = _money(row[BUDGET_PREFIX + str(y)])
                physical[y] = _number(row[PHYSICAL_PREFIX + str(y)])
            except ValueError as exc:
                return RowError(line_no, str(exc), uo)

    return _Action(
        line=line_no,
        uo=uo,
        uo_name=row[COL_UO_NAME].strip(),
        programa=row[COL_PROGRAMA].strip(),
        acao=row[COL_ACAO].strip(),
        deleted=deleted,
        values=row,
        budget=budget,
        physical=physical,
    )


def _number(text: str) -> Decimal | None:
    """Parse a plain decimal number; an empty cell is None."""
    value = text.strip()
    if not value:
        return None
    if not _NUMBER.fullmatch(value):
        raise ValueError(
            _("valor '{text}' não é um número: use só dígitos e, se preciso, vírgula decimal.").format(text=text)
        )
    return Decimal(value.replace(",", "."))


def _money(text: str) -> Decimal | None:
    value = _number(text)
    if value is None:
        return None
    if value != value.quantize(_CENT):
        raise ValueError(_("valor orçamentário '{text}' tem mais de duas casas decimais.").format(text=text))
    return value.quantize(_CENT)


def _skipped(action: _Action) -> SkippedAction:
    return SkippedAction(
        line=action.line,
        programa=action.programa,
        acao=action.acao,
        uo=action.uo,
        title=action.values[COL_TITLE],
        reason=action.values[COL_DELETE_REASON],
    )


def _plan_item(action: _Action, year: int, years: tuple[int, ...]) -> dict[str, Any]:
    item: dict[str, Any] = dict.fromkeys(PLAN_ITEM.field_names)
    row = action.values
    texts = [row[COL_PURPOSE], row[COL_DESCRIPTION]]
    year_targets = {
        str(y): {
            "orcamento": to_wire(FieldType.MONEY, action.budget[y]),
            "meta_fisica": to_wire(FieldType.DECIMAL, action.physical[y]),
        }
        for y in years
    }
    item.update(
        kind=ItemKind.INICIATIVA.value,
        item_type=ItemType.PLANEJADA.value,
        code=f"SIGPLAN.{action.programa}.{action.acao}",
        title=row[COL_TITLE],
        description="\n\n".join(text for text in texts if text.strip()) or None,
        uo=action.uo,
        programa=action.programa,
        acao=action.acao,
        start_date=dt.date(year, 1, 1),
        end_date=dt.date(year, 12, 31),
        multi_year=False,
        status=ExecutionStatus.NAO_INICIADO.value,
        progress=Decimal("0"),
        deliverable=row[COL_PRODUCT] or None,
        target_quantity=action.physical[year],
        target_unit=row[COL_MEASURE_UNIT] or None,
        # NOTE: SIGPLAN gives only the yearly amount, so the monthly schedule
        # (month_01..month_12) stays empty for the user to fill in.
        planned_total=action.budget[year],
        approval_state=ApprovalState.RASCUNHO.value,
        year_targets=year_targets,
        source_ref=f"SIGPLAN:{action.programa}/{action.acao}/{action.uo}",
    )
    return item
