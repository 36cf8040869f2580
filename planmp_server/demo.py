"""The demo server: the API, the development identity provider and generated data, on one port.

``planmp serve --demo`` runs it over TLS on 127.0.0.1. On the first start it
creates the database, loads the sample data of the fictitious "Ministério
Público do Estado de Exemplo" and a local certificate authority whose
certificate the desktop client trusts.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

import platformdirs
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from planmp_server.app import create_app
from planmp_server.config import ServerSettings
from planmp_server.db import ENTITY_TABLES, make_engine
from planmp_server.devidp.app import create_idp_app
from planmp_server.devidp.provider import Endpoints, issuer_url
from planmp_server.devidp.tls import ensure_dev_tls
from planmp_server.devidp.tokens import (
    DEV_API_AUDIENCE,
    DEV_API_SCOPE,
    DEV_CLIENT_ID,
    DEV_TENANT_ID,
    SigningKey,
    TokenIssuer,
)
from planmp_server.devidp.users import DevUser
from planmp_server.loader import load_rows

log = logging.getLogger(__name__)

IDP_PREFIX = "/idp"
DEMO_SEED = 2026


def default_demo_dir() -> Path:
    """Return the demo server's folder: ``$PLANMP_HOME/demo-server`` or the user's data folder."""
    home = os.environ.get("PLANMP_HOME")
    base = Path(home) if home else Path(platformdirs.user_data_dir("PlanMP", "MPEX"))
    return base / "demo-server"


def demo_ca_file(data_dir: Path | None = None) -> Path:
    """Return the CA certificate that clients of the demo server must trust."""
    return ensure_dev_tls((data_dir or default_demo_dir()) / "tls").ca_file


def build_demo_app(host: str, port: int, data_dir: Path, item_count: int = 20_000) -> FastAPI:
    """Create (on first use) and open the demo database, and mount the provider beside the API."""
    data_dir.mkdir(parents=True, exist_ok=True)
    base_url = f"https://{host}:{port}"
    idp_base = base_url + IDP_PREFIX
    key = SigningKey.load_or_create(data_dir / "signing-key.pem")
    issuer = TokenIssuer(issuer_url(idp_base, DEV_TENANT_ID), key, DEV_TENANT_ID)
    tls = ensure_dev_tls(data_dir / "tls")
    settings = ServerSettings(
        data_dir=data_dir,
        issuer=issuer.issuer,
        audience=DEV_API_AUDIENCE,
        jwks_url=Endpoints.build(idp_base, DEV_TENANT_ID).jwks,
        ca_file=str(tls.ca_file),
        authority=issuer.issuer,
        client_id=DEV_CLIENT_ID,
        scopes=[DEV_API_SCOPE],
    )
    app = create_app(settings)
    engine = app.state.engine
    _load_sample_data_once(engine, item_count)

    users = _dev_users(engine)
    app.mount(IDP_PREFIX, create_idp_app(idp_base, issuer, users, DEV_CLIENT_ID))
    directory = _demo_directory(engine)

    @app.get("/demo/users")
    def demo_users() -> list[dict[str, Any]]:
        """Return the demo user picker's list; a real deployment has no such route."""
        return directory

    return app


# Seconds the demo server gives open connections to finish when it is asked to stop.
DEMO_SHUTDOWN_TIMEOUT_S = 2


def serve_demo(host: str = "127.0.0.1", port: int = 8765, data_dir: Path | None = None, item_count: int = 20_000) -> int:
    """Run the demo server until interrupted."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    data_dir = data_dir or default_demo_dir()
    app = build_demo_app(host, port, data_dir, item_count)
    tls = ensure_dev_tls(data_dir / "tls")
    log.info("Demo server on https://%s:%d (data in %s)", host, port, data_dir)
    uvicorn.run(
        app,
        host=host,
        port=port,
        ssl_certfile=str(tls.cert_file),
        ssl_keyfile=str(tls.key_file),
        log_level="warning",
        # The app's sync client keeps connections open; without a limit a stop waited for them until killed.
        timeout_graceful_shutdown=DEMO_SHUTDOWN_TIMEOUT_S,
    )
    return 0


def serve_from_environment(host: str, port: int, data_dir: Path | None = None) -> int:
    """Run the API with settings from PLANMP_* variables (no demo data, no provider)."""
    from planmp_server.main import serve

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    overrides: dict[str, Any] = {"data_dir": data_dir} if data_dir else {}
    serve(ServerSettings.from_env(**overrides), host, port)
    return 0


def _load_sample_data_once(engine: Any, item_count: int) -> None:
    with engine.connect() as connection:
        existing = connection.execute(select(func.count()).select_from(ENTITY_TABLES["plan_item"])).scalar_one()
    if existing:
        return
    from planmp_server.sample import generate

    log.info("Generating demo data (seed %d, %d plan items)", DEMO_SEED, item_count)
    sample = generate(seed=DEMO_SEED, item_count=item_count)
    load_rows(engine, sample.rows)
    log.info("Demo data loaded")


def _dev_users(engine: Any) -> list[DevUser]:
    table = ENTITY_TABLES["user"]
    with engine.connect() as connection:
        rows = connection.execute(select(table.c.id, table.c.username, table.c.name, table.c.profile)).all()
    return [
        DevUser(
            oid=str(row.id),
            username=row.username,
            name=row.name,
            roles=tuple(role for role in (row.profile or "Usuario").split(",") if role),
        )
        for row in rows
    ]


def _demo_directory(engine: Any) -> list[dict[str, Any]]:
    users = ENTITY_TABLES["user"]
    units = ENTITY_TABLES["unit"]
    query = (
        select(users.c.username, users.c.name, users.c.profile, units.c.name.label("unit_name"))
        .select_from(users.outerjoin(units, units.c.id == users.c.home_unit_id))
        .order_by(users.c.username)
    )
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(query)]
