"""SEI process numbers: CNMP and NUP check digits, other layouts."""

from __future__ import annotations

import pytest

from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.sei import (
    cnmp_check_digits,
    format_cnmp,
    format_nup,
    nup_check_digits,
    validate_sei,
)


def test_cnmp_check_digits_mpes_example() -> None:
    assert cnmp_check_digits("19110058", "0034120", "2024") == "47"


@pytest.mark.parametrize(
    ("first15", "expected"),
    [("230370014622021", "65"), ("620000017532025", "56")],
)
def test_nup_check_digits_real_examples(first15: str, expected: str) -> None:
    assert nup_check_digits(first15) == expected


@pytest.mark.parametrize(
    ("text", "fmt", "normalized"),
    [
        ("19.11.0058.0034120/2024-47", "cnmp", "19.11.0058.0034120/2024-47"),
        ("191100580034120202447", "cnmp", "19.11.0058.0034120/2024-47"),
        (" 19.11.0058.0034120/2024-47 ", "cnmp", "19.11.0058.0034120/2024-47"),
        ("23037.001462/2021-65", "nup", "23037.001462/2021-65"),
        ("62000.001753/2025-56", "nup", "62000.001753/2025-56"),
        ("62000001753202556", "nup", "62000.001753/2025-56"),
        ("1500.01.0014225/2020-94", "mg", "1500.01.0014225/2020-94"),
    ],
)
def test_sei_valid_in_installation_format(text: str, fmt: str, normalized: str) -> None:
    check = validate_sei(text, fmt)
    assert check.valid
    assert check.normalized == normalized
    assert check.format == fmt
    assert check.message is None
    assert check.severity is None


@pytest.mark.parametrize(
    ("text", "fmt", "expected_digits"),
    [
        ("19.11.0058.0034120/2024-48", "cnmp", "47"),
        ("19.11.0058.0034121/2024-47", "cnmp", cnmp_check_digits("19110058", "0034121", "2024")),
        ("23037.001462/2021-56", "nup", "65"),
        ("62000.001753/2025-65", "nup", "56"),
    ],
)
def test_sei_wrong_check_digits_is_error(text: str, fmt: str, expected_digits: str) -> None:
    check = validate_sei(text, fmt)
    assert not check.valid
    assert check.severity == "error"
    assert check.message is not None
    assert f"o esperado é {expected_digits}" in check.message
    assert text in check.message


def test_sei_unknown_format_kept_with_warning() -> None:
    check = validate_sei("SEI 123/2024", "cnmp")
    assert check.valid
    assert check.severity == "warning"
    assert check.format is None
    assert check.normalized == "SEI 123/2024"
    assert check.message is not None
    assert "19.11.0058.0034120/2024-47" in check.message


@pytest.mark.parametrize(
    ("text", "fmt", "recognised"),
    [
        ("23037.001462/2021-65", "cnmp", "nup"),
        ("19.11.0058.0034120/2024-47", "nup", "cnmp"),
        ("1500.01.0014225/2020-94", "cnmp", "mg"),
    ],
)
def test_sei_other_known_format_is_warning(text: str, fmt: str, recognised: str) -> None:
    check = validate_sei(text, fmt)
    assert check.valid
    assert check.severity == "warning"
    assert check.format == recognised


def test_sei_other_format_with_wrong_digits_mentions_them() -> None:
    check = validate_sei("23037.001462/2021-66", "cnmp")
    assert check.severity == "warning"
    assert check.message is not None
    assert "o esperado é 65" in check.message


def test_sei_blank_is_valid_without_message() -> None:
    assert validate_sei("  ").message is None
    assert validate_sei("").valid


def test_sei_unknown_installation_format() -> None:
    with pytest.raises(DomainValueError):
        validate_sei("23037.001462/2021-65", "xyz")


@pytest.mark.parametrize(
    ("first8", "sequence7", "year4"),
    [("19110058", "0000001", "2026"), ("00000000", "0000000", "2000"), ("99999999", "9999999", "2099")],
)
def test_format_cnmp_builds_valid_number(first8: str, sequence7: str, year4: str) -> None:
    number = format_cnmp(first8, sequence7, year4)
    assert validate_sei(number, "cnmp").valid
    assert validate_sei(number, "cnmp").severity is None
    assert number.startswith(f"{first8[:2]}.{first8[2:4]}.{first8[4:]}.{sequence7}/{year4}-")


def test_format_nup_builds_real_example() -> None:
    assert format_nup("230370014622021") == "23037.001462/2021-65"


@pytest.mark.parametrize(("first8", "sequence7", "year4"), [("1911005", "0034120", "2024"), ("1911005a", "0034120", "2024")])
def test_cnmp_check_digits_rejects_bad_parts(first8: str, sequence7: str, year4: str) -> None:
    with pytest.raises(ValueError):
        cnmp_check_digits(first8, sequence7, year4)
