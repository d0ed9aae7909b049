"""Where each claim's card lives, and how the long lists are cut into pages.

A claim's full card (statement, who says it, figures, stances, relations and every
quote) is rendered once: on the page of the first briefing that presents it, or,
for a claim in no briefing, under the topic id `Layout.unsorted`. Every other page
refers to it compactly and links there. A topic with more cards than a browser
reads comfortably is cut into numbered parts, and so is the all-claims index.
Cards and index rows keep the briefings' order.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from generator.pages.catalogue import Catalogue
from generator.pages.layout import Layout, link, page_url, part_of, relative_path
from generator.pages.markdown_text import Md
from generator.register.validate import Corpus

K = TypeVar("K")
T = TypeVar("T")

CARDS_PER_PAGE = 100
"""Full claim cards on one page: about 200 KB of HTML."""

ROWS_PER_INDEX_PAGE = 500
"""Compact rows on one page of the all-claims index: about 150 KB of HTML."""

EVENTS_PER_PAGE = 400
"""Lines on one page of the timeline: about 170 KB of HTML."""

FIGURES_PER_PAGE = 250
"""Table rows (and their charts' marks) on one page of the figures."""

TAGS_PER_PAGE = 6
"""Tags of a topic page (its most mentioned actors) or of an actor page (its topics) beside
its own: Material's tags page lists every tagged page under every tag, so tagging every
actor a topic mentions made that page grow with topics times actors (3.2 MB at 10,000 claims;
940 KB with 10 tags a page, 715 KB with 6)."""

DISPUTES_PER_PAGE = 150
"""Contradictions side by side, scope notes and stances on one page of the disputes."""


@dataclass(frozen=True)
class CardPage:
    """One page of claim cards: a topic page or one of its numbered parts."""

    topic: str
    """The briefing id, or `Layout.unsorted`."""
    part: int
    parts: int
    claims: tuple[str, ...]
    """The claims whose cards are on this page, in the briefing's order."""


@dataclass(frozen=True)
class IndexRow:
    """A claim as one line of the all-claims index, under its topic's heading."""

    topic: str
    claim: str


@dataclass(frozen=True)
class Placement:
    """The card page of every claim and the pages of the all-claims index."""

    card_pages: dict[str, list[CardPage]]
    """Each topic's card pages, by topic id, in the briefings' order."""
    card_of: dict[str, str]
    """Claim id -> the Markdown path of the page that holds its card."""
    index_pages: list[list[IndexRow]]

    @property
    def topics(self) -> list[str]:
        return list(self.card_pages)


def chunks(items: Sequence[T], size: int) -> list[tuple[T, ...]]:
    """`items` cut into consecutive runs of at most `size`; one empty run for no items."""
    return [tuple(items[start : start + size]) for start in range(0, len(items), size)] or [()]


def cut_sections(sections: Sequence[tuple[K, Sequence[T]]], size: int) -> list[list[tuple[K, list[T]]]]:
    """Sections of entries (a timeline's months) cut into pages of at most `size` entries in
    order; a section that does not fit continues on the next page under its own heading."""
    flat = [(key, item) for key, items in sections for item in items]
    pages = []
    for run in chunks(flat, size):
        page: list[tuple[K, list[T]]] = []
        for key, item in run:
            if not page or page[-1][0] != key:
                page.append((key, []))
            page[-1][1].append(item)
        pages.append(page)
    return pages


def pack_sections(sizes: Sequence[int], size: int) -> list[list[int]]:
    """Indexes of whole sections (a figure group with its chart) packed in order into pages of
    about `size` entries: a section larger than that has a page of its own."""
    pages: list[list[int]] = [[]]
    filled = 0
    for index, entries in enumerate(sizes):
        if pages[-1] and filled + entries > size:
            pages.append([])
            filled = 0
        pages[-1].append(index)
        filled += entries
    return pages


def place(corpus: Corpus, layout: Layout) -> Placement:
    """Give every claim's card a page: the first briefing that lists the claim, in its order."""
    homes: dict[str, list[str]] = {}
    placed: set[str] = set()
    for briefing in corpus.briefings.values():
        homes[briefing.id] = [ident for ident in briefing.claims if ident not in placed]
        placed.update(homes[briefing.id])
    rest = [ident for ident in sorted(corpus.claims) if ident not in placed]
    if rest:
        homes[layout.unsorted] = rest
    card_pages: dict[str, list[CardPage]] = {}
    card_of: dict[str, str] = {}
    for topic, claims in homes.items():
        runs = chunks(claims, CARDS_PER_PAGE)
        card_pages[topic] = [CardPage(topic, n, len(runs), run) for n, run in enumerate(runs, start=1)]
        for page in card_pages[topic]:
            card_of.update(dict.fromkeys(page.claims, layout.topic(topic, page.part)))
    rows = [IndexRow(topic, ident) for topic, claims in homes.items() for ident in claims]
    index_pages = [rows[start : start + ROWS_PER_INDEX_PAGE] for start in range(0, len(rows), ROWS_PER_INDEX_PAGE)]
    return Placement(card_pages, card_of, index_pages or [[]])


def anchors_json(corpus: Corpus, layout: Layout, placement: Placement) -> str:
    """JSON: every claim id and former id -> its card's address, relative to the file itself.

    The all-claims index reads it (docs/javascripts/permalink.js) to send a link such as
    `briefing/claims/#<id>`, made before the claims moved into parts, on to the card.
    """
    folder = posixpath.dirname(layout.claim_anchors)
    targets: dict[str, str] = {}
    for claim in corpus.claims.values():
        address = relative_path(page_url(placement.card_of[claim.id]), folder)
        for ident in (claim.id, *claim.former_ids):
            targets[ident] = f"{address}#{claim.id}"
    return json.dumps(targets, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def pager(t: Catalogue, page: str, parts: int, current: int) -> list[dict[str, object]]:
    """Links from part `current` to every part of `page` cut into `parts` pages; none for one."""
    if parts < 2:
        return []
    here = part_of(page, current)
    return [
        {"label": t.number(n), "link": Md(link(here, part_of(page, n))), "current": n == current}
        for n in range(1, parts + 1)
    ]


def part_title(t: Catalogue, title: str, part: int, parts: int) -> str:
    """A page's title, with which part it is when its list is cut into several."""
    if parts < 2:
        return title
    return t("pager.titled", title=title, part=t.number(part), parts=t.number(parts))


def most_mentioned(counts: Counter[str], limit: int = TAGS_PER_PAGE) -> list[str]:
    """The `limit` keys counted most often (ties by key), for a page's tags."""
    return [key for key, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]]
