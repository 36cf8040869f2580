"""The quick parsers of pull, backfill and push replies agree with pydantic's validation."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from pydantic import ValidationError

from planmp_desktop.contract.messages import (
    BackfillResponse,
    PullResponse,
    PushResponse,
    parse_backfill_response,
    parse_pull_response,
    parse_push_response,
)


def _change(seq: int, deleted: bool = False) -> dict[str, Any]:
    return {
        "seq": seq,
        "entity": "plan_item",
        "row_id": str(uuid.uuid4()),
        "deleted": deleted,
        "values": None if deleted else {"code": f"1.{seq}", "planned_total": "10.00", "year_targets": {"2027": "1"}},
    }


def _pull_page(**overrides: Any) -> dict[str, Any]:
    page = {
        "generation_id": "g1",
        "changes": [_change(1), _change(2, deleted=True)],
        "cursor": 2,
        "has_more": False,
        "scope": {"all_units": False, "unit_ids": [str(uuid.uuid4())]},
    }
    page.update(overrides)
    return page


def _result(**overrides: Any) -> dict[str, Any]:
    result = {
        "mutation_id": str(uuid.uuid4()),
        "outcome": "conflict",
        "reason": "Alterado por outra pessoa.",
        "conflict_fields": ["title"],
        "server_values": {"title": "Outro"},
    }
    result.update(overrides)
    return result


@pytest.mark.parametrize(
    "page",
    [
        _pull_page(),
        _pull_page(scope=None),
        _pull_page(changes=[]),
        # Shapes the server does not send but the contract accepts: pydantic decides.
        _pull_page(changes=[{**_change(3), "row_id": str(uuid.uuid4()).upper()}]),
        {key: value for key, value in _pull_page().items() if key != "scope"},
    ],
)
def test_pull_pages_parse_as_pydantic_validates(page: dict[str, Any]) -> None:
    assert parse_pull_response(page) == PullResponse.model_validate(page)


@pytest.mark.parametrize(
    "page",
    [
        _pull_page(cursor="2"),
        _pull_page(changes=[{**_change(3), "row_id": "not-a-uuid"}]),
        _pull_page(changes=[{**_change(3), "values": ["a"]}]),
        _pull_page(has_more=None),
        [],
    ],
)
def test_malformed_pull_pages_raise_pydantic_errors(page: Any) -> None:
    try:
        expected = PullResponse.model_validate(page)
    except ValidationError:
        with pytest.raises(ValidationError):
            parse_pull_response(page)
    else:
        assert parse_pull_response(page) == expected  # pydantic coerces some of them


def test_backfill_pages_parse_as_pydantic_validates() -> None:
    page = {"changes": [_change(5)], "after": 5, "has_more": True}
    assert parse_backfill_response(page) == BackfillResponse.model_validate(page)
    with pytest.raises(ValidationError):
        parse_backfill_response({"changes": [{"seq": 1}], "after": 5, "has_more": True})


@pytest.mark.parametrize(
    "reply",
    [
        {"results": [_result(), _result(outcome="applied", reason=None, conflict_fields=[], server_values=None)]},
        {"results": [{"mutation_id": str(uuid.uuid4()), "outcome": "merged"}]},
        {"results": []},
    ],
)
def test_push_replies_parse_as_pydantic_validates(reply: dict[str, Any]) -> None:
    assert parse_push_response(reply) == PushResponse.model_validate(reply)


@pytest.mark.parametrize("reply", [{"results": [_result(outcome="lost")]}, {"results": [_result(mutation_id="x")]}, {}])
def test_malformed_push_replies_raise_pydantic_errors(reply: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        parse_push_response(reply)
