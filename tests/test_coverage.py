"""Coverage: every paragraph of every seed article is cited or explained."""

from __future__ import annotations

from collections.abc import Callable

from generator.cli import main
from generator.coverage import coverage
from generator.pipeline import check
from generator.settings import Settings

from .conftest import REPO


def test_seed_articles_are_fully_covered() -> None:
    rows = coverage(check(Settings.from_mkdocs(REPO / "mkdocs.yml")))
    assert [(row.source_id, row.open) for row in rows if row.open] == []
    assert [(row.source_id, row.open_sentences) for row in rows if row.open_sentences] == []
    assert all(row.cited + row.explained == row.paragraphs for row in rows)


def test_coverage_lists_open_paragraphs_and_fails_until_they_are_handled(project: Callable[..., Settings]) -> None:
    settings = project()
    rows = {row.source_id: row for row in coverage(check(settings))}
    assert rows["001-bericht"].open == [("p1", "Truppen an der Grenze"), ("p2", "Stand: 2. November 2024")]
    assert rows["002-meldung"].open == [("p1", "Meldung ohne Datum")]
    assert main(["--config", str(settings.root / "mkdocs.yml"), "coverage"]) == 1
