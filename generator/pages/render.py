"""Render: turn the checked corpus into Markdown pages, in memory.

Python decides what each page shows (views.py); Jinja templates decide how it
is laid out, except the blocks repeated for every claim (claim_blocks.py), which
are plain string formatting for speed. Every value a template prints is escaped as inert Markdown unless
it is an `Md` the generator built itself. The result maps each file's path
inside the generated subtree to its text; nothing is written here.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.pages.analyst_pages import (
    actor_context,
    actors_index_context,
    disputes_pages,
    figures_pages,
    timeline_pages,
)
from generator.pages.catalogue import Catalogue
from generator.pages.changes import changes_context, edition_name, feed_xml
from generator.pages.claim_blocks import ClaimBlocks
from generator.pages.export import build_export, claims_jsonld, export_csv, export_json, export_schema
from generator.pages.layout import Layout, link, outlet_anchors, page_url, relative_path
from generator.pages.markdown_text import Md, inline, paragraphs
from generator.pages.placement import (
    CardPage,
    IndexRow,
    Placement,
    anchors_json,
    most_mentioned,
    pager,
    part_title,
    place,
)
from generator.pages.search_names import search_names
from generator.pages.views import Views
from generator.register.analysis import actor_records, latest_dates, supporters
from generator.register.history import History
from generator.register.models import (
    LIKELIHOOD_BANDS,
    Admiralty,
    Exactness,
    RelationType,
    StanceKind,
    Status,
    When,
)
from generator.register.validate import Corpus
from generator.site.code_cache import template_cache

TEMPLATES = Path(__file__).parent / "templates"

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FigureRow:
    """One row of the home page's key figures."""

    q: Any
    as_of: str
    claimant: str
    link: Md


def _environment(catalogue: Catalogue) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,  # the output is Markdown: `finalize` escapes for Markdown instead
        finalize=inline,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=template_cache(),
    )
    env.filters["front_matter"] = _front_matter
    env.globals["t"] = catalogue
    blocks = ClaimBlocks(catalogue)
    env.globals.update(
        quoted=blocks.quoted,
        claim_body=blocks.body,
        evidence_list=blocks.evidence,
        pager_nav=blocks.pager,
        figure_in_table=blocks.figure_in_table,
    )
    return env


def _front_matter(value: object) -> Md:
    """A front-matter string: HTML-escaped, because the theme prints titles, descriptions
    and tags into its HTML without escaping them, then written as a double-quoted YAML
    string by the YAML emitter, which escapes every character YAML would not read back.

    MkDocs renders a page whose front matter does not parse as Markdown, front matter
    included: so each value is read back here, and a value that does not survive is a bug.
    """
    text = html.escape(str(value))
    emitted = yaml.dump(text, Dumper=_Dumper, default_style='"', allow_unicode=True, width=1 << 30).rstrip("\n")
    if "\n" in emitted or yaml.load(emitted, Loader=_Loader) != text:
        raise ValueError(f"front matter value does not read back as written: {emitted!r}")
    return Md(emitted)


def render(
    corpus: Corpus,
    catalogue: Catalogue,
    layout: Layout,
    site_url: str = "",
    history: History | None = None,
) -> dict[str, str]:
    """Every generated file: path inside the subtree -> Markdown text (and the feed's XML).

    With a `site_url` (the published address) the exports, structured data and the feed give
    absolute URLs; the pages themselves always link relatively. `history` holds the register's
    editions, when git knows them.
    """
    placement, views, page, pages = _start(corpus, catalogue, layout, history)
    page(layout.home_fragment, "home.md.j2", **_home(corpus, views, layout), edition=_edition(views, layout))
    pages[layout.in_subtree(layout.home_description)] = _first_sentence(corpus.overview.summary) + "\n"
    page(layout.topics_index, "topics_index.md.j2", topics=_topic_entries(corpus, layout, layout.topics_index))
    for topic, parts in placement.card_pages.items():
        for part in parts:
            path = layout.topic(topic, part.part)
            page(path, "topic.md.j2", **_topic(corpus, views, part, path, site_url))
    index_pages = placement.index_pages
    for number, rows in enumerate(index_pages, start=1):
        path = layout.claims_part(number)
        page(
            path,
            "claims.md.j2",
            groups=_index_groups(corpus, views, rows, path),
            pager=pager(views.t, layout.claims_index, len(index_pages), number),
            title=part_title(catalogue, catalogue("claims_index.title"), number, len(index_pages)),
            # A URL for the script, not a Markdown link: MkDocs does not rewrite attributes.
            anchors=Md(relative_path(layout.claim_anchors, page_url(path).rstrip("/"))),
            # Every lasting address on the first page: MkDocs checks links to them, and the
            # script in permalink.js sends the reader on to the card.
            ids=[Md(i) for c in corpus.claims.values() for i in (c.id, *c.former_ids)] if number == 1 else [],
            downloads={
                name: Md(link(path, f"{layout.exports}/{file}"))
                for name, file in (("json", "claims.json"), ("schema", "claims.schema.json"), ("csv", "claims.csv"))
            },
        )
    pages[layout.in_subtree(layout.claim_anchors)] = anchors_json(corpus, layout, placement)
    page(layout.sources_index, "sources_index.md.j2", sources=_source_entries(corpus, views, layout))
    for source in corpus.sources.values():
        path = layout.source(source.id)
        page(
            path,
            "source.md.j2",
            title=source.title,
            description=f"{source.outlet}, {views.short_date(source.published)}",
            meta=views.source_meta(source),
            notes=source.notes,
            paragraphs=views.article_paragraphs(source.id, path),
        )
    for template, contexts in (
        ("figures.md.j2", figures_pages(views)),
        ("timeline.md.j2", timeline_pages(views)),
        ("disputes.md.j2", disputes_pages(views)),
    ):
        for path, context in contexts:
            page(path, template, **context)
    records = actor_records(corpus)
    page(layout.actors_index, "actors_index.md.j2", **actors_index_context(views, records))
    for entity_id in corpus.entities:
        page(layout.actor(entity_id), "actor.md.j2", **actor_context(views, entity_id, records[entity_id]))
    page(layout.tags, "tags.md.j2")
    page(layout.changes, "changes.md.j2", **changes_context(views, views.history))
    pages[layout.in_subtree(layout.feed)] = feed_xml(views, views.history, site_url, corpus.overview.title)
    pages[layout.in_subtree(layout.search_names)] = search_names(corpus, layout, placement.card_of)
    export = build_export(corpus, layout, catalogue.language, site_url)
    pages[layout.in_subtree(f"{layout.exports}/claims.json")] = export_json(export)
    pages[layout.in_subtree(f"{layout.exports}/claims.schema.json")] = export_schema()
    pages[layout.in_subtree(f"{layout.exports}/claims.csv")] = export_csv(export)
    page(
        layout.method,
        "method.md.j2",
        statuses=[Md(s.value) for s in Status],
        grades=[g.value for g in Admiralty],
        credibilities=[str(n) for n in range(1, 7)],
        stances=[Md(s.value) for s in StanceKind],
        relations=[Md(r.value) for r in RelationType],
        exactness=[e.value for e in Exactness],
        likelihoods=[(k.value, low, high) for k, (low, high) in LIKELIHOOD_BANDS.items()],
    )
    return pages


def _tidy(text: str) -> str:
    """Collapse the blank lines templates leave behind; end with one newline."""
    lines: list[str] = []
    for line in text.splitlines():
        line = line.rstrip()
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip("\n") + "\n"


# A sentence ends at a full stop after a letter, before a capital: "vom 18. Oktober" does not end one.
_SENTENCE_END = re.compile(r"(?<=[^\W\d_][.!?])\s+(?=[„\"(]?[A-ZÄÖÜ])")


def _first_sentence(text: str) -> str:
    """A page description: the first sentence of a summary, at most about 200 characters."""
    folded = " ".join(text.split())
    sentence = _SENTENCE_END.split(folded, maxsplit=1)[0]
    return sentence if len(sentence) <= 200 else sentence[:197].rsplit(" ", 1)[0] + " …"


def _home(corpus: Corpus, views: Views, layout: Layout) -> dict[str, Any]:
    home = layout.home_page
    figures = []
    for ident in corpus.overview.key_figures:
        claim = corpus.claims[ident]
        for quantity in claim.quantities:
            row = FigureRow(
                q=views.quantity(quantity),
                as_of=views.short_date(quantity.as_of) if quantity.as_of else "",
                claimant=views.entity_name(claim.claimant),
                link=Md(views.claim_link(home, ident)),
            )
            figures.append(row)
    latest = latest_dates([s.published for s in corpus.sources.values()])
    judgments = [
        {
            "id": Md(j.id),
            "likelihood": Md(j.likelihood.value),
            "label": views.t(f"likelihood.{j.likelihood.value}"),
            "band": views.t.percent_range(
                LIKELIHOOD_BANDS[j.likelihood][0] / 100, LIKELIHOOD_BANDS[j.likelihood][1] / 100
            ),
            "statement": j.statement,
            "confidence": views.t(f"confidence.{j.confidence.value}") if j.confidence else "",
            # One line of links, built here: a template loop would swallow the line break
            # before the paragraph's attribute list, which then styles the last link.
            "claims": Md(
                " · ".join(f"[{inline(corpus.claims[c].statement)}]({views.claim_link(home, c)})" for c in j.claims)
            ),
        }
        for j in corpus.overview.key_judgments
    ]
    return {
        "judgments": judgments,
        "title": corpus.overview.title,
        "summary": paragraphs(corpus.overview.summary),
        "figures": figures,
        "topics": _topic_entries(corpus, layout, home),
        "counts": {
            "sources": len(corpus.sources),
            "claims": len(corpus.claims),
            "citations": sum(len(c.citations) for c in corpus.claims.values()),
            "entities": len(corpus.entities),
        },
        "latest": _latest_text(views, latest),
        "links": {
            "sources": Md(link(home, layout.sources_index)),
            "claims": Md(link(home, layout.claims_index)),
            "method": Md(link(home, layout.method)),
        },
    }


def _latest_text(views: Views, dates: list[When]) -> str:
    """ "Latest source: 4 Nov 2024.", or every date that could be the latest when precisions differ."""
    if len(dates) == 1:
        return views.t("home.latest_source", date=views.short_date(dates[0]))
    written = [f"{views.short_date(d)} ({views.t('precision.' + d.precision)})" for d in dates]
    return views.t("home.latest_source_uncertain", dates=", ".join(written))


def _edition(views: Views, layout: Layout) -> dict[str, Any]:
    """Which edition the home page shows, linked to what it changed."""
    current = views.history.current
    if current is None:
        return {}
    return {
        "name": edition_name(views.t, current),
        "link": Md(link(layout.home_page, layout.changes, current.key)),
    }


def _topic_entries(corpus: Corpus, layout: Layout, page: str) -> list[dict[str, Any]]:
    return [
        {
            "title": b.title,
            "link": Md(link(page, layout.topic(b.id))),
            "summary": b.summary,
            "count": len(b.claims),
        }
        for b in corpus.briefings.values()
    ]


def render_cards(
    corpus: Corpus,
    catalogue: Catalogue,
    layout: Layout,
    claim_ids: set[str],
    site_url: str = "",
    history: History | None = None,
) -> dict[str, str]:
    """Only the topic pages (or parts) that hold the cards of `claim_ids`, each as `render`
    writes it: what the preview writes first after an edit to those claims."""
    placement, views, page, pages = _start(corpus, catalogue, layout, history)
    for topic, parts in placement.card_pages.items():
        for part in parts:
            if claim_ids.intersection(part.claims):
                path = layout.topic(topic, part.part)
                page(path, "topic.md.j2", **_topic(corpus, views, part, path, site_url))
    return pages


def _start(
    corpus: Corpus, catalogue: Catalogue, layout: Layout, history: History | None
) -> tuple[Placement, Views, Callable[..., None], dict[str, str]]:
    """What every page is rendered with: where each card is, the views, and `page(path,
    template, **context)`, which renders into the dict of pages returned with it."""
    env = _environment(catalogue)
    placement = place(corpus, layout)
    views = Views(corpus, catalogue, layout, supporters(corpus), history or History(), placement.card_of)
    pages: dict[str, str] = {}

    def page(path: str, template: str, **context: Any) -> None:
        text = env.get_template(template).render(**context)
        pages[layout.in_subtree(path)] = _tidy(text)

    return placement, views, page, pages


def _topic(corpus: Corpus, views: Views, part: CardPage, path: str, site_url: str) -> dict[str, Any]:
    """A topic page, or one part of its cards: each card in full, with its claims' structured data.

    The first part shows the briefing's summary and lists, compactly, the claims of the
    briefing whose cards are under an earlier briefing."""
    layout = views.layout
    briefing = corpus.briefings.get(part.topic)
    first = part.part == 1
    title = part_title(views.t, briefing.title if briefing else views.t("claims_index.unsorted"), part.part, part.parts)
    context: dict[str, Any] = {
        "title": title,
        "description": _first_sentence(briefing.summary) if briefing else title,
        "tags": [],
        "summary": [],
        "claims": [views.claim(corpus.claims[ident], path) for ident in part.claims],
        "elsewhere": [],
        "pager": pager(views.t, layout.topic(part.topic), part.parts, part.part),
        "jsonld": Md(claims_jsonld(corpus, layout, path, site_url, part.claims, views.cards)),
    }
    if briefing and first:
        claims = [corpus.claims[ident] for ident in briefing.claims]
        mentioned = Counter(e for claim in claims for e in {claim.claimant, *claim.entities} if e is not None)
        own = {layout.topic(part.topic, n) for n in range(1, part.parts + 1)}
        context["tags"] = [briefing.title, *sorted(corpus.entities[e].name for e in most_mentioned(mentioned))]
        context["summary"] = paragraphs(briefing.summary)
        context["elsewhere"] = [views.claim_ref(c, path) for c in claims if views.cards[c.id] not in own]
    return context


def _index_groups(corpus: Corpus, views: Views, rows: list[IndexRow], page: str) -> list[dict[str, Any]]:
    """One page of the all-claims index: its rows under their topics' headings."""
    groups: list[dict[str, Any]] = []
    for row in rows:
        if not groups or groups[-1]["topic"] != row.topic:
            briefing = corpus.briefings.get(row.topic)
            title = briefing.title if briefing else views.t("claims_index.unsorted")
            groups.append({"topic": row.topic, "title": title, "claims": []})
        groups[-1]["claims"].append(views.claim_ref(corpus.claims[row.claim], page))
    return groups


def _source_entries(corpus: Corpus, views: Views, layout: Layout) -> list[dict[str, Any]]:
    counts: dict[str, set[str]] = {ident: set() for ident in corpus.sources}
    for claim in corpus.claims.values():
        for citation in claim.citations:
            counts[citation.source].add(claim.id)
    # The first row of each outlet carries its anchor: structured data names the outlet by it.
    anchors = outlet_anchors(s.outlet for s in corpus.sources.values())
    first_rows = {s.outlet: s.id for s in reversed(corpus.sources.values())}
    return [
        {
            "title": s.title,
            "link": Md(link(layout.sources_index, layout.source(s.id))),
            "outlet": s.outlet,
            "outlet_anchor": Md(anchors[s.outlet]) if first_rows[s.outlet] == s.id else "",
            "published": views.short_date(s.published),
            "grade": s.reliability.grade.value,
            "claims": len(counts[s.id]),
        }
        for s in corpus.sources.values()
    ]
