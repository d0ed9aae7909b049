"""The command line: summaries, exit codes and messages for configuration mistakes."""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest

from generator.cli import main
from generator.settings import Settings


def test_check_prints_one_line_of_counts(project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]) -> None:
    settings = project()
    assert main(["--config", str(settings.root / "mkdocs.yml"), "check"]) == 0
    out, err = capsys.readouterr()
    assert out == "2 sources, 3 entities, 4 claims, 5 quotes verified, 1 briefings: no errors\n"
    assert err == ""


def test_a_language_without_catalogue_is_refused(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project()
    config = settings.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("language: de", "language: fr"))
    assert main(["--config", str(config), "check"]) == 1
    _, err = capsys.readouterr()
    assert err == f"briefing: {config}: theme.language 'fr' has no catalogue; use one of de, en\n"


def test_a_missing_configuration_is_reported(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", "no-such-dir/mkdocs.yml", "check"]) == 1
    _, err = capsys.readouterr()
    assert err == "briefing: no-such-dir/mkdocs.yml: cannot read the MkDocs configuration (No such file or directory)\n"


def test_a_locale_that_does_not_fit_the_language_is_refused(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project()
    config = settings.root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra:\n  briefing:\n    locale: en_US\n")
    assert main(["--config", str(config), "check"]) == 1
    _, err = capsys.readouterr()
    assert err == f"briefing: {config}: extra.briefing.locale: locale 'en_US' is not of the site's language 'de'\n"


def _with_settings(settings: Settings, lines: str) -> tuple[str, int]:
    """Append `extra.briefing` settings to the project's mkdocs.yml; the path and first setting's line."""
    config = settings.root / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text + "extra:\n  briefing:\n" + lines)
    return str(config), len(text.splitlines()) + 3


def test_a_seeds_folder_that_does_not_exist_is_named_with_its_line(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    config, line = _with_settings(project(), "    seeds: nowhere\n")
    assert main(["--config", config, "check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"mkdocs.yml:{line}: extra.briefing.seeds: there is no folder 'nowhere' next to mkdocs.yml\n"
        "  hint: write the folder that holds articles/ and register/, relative to mkdocs.yml, e.g.\n"
        "        extra:\n"
        "          briefing:\n"
        "            seeds: seeds\n"
        "1 error; nothing was written.\n"
    )


def test_an_unknown_setting_is_named_with_the_valid_ones(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    config, line = _with_settings(project(), "    sedes: seeds\n    locale: de_AT\n")
    assert main(["--config", config, "check"]) == 1
    _, err = capsys.readouterr()
    assert err == (
        f"mkdocs.yml:{line}: extra.briefing.sedes: unknown setting\n"
        "  hint: did you mean 'seeds'? valid here: seeds, subtree, locale, csp\n"
        "1 error; nothing was written.\n"
    )


def test_a_project_without_seeds_or_docs_is_told_what_to_create(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project()
    config = settings.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("docs_dir: docs\n", "docs_dir: pages\n"))
    line = config.read_text().splitlines().index("docs_dir: pages") + 1
    shutil.rmtree(settings.seeds)
    assert main(["--config", str(config), "check"]) == 1
    _, err = capsys.readouterr()
    assert err == (
        "mkdocs.yml:1: there is no folder 'seeds' next to mkdocs.yml, where the articles and the register are kept\n"
        "  hint: create seeds/articles/ and seeds/register/ (`briefing new DIR` writes an example project), "
        "or name the folder in extra.briefing.seeds\n"
        f"mkdocs.yml:{line}: docs_dir: there is no folder 'pages' next to mkdocs.yml\n"
        '  hint: create it with an index.md holding the line --8<-- "briefing/includes/home.md", '
        "or remove docs_dir to use docs/\n"
        "2 errors; nothing was written.\n"
    )


def test_a_bare_year_is_a_date(project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]) -> None:
    settings = project()
    claims = settings.register / "claims.yml"
    text = claims.read_text()
    claims.write_text(text.replace("    asserted: 2024-11-02\n", "    asserted: 2024-11-02\n    occurred: 2024\n", 1))
    assert main(["--config", str(settings.root / "mkdocs.yml"), "check"]) == 0
    assert capsys.readouterr().err == ""
