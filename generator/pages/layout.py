"""Where each generated page lives, and links between pages.

Paths are relative to MkDocs' docs_dir and use Markdown file names, so MkDocs
checks every link and anchor and turns them into URLs itself. The URL of a
page depends only on the id of what it shows, never on its position in a list,
so shared links survive reordering and regeneration. The one exception is a long
list cut into numbered parts (a topic's claim cards, the all-claims index): a
claim's lasting address is its anchor on the all-claims index
(`briefing/claims/#<id>`), which sends the reader on to wherever its card is.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Layout:
    """The generated subtree of docs/ and the page paths inside it."""

    subtree: str = "briefing"
    """Folder under docs/ that holds every generated file (git-ignored)."""

    home_page: str = "index.md"
    """The hand-written home page that includes the generated home fragment."""

    @property
    def home_fragment(self) -> str:
        return f"{self.subtree}/includes/home.md"

    @property
    def home_description(self) -> str:
        """The briefing's description (the overview's first sentence), for pages without their own."""
        return f"{self.subtree}/includes/description.txt"

    @property
    def topics_index(self) -> str:
        return f"{self.subtree}/topics/index.md"

    def topic(self, ident: str, part: int = 1) -> str:
        """Page `part` of a topic's claim cards: the first part is the topic page itself."""
        return part_of(f"{self.subtree}/topics/{ident}.md", part)

    unsorted: str = "_"
    """The topic id under which the cards of claims in no briefing live (no register id starts so)."""

    @property
    def claims_index(self) -> str:
        return self.claims_part(1)

    def claims_part(self, part: int) -> str:
        """Page `part` of the all-claims index: the first is the index page itself."""
        return part_of(f"{self.subtree}/claims.md", part)

    @property
    def claim_anchors(self) -> str:
        """Where each claim id (and former id) points: its card's address, relative to this file."""
        return f"{self.subtree}/claims/anchors.json"

    @property
    def sources_index(self) -> str:
        return f"{self.subtree}/sources/index.md"

    def source(self, ident: str) -> str:
        return f"{self.subtree}/sources/{ident}.md"

    @property
    def method(self) -> str:
        return f"{self.subtree}/method.md"

    @property
    def figures(self) -> str:
        return f"{self.subtree}/figures.md"

    @property
    def timeline(self) -> str:
        return f"{self.subtree}/timeline.md"

    @property
    def disputes(self) -> str:
        return f"{self.subtree}/disputes.md"

    @property
    def actors_index(self) -> str:
        return f"{self.subtree}/actors/index.md"

    def actor(self, ident: str) -> str:
        return f"{self.subtree}/actors/{ident}.md"

    @property
    def exports(self) -> str:
        """Folder of the downloadable exports (claims.json, its schema, claims.csv)."""
        return f"{self.subtree}/exports"

    @property
    def tags(self) -> str:
        return f"{self.subtree}/tags.md"

    @property
    def navigation(self) -> list[str]:
        """The site's menu in reading order, for a mkdocs.yml that gives no `nav`."""
        return [
            self.home_page,
            self.topics_index,
            self.figures,
            self.timeline,
            self.disputes,
            self.actors_index,
            self.claims_index,
            self.sources_index,
            self.changes,
            self.tags,
            self.method,
        ]

    @property
    def search_names(self) -> str:
        """The names that find each page in search (generator/pages/search_names.py); not published."""
        return f"{self.subtree}/includes/search-names.json"

    @property
    def changes(self) -> str:
        return f"{self.subtree}/changes.md"

    @property
    def feed(self) -> str:
        """The Atom feed of the changes, written beside the pages."""
        return f"{self.subtree}/feed.xml"

    feed_published: str = "feed.xml"
    """Where the site serves the feed: at its root, because Material fetches `sitemap.xml` beside
    every `<link rel="alternate">` of a page (meant for language versions) and finds one only there.
    The MkDocs hook moves it; the feed's own links are relative to this address."""

    def in_subtree(self, page: str) -> str:
        """A page path relative to the generated subtree (where the writer puts it)."""
        return posixpath.relpath(page, self.subtree)


def part_of(page: str, part: int) -> str:
    """Page `part` of a list cut into pages: the first is `page` itself, the others are numbered
    below it ('briefing/timeline.md' -> 'briefing/timeline/2.md')."""
    return page if part == 1 else f"{posixpath.splitext(page)[0]}/{part}.md"


def page_url(markdown_path: str) -> str:
    """The site path MkDocs gives a page: 'briefing/claims.md' -> 'briefing/claims/'."""
    stem = posixpath.splitext(markdown_path)[0]
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    return f"{stem}/" if stem else ""


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link target from one page to another (or to an anchor on itself)."""
    target = _relative(to_page, from_page)
    return f"{target}#{anchor}" if anchor else target


def address_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative URL from one page's address to another's, as the browser resolves it: for
    links MkDocs must not check, such as a claim's lasting address (its card is elsewhere)."""
    target = relative_path(page_url(to_page), page_url(from_page).rstrip("/"))
    target = "./" if target == "." else target
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=65536)
def _relative(to_page: str, from_page: str) -> str:
    """The relative path, remembered: a site links the same pages thousands of times."""
    if from_page == to_page:
        return ""
    return relative_path(to_page, posixpath.dirname(from_page))


def relative_path(target: str, folder: str) -> str:
    """`target` relative to `folder`, both plain paths under one root ("" is the root).

    What posixpath.relpath answers, without its trips to the file system's current
    folder: pages link each other tens of thousands of times.
    """
    to_parts = target.split("/") if target else []
    from_parts = folder.split("/") if folder else []
    common = 0
    for left, right in zip(to_parts, from_parts, strict=False):
        if left != right:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


def quote_anchor(claim_id: str, index: int) -> str:
    """Anchor of a cited passage on its source page: q-<claim>-<n>, n counting from 1."""
    return f"q-{claim_id}-{index + 1}"


def paragraph_anchor(number: int) -> str:
    """Anchor of a paragraph of an article: p<n>."""
    return f"p{number}"


def outlet_anchors(outlets: Iterable[str]) -> dict[str, str]:
    """Anchor of each outlet on the sources index: outlet-<name as an ASCII slug>.

    Structured data names each outlet by this anchor, so it must stay the same as long
    as the name does: a name without ASCII letters, or one whose slug another name of
    the corpus shares, gets a few hex digits of its own hash instead of a counter.
    """
    names = sorted(set(outlets))
    slugs = {name: _slug(name) for name in names}
    taken = [slug for slug in slugs.values() if slug]
    anchors = {}
    for name, slug in slugs.items():
        if not slug or taken.count(slug) > 1:
            digest = hashlib.sha256(name.encode()).hexdigest()[:8]
            slug = f"{slug}-{digest}" if slug else digest
        anchors[name] = f"outlet-{slug}"
    return anchors


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
