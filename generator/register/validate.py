"""Validate: cross-check the loaded register and verify every quote against its article.

Each check adds problems and goes on, so one run reports everything. The result
is a Corpus: the register with its references resolved and every citation
located in its source, which is all that rendering needs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel import Locale

from generator.register.articles import MAX_ARTICLE_BYTES, Article, Paragraph, UnreadableArticle, decode, prepare
from generator.register.characters import forbidden_characters
from generator.register.files import FileRefused, inside, read_bounded
from generator.register.load import SINGULAR, Located, Register, display_path
from generator.register.models import (
    GENERATED_NAMES,
    ID_PATTERN,
    Briefing,
    Claim,
    Entity,
    Overview,
    RelationType,
    Source,
    When,
)
from generator.register.problems import Problem
from generator.register.quotes import (
    Ambiguous,
    ContextMismatch,
    Found,
    NotFound,
    closest_passage,
    locate,
    normalize_text,
)
from generator.register.time_logic import check_time_logic, earliest_day, latest_day
from generator.register.units import Unit, check_magnitudes, check_unit_spellings, resolve_units


@dataclass(frozen=True)
class Anchor:
    """Where one citation's quote stands in its article."""

    start: int
    end: int
    paragraph: int
    """Number of the paragraph it starts in (its #pN anchor)."""


@dataclass(frozen=True)
class Corpus:
    """The checked register: every reference resolves and every quote is located."""

    overview: Overview
    sources: dict[str, Source]
    articles: dict[str, Article]
    entities: dict[str, Entity]
    claims: dict[str, Claim]
    briefings: dict[str, Briefing]
    anchors: dict[tuple[str, int], Anchor]
    """(claim id, citation index) -> place of the quote in its article."""
    units: dict[str, Unit]
    """Each unit text of a figure -> its unit (a currency however it is spelt, or free text)."""


def validate(register: Register, seeds_dir: Path, root: Path, locale: Locale) -> tuple[Corpus | None, list[Problem]]:
    """Check everything; return the corpus only when there is no problem at all.

    `locale` is the site's: the names of currencies are read in its language.
    """
    problems: list[Problem] = []
    problems += _unique_ids(register)
    problems += _generated_names(register)
    problems += _former_ids(register)
    overview = _single_overview(register, problems)
    articles = {}
    for source in register.sources:
        article = _read_article(source, seeds_dir, root, problems)
        if article is not None:
            articles[source.record.id] = article
    problems += _check_boilerplate(register.sources, articles)
    known = _known_ids(register)
    if not register.complete:
        # Some file could not be read, so its ids are unknown: references cannot be judged.
        known = _AnyId()
    problems += _check_entities(register.entities, known, articles)
    anchors: dict[tuple[str, int], Anchor] = {}
    sources = {s.record.id: s.record for s in register.sources}
    for claim in register.claims:
        problems += _check_claim(claim, known, sources, articles, anchors)
    problems += _check_briefings(register, known)
    problems += _update_cycles(register)
    problems += check_time_logic(register.claims, sources)
    units = resolve_units(register.claims, locale)
    problems += check_unit_spellings(register.claims, units)
    problems += check_magnitudes(register.claims, units, locale)
    if overview is not None:
        problems += _check_overview(overview, known, {c.record.id: c.record for c in register.claims})
    if problems or overview is None:
        return None, problems
    return (
        Corpus(
            overview=overview.record,
            sources=sources,
            articles=articles,
            entities={e.record.id: e.record for e in register.entities},
            claims={c.record.id: c.record for c in register.claims},
            briefings={b.record.id: b.record for b in register.briefings},
            anchors=anchors,
            units=units,
        ),
        problems,
    )


def _records(register: Register, section: str) -> list[Located[Any]]:
    records: list[Located[Any]] = getattr(register, section)
    return records


def _unique_ids(register: Register) -> Iterator[Problem]:
    for section, kind in SINGULAR.items():
        first: dict[str, Located[Any]] = {}
        for located in _records(register, section):
            ident = located.record.id
            if ident in first:
                earlier = first[ident]
                yield Problem(
                    located.path,
                    located.line("id"),
                    f"duplicate {kind} id '{ident}' (first defined at {earlier.path}:{earlier.line('id')})",
                    f"ids must be unique across all register files; rename one of the two {kind}s",
                )
            else:
                first[ident] = located


def _generated_names(register: Register) -> Iterator[Problem]:
    """A topic, source or actor gets a page named after its id, beside the folder's own index page."""
    for section in ("briefings", "sources", "entities"):
        for located in _records(register, section):
            if located.record.id in GENERATED_NAMES:
                yield Problem(
                    located.path,
                    located.line("id"),
                    f"{SINGULAR[section]} id '{located.record.id}' is the name of a page the generator writes",
                    f"choose another id; {', '.join(sorted(GENERATED_NAMES))} cannot be used",
                )


def _former_ids(register: Register) -> Iterator[Problem]:
    """A claim's former id still resolves to it, so it may belong to no other claim, past or present."""
    owner: dict[str, str] = {located.record.id: located.record.id for located in register.claims}
    for located in register.claims:
        for index, former in enumerate(located.record.former_ids):
            holder = owner.get(former)
            if holder is not None:
                yield Problem(
                    located.path,
                    located.line("former_ids", index),
                    f"claim '{located.record.id}': former id '{former}' is already used by claim '{holder}'",
                    "claim ids are never reused: a former id must not name another claim, now or before",
                )
            else:
                owner[former] = located.record.id


def _single_overview(register: Register, problems: list[Problem]) -> Located[Overview] | None:
    if not register.overviews:
        if register.rejected_ids.get("overview"):
            return None  # there is one, with errors already reported
        where = register.files[0] if register.files else "seeds/register"
        problems.append(
            Problem(where, 1, "no overview in the register", "add to one file:\noverview:\n  title: …\n  summary: …")
        )
        return None
    for extra in register.overviews[1:]:
        first = register.overviews[0]
        problems.append(
            Problem(
                extra.path,
                extra.line(),
                f"second overview (the first is at {first.path}:{first.line()})",
                "keep one overview",
            )
        )
    return register.overviews[0]


def _read_article(source: Located[Source], seeds_dir: Path, root: Path, problems: list[Problem]) -> Article | None:
    record = source.record
    where = (source.path, source.line("file"))
    if "\0" in record.file or Path(record.file).is_absolute() or not inside(seeds_dir / record.file, seeds_dir):
        problems.append(
            Problem(
                *where,
                f"source '{record.id}': file '{forbidden_characters(record.file)}' lies outside the seeds folder",
                "give a path inside seeds/, e.g. articles/000_x.txt",
            )
        )
        return None
    path = (seeds_dir / record.file).resolve()
    try:
        found = path.exists()  # anything else than a regular file is refused when read
    except OSError as error:
        problems.append(Problem(*where, f"source '{record.id}': file '{record.file}': {error.strerror}", _PATH_HINT))
        return None
    if not found:
        problems.append(
            Problem(
                *where,
                f"source '{record.id}': file '{record.file}' not found",
                f"paths are relative to {display_path(seeds_dir, root)}/, e.g. articles/000_x.txt",
            )
        )
        return None
    try:
        text = decode(read_bounded(path, MAX_ARTICLE_BYTES, "article"))
    except FileRefused as refused:
        problems.append(Problem(display_path(path, root), 1, refused.message, refused.hint))
        return None
    except UnreadableArticle as error:
        problems.append(Problem(display_path(path, root), error.line, error.message, error.hint))
        return None
    return prepare(text, record.boilerplate)


_PATH_HINT = "give a short path inside seeds/, e.g. articles/000_x.txt"


def _check_boilerplate(sources: list[Located[Source]], articles: dict[str, Article]) -> Iterator[Problem]:
    for source in sources:
        article = articles.get(source.record.id)
        if article is None:
            continue
        for index, line in enumerate(source.record.boilerplate):
            if normalize_text(line) not in article.boilerplate_seen:
                yield Problem(
                    source.path,
                    source.line("boilerplate", index),
                    f"source '{source.record.id}': boilerplate line not in the article: \"{line}\"",
                    "a boilerplate entry must equal a whole line of the article; closest: "
                    f'"{_closest_line(article, line)}"',
                )
        shown = {normalize_text(article.text[p.start : p.end]) for p in article.paragraphs}
        for index, uncited in enumerate(source.record.uncited):
            if normalize_text(uncited.text) not in shown:
                yield Problem(
                    source.path,
                    source.line("uncited", index, "text"),
                    f"source '{source.record.id}': uncited line is not a paragraph of the article: \"{uncited.text}\"",
                    "give a whole line of the article that is not boilerplate; closest: "
                    f'"{_closest_line(article, uncited.text)}"',
                )


CLOSE_LINES_CHARACTERS = 200_000
"""Up to this article length, the closest line is found by comparing every line (difflib);
beyond, by the bounded passage search, whose cost grows only with the article's length."""


def _closest_line(article: Article, wanted: str) -> str:
    if len(article.text) > CLOSE_LINES_CHARACTERS:
        return closest_passage(article.normalized.text, normalize_text(wanted))
    lines = [line for line in article.text.splitlines() if line.strip()]
    close = difflib.get_close_matches(wanted, lines, n=1, cutoff=0.0)
    return close[0].strip() if close else closest_passage(article.normalized.text, normalize_text(wanted))


def _known_ids(register: Register) -> dict[str, set[str]]:
    return {
        section: {located.record.id for located in _records(register, section)}
        | register.rejected_ids.get(section, set())
        for section in SINGULAR
    }


class _AnyId(dict[str, set[str]]):
    """Known ids when some register file is unreadable: every id counts as known."""

    def __missing__(self, section: str) -> set[str]:
        return _Everything()


class _Everything(set[str]):
    def __contains__(self, item: object) -> bool:
        return True


def _reference(
    located: Located[Any],
    section: str,
    ident: str | None,
    field_path: tuple[int | str, ...],
    known: dict[str, set[str]],
    owner: str,
) -> Iterator[Problem]:
    """A problem when `ident` names no record of `section`."""
    if ident is None or ident in known[section]:
        return
    kind = SINGULAR[section]
    valid = sorted(i for i in known[section] if re.match(ID_PATTERN, i))  # suggest only ids that can be used
    close = difflib.get_close_matches(ident, valid, n=1)
    hint = f"did you mean '{close[0]}'?" if close else f"define the {kind} first, or fix the id"
    yield Problem(located.path, located.line(*field_path), f"{owner}: unknown {kind} '{ident}'", hint)


def _check_entities(
    entities: list[Located[Entity]], known: dict[str, set[str]], articles: dict[str, Article]
) -> Iterator[Problem]:
    for located in entities:
        entity = located.record
        owner = f"entity '{entity.id}'"
        for a, alias in enumerate(entity.aliases):
            for s, source_id in enumerate(alias.sources):
                path = ("aliases", a, "sources", s)
                if source_id not in known["sources"]:
                    yield from _reference(located, "sources", source_id, path, known, owner)
                    continue
                article = articles.get(source_id)
                if article is not None and normalize_text(alias.name) not in article.normalized.text:
                    yield Problem(
                        located.path,
                        located.line(*path),
                        f"{owner}: spelling \"{alias.name}\" does not occur in source '{source_id}'",
                        "list only the sources that print this exact spelling",
                    )


def _check_claim(
    located: Located[Claim],
    known: dict[str, set[str]],
    sources: dict[str, Source],
    articles: dict[str, Article],
    anchors: dict[tuple[str, int], Anchor],
) -> Iterator[Problem]:
    claim = located.record
    owner = f"claim '{claim.id}'"
    yield from _reference(located, "entities", claim.claimant, ("claimant",), known, owner)
    for i, ident in enumerate(claim.entities):
        yield from _reference(located, "entities", ident, ("entities", i), known, owner)
    for i, stance in enumerate(claim.stances):
        yield from _reference(located, "entities", stance.party, ("stances", i, "party"), known, owner)
    for i, quantity in enumerate(claim.quantities):
        yield from _reference(located, "entities", quantity.place, ("quantities", i, "place"), known, owner)
    for i, topic in enumerate(claim.topics):
        yield from _reference(located, "briefings", topic, ("topics", i), known, owner)
    for i, relation in enumerate(claim.relations):
        if relation.claim == claim.id:
            yield Problem(
                located.path,
                located.line("relations", i, "claim"),
                f"{owner}: relation to itself",
                "a relation links two different claims",
            )
        yield from _reference(located, "claims", relation.claim, ("relations", i, "claim"), known, owner)
    for i, citation in enumerate(claim.citations):
        path = ("citations", i)
        if citation.source not in known["sources"]:
            yield from _reference(located, "sources", citation.source, (*path, "source"), known, owner)
            continue
        source = sources.get(citation.source)
        if source is not None:
            yield from _check_asserted_before(located, claim.asserted, source, path)
        article = articles.get(citation.source)
        if article is None:
            continue
        match = locate(article.normalized, citation.quote, citation.prefix, citation.suffix)
        if isinstance(match, Found):
            placed = _place(article, match)
            if isinstance(placed, str):
                yield Problem(
                    located.path,
                    located.line(*path, "quote"),
                    f"{owner}: {placed.format(citation.source)}",
                    _PLACE_HINTS[placed],
                )
                continue
            anchors[(claim.id, i)] = Anchor(match.start, match.end, placed.number)
        else:
            yield _quote_problem(located, path, owner, citation.source, match)


_IN_BOILERPLATE = "quote lies in a boilerplate line of source '{}'"
_INTO_BOILERPLATE = "quote runs into a boilerplate line of source '{}'"
_ACROSS_PARAGRAPHS = "quote runs across a paragraph break of source '{}'"
_PLACE_HINTS = {
    _IN_BOILERPLATE: "cite the article's text, or remove that line from the source's boilerplate",
    _INTO_BOILERPLATE: "end the quote where the article's text ends, or remove that line from the boilerplate",
    _ACROSS_PARAGRAPHS: "give each paragraph's part a citation of its own, so each passage is marked where it stands",
}


def _place(article: Article, found: Found) -> Paragraph | str:
    """The one paragraph holding the whole quote, or why there is none."""
    first = article.paragraph_at(found.start)
    if first is None:
        return _IN_BOILERPLATE
    if found.end <= first.end:
        return first
    # The quote goes on past its paragraph: into a boilerplate line, or into the next paragraph.
    following = article.paragraphs[first.number : first.number + 1]
    gap_end = min(following[0].start if following else len(article.text), found.end)
    if article.text[first.end : gap_end].strip():
        return _INTO_BOILERPLATE
    return _ACROSS_PARAGRAPHS


def _quote_problem(
    located: Located[Claim],
    path: tuple[int | str, ...],
    owner: str,
    source_id: str,
    match: NotFound | Ambiguous | ContextMismatch,
) -> Problem:
    line = located.line(*path, "quote")
    if isinstance(match, NotFound):
        return Problem(
            located.path,
            line,
            f"{owner}: quote not found in source '{source_id}'",
            f'closest passage: "{match.closest}"',
        )
    if isinstance(match, Ambiguous):
        before = "; ".join(f'"…{context}"' for context in match.contexts)
        return Problem(
            located.path,
            line,
            f"{owner}: quote occurs {match.count} times in source '{source_id}'",
            f"add `prefix:` (text right before it) or `suffix:` to pick one; the text before each: {before}",
        )
    return Problem(
        located.path,
        line,
        f"{owner}: quote is in source '{source_id}', but not with the given prefix/suffix",
        f'the text around it reads: prefix "…{match.actual_prefix}", suffix "{match.actual_suffix}…"',
    )


def _check_asserted_before(
    located: Located[Claim], asserted: When | None, source: Source, path: tuple[int | str, ...]
) -> Iterator[Problem]:
    """A claim cannot have been made after an article that reports it was published."""
    if asserted is None or earliest_day(asserted) <= latest_day(source.published):
        return
    yield Problem(
        located.path,
        located.line("asserted"),
        f"claim '{located.record.id}': asserted {asserted.date}, after source '{source.id}' "
        f"reporting it was published ({source.published.date})",
        "check the date of the assertion or of the source",
    )


def _update_cycles(register: Register) -> Iterator[Problem]:
    """`updates` means "replaces an earlier state", so a chain of updates cannot loop back."""
    updates = {
        c.record.id: [r.claim for r in c.record.relations if r.type is RelationType.updates] for c in register.claims
    }
    reported: set[frozenset[str]] = set()
    for located in register.claims:
        path = _cycle_from(located.record.id, updates)
        if path and frozenset(path) not in reported:
            reported.add(frozenset(path))
            index = next(i for i, r in enumerate(located.record.relations) if r.claim == path[1])
            yield Problem(
                located.path,
                located.line("relations", index, "claim"),
                f"claim '{located.record.id}': updates form a cycle: {' -> '.join(path)}",
                "a claim can only update an earlier one; use supports or contradicts for the other direction",
            )


def _cycle_from(start: str, updates: dict[str, list[str]]) -> list[str]:
    """The first path of updates that leads from `start` back to it, or []."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while stack:
        node, path = stack.pop()
        for target in updates.get(node, []):
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return []


def _check_briefings(register: Register, known: dict[str, set[str]]) -> Iterator[Problem]:
    topics_of = {c.record.id: set(c.record.topics) for c in register.claims}
    for located in register.briefings:
        briefing = located.record
        owner = f"briefing '{briefing.id}'"
        seen: set[str] = set()
        for i, ident in enumerate(briefing.claims):
            if ident in seen:
                yield Problem(
                    located.path,
                    located.line("claims", i),
                    f"{owner}: claim '{ident}' listed twice",
                    "list each claim once",
                )
            seen.add(ident)
            yield from _reference(located, "claims", ident, ("claims", i), known, owner)
            if ident in topics_of and briefing.id not in topics_of[ident]:
                yield Problem(
                    located.path,
                    located.line("claims", i),
                    f"{owner}: presents claim '{ident}', whose topics do not include '{briefing.id}'",
                    f"add '{briefing.id}' to the claim's topics, or remove it from this briefing",
                )
    presented = {b.record.id: set(b.record.claims) for b in register.briefings}
    for claim in register.claims:
        for i, topic in enumerate(claim.record.topics):
            if topic in presented and claim.record.id not in presented[topic]:
                yield Problem(
                    claim.path,
                    claim.line("topics", i),
                    f"claim '{claim.record.id}': topic '{topic}' does not present this claim",
                    f"add '{claim.record.id}' to briefing '{topic}' claims, or remove the topic",
                )


# Estimative and confidence words belong in a judgment's fields, not in its statement,
# so every judgment reads in the fixed terms of ICD 203 and never mixes the two scales.
_LIKELIHOOD_WORDS = re.compile(
    r"\b(wahrscheinlich\w*|unwahrscheinlich\w*|vermutlich|möglicherweise|sicher(lich)?|gewiss|ausgeschlossen|"
    r"likely|unlikely|probabl[ey]|possibl[ey]|almost certain(ly)?|certain(ly)?|chance)\b",
    re.IGNORECASE,
)
_CONFIDENCE_WORDS = re.compile(r"\b(zuversicht\w*|vertrauen|konfidenz|confiden(ce|t))\b", re.IGNORECASE)
_JUDGMENT_HINT = (
    "state the judgment plainly; say how likely in `likelihood:` (an ICD 203 term) and how well founded "
    "in `confidence:` (low, moderate, high)"
)


def _check_judgments(located: Located[Overview], known: dict[str, set[str]]) -> Iterator[Problem]:
    for j, judgment in enumerate(located.record.key_judgments):
        owner = f"key judgment '{judgment.id}'"
        line = located.line("key_judgments", j, "statement")
        likelihood = _LIKELIHOOD_WORDS.search(judgment.statement)
        confidence = _CONFIDENCE_WORDS.search(judgment.statement)
        if likelihood and confidence:
            message = (
                f'{owner}: mixes a confidence level ("{confidence.group(0)}") '
                f'with a likelihood ("{likelihood.group(0)}") in the statement'
            )
            yield Problem(located.path, line, message, _JUDGMENT_HINT)
        elif likelihood or confidence:
            word = (likelihood or confidence).group(0)  # type: ignore[union-attr]
            yield Problem(located.path, line, f'{owner}: estimative word "{word}" in the statement', _JUDGMENT_HINT)
        for i, ident in enumerate(judgment.claims):
            yield from _reference(located, "claims", ident, ("key_judgments", j, "claims", i), known, owner)


def _check_overview(
    located: Located[Overview], known: dict[str, set[str]], claims: dict[str, Claim]
) -> Iterator[Problem]:
    yield from _check_judgments(located, known)
    yield from _check_editions(located)
    for i, ident in enumerate(located.record.key_figures):
        yield from _reference(located, "claims", ident, ("key_figures", i), known, "overview")
        claim = claims.get(ident)
        if claim is not None and not claim.quantities:
            yield Problem(
                located.path,
                located.line("key_figures", i),
                f"overview: key figure claim '{ident}' has no quantities",
                "list claims that carry a figure",
            )


def _check_editions(located: Located[Overview]) -> Iterator[Problem]:
    """Editions follow each other: each one ends on a later day than the one before."""
    editions = located.record.editions
    for i in range(1, len(editions)):
        if editions[i].date <= editions[i - 1].date:
            yield Problem(
                located.path,
                located.line("editions", i, "date"),
                f"edition '{editions[i].label}' ({editions[i].date}) does not come after "
                f"edition '{editions[i - 1].label}' ({editions[i - 1].date})",
                "list editions oldest first, one per day at most",
            )
