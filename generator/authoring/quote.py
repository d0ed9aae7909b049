"""`briefing quote SOURCE "words"`: the exact passage, ready to paste under a claim's `citations`.

The words are looked up as `briefing check` looks up a quote (after the same
normalization), then without regard to case. Found, the passage is printed as
the article has it; found more than once, each occurrence is printed with the
shortest `prefix` (or `suffix`) that tells it apart. Not found, the closest
passages are printed instead, each as a citation to paste once it is the right one.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import yaml

from generator.authoring.source_text import load_source
from generator.coverage import sentences
from generator.register.articles import Article
from generator.register.quotes import Found, NormalizedText, locate, normalize_text
from generator.settings import Settings

CLOSEST = 3
"""How many passages to offer when the words are not in the source."""
MIN_SIMILARITY = 0.4
"""A passage less like the words than this is no help."""


@dataclass(frozen=True)
class Quoted:
    """What `briefing quote` prints, and whether the words were found."""

    exact: bool
    text: str


def quote(settings: Settings, ident: str, words: str) -> Quoted:
    """The citation item(s) for `words` in source `ident`, or the closest passages."""
    article = load_source(settings, ident).article
    needle = normalize_text(words)
    if not needle:
        return Quoted(False, "# give the words to look for")
    hits = _hits(article, needle)
    if hits:
        items = [_citation(ident, article, start, len(needle), hits) for start in hits]
        head = f"# {len(hits)} occurrences in source '{ident}', each told apart by its context\n"
        head = head if len(hits) > 1 else ""
        return Quoted(True, head + "".join(_dump(item) for item in items).rstrip("\n"))
    closest = closest_passages(article, needle)
    if not closest:
        return Quoted(False, f"# not in source '{ident}', and no passage resembles these words")
    lines = [f"# not in source '{ident}'; the closest passages:"]
    for similarity, passage in closest:
        lines.append(f"# {round(similarity * 100)} % alike")
        lines.append(_dump({"source": ident, "quote": passage}).rstrip("\n"))
    return Quoted(False, "\n".join(lines))


def citation_for(ident: str, article: Article, start: int, end: int) -> dict[str, str]:
    """The citation item for the passage [start, end) of the article's text, with context if it recurs."""
    needle = normalize_text(article.text[start:end])
    hits = _hits(article, needle)
    own = next(hit for hit in hits if article.normalized.origin[hit] >= start)
    return _citation(ident, article, own, len(needle), hits)


def _hits(article: Article, needle: str) -> list[int]:
    """Starts (in the normalized text) of the needle outside boilerplate; exact first, else any case."""
    text = article.normalized.text
    for haystack, wanted in ((text, needle), (text.lower(), needle.lower())):
        if len(haystack) != len(text):
            continue  # lower-casing changed lengths (rare letters): positions would not map back
        hits, start = [], haystack.find(wanted)
        while start >= 0:
            if article.paragraph_at(article.normalized.origin[start]) is not None:
                hits.append(start)
            start = haystack.find(wanted, start + 1)
        if hits:
            return hits
    return []


def _citation(ident: str, article: Article, start: int, length: int, hits: list[int]) -> dict[str, str]:
    """The item for one occurrence, with as much context as it takes to be the only match."""
    source = article.normalized
    passage = _original(article, source, start, start + length)
    item = {"source": ident, "quote": passage}
    if len(hits) == 1:
        return item
    for key, context in _contexts(article, source, start, start + length):
        candidate = {**item, key: context}
        if isinstance(locate(source, passage, candidate.get("prefix"), candidate.get("suffix")), Found):
            return candidate
    return item  # pragma: no cover - two identical paragraphs differ in neither context


def _contexts(article: Article, source: NormalizedText, start: int, end: int) -> list[tuple[str, str]]:
    """Growing prefixes (the words before), then growing suffixes (the words after)."""
    before = source.text[:start].rstrip()
    after_start = end + len(source.text[end:]) - len(source.text[end:].lstrip())
    after = source.text[after_start:]
    found: list[tuple[str, str]] = []
    words = before.split(" ") if before else []
    for count in range(1, min(len(words), 12) + 1):
        first = len(before) - len(" ".join(words[-count:]))
        found.append(("prefix", _original(article, source, first, len(before))))
    words = after.split(" ") if after else []
    for count in range(1, min(len(words), 12) + 1):
        last = after_start + len(" ".join(words[:count]))
        found.append(("suffix", _original(article, source, after_start, last)))
    return found


def _original(article: Article, source: NormalizedText, start: int, end: int) -> str:
    """The article's own characters for a span of the normalized text (typographic quotes kept)."""
    return article.text[source.origin[start] : source.origin[end - 1] + 1]


def closest_passages(article: Article, needle: str) -> list[tuple[float, str]]:
    """Up to CLOSEST passages of the article most like `needle`, with their similarity 0..1.

    Every run of as many words as the needle has (give or take two) in every
    sentence is compared with it, without regard to case; the best run of each
    sentence competes.
    """
    wanted = needle.lower()
    size = len(needle.split(" "))
    scored: list[tuple[float, int, str]] = []
    for paragraph in article.paragraphs:
        text = article.text[paragraph.start : paragraph.end]
        for start, end in sentences(text, 0):
            words = list(re.finditer(r"\S+", text[start:end]))
            best: tuple[float, str] | None = None
            for length in range(max(1, size - 2), size + 3):
                for first in range(max(1, len(words) - length + 1)):
                    run = words[first : first + length]
                    passage = text[start:end][run[0].start() : run[-1].end()]
                    matcher = difflib.SequenceMatcher(None, wanted, normalize_text(passage).lower(), autojunk=False)
                    similarity = matcher.ratio()
                    if best is None or similarity > best[0]:
                        best = (similarity, passage.rstrip(",;:"))
            if best is not None:
                scored.append((best[0], paragraph.start + start, best[1]))
    ranked = sorted(scored, key=lambda item: (-item[0], item[1]))
    return [(similarity, passage) for similarity, _, passage in ranked[:CLOSEST] if similarity >= MIN_SIMILARITY]


def _dump(item: dict[str, str]) -> str:
    """One `citations` item as YAML, keys in the register's order."""
    return yaml.safe_dump([item], allow_unicode=True, sort_keys=False, width=1 << 30)
