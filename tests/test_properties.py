"""Property-based tests: quote matching and escaping hold for any text, not just the examples."""

from __future__ import annotations

import html
import posixpath
import re

import markdown
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.pages.layout import relative_path
from generator.pages.markdown_text import inline
from generator.register.quotes import Ambiguous, ContextMismatch, Found, NotFound, locate, normalize, normalize_text

# Article-like text: letters, umlauts, digits, punctuation, every kind of quote, dash and space.
ALPHABET = st.sampled_from(
    list("abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ0123456789 .,;:!?()-")
    + list("„“”‚‘’«»\"'–—…\u00ad\u00a0\n\t")
)
TEXT = st.text(ALPHABET, min_size=1, max_size=300)
MARKDOWN_EXTENSIONS = ["abbr", "attr_list", "footnotes", "md_in_html", "tables", "toc"]


@given(TEXT, st.data())
# No deadline: on a shared machine a 4-character example once took 336 ms; speed is the benchmark's business.
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_a_quote_cut_from_the_source_is_always_found(text: str, data: st.DataObject) -> None:
    source = normalize(text)
    assume(source.text.strip())
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    assume(normalize_text(quote))
    match = locate(source, quote)
    # Found, or found several times and reported as such: never "not found".
    assert isinstance(match, Found | Ambiguous), match
    if isinstance(match, Found):
        located = normalize_text(source_text(text)[match.start : match.end])
        assert located == normalize_text(quote)


def source_text(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFC", text)


@given(TEXT, st.data())
@settings(max_examples=300)
def test_a_changed_letter_is_always_reported(text: str, data: st.DataObject) -> None:
    source = normalize(text)
    letters = [i for i, char in enumerate(text) if char.isalnum()]
    assume(letters)
    index = data.draw(st.sampled_from(letters))
    start = max(0, index - data.draw(st.integers(0, 20)))
    end = min(len(text), index + 1 + data.draw(st.integers(0, 20)))
    replacement = "#"  # never in the alphabet, so the changed quote cannot occur anywhere
    quote = text[start:index] + replacement + text[index + 1 : end]
    match = locate(source, quote)
    assert isinstance(match, NotFound), match


@given(st.text(max_size=200))
@settings(max_examples=400)
def test_no_text_becomes_markup(text: str) -> None:
    escaped = inline(text)
    rendered = markdown.markdown(escaped, extensions=MARKDOWN_EXTENSIONS)
    # Whatever the input, the output is one paragraph of text (or nothing) with no element inside.
    body = rendered.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in body.replace("&lt;", "")
    expected = " ".join(re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", "\ufffd", text).split())
    assert html.unescape(body) == expected


@given(TEXT, TEXT)
def test_prefix_and_suffix_never_pick_a_wrong_occurrence(before: str, quote: str) -> None:
    text = f"{before} {quote} Mitte {quote} Ende"
    source = normalize(text)
    assume(normalize_text(quote) and "Mitte" not in quote and "Ende" not in quote)
    match = locate(source, quote, suffix="Ende")
    if isinstance(match, Found):
        assert normalize_text(source_text(text)[match.end :]).startswith("Ende")
    else:
        assert isinstance(match, Ambiguous | ContextMismatch)


PATH_PARTS = st.lists(st.sampled_from(["briefing", "topics", "sources", "a", "b.md", "index.md"]), max_size=4)


@given(PATH_PARTS, PATH_PARTS)
def test_relative_links_agree_with_the_standard_library(target: list[str], folder: list[str]) -> None:
    to_path, from_folder = "/".join(target), "/".join(folder)
    assert relative_path(to_path, from_folder) == posixpath.relpath(to_path or ".", from_folder or ".")
