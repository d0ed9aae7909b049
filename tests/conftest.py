"""Shared fixtures: throw-away copies of a briefing project built from test cases."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.pages.layout import Layout, page_url
from generator.pages.placement import place
from generator.register.validate import Corpus
from generator.settings import Settings

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"
BASE = CASES / "base"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected outputs (golden trees, expected messages) from the current code",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def card(corpus: Corpus, claim: str, layout: Layout | None = None) -> str:
    """The site path of a claim's card with its anchor ('briefing/topics/some-topic/#some-claim')."""
    return f"{card_page(corpus, claim, layout)}#{claim}"


def card_page(corpus: Corpus, claim: str, layout: Layout | None = None) -> str:
    """The site path of the page that holds a claim's card ('briefing/topics/some-topic/')."""
    return page_url(place(corpus, layout or Layout()).card_of[claim])


def card_pages(output: Path) -> str:
    """The Markdown of every generated page that holds claim cards (the topics and their parts),
    in path order; their links are relative to `topics/`."""
    return "".join(
        p.read_text(encoding="utf-8") for p in sorted((output / "topics").rglob("*.md")) if p.stem != "index"
    )


def copy_project(target: Path, *seeds: Path) -> Path:
    """A runnable project in `target`: the repository's MkDocs setup and the given seeds
    folders copied on top of each other (later files replace earlier ones)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("briefing"))
    for folder in seeds:
        shutil.copytree(folder, target / "seeds", dirs_exist_ok=True)
    return target


RESERVOIR = CASES / "reservoir"
"""An English corpus of another story: figures of several scopes and units, ranges, unnamed
claimants, a refuted rumour, a one-paragraph article, values from 0.5 to 10^12."""


def english_project(target: Path, *seeds: Path) -> Path:
    """A project of the given seeds folders with English pages and English search."""
    root = copy_project(target, *seeds)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("language: de", "language: en").replace("lang: de", "lang: en"))
    return root


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Settings]:
    """Make a project from the base case plus overlays; return its settings."""

    def make(*overlays: Path, name: str = "project") -> Settings:
        root = copy_project(tmp_path / name, BASE / "seeds", *(case / "seeds" for case in overlays))
        return Settings.from_mkdocs(root / "mkdocs.yml")

    return make


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root`: relative path -> content."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def run_build(root: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """The real `briefing build` (generator, then `mkdocs build --strict`) in a project folder."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **environment},
    )


class _Ids(HTMLParser):
    """Every id attribute of one HTML page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.extend(value for name, value in attrs if name == "id" and value is not None)


def duplicate_ids(site: Path) -> dict[str, list[str]]:
    """Page -> the ids it holds more than once, for every HTML page of a built site."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        reader = _Ids()
        reader.feed(page.read_text(encoding="utf-8"))
        twice = sorted({ident for ident in reader.ids if reader.ids.count(ident) > 1})
        if twice:
            found[page.relative_to(site).as_posix()] = twice
    return found


def edit_article(seeds: Path, path: Path, text: str) -> None:
    """Change an article on purpose, as an editor replacing the evidence would: the file and its recorded digest."""
    old = hashlib.sha256(path.read_bytes()).hexdigest()
    path.write_text(text, encoding="utf-8")
    new = hashlib.sha256(path.read_bytes()).hexdigest()
    for register in (seeds / "register").glob("*.yml"):
        register.write_text(register.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
