"""The generator's output: golden trees, determinism, writing only what changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pages.catalogue import LANGUAGES, load_catalogue
from generator.pipeline import Session, generate
from generator.register.load import LoadCache, load_register
from generator.settings import Settings

from .conftest import REPO, copy_project, tree

GOLDEN = Path(__file__).parent / "golden"


def _compare_with_golden(output: Path, golden: Path, update: bool) -> None:
    if update:
        shutil.rmtree(golden, ignore_errors=True)
        shutil.copytree(output, golden)
    produced, expected = tree(output), tree(golden)
    assert sorted(produced) == sorted(expected), "generated files differ from the golden tree"
    for name, content in produced.items():
        assert content.decode() == expected[name].decode(), f"{name} differs from tests/golden"


def test_base_case_matches_golden(project: Callable[..., Settings], update_golden: bool) -> None:
    settings = project()
    generate(settings)
    _compare_with_golden(settings.output, GOLDEN / "base", update_golden)


def test_seed_register_matches_golden(tmp_path: Path, update_golden: bool) -> None:
    root = copy_project(tmp_path / "seeds", REPO / "seeds")
    settings = Settings.from_mkdocs(root / "mkdocs.yml")
    generate(settings)
    _compare_with_golden(settings.output, GOLDEN / "seeds", update_golden)


def test_output_is_deterministic(tmp_path: Path) -> None:
    outputs = []
    for name in ("one", "two"):
        root = copy_project(tmp_path / name, REPO / "seeds")
        settings = Settings.from_mkdocs(root / "mkdocs.yml")
        generate(settings)
        outputs.append(tree(settings.output))
    assert outputs[0] == outputs[1]


def test_rerun_writes_nothing_and_keeps_modification_times(project: Callable[..., Settings]) -> None:
    settings = project()
    first = generate(settings).report
    assert first.written
    times = {p: p.stat().st_mtime_ns for p in settings.output.rglob("*.md")}
    second = generate(settings)
    assert second.skipped
    assert second.report.written == ()
    assert second.report.removed == ()
    assert len(second.report.unchanged) == len(first.written)
    assert {p: p.stat().st_mtime_ns for p in settings.output.rglob("*.md")} == times


def test_a_hand_edit_of_a_generated_file_is_undone(project: Callable[..., Settings]) -> None:
    settings = project()
    generate(settings)
    page = settings.output / "method.md"
    original = page.read_text()
    page.write_text("edited by hand\n")
    result = generate(settings)
    assert not result.skipped
    assert result.report.written == ("method.md",)
    assert page.read_text() == original


def test_an_edit_rewrites_only_the_pages_that_show_it(project: Callable[..., Settings]) -> None:
    settings = project()
    generate(settings)
    claims = settings.register / "claims.yml"
    claims.write_text(claims.read_text().replace("Der Sprecher weist", "Ein Sprecher weist"))
    report = generate(settings).report
    assert report.written == ("claims.md", "exports/claims.csv", "exports/claims.json", "topics/truppen.md")


def test_stale_files_are_removed(project: Callable[..., Settings]) -> None:
    settings = project()
    generate(settings)
    stray = settings.output / "sources" / "old-source.md"
    stray.write_text("left over from an earlier register")
    report = generate(settings).report
    assert report.removed == ("sources/old-source.md",)
    assert not stray.exists()


def test_catalogues_have_the_same_keys() -> None:
    def keys(entries: object, prefix: str = "") -> set[str]:
        if not isinstance(entries, dict):
            return {prefix}
        return set().union(*(keys(value, f"{prefix}.{key}") for key, value in entries.items()))

    de, en = (keys(load_catalogue(language).entries) for language in LANGUAGES)
    assert de == en


def test_english_pages_use_the_english_catalogue(project: Callable[..., Settings]) -> None:
    settings = project()
    config = settings.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("language: de", "language: en"))
    english = Settings.from_mkdocs(config)
    generate(english)
    topic = (english.output / "topics" / "truppen.md").read_text()
    assert "Asserted by:" in topic
    assert "Behauptet von" not in topic
    assert "2 November 2024 (to the day)" in topic


@pytest.mark.parametrize("language", LANGUAGES)
def test_dates_and_numbers_follow_the_language(language: str) -> None:
    catalogue = load_catalogue(language)
    assert catalogue.number(12000) == {"de": "12.000", "en": "12,000"}[language]


def test_a_renamed_claim_keeps_its_former_id_as_an_anchor(project: Callable[..., Settings]) -> None:
    settings = project()
    generate(settings)
    claims_page = (settings.output / "claims.md").read_text()
    topic_page = (settings.output / "topics" / "truppen.md").read_text()
    assert '<span id="dementi-des-sprechers"></span>' in claims_page
    assert '<span id="dementi-des-sprechers"></span>' in topic_page


def test_a_cache_of_register_files_gives_what_reading_them_anew_gives(project: Callable[..., Settings]) -> None:
    """`briefing serve` keeps the files it read; an edited file, a new one with a problem and
    a removed one must read exactly as without the cache, problems included."""
    settings = project()
    cache = LoadCache()
    assert load_register(settings.register, settings.root, cache) == load_register(settings.register, settings.root)

    claims = settings.register / "claims.yml"
    claims.write_text(claims.read_text().replace("Der Sprecher weist", "Ein Sprecher weist"))
    (settings.register / "extra.yml").write_text("claims:\n  - id: Not An Id\n")
    (settings.register / "briefings.yml").unlink()
    cached, problems = load_register(settings.register, settings.root, cache)
    assert (cached, problems) == load_register(settings.register, settings.root)
    assert {problem.path for problem in problems} == {"seeds/register/extra.yml"}
    assert any(located.record.statement.startswith("Ein Sprecher weist") for located in cached.claims)
    assert load_register(settings.register, settings.root, cache) == (cached, problems)


def test_a_preview_writes_the_edited_card_first_then_what_a_build_writes(project: Callable[..., Settings]) -> None:
    previewed, fresh = project(name="previewed"), project(name="fresh")
    session = Session()
    generate(previewed, preview=True, session=session)
    for settings in (previewed, fresh):
        claims = settings.register / "claims.yml"
        claims.write_text(claims.read_text().replace("Der Sprecher weist", "Ein Sprecher weist"))

    first = generate(previewed, preview=True, session=session)
    assert not first.complete and first.report.written == ("topics/truppen.md",)
    assert "Ein Sprecher weist" in (previewed.output / "topics/truppen.md").read_text()
    assert "Der Sprecher weist" in (previewed.output / "claims.md").read_text()  # until the second pass

    second = generate(previewed, preview=True, session=session)
    assert second.complete and second.report.written == ("claims.md", "exports/claims.csv", "exports/claims.json")
    generate(fresh, preview=True)
    assert tree(previewed.output) == tree(fresh.output)
    assert generate(previewed, preview=True, session=session).skipped


def test_an_edit_beyond_claims_writes_every_page_at_once(project: Callable[..., Settings]) -> None:
    settings = project()
    session = Session()
    generate(settings, preview=True, session=session)
    entities = settings.register / "entities.yml"
    entities.write_text(entities.read_text().replace("name: Der Minister", "name: Der Außenminister", 1))
    result = generate(settings, preview=True, session=session)
    assert result.complete and len(result.report.written) > 1


def test_an_edit_undone_after_the_first_pass_leaves_the_pages_as_before(project: Callable[..., Settings]) -> None:
    settings = project()
    session = Session()
    generate(settings, preview=True, session=session)
    before = tree(settings.output)
    claims = settings.register / "claims.yml"
    original = claims.read_text()
    claims.write_text(original.replace("Der Sprecher weist", "Ein Sprecher weist"))
    assert not generate(settings, preview=True, session=session).complete
    claims.write_text(original)  # before the second pass: undoing is an edit of its own
    assert not generate(settings, preview=True, session=session).complete
    assert generate(settings, preview=True, session=session).complete
    assert tree(settings.output) == before
