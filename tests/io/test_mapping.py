"""Tests of column mappings: presets, guesses and mappings saved by users."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planmp_desktop.io import sigplan
from planmp_desktop.io.mapping import (
    PORTAL_ORCAMENTO_DESPESA,
    SIGPLAN_ACOES,
    ColumnMapping,
    MappingFileError,
    find_preset,
    guess_mapping,
    load_mapping,
    load_mappings,
    save_mapping,
)


def test_portal_preset_ignores_case_and_accents() -> None:
    columns = [name.title() for name in PORTAL_ORCAMENTO_DESPESA.required_columns]
    columns = [name.replace("Ç", "C").replace("ç", "c").replace("Í", "I").replace("í", "i") for name in columns]
    columns += ["Código Função", "Código Subfunção", "Código Programa Orçamentário"]
    columns += ["Código Categoria Econômica", "Código Grupo De Despesa", "Código Elemento De Despesa"]
    preset = find_preset(columns)

    assert preset is not None
    assert preset.name == PORTAL_ORCAMENTO_DESPESA.name
    assert preset.fields["year"] == "Exercicio"
    assert preset.fields["dotacao_inicial"] == "Orcamento Inicial (R$)"
    assert "pago" not in preset.fields
    assert "natureza_despesa" not in preset.fields


def test_sigplan_preset_targets_plan_items() -> None:
    preset = find_preset([*sigplan.REQUIRED_COLUMNS, "Previsão Orçamentária 2025"])

    assert preset is not None
    assert preset.name == SIGPLAN_ACOES.name
    assert preset.entity == "plan_item"


def test_no_preset_for_other_files() -> None:
    assert find_preset(["UO", "Valor"]) is None


def test_guess_by_label() -> None:
    guessed = guess_mapping(["UO", "Ação", "Dotação atualizada", "EMPENHADO", "Observação"])

    assert guessed.fields == {"uo": "UO", "acao": "Ação", "dotacao_atualizada": "Dotação atualizada", "empenhado": "EMPENHADO"}


def test_saved_mapping_roundtrip(tmp_path: Path) -> None:
    mapping = ColumnMapping("Relatório SIAFE – execução", {"uo": "Unidade", "empenhado": "Valor empenhado"})
    path = save_mapping(tmp_path / "mapeamentos", mapping)
    loaded = load_mapping(path)

    assert path.name == "relatorio-siafe-execucao.json"
    assert loaded.name == mapping.name
    assert loaded.fields == mapping.fields
    assert loaded.entity == "budget_line"
    assert find_preset(["Unidade", "Valor empenhado", "Outra"], load_mappings(tmp_path / "mapeamentos")) == loaded


def test_saved_mapping_rejects_unknown_field(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Campos desconhecidos no mapeamento: saldo"):
        save_mapping(tmp_path, ColumnMapping("x", {"saldo": "Saldo"}))
    with pytest.raises(ValueError, match="Informe um nome"):
        save_mapping(tmp_path, ColumnMapping("  ", {"uo": "UO"}))


def test_broken_mapping_files_skipped(tmp_path: Path) -> None:
    save_mapping(tmp_path, ColumnMapping("Bom", {"uo": "UO"}))
    (tmp_path / "quebrado.json").write_text("{não é json", encoding="utf-8")
    (tmp_path / "sem-campos.json").write_text(json.dumps({"name": "x"}), encoding="utf-8")
    (tmp_path / "futuro.json").write_text(json.dumps({"version": 99, "fields": {}}), encoding="utf-8")

    assert [mapping.name for mapping in load_mappings(tmp_path)] == ["Bom"]
    with pytest.raises(MappingFileError, match="ilegível"):
        load_mapping(tmp_path / "quebrado.json")
    with pytest.raises(MappingFileError, match="versão mais nova"):
        load_mapping(tmp_path / "futuro.json")


def test_missing_folder_has_no_mappings(tmp_path: Path) -> None:
    assert load_mappings(tmp_path / "nao-existe") == []


def test_guess_reads_budget_system_codes() -> None:
    # The columns of Minas Gerais' execution base (base_gifp_2018_2022.xlsx).
    columns = ["ANO", "UO_COD", "ACAO_COD", "ACAO_DESC", "FONTE_COD", "VL_LOA_DESP", "VL_CRED_AUT", "VL_EMP", "VL_LIQ"]

    fields = guess_mapping(columns).fields

    assert fields == {
        "year": "ANO",
        "uo": "UO_COD",
        "acao": "ACAO_COD",
        "fonte": "FONTE_COD",
        "dotacao_inicial": "VL_LOA_DESP",
        "dotacao_atualizada": "VL_CRED_AUT",
        "empenhado": "VL_EMP",
        "liquidado": "VL_LIQ",
    }
