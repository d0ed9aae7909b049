"""`briefing new`: a complete project that builds at once, in either language, with
nothing of the seed story in it, reaching the generator through the installed package.

The built sites are shared by the tests of this module (each build runs the real
`briefing build`, generator and `mkdocs build --strict`).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CASES, REPO, run_build

OTHER_STORY = CASES / "other-story" / "seeds"

SHARED_FILES = {
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
    "docs/index.md",
    "mkdocs.yml",
    "requirements.txt",
    "seeds/register/briefing.yml",
    "seeds/schema/register.schema.json",
}
PROJECT_FILES = {
    "de": SHARED_FILES | {"seeds/articles/001-stadtrat-bibliothek.txt"},
    "en": SHARED_FILES | {"seeds/articles/001-council-library.txt"},
}

# Words a reader sees that come from the generator's catalogue or from the theme: the
# colour-scheme toggles, footnote back-links, permalinks, the 404 page, Open Graph's
# locale, the menu, the search box and Material's own labels.
GERMAN_UI = (
    "Dunkles Farbschema",
    "Helles Farbschema",
    "Zurück zur Textstelle",
    "Link zu diesem Abschnitt",
    "Link kopieren",
    "Seite nicht gefunden",
    "Zur Startseite",
    "Alle Behauptungen",
    "Zahlen im Vergleich",
    "Zeitleiste",
    "Widersprüche",
    "Methode",
    "Suche",
    "Inhaltsverzeichnis",
    "Zurücksetzen",
    "de_DE",
)
ENGLISH_UI = (
    "Dark colour scheme",
    "Light colour scheme",
    "Back to the passage",
    "Jump back to footnote",
    "Link to this section",
    "Permanent link",
    "Copy link",
    "Page not found",
    "To the home page",
    "All claims",
    "Figures compared",
    "Timeline",
    "Disputes",
    "Search",
    "Table of contents",
    "Clear",
    "en_GB",
)

# The colour-scheme toggles and the 404 page's heading, as the site must show them.
OWN_WORDS = {
    "de": ("Dunkles Farbschema", "Helles Farbschema", "Seite nicht gefunden"),
    "en": ("Dark colour scheme", "Light colour scheme", "Page not found"),
}

# Names, places and words of the seed story (North Korean troops in Russia), German and English.
SEED_STORY = (
    "Nordkorea",
    "nordkoreanisch",
    "North Korea",
    "North Korean",
    "Pjöngjang",
    "Pyongyang",
    "Kursk",
    "Russland",
    "Russia",
    "Moskau",
    "Moscow",
    "Kreml",
    "Kremlin",
    "Ukraine",
    "Kiew",
    "Kyiv",
    "Seoul",
    "Südkorea",
    "Soldaten",
    "soldiers",
    "Truppen",
    "troops",
    "Blinken",
    "Kim",
    "Putin",
    "Selenskyj",
    "Zelensky",
    "Choe",
    "Yonhap",
    "ZEIT",
    "ISW",
    "Geheimdienst",
    "entsandt",
    "eingereist",
)


def _new(target: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "new", str(target), *options],
        capture_output=True,
        text=True,
        check=False,
    )


def _build(root: Path) -> Path:
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def _switch_language(root: Path, language: str) -> None:
    """Change theme.language in mkdocs.yml and nothing else."""
    config = root / "mkdocs.yml"
    text, count = re.subn(r"(?m)^  language: \w+$", f"  language: {language}", config.read_text(encoding="utf-8"))
    assert count == 1
    config.write_text(text, encoding="utf-8")


NOTES = "# Notes\n\nA hand-written page with a footnote.[^1]\n\n[^1]: The note.\n"
"""A page an editor adds to docs/: its footnotes' back-links are titled in the site's language."""


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Built projects: new ones in German and English, the German one switched to English,
    and a new English one holding another story (tests/cases/other-story/)."""
    base = tmp_path_factory.mktemp("new")
    built: dict[str, Path] = {}
    for language in ("de", "en"):
        assert _new(base / language, "--language", language).returncode == 0
        (base / language / "docs" / "notes.md").write_text(NOTES, encoding="utf-8")
        built[language] = _build(base / language)
    assert _new(base / "de-to-en", "--language", "de").returncode == 0
    (base / "de-to-en" / "docs" / "notes.md").write_text(NOTES, encoding="utf-8")
    _switch_language(base / "de-to-en", "en")
    built["de-to-en"] = _build(base / "de-to-en")
    other = base / "other-story"
    assert _new(other, "--language", "en", "--title", "Mill Street Bridge").returncode == 0
    shutil.rmtree(other / "seeds" / "articles")
    shutil.rmtree(other / "seeds" / "register")
    shutil.copytree(OTHER_STORY, other / "seeds", dirs_exist_ok=True)
    built["other-story"] = _build(other)
    return built


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def _found(words: tuple[str, ...], folder: Path, pattern: str = "*.html") -> dict[str, list[str]]:
    """Which of `words` (whole words, case as given) occur in which files under `folder`."""
    whole = re.compile("|".join(rf"(?<!\w){re.escape(word)}(?!\w)" for word in words))
    found: dict[str, list[str]] = {}
    for path in sorted(folder.rglob(pattern)):
        if path.is_file():
            hits = sorted(set(whole.findall(path.read_text(encoding="utf-8", errors="replace"))))
            if hits:
                found[path.relative_to(folder).as_posix()] = hits
    return found


@pytest.mark.parametrize("language", ["de", "en"])
def test_new_writes_a_complete_project(language: str, tmp_path: Path) -> None:
    target = tmp_path / "briefing"
    result = _new(target, "--language", language, "--title", 'Bridge: "closed"')
    assert result.returncode == 0, result.stderr
    assert _files(target) == PROJECT_FILES[language]
    assert result.stdout.startswith(f"wrote 9 files into {target}/:\n")
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    # The generator is reached through the installed package, never a copy or a path.
    assert "  - briefing\n" in config
    assert "hooks:" not in config
    assert 'site_name: "Bridge: \\"closed\\""\n' in config
    assert f"  language: {language}\n" in config
    register = (target / "seeds" / "register" / "briefing.yml").read_text(encoding="utf-8")
    assert register.startswith("# yaml-language-server: $schema=../schema/register.schema.json\n")
    for section in ("overview:", "sources:", "entities:", "claims:", "briefings:"):
        assert f"\n{section}\n" in register
    workflow = (target / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in workflow
    assert "briefing build" in workflow
    requirements = (target / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert requirements[1] == "briefing==0.1.0"
    # The packages it runs on, at the versions this repository pins and tests.
    pinned = {
        _pin(line) for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines() if "==" in line
    }
    assert {_pin(line) for line in requirements if "==" in line} - {"briefing==0.1.0"} <= pinned
    assert {"mkdocs==1.6.1", "mkdocs-material==9.8.2", "pydantic==2.14.3"} <= set(requirements)
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert readme.startswith('# Bridge: "closed"\n')
    assert "briefing build" in readme


def test_new_example_checks_in_a_fresh_folder(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    assert _new(target, "--language", "en").returncode == 0
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"], cwd=target, capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "1 sources, 4 entities, 4 claims, 4 quotes verified, 1 briefings: no errors\n"


def test_new_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.mkdir()
    (target / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = _new(target)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"briefing: {target}: the folder is not empty; `briefing new` writes only into a new or empty folder "
        "(choose another name, e.g. `briefing new my-briefing`)\n"
    )
    assert _files(target) == {"notes.txt"}


def test_new_refuses_a_file_of_the_same_name(tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("mine\n", encoding="utf-8")
    result = _new(target)
    assert (result.returncode, result.stdout) == (1, "")
    expected = f"briefing: {target}: a file of that name exists; `briefing new` needs a new or empty folder\n"
    assert result.stderr == expected


def test_new_project_needs_no_copy_of_the_generator(projects: dict[str, Path]) -> None:
    for root in projects.values():
        assert not (root / "generator").exists()
        assert (root / "site" / "index.html").is_file()
        assert (root / "site" / "stylesheets" / "briefing.css").is_file()
        assert (root / "site" / "javascripts" / "permalink.js").is_file()


@pytest.mark.parametrize(("name", "language"), [("de", "de"), ("en", "en"), ("de-to-en", "en"), ("other-story", "en")])
def test_every_word_of_the_site_is_in_its_language(projects: dict[str, Path], name: str, language: str) -> None:
    site = projects[name] / "site"
    other_language = ENGLISH_UI if language == "de" else GERMAN_UI
    assert _found(other_language, site) == {}
    to_dark, to_light, not_found = OWN_WORDS[language]
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'title="{to_dark}"' in home
    assert f'title="{to_light}"' in home
    assert f"<h1>404 – {not_found}</h1>" in (site / "404.html").read_text(encoding="utf-8")
    search = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
    assert search["lang"] == [language]
    assert search["pipeline"] == ["stemmer", "stopWordFilter", "trimmer"]


def test_footnote_and_permalink_titles_follow_the_language(projects: dict[str, Path]) -> None:
    german, english = (
        (projects[name] / "site" / "notes" / "index.html").read_text(encoding="utf-8") for name in ("de", "de-to-en")
    )
    assert 'title="Zurück zur Textstelle 1"' in german
    assert 'title="Link zu diesem Abschnitt"' in german
    assert 'title="Back to the passage 1"' in english
    assert 'title="Link to this section"' in english


def test_another_story_carries_nothing_of_the_seed_story(projects: dict[str, Path]) -> None:
    root = projects["other-story"]
    assert _found(SEED_STORY, root / "site", "*") == {}
    assert _found(SEED_STORY, root / "docs", "*") == {}
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    description = "How long the Mill Street Bridge in Riverton stays closed and what its repair costs, from three local"
    assert f'<meta name="description" content="{description}' in home
    assert f'<meta property="og:description" content="{description}' in home


def test_the_tool_itself_holds_nothing_of_the_seed_story() -> None:
    # Catalogue, templates, theme, skeleton, schema descriptions, messages and comments.
    package = Path(__file__).resolve().parent.parent / "generator"
    assert _found(SEED_STORY, package, "*") == {}


def test_the_seed_briefing_is_built_the_same_way() -> None:
    repository = Path(__file__).resolve().parent.parent
    config = (repository / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - briefing\n" in config
    assert "hooks:" not in config
    # Its description, like a new project's, comes from the register's overview.
    assert (repository / "docs" / "index.md").read_text(encoding="utf-8") == '--8<-- "briefing/includes/home.md"\n'


def _pin(line: str) -> str:
    """`name==version` with the name normalised (PEP 503) and a hashed line's continuation dropped."""
    name, version = line.split("==", 1)
    return f"{re.sub(r'[-_.]+', '-', name.strip()).lower()}=={version.split()[0]}"
