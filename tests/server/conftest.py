"""Fixtures of the server tests: a JWKS endpoint and the API, both real servers on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import text

from planmp_desktop.contract import CONTRACT_VERSION
from planmp_server.app import create_app
from planmp_server.config import ServerSettings
from planmp_server.db import make_engine, metadata
from planmp_server.devidp.tokens import DEV_API_AUDIENCE, SigningKey, TokenIssuer
from planmp_server.loader import load_rows
from planmp_server.security import TokenValidator

POSTGRES_URL = os.environ.get("PLANMP_TEST_POSTGRES_URL")
PLAN_YEAR = 2026


class ServerThread:
    """A uvicorn server for ``app`` on a free 127.0.0.1 port, run in a daemon thread."""

    def __init__(self, app: FastAPI) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True)

    def start(self) -> None:
        self._thread.start()
        deadline = time.monotonic() + 20
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=20)
        self._socket.close()


@pytest.fixture(scope="session")
def issuer() -> Iterator[TokenIssuer]:
    """A token issuer whose JWKS is served over HTTP on 127.0.0.1 at ``issuer.jwks_url``."""
    jwks_app = FastAPI()
    token_issuer = TokenIssuer("http://127.0.0.1/dev-idp", SigningKey.generate())

    @jwks_app.get("/keys")
    def keys() -> dict[str, Any]:
        return token_issuer.jwks()

    server = ServerThread(jwks_app)
    server.start()
    token_issuer.jwks_url = f"{server.url}/keys"  # type: ignore[attr-defined]
    yield token_issuer
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database: a SQLite file, or the PostgreSQL test database with every table dropped."""
    if request.param == "sqlite":
        return f"sqlite:///{(tmp_path / 'server.db').as_posix()}"
    if not POSTGRES_URL:
        pytest.skip("PLANMP_TEST_POSTGRES_URL not set (scripts/ci_postgres.sh prints one)")
    engine = make_engine(POSTGRES_URL)
    with engine.begin() as connection:
        metadata.drop_all(connection)
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()
    return POSTGRES_URL


class Api:
    """The running API with its database, seed data and helpers to call it as a given user."""

    def __init__(self, url: str, settings: ServerSettings, issuer: TokenIssuer) -> None:
        self.url = url
        self.engine = make_engine(settings.effective_database_url)
        self.issuer = issuer
        self.http = httpx.Client(base_url=url, timeout=30)
        self.units: dict[str, uuid.UUID] = {}
        self.plan_id = uuid.uuid4()
        self.users: dict[str, uuid.UUID] = {}

    def close(self) -> None:
        self.http.close()
        self.engine.dispose()

    def token(self, user: str, roles: list[str], **overrides: Any) -> str:
        oid = self.users.setdefault(user, uuid.uuid4())
        return self.issuer.access_token(oid=str(oid), username=f"{user}@mp.br", name=user.title(), roles=roles, **overrides)

    def headers(self, user: str, roles: list[str]) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(user, roles)}"}

    def add_user(self, user: str, profile: str, home_unit: str | None) -> None:
        oid = self.users.setdefault(user, uuid.uuid4())
        home = self.units[home_unit] if home_unit else None
        load_rows(
            self.engine,
            {"user": [{"id": oid, "username": f"{user}@mp.br", "name": user.title(), "profile": profile, "home_unit_id": home, "active": True}]},
        )

    def push(self, user: str, roles: list[str], mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
        body = {"client_version": CONTRACT_VERSION, "device_id": f"device-{user}", "mutations": mutations}
        response = self.http.post("/v1/sync/push", json=body, headers=self.headers(user, roles))
        assert response.status_code == 200, response.text
        return response.json()["results"]

    def pull_all(self, user: str, roles: list[str], limit: int = 1000) -> dict[tuple[str, str], dict[str, Any]]:
        """Pull every page from cursor 0; return the latest change per (entity, row_id)."""
        cursor = 0
        latest: dict[tuple[str, str], dict[str, Any]] = {}
        while True:
            response = self.http.get("/v1/sync/pull", params={"cursor": cursor, "limit": limit}, headers=self.headers(user, roles))
            assert response.status_code == 200, response.text
            page = response.json()
            for change in page["changes"]:
                latest[(change["entity"], change["row_id"])] = change
            cursor = page["cursor"]
            if not page["has_more"]:
                return latest


def mutation(op: str, row_id: uuid.UUID, *, entity: str = "plan_item", **fields: Any) -> dict[str, Any]:
    """Return a mutation body; ``fields`` may hold values, base, command and comment."""
    body: dict[str, Any] = {
        "mutation_id": str(uuid.uuid4()),
        "entity": entity,
        "row_id": str(row_id),
        "op": op,
        "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    body.update(fields)
    return body


def plan_item_row(api: Api, unit: str, code: str, **fields: Any) -> dict[str, Any]:
    """Return a valid task row with Python values, as load_rows takes it."""
    row: dict[str, Any] = {
        "id": uuid.uuid4(),
        "plan_id": api.plan_id,
        "parent_id": None,
        "kind": "tarefa",
        "code": code,
        "title": f"Tarefa {code}",
        "unit_id": api.units[unit],
        "item_type": "planejada",
        "start_date": dt.date(PLAN_YEAR, 2, 1),
        "end_date": dt.date(PLAN_YEAR, 11, 30),
        "planned_total": Decimal("1200.00"),
        "approval_state": "rascunho",
    }
    for month in range(1, 13):
        row[f"month_{month:02d}"] = Decimal("100.00")
    row.update(fields)
    return row


@pytest.fixture
def api(database_url: str, tmp_path: Path, issuer: TokenIssuer) -> Iterator[Api]:
    """The API on a fresh database seeded with PGJ, two promotorias, a cycle and the 2026 plan."""
    settings = ServerSettings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        issuer=issuer.issuer,
        audience=DEV_API_AUDIENCE,
        jwks_url=issuer.jwks_url,  # type: ignore[attr-defined]
    )
    validator = TokenValidator(settings.issuer, settings.audience, settings.effective_jwks_url)
    server = ServerThread(create_app(settings, validator))
    server.start()
    client = Api(server.url, settings, issuer)

    pgj, prom_a, prom_b = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    client.units = {"pgj": pgj, "a": prom_a, "b": prom_b}
    cycle_id = uuid.uuid4()
    load_rows(
        client.engine,
        {
            "unit": [
                {"id": pgj, "code": "PGJ", "name": "Procuradoria-Geral de Justiça", "kind": "pgj"},
                {"id": prom_a, "code": "PJ-A", "name": "Promotoria A", "kind": "promotoria", "parent_id": pgj},
                {"id": prom_b, "code": "PJ-B", "name": "Promotoria B", "kind": "promotoria", "parent_id": pgj},
            ],
            "strategic_cycle": [{"id": cycle_id, "name": "Ciclo 2024-2029", "start_year": 2024, "end_year": 2029}],
            "annual_plan": [{"id": client.plan_id, "cycle_id": cycle_id, "year": PLAN_YEAR, "name": "PAA 2026"}],
        },
    )
    client.add_user("ana", "Usuario", "a")
    client.add_user("paula", "PAA", "a")
    client.add_user("bruno", "PAA", "b")
    yield client
    client.close()
    server.stop()


RolesFor = Callable[[str], list[str]]
