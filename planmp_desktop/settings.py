"""The app's settings: one typed, versioned object stored as JSON.

Window geometry and similar view state live in QSettings instead.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import BaseModel, ValidationError

log = logging.getLogger(__name__)

APP_NAME = "PlanMP"
APP_AUTHOR = "MPEX"
SETTINGS_VERSION = 1


class Settings(BaseModel):
    """Connection and preference settings of one operating-system user."""

    version: int = SETTINGS_VERSION
    server_url: str = "https://127.0.0.1:8765"
    authority: str = "https://127.0.0.1:8765/idp/9c0f6a43-7a5e-4d59-9b9a-3a0c1d2e5f00/v2.0"
    client_id: str = "3f6f2b8e-1c1d-4a57-9f3e-0d9a6b7c8e01"
    scopes: list[str] = ["api://planmp/Planejamento.ReadWrite"]
    ca_file: str | None = None  # a CA bundle to trust besides the system store
    language: str = "pt_BR"
    plan_year: int = 2026
    sei_format: str = "cnmp"
    sync_interval_s: int = 300


def data_dir() -> Path:
    """Return the folder of local stores, logs and caches (``PLANMP_HOME`` overrides it)."""
    override = os.environ.get("PLANMP_HOME")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def settings_path() -> Path:
    return data_dir() / "settings.json"


_MIGRATIONS: dict[int, Any] = {}
"""Functions turning a version-N settings dict into version N+1."""


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings, migrating old versions; missing or unreadable files give defaults."""
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        version = int(raw.get("version", 1))
        while version < SETTINGS_VERSION:
            raw = _MIGRATIONS[version](raw)
            version += 1
        raw["version"] = SETTINGS_VERSION
        return Settings.model_validate(raw)
    except (OSError, ValueError, ValidationError) as exc:
        log.error("Settings file %s unreadable (%s); using defaults", path, exc)
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(settings.model_dump_json(indent=2), encoding="utf-8")
    temporary.replace(path)
