"""Search as readers use it: typing into Material's search box of the built site in Debian's
chromium, on the seed story and on a second corpus (tests/cases/search: names with
diacritics, figures written three ways); and what the index holds."""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest
from playwright.sync_api import Browser, Dialog, Page, sync_playwright

from generator.pipeline import check
from generator.register.validate import Corpus
from generator.settings import Settings
from generator.site.search_index import indexed

from .browser_support import CHROMIUM, CHROMIUM_ARGS, NO_OTHER_HOST, PageWatch, SearchResult, free_port, search, serve
from .conftest import CASES, REPO, card, card_page, copy_project, run_build
from .test_serve import _fetch, _wait_for

pytestmark = pytest.mark.e2e


@dataclass
class Site:
    root: Path
    corpus: Corpus
    base: str = ""

    @property
    def site(self) -> Path:
        return self.root / "site"


def _build(folder: Path, seeds: Path) -> Site:
    root = copy_project(folder, seeds)
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return Site(root, check(Settings.from_mkdocs(root / "mkdocs.yml")))


@pytest.fixture(scope="module", params=["seeds", "second"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    seeds = REPO / "seeds" if request.param == "seeds" else CASES / "search" / "seeds"
    built = _build(tmp_path_factory.mktemp(f"search-{request.param}"), seeds)
    with serve(built.site) as base:
        built.base = base
        yield built


@pytest.fixture(scope="module")
def browser(site: Site) -> Iterator[Browser]:
    """Debian's chromium, a fresh one for each site (one browser for both lost the second's results)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    """A fresh profile on the site under test that never reaches another host."""
    context = browser.new_context(base_url=site.base, locale="de-DE", proxy=NO_OTHER_HOST)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def typed(page: Page, query: str) -> SearchResult:
    """The results of `query` typed into the search box of a freshly loaded home page.
    Every query here has results: an answer to an earlier keystroke (the empty box) that
    arrives late can show "no results" for a moment, so the list is awaited."""
    page.goto("")
    result = search(page, query)
    if not result.locations:
        page.wait_for_selector(".md-search-result__list a")
        result = search(page, query)
    return result


def without_diacritics(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def figure_claim(corpus: Corpus) -> tuple[str, int]:
    """A claim with a figure of at least 10,000 that its statement prints, and the figure."""
    for claim in corpus.claims.values():
        for quantity in claim.quantities:
            if quantity.value is None:  # a range has its low and high instead
                continue
            value = int(quantity.value)
            if value >= 10_000 and f"{value:,}".replace(",", ".") in claim.statement:
                return claim.id, value
    raise AssertionError("the corpus has no claim that prints a figure of five digits")


# --- figures and years -------------------------------------------------------------------------


def test_a_figure_is_found_in_every_form_it_is_typed(site: Site, page: Page) -> None:
    claim, value = figure_claim(site.corpus)
    grouped = f"{value:,}"
    for query in (grouped.replace(",", "."), str(value), grouped.replace(",", " ")):
        result = typed(page, query)
        assert card(site.corpus, claim) in result.locations[:3], f"searching {query!r}: {result.locations[:5]}"


def test_a_year_is_found(site: Site, page: Page) -> None:
    year = min(str(source.published.date)[:4] for source in site.corpus.sources.values())
    result = typed(page, year)
    assert result.locations, f"searching {year!r}: {result}"
    assert "briefing/timeline/" in result.pages(), f"searching {year!r}: {result}"


# --- ids -----------------------------------------------------------------------------------------


def test_an_exact_claim_id_puts_that_claim_first(site: Site, page: Page) -> None:
    for claim in list(site.corpus.claims)[:3]:
        result = typed(page, claim)
        expected = [card_page(site.corpus, claim), card(site.corpus, claim)]
        assert result.locations[:2] == expected, f"{claim}: {result}"


def test_a_source_id_and_an_entity_id_put_their_pages_first(site: Site, page: Page) -> None:
    source = next(iter(site.corpus.sources))
    entity = next(iter(site.corpus.entities))
    assert typed(page, source).pages()[0] == f"briefing/sources/{source}/"
    assert typed(page, entity).pages()[0] == f"briefing/actors/{entity}/"


# --- names ---------------------------------------------------------------------------------------


def _spelled(corpus: Corpus) -> list[str]:
    """The entities whose spellings are tested: every one of the second corpus; on the seed
    story, those with diacritics or several spellings the issue names (kept short: each
    query loads a page)."""
    wanted = {"pjoengjang", "choe-son-hui"}
    return [e for e in corpus.entities if e in wanted or len(corpus.entities) < 10]


def test_every_spelling_finds_the_actor_page_with_and_without_diacritics(site: Site, page: Page) -> None:
    checked = set()
    for ident in _spelled(site.corpus):
        entity = site.corpus.entities[ident]
        for name in {entity.name, *(a.name for a in entity.aliases)}:
            for query in dict.fromkeys([name, without_diacritics(name)]):
                pages = typed(page, query).pages()
                assert pages[:1] == [f"briefing/actors/{ident}/"], f"searching {query!r}: {pages[:4]}"
                checked.add(query)
    assert any(without_diacritics(q) != q for q in checked), "no spelling with diacritics was tried"


# --- German words ----------------------------------------------------------------------------------


def _stem_pair(site: Site) -> tuple[str, str]:
    """A word the index holds only inflected (Soldaten, Polizisten) and its base form."""
    words = Counter(w for r in indexed(site.site) for w in re.findall(r"\w+", str(r["content"])))
    for inflected, base in (("Soldaten", "Soldat"), ("Polizisten", "Polizist")):
        if words[inflected] and not words[base]:
            return inflected, base
    raise AssertionError("no inflected word to stem in this corpus")


def test_german_stemming_finds_the_inflected_word(site: Site, page: Page) -> None:
    inflected, base = _stem_pair(site)
    result = typed(page, base)
    assert result.locations, f"searching {base!r}: {result}"
    contents = {str(r["url"]): str(r["content"]) for r in indexed(site.site)}
    best = result.locations[:3]  # the first page and its best sections
    assert any(inflected in contents.get(location, "") for location in best), f"{base!r} found {best}"


def _marks_after_following(page: Page, query: str) -> list[str]:
    result = typed(page, query)
    assert result.locations, f"searching {query!r}: {result}"
    href = page.eval_on_selector(".md-search-result__list a", "a => a.href")
    assert "h=" in href, f"the first result carries no words to highlight: {href}"
    page.goto(href)
    page.wait_for_selector("mark[data-md-highlight]")
    return cast(
        list[str], page.eval_on_selector_all("mark[data-md-highlight]", "marks => marks.map(m => m.textContent)")
    )


def test_the_landing_page_marks_the_words_found_by_a_stemmed_query(site: Site, page: Page) -> None:
    inflected, base = _stem_pair(site)
    for query in (base, inflected):
        marks = _marks_after_following(page, query)
        assert inflected in marks, f"searching {query!r} marked {marks[:8]}"


def test_the_landing_page_marks_the_words_found_by_a_query_without_diacritics(site: Site, page: Page) -> None:
    name = next(
        a.name for e in site.corpus.entities.values() for a in e.aliases if without_diacritics(a.name) != a.name
    )
    marks = _marks_after_following(page, without_diacritics(name))
    assert name in marks, f"searching {without_diacritics(name)!r} marked {marks[:8]}"


def test_search_loads_nothing_from_another_host(site: Site, page: Page) -> None:
    watch = PageWatch(page)
    watch.start("home", site.base)
    watch.settle()
    search(page, "2024")
    watch.settle()
    assert watch.problems == []


# --- the index -------------------------------------------------------------------------------------


def test_each_claim_is_indexed_once_on_its_card(site: Site) -> None:
    records = indexed(site.site)
    counts = Counter((str(r["meta"]), str(r["content"])) for r in records)
    assert [text for text, n in counts.items() if n > 1] == [], "the index holds a section twice"
    # A card may name another claim (a relation); every other page leaves the texts of cards out.
    cards = {card(site.corpus, ident) for ident in site.corpus.claims}
    for claim in site.corpus.claims.values():
        found = [r["url"] for r in records if r["meta"]["title"] == claim.statement]  # type: ignore[index]
        assert found == [card(site.corpus, claim.id)], f"{claim.id}: {found}"
        elsewhere = [
            r["url"]
            for r in records
            if claim.statement in str(r["content"]) + str(r["meta"])
            and r["url"] not in cards
            and not str(r["url"]).startswith("briefing/sources/")  # the article itself
        ]
        assert elsewhere == [], f"{claim.id}: statement also indexed on {elsewhere}"
        for citation in claim.citations:
            quote = citation.quote.strip('„“"')
            outside = [
                r["url"]
                for r in records
                if quote in str(r["content"])
                and r["url"] not in cards
                and not str(r["url"]).startswith("briefing/sources/")
            ]
            assert outside == [], f"{claim.id}: quote also indexed on {outside}"


def test_readers_download_no_section_from_materials_index(site: Site) -> None:
    material = (site.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"docs":[]' in material
    assert (site.site / "pagefind" / "wasm.de.pagefind").is_file()


# --- hostile register values -------------------------------------------------------------------------


def test_register_markup_shows_as_text_in_the_results(browser: Browser, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "hostile", CASES / "base" / "seeds", CASES / "hostile" / "seeds")
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve(root / "site") as base:
        page = browser.new_page(base_url=base, proxy=NO_OTHER_HOST)
        dialogs: list[Dialog] = []

        def opened(dialog: Dialog) -> None:
            dialogs.append(dialog)
            dialog.dismiss()

        page.on("dialog", opened)
        found = typed(page, "geheimdienst-7000-an-der-grenze")
        corpus = check(Settings.from_mkdocs(root / "mkdocs.yml"))
        claim = "geheimdienst-7000-an-der-grenze"
        assert found.locations[:2] == [card_page(corpus, claim), card(corpus, claim)]
        results = page.locator(".md-search-result__list")
        assert results.locator("script, img, a[href^='javascript']").count() == 0
        assert "<script>alert(1)</script>" in results.inner_text()
        page.wait_for_timeout(200)
        assert [dialog.message for dialog in dialogs] == []
        page.close()


# --- mkdocs serve ------------------------------------------------------------------------------------


def test_search_works_in_the_live_preview(browser: Browser, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "preview", CASES / "search" / "seeds")
    port = free_port()
    with (tmp_path / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}/"
            assert _wait_for(lambda: "languages" in _fetch(f"{url}pagefind/pagefind-entry.json"), 90)
            page = browser.new_page(base_url=url, proxy=NO_OTHER_HOST)
            assert typed(page, "Sentilj").pages()[:1] == ["briefing/actors/sentilj/"]
            page.close()
        finally:
            process.terminate()
            process.wait(timeout=10)
