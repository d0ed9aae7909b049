"""Analysis: what the register says beyond single claims.

Figures compared by what they count, a timeline, each actor's record,
contradictions and differences of scope, and corroboration counted by
independent claimants rather than by articles. Everything here is computed
from the checked corpus; nothing is written by hand.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from generator.register.models import Claim, Quantity, RelationType, Status, When
from generator.register.units import Unit
from generator.register.validate import Corpus


@dataclass(frozen=True)
class Figure:
    """One figure of one claim."""

    claim: Claim
    quantity: Quantity


@dataclass(frozen=True)
class FigureGroup:
    """Figures that count the same kind of thing, to be read side by side."""

    measure: str
    figures: list[Figure]
    """Ordered by date, then value."""
    conservative: list[Figure]
    """The lowest figure of each unit in the group: the one to state when a single figure is needed.
    A measure may hold figures in several units (euros and US dollars); no figure stands for another unit's."""


def measure_of(quantity: Quantity, units: dict[str, Unit]) -> str:
    """The heading a figure is compared under: its measure, or its unit's name (one name per currency)."""
    return quantity.measure or units[quantity.unit].name


def sort_key(when: When | None) -> str:
    """Dates sort by their earliest possible day; undated things last."""
    if when is None:
        return "9999"
    parts = when.date.split("-")
    return "-".join([parts[0], parts[1] if len(parts) > 1 else "00", parts[2] if len(parts) > 2 else "00"])


def figure_groups(corpus: Corpus) -> list[FigureGroup]:
    """Every quantity in the register, grouped by measure, largest group first."""
    groups: dict[str, list[Figure]] = defaultdict(list)
    for claim in corpus.claims.values():
        for quantity in claim.quantities:
            groups[measure_of(quantity, corpus.units)].append(Figure(claim, quantity))
    result = []
    for measure, figures in groups.items():
        figures.sort(key=lambda f: (sort_key(f.quantity.as_of or f.claim.asserted), f.quantity.value, f.claim.id))
        by_unit: dict[str, list[Figure]] = {}
        for figure in figures:
            by_unit.setdefault(corpus.units[figure.quantity.unit].key, []).append(figure)
        conservative = [min(same, key=lambda f: (f.quantity.value, f.claim.id)) for same in by_unit.values()]
        result.append(FigureGroup(measure, figures, conservative))
    return sorted(result, key=lambda g: (-len(g.figures), g.measure))


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
        counts = Counter(c.status for c in made[ident])
        by_status = {status: counts[status] for status in Status if counts[status]}
        records[ident] = ActorRecord(made[ident], about[ident], by_status)
    return records


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
