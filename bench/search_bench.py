"""What a reader of a built site pays for search: bytes downloaded before the first result
(raw, and gzip as a web server sends them) and milliseconds from typing to the first result,
in headless chromium typing into Material's search box; plus, for comparison, the size of the
same records as one Material (lunr) index that every reader would download whole."""

from __future__ import annotations

import gzip
import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import Page, Response, sync_playwright

from bench.targets import target
from generator.site.search_index import indexed
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, NO_OTHER_HOST, serve

SEARCH_FILES = ("pagefind/", "search/", "javascripts/search-worker.js", "javascripts/search-setup.js")
"""What the site downloads for search (everything else a page loads anyway)."""


@dataclass(frozen=True)
class SearchCost:
    query: str
    raw_bytes: int
    gzip_bytes: int
    files: int
    first_ms: float
    """Typing the first query on a freshly loaded page until its first result shows."""
    again_ms: float
    """A second query on the same page (the search module is loaded)."""


def _gzip_size(path: Path) -> int:
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        return len(data)  # Pagefind's chunks are gzip already: served as they are
    return len(gzip.compress(data, 6))


def _first_result_ms(page: Page, query: str) -> float:
    box = page.locator("input.md-search__input")
    started = time.perf_counter()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    page.wait_for_selector(".md-search-result__list a", timeout=60_000)
    return (time.perf_counter() - started) * 1000


def search_cost(site: Path, query: str, second: str) -> SearchCost:
    """The download and the time of `query`, typed on a freshly loaded home page."""
    fetched: list[str] = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(proxy=NO_OTHER_HOST)

        def record(response: Response) -> None:
            fetched.append(unquote(urlsplit(response.url).path).lstrip("/"))

        page.on("response", record)
        page.goto(base)
        page.wait_for_load_state("networkidle")
        first = _first_result_ms(page, query)
        searched = [path for path in fetched if path.startswith(SEARCH_FILES)]
        page.locator("input.md-search__input").fill("")
        again = _first_result_ms(page, second)
        browser.close()
    files = [site / path for path in dict.fromkeys(searched)]
    return SearchCost(
        query=query,
        raw_bytes=sum(f.stat().st_size for f in files),
        gzip_bytes=sum(_gzip_size(f) for f in files),
        files=len(files),
        first_ms=first,
        again_ms=again,
    )


def lunr_equivalent(site: Path) -> tuple[int, int]:
    """Raw and gzip bytes of the same records as one Material search index (downloaded whole)."""
    docs = [
        {"location": r["url"], "title": r["meta"]["title"], "text": r["content"]}  # type: ignore[index]
        for r in indexed(site)
    ]
    data = json.dumps({"docs": docs}, ensure_ascii=False, separators=(",", ":")).encode()
    return len(data), len(gzip.compress(data, 6))


def report(site: Path, query: str, second: str, claims: int) -> str:
    """The search figures of the built `site` of a register of `claims` claims, with their targets."""
    cost = search_cost(site, query, second)
    lunr_raw, lunr_gzip = lunr_equivalent(site)
    return (
        f"  search {cost.query!r}: {cost.raw_bytes / 1e3:,.0f} KB raw, {cost.gzip_bytes / 1e3:,.0f} KB gzip "
        f"in {cost.files} files before the first result{target('search_bytes', claims)}; first result after "
        f"{cost.first_ms:.0f} ms{target('search_first', claims)}, a second query ({second!r}) after "
        f"{cost.again_ms:.0f} ms\n"
        f"  the same records as one Material index, downloaded whole: {lunr_raw / 1e3:,.0f} KB raw, "
        f"{lunr_gzip / 1e3:,.0f} KB gzip"
    )
