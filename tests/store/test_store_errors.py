"""pt-BR messages for local store failures: each names the file and what to do."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from planmp_desktop.app import StoreOpenError, _open_services
from planmp_desktop.composition import open_workspace
from planmp_desktop.services import CurrentUser
from planmp_desktop.store.errors import open_failure_message, write_failure_message

STORE = Path("/dados/planmp/local.sqlite3")


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        ("database is locked", "ocupada por outro programa"),
        ("attempt to write a readonly database", "não pode ser gravada"),
        ("database or disk is full", "disco está cheio"),
        ("disk I/O error", "disk I/O error"),
    ],
)
def test_write_failure_names_cause_and_file(error: str, expected: str) -> None:
    message = write_failure_message(sqlite3.OperationalError(error), STORE)

    assert expected in message
    assert str(STORE) in message
    assert "nada foi gravado" in message


def test_write_failure_without_path_reads_whole() -> None:
    message = write_failure_message(sqlite3.OperationalError("database is locked"), None)

    assert "o arquivo da cópia local" in message


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (sqlite3.OperationalError("database is locked"), "em uso por outro programa"),
        (sqlite3.DatabaseError("file is not a database"), "está danificada"),
        (sqlite3.DatabaseError("database disk image is malformed"), "está danificada"),
        (sqlite3.OperationalError("unable to open database file"), "Não foi possível abrir"),
    ],
)
def test_open_failure_names_cause_and_file(error: sqlite3.Error, expected: str) -> None:
    message = open_failure_message(error, STORE)

    assert expected in message
    assert str(STORE) in message


def test_damaged_store_stops_start_with_message(tmp_path: Path) -> None:
    workspace = open_workspace(tmp_path / "home")
    user = CurrentUser(oid=uuid.uuid4(), username="ana.ribeiro", name="Ana Paula Ribeiro", profile="PAA")
    path = workspace.store_path(user.oid)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a sqlite file, " * 500)

    with pytest.raises(StoreOpenError) as raised:
        _open_services(workspace, user, demo=False)

    assert "está danificada" in raised.value.message
    assert str(path) in raised.value.message
    assert path.read_bytes() == b"not a sqlite file, " * 500  # nothing overwritten


def test_damaged_store_cli_prints_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dataclasses import dataclass

    from planmp_desktop import cli
    from planmp_desktop.auth.offline import OfflineIdentityStore

    @dataclass
    class SignedIn:  # the fields OfflineIdentityStore.save reads from a sign-in result
        oid: str
        account_username: str
        name: str
        roles: list[str]

    home = tmp_path / "home"
    home.mkdir()
    oid = uuid.uuid4()
    OfflineIdentityStore(home / "identity.json").save(SignedIn(str(oid), "ana.ribeiro", "Ana Paula Ribeiro", ["PAA"]))
    store = open_workspace(home).store_path(oid)
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_bytes(b"not a sqlite file, " * 500)

    code = cli.main(["--home", str(home), "status"])

    assert code == 1
    error = capsys.readouterr().err
    assert "está danificada" in error
    assert "Traceback" not in error
