"""A register too long for one page: claim cards and long lists cut into numbered parts, in
the real `briefing build` of a synthetic project, and old claim links followed in Chromium.

At 600 synthetic claims (bench/synth.py) each of three topics holds 200 claims, so their
cards fill two parts each and the all-claims index two pages; the sizes the benchmark reports at
10,000 claims come from the same rules (generator/pages/placement.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from bench.synth import generate

from .browser_support import NO_OTHER_HOST, chromium, serve
from .conftest import run_build

pytestmark = pytest.mark.e2e

CLAIMS = 600
MOVED = "behauptung-000550"
"""A claim whose card is on a later part of its topic, and on the second page of the index."""
FORMER = "fruehere-kennung-550"
"""An id the register records as MOVED's former id."""
LARGEST_PAGE = 300_000
"""Bytes of HTML no page may exceed (the limit the benchmark states for 1,000 claims)."""

OLD_LINKS = f"""# Old links

- [By id](briefing/claims.md#{MOVED})
- [By former id](briefing/claims.md#{FORMER})
"""


@dataclass
class Site:
    root: Path

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self) -> dict[str, str]:
        return {p.relative_to(self.site).as_posix(): p.read_text(encoding="utf-8") for p in self.site.rglob("*.html")}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = generate(tmp_path_factory.mktemp("scale") / "project", CLAIMS)
    register = next(p for p in sorted((root / "seeds" / "register").glob("claims-*.yml")) if MOVED in p.read_text())
    text = register.read_text(encoding="utf-8")
    register.write_text(
        text.replace(f"- id: {MOVED}\n", f"- id: {MOVED}\n  former_ids: [{FORMER}]\n"), encoding="utf-8"
    )
    (root / "docs" / "old-links.md").write_text(OLD_LINKS, encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(root)


def test_no_page_is_larger_than_the_limit(built: Site) -> None:
    sizes = {path: len(text.encode()) for path, text in built.html().items()}
    largest = max(sizes, key=sizes.__getitem__)
    assert sizes[largest] <= LARGEST_PAGE, f"{largest} has {sizes[largest]:,} bytes of HTML"


def test_long_lists_are_cut_into_numbered_parts(built: Site) -> None:
    pages = built.html()
    for parted in ("briefing/claims/2/index.html", "briefing/topics/thema-001/2/index.html"):
        assert parted in pages, f"no {parted}"
    # Each part links the other parts, and says which part it is.
    second = pages["briefing/topics/thema-001/2/index.html"]
    assert re.search(r'class="pager">[^<]*<a href="\.\./">1</a> · <strong>2</strong>', second), "no pager"
    assert re.search(r"<h1[^>]*>[^<]*\(Seite 2 von 2\)", second), "part 2 does not say which part it is"


def test_each_claim_has_one_full_card(built: Site) -> None:
    headings = Counter(
        ident
        for text in built.html().values()
        for ident in re.findall(r'<h2 class="claim-heading" id="(behauptung-\d{6})"', text)
    )
    assert len(headings) == CLAIMS
    assert set(headings.values()) == {1}, [ident for ident, n in headings.items() if n > 1]


@pytest.fixture(scope="module")
def server(built: Site) -> Iterator[str]:
    with serve(built.site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, locale="de-DE", proxy=NO_OTHER_HOST)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def card_url(built: Site) -> str:
    """The site path of the page that holds MOVED's card."""
    for path, text in built.html().items():
        if f'<h2 class="claim-heading" id="{MOVED}"' in text:
            return "/" + path.removesuffix("index.html")
    raise AssertionError(f"no card of {MOVED}")


@pytest.mark.parametrize("anchor", [MOVED, FORMER])
def test_a_lasting_address_opens_the_card(built: Site, page: Page, anchor: str) -> None:
    page.goto(f"briefing/claims/#{anchor}")
    page.wait_for_url(re.compile(re.escape(card_url(built)) + f"#{MOVED}$"))
    expect(page.locator(f"#{MOVED}")).to_be_in_viewport()


@pytest.mark.parametrize("label", ["By id", "By former id"])
def test_a_lasting_address_opens_the_card_after_instant_navigation(built: Site, page: Page, label: str) -> None:
    page.goto("old-links/")
    page.wait_for_function("typeof document$ !== 'undefined'")
    page.get_by_role("link", name=label).click()
    page.wait_for_url(re.compile(re.escape(card_url(built)) + f"#{MOVED}$"))
    expect(page.locator(f"#{MOVED}")).to_be_in_viewport()


def test_the_copy_button_gives_the_lasting_address(built: Site, page: Page, server: str) -> None:
    page.goto(f"{card_url(built).lstrip('/')}#{MOVED}")
    button = page.locator(f"#{MOVED} + .claim button.permalink-copy")
    expect(button).to_have_attribute("data-clipboard-text", f"{server.rstrip('/')}/briefing/claims/#{MOVED}")
