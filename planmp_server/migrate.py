"""Programmatic Alembic upgrade of the server database; needs no alembic.ini."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import insert, select

from planmp_server.db import make_engine, server_meta

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    """Return an Alembic configuration pointing at this package's migrations and ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade_database(url: str) -> None:
    """Upgrade the database at ``url`` to the newest revision and give it a generation id."""
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        with engine.begin() as connection:
            if connection.execute(select(server_meta.c.generation_id)).first() is None:
                generation_id = str(uuid.uuid4())
                connection.execute(insert(server_meta).values(id=1, generation_id=generation_id))
                log.info("New server database, generation id %s", generation_id)
    finally:
        engine.dispose()
