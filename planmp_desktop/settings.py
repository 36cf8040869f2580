"""The app's settings: one typed, versioned object stored as JSON.

Window geometry and similar view state live in QSettings instead.

Settings is a standard-library dataclass that this module checks field by
field. It is not a pydantic model because the settings are read before the
first paint. Importing pydantic there took about as long as importing Qt's
widgets (roughly 0.1 s each on a 2-core machine, ``python -X importtime``),
and start-up may take at most twice as long as an empty Qt window.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from planmp_desktop.domain.i18n import N_, _

log = logging.getLogger(__name__)

APP_NAME = "PlanMP"
APP_AUTHOR = "MPEX"
SETTINGS_VERSION = 1


@dataclass
class Settings:
    """Connection and preference settings of one operating-system user."""

    version: int = SETTINGS_VERSION
    server_url: str = "https://127.0.0.1:8765"
    authority: str = "https://127.0.0.1:8765/idp/9c0f6a43-7a5e-4d59-9b9a-3a0c1d2e5f00/v2.0"
    client_id: str = "3f6f2b8e-1c1d-4a57-9f3e-0d9a6b7c8e01"
    scopes: list[str] = field(default_factory=lambda: ["api://planmp/Planejamento.ReadWrite"])
    ca_file: str | None = None  # a CA bundle to trust besides the system store
    language: str = "pt_BR"
    plan_year: int = 2026
    sei_format: str = "cnmp"
    sync_interval_s: int = 300


# The JSON types each field accepts; ``None`` in a tuple allows null.
_FIELD_TYPES: dict[str, tuple[type | None, ...]] = {
    "version": (int,),
    "server_url": (str,),
    "authority": (str,),
    "client_id": (str,),
    "scopes": (list,),
    "ca_file": (str, None),
    "language": (str,),
    "plan_year": (int,),
    "sei_format": (str,),
    "sync_interval_s": (int,),
}


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


@dataclass(frozen=True)
class SettingsProblem:
    """Something wrong in the settings file, as a pt-BR template translated when shown.

    The language to show it in comes from the same file, so it is known only
    after the file is read.
    """

    template: str
    values: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return _(self.template).format(**{name: str(value) for name, value in self.values.items()})


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings, migrating old versions (see ``read_settings``, whose problems this drops)."""
    return read_settings(path)[0]


def read_settings(path: Path | None = None) -> tuple[Settings, list[SettingsProblem]]:
    """Read the settings, migrating old versions; return them with what was wrong in the file.

    A missing file gives the defaults and no message. An unreadable file
    gives the defaults and a message naming it. A field with a value of the
    wrong type gets its default and a message, and the other fields are kept.
    The file itself is left as it is, so the user can correct it.
    """
    path = path or settings_path()
    if not path.exists():
        return Settings(), []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError(f"expected a JSON object, found {type(raw).__name__}")
        version = int(raw.get("version", 1))
        while version < SETTINGS_VERSION:
            raw = _MIGRATIONS[version](raw)
            version += 1
    except (OSError, ValueError, TypeError, KeyError) as exc:
        # Logged at INFO: logging is not set up yet, and the caller shows the problems to the user.
        log.info("Settings file %s unreadable (%s); using defaults", path, exc)
        return Settings(), [
            SettingsProblem(
                N_(
                    "O arquivo de configurações {path} não pôde ser lido ({reason}). O PlanMP está usando os "
                    "valores padrão, então o endereço do servidor pode estar errado e a sincronização pode falhar. "
                    "Corrija o arquivo, ou apague-o para usar os valores padrão."
                ),
                {"path": path, "reason": _unreadable_reason(exc)},
            )
        ]
    raw["version"] = SETTINGS_VERSION
    checked, problems = _checked_fields(raw, path)
    return Settings(**checked), problems


def _unreadable_reason(error: Exception) -> SettingsProblem:
    if isinstance(error, json.JSONDecodeError):
        return SettingsProblem(
            N_("JSON inválido na linha {line}, coluna {column}"), {"line": error.lineno, "column": error.colno}
        )
    if isinstance(error, OSError):
        return SettingsProblem(N_("erro de leitura: {error}"), {"error": error.strerror or error})
    return SettingsProblem(N_("o conteúdo não é um objeto JSON de configurações"))


def _checked_fields(raw: dict[str, Any], path: Path) -> tuple[dict[str, Any], list[SettingsProblem]]:
    checked: dict[str, Any] = {}
    problems: list[SettingsProblem] = []
    defaults = Settings()
    for name, value in raw.items():
        accepted = _FIELD_TYPES.get(name)
        if accepted is None:
            log.warning("Settings file %s: unknown field %r ignored", path, name)
        elif _has_type(value, accepted) and (name != "scopes" or all(isinstance(item, str) for item in value)):
            checked[name] = value
        else:
            log.info("Settings file %s: field %r has the invalid value %r; using its default", path, name, value)
            problems.append(
                SettingsProblem(
                    N_(
                        "No arquivo de configurações {path}, o campo \"{field}\" tem o valor inválido {value}; o "
                        "PlanMP usou o padrão {default}. Corrija o campo no arquivo."
                    ),
                    {"path": path, "field": name, "value": json.dumps(value), "default": json.dumps(getattr(defaults, name))},
                )
            )
    return checked, problems


def _has_type(value: Any, accepted: tuple[type | None, ...]) -> bool:
    if value is None:
        return None in accepted
    # JSON true/false load as bool, which is a subclass of int but no valid number here.
    if isinstance(value, bool):
        return False
    return any(kind is not None and isinstance(value, kind) for kind in accepted)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(dataclasses.asdict(settings), indent=2), encoding="utf-8")
    temporary.replace(path)
