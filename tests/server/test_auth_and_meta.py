"""Token checks, server info, errors and migrations of the API."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from planmp_desktop.contract.schema import ENTITIES
from planmp_server.migrate import upgrade_database
from .conftest import Api


def test_expired_token_401(api: Api) -> None:
    token = api.token("ana", ["Usuario"], lifetime_s=-3600)
    response = api.http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["code"] == "token_expired"
    assert response.json()["message"]


def test_wrong_audience_401(api: Api) -> None:
    token = api.token("ana", ["Usuario"], audience="api://outro")
    response = api.http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"


def test_missing_token_401(api: Api) -> None:
    response = api.http.get("/v1/sync/pull")
    assert response.status_code == 401
    assert response.json()["code"] == "token_missing"


def test_token_without_role_403(api: Api) -> None:
    token = api.token("ana", [])
    response = api.http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403
    assert "perfil" in response.json()["message"]


def test_highest_role_wins(api: Api) -> None:
    me = api.http.get("/v1/me", headers=api.headers("multi", ["Usuario", "Auditor", "PAA"])).json()
    assert me["profile"] == "Auditor"


def test_first_call_provisions_user(api: Api) -> None:
    me = api.http.get("/v1/me", headers=api.headers("nova", ["Planejamento"])).json()
    assert me["username"] == "nova@mp.br"
    assert me["home_unit_id"] is None
    changes = api.pull_all("nova", ["Planejamento"])
    assert ("user", me["user_id"]) in changes


def test_info_without_auth(api: Api) -> None:
    response = api.http.get("/v1/info")
    assert response.status_code == 200
    body = response.json()
    assert body["generation_id"]
    assert body["auth"]["scopes"]
    assert api.http.get("/v1/health").json() == {"status": "ok"}


def test_errors_are_error_bodies(api: Api) -> None:
    missing = api.http.get("/v1/nada")
    assert missing.status_code == 404
    assert set(missing.json()) == {"code", "message", "details"}
    invalid = api.http.post("/v1/sync/push", json={"x": 1}, headers=api.headers("ana", ["Usuario"]))
    assert invalid.status_code == 422
    assert invalid.json()["code"] == "invalid_request"


def test_migrations_on_empty_database(database_url: str) -> None:
    upgrade_database(database_url)
    upgrade_database(database_url)
    engine = create_engine(database_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert set(ENTITIES) <= tables
    assert {"change_log", "applied_mutation", "server_meta", "alembic_version"} <= tables
