"""The command line: summaries, exit codes and messages for configuration mistakes."""

from __future__ import annotations

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
