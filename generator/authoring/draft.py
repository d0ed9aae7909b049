"""`briefing draft SOURCE`: claim skeletons for the sentences of a source that no claim cites yet.

The sentences most likely to carry a claim come first: reported speech ("laut",
"sagte", "zufolge", "according to", "said" …), then figures, dates and named
entities. Each skeleton is a register entry with the verbatim quote, the source,
a claimant suggested from the entities the register knows, the figures read
from the text, and TODO where a person must decide (the statement, the
credibility, and what a figure counts). The output is a register file: save it
under seeds/register/, keep the skeletons worth keeping, write every TODO, and
`briefing check` accepts it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.authoring.dates import find_dates, weekdays
from generator.authoring.figures import Figure, figures
from generator.authoring.quote import citation_for
from generator.authoring.register_text import scalar
from generator.authoring.slugs import slug, unique
from generator.authoring.source_text import SourceText, load_source
from generator.coverage import sentences
from generator.register.load import TODO
from generator.register.models import Entity, EntityType
from generator.register.quotes import Found, locate, normalize_text
from generator.settings import Settings

_SPEECH = re.compile(
    r"\b(?:laut|zufolge|sagte|sagten|sagt|erklärte|erklärten|erklärt|betonte|berichtete|berichtet|teilte|teilten"
    r"|kündigte|warnte|forderte|bestätigte|dementierte|wies|meldete|meldet|nach\s+Angaben|nach\s+Ansicht"
    r"|according\s+to|said|says|told|stated|announced|warned|claimed|reported|confirmed|denied|added)\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"[„“”\"»«‚‘’]\s*[^\W\d_]")
# After normalization every double quotation mark is ", so a quotation is the text between two of them.
_QUOTATION = re.compile(r'"[^"]*"')
_NAME = re.compile(r"(?<!^)(?<![.!?:] )\b[A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ][\w'’-]+)+")
_UNITS_OF_FIGURES = {"million", "millionen", "milliarden", "billion", "prozent", "percent"}
MIN_WORDS = 4
"""Shorter lines are headings or captions, not claims."""


@dataclass(frozen=True)
class Passage:
    """An uncited sentence and what makes it likely to carry a claim."""

    start: int
    end: int
    text: str
    speech: bool
    figures: list[Figure]
    dated: bool
    mentioned: list[tuple[int, Entity]]
    """Known entities named in the sentence, with their position."""

    @property
    def weight(self) -> int:
        """Reported speech first, then figures, dates and named entities."""
        named = min(len(self.mentioned), 2)
        return 8 * self.speech + 4 * bool(self.figures) + 2 * self.dated + named


def draft(settings: Settings, ident: str) -> str:
    """The skeletons for source `ident`, as the text of a register file."""
    loaded = load_source(settings, ident)
    passages = sorted(_uncited(loaded), key=lambda p: (-p.weight, p.start))
    taken = {c.record.id for c in loaded.register.claims} | loaded.register.rejected_ids.get("claims", set())
    source = loaded.source.record
    lines = [
        f"# Claim skeletons for source '{ident}': {len(passages)} sentences no claim cites, most telling first.",
        "# Keep the ones that carry a claim, write every TODO, list each claim in a briefing, run briefing check.",
        "claims:" if passages else "claims: []",
    ]
    for passage in passages:
        claim_id = unique(_claim_id(passage, source.id), taken)
        taken.add(claim_id)
        lines.append("")
        lines.extend(f"  {line}" for line in _skeleton(passage, claim_id, loaded))
    return "\n".join(lines) + "\n"


def _uncited(loaded: SourceText) -> Iterator[Passage]:
    article, source = loaded.article, loaded.source.record
    cited = []
    for claim in loaded.register.claims:
        for citation in claim.record.citations:
            if citation.source == source.id:
                match = locate(article.normalized, citation.quote, citation.prefix, citation.suffix)
                if isinstance(match, Found):
                    cited.append((match.start, match.end))
    explained = {normalize_text(line.text) for line in source.uncited}
    entities = [located.record for located in loaded.register.entities]
    for paragraph in article.paragraphs:
        text = article.text[paragraph.start : paragraph.end]
        if normalize_text(text) in explained:
            continue
        for start, end in sentences(text, paragraph.start):
            start, end = _trimmed(article.text, start, end)
            sentence = article.text[start:end]
            if _words_besides_dates(sentence, source.language) < MIN_WORDS or any(
                a < end and start < b for a, b in cited
            ):
                continue
            yield Passage(
                start,
                end,
                sentence,
                speech=bool(_SPEECH.search(sentence)),
                figures=figures(sentence, source.language),
                dated=_dated(sentence, source.language),
                mentioned=_mentioned(sentence, entities),
            )


def _words_besides_dates(sentence: str, language: str) -> int:
    """Words left when the dates are taken out: a dateline ("Lennestadt, 12. August 2025") has one."""
    for date in reversed(find_dates(sentence, language)):
        sentence = sentence[: date.start] + sentence[date.end :]
    return len(sentence.split())


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _dated(sentence: str, language: str) -> bool:
    words = {word.lower() for word in re.findall(r"\w+", sentence)}
    return bool(find_dates(sentence, language)) or bool(words & weekdays(language))


def _mentioned(sentence: str, entities: list[Entity]) -> list[tuple[int, Entity]]:
    """Each known entity the sentence names (by name or a listed spelling), at its first mention."""
    text = normalize_text(sentence)
    found = []
    for entity in entities:
        spellings = {entity.name, *(alias.name for alias in entity.aliases)}
        positions = [match.start() for name in spellings for match in _name_pattern(name).finditer(text)]
        if positions:
            found.append((min(positions), entity))
    return sorted(found, key=lambda item: item[0])


INFLECTION = 3
"""Letters a word of a name may gain or lose at its end and still be that word (Deutscher / Deutschem / Deutschen)."""


@functools.cache
def _name_pattern(name: str) -> re.Pattern[str]:
    """A name as written, or inflected: each word of five letters or more may change its last letters."""
    words = []
    for word in normalize_text(name).split(" "):
        if len(word) >= 5 and word.isalpha():
            words.append(re.escape(word[:-2]) + rf"\w{{0,{INFLECTION}}}")
        else:
            words.append(re.escape(word))
    return re.compile(rf"(?<!\w){' '.join(words)}(?!\w)")


def _claimant(passage: Passage) -> Entity | None:
    """The person or organisation named nearest the reported-speech word, if the register knows one."""
    if not passage.speech:
        return None
    text = normalize_text(passage.text)
    quoted = [match.span() for match in _QUOTATION.finditer(text)]
    speakers = [
        (at, entity)
        for at, entity in passage.mentioned
        if entity.type in {EntityType.person, EntityType.organisation}
        and not any(start <= at < end for start, end in quoted)  # named in the quote, not speaking
    ]
    marker = _SPEECH.search(text)
    if not speakers or marker is None:
        return None
    return min(speakers, key=lambda item: abs(item[0] - marker.start()))[1]


NEAR = 30
"""Characters between a reported-speech word and a name for the name to count as the speaker's."""


def _names_at_speech(text: str) -> list[str]:
    """Capitalised names right after "laut", "according to" … or right before "said", "sagte" …

    Outside quotations only: a name inside the quoted words is not the speaker.
    """
    outside = _QUOTATION.sub(lambda match: " " * len(match.group(0)), text)
    markers = [match.span() for match in _SPEECH.finditer(outside)]
    return [
        name.group(0)
        for name in _NAME.finditer(outside)
        if any(0 <= name.start() - end <= NEAR or 0 <= start - name.end() <= NEAR for start, end in markers)
    ]


def _claim_id(passage: Passage, source_id: str) -> str:
    claimant = _claimant(passage)
    head = claimant.id if claimant else source_id.split("-", 1)[0]
    figure = f"{passage.figures[0].value.normalize():f}" if passage.figures else ""
    # The words that say what the claim is about: without the names, the speech words and the figures' units.
    text = _SPEECH.sub(" ", normalize_text(passage.text))
    for _, entity in passage.mentioned:
        text = _name_pattern(entity.name).sub(" ", text)
    words = [word for word in re.findall(r"[^\W\d_]{5,}", text) if word.lower() not in _UNITS_OF_FIGURES]
    return slug(" ".join([head, figure, *words[:3]]), 60)


def _skeleton(passage: Passage, claim_id: str, loaded: SourceText) -> Iterator[str]:
    """The lines of one claim, as a list item at column 0."""
    source = loaded.source.record
    claimant = _claimant(passage)
    yield f"- id: {claim_id}"
    yield f"  statement: {TODO}  # the claim in your words"
    if claimant is not None:
        yield f"  claimant: {claimant.id}"
    elif passage.speech:
        names = _names_at_speech(normalize_text(passage.text))
        hint = f" named in the passage: {', '.join(dict.fromkeys(names))}" if names else ""
        yield f"  claimant: {TODO}  # an entity id;{hint or ' who is speaking?'}"
    yield f"  asserted: {source.published.date}  # the article's date; earlier if the text says when it was said"
    yield "  citations:"
    citation = citation_for(source.id, loaded.article, passage.start, passage.end)
    yield f"    - source: {scalar(citation['source'])}"
    yield f"      quote: {scalar(citation['quote'])}"
    for key in ("prefix", "suffix"):
        if key in citation:
            yield f"      {key}: {scalar(citation[key])}"
    yield f"      form: {'direct' if _QUOTED.search(passage.text) else 'paraphrase'}"
    yield "  status: reported"
    yield f"  credibility: {TODO}  # 1 confirmed … 5 improbable, 6 cannot be judged"
    others = [e.id for _, e in passage.mentioned if claimant is None or e.id != claimant.id]
    if others:
        yield f"  entities: [{', '.join(dict.fromkeys(others))}]"
    if passage.figures:
        yield "  quantities:"
        for figure in passage.figures:
            yield from _quantity(figure)


def _quantity(figure: Figure) -> Iterator[str]:
    value = figure.value.normalize()
    yield f"    - value: {int(value) if value == value.to_integral_value() else float(value)}"
    yield f"      exactness: {figure.exactness}"
    yield f"      wording: {scalar(figure.wording)}"
    yield f"      unit: {scalar(figure.unit) if figure.unit else TODO}"
    yield f"      counts: {TODO}  # what is counted"
    yield f"      scope: {TODO}  # where, or in which state"
