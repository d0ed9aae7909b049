"""Coverage: how much of each article the register cites, and what is left.

Counted by paragraph and by sentence, since many saved articles have no
paragraph breaks at all: one citation would mark a whole one-paragraph article
as covered. A sentence counts as cited when a citation's quote touches it, and
as explained when it lies in a passage the source's `uncited` list gives a
reason for (a whole line, or one or more sentences). Whatever is neither is
work left for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.pages.layout import paragraph_anchor
from generator.register.quotes import normalize_text
from generator.register.validate import Corpus


@dataclass(frozen=True)
class SourceCoverage:
    """Coverage of one source's paragraphs and sentences."""

    source_id: str
    paragraphs: int
    cited: int
    explained: int
    open: list[tuple[str, str]]
    """(anchor, text) of each paragraph neither cited nor explained."""
    sentences: int
    cited_sentences: int
    explained_sentences: int
    open_sentences: list[tuple[str, str]]
    """(anchor of its paragraph, text) of each sentence neither cited nor explained."""

    @property
    def share(self) -> float:
        """Share of paragraphs that carry at least one citation."""
        return self.cited / self.paragraphs if self.paragraphs else 1.0

    @property
    def sentence_share(self) -> float:
        """Share of sentences a citation touches."""
        return self.cited_sentences / self.sentences if self.sentences else 1.0


# A sentence ends at . ! ? (optionally closed by a quotation mark) before a capital, after a letter or a
# four-digit year; a full stop after a shorter number is an ordinal in German ("am 18. Oktober").
_SENTENCE_END = re.compile(r"(?:(?<=[^\W\d_][.!?])|(?<=\d{4}\.)|(?<=\d[!?]))[“”\"»«]?\s+(?=[„“\"«»(]?[A-ZÄÖÜ])")


def sentences(text: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, shifted by `offset`."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((offset + start, offset + match.start()))
        start = match.end()
    spans.append((offset + start, offset + len(text)))
    return [(a, b) for a, b in spans if b > a and text[a - offset : b - offset].strip()]


def coverage(corpus: Corpus) -> list[SourceCoverage]:
    """Coverage of every source, in register order."""
    quoted: dict[str, list[tuple[int, int]]] = {ident: [] for ident in corpus.sources}
    for (claim_id, index), anchor in corpus.anchors.items():
        quoted[corpus.claims[claim_id].citations[index].source].append((anchor.start, anchor.end))
    return [_source_coverage(corpus, ident, quoted[ident]) for ident in corpus.sources]


def _source_coverage(corpus: Corpus, ident: str, quoted: list[tuple[int, int]]) -> SourceCoverage:
    article = corpus.articles[ident]
    reasons = [normalize_text(u.text) for u in corpus.sources[ident].uncited]
    cited = explained = 0
    left: list[tuple[str, str]] = []
    counted = cited_sentences = explained_sentences = 0
    open_sentences: list[tuple[str, str]] = []
    for paragraph in article.paragraphs:
        text = article.text[paragraph.start : paragraph.end]
        anchor = paragraph_anchor(paragraph.number)
        touched = any(a < paragraph.end and paragraph.start < b for a, b in quoted)
        whole = normalize_text(text)
        cited += touched
        if not touched and whole in reasons:
            explained += 1
        elif not touched:
            left.append((anchor, text.strip()))
        for start, end in sentences(text, paragraph.start):
            counted += 1
            sentence = article.text[start:end].strip()
            if any(a < end and start < b for a, b in quoted):
                cited_sentences += 1
            elif any(normalize_text(sentence) in reason for reason in reasons):
                explained_sentences += 1
            else:
                open_sentences.append((anchor, sentence))
    return SourceCoverage(
        ident,
        len(article.paragraphs),
        cited,
        explained,
        left,
        counted,
        cited_sentences,
        explained_sentences,
        open_sentences,
    )


def failed(rows: list[SourceCoverage], *, paragraphs_only: bool = False) -> bool:
    """True while a sentence (with `paragraphs_only`: a paragraph) is neither cited nor explained."""
    return any(row.open if paragraphs_only else row.open_sentences for row in rows)


def report(rows: list[SourceCoverage], *, paragraphs_only: bool = False, width: int = 100) -> str:
    """The table `briefing coverage` prints, then every paragraph (and sentence) still open."""
    lines = [
        f"{'source':<36} {'paragraphs':>10} {'cited':>6} {'share':>6} {'explained':>9} {'open':>5}"
        f" {'sentences':>9} {'cited':>6} {'share':>6} {'explained':>9} {'open':>5}"
    ]
    for row in rows:
        lines.append(
            f"{row.source_id:<36} {row.paragraphs:>10} {row.cited:>6} {row.share:>6.0%} "
            f"{row.explained:>9} {len(row.open):>5} {row.sentences:>9} {row.cited_sentences:>6} "
            f"{row.sentence_share:>6.0%} {row.explained_sentences:>9} {len(row.open_sentences):>5}"
        )
    total, cited = sum(r.paragraphs for r in rows), sum(r.cited for r in rows)
    said, said_cited = sum(r.sentences for r in rows), sum(r.cited_sentences for r in rows)
    lines.append(
        f"{'all sources':<36} {total:>10} {cited:>6} {cited / total if total else 1:>6.0%} {'':>9} {'':>5}"
        f" {said:>9} {said_cited:>6} {said_cited / said if said else 1:>6.0%}"
    )
    listed = set()
    for row in rows:
        for anchor, text in row.open:
            listed.add((row.source_id, anchor))
            lines.append(f"uncited paragraph: {row.source_id}#{anchor}: {_cut(text, width)}")
    if not paragraphs_only:
        for row in rows:
            for anchor, text in row.open_sentences:
                if (row.source_id, anchor) not in listed:
                    lines.append(f"uncited sentence: {row.source_id}#{anchor}: {_cut(text, width)}")
    return "\n".join(line.rstrip() for line in lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
