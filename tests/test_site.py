"""End to end: the real `briefing build` runs the real `mkdocs build --strict`; the HTML is read back."""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.pages.layout import quote_anchor
from generator.pipeline import check
from generator.register.validate import Corpus
from generator.settings import Settings
from generator.site.search_index import indexed

from .conftest import REPO, card, card_page, copy_project, duplicate_ids, run_build

pytestmark = pytest.mark.e2e


@dataclass
class Page:
    """What the tests need of one HTML page."""

    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)
    resources: list[str] = field(default_factory=list)
    marks: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.page = Page()
        self._after_anchor = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.page.links.append(values["href"])
        if tag in {"script", "img", "iframe", "source", "audio", "video"} and values.get("src"):
            self.page.resources.append(values["src"])
        if tag == "link" and values.get("href"):
            self.page.resources.append(values["href"])
        if tag == "span" and values.get("id", "").startswith("q-"):
            self._after_anchor = values["id"]
        elif tag == "mark" and self._after_anchor:
            self.page.marks.add(self._after_anchor)
            self._after_anchor = ""

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    return reader.page


@dataclass
class Site:
    root: Path
    corpus: Corpus
    pages: dict[str, Page]
    build_output: str

    def page(self, url_path: str) -> Page:
        return self.pages[url_path]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = copy_project(tmp_path_factory.mktemp("site"), REPO / "seeds")
    result = run_build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    corpus = check(Settings.from_mkdocs(root / "mkdocs.yml"))
    built = root / "site"
    pages = {p.relative_to(built).as_posix(): read_page(p) for p in built.rglob("*.html")}
    return Site(built, corpus, pages, result.stdout + result.stderr)


def test_strict_build_reports_no_warning(site: Site) -> None:
    assert "WARNING" not in site.build_output
    assert "Documentation built" in site.build_output


def href(from_page: str, to: str) -> str:
    """The relative link a built page at site path `from_page` ('briefing/disputes/') writes to `to`."""
    path, _, anchor = to.partition("#")
    target = posixpath.relpath(path, from_page) + "/"
    return f"{target}#{anchor}" if anchor else target


def test_every_claim_is_listed_under_its_lasting_address_and_has_one_card(site: Site) -> None:
    index = site.page("briefing/claims/index.html")
    for claim in site.corpus.claims.values():
        assert claim.id in index.ids and all(former in index.ids for former in claim.former_ids)
        assert href("briefing/claims/", card(site.corpus, claim.id)) in index.links
        home = card_page(site.corpus, claim.id)
        page = site.page(f"{home}index.html")
        assert claim.id in page.ids
        for index_, citation in enumerate(claim.citations):
            assert href(home, f"briefing/sources/{citation.source}/#{quote_anchor(claim.id, index_)}") in page.links


def test_every_topic_page_shows_its_claims(site: Site) -> None:
    for briefing in site.corpus.briefings.values():
        path = f"briefing/topics/{briefing.id}/"
        page = site.page(f"{path}index.html")
        for ident in briefing.claims:
            if card_page(site.corpus, ident) == path:
                assert ident in page.ids  # the card, in full
            else:
                assert href(path, card(site.corpus, ident)) in page.links  # listed, linked to its card


def test_every_quote_is_marked_on_its_source_page(site: Site) -> None:
    for claim in site.corpus.claims.values():
        for index, citation in enumerate(claim.citations):
            page = site.page(f"briefing/sources/{citation.source}/index.html")
            assert quote_anchor(claim.id, index) in page.marks


def test_status_marks_are_visible(site: Site) -> None:
    labels = {"denied": "dementiert", "unconfirmed": "unbestätigt", "disputed": "umstritten", "confirmed": "bestätigt"}
    for briefing in site.corpus.briefings.values():
        text = "".join(site.page(f"briefing/topics/{briefing.id}/index.html").text)
        for ident in briefing.claims:
            status = site.corpus.claims[ident].status.value
            if status in labels:
                assert labels[status] in text


def test_every_internal_link_and_anchor_resolves(site: Site) -> None:
    checked = 0
    for name, page in site.pages.items():
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith("mailto:"):
                continue
            if parts.path.startswith("/"):  # the 404 page links from the site root
                target = site.root / unquote(parts.path).lstrip("/")
            elif parts.path:
                target = (site.root / name).parent / unquote(parts.path)
            else:
                target = site.root / name
            if target.is_dir():
                target = target / "index.html"
            assert target.is_file(), f"{name}: broken link {href}"
            if parts.fragment:
                key = target.resolve().relative_to(site.root.resolve()).as_posix()
                assert unquote(parts.fragment) in site.pages[key].ids, f"{name}: broken anchor {href}"
            checked += 1
    assert checked > 500


def test_no_request_to_another_host(site: Site) -> None:
    for name, page in site.pages.items():
        for url in page.resources:
            assert not urlsplit(url).netloc, f"{name} loads {url}"
    for css in site.root.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_search_stems_german(site: Site) -> None:
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["de"]
    assert index["docs"] == []  # the sections are in the chunked index, fetched by word
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["de"]
    assert (site.root / "pagefind" / "wasm.de.pagefind").is_file()
    assert any(str(r["url"]).startswith("briefing/claims/#") for r in indexed(site.root))


def test_footnote_tooltips_and_german_theme_are_on(site: Site) -> None:
    html = (site.root / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert match is not None
    config = json.loads(match[1])
    assert "content.footnote.tooltips" in config["features"]


def test_heading_anchors_keep_umlauts(site: Site) -> None:
    ids = site.page("briefing/claims/index.html").ids
    assert any(re.search(r"[äöüß]", ident) for ident in ids), "expected a heading id with an umlaut"


def test_a_broken_anchor_fails_the_strict_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "broken", REPO / "seeds")
    (root / "docs" / "notes.md").write_text("# Notizen\n\n[Verweis](briefing/claims.md#no-such-claim)\n")
    result = run_build(root)
    assert result.returncode == 1
    assert "does not contain an anchor '#no-such-claim'" in result.stderr
    assert "mkdocs build failed" in result.stderr


def test_figures_page_has_an_accessible_chart_and_its_table(site: Site) -> None:
    html = (site.root / "briefing" / "figures" / "index.html").read_text(encoding="utf-8")
    assert '<svg class="figure-chart" role="img" aria-labelledby="chart-1-1-title chart-1-1-desc"' in html
    assert '<title id="chart-1-1-title">' in html
    assert '<desc id="chart-1-1-desc">' in html
    # One panel per unit: soldiers, infantrymen and military personnel are never drawn on one axis.
    assert re.findall(r'aria-labelledby="(chart-1-\d+)-title', html) == ["chart-1-1", "chart-1-2", "chart-1-3"]
    assert "<script" not in html.split('<svg class="figure-chart"')[1].split("</svg>")[0]
    text = "".join(site.page("briefing/figures/index.html").text)
    for claim in site.corpus.claims.values():
        for quantity in claim.quantities:
            assert quantity.unit in text


def test_disputes_page_sets_both_sides_of_every_contradiction(site: Site) -> None:
    page = site.page("briefing/disputes/index.html")
    for claim in site.corpus.claims.values():
        for relation in claim.relations:
            if relation.type.value in {"contradicts", "differs_in_scope"}:
                assert href("briefing/disputes/", card(site.corpus, claim.id)) in page.links
                assert href("briefing/disputes/", card(site.corpus, relation.claim)) in page.links


def test_every_entity_has_a_page_listing_every_spelling(site: Site) -> None:
    for entity in site.corpus.entities.values():
        text = "".join(site.page(f"briefing/actors/{entity.id}/index.html").text)
        for alias in entity.aliases:
            assert alias.name in text


def test_search_finds_aliases_and_claim_ids(site: Site) -> None:
    records = indexed(site.root)
    keys = {str(r["url"]): str(r["meta"]["key"]).split("\n") for r in records}  # type: ignore[index]
    for entity in site.corpus.entities.values():
        for alias in entity.aliases:
            assert alias.name in keys[f"briefing/actors/{entity.id}/"]
    for claim in site.corpus.claims.values():
        assert keys[card(site.corpus, claim.id)][0] == claim.id
        assert all(former in keys[card(site.corpus, claim.id)] for former in claim.former_ids)


def test_tags_index_lists_topics_and_actors(site: Site) -> None:
    text = "".join(site.page("briefing/tags/index.html").text)
    for briefing in site.corpus.briefings.values():
        assert briefing.title in text


def test_pages_carry_their_own_title_description_and_preview_tags(site: Site) -> None:
    html = (site.root / "briefing" / "topics" / "truppen-und-zahlen" / "index.html").read_text(encoding="utf-8")
    assert "<title>Truppen und Zahlen - " in html
    assert '<meta property="og:title" content="Truppen und Zahlen">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    description = re.search(r'<meta name="description" content="([^"]+)">', html)
    assert description is not None
    assert description[1] in html.split('property="og:description" content="')[1]
    descriptions = set()
    for name in ("briefing/claims/", "briefing/figures/", "briefing/sources/", "briefing/method/"):
        page = (site.root / name / "index.html").read_text(encoding="utf-8")
        found = re.search(r'<meta name="description" content="([^"]+)">', page)
        assert found is not None
        descriptions.add(found[1])
    assert len(descriptions) == 4


def test_not_found_page_is_german(site: Site) -> None:
    html = (site.root / "404.html").read_text(encoding="utf-8")
    assert "<h1>404 – Seite nicht gefunden</h1>" in html


def test_every_claim_offers_a_copy_link_control(site: Site) -> None:
    buttons = Counter(
        address
        for html in (site.root / "briefing" / "topics").rglob("*.html")
        for address in re.findall(
            r'<button class="permalink-copy"[^>]* data-permalink="([^"]+)"', html.read_text(encoding="utf-8")
        )
    )
    assert buttons == Counter(f"../../claims/#{c}" for c in site.corpus.claims)
    assert (site.root / "javascripts" / "permalink.js").is_file()


def test_exports_are_published_with_the_site(site: Site) -> None:
    exports = site.root / "briefing" / "exports"
    document = json.loads((exports / "claims.json").read_text(encoding="utf-8"))
    assert {c["id"] for c in document["claims"]} == set(site.corpus.claims)
    assert (exports / "claims.schema.json").is_file()
    assert (exports / "claims.csv").read_text(encoding="utf-8").count("\n") == len(site.corpus.claims) + 1
    # Each card page carries the structured data of its claims.
    for briefing in site.corpus.briefings.values():
        html = (site.root / "briefing" / "topics" / briefing.id / "index.html").read_text(encoding="utf-8")
        assert '<script type="application/ld+json">{"@context": "https://schema.org"' in html


def test_site_url_from_the_environment_gives_canonical_links(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "published", REPO / "seeds")
    result = run_build(root, SITE_URL="https://example.org/lage/")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "briefing" / "claims" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/lage/briefing/claims/">' in html
    assert '<meta property="og:url" content="https://example.org/lage/briefing/claims/">' in html


def test_no_page_holds_an_id_twice(site: Site) -> None:
    assert duplicate_ids(site.root) == {}
