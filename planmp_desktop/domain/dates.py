"""Dates as pt-BR users type them (``dd/mm/aaaa``) and as ISO 8601 files carry them."""

from __future__ import annotations

import re
from datetime import date

from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import _

_BR_DATE = re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})", re.ASCII)
_ISO_DATE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})", re.ASCII)


def parse_date(text: str) -> date:
    """Parse ``dd/mm/aaaa`` (day and month may have one digit) or ISO ``aaaa-mm-dd``.

    Raises DomainValueError for empty text, another layout or a day that
    does not exist in the calendar (31/02/2026).
    """
    stripped = text.strip()
    if not stripped:
        raise DomainValueError(text, _("Data vazia: informe uma data no formato dd/mm/aaaa."))

    match = _BR_DATE.fullmatch(stripped) or _ISO_DATE.fullmatch(stripped)
    if match is None:
        raise DomainValueError(
            text, _("Data '{value}' inválida: use o formato dd/mm/aaaa.").format(value=text)
        )

    try:
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        raise DomainValueError(
            text, _("Data '{value}' não existe no calendário: confira o dia e o mês.").format(value=text)
        ) from None


def format_date(d: date) -> str:
    """Format ``d`` as ``dd/mm/aaaa``."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"
