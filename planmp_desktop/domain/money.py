"""Exact money and pt-BR number text: parsing what users type or paste, and formatting.

Money is ``Decimal`` with two places, never ``float``, so 68.68 stays 68.68.
pt-BR writes ``1.234,56``: the dot groups thousands and the comma separates
decimals. Text without a comma is read by one rule in every parser here:

* ``1.234`` and ``1.234.567`` (groups of exactly three digits after each
  dot, first group not starting with 0) are thousands, so "1.234" is 1234;
* a single dot followed by one or two digits (``1234.56``, ``12.5``) is a
  decimal point, as in the wire form and in pastes from English sheets;
* anything else with a dot, such as ``1234.567`` or ``0.125``, is rejected
  because it cannot be read safely either way.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import _

CENT = Decimal("0.01")
# decimal(18,2) on SQL Server and numeric(18,2) on PostgreSQL hold 16 integer digits.
MAX_MONEY_DIGITS = 16
MAX_MONEY = Decimal("9999999999999999.99")

_PLAIN = re.compile(r"(?P<int>\d+)(?:,(?P<frac>\d+))?", re.ASCII)
_GROUPED = re.compile(r"(?P<int>[1-9]\d{0,2}(?:\.\d{3})+)(?:,(?P<frac>\d+))?", re.ASCII)
_DOT_DECIMAL = re.compile(r"(?P<int>\d+)\.(?P<frac>\d{1,2})", re.ASCII)
_SIGNED = re.compile(r"(?P<sign1>[+-]?)\s*(?P<currency>R\$)?\s*(?P<sign2>[+-]?)\s*(?P<body>.*)", re.ASCII)
# Excel and LibreOffice in pt-BR put a no-break space between "R$" and the amount.
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\t": " "})


# Excel's "Contábil" (accounting) format shows zero as "R$ -", and a copied cell keeps that text.
_ACCOUNTING_ZERO = re.compile(r"R\$\s*-")


def parse_money(text: str) -> Decimal:
    """Parse a pt-BR amount such as ``R$ 1.234,56`` into a Decimal with two places.

    Raises DomainValueError for empty text, more than two decimals, more
    than 16 integer digits or anything that is not a number.
    """
    stripped = text.translate(_SPACES).strip()
    if not stripped:
        raise DomainValueError(text, _("Valor vazio: informe um valor no formato 1.234,56."))
    if _ACCOUNTING_ZERO.fullmatch(stripped):
        return Decimal("0.00")

    parsed = _split_number(stripped, allow_currency=True)
    if parsed is None:
        _reject_signed_brackets(text, stripped)
        raise DomainValueError(
            text, _("Valor '{value}' inválido: use o formato 1.234,56.").format(value=text)
        )
    negative, integer, fraction = parsed

    if len(fraction) > 2:
        raise DomainValueError(
            text,
            _("Valor '{value}' tem mais de duas casas decimais: use centavos, como 1.234,56.").format(
                value=text
            ),
        )
    if len(integer.lstrip("0")) > MAX_MONEY_DIGITS:
        raise DomainValueError(
            text,
            _("Valor '{value}' grande demais: o máximo é {maximum}.").format(
                value=text, maximum=format_money(MAX_MONEY)
            ),
        )

    amount = Decimal(f"{integer}.{fraction or '0'}").quantize(CENT)
    return -amount if negative and amount else amount


def format_money(value: Decimal, symbol: bool = False) -> str:
    """Format ``value`` as pt-BR money: ``1.234,56``, ``-1.234,56`` or ``R$ 1.234,56``.

    A value with more than two places is rounded half to even, as the wire
    codec does, so the screen shows what the server stores.
    """
    amount = _require_decimal(value).quantize(CENT, rounding=ROUND_HALF_EVEN)
    sign = "-" if amount < 0 else ""
    integer, fraction = f"{abs(amount):f}".split(".")
    text = f"{_group_thousands(integer)},{fraction}"
    if symbol:
        text = f"R$ {text}"
    return sign + text


def format_centavos(cents: int) -> str:
    """Format integer centavos, the stored form, as ``format_money(from_centavos(cents))`` does, without Decimal.

    The sheet formats every shown amount this way; copying a 100,000-row sheet
    formats about 1.6 million of them.
    """
    whole, part = divmod(abs(cents), 100)
    grouped = f"{whole:,}".replace(",", ".")
    return f"-{grouped},{part:02d}" if cents < 0 else f"{grouped},{part:02d}"


# pt-BR short scale words for large amounts, largest first: "3,81 bi" is 3.81 billion.
_COMPACT_UNITS = ((Decimal(10) ** 12, "tri"), (Decimal(10) ** 9, "bi"), (Decimal(10) ** 6, "mi"), (Decimal(10) ** 3, "mil"))


def format_money_compact(value: Decimal) -> str:
    """Format ``value`` with three significant digits and a pt-BR scale word: ``3,81 bi``, ``-812 mi``, ``45,2 mil``.

    For a total too wide for its column: unlike a cut-off number, it keeps
    the magnitude. Amounts under a thousand are formatted in full.
    """
    amount = _require_decimal(value)
    if abs(amount) < 1000:
        return format_money(amount)
    # Rounding to three significant digits first, so 999.999.999,99 reads 1,00 bi rather than 1.000 mi.
    rounded = amount.quantize(Decimal(1).scaleb(amount.adjusted() - 2), rounding=ROUND_HALF_UP)
    for scale, word in _COMPACT_UNITS:
        if abs(rounded) >= scale:
            scaled = rounded / scale
            places = 0
            if abs(scaled) < 10:
                places = 2
            elif abs(scaled) < 100:
                places = 1
            return f"{format_decimal(scaled, places)} {word}"
    return format_money(amount)


def to_centavos(value: Decimal) -> int:
    """Convert money to integer centavos, the form SQLite stores.

    Raises DomainValueError when ``value`` has a non-zero third decimal,
    because that amount has no exact centavos.
    """
    amount = _require_decimal(value)
    cents = amount.scaleb(2)
    if cents != cents.to_integral_value():
        raise DomainValueError(
            value,
            _("Valor '{value}' tem mais de duas casas decimais: use centavos, como 1.234,56.").format(
                value=format(amount, "f")
            ),
        )
    return int(cents)


def from_centavos(cents: int) -> Decimal:
    """Convert integer centavos to money with two places (``123`` -> ``1.23``)."""
    if isinstance(cents, bool) or not isinstance(cents, int):
        raise TypeError(f"centavos must be an int, got {type(cents).__name__}")
    return Decimal(cents).scaleb(-2)


def parse_decimal(text: str) -> Decimal:
    """Parse a pt-BR percentage or quantity such as ``62,5``, ``62,5%`` or ``1.234,5``.

    Any number of decimals is kept. Raises DomainValueError for empty text
    or anything that is not a number.
    """
    stripped = text.translate(_SPACES).strip()
    if stripped.endswith("%"):
        stripped = stripped[:-1].rstrip()
    if not stripped:
        raise DomainValueError(text, _("Número vazio: informe um número no formato 1.234,5."))

    parsed = _split_number(stripped, allow_currency=False)
    if parsed is None:
        _reject_signed_brackets(text, stripped)
        raise DomainValueError(
            text, _("Número '{value}' inválido: use o formato 1.234,5.").format(value=text)
        )
    negative, integer, fraction = parsed

    number = Decimal(f"{integer}.{fraction}" if fraction else integer)
    return -number if negative and number else number


def format_decimal(value: Decimal, places: int | None = None) -> str:
    """Format a percentage or quantity in pt-BR: ``62,5``, ``1.234,5``.

    With ``places``, the value shows exactly that many decimals, rounded half
    up as users and spreadsheets round. Without it, trailing zeros are dropped.
    """
    number = _require_decimal(value)
    if places is None:
        number = number.normalize()
    else:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    sign = "-" if number < 0 else ""
    integer, _dot, fraction = f"{abs(number):f}".partition(".")
    text = _group_thousands(integer)
    if fraction:
        text = f"{text},{fraction}"
    return sign + text


def _split_number(text: str, *, allow_currency: bool) -> tuple[bool, str, str] | None:
    """Split pt-BR number text into (negative, integer digits, fraction digits), or None.

    Parentheses, as accounting formats show a negative amount, negate it:
    ``(500,00)``, ``(R$ 500,00)`` and ``R$ (500,00)`` are all -500.
    """
    if text.startswith("(") and text.endswith(")"):
        inner = _split_number(text[1:-1].strip(), allow_currency=allow_currency)
        if inner is None or inner[0]:
            return None
        return True, inner[1], inner[2]
    match = _SIGNED.fullmatch(text)
    if match is None:
        return None
    if match["currency"] and not allow_currency:
        return None
    if match["sign1"] and match["sign2"]:
        return None

    body = match["body"]
    negative = "-" in (match["sign1"], match["sign2"])
    if body.startswith("(") and body.endswith(")") and match["currency"] and not negative:
        body = body[1:-1].strip()
        negative = True
    for pattern in (_PLAIN, _GROUPED, _DOT_DECIMAL):
        number = pattern.fullmatch(body)
        if number is not None:
            integer = number["int"].replace(".", "")
            return negative, integer, number["frac"] or ""
    return None


def _reject_signed_brackets(text: str, stripped: str) -> None:
    """Raise a specific DomainValueError for a sign inside or before parentheses, such as ``(-5)`` or ``-(5)``."""
    inner = stripped.lstrip("+-").strip()
    if inner.startswith("(") and inner.endswith(")") and ("-" in stripped or "+" in stripped):
        raise DomainValueError(
            text,
            _("Valor '{value}' inválido: os parênteses já indicam um valor negativo; use (500,00) ou -500,00.").format(
                value=text
            ),
        )


def _group_thousands(digits: str) -> str:
    groups = []
    while len(digits) > 3:
        groups.append(digits[-3:])
        digits = digits[:-3]
    groups.append(digits)
    return ".".join(reversed(groups))


def _require_decimal(value: Decimal) -> Decimal:
    # Binary floats cannot hold most centavo amounts, so they are a programming error here.
    if isinstance(value, (bool, float)):
        raise TypeError(f"expected Decimal, got {type(value).__name__} {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, Decimal):
        raise TypeError(f"expected Decimal, got {type(value).__name__} {value!r}")
    if not value.is_finite():
        raise DomainValueError(value, _("Valor '{value}' não é um número finito.").format(value=value))
    return value
