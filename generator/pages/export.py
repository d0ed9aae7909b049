"""Exports: the resolved register as JSON (with its schema) and CSV, and schema.org JSON-LD.

The JSON holds everything the site shows, resolved: each claim with its
claimant's name, its quotes located by paragraph and URL, and its independent
claimants. URLs are absolute under the site's address when mkdocs.yml sets
`site_url` (as the published build does), else relative to the site root; either
way as MkDocs writes them with `use_directory_urls` (its default).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict

from generator.pages.layout import Layout, outlet_anchors, quote_anchor, relative_path
from generator.register.analysis import corroboration, independent_claimants, supporters
from generator.register.models import (
    Briefing,
    Citation,
    Claim,
    Entity,
    EntityType,
    Exactness,
    Overview,
    Quantity,
    Source,
    When,
)
from generator.register.validate import Corpus
from generator.site.code_cache import remembered

FORMAT_VERSION = 1


class _Exported(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ExportedCitation(Citation):
    """A citation with the place of its quote in the source."""

    paragraph: int
    """Number of the article paragraph the quote starts in."""
    url: str
    """URL of the highlighted passage: absolute when the site has a site_url, else relative to the site root."""


class ExportedQuantity(Quantity):
    """A figure with its unit resolved."""

    currency: str | None
    """ISO 4217 code when the unit is a currency, however the register spells it; null otherwise."""


class ExportedClaim(Claim):
    """A claim with its references resolved."""

    url: str
    """Permalink of the claim: absolute when the site has a site_url, else relative to the site root."""
    claimant_name: str | None
    """Canonical name of the claimant; null for the reporting articles' own account."""
    independent_claimants: list[str]
    """Distinct originators behind the claim and the claims supporting it (entity ids or outlet names)."""
    provably_independent_claimants: int
    """How many of them are provably independent: unnamed claimants count once between them, and only
    when no named one stands behind the claim."""
    citations: list[ExportedCitation]  # type: ignore[assignment]
    quantities: list[ExportedQuantity]  # type: ignore[assignment]


class ExportedSource(Source):
    """A source with the URL of its page (its own `url` is the address it was published at)."""

    page_url: str
    """URL of the source page: absolute when the site has a site_url, else relative to the site root."""


class Export(_Exported):
    """The whole register as the site shows it."""

    format_version: int
    """Version of this export format."""
    language: str
    """Language of the site."""
    overview: Overview
    """Title, summary, key judgments and key figures."""
    sources: list[ExportedSource]
    """Source articles."""
    entities: list[Entity]
    """People, organisations and places with their spellings."""
    claims: list[ExportedClaim]
    """Every claim."""
    briefings: list[Briefing]
    """Topic pages."""


def url_of(page: str, anchor: str = "") -> str:
    """The site-relative URL MkDocs gives a page (with directory URLs), plus an anchor."""
    path = page.removesuffix(".md")
    path = path.removesuffix("index") if path.endswith("/index") or path == "index" else path + "/"
    return f"{path}#{anchor}" if anchor else path


def build_export(corpus: Corpus, layout: Layout, language: str, site_url: str = "") -> Export:
    """The export model of the whole corpus; URLs are absolute under `site_url` when one is given."""

    def url(page: str, anchor: str = "") -> str:
        return site_url + url_of(page, anchor)

    support = supporters(corpus)
    claims = []
    for claim in corpus.claims.values():
        citations = [
            ExportedCitation(
                **citation.model_dump(),
                paragraph=corpus.anchors[(claim.id, index)].paragraph,
                url=url(layout.source(citation.source), quote_anchor(claim.id, index)),
            )
            for index, citation in enumerate(claim.citations)
        ]
        data = claim.model_dump(exclude={"citations", "quantities"})
        quantities = [
            ExportedQuantity(**q.model_dump(), currency=corpus.units[q.unit].currency) for q in claim.quantities
        ]
        claims.append(
            ExportedClaim(
                **data,
                citations=citations,
                quantities=quantities,
                url=url(layout.claims_index, claim.id),
                claimant_name=corpus.entities[claim.claimant].name if claim.claimant else None,
                independent_claimants=independent_claimants(corpus, claim, support),
                provably_independent_claimants=corroboration(corpus, claim, support).provable,
            )
        )
    return Export(
        format_version=FORMAT_VERSION,
        language=language,
        overview=corpus.overview,
        sources=[ExportedSource(**s.model_dump(), page_url=url(layout.source(s.id))) for s in corpus.sources.values()],
        entities=list(corpus.entities.values()),
        claims=claims,
        briefings=list(corpus.briefings.values()),
    )


def export_json(export: Export) -> str:
    """The export as stable, readable JSON (pydantic's serializer: fast at any size)."""
    return export.model_dump_json(indent=2) + "\n"


def export_schema() -> str:
    """JSON Schema of claims.json, generated from the export models (once per version of the code)."""
    return remembered("claims.schema.json", _export_schema)


def _export_schema() -> str:
    schema = Export.model_json_schema()
    schema["title"] = "Briefing register export (claims.json)"
    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "id",
    "statement",
    "claimant",
    "asserted",
    "occurred",
    "status",
    "credibility",
    "topics",
    "sources",
    "quotes",
    "figures",
    "url",
)


def _cell(value: str) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ would start a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def exact_number(value: int | float) -> str:
    """A figure in full, as a spreadsheet reads it: 1000000000000, 0.5; never an exponent, never rounded."""
    return str(value) if isinstance(value, int) else format(Decimal(repr(value)), "f")


def _figure_cell(quantity: Quantity) -> str:
    given = quantity.exactness.value + (f", {quantity.outlook.value}" if quantity.outlook else "")
    low, high = quantity.bounds
    number = (
        exact_number(low) if quantity.exactness is not Exactness.range else f"{exact_number(low)}-{exact_number(high)}"
    )
    return f"{number} {quantity.unit} ({given}; {quantity.scope})"


def export_csv(export: Export) -> str:
    """One row per claim; several values in one cell are separated by ' | '."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for claim in export.claims:
        figures = [_figure_cell(q) for q in claim.quantities]
        row = [
            claim.id,
            claim.statement,
            claim.claimant_name or "",
            claim.asserted.date if claim.asserted else "",
            claim.occurred.date if claim.occurred else "",
            claim.status.value,
            str(claim.credibility),
            " | ".join(claim.topics),
            " | ".join(c.source for c in claim.citations),
            " | ".join(c.quote for c in claim.citations),
            " | ".join(figures),
            claim.url,
        ]
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def _entity_ld(entity: Entity, address: str) -> dict[str, Any]:
    kind = {EntityType.person: "Person", EntityType.organisation: "Organization", EntityType.place: "Place"}
    node: dict[str, Any] = {"@type": kind.get(entity.type, "Thing"), "@id": address, "name": entity.name}
    other_names = [alias.name for alias in entity.aliases if alias.name != entity.name]
    if other_names:
        node["alternateName"] = other_names
    return node


def _relative(page: str, base: str, anchor: str = "") -> str:
    """The URL of `page` (plus anchor) relative to the page at `base`, as a browser resolves it."""
    path = _relative_url(page, base)
    return (path + (f"#{anchor}" if anchor else "")) or "./"


@functools.lru_cache(maxsize=65536)
def _relative_url(page: str, base: str) -> str:
    target, here = url_of(page).rstrip("/"), url_of(base).rstrip("/")
    return "" if target == here else relative_path(target, here) + "/"


def earlier(first: When, second: When) -> bool:
    """True when `first` is provably before `second`: compared at the coarser of their two
    precisions, so 2024-11 is not before 2024-11-04 (nor after it), but 2024-10-30 is before 2024-11."""
    shared = min(len(first.date), len(second.date))
    return first.date[:shared] < second.date[:shared]


def earliest_source(sources: list[Source]) -> Source:
    """The source published first; of sources whose order their dates leave open, the first listed."""
    found = sources[0]
    for source in sources[1:]:
        if earlier(source.published, found.published):
            found = source
    return found


def claims_jsonld(
    corpus: Corpus,
    layout: Layout,
    page: str,
    site_url: str = "",
    shown: Iterable[str] | None = None,
    cards: Mapping[str, str] | None = None,
) -> str:
    """schema.org Claim records for the claims `shown` (all by default), as one JSON-LD graph
    for the page at `page`.

    Author is the claimant (not the outlet), appearance the reporting articles'
    source pages, @id the claim's lasting address (its anchor on the all-claims index),
    url the page of its card (from `cards`, claim id -> page). Claimants, articles and publishers are
    nodes of their own, each once, that claims refer to by @id. With a `site_url`
    every @id is absolute; without, it is relative to the page. `<` is escaped so the
    JSON can sit inside a <script> element whatever the register holds.
    """

    def address(target: str, anchor: str = "") -> str:
        return site_url + url_of(target, anchor) if site_url else _relative(target, page, anchor)

    outlets = outlet_anchors(source.outlet for source in corpus.sources.values())
    claims: list[dict[str, Any]] = []
    nodes: dict[str, dict[str, Any]] = {}  # claimants, articles and publishers by @id, each once
    selected = corpus.claims.values() if shown is None else [corpus.claims[ident] for ident in shown]
    for claim in selected:
        permalink = address(layout.claims_index, claim.id)
        card = address(cards[claim.id], claim.id) if cards and claim.id in cards else permalink
        record: dict[str, Any] = {"@type": "Claim", "@id": permalink, "url": card, "text": claim.statement}
        if claim.claimant:
            author = address(layout.actor(claim.claimant))
            nodes.setdefault(author, _entity_ld(corpus.entities[claim.claimant], author))
            record["author"] = {"@id": author}
        sources = [corpus.sources[ident] for ident in dict.fromkeys(c.source for c in claim.citations)]
        first = earliest_source(sources)
        record["datePublished"] = (claim.asserted or first.published).date
        for source in sources:
            article = address(layout.source(source.id))
            publisher = address(layout.sources_index, outlets[source.outlet])
            nodes.setdefault(publisher, {"@type": "Organization", "@id": publisher, "name": source.outlet})
            nodes.setdefault(
                article,
                {
                    "@type": "NewsArticle",
                    "@id": article,
                    "headline": source.title,
                    "datePublished": source.published.date,
                    "publisher": {"@id": publisher},
                    "inLanguage": source.language,
                },
            )
        record["appearance"] = [{"@id": address(layout.source(source.id))} for source in sources]
        record["firstAppearance"] = {"@id": address(layout.source(first.id))}
        claims.append(record)
    graph = claims + list(nodes.values())
    document = {"@context": "https://schema.org", "@graph": graph}
    return json.dumps(document, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c")
