"""Analysis: what the register says beyond single claims.

Figures compared by what they count, a timeline, each actor's record,
contradictions and differences of scope, and corroboration counted by
independent claimants rather than by articles. Everything here is computed
from the checked corpus; nothing is written by hand.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.register.models import Claim, EntityType, Quantity, RelationType, Status, When
from generator.register.units import Unit
from generator.register.validate import Corpus


@dataclass(frozen=True)
class Figure:
    """One figure of one claim."""

    claim: Claim
    quantity: Quantity
    unit: Unit
    """The figure's unit, resolved: a currency is one unit however the register spells it."""


@dataclass(frozen=True)
class Comparable:
    """Figures that count the same thing in the same unit and scope: only these are rival estimates."""

    counts: str
    unit: Unit
    scope: str
    figures: list[Figure]
    """At least two, ordered by date, then value."""
    conservative: Figure | None
    """The lowest figure among those not refuted, when at least two are not; the one to state when a
    single figure is needed."""


@dataclass(frozen=True)
class FigureGroup:
    """Figures under one measure, to be read side by side; comparable only within `comparable`."""

    measure: str
    figures: list[Figure]
    """Ordered by date, then value."""
    comparable: list[Comparable]
    """The sets of two or more figures that count the same thing in the same unit and scope."""

    @property
    def units(self) -> list[Unit]:
        """The units of the group's figures (one per currency however spelt), in order of first appearance."""
        return list({f.unit.key: f.unit for f in self.figures}.values())


def measure_of(quantity: Quantity, units: dict[str, Unit]) -> str:
    """The heading a figure is compared under: its measure, or its unit's name (one name per currency)."""
    return quantity.measure or units[quantity.unit].name


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def comparable_key(figure: Figure) -> tuple[str, str, str]:
    """What makes two figures comparable: the same thing counted, in the same unit and scope."""
    return _folded(figure.quantity.counts), figure.unit.key, _folded(figure.quantity.scope)


def sort_key(when: When | None) -> tuple[int, int]:
    """Dates sort by the first day they can mean, the longer period first: a year-only date opens
    its year and a month-only date its month, before the more precise dates inside them; undated
    things come last."""
    if when is None:
        return (datetime.date.max.toordinal(), 0)
    return when.first_day.toordinal(), -when.last_day.toordinal()


def figure_date(figure: Figure) -> When | None:
    """The date a figure applies to: its own, or else when its claim was asserted."""
    return figure.quantity.as_of or figure.claim.asserted


def _comparable_sets(figures: list[Figure]) -> list[Comparable]:
    sets: dict[tuple[str, str, str], list[Figure]] = defaultdict(list)
    for figure in figures:
        sets[comparable_key(figure)].append(figure)
    result = []
    for members in sets.values():
        if len(members) < 2:
            continue
        standing = [f for f in members if f.claim.refuted is None]
        conservative = None
        if len(standing) >= 2:
            conservative = min(standing, key=lambda f: (f.quantity.bounds[0], f.claim.id))
        first = members[0]
        result.append(Comparable(first.quantity.counts, first.unit, first.quantity.scope, members, conservative))
    return result


def figure_groups(corpus: Corpus) -> list[FigureGroup]:
    """Every quantity in the register, grouped by measure, largest group first."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for claim in corpus.claims.values():
        for quantity in claim.quantities:
            groups[measure_of(quantity, corpus.units)].append(Figure(claim, quantity, corpus.units[quantity.unit]))
    result = []
    for measure, figures in groups.items():
        figures.sort(key=lambda f: (sort_key(figure_date(f)), f.quantity.bounds, f.claim.id))
        result.append(FigureGroup(measure, figures, _comparable_sets(figures)))
    return sorted(result, key=lambda g: (-len(g.figures), g.measure))


def latest_dates(dates: list[When]) -> list[When]:
    """The dates that could be the latest: none of them provably earlier than another.

    Of 2016-02-15 and 2016 either may be later, so both are returned (latest
    possible day first); of 2016-02-15 and 2015 only the first.
    """
    floor = max(when.first_day for when in dates)
    found = {when.date: when for when in dates if when.last_day >= floor}
    return sorted(found.values(), key=lambda when: (when.last_day, when.first_day), reverse=True)


@dataclass(frozen=True)
class Event:
    """One entry of the timeline: a claim placed at the date of its event or of its assertion."""

    when: When
    kind: str
    """'occurred' for an event, 'asserted' for the moment a claimant said something."""
    claim: Claim


def timeline(corpus: Corpus) -> list[tuple[str, list[Event]]]:
    """Events and assertions in date order, grouped by month (YYYY-MM, or YYYY for year-only dates)."""
    events = []
    for claim in corpus.claims.values():
        if claim.occurred is not None:
            events.append(Event(claim.occurred, "occurred", claim))
        if claim.asserted is not None:
            events.append(Event(claim.asserted, "asserted", claim))
    events.sort(key=lambda e: (sort_key(e.when), e.kind != "occurred", e.claim.id))
    months: dict[str, list[Event]] = {}
    for event in events:
        months.setdefault(event.when.date[:7], []).append(event)
    return list(months.items())


@dataclass(frozen=True)
class Chain:
    """How a claim reached the reader: article -> outlets it credits -> claimant."""

    source_id: str
    via: tuple[str, ...]
    claimant: str | None


def chains(claim: Claim) -> list[Chain]:
    """One reporting chain per citation, in citation order, without repeats."""
    seen: list[Chain] = []
    for citation in claim.citations:
        chain = Chain(citation.source, tuple(citation.via), claim.claimant)
        if chain not in seen:
            seen.append(chain)
    return seen


def originators(corpus: Corpus, claim: Claim) -> set[str]:
    """Who stands behind a claim: its claimant; or, in an article's own voice, the outlets it
    credits; or, when it credits none, the outlet that published it."""
    if claim.claimant is not None:
        return {claim.claimant}
    found: set[str] = set()
    for citation in claim.citations:
        if citation.via:
            found.update(citation.via)
        else:
            found.add(corpus.sources[citation.source].outlet)
    return found


def supporters(corpus: Corpus) -> dict[str, list[Claim]]:
    """For each claim id, the claims that declare they support it."""
    result: dict[str, list[Claim]] = defaultdict(list)
    for claim in corpus.claims.values():
        for relation in claim.relations:
            if relation.type is RelationType.supports:
                result[relation.claim].append(claim)
    return result


def independent_claimants(corpus: Corpus, claim: Claim, support: dict[str, list[Claim]]) -> list[str]:
    """The distinct originators behind a claim and the claims supporting it.

    Articles relaying one official's statement add chains, not claimants: three
    articles quoting one minister count as one.
    """
    found = set(originators(corpus, claim))
    for other in support.get(claim.id, []):
        found |= originators(corpus, other)
    return sorted(found)


@dataclass(frozen=True)
class Corroboration:
    """The originators behind a claim, the named apart from the unnamed."""

    named: list[str]
    unnamed: list[str]
    """Unnamed claimants (entity ids): nothing shows they are not one another, or one of the named."""

    @property
    def provable(self) -> int:
        """How many originators are provably independent: every named one; the unnamed count
        once between them, and only when no one is named."""
        return len(self.named) or (1 if self.unnamed else 0)


def corroboration(corpus: Corpus, claim: Claim, support: dict[str, list[Claim]]) -> Corroboration:
    """The claim's independent claimants, counted honestly."""
    found = independent_claimants(corpus, claim, support)
    unnamed = [name for name in found if _is_unnamed(corpus, name)]
    return Corroboration([name for name in found if name not in unnamed], unnamed)


def _is_unnamed(corpus: Corpus, name: str) -> bool:
    entity = corpus.entities.get(name)
    return entity is not None and entity.type is EntityType.unnamed


@dataclass(frozen=True)
class ActorRecord:
    """How an actor's claims stand in this briefing."""

    made: list[Claim]
    about: list[Claim]
    by_status: dict[Status, int]


def actor_records(corpus: Corpus) -> dict[str, ActorRecord]:
    """For every entity: the claims it made, the claims that concern it, and the status of the former.

    One pass over the claims, so the cost grows with the register, not with entities × claims.
    """
    made: dict[str, list[Claim]] = {ident: [] for ident in corpus.entities}
    about: dict[str, list[Claim]] = {ident: [] for ident in corpus.entities}
    for claim in corpus.claims.values():
        if claim.claimant is not None:
            made[claim.claimant].append(claim)
        places = {q.place for q in claim.quantities if q.place is not None}
        concerned = {*claim.entities, *(s.party for s in claim.stances), *places}
        for ident in sorted(concerned - {claim.claimant} if claim.claimant else concerned):
            about[ident].append(claim)
    records = {}
    for ident in corpus.entities:
        made[ident].sort(key=_claim_order)
        about[ident].sort(key=_claim_order)
        counts = Counter(c.status for c in made[ident])
        by_status = {status: counts[status] for status in Status if counts[status]}
        records[ident] = ActorRecord(made[ident], about[ident], by_status)
    return records


def _claim_order(claim: Claim) -> tuple[tuple[int, int], str]:
    """A claim's place in date order: when it was asserted (else when its event occurred), then its id."""
    return sort_key(claim.asserted or claim.occurred), claim.id


@dataclass(frozen=True)
class Pair:
    """Two claims linked by a relation, with the analyst's note."""

    first: Claim
    second: Claim
    note: str


def pairs(corpus: Corpus, kind: RelationType) -> list[Pair]:
    """Every relation of one type, each unordered pair once."""
    seen: set[frozenset[str]] = set()
    result = []
    for claim in corpus.claims.values():
        for relation in claim.relations:
            key = frozenset((claim.id, relation.claim))
            if relation.type is kind and key not in seen:
                seen.add(key)
                result.append(Pair(claim, corpus.claims[relation.claim], relation.note))
    return result
