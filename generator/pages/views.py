"""What each page shows, computed from the corpus: the templates only lay it out.

A view holds plain values (escaped by the templates) and `Md` links that are
already relative to the page the view is made for.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from generator.pages.catalogue import Catalogue
from generator.pages.changes import history_line
from generator.pages.layout import Layout, address_link, link, paragraph_anchor, quote_anchor
from generator.pages.markdown_text import Md, fragment, inline
from generator.pages.text_fragment import text_fragment_url
from generator.register.analysis import Chain, chains, corroboration
from generator.register.history import History
from generator.register.models import Claim, EntityType, Quantity, Source, When
from generator.register.validate import Anchor, Corpus


@dataclass(frozen=True)
class CitationView:
    """One quote supporting a claim, as a footnote and as a line of evidence."""

    label: Md
    quote: str
    source_title: str
    outlet: str
    published: str
    passage: Md
    form: str
    via: str


LARGE = 1_000_000
"""From a million on, a figure reads in the locale's compact form (1.23M, US$1.58B), with the exact value beside."""
COMPACT_DIGITS = 2
"""Decimals of a compact figure in running text: "1.25 billion" in a source reads US$1.25B, not US$1.2B."""


@dataclass(frozen=True)
class QuantityView:
    """A figure with everything that says what it means."""

    amount: str
    """The figure in full and exact with its unit: 12,000 people, US$5,000,000,000 (a currency through Babel)."""
    short: str
    """The compact form of a large figure with its unit (US$5B), else empty."""
    exactness: str
    """How the figure is given, and "forecast" or "planned" when it looks ahead."""
    wording: str
    counts: str
    scope: str
    as_of: str


@dataclass(frozen=True)
class RelationView:
    """A link to another claim."""

    kind: Md
    label: str
    target: Md
    target_statement: str
    note: str


@dataclass(frozen=True)
class StanceView:
    """A party's answer to the claim."""

    party: Md
    stance: str
    kind: Md
    note: str


@dataclass(frozen=True)
class ClaimView:
    """A claim as a page shows it."""

    id: Md
    former_ids: list[Md]
    statement: str
    status: Md
    status_label: str
    claimant: Md
    asserted: str
    occurred: str
    outlook: str
    """"forecast" or "planned" for a claim about something still to come, else empty."""
    credibility: str
    permalink: Md
    """The claim's lasting address, its anchor on the all-claims index (the copy button gives it)."""
    link: Md
    """Where its card is."""
    citations: list[CitationView]
    quantities: list[QuantityView]
    relations: list[RelationView]
    stances: list[StanceView]
    claimants: Md
    """The named independent claimants behind the claim and its supporters, linked."""
    claimant_count: int
    """How many of the claimants are provably independent."""
    unnamed_claimants: Md
    """The unnamed claimants among them, linked: not provably independent of one another."""
    unnamed_count: int
    refuted: Md
    """Who refutes the claim and how, when the articles report it only to refute it; else empty."""
    chains: list[Md]
    """Each reporting chain: article -> outlets it credits -> claimant."""
    history: Md
    """When the claim came in and its latest change, linked to the changes page; empty without history."""


@dataclass(frozen=True)
class ClaimRef:
    """A claim mentioned in a list: what a link to it needs, nothing more."""

    id: Md
    statement: str
    status: Md
    status_label: str
    claimant: Md
    link: Md
    """Where its card is."""


@dataclass(frozen=True)
class Views:
    """Builds views for one corpus, in one language, for pages of one layout."""

    corpus: Corpus
    t: Catalogue
    layout: Layout
    support: dict[str, list[Claim]]
    """Claims that support each claim (by id), for counting independent claimants."""
    history: History = field(default_factory=History)
    """The register's editions and each claim's history, when git knows them."""
    cards: dict[str, str] = field(default_factory=dict)
    """Claim id -> the page that holds its card (generator/pages/placement.py)."""

    def claim_link(self, page: str, ident: str) -> str:
        """A link from `page` to the card of claim `ident`; to its lasting address if it has no card."""
        return link(page, self.cards.get(ident, self.layout.claims_index), ident)

    def when(self, when: When | None) -> str:
        """A date with its precision, and 'erschlossen' when it was inferred."""
        if when is None:
            return ""
        text = f"{self.t.date(when)} ({self.t('precision.' + when.precision)}"
        if when.inferred:
            text += f", {self.t('precision.inferred')}: {when.inferred}"
        return text + ")"

    def short_date(self, when: When) -> str:
        """A date without its precision note, where the precision is evident."""
        text = self.t.date(when)
        return f"{text} ({self.t('precision.inferred')})" if when.inferred else text

    def entity_name(self, ident: str | None) -> str:
        if ident is None:
            return self.t("claim.own_voice")
        return self.corpus.entities[ident].name

    def entity_link(self, ident: str | None, page: str) -> Md:
        """The entity's name linked to its actor page (plain text for the articles' own voice);
        an unnamed claimant says what it is and which outlet reports it."""
        if ident is None or ident not in self.corpus.entities:
            return inline(self.entity_name(ident))
        linked = f"[{inline(self.entity_name(ident))}]({link(page, self.layout.actor(ident))})"
        return Md(linked + self.unnamed_note(ident))

    def unnamed_note(self, ident: str) -> str:
        """ " (unnamed official, according to OUTLET)" for an unnamed claimant, as Markdown; else nothing."""
        text = self.unnamed_text(ident)
        return " " + inline(text) if text else ""

    def unnamed_text(self, ident: str) -> str:
        """ "(unnamed official, according to OUTLET)" for an unnamed claimant, as plain text; else nothing."""
        entity = self.corpus.entities[ident]
        if entity.type is not EntityType.unnamed or entity.kind is None:
            return ""
        return self.t("unnamed.note", kind=self.t(f"unnamed.{entity.kind.value}"), outlet=entity.reported_by)

    def originator(self, name: str, page: str) -> Md:
        """An originator: an entity id (linked) or an outlet's name."""
        return self.entity_link(name, page) if name in self.corpus.entities else inline(name)

    def source_label(self, source_id: str) -> str:
        """How running text names a source: its outlet, told apart from the outlet's other articles
        by date, or by headline when they share a date ("BBC News (12 January 2025)")."""
        return self._source_labels[source_id]

    @functools.cached_property
    def _source_labels(self) -> dict[str, str]:
        by_outlet: dict[str, list[Source]] = {}
        for source in self.corpus.sources.values():
            by_outlet.setdefault(source.outlet, []).append(source)
        labels = {}
        for outlet, sources in by_outlet.items():
            dates = [self.t.date(source.published) for source in sources]
            titles = [source.title for source in sources]
            for source, date in zip(sources, dates, strict=True):
                headline = f"{self.t('quote_open')}{source.title}{self.t('quote_close')}"
                if len(sources) == 1:
                    labels[source.id] = outlet
                elif dates.count(date) == 1:
                    labels[source.id] = f"{outlet} ({date})"
                elif titles.count(source.title) == 1:
                    labels[source.id] = f"{outlet} ({headline})"
                else:  # one headline twice on one day: only the id tells the copies apart
                    labels[source.id] = f"{outlet} ({headline}, {date}, {source.id})"
        return labels

    def source_link(self, source_id: str, page: str) -> Md:
        """The source's label linked to its page."""
        return Md(f"[{inline(self.source_label(source_id))}]({link(page, self.layout.source(source_id))})")

    def chain(self, chain: Chain, page: str) -> Md:
        steps = [self.source_link(chain.source_id, page)]
        steps += [inline(name) for name in chain.via]
        if chain.claimant is not None:
            steps.append(self.entity_link(chain.claimant, page))
        return Md(" → ".join(steps))

    def claim(self, claim: Claim, page: str) -> ClaimView:
        """The view of `claim` for a page at `page` (links are relative to it)."""
        found = corroboration(self.corpus, claim, self.support)
        return ClaimView(
            id=Md(claim.id),
            former_ids=[Md(former) for former in claim.former_ids],
            statement=claim.statement,
            status=Md(claim.status.value),
            status_label=self.t(f"status.{claim.status.value}"),
            claimant=self.entity_link(claim.claimant, page),
            asserted=self.when(claim.asserted),
            occurred=self.when(claim.occurred),
            outlook=self.t(f"outlook.{claim.outlook.value}") if claim.outlook else "",
            credibility=f"{claim.credibility} – {self.t(f'credibility.{claim.credibility}')}",
            permalink=Md(address_link(page, self.layout.claims_index, claim.id)),
            link=Md(self.claim_link(page, claim.id)),
            citations=[self.citation(claim, index, page) for index in range(len(claim.citations))],
            quantities=[self.quantity(q) for q in claim.quantities],
            relations=[self.relation(claim, index, page) for index in range(len(claim.relations))],
            stances=[
                StanceView(
                    self.entity_link(s.party, page),
                    self.t(f"stance.{s.stance.value}"),
                    Md(s.stance.value),
                    s.note or "",
                )
                for s in claim.stances
            ],
            claimants=Md(", ".join(self.originator(name, page) for name in found.named)),
            claimant_count=found.provable,
            unnamed_claimants=Md(", ".join(self.originator(name, page) for name in found.unnamed)),
            unnamed_count=len(found.unnamed),
            refuted=self.refutation(claim, page),
            chains=[self.chain(chain, page) for chain in chains(claim)],
            history=history_line(self.t, self.layout, self.history, claim.id, page),
        )

    def refutation(self, claim: Claim, page: str) -> Md:
        """ "Reported only to be refuted, by X: note (refuting claim)", or empty."""
        refuted = claim.refuted
        if refuted is None:
            return Md("")
        if refuted.by is not None:
            by = self.entity_link(refuted.by, page)
        else:
            by = inline(", ".join(dict.fromkeys(self.corpus.sources[c.source].outlet for c in claim.citations)))
        result = f"{inline(self.t('claim.refuted'))} {by}: {inline(refuted.note)}"
        if refuted.claim is not None:
            target = self.claim_link(page, refuted.claim)
            result += f" ([`{refuted.claim}`]({target}))"
        return Md(result)

    def claim_ref(self, claim: Claim, page: str) -> ClaimRef:
        """A claim as an entry of a list on the page at `page`."""
        return ClaimRef(
            id=Md(claim.id),
            statement=claim.statement,
            status=Md(claim.status.value),
            status_label=self.t(f"status.{claim.status.value}"),
            claimant=self.entity_link(claim.claimant, page),
            link=Md(self.claim_link(page, claim.id)),
        )

    def citation(self, claim: Claim, index: int, page: str) -> CitationView:
        citation = claim.citations[index]
        source = self.corpus.sources[citation.source]
        return CitationView(
            label=Md(f"{claim.id}-{index + 1}"),
            quote=_unwrapped(citation.quote),
            source_title=source.title,
            outlet=source.outlet,
            published=self.short_date(source.published),
            passage=Md(link(page, self.layout.source(source.id), quote_anchor(claim.id, index))),
            form=self.t(f"form.{citation.form.value}"),
            via=self.t("claim.via", names=", ".join(citation.via)) if citation.via else "",
        )

    def quantity(self, quantity: Quantity) -> QuantityView:
        amount, short = self.amount(quantity)
        return QuantityView(
            amount=amount,
            short=short,
            exactness=self.exactness(quantity),
            wording=quantity.wording or "",
            counts=quantity.counts,
            scope=quantity.scope,
            as_of=self.when(quantity.as_of),
        )

    def amount(self, quantity: Quantity) -> tuple[str, str]:
        """The figure in full with its unit, and its compact form when it is large (else "");
        a range gives both ends (5,000–6,000 residents)."""
        t = self.t
        low, high = quantity.bounds
        currency = self.corpus.units[quantity.unit].currency
        if currency is not None:
            full = self._ends(low, high, lambda v: t.money(v, currency))
            short = self._ends(low, high, lambda v: t.compact_money(v, currency, digits=COMPACT_DIGITS))
        else:
            full = f"{self._ends(low, high, t.number)} {quantity.unit}"
            short = f"{self._ends(low, high, lambda v: t.compact(v, digits=COMPACT_DIGITS))} {quantity.unit}"
        return full, "" if short == full or high < LARGE else short

    def _ends(self, low: float, high: float, spell: Callable[[float], str]) -> str:
        """One number, or a range's two ends joined the language's way."""
        return spell(low) if low == high else self.t("figure.range", low=spell(low), high=spell(high))

    def exactness(self, quantity: Quantity) -> str:
        """How a figure is given: "approximate", or "approximate, forecast" for one that looks ahead."""
        text = self.t(f"exactness.{quantity.exactness.value}")
        return f"{text}, {self.t(f'outlook.{quantity.outlook.value}')}" if quantity.outlook else text

    def relation(self, claim: Claim, index: int, page: str) -> RelationView:
        relation = claim.relations[index]
        other = self.corpus.claims[relation.claim]
        return RelationView(
            kind=Md(relation.type.value),
            label=self.t(f"relation.{relation.type.value}"),
            target=Md(self.claim_link(page, other.id)),
            target_statement=other.statement,
            note=relation.note,
        )

    def source_meta(self, source: Source) -> list[tuple[str, str]]:
        """Label and value of each known fact about a source, for its page's table."""
        t = self.t
        rows = [
            (t("source.outlet"), source.outlet),
            *([(t("source.author"), source.author)] if source.author else []),
            (t("source.published"), self.when(source.published)),
            (t("source.language"), self.language_name(source.language)),
        ]
        if source.translated_from:
            rows.append((t("source.translated_from"), self.language_name(source.translated_from)))
        if source.aggregator:
            rows.append((t("source.aggregator"), t("yes_word")))
        if source.cites:
            rows.append((t("source.cites"), ", ".join(source.cites)))
        grade = source.reliability.grade.value
        rows.append((t("source.reliability"), f"{grade} – {t(f'reliability.{grade}')}: {source.reliability.rationale}"))
        rows.extend(self._evidence_rows(source))
        return rows

    def _evidence_rows(self, source: Source) -> list[tuple[str, str]]:
        """Where the article came from and the stored files with their digests."""
        t = self.t
        rows: list[tuple[str, str]] = []
        if source.url:
            rows.append((t("source.url"), _external(source.url)))
        if source.retrieved:
            rows.append((t("source.retrieved"), self.t.date(When(date=source.retrieved))))
        if source.archive_url:
            rows.append((t("source.archive_url"), _external(source.archive_url)))
        rows.append((t("source.file"), _digested(source.file, source.sha256)))
        if source.original:
            rows.append((t("source.original"), _digested(source.original, source.original_sha256)))
        return rows

    def language_name(self, code: str) -> str:
        names: dict[str, str] = self.t.lookup("languages")
        return names.get(code, code)

    @functools.cached_property
    def _citations_by_source(self) -> dict[str, list[tuple[str, int]]]:
        """(claim id, citation index) of the citations of each source, in text order."""
        found: dict[str, list[tuple[str, int]]] = {ident: [] for ident in self.corpus.sources}
        for key in self.corpus.anchors:
            found[self.corpus.claims[key[0]].citations[key[1]].source].append(key)
        for keys in found.values():
            keys.sort(key=lambda key: (self.corpus.anchors[key].start, key))
        return found

    def citing(self, source_id: str) -> list[tuple[str, int]]:
        """(claim id, citation index) of every citation of a source, in text order."""
        return self._citations_by_source[source_id]

    def article_paragraphs(self, source_id: str, page: str) -> list[Md]:
        """The article's paragraphs as Markdown, cited passages marked and linked to their claims."""
        article = self.corpus.articles[source_id]
        spans = [(self.corpus.anchors[key], key) for key in self.citing(source_id)]
        originals = self._original_links(source_id, spans)
        result = []
        for paragraph in article.paragraphs:
            inside = [(a, key) for a, key in spans if a.start < paragraph.end and a.end > paragraph.start]
            body = _marked(article.text, paragraph.start, paragraph.end, inside, page, self.claim_link, originals)
            anchor = paragraph_anchor(paragraph.number)
            result.append(Md(f"[{paragraph.number}](#{anchor}){{ .para-num }} {body}\n{{: #{anchor} .para }}"))
        return result

    def _original_links(self, source_id: str, spans: list[tuple[Anchor, tuple[str, int]]]) -> dict[tuple[str, int], Md]:
        """For each citation, a link that opens the original web page at the quoted passage."""
        url = self.corpus.sources[source_id].url
        if url is None:
            return {}
        text = self.corpus.articles[source_id].text
        label = inline(self.t("source.in_original"))
        links = {}
        for anchor, key in spans:
            citation = self.corpus.claims[key[0]].citations[key[1]]
            target = text_fragment_url(url, text[anchor.start : anchor.end], citation.prefix, citation.suffix)
            links[key] = Md(f"[{label}](<{target}>){{ .quote-original }}")
        return links


def _external(url: str) -> Md:
    """A link to another site, its address shown as the text."""
    return Md(f"[{inline(url)}](<{url}>)")


def _digested(path: str, digest: str | None) -> Md:
    """A stored file with its SHA-256, so a reader can check a copy of the evidence."""
    shown = inline(path)
    return Md(f"{shown} (SHA-256 `{digest}`)") if digest else shown


_QUOTE_PAIRS = {"„": "“", "“": "”", "»": "«", "«": "»", '"': '"', "‚": "‘"}


def _unwrapped(quote: str) -> str:
    """The quote without one pair of quotation marks around all of it: the page adds its own."""
    inner = quote[1:-1]
    if len(quote) > 2 and _QUOTE_PAIRS.get(quote[0]) == quote[-1] and quote[0] not in inner and quote[-1] not in inner:
        return inner
    return quote


def _marked(
    text: str,
    start: int,
    end: int,
    spans: list[tuple[Anchor, tuple[str, int]]],
    page: str,
    cards: Callable[[str, str], str],
    originals: dict[tuple[str, int], Md],
) -> str:
    """Text of [start, end) with each cited span in <mark>, split where spans overlap."""
    bounds = {start, end}
    for anchor, _ in spans:
        bounds.add(max(start, anchor.start))
        bounds.add(min(end, anchor.end))
    cuts = sorted(bounds)
    out: list[str] = []
    opened: set[tuple[str, int]] = set()
    for left, right in itertools.pairwise(cuts):
        covering = [key for anchor, key in spans if anchor.start <= left and anchor.end >= right]
        piece = fragment(text[left:right], at_line_start=left == start)
        if not covering:
            out.append(piece)
            continue
        new = [key for key in covering if key not in opened]
        opened.update(new)
        ids = "".join(f'<span id="{quote_anchor(claim, index)}"></span>' for claim, index in new)
        out.append(f'{ids}<mark class="quote">{piece}</mark>')
        ending = [key for anchor, key in spans if anchor.end == right]
        if ending:
            refs = " ".join(f"[{claim}]({cards(page, claim)}){{: .claim-link }}" for claim, _ in ending)
            # One link into the original per passage, however many claims cite it.
            original = next((originals[key] for key in ending if key in originals), None)
            if original:
                refs += f" {original}"
            out.append(f'<sup class="quote-claims">{refs}</sup>')
    return "".join(out)
