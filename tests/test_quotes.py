"""Normalization and quote matching: the rules written in generator/register/quotes.py."""

from __future__ import annotations

import unicodedata

import pytest

from generator.register.quotes import Ambiguous, ContextMismatch, Found, NotFound, locate, normalize, normalize_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("„Russland wird gewinnen“", '"Russland wird gewinnen"'),
        ("«Zitat» und ‹innen›", "\"Zitat\" und 'innen'"),
        ("Kim Jong‑un – Putin — Lawrow", "Kim Jong-un - Putin - Lawrow"),
        ("Trup\u00adpen", "Truppen"),
        ("zwei\u200bteile", "zweiteile"),
        ("a \t\n\u00a0 b", "a b"),
        ("  vorne und hinten \n", "vorne und hinten"),
        ("Warten…", "Warten..."),
        ("’s", "'s"),
    ],
)
def test_normalization_rules(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_nfc_makes_composed_and_decomposed_umlauts_equal() -> None:
    decomposed = unicodedata.normalize("NFD", "Pjöngjang")
    assert decomposed != "Pjöngjang"
    assert normalize_text(decomposed) == normalize_text("Pjöngjang")


def test_origin_maps_every_character_back_to_the_text() -> None:
    text = "„Ein  Zitat“\n–\u00ad Ende…"
    normalized = normalize(text)
    assert len(normalized.origin) == len(normalized.text) + 1
    for index, char in enumerate(normalized.text):
        if char not in ' "-.':
            assert text[normalized.origin[index]] == char


ARTICLE = normalize("Er sagte: „Russland wird diesen Krieg gewinnen.“ Dann sagte er: Russland wird siegen.\n")


def test_found_span_points_at_the_quote_in_the_text() -> None:
    match = locate(ARTICLE, '"Russland wird diesen Krieg gewinnen."')
    assert isinstance(match, Found)
    assert "Er sagte: „Russland wird diesen Krieg gewinnen.“ Dann"[match.start : match.end] == (
        "„Russland wird diesen Krieg gewinnen.“"
    )


def test_whitespace_and_quote_style_are_forgiven() -> None:
    assert isinstance(locate(ARTICLE, "sagte:   «Russland wird\ndiesen Krieg"), Found)


def test_changed_letter_is_not_found_and_the_closest_passage_is_shown() -> None:
    match = locate(ARTICLE, "Russland wird diesen Krieg gewinen")
    assert match == NotFound(closest='"Russland wird diesen Krieg gewinnen."')


def test_case_is_not_forgiven() -> None:
    assert isinstance(locate(ARTICLE, "russland wird siegen"), NotFound)


def test_quote_found_twice_needs_a_prefix_or_suffix() -> None:
    assert locate(ARTICLE, "Russland wird") == Ambiguous(2, ('Er sagte: "', 'gewinnen." Dann sagte er:'))
    first = locate(ARTICLE, "Russland wird", suffix="diesen")
    second = locate(ARTICLE, "Russland wird", prefix="sagte er:")
    assert isinstance(first, Found)
    assert isinstance(second, Found)
    assert first.start < second.start


def test_prefix_that_matches_no_occurrence_is_reported_with_the_real_context() -> None:
    match = locate(ARTICLE, "Russland wird diesen", prefix="Sie meinte:")
    assert match == ContextMismatch(actual_prefix='Er sagte: "', actual_suffix='Krieg gewinnen." Dann sagte')


def test_a_quote_matches_across_bidirectional_marks_and_controls_in_the_article() -> None:
    source = normalize("Er sagte \u202bשלום\u202c und \u200fging\u200e.")
    match = locate(source, "sagte שלום und ging")
    assert isinstance(match, Found)


def test_a_letter_occurring_everywhere_is_pinned_by_its_prefix() -> None:
    text = "e" * 200_000 + " Ende: x"
    match = locate(normalize(text), "x", prefix="Ende:")
    assert match == Found(len(text) - 1, len(text))


def test_the_closest_passage_of_a_long_article_is_where_the_words_line_up() -> None:
    filler = "Die Lage bleibt ruhig und alle warten ab. " * 20_000
    text = filler + "Der Minister sprach von rund 7.000 Soldaten an der Grenze. " + filler
    match = locate(normalize(text), "Der Minister sprach von rund 7.500 Soldaten an der Grenze")
    assert match == NotFound("Der Minister sprach von rund 7.000 Soldaten an der Grenze.")
