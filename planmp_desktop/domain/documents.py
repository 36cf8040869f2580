"""CPF and CNPJ check digits, including the alphanumeric CNPJ issued from July 2026."""

from __future__ import annotations

import re

# Punctuation users type or paste around the characters: 123.456.789-09, 12.ABC.345/01DE-35.
_PUNCTUATION = re.compile(r"[.\-/\s]", re.ASCII)
_CPF = re.compile(r"\d{11}", re.ASCII)
_CNPJ = re.compile(r"[0-9A-Z]{12}\d{2}", re.ASCII)
_CNPJ_BASE = re.compile(r"[0-9A-Z]{12}", re.ASCII)

_CNPJ_FIRST_WEIGHTS = (5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)
_CNPJ_SECOND_WEIGHTS = (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)


def validate_cpf(text: str) -> bool:
    """Return whether ``text`` is a CPF with valid check digits, punctuated or not.

    Eleven equal digits (111.111.111-11) pass the arithmetic but are not
    issued, so they are invalid.
    """
    cpf = _strip_punctuation(text)
    if _CPF.fullmatch(cpf) is None or len(set(cpf)) == 1:
        return False
    return cpf[9:] == cpf_check_digits(cpf[:9])


def cpf_check_digits(first9: str) -> str:
    """Compute the two mod-11 check digits of the CPF whose first nine digits are ``first9``."""
    if _CPF.fullmatch(first9 + "00") is None:
        raise ValueError(f"first9 must be 9 digits, got {first9!r}")
    first = _mod11(first9, range(10, 1, -1))
    second = _mod11(first9 + first, range(11, 1, -1))
    return first + second


def validate_cnpj(text: str) -> bool:
    """Return whether ``text`` is a numeric or alphanumeric CNPJ with valid check digits.

    The first twelve positions may hold letters (upper or lower case) or
    digits and the last two are digits. Fourteen equal digits are invalid.
    """
    cnpj = _strip_punctuation(text).upper()
    if _CNPJ.fullmatch(cnpj) is None or len(set(cnpj)) == 1:
        return False
    return cnpj[12:] == cnpj_check_digits(cnpj[:12])


def cnpj_check_digits(first12: str) -> str:
    """Compute the two check digits of a CNPJ from its first twelve characters.

    Each character counts as its ASCII code minus 48, so digits keep their
    value and ``A`` is 17. The weights are 5, 4, 3, 2, 9 … 2 for the first
    digit and 6, 5, 4, 3, 2, 9 … 2 for the second. A remainder mod 11 below
    2 gives 0, any other gives 11 minus the remainder.
    """
    base = first12.upper()
    if _CNPJ_BASE.fullmatch(base) is None:
        raise ValueError(f"first12 must be 12 letters or digits, got {first12!r}")
    first = _mod11(base, _CNPJ_FIRST_WEIGHTS)
    second = _mod11(base + first, _CNPJ_SECOND_WEIGHTS)
    return first + second


def format_cpf(text: str) -> str:
    """Punctuate an 11-digit CPF as ``123.456.789-09``; other text comes back stripped."""
    cpf = _strip_punctuation(text)
    if _CPF.fullmatch(cpf) is None:
        return text.strip()
    return f"{cpf[:3]}.{cpf[3:6]}.{cpf[6:9]}-{cpf[9:]}"


def format_cnpj(text: str) -> str:
    """Punctuate a CNPJ as ``12.ABC.345/01DE-35``; other text comes back stripped."""
    cnpj = _strip_punctuation(text).upper()
    if _CNPJ.fullmatch(cnpj) is None:
        return text.strip()
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"


def _strip_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", text) if isinstance(text, str) else ""


def _mod11(characters: str, weights: range | tuple[int, ...]) -> str:
    total = sum((ord(character) - 48) * weight for character, weight in zip(characters, weights, strict=True))
    remainder = total % 11
    return "0" if remainder < 2 else str(11 - remainder)
