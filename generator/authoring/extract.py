"""Extraction: the article text and what is known about it, from a saved page, a PDF or a text file.

Web pages go through trafilatura, which is built to separate an article from
navigation, cookie banners, share buttons and related-article lists, and which
reads the title, site name, author, canonical address and publication date
(through htmldate) from the page's metadata. PDFs go through pypdf's layout
mode, which keeps the blank lines between paragraphs. A text file is stored as
it is; only its metadata is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Literal

from generator.authoring.dates import find_dates
from generator.authoring.language import LANGUAGES, guess_language
from generator.register.articles import UnreadableArticle, decode
from generator.register.problems import BriefingError

Kind = Literal["html", "pdf", "text"]
KINDS: dict[str, Kind] = {".html": "html", ".htm": "html", ".pdf": "pdf", ".txt": "text"}


class ExtractionFailed(BriefingError):
    """The file gave no article text; the message says why and what to do."""


@dataclass(frozen=True)
class Extracted:
    """What extraction found in one file."""

    kind: Kind
    text: str
    """The article text to store (for a text file: the file itself, decoded)."""
    tool: str
    """What extracted the text, for the report."""
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    """YYYY-MM-DD or YYYY-MM: its form is its precision."""
    language: str | None = None
    url: str | None = None
    found_by: dict[str, str] = field(default_factory=dict)
    """For some fields, where the value was read (metadata, text), for the report."""


def extract(path: Path, data: bytes) -> Extracted:
    """Extract the article from the file's bytes; raise ExtractionFailed when there is none."""
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise ExtractionFailed(
            f"{path}: cannot read '{path.suffix or path.name}' files; "
            "give a saved web page (.html), a PDF with a text layer (.pdf) or a text file (.txt)"
        )
    if not data.strip():
        raise ExtractionFailed(f"{path}: the file is empty")
    if kind == "html":
        return _from_html(path, data)
    if kind == "pdf":
        return _from_pdf(path, data)
    return _from_text(path, data)


_SAVED_FROM = re.compile(rb"<!-- saved from url=\(\d+\)(https?://[^\s>]+) -->")
_HTML_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([A-Za-z]{2})\b", re.IGNORECASE)


def _from_html(path: Path, data: bytes) -> Extracted:
    # Imported here: trafilatura takes a moment to load, and only `briefing add` needs it.
    import trafilatura
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        data,
        with_metadata=True,
        favor_precision=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    text = document.text if isinstance(document, Document) else None
    if not isinstance(document, Document) or not text or not text.strip():
        raise ExtractionFailed(
            f"{path}: trafilatura found no article text in the page; save the page again once it has "
            "loaded completely (the whole page, not only its frame), or save the article's text as .txt"
        )
    saved_from = _SAVED_FROM.search(data[:4096])
    lang = _HTML_LANG.search(data[:4096])
    title = document.title or None
    found_by = {"published": "the page's metadata"} if document.date else {}
    language = lang.group(1).decode().lower() if lang else guess_language(text)
    if language:
        found_by["language"] = "the page's lang attribute" if lang else "common words of the text"
    return Extracted(
        kind="html",
        text=_with_title(text, title),
        tool="trafilatura",
        title=title,
        outlet=document.sitename or document.hostname or None,
        author=document.author or None,
        published=document.date or None,
        language=language,
        url=document.url or (saved_from.group(1).decode() if saved_from else None),
        found_by=found_by,
    )


def _with_title(text: str, title: str | None) -> str:
    """The text with the headline as its first line, so a quote from the headline can be cited."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if title and (not lines or lines[0] != title.strip()):
        lines.insert(0, title.strip())
    return "\n\n".join(lines) + "\n"


def _from_pdf(path: Path, data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        if reader.is_encrypted:
            raise ExtractionFailed(f"{path}: the PDF is encrypted; save an unprotected copy and add that")
        pages = [page.extract_text(extraction_mode="layout") for page in reader.pages]
        info = reader.metadata
    except PdfReadError as error:
        raise ExtractionFailed(f"{path}: not a readable PDF ({error})") from None
    text = "\n\n".join(_paragraphs(page) for page in pages if page.strip())
    if not text.strip():
        raise ExtractionFailed(
            f"{path}: the PDF has no text layer (scanned pages?); run text recognition first "
            "(e.g. ocrmypdf) or save the article's text as .txt"
        )
    # pypdf returns its own string type; the register wants plain text.
    title = str(info.title).strip() if info and info.title else None
    author = str(info.author).strip() if info and info.author else None
    return _with_text_metadata(
        Extracted(kind="pdf", text=text + "\n", tool="pypdf", title=title, author=author), "the PDF's text"
    )


def _paragraphs(page: str) -> str:
    """A page of layout text as paragraphs: wrapped lines joined, blank lines kept as breaks.

    A line at least 60 % as long as the longest line of the page is taken to be
    wrapped and continues with the next; a shorter one ends its paragraph (a
    heading, the last line of a paragraph). A line ending in a hyphen is joined
    without a space: compounds keep their hyphen.
    """
    lines = [" ".join(line.split()) for line in page.splitlines()]
    longest = max((len(line) for line in lines), default=0)
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
            continue
        current = f"{current}{line}" if current.endswith("-") else f"{current} {line}".strip()
        if len(line) < 0.6 * longest:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return "\n\n".join(paragraphs)


def _from_text(path: Path, data: bytes) -> Extracted:
    try:
        text = decode(data)
    except UnreadableArticle as error:
        raise ExtractionFailed(f"{path}:{error.line}: {error.message} ({error.hint})") from None
    return _with_text_metadata(Extracted(kind="text", text=text, tool="none: stored as received"), "the text")


def _with_text_metadata(extracted: Extracted, where: str) -> Extracted:
    """Fill title, language and date from the text itself where the file's metadata has none."""
    lines = [line.strip() for line in extracted.text.splitlines() if line.strip()]
    language = guess_language(extracted.text)
    found_by = {"language": "common words of the text"} if language else {}
    head = "\n".join(lines[:8])
    dates = next((d for code in ([language] if language else LANGUAGES) if (d := find_dates(head, code))), [])
    if dates:
        found_by["published"] = f"the first date in {where}"
    title = extracted.title or _first_heading(lines, language or "en")
    byline = next((match.group(1) for line in lines[:8] if (match := _BYLINE.match(line))), None)
    return Extracted(
        kind=extracted.kind,
        text=extracted.text,
        tool=extracted.tool,
        title=title,
        outlet=extracted.outlet,
        author=extracted.author or byline,
        published=dates[0].value if dates else None,
        language=language,
        url=extracted.url,
        found_by=found_by,
    )


_BYLINE = re.compile(r"^(?:von|by)\s+([^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3})(?:,.*)?$", re.IGNORECASE)


def _first_heading(lines: list[str], language: str) -> str | None:
    """The first line that reads like a headline: a few words, not a sentence, not a date."""
    for line in lines[:6]:
        words = line.split()
        if 3 <= len(words) <= 16 and not line.endswith((".", ":")) and not find_dates(line, language):
            return line
    return None
