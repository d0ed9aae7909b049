"""Finding a claim's quote in its source, exactly, after a written-down normalization.

Normalization (applied to the source and to the quote alike):

1. Unicode NFC, so a precomposed „ä“ equals „a“ + combining diaeresis.
2. Invisible characters are dropped: soft hyphen, zero-width space, word joiner, BOM,
   bidirectional marks and controls.
3. Every double quotation mark („ “ ” ‟ « » ″ ") becomes ", every single one (‚ ‘ ’ ‛ ‹ › ′ `) becomes '.
4. Every dash and hyphen variant (‐ ‑ ‒ – — ― −) becomes -.
5. The ellipsis character … becomes three dots.
6. Every run of white space (spaces, no-break spaces, tabs, line breaks) becomes one space.

Nothing else is forgiven: letters, digits, case and other punctuation must match.
A quote found more than once must be told apart by `prefix` (text right before it)
or `suffix` (text right after it), as in W3C Web Annotation's TextQuoteSelector.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_DROPPED = frozenset(
    "\u00ad\u200b\u200c\u200d\u2060\ufeff"
    # Bidirectional marks and controls: invisible, and refused in the register, so a quote
    # never holds them, while an article in a right-to-left script may.
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
_REPLACED = {
    **dict.fromkeys('„“”‟«»″"', '"'),
    **dict.fromkeys("‚‘’‛‹›′`'", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
}


@dataclass(frozen=True)
class NormalizedText:
    """A text after normalization, with the position in the NFC text of each character."""

    text: str
    """The normalized text."""
    origin: Sequence[int]
    """origin[i] is the index in the NFC text of normalized character i; one extra entry for the end."""


# What normalization treats specially; every other character maps to one character.
# A single space between two ordinary characters is already normal and stays in the bulk
# copy; only other white space, spaces at either end or beside a dropped character are special.
_DROPPED_CLASS = "[" + "".join(sorted(_DROPPED)) + "]"
_SPECIAL = re.compile(rf"(\s{{2,}}|[^\S ]|^ | $| (?={_DROPPED_CLASS})|(?<={_DROPPED_CLASS}) )|({_DROPPED_CLASS})|(…)")
_ONE_TO_ONE = str.maketrans({char: value for char, value in _REPLACED.items() if len(value) == 1})
# str.translate looks up every character; most lines have nothing to translate, and a
# regex search finds that out far faster.
_TRANSLATED = re.compile("[" + re.escape("".join(_REPLACED) + "".join(_DROPPED)) + "]")


def _translate(text: str, table: Mapping[int, str | None]) -> str:
    return text.translate(table) if _TRANSLATED.search(text) else text


def normalize(raw: str) -> NormalizedText:
    """Normalize `raw` (see the module docstring), keeping a map back to NFC positions.

    Runs of ordinary characters are copied in bulk; only white space, dropped
    characters and the ellipsis are handled one by one, so an article is
    normalized in time proportional to its length with a small constant.
    """
    text = unicodedata.normalize("NFC", raw)
    pieces: list[str] = []
    origin = array("l")
    pending_space = -1  # where a run of white space began, until text follows it
    position = 0

    def emit(piece: str, origins: Iterable[int]) -> None:
        nonlocal pending_space
        if pending_space >= 0 and pieces:
            pieces.append(" ")
            origin.append(pending_space)
        pending_space = -1
        pieces.append(piece)
        origin.extend(origins)

    for match in _SPECIAL.finditer(text):
        if match.start() > position:
            emit(_translate(text[position : match.start()], _ONE_TO_ONE), range(position, match.start()))
        if match.group(1) is not None:
            if pending_space < 0:
                pending_space = match.start()
        elif match.group(3) is not None:
            emit("...", (match.start(),) * 3)
        position = match.end()
    if position < len(text):
        emit(_translate(text[position:], _ONE_TO_ONE), range(position, len(text)))
    origin.append(len(text) if pending_space < 0 else pending_space)
    return NormalizedText("".join(pieces), origin)


_TRANSLATION = str.maketrans({**dict.fromkeys(_DROPPED), **_REPLACED})
_WHITESPACE = re.compile(r"\s+")


def normalize_text(raw: str) -> str:
    """Only the normalized text: the same rules as `normalize`, without the position map."""
    text = _translate(unicodedata.normalize("NFC", raw), _TRANSLATION)
    return _WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Found:
    """The quote's place in the NFC text of the source, as a half-open span."""

    start: int
    end: int


@dataclass(frozen=True)
class NotFound:
    """The quote is not in the source; `closest` is the most similar passage."""

    closest: str


@dataclass(frozen=True)
class Ambiguous:
    """The quote (with its prefix/suffix, if any) occurs `count` times."""

    count: int
    contexts: tuple[str, ...]
    """A few words before each occurrence, to help pick a prefix."""


@dataclass(frozen=True)
class ContextMismatch:
    """The quote is there, but no occurrence has the given prefix/suffix around it."""

    actual_prefix: str
    actual_suffix: str


Match = Found | NotFound | Ambiguous | ContextMismatch


def locate(source: NormalizedText, quote: str, prefix: str | None = None, suffix: str | None = None) -> Match:
    """Find the one occurrence of `quote` in `source`, disambiguated by prefix/suffix."""
    needle = normalize_text(quote)
    hits = _occurrences(source.text, needle)
    if not hits:
        return NotFound(closest_passage(source.text, needle))
    want_before = normalize_text(prefix or "")
    want_after = normalize_text(suffix or "")
    # Each occurrence is judged by a window of the prefix's and suffix's length around
    # it (the text is normalized, so one space at most lies between): a quote that occurs
    # 100,000 times costs 100,000 short comparisons, not as many copies of the article.
    chosen = [
        start
        for start in hits
        if _ends_with(source.text, start, want_before) and _starts_with(source.text, start + len(needle), want_after)
    ]
    if not chosen:
        start = hits[0]
        return ContextMismatch(_words_before(source.text, start), _words_after(source.text, start + len(needle)))
    if len(chosen) > 1:
        return Ambiguous(len(chosen), tuple(_words_before(source.text, start) for start in chosen[:3]))
    start = chosen[0]
    return Found(source.origin[start], source.origin[start + len(needle) - 1] + 1)


def _ends_with(text: str, end: int, wanted: str) -> bool:
    """Whether the text before `end`, less one space, ends with `wanted`."""
    if not wanted:
        return True
    if end > 0 and text[end - 1] == " ":
        end -= 1
    return text.startswith(wanted, end - len(wanted), end) if end >= len(wanted) else False


def _starts_with(text: str, start: int, wanted: str) -> bool:
    """Whether the text from `start`, less one space, starts with `wanted`."""
    if not wanted:
        return True
    if start < len(text) and text[start] == " ":
        start += 1
    return text.startswith(wanted, start)


def _occurrences(haystack: str, needle: str) -> list[int]:
    hits = []
    start = haystack.find(needle)
    while start >= 0:
        hits.append(start)
        start = haystack.find(needle, start + 1)
    return hits


def _words_before(text: str, index: int, width: int = 30) -> str:
    """Up to `width` characters before `index`, without a cut-off word at the start."""
    start = max(0, index - width)
    piece = text[start:index]
    if start > 0 and " " in piece:
        piece = piece.split(" ", 1)[1]
    return piece.strip()


def _words_after(text: str, index: int, width: int = 30) -> str:
    """Up to `width` characters after `index`, without a cut-off word at the end."""
    end = min(len(text), index + width)
    piece = text[index:end]
    if end < len(text) and " " in piece:
        piece = piece.rsplit(" ", 1)[0]
    return piece.strip()


CLOSEST_PROBES = 64
"""Word sequences of a missing quote looked up in the article; bounds the hint's cost."""
_PROBE_HITS = 200
"""Occurrences of one probe counted; a probe found more often says little about where the quote is."""


def closest_passage(text: str, needle: str) -> str:
    """The passage of `text` most like `needle`: where most of the needle's word runs line up.

    Only called for a quote that is not found. Runs of three words (then of single
    words) of the needle are looked up in the text, each hit votes for the place the
    needle would start at, and the place with most votes wins; at most
    CLOSEST_PROBES runs with at most _PROBE_HITS hits each, so a 5 MB article takes
    a few scans of its length, whatever the quote.
    """
    if not text or not needle:
        return ""
    words = needle.split(" ")
    start = _best_start(text, needle, words, 3) if len(words) >= 3 else None
    if start is None:
        start = _best_start(text, needle, words, 1)
    if start is None:
        return ""
    start = max(0, start)
    end = min(len(text), start + len(needle))
    # Widen to whole words so the editor sees recognisable text.
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip()


def _best_start(text: str, needle: str, words: list[str], size: int) -> int | None:
    """The needle's likeliest start in `text`, voted by runs of `size` words, or None."""
    probes: list[tuple[str, int]] = []
    offset = 0
    for index in range(len(words) - size + 1):
        run = " ".join(words[index : index + size])
        if len(run) >= 3:
            probes.append((run, offset))
        offset += len(words[index]) + 1
    step = max(1, len(probes) // CLOSEST_PROBES)
    votes: dict[int, int] = {}
    for run, at in probes[::step][:CLOSEST_PROBES]:
        found = text.find(run)
        for _ in range(_PROBE_HITS):
            if found < 0:
                break
            votes[found - at] = votes.get(found - at, 0) + 1
            found = text.find(run, found + 1)
    if not votes:
        return None
    # Nearby starts count together (a word more or less in the article shifts the rest);
    # within the best neighbourhood, the start most runs agree on.
    buckets: dict[int, int] = {}
    for start, count in votes.items():
        buckets[start // 16] = buckets.get(start // 16, 0) + count
    best = max(buckets, key=lambda key: (buckets[key] + buckets.get(key - 1, 0) + buckets.get(key + 1, 0), -key))
    near = [start for start in votes if best - 1 <= start // 16 <= best + 1]
    return max(near, key=lambda start: (votes[start], -start))
