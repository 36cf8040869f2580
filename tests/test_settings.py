"""Settings files: round trip, defaults, and fields with invalid values."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from planmp_desktop.settings import Settings, load_settings, read_settings, save_settings


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    settings = Settings(server_url="https://127.0.0.1:9000", ca_file="/tmp/ca.pem", scopes=["a", "b"], plan_year=2027)

    save_settings(settings, path)

    assert load_settings(path) == settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.json") == Settings()


def test_defaults_do_not_share_scopes() -> None:
    first = Settings()
    first.scopes.append("extra")

    assert Settings().scopes == ["api://planmp/Planejamento.ReadWrite"]


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"version": "x"}'])
def test_unreadable_file_gives_defaults(tmp_path: Path, text: str, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")

    with caplog.at_level(logging.INFO):
        assert load_settings(path) == Settings()
    assert "unreadable" in caplog.text


def test_invalid_field_keeps_the_others(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    values = {
        "server_url": "https://central.example:8443",
        "plan_year": "2027",
        "sync_interval_s": True,
        "scopes": ["ok", 3],
        "ca_file": None,
        "colour": "blue",
    }
    path.write_text(json.dumps(values), encoding="utf-8")

    with caplog.at_level(logging.INFO):
        settings = load_settings(path)

    assert settings.server_url == "https://central.example:8443"
    assert settings.ca_file is None
    assert settings.plan_year == Settings().plan_year
    assert settings.sync_interval_s == Settings().sync_interval_s
    assert settings.scopes == Settings().scopes
    assert "'plan_year' has the invalid value '2027'" in caplog.text
    assert "unknown field 'colour' ignored" in caplog.text


def test_unreadable_file_message_names_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"server_url": "https://central.example",', encoding="utf-8")

    settings, problems = read_settings(path)

    assert settings == Settings()
    assert len(problems) == 1
    message = str(problems[0])
    assert str(path) in message
    assert "JSON inválido na linha 1" in message
    assert "valores padrão" in message
    assert path.read_text(encoding="utf-8") == '{"server_url": "https://central.example",'


def test_invalid_field_message_gives_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"plan_year": "2027", "server_url": "https://central.example"}), encoding="utf-8")

    settings, problems = read_settings(path)

    assert settings.server_url == "https://central.example"
    assert [str(problem) for problem in problems] == [
        f'No arquivo de configurações {path}, o campo "plan_year" tem o valor inválido "2027"; o PlanMP usou o '
        "padrão 2026. Corrija o campo no arquivo."
    ]


def test_missing_file_no_message(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "absent.json") == (Settings(), [])


def test_workspace_keeps_settings_problems(tmp_path: Path) -> None:
    from planmp_desktop.composition import open_workspace

    (tmp_path / "settings.json").write_text("not json", encoding="utf-8")

    workspace = open_workspace(tmp_path)

    assert len(workspace.settings_problems) == 1
    assert workspace.settings == Settings()


def test_problem_shown_in_chosen_language(tmp_path: Path) -> None:
    from planmp_desktop.domain.i18n import set_language

    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"language": "en", "plan_year": "2026"}), encoding="utf-8")
    settings, [problem] = read_settings(path)

    set_language(settings.language)
    try:
        assert str(problem).startswith(f'In the settings file {path}, the field "plan_year" has the invalid value "2026"')
    finally:
        set_language("pt_BR")
    assert str(problem).startswith(f'No arquivo de configurações {path}, o campo "plan_year"')
