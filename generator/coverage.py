"""Coverage: how much of each article the register cites, and what is left.

A paragraph counts as covered when at least one citation's quote lies in it,
and as explained when the source's `uncited` list gives a reason for leaving
it out. Whatever is neither is work left for the editor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.pages.layout import paragraph_anchor
from generator.register.quotes import normalize_text
from generator.register.validate import Corpus


@dataclass(frozen=True)
class SourceCoverage:
    """Coverage of one source's paragraphs."""

    source_id: str
    paragraphs: int
    cited: int
    explained: int
    open: list[tuple[str, str]]
    """(anchor, text) of each paragraph neither cited nor explained."""
    sentences: int
    """Sentences in paragraphs that are not explained as uncited."""
    open_sentences: list[tuple[str, str]]
    """(anchor of its paragraph, text) of each such sentence no quote touches."""

    @property
    def share(self) -> float:
        """Share of paragraphs that carry at least one citation."""
        return self.cited / self.paragraphs if self.paragraphs else 1.0


# A sentence ends at . ! ? (optionally closed by a quotation mark) after a letter, before a capital.
_SENTENCE_END = re.compile(r"(?<=[^\W\d_][.!?])[“”\"»«]?\s+(?=[„“\"«»(]?[A-ZÄÖÜ])")


def sentences(text: str, offset: int) -> list[tuple[int, int]]:
    """Spans of the sentences of `text`, shifted by `offset`."""
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((offset + start, offset + match.start()))
        start = match.end()
    spans.append((offset + start, offset + len(text)))
    return [(a, b) for a, b in spans if b > a]


def coverage(corpus: Corpus) -> list[SourceCoverage]:
    """Coverage of every source, in register order."""
    cited_paragraphs: dict[str, set[int]] = {ident: set() for ident in corpus.sources}
    quoted: dict[str, list[tuple[int, int]]] = {ident: [] for ident in corpus.sources}
    for (claim_id, index), anchor in corpus.anchors.items():
        source_id = corpus.claims[claim_id].citations[index].source
        quoted[source_id].append((anchor.start, anchor.end))
        for paragraph in corpus.articles[source_id].paragraphs:
            if paragraph.start < anchor.end and anchor.start < paragraph.end:
                cited_paragraphs[source_id].add(paragraph.number)
    result = []
    for ident, source in corpus.sources.items():
        article = corpus.articles[ident]
        reasons = {normalize_text(u.text) for u in source.uncited}
        cited = cited_paragraphs[ident]
        explained = 0
        left: list[tuple[str, str]] = []
        counted = 0
        open_sentences: list[tuple[str, str]] = []
        for paragraph in article.paragraphs:
            text = article.text[paragraph.start : paragraph.end]
            if normalize_text(text) in reasons:
                explained += paragraph.number not in cited
                continue
            if paragraph.number not in cited:
                left.append((paragraph_anchor(paragraph.number), text.strip()))
            for start, end in sentences(text, paragraph.start):
                counted += 1
                if not any(a < end and start < b for a, b in quoted[ident]):
                    open_sentences.append((paragraph_anchor(paragraph.number), article.text[start:end].strip()))
        result.append(
            SourceCoverage(ident, len(article.paragraphs), len(cited), explained, left, counted, open_sentences)
        )
    return result


def report(rows: list[SourceCoverage], *, list_sentences: bool = False, width: int = 100) -> str:
    """The table `briefing coverage` prints, then every paragraph (and sentence) still open."""
    lines = [
        f"{'source':<36} {'paragraphs':>10} {'cited':>6} {'share':>6} {'explained':>9} {'open':>5}"
        f" {'sentences':>9} {'uncited':>7}"
    ]
    for row in rows:
        lines.append(
            f"{row.source_id:<36} {row.paragraphs:>10} {row.cited:>6} {row.share:>6.0%} "
            f"{row.explained:>9} {len(row.open):>5} {row.sentences:>9} {len(row.open_sentences):>7}"
        )
    total = sum(r.paragraphs for r in rows)
    cited = sum(r.cited for r in rows)
    lines.append(f"{'all sources':<36} {total:>10} {cited:>6} {cited / total if total else 1:>6.0%}")
    for row in rows:
        for anchor, text in row.open:
            lines.append(f"uncited paragraph: {row.source_id}#{anchor}: {_cut(text, width)}")
    if list_sentences:
        for row in rows:
            for anchor, text in row.open_sentences:
                lines.append(f"uncited sentence: {row.source_id}#{anchor}: {_cut(text, width)}")
    return "\n".join(lines)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
