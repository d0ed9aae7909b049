"""Articles as received: decoding, boilerplate removal and paragraphs.

The raw file is never changed. What the site shows is the file's text in NFC
with the source's boilerplate lines left out; every remaining non-blank line is
a paragraph, numbered from 1, which gives each passage a stable anchor (#p3).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from generator.register.quotes import NormalizedText, normalize, normalize_text

MAX_ARTICLE_BYTES = 5_000_000
"""An article larger than this is refused: no news article is, and a mistaken file could be."""


_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


class UnreadableArticle(Exception):
    """The file cannot be used as an article; the message says why."""

    def __init__(self, line: int, message: str, hint: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


@dataclass(frozen=True)
class Paragraph:
    """One kept line of the article, as a span of the article's NFC text."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class Article:
    """An article ready for quoting and display."""

    text: str
    """The whole file in NFC; quote spans and paragraph spans index into it."""
    normalized: NormalizedText
    """The text normalized for quote matching, with a map back into `text`."""
    paragraphs: tuple[Paragraph, ...]
    """Lines that are not blank and not boilerplate, in order."""
    boilerplate_seen: frozenset[str]
    """Normalized boilerplate lines that occur in the file (the others are errors)."""

    def paragraph_at(self, offset: int) -> Paragraph | None:
        """The paragraph holding the character at `offset`, if it is not boilerplate."""
        index = bisect.bisect_right(self.paragraphs, offset, key=_start) - 1
        if index >= 0 and offset < self.paragraphs[index].end:
            return self.paragraphs[index]
        return None


def _start(paragraph: Paragraph) -> int:
    return paragraph.start


def decode(data: bytes) -> str:
    """The article's text: UTF-8 (a byte-order mark is allowed), with a message for anything else.

    The caller has read at most MAX_ARTICLE_BYTES (files.read_bounded).
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise UnreadableArticle(
            line,
            f"article is not UTF-8: byte 0x{data[error.start]:02x} at offset {error.start}",
            "convert it, e.g. iconv -f latin1 -t utf-8; the stored article must be UTF-8",
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise UnreadableArticle(
            line, "article contains a NUL character", "this looks like a binary file, not an article"
        )
    if not text.strip():
        raise UnreadableArticle(1, "article is empty", "store the article's text, or remove the source")
    return text


def prepare(raw_text: str, boilerplate: list[str]) -> Article:
    """Split the article into paragraphs, leaving out blank and boilerplate lines."""
    text = unicodedata.normalize("NFC", raw_text)
    skip = {normalize_text(line) for line in boilerplate}
    seen: set[str] = set()
    paragraphs: list[Paragraph] = []
    offset = 0
    # Paragraphs end at line breaks only: str.splitlines would also split at U+2028,
    # form feeds and other separators that the quote normalization takes for spaces.
    for line in _LINES.findall(text):
        start, end = offset, offset + len(line.rstrip("\r\n"))
        offset += len(line)
        if not text[start:end].strip():
            continue
        if skip:
            key = normalize_text(text[start:end])
            if key in skip:
                seen.add(key)
                continue
        paragraphs.append(Paragraph(len(paragraphs) + 1, start, end))
    return Article(text, normalize(text), tuple(paragraphs), frozenset(seen))
