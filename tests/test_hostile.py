"""Hostile text in every field of the register and in an article stays inert on every page.

The case tests/cases/hostile puts one payload (HTML, a script, a javascript: link,
Markdown and footnote syntax, Jinja tags, a snippet include) into titles, names,
notes, quotes, figures and summaries. The real build must show it as text.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Dialog, sync_playwright

from .browser_support import CHROMIUM, CHROMIUM_ARGS, NO_OTHER_HOST, serve, url_path
from .conftest import BASE, CASES, copy_project, duplicate_ids, run_build

pytestmark = pytest.mark.e2e

PAYLOAD = "<script>alert(1)</script> <img src=x onerror=alert(2)> [klick](javascript:alert(3)) **fett** [^1] {{ 7*7 }}"


class _Audit(HTMLParser):
    """Collects every element and attribute that could run code, and the visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.dangerous: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.dangerous.append(f"<{tag} {name}>")
            if name in {"href", "src"} and (value or "").strip().lower().startswith("javascript:"):
                self.dangerous.append(f"<{tag} {name}={value}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.dangerous.append("<img src=x>")
        # JSON-LD is data, not code: it may hold the payload (with "<" escaped).
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.dangerous.append(f"<script>{data[:40]}")
        if not self._in_script:
            self.text.append(data)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile"), BASE / "seeds", CASES / "hostile" / "seeds")
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def _audit(path: Path) -> _Audit:
    audit = _Audit()
    audit.feed(path.read_text(encoding="utf-8"))
    return audit


def test_no_page_contains_markup_from_the_register(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        assert _audit(page).dangerous == [], page.relative_to(site)


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "briefing/topics/truppen/index.html",
        "briefing/claims/index.html",
        "briefing/sources/001-bericht/index.html",
        "briefing/actors/minister/index.html",
        "briefing/figures/index.html",
        "briefing/disputes/index.html",
    ],
)
def test_the_payload_is_shown_as_text(site: Path, page: str) -> None:
    text = " ".join("".join(_audit(site / page).text).split())
    assert PAYLOAD in text


def test_nothing_is_written_outside_the_site_and_generated_folder(site: Path) -> None:
    root = site.parent
    generated = {p.relative_to(root).parts[0] for p in root.rglob("*") if p.is_file()}
    assert generated <= {"site", "docs", "seeds", "mkdocs.yml", ".briefing", "generator"}
    docs = {p.relative_to(root / "docs").parts[0] for p in (root / "docs").rglob("*") if p.is_file()}
    assert docs <= {"index.md", "stylesheets", "javascripts", "briefing"}


def test_no_page_of_the_hostile_site_holds_an_id_twice(site: Path) -> None:
    assert duplicate_ids(site) == {}


MARKUP_IN_SETTINGS = '"><img src=x onerror=alert(document.domain)>'


@pytest.fixture(scope="module")
def payload_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Markdown with an attribute list and raw HTML in a source title, an outlet, an entity
    description and a briefing summary; HTML in site_name and site_description."""
    root = copy_project(tmp_path_factory.mktemp("payload"), BASE / "seeds", CASES / "markdown-payload" / "seeds")
    config = root / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = f"site_name: 'Lage {MARKUP_IN_SETTINGS}'\n"
    lines[1] = f"site_description: 'Beschreibung {MARKUP_IN_SETTINGS}'\n"
    config.write_text("".join(lines), encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_no_payload_runs_in_chromium(payload_site: Path) -> None:
    pages = sorted(p.relative_to(payload_site).as_posix() for p in payload_site.rglob("*.html"))
    dialogs: list[str] = []
    with serve(payload_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=base, proxy=NO_OTHER_HOST)
        page = context.new_page()

        def record(dialog: Dialog) -> None:
            dialogs.append(f"{page.url}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", record)
        for path in pages:
            page.goto(url_path(path), wait_until="load")
            assert page.locator("img[onerror]").count() == 0, path
        browser.close()
    assert len(pages) > 10
    assert dialogs == []


def test_markup_in_settings_is_text_in_the_head(payload_site: Path) -> None:
    head = (payload_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    assert "<img" not in head
    assert 'content="Lage &#34;&gt;&lt;img src=x onerror=alert(document.domain)&gt;"' in head or (
        'content="Lage &quot;&gt;&lt;img src=x onerror=alert(document.domain)&gt;"' in head
    )


def test_no_page_of_the_payload_site_holds_an_id_twice(payload_site: Path) -> None:
    assert duplicate_ids(payload_site) == {}
