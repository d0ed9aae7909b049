"""What readers, printers and machines get from the built seed site: valid HTML,
key-judgment lists, topic pages that open with their title, tables that fit,
a printed page that keeps the way back to the evidence, and absolute URLs in the structured
data of a published build. One build (with SITE_URL set, as the published one) serves all."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTChar, LTTextContainer, LTTextLine
from playwright.sync_api import Browser, Page

from generator.pages.catalogue import load_catalogue
from generator.pipeline import check
from generator.register.validate import Corpus
from generator.settings import Settings

from .browser_support import NO_OTHER_HOST, chromium, serve
from .conftest import REPO, copy_project, run_build

pytestmark = pytest.mark.e2e

SITE_URL = "https://example.org/lage/"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WORDS = load_catalogue("de")


@dataclass
class Built:
    root: Path
    corpus: Corpus

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, page: str) -> lxml.html.HtmlElement:
        return lxml.html.fromstring((self.site / page).read_bytes())

    def pages(self) -> Iterator[tuple[str, lxml.html.HtmlElement]]:
        for path in sorted(self.site.rglob("*.html")):
            yield path.relative_to(self.site).as_posix(), lxml.html.fromstring(path.read_bytes())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_project(tmp_path_factory.mktemp("reading"), REPO / "seeds")
    result = run_build(root, SITE_URL=SITE_URL)
    assert result.returncode == 0, result.stdout + result.stderr
    return Built(root, check(Settings.from_mkdocs(root / "mkdocs.yml")))


# --- the HTML as built -------------------------------------------------------------------------


def test_key_judgments_list_their_claims_in_one_styled_paragraph(built: Built) -> None:
    html = built.html("index.html")
    judgments = built.corpus.overview.key_judgments
    lists = html.xpath('//div[@class="judgment"]/p[@class="judgment-claims"]')
    assert len(lists) == len(judgments)
    for paragraph, judgment in zip(lists, judgments, strict=True):
        assert paragraph.text_content().startswith(WORDS("judgment.rests_on") + ": ")
        assert len(paragraph.xpath("./a")) == len(judgment.claims)
    assert not html.xpath('//a[contains(@class, "judgment-claims")]')


def test_topic_and_actor_pages_open_with_title_and_summary_before_their_tags(built: Built) -> None:
    checked = 0
    for name, html in built.pages():
        tags = html.xpath('//article//nav[@class="md-tags"]')
        if not tags:
            continue
        checked += 1
        article = html.xpath("//article")[0]
        order = [element.tag for element in article.iterchildren() if element.tag in {"h1", "p", "nav"}]
        assert order.index("h1") < order.index("p") < order.index("nav"), name
        assert not html.xpath('//div[@class="page-tags"]'), f"{name}: the tag slot was left in the page"
    assert checked == len(built.corpus.briefings) + len(built.corpus.entities)


def test_every_label_names_a_form_control_and_no_id_repeats(built: Built) -> None:
    problems = []
    for name, html in built.pages():
        ids = html.xpath("//@id")
        problems += [f"{name}: id {ident!r} repeats" for ident in sorted({i for i in ids if ids.count(i) > 1})]
        controls = {element.get("id") for element in html.xpath("//input[not(@type='hidden')]|//select|//textarea")}
        problems += [
            f"{name}: label for={label.get('for')!r} names no form control"
            for label in html.xpath("//label[@for]")
            if label.get("for") not in controls
        ]
    assert not problems


# Material's own page frame: its drawer and search toggles are checkboxes with
# autocomplete="off" (so a browser does not restore them), which this checker refuses.
_THEME_FRAME = re.compile(r'<input class="md-toggle" data-md-toggle="(?:drawer|search)"')


def test_nu_html_checker_finds_no_error(built: Built) -> None:
    assert VNU.is_file(), f"{VNU} is missing: run `make browser` (npm ci)"
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json", str(built.site)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" and not _THEME_FRAME.search(m.get("extract", ""))
    ]
    assert not errors, "\n".join(errors[:20])


# --- structured data of a published build -------------------------------------------------------


def test_published_exports_and_structured_data_use_absolute_urls(built: Built) -> None:
    exports = json.loads((built.site / "briefing" / "exports" / "claims.json").read_text(encoding="utf-8"))
    urls = [c["url"] for c in exports["claims"]] + [s["page_url"] for s in exports["sources"]]
    urls += [citation["url"] for c in exports["claims"] for citation in c["citations"]]
    assert all(url.startswith(SITE_URL) for url in urls)
    script = built.html("briefing/topics/truppen-und-zahlen/index.html").xpath('//script[@type="application/ld+json"]')[
        0
    ]
    graph = json.loads(script.text)["@graph"]
    references = [node["@id"] for node in graph]
    references += [ref["@id"] for node in graph for key in ("appearance",) for ref in node.get(key, [])]
    assert all(ref.startswith(SITE_URL) for ref in references)
    # Each outlet's @id names an anchor that exists on the sources index.
    ids = set(built.html("briefing/sources/index.html").xpath("//@id"))
    outlets = [node["@id"] for node in graph if node["@id"].startswith(SITE_URL + "briefing/sources/#")]
    assert outlets
    assert {ident.split("#")[1] for ident in outlets} <= ids


# --- another MkDocs-compatible builder ---------------------------------------------------------


def test_properdocs_builds_the_generated_pages_strictly(built: Built) -> None:
    """The generator is a step of its own: `briefing build --pages-only`, then any builder."""
    environment = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1"}
    for command in (
        [sys.executable, "-m", "generator.cli", "build", "--pages-only"],
        [str(Path(sys.executable).parent / "properdocs"), "build", "--strict", "--site-dir", "site-properdocs"],
    ):
        result = subprocess.run(command, cwd=built.root, capture_output=True, text=True, check=False, env=environment)
        assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    other = built.root / "site-properdocs"
    for claim in built.corpus.claims:
        assert f'id="{claim}"' in (other / "briefing" / "claims" / "index.html").read_text(encoding="utf-8")
    assert (other / "search" / "search_index.json").is_file()


# --- in Chromium -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(built: Built) -> Iterator[str]:
    with serve(built.site) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _open(browser: Browser, server: str, path: str, width: int) -> Page:
    context = browser.new_context(
        base_url=server, viewport={"width": width, "height": 900}, locale="de-DE", proxy=NO_OTHER_HOST
    )
    page = context.new_page()
    page.goto(path)
    page.wait_for_load_state("load")
    return page


# Every word of every table cell (split after hyphens, where a line may break) and the
# number of lines it is drawn on; and each table's right edge against the content column's.
_TABLE_LAYOUT = """() => {
  const column = document.querySelector('.md-content__inner').getBoundingClientRect();
  const tables = [...document.querySelectorAll('.md-content__inner table')];
  const broken = [];
  for (const cell of document.querySelectorAll('.md-content__inner td, .md-content__inner th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s-]+-?/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return {
    tables: tables.length,
    overflowing: tables.map(t => Math.round(t.getBoundingClientRect().right - column.right)).filter(d => d > 1),
    broken,
  };
}"""


@pytest.mark.parametrize("width", [1280, 375])
def test_figures_tables_keep_every_word_whole(browser: Browser, server: str, width: int) -> None:
    page = _open(browser, server, "briefing/figures/", width)
    layout: dict[str, Any] = page.evaluate(_TABLE_LAYOUT)
    page.context.close()
    assert layout["tables"] >= 1
    assert layout["broken"] == []
    if width == 1280:  # on a phone the table scrolls sideways inside its frame instead
        assert layout["overflowing"] == []


def _luminance(colour: Any) -> float:
    """Relative darkness of a PDF fill colour: gray (one value) or RGB (three), 0 is black."""
    values = list(colour) if isinstance(colour, (list, tuple)) else [colour]
    if len(values) == 3:
        red, green, blue = values
        return float(0.2126 * red + 0.7152 * green + 0.0722 * blue)
    return float(values[0])


def _lines(pdf: bytes) -> Iterator[LTTextLine]:
    for layout in extract_pages(io.BytesIO(pdf)):
        for element in layout:
            if isinstance(element, LTTextContainer):
                yield from (line for line in element if isinstance(line, LTTextLine))


def test_a_printed_topic_page_keeps_the_way_back_to_the_evidence(browser: Browser, server: str) -> None:
    briefing = "truppen-und-zahlen"  # many quotes, 11 tags
    page = _open(browser, server, f"briefing/topics/{briefing}/", 1280)
    title = page.locator("h1").inner_text().removesuffix("¶").strip()  # without its permalink mark
    chips = page.eval_on_selector_all(".md-tags .md-tag", "tags => tags.map(t => t.textContent.trim())")
    targets = page.eval_on_selector_all("a.passage-link, a.claim-link", "links => links.map(a => a.href)")
    pdf = page.pdf(format="A4")
    page.context.close()
    text = extract_text(io.BytesIO(pdf))
    flat = re.sub(r"\s+", "", text)

    assert text.lstrip().startswith(title)
    assert len(chips) > 5
    assert "".join(chips).replace(" ", "") not in flat
    for control in (WORDS("claim.copy_link"), "↩", "¶"):
        assert control not in text
    assert len(targets) > 20
    missing = [url for url in targets if url.replace(" ", "") not in flat]
    assert not missing, missing[:5]

    # The quotes of the cards ("„…“ — headline (URL of the passage), outlet …"): in black, readable.
    endnotes = [line for line in _lines(pdf) if "/briefing/sources/" in line.get_text()]
    assert len(endnotes) >= 10
    chars = [char for line in endnotes for char in line if isinstance(char, LTChar) and char.get_text().strip()]
    assert min(char.size for char in chars) >= 8
    assert max(_luminance(char.graphicstate.ncolor) for char in chars) < 0.2
