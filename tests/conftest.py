"""Shared fixtures: throw-away copies of a briefing project built from test cases."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

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


def copy_project(target: Path, *seeds: Path) -> Path:
    """A runnable project in `target`: the repository's MkDocs setup and the given seeds
    folders copied on top of each other (later files replace earlier ones)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "docs", target / "docs", ignore=shutil.ignore_patterns("briefing"))
    # MkDocs resolves the hook path relative to mkdocs.yml.
    (target / "generator").symlink_to(REPO / "generator", target_is_directory=True)
    for folder in seeds:
        shutil.copytree(folder, target / "seeds", dirs_exist_ok=True)
    return target


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
