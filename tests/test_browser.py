"""The built site in a real browser: Debian's chromium, driven by Playwright, against the real
`briefing build` output served on 127.0.0.1; plus axe-core and the lychee link checker.

Nothing here is skipped: without chromium (`make browser`), axe-core (`npm ci`) or lychee
(`make setup`) these tests fail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Literal

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from generator.pages.layout import quote_anchor
from generator.pipeline import check
from generator.register.validate import Corpus
from generator.settings import Settings
from generator.site.search_index import indexed

from .browser_support import (
    AXE,
    NO_OTHER_HOST,
    PageWatch,
    axe_violations,
    check_links,
    chromium,
    search,
    serve,
    url_path,
)
from .conftest import REPO, copy_project, run_build

pytestmark = pytest.mark.e2e

TOPIC = "truppen-und-zahlen"


@dataclass
class Built:
    root: Path
    """The project folder; the site is in root / "site"."""
    corpus: Corpus

    @property
    def site(self) -> Path:
        return self.root / "site"

    def pages(self) -> list[str]:
        """Every HTML file of the site, relative to it."""
        return sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*.html"))

    def words(self, location: str) -> set[str]:
        """The lower-case words that the search index holds for one page (all its sections)."""
        text = " ".join(
            str(r["content"]) + " " + str(r["meta"])
            for r in indexed(self.site)
            if str(r["url"]).split("#")[0] == location
        )
        return set(re.findall(r"\w+", text.lower()))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_project(tmp_path_factory.mktemp("browser"), REPO / "seeds")
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(root, check(Settings.from_mkdocs(root / "mkdocs.yml")))


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[str]:
    with serve(built.site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def context(browser: Browser, server: str) -> Iterator[BrowserContext]:
    """A fresh profile (no stored palette choice) that never reaches another host."""
    context = browser.new_context(
        base_url=server,
        viewport={"width": 1280, "height": 800},
        color_scheme="light",
        locale="de-DE",
        proxy=NO_OTHER_HOST,
    )
    context.set_default_timeout(20_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


# --- 1, 2: search ------------------------------------------------------------------------------


def test_search_finds_a_word_as_written(built: Built, page: Page) -> None:
    target = f"briefing/topics/{TOPIC}/"  # each claim's words are indexed on its card
    assert "soldaten" in built.words(target)
    page.goto("")
    result = search(page, "Soldaten")
    assert target in result.pages(), f"searching 'Soldaten' does not list {target}; {result}"


def test_search_finds_an_inflected_word_through_stemming(built: Built, page: Page) -> None:
    # Some claims say „Territorium“ but never „Territoriums“ (nor a word that begins with
    # it); only the German stemmer maps both forms onto one term.
    held = {str(r["url"]): set(re.findall(r"\w+", f"{r['content']} {r['meta']}".lower())) for r in indexed(built.site)}
    targets = [
        url
        for url, words in held.items()
        if "territorium" in words and not any(w.startswith("territoriums") for w in words)
    ]
    assert targets, "expected a section that says 'Territorium' only"
    page.goto("")
    result = search(page, "Territoriums")
    assert set(targets) & set(result.locations), f"searching 'Territoriums' lists none of {targets}; {result}"


@pytest.mark.parametrize("alias", ["Choe Song Hui", "Chloe Son-hui"])
def test_search_finds_the_actor_page_by_alias(built: Built, page: Page, alias: str) -> None:
    entity = built.corpus.entities["choe-son-hui"]
    assert alias in {a.name for a in entity.aliases}
    page.goto("")
    result = search(page, alias)
    assert f"briefing/actors/{entity.id}/" in result.pages(), f"searching {alias!r}: {result}"


# --- 3, 4: quotes and citations -----------------------------------------------------------------


def test_a_card_shows_each_quote_on_the_topic_page(built: Built, page: Page) -> None:
    claim = built.corpus.claims[built.corpus.briefings[TOPIC].claims[0]]
    page.goto(f"briefing/topics/{TOPIC}/")
    evidence = page.locator(f'[id="{claim.id}"] + .claim ol > li')
    expect(evidence).to_have_count(len(claim.citations))
    for index, citation in enumerate(claim.citations):
        quote = " ".join(citation.quote.strip('„“"').split())
        expect(evidence.nth(index)).to_be_visible()
        assert quote in " ".join(evidence.nth(index).inner_text().split()), f"{claim.id}-{index + 1}"


def test_citation_link_lands_on_the_highlighted_passage(built: Built, page: Page) -> None:
    # The topic's claim whose first quote lies deepest in its article: the browser must scroll.
    claim = built.corpus.claims[
        max(built.corpus.briefings[TOPIC].claims, key=lambda ident: built.corpus.anchors[(ident, 0)].paragraph)
    ]
    source = claim.citations[0].source
    anchor = quote_anchor(claim.id, 0)
    page.goto(f"briefing/topics/{TOPIC}/")
    page.locator(f'[id="{claim.id}"] + .claim a.passage-link').first.click()
    page.wait_for_url(f"**/briefing/sources/{source}/#{anchor}")
    target = page.locator(f'[id="{anchor}"]')
    expect(target).to_have_count(1)
    mark = page.locator(f'[id="{anchor}"] + mark.quote')
    expect(mark).to_have_count(1)
    expect(mark).to_be_in_viewport()
    assert target.evaluate("element => element.matches(':target')")
    if built.corpus.anchors[(claim.id, 0)].paragraph > 3:
        assert page.evaluate("() => window.scrollY") > 0
    # Not hidden under Material's sticky header.
    header = page.locator("header.md-header").bounding_box()
    box = mark.bounding_box()
    assert header is not None and box is not None
    assert box["y"] >= header["y"] + header["height"] - 1, f"passage at y={box['y']} is under the header {header}"
    colours = page.evaluate(
        """anchor => {
            const background = element => getComputedStyle(element).backgroundColor;
            const target = document.getElementById(anchor).nextElementSibling;
            const other = [...document.querySelectorAll("mark.quote")].find(m => m !== target);
            return [background(target), other ? background(other) : null];
        }""",
        anchor,
    )
    target_colour, ordinary_colour = colours
    assert ordinary_colour is not None, "the source page has only one marked passage"
    assert target_colour != ordinary_colour, f"the linked passage is not highlighted more strongly: {colours}"


# --- 5: light and dark --------------------------------------------------------------------------


def _luminance(css_colour: str) -> float:
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_colour)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


def test_light_and_dark_mode_both_render(page: Page, tmp_path: Path) -> None:
    page.goto(f"briefing/topics/{TOPIC}/")
    body = page.locator("body")
    content = page.locator("article.md-content__inner")

    def colours() -> tuple[float, float]:
        background = body.evaluate("element => getComputedStyle(element).backgroundColor")
        text = content.evaluate("element => getComputedStyle(element).color")
        return _luminance(background), _luminance(text)

    expect(body).to_have_attribute("data-md-color-scheme", "default")
    light_background, light_text = colours()
    light = page.screenshot(path=tmp_path / "light.png")

    page.locator('label[for="__palette_1"]').click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    dark_background, dark_text = colours()
    dark = page.screenshot(path=tmp_path / "dark.png")

    assert light_background > 0.8 and light_text < 0.3, (light_background, light_text)
    assert dark_background < 0.3 and dark_text > 0.6, (dark_background, dark_text)
    assert light != dark
    expect(content).to_be_visible()

    page.locator('label[for="__palette_0"]').click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


# --- 6: every page, no other host, no errors ---------------------------------------------------


def test_every_page_loads_locally_without_errors(built: Built, context: BrowserContext) -> None:
    pages = built.pages()
    assert len(pages) > 50
    tabs = [PageWatch(context.new_page()) for _ in range(3)]
    for start in range(0, len(pages), len(tabs)):
        batch = list(zip(tabs, pages[start : start + len(tabs)], strict=False))
        for tab, name in batch:
            tab.start(name, url_path(name))
        for tab, _ in batch:
            tab.settle()
    problems = [problem for tab in tabs for problem in tab.problems]
    if problems:
        pytest.fail(f"{len(problems)} problem(s) on {len(pages)} pages:\n" + "\n".join(problems))
    assert sum(tab.requests for tab in tabs) >= 5 * len(pages)


# --- 7: accessibility -------------------------------------------------------------------------

AXE_PAGES = {
    "home": "",
    "topic": f"briefing/topics/{TOPIC}/",
    "claims": "briefing/claims/",
    "source": "briefing/sources/002-truppen-zur-verstaerkung/",
    "figures": "briefing/figures/",
    "timeline": "briefing/timeline/",
    "disputes": "briefing/disputes/",
    "actors": "briefing/actors/",
    "actor": "briefing/actors/choe-son-hui/",
    "method": "briefing/method/",
    "tags": "briefing/tags/",
    "changes": "briefing/changes/",
    "404": "briefing/no-such-page/",
}


def _title(html: Path) -> str:
    match = re.search(r"<title>(.*?)</title>", html.read_text(encoding="utf-8"), re.S)
    assert match is not None, html
    return unescape(match[1]).strip()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", AXE_PAGES.values(), ids=AXE_PAGES.keys())
def test_axe_reports_no_serious_violation(
    built: Built, page: Page, path: str, scheme: Literal["light", "dark"]
) -> None:
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (or `make browser`)"
    page.emulate_media(color_scheme=scheme)  # Material follows the reader's system setting
    response = page.goto(path)
    if path == AXE_PAGES["404"]:  # an unknown address shows the site's own 404 page
        assert response is not None and response.status == 404
        expect(page).to_have_title(_title(built.site / "404.html"))
    violations = [v for v in axe_violations(page) if v.impact in {"serious", "critical"}]
    if violations:
        pytest.fail(f"axe on /{path}:\n" + "\n".join(v.describe() for v in violations))


# --- 8: links and anchors ------------------------------------------------------------------------


def test_link_checker_finds_every_link_and_anchor(built: Built) -> None:
    report = check_links(built.site)
    if report.errors:
        pytest.fail(f"{len(report.errors)} broken link(s) or anchor(s):\n" + "\n".join(report.errors))
    assert report.returncode == 0, report.output
    assert report.successful > 1000, report.output


def test_link_checker_catches_broken_links_and_anchors(tmp_path: Path) -> None:
    """The same lychee call on a tiny site: proves that missing files, directories without
    index.html and unknown anchors (also root-relative ones) are reported, not passed."""
    (tmp_path / "a").mkdir()
    (tmp_path / "empty").mkdir()
    (tmp_path / "a" / "index.html").write_text('<!doctype html><title>a</title><h1 id="here">A</h1>\n')
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>t</title>\n"
        '<a href="a/#here">ok</a> <a href="a/index.html#here">ok</a> <a href="/a/#here">ok</a>\n'
        '<a href="a/#gone">x</a> <a href="/a/#also-gone">x</a> <a href="missing/">x</a>\n'
        '<a href="empty/">x</a> <a href="#nowhere">x</a> <img src="no.png" alt="">\n'
    )
    report = check_links(tmp_path)
    root = tmp_path.resolve().as_uri()
    broken = sorted(line.split(" — ")[0].split(": ", 1)[1].removeprefix(root) for line in report.errors)
    assert broken == ["/a#also-gone", "/a#gone", "/empty", "/index.html#nowhere", "/missing", "/no.png"], report.output
    assert report.returncode != 0
