"""The content security policy on the built seed site: on every page the build writes, and in
Debian's chromium, where nothing the site does violates it and an injected handler does not run.

The site is built with SITE_URL set to the address it is served from, as the Pages workflow
does, so that Material's instant navigation is on (it needs the sitemap's addresses): pages
that replace each other without a reload add their policies up."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, expect

from generator.site import csp

from .browser_support import NO_OTHER_HOST, chromium, free_port, search, serve
from .conftest import REPO, copy_project, run_build

pytestmark = pytest.mark.e2e

TOPIC = "briefing/topics/truppen-und-zahlen/"
PAGES = {
    "home": "",
    "briefing": "briefing/topics/",
    "topic": TOPIC,
    "claims": "briefing/claims/",
    "source": "briefing/sources/002-truppen-zur-verstaerkung/",
    "actors": "briefing/actors/",
    "actor": "briefing/actors/choe-son-hui/",
    "figures": "briefing/figures/",
    "timeline": "briefing/timeline/",
    "disputes": "briefing/disputes/",
    "method": "briefing/method/",
    "tags": "briefing/tags/",
    "404": "briefing/no-such-page/",
}
POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')

# Runs before any script of the page, outside its policy (Playwright's init scripts do).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`
));
"""


@dataclass
class Published:
    site: Path
    base: str


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    root = copy_project(tmp_path_factory.mktemp("csp"), REPO / "seeds")
    port = free_port()
    result = run_build(root, SITE_URL=f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site", port) as base:
        yield Published(root / "site", base)


def _policy(html: str) -> dict[str, list[str]]:
    found = POLICY.findall(html)
    assert len(found) == 1, f"{len(found)} policies"
    return {name: sources for name, *sources in (part.split() for part in found[0].split("; "))}


# --- the written pages ---------------------------------------------------------------------------


def test_every_page_the_build_writes_carries_its_policy_before_anything_else(published: Published) -> None:
    pages = sorted(published.site.rglob("*.html"))
    assert published.site / "404.html" in pages
    hashes: set[str] = set()
    for path in pages:
        html = path.read_text(encoding="utf-8")
        name = path.relative_to(published.site).as_posix()
        head = html[html.index("<head>") : html.index("</head>")]
        assert re.match(r'<head>\s*<meta charset="utf-8"><meta http-equiv="Content-Security-Policy"', head), name
        directives = _policy(html)
        scripts = directives["script-src"]
        # The site itself, WebAssembly for the search (never JavaScript's eval), then hashes.
        assert scripts[:2] == ["'self'", "'wasm-unsafe-eval'"], name
        assert all(s.startswith("'sha256-") for s in scripts[2:]), name
        # Exactly the inline scripts of the page, each by its hash; no other host anywhere.
        assert sorted(scripts[2:]) == sorted({csp.script_hash(s) for s in csp.inline_scripts(html)}), name
        assert directives["object-src"] == ["'none'"] and directives["default-src"] == ["'none'"], name
        assert not [
            s
            for sources in directives.values()
            for s in sources
            if "://" in s or s in {"'unsafe-inline'", "'unsafe-eval'"}
        ], name
        hashes.update(scripts[2:])
    # The theme's scope script names the page's base URL, so its hash differs with the depth.
    assert 3 < len(hashes) < 10, sorted(hashes)


# --- in the browser ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@dataclass
class Tab:
    page: Page
    console: list[str]

    def violations(self) -> list[str]:
        recorded = self.page.evaluate("window.__violations")
        return [str(item) for item in recorded] + [line for line in self.console if "Content Security Policy" in line]


@pytest.fixture
def tab(browser: Browser, published: Published) -> Iterator[Tab]:
    context: BrowserContext = browser.new_context(
        base_url=published.base, viewport={"width": 1280, "height": 800}, locale="de-DE", proxy=NO_OTHER_HOST
    )
    context.set_default_timeout(20_000)
    context.add_init_script(RECORD_VIOLATIONS)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    console: list[str] = []

    def note(message: ConsoleMessage) -> None:
        console.append(f"{page.url}: {message.type}: {message.text}")

    page.on("console", note)
    yield Tab(page, console)
    context.close()


def test_no_page_type_violates_its_policy(tab: Tab) -> None:
    for name, path in PAGES.items():
        response = tab.page.goto(path)
        assert response is not None and response.status == (404 if name == "404" else 200), name
        tab.page.wait_for_load_state("load")
        expect(tab.page.locator("header.md-header")).to_be_visible()
        assert tab.violations() == [], name


def test_search_copy_link_claim_address_and_palette_run_under_the_policy(tab: Tab) -> None:
    page = tab.page
    page.goto(TOPIC)
    assert search(page, "Soldaten").locations, "the search found nothing"
    page.keyboard.press("Escape")

    # A claim's lasting address sends the reader on to its card (permalink.js fetches where).
    claim = page.locator(".claim-heading").first.get_attribute("id")
    page.goto(f"briefing/claims/#{claim}")
    page.wait_for_url(f"**/{TOPIC}#{claim}")

    button = page.locator("button.permalink-copy").first
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == button.get_attribute("data-clipboard-text") and copied.startswith("http"), copied

    page.locator('label[for="__palette_1"]').click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert tab.violations() == []


def test_instant_navigation_through_every_page_type_violates_no_policy(tab: Tab) -> None:
    page = tab.page
    page.goto("")
    page.evaluate("window.__same_document = true")
    for name, path in PAGES.items():
        if name in {"home", "404"}:
            continue
        # Click a link as a reader would; Material fetches the page and swaps it in.
        page.evaluate(
            """path => {
                const link = document.createElement("a");
                link.href = new URL(path, document.baseURI).href;
                document.querySelector("article").append(link);
                link.click();
            }""",
            f"/{path}",
        )
        page.wait_for_url(f"**/{path}")
        expect(page.locator("article h1").first).to_be_visible()
        assert page.evaluate("window.__same_document") is True, f"{name}: the page was reloaded, not swapped in"
        page.wait_for_timeout(100)
        assert tab.violations() == [], name


def test_an_injected_event_handler_does_not_run_and_is_reported(tab: Tab, published: Published) -> None:
    original = (published.site / TOPIC / "index.html").read_text(encoding="utf-8")
    payload = '<img src="x" onerror="window.__injected = true">'
    assert "<article" in original
    injected = re.sub(r"(<article[^>]*>)", r"\1" + payload, original, count=1)
    copy = published.site / "briefing" / "topics" / "injected" / "index.html"
    copy.parent.mkdir()
    copy.write_text(injected, encoding="utf-8")
    try:
        tab.page.goto("briefing/topics/injected/")
        tab.page.wait_for_load_state("load")
        expect(tab.page.locator("article img[onerror]")).to_have_count(1)
        tab.page.wait_for_function("window.__violations.length > 0")
        assert tab.page.evaluate("window.__injected") is None
        violations = tab.page.evaluate("window.__violations")
        assert [v.split(" blocked ")[0] for v in violations] == ["script-src-attr"], violations
    finally:
        copy.unlink()
        copy.parent.rmdir()
