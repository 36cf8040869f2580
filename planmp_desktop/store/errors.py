"""pt-BR messages for SQLite failures of the local store, which users can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from planmp_desktop.domain.i18n import _


def is_locked(exc: sqlite3.Error) -> bool:
    """Return whether ``exc`` reports a lock held by another connection."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def is_write_failure(exc: sqlite3.Error) -> bool:
    """Return whether ``exc`` reports a store that opened but cannot be written (read-only or full)."""
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "permission" in text or "full" in text


def failure_message(exc: sqlite3.Error, path: Path) -> str:
    """Return the message for a store that failed to open or to write, whichever ``exc`` reports."""
    return write_failure_message(exc, path) if is_write_failure(exc) else open_failure_message(exc, path)


def write_failure_message(exc: sqlite3.Error, path: Path | None) -> str:
    """Return why a write to the store at ``path`` (None: not known) failed and what to do, for the status bar."""
    place = str(path) if path is not None else _("da cópia local")  # read after "o arquivo"
    text = str(exc).lower()
    if is_locked(exc):
        return _(
            "A cópia local dos dados está ocupada por outro programa e nada foi gravado. Tente de novo em "
            "instantes; se continuar, feche outras janelas do PlanMP e programas que abram o arquivo {path}."
        ).format(path=place)
    if "readonly" in text or "read-only" in text or "permission" in text:
        return _(
            "A cópia local dos dados não pode ser gravada (arquivo somente leitura ou sem permissão) e nada "
            "foi gravado. Peça ao suporte de TI que libere a gravação do arquivo {path}."
        ).format(path=place)
    if "full" in text:
        return _("O disco está cheio e nada foi gravado. Libere espaço no disco do arquivo {path} e tente de novo.").format(
            path=place
        )
    return _(
        "A gravação na cópia local dos dados falhou ({error}) e nada foi gravado. Tente de novo; se continuar, "
        "procure o suporte de TI com o arquivo {path}."
    ).format(error=exc, path=place)


def open_failure_message(exc: sqlite3.Error, path: Path) -> str:
    """Return why the store at ``path`` could not be opened and what to do, for a dialog at start-up."""
    text = str(exc).lower()
    if is_locked(exc):
        return _(
            "A cópia local dos seus dados ({path}) está em uso por outro programa. Feche esse programa e as "
            "outras janelas do PlanMP e abra o PlanMP de novo."
        ).format(path=path)
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return _(
            "A cópia local dos seus dados ({path}) está danificada. O PlanMP não apagou nada. Guarde uma cópia "
            "desse arquivo e procure o suporte de TI: alterações ainda não sincronizadas podem estar nele."
        ).format(path=path)
    return _(
        "Não foi possível abrir a cópia local dos seus dados ({path}): {error}. Verifique o espaço em disco e "
        "as permissões da pasta e abra o PlanMP de novo; se continuar, procure o suporte de TI."
    ).format(path=path, error=exc)
