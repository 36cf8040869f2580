"""Errors, translation switch and entity records."""

from __future__ import annotations

from decimal import Decimal
from uuid import uuid4

import pytest

from planmp_desktop.domain import i18n
from planmp_desktop.domain.entities import StrategicAction, Unit
from planmp_desktop.domain.errors import DomainValueError
from planmp_desktop.domain.i18n import _, current_language, set_language
from planmp_desktop.domain.money import parse_money


def test_domain_value_error_attributes() -> None:
    error = DomainValueError("abc", "Valor 'abc' inválido: use o formato 1.234,56.")
    assert error.value == "abc"
    assert error.message == "Valor 'abc' inválido: use o formato 1.234,56."
    assert str(error) == error.message
    assert isinstance(error, ValueError)


def test_set_language_falls_back_to_source_strings() -> None:
    try:
        set_language("en")
        assert current_language() == "en"
        # A text the English catalog lacks (or a missing catalog) comes back as its pt-BR source.
        assert _("Texto sem tradução.") == "Texto sem tradução."
        with pytest.raises(DomainValueError) as caught:
            parse_money("abc")
        assert "abc" in caught.value.message
    finally:
        set_language("pt_BR")
    assert current_language() == "pt_BR"


def test_set_language_accepts_hyphen() -> None:
    set_language("pt-BR")
    assert current_language() == "pt_BR"


def test_set_language_rejects_unknown() -> None:
    with pytest.raises(ValueError):
        set_language("fr")


def test_locale_dir_inside_package() -> None:
    assert i18n.LOCALE_DIR.name == "locale"
    assert i18n.LOCALE_DIR.parent.name == "planmp_desktop"


def test_entities_unpack_rows() -> None:
    unit_id = uuid4()
    unit = Unit(**{"id": unit_id, "code": "PGJ", "name": "Procuradoria-Geral de Justiça", "parent_id": None})
    assert unit.id == unit_id
    action = StrategicAction(uuid4(), uuid4(), "AE-01", "Modernizar a TI", weight=Decimal("10"))
    assert action.progress is None
