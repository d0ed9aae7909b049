"""The texts of claim cards that the search index leaves out of other pages, found by one
pattern built as a prefix tree (generator/site/search_index.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from generator.site.search_index import Section, merged, repeats, without

TEXTS = st.lists(st.text(alphabet="ab.*(„“ ", min_size=1, max_size=6), min_size=1, max_size=12, unique=True)


def _plain(texts: list[str]) -> re.Pattern[str]:
    """The same texts as one plain alternation, longest first (what the tree must match alike)."""
    return re.compile("|".join(re.escape(t) for t in sorted(texts, key=len, reverse=True)))


@given(TEXTS, st.text(alphabet="ab.*(„“ x", max_size=60))
def test_the_prefix_tree_finds_what_a_plain_alternation_finds(texts: list[str], sample: str) -> None:
    pattern = repeats(texts)
    assert pattern is not None
    assert [m.span() for m in pattern.finditer(sample)] == [m.span() for m in _plain(texts).finditer(sample)]


def test_a_block_that_repeats_a_card_is_left_out_and_other_text_stays() -> None:
    pattern = repeats(["Die Brücke bleibt gesperrt.", "Die Brücke", "<code>bruecke-gesperrt</code>"])
    markup = "<p>Die Brücke bleibt gesperrt. (Stadt)</p><p>Anderes.</p><td>x <code>bruecke-gesperrt</code></td>"
    assert without(markup, pattern) == "<p>Anderes.</p><td>x </td>"
    assert without(markup, repeats([])) == markup


def _sections(*locations: str) -> list[Section]:
    return [Section(location, location, "") for location in locations]


def test_a_dirty_rebuild_replaces_the_sections_of_the_pages_it_rendered() -> None:
    """Material writes the sections it kept (here a/ and the old b/), then this build's (b/,
    c/), each page's opened by the page's own: b/'s last run is the new one; a/ is kept from
    before; d/ is gone."""
    kept = {"a/": _sections("a/"), "b/": _sections("b/", "b/#old"), "d/": _sections("d/")}
    written = _sections("a/", "b/", "b/#old", "b/", "b/#new", "c/", "c/#x")
    result = merged(kept, written, rendered={"b/", "c/"}, pages={"a/", "b/", "c/"})
    assert result == {"a/": _sections("a/"), "b/": _sections("b/", "b/#new"), "c/": _sections("c/", "c/#x")}
