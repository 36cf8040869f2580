"""A pull page built ahead is served only when it equals the page the request would build."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from sqlalchemy import Engine

from planmp_desktop.domain.codes import Profile
from planmp_server.actors import Actor
from planmp_server.db import make_engine
from planmp_server.loader import load_rows
from planmp_server.migrate import upgrade_database
from planmp_server.pull_ahead import PullAhead
from planmp_server.sync_pull import pull_changes

UNIT_A = uuid.uuid4()
UNIT_B = uuid.uuid4()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{(tmp_path / 'server.db').as_posix()}"
    upgrade_database(url)
    engine = make_engine(url)
    units = [{"id": unit_id, "code": code, "name": code} for unit_id, code in ((UNIT_A, "A"), (UNIT_B, "B"))]
    grants = [{"id": uuid.uuid4(), "user_id": uuid.uuid4(), "unit_id": UNIT_A} for _ in range(25)]
    load_rows(engine, {"unit": units, "unit_grant": grants})
    yield engine
    engine.dispose()


def _fresh(engine: Engine, actor: Actor, cursor: int, limit: int) -> dict:
    """Return the page a request without PullAhead gets, decoded as a client decodes it."""
    return orjson.loads(orjson.dumps(pull_changes(engine, actor, cursor, limit)))


def _actor(scope: frozenset[uuid.UUID] | None = None, user_id: uuid.UUID | None = None) -> Actor:
    return Actor(user_id or uuid.UUID(int=1), "carla", "Carla", Profile.PLANEJAMENTO, None, scope)


def test_pages_match_fresh_pages(engine: Engine) -> None:
    ahead = PullAhead(engine)
    actor = _actor()
    cursor = 0
    pages = 0
    while True:
        page = ahead.page(actor, cursor, 10)
        assert orjson.loads(page.body) == _fresh(engine, actor, cursor, 10)
        pages += 1
        cursor = page.cursor
        if not page.has_more:
            break
    ahead.close()

    assert pages == 3


def test_write_discards_page_built_ahead(engine: Engine) -> None:
    ahead = PullAhead(engine)
    actor = _actor()
    first = ahead.page(actor, 0, 20)
    new_unit = uuid.uuid4()
    load_rows(engine, {"unit": [{"id": new_unit, "code": "C", "name": "C"}]})

    second = orjson.loads(ahead.page(actor, first.cursor, 20).body)
    ahead.close()

    assert second == _fresh(engine, actor, first.cursor, 20)
    assert str(new_unit) in {change["row_id"] for change in second["changes"]}


def test_other_actor_gets_fresh_page(engine: Engine) -> None:
    ahead = PullAhead(engine)
    first = ahead.page(_actor(), 0, 10)
    narrower = _actor(scope=frozenset({UNIT_B}))

    second = orjson.loads(ahead.page(narrower, first.cursor, 10).body)
    ahead.close()

    assert second == _fresh(engine, narrower, first.cursor, 10)
    assert second["scope"] == {"all_units": False, "unit_ids": [str(UNIT_B)]}
