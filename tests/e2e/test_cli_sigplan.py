"""The ``planmp`` command line on a signed-in workspace: import SIGPLAN actions, sync, status, export."""

from __future__ import annotations

import csv
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, select

from planmp_desktop.auth.demo import demo_sign_in
from planmp_desktop.settings import save_settings
from planmp_server.db import ENTITY_TABLES

from .conftest import DemoServer, configured_workspace

SIGPLAN_FILE = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "acoes_planejamento.txt"
PLANNING_USERNAME = "carla.mendes@mpex.example"
UO_COLUMN = "Código da Unidade Orçamentária Responsável pela Ação"
DELETED_COLUMN = "Exclusão Lógica da Ação"


def _planmp(home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planmp_desktop.cli", "--home", str(home), *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _synced_home(tmp_path: Path, server: DemoServer, username: str) -> Path:
    """Sign ``username`` in through MSAL, save the workspace's settings and run a first ``planmp sync``."""
    home = tmp_path / "client"
    workspace = configured_workspace(home, server)
    save_settings(workspace.settings, home / "settings.json")
    workspace.remember(demo_sign_in(workspace.auth(), username))
    workspace.auth().close()
    first_sync = _planmp(home, "sync")
    assert first_sync.returncode == 0, first_sync.stderr
    return home


def _file_totals(uo: str) -> tuple[int, dict[int, Decimal]]:
    """Count the UO's live actions and sum its yearly budget, read straight from the file."""
    with SIGPLAN_FILE.open(encoding="cp1252", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="|", quoting=csv.QUOTE_NONE))
    live = [row for row in rows if row[UO_COLUMN].zfill(5) == uo and row[DELETED_COLUMN] != "Sim"]
    totals: dict[int, Decimal] = {}
    for year in (2023, 2024, 2025, 2026):
        column = f"Previsão Orçamentária {year}"
        totals[year] = sum((Decimal(row[column].replace(",", ".") or "0") for row in live), Decimal(0))
    return len(live), totals


@pytest.mark.shared_data
@pytest.mark.skipif(not SIGPLAN_FILE.exists(), reason="../shared/data/acoes_planejamento.txt not present")
def test_cli_imports_uo_1091_and_syncs(tmp_path: Path, demo_server: DemoServer) -> None:
    home = _synced_home(tmp_path, demo_server, PLANNING_USERNAME)

    imported = _planmp(home, "import", str(SIGPLAN_FILE), "--uo", "1091", "--year", "2026")
    assert imported.returncode == 0, imported.stderr
    expected_count, expected_totals = _file_totals("01091")
    assert f"{expected_count} ação(ões) importada(s)" in imported.stdout

    status = _planmp(home, "status")
    assert f"Alterações pendentes: {expected_count}" in status.stdout

    pushed = _planmp(home, "sync")
    assert pushed.returncode == 0, pushed.stderr
    assert "0 recusada(s)" in pushed.stdout

    engine = create_engine(demo_server.database_url)
    table = ENTITY_TABLES["plan_item"]
    with engine.connect() as connection:
        rows = connection.execute(
            select(table.c.planned_total, table.c.year_targets).where(table.c.source_ref.like("SIGPLAN:%"))
        ).all()
    engine.dispose()
    assert len(rows) == expected_count
    assert sum((row.planned_total for row in rows), Decimal(0)) == expected_totals[2026]
    for year, total in expected_totals.items():
        from_server = sum((Decimal(row.year_targets[str(year)]["orcamento"] or "0") for row in rows), Decimal(0))
        assert from_server == total, year

    again = _planmp(home, "import", str(SIGPLAN_FILE), "--uo", "01091", "--year", "2026")
    assert "0 ação(ões) importada(s)" in again.stdout

    exported = _planmp(home, "export", str(tmp_path / "plano.xlsx"))
    assert exported.returncode == 0, exported.stderr
    sheet = load_workbook(tmp_path / "plano.xlsx", read_only=True).active
    assert sheet.max_row > expected_count
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    kinds = {row[header.index("Nível")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert kinds <= {"Iniciativa", "Tarefa"}

    exported_csv = _planmp(home, "export", str(tmp_path / "plano.csv"))
    assert exported_csv.returncode == 0, exported_csv.stderr
    lines = (tmp_path / "plano.csv").read_text(encoding="utf-8-sig").splitlines()
    approval_labels = ("Rascunho", "Aguardando aprovação", "Aprovado", "Devolvido")
    assert any(label in lines[1] for label in approval_labels)


@pytest.mark.shared_data
@pytest.mark.skipif(not SIGPLAN_FILE.exists(), reason="../shared/data/acoes_planejamento.txt not present")
def test_cli_import_bad_uo_explains_without_traceback(tmp_path: Path, demo_server: DemoServer) -> None:
    home = _synced_home(tmp_path, demo_server, PLANNING_USERNAME)

    result = _planmp(home, "import", str(SIGPLAN_FILE), "--uo", "abc")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Unidade orçamentária 'abc' inválida" in result.stderr


@pytest.mark.shared_data
@pytest.mark.skipif(not SIGPLAN_FILE.exists(), reason="../shared/data/acoes_planejamento.txt not present")
def test_cli_import_out_of_scope_refused(tmp_path: Path, demo_server: DemoServer) -> None:
    home = _synced_home(tmp_path, demo_server, "ana.souza@mpex.example")

    result = _planmp(home, "import", str(SIGPLAN_FILE), "--uo", "1091")
    assert result.returncode == 1
    assert "fora do seu escopo" in result.stderr
    status = _planmp(home, "status")
    assert "Alterações pendentes: 0" in status.stdout


def test_cli_without_signed_in_user_explains(tmp_path: Path) -> None:
    result = _planmp(tmp_path / "empty", "status")
    assert result.returncode == 5
    assert "Nenhum usuário entrou" in result.stderr


@pytest.mark.skipif(not SIGPLAN_FILE.exists(), reason="../shared/data/acoes_planejamento.txt not present")
def test_list_uos_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    # head exits after two lines, so the second block of the 112-unit list meets a closed pipe.
    command = (
        f'"{sys.executable}" -m planmp_desktop.cli --home "{tmp_path / "home"}" import "{SIGPLAN_FILE}" --list-uos'
        ' | head -2; exit "${PIPESTATUS[0]}"'
    )
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=120, check=False)

    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 2
    assert "Não foi possível ler" not in result.stderr
