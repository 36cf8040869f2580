"""SEI process numbers: the CNMP and federal NUP formats with their check digits.

Each installation configures one format, and a number in that format must
have valid check digits. A number in any other layout is kept as text with a
warning and never rejected, because plans also cite other bodies' processes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import N_, _

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class SeiFormat:
    """A known SEI numbering layout."""

    name: str
    label: str
    example: str
    punctuated: re.Pattern[str]
    digit_count: int
    verifies_check_digits: bool


SEI_FORMATS: dict[str, SeiFormat] = {
    # CNMP Resolution 168/2017: TU.MP.OOOO.NNNNNNN/AAAA-DV, as used by the MPs.
    "cnmp": SeiFormat(
        "cnmp",
        N_("Resolução CNMP 168/2017"),
        "19.11.0058.0034120/2024-47",
        re.compile(r"(\d{2})\.(\d{2})\.(\d{4})\.(\d{7})/(\d{4})-(\d{2})", re.ASCII),
        21,
        True,
    ),
    # Federal NUP: NNNNN.NNNNNN/AAAA-DD.
    "nup": SeiFormat(
        "nup",
        N_("NUP federal"),
        "23037.001462/2021-65",
        re.compile(r"(\d{5})\.(\d{6})/(\d{4})-(\d{2})", re.ASCII),
        17,
        True,
    ),
    # NOTE: the Minas Gerais check-digit rule is not published where we looked,
    # so numbers in this layout are recognised but their digits are not verified.
    "mg": SeiFormat(
        "mg",
        N_("SEI de Minas Gerais"),
        "1500.01.0014225/2020-94",
        re.compile(r"(\d{4})\.(\d{2})\.(\d{7})/(\d{4})-(\d{2})", re.ASCII),
        19,
        False,
    ),
}


@dataclass(frozen=True)
class SeiCheck:
    """Outcome of checking one SEI number.

    ``normalized`` is the punctuated form when the format is known, else the
    stripped text. ``valid`` is false only for wrong check digits, which are
    an error; an unknown layout stays valid with a warning.
    """

    valid: bool
    normalized: str
    format: str | None
    message: str | None
    severity: Severity | None


def validate_sei(text: str, fmt: str = "cnmp") -> SeiCheck:
    """Check ``text`` against the installation's SEI format ``fmt`` ("cnmp", "nup" or "mg").

    Blank text is valid with nothing to report. Raises DomainValueError when
    ``fmt`` is not a known format.
    """
    if fmt not in SEI_FORMATS:
        raise DomainValueError(
            fmt,
            _("Formato de processo SEI '{value}' desconhecido: use {choices}.").format(
                value=fmt, choices=", ".join(SEI_FORMATS)
            ),
        )
    stripped = text.strip()
    if not stripped:
        return SeiCheck(True, "", None, None, None)

    recognised = _recognise(stripped)
    if recognised is None:
        expected = SEI_FORMATS[fmt]
        message = _(
            "Processo SEI '{value}' não está no formato {label}, como {example}: "
            "foi mantido como texto; confira o número."
        ).format(value=stripped, label=_(expected.label), example=expected.example)
        return SeiCheck(True, stripped, None, message, "warning")

    sei_format, digits = recognised
    normalized = _punctuate(sei_format.name, digits)
    expected_digits = (
        _expected_check_digits(sei_format.name, digits) if sei_format.verifies_check_digits else None
    )
    digits_wrong = expected_digits is not None and digits[-2:] != expected_digits

    if sei_format.name != fmt:
        message = _(
            "Processo SEI '{value}' está no formato {other}, não no desta instalação ({label}): "
            "foi mantido como texto."
        ).format(value=stripped, other=_(sei_format.label), label=_(SEI_FORMATS[fmt].label))
        if digits_wrong:
            message += " " + _("O dígito verificador também não confere: o esperado é {expected}.").format(
                expected=expected_digits
            )
        return SeiCheck(True, normalized, sei_format.name, message, "warning")

    if digits_wrong:
        corrected = _punctuate(sei_format.name, digits[:-2] + expected_digits)
        message = _(
            "Processo SEI '{value}' com dígito verificador inválido: o esperado é {expected} ({corrected}); "
            "confira o número."
        ).format(value=stripped, expected=expected_digits, corrected=corrected)
        return SeiCheck(False, normalized, sei_format.name, message, "error")

    return SeiCheck(True, normalized, sei_format.name, None, None)


def cnmp_check_digits(first8: str, sequence7: str, year4: str) -> str:
    """Compute the two mod-97 check digits of a CNMP Resolution 168/2017 number.

    With T the first eight digits, N the sequence and A the year:
    r = (T mod 97, written before N) mod 97 and
    DV = 98 - ((r, written before A, then "00") mod 97), zero-padded.
    """
    _require_digits(first8, 8, "first8")
    _require_digits(sequence7, 7, "sequence7")
    _require_digits(year4, 4, "year4")

    remainder = int(f"{int(first8) % 97}{sequence7}") % 97
    check = 98 - int(f"{remainder}{year4}00") % 97
    return f"{check:02d}"


def nup_check_digits(first15_digits: str) -> str:
    """Compute the two successive mod-11 check digits of a federal NUP.

    Each digit is 11 - (sum of the digits weighted 2, 3, ... from the right)
    mod 11, with 10 becoming 0 and 11 becoming 1; the second digit covers the
    fifteen digits plus the first check digit.
    """
    _require_digits(first15_digits, 15, "first15_digits")
    first = _mod11_digit(first15_digits)
    second = _mod11_digit(first15_digits + first)
    return first + second


def format_cnmp(first8: str, sequence7: str, year4: str) -> str:
    """Build a valid CNMP number ``TU.MP.OOOO.NNNNNNN/AAAA-DV`` from its parts."""
    check = cnmp_check_digits(first8, sequence7, year4)
    return _punctuate("cnmp", first8 + sequence7 + year4 + check)


def format_nup(first15_digits: str) -> str:
    """Build a valid federal NUP ``NNNNN.NNNNNN/AAAA-DD`` from its first fifteen digits."""
    return _punctuate("nup", first15_digits + nup_check_digits(first15_digits))


def _recognise(text: str) -> tuple[SeiFormat, str] | None:
    """Find the known format of ``text``, punctuated or digits only, with its digits."""
    for sei_format in SEI_FORMATS.values():
        match = sei_format.punctuated.fullmatch(text)
        if match is not None:
            return sei_format, "".join(match.groups())
    if text.isdigit() and text.isascii():
        for sei_format in SEI_FORMATS.values():
            if len(text) == sei_format.digit_count:
                return sei_format, text
    return None


def _expected_check_digits(format_name: str, digits: str) -> str | None:
    if format_name == "cnmp":
        return cnmp_check_digits(digits[:8], digits[8:15], digits[15:19])
    if format_name == "nup":
        return nup_check_digits(digits[:15])
    return None


def _punctuate(format_name: str, digits: str) -> str:
    if format_name == "cnmp":
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:8]}.{digits[8:15]}/{digits[15:19]}-{digits[19:]}"
    if format_name == "nup":
        return f"{digits[:5]}.{digits[5:11]}/{digits[11:15]}-{digits[15:]}"
    return f"{digits[:4]}.{digits[4:6]}.{digits[6:13]}/{digits[13:17]}-{digits[17:]}"


def _mod11_digit(digits: str) -> str:
    total = sum(int(digit) * weight for weight, digit in enumerate(reversed(digits), start=2))
    check = 11 - total % 11
    if check == 10:
        return "0"
    if check == 11:
        return "1"
    return str(check)


def _require_digits(value: str, length: int, name: str) -> None:
    if len(value) != length or not value.isdigit() or not value.isascii():
        raise ValueError(f"{name} must be {length} ASCII digits, got {value!r}")
