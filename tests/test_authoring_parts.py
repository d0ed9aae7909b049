"""The pieces behind the authoring commands: figures, dates, text fragments, boilerplate, languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.authoring.boilerplate import suggest_boilerplate
from generator.authoring.dates import find_dates
from generator.authoring.figures import figures
from generator.authoring.language import guess_language
from generator.pages.text_fragment import text_fragment_url


def read(sentence: str, language: str) -> list[tuple[Decimal, str, str, str | None]]:
    return [(f.value, f.exactness, f.wording, f.unit) for f in figures(sentence, language)]


@pytest.mark.parametrize(
    ("sentence", "language", "expected"),
    [
        ("Rund 11.000 Soldaten sind entsandt.", "de", [(11000, "approximate", "Rund 11.000", "Soldaten")]),
        ("fast 10.000 Soldaten", "de", [(10000, "approximate", "fast 10.000", "Soldaten")]),
        ("mehr als 3.000 Helfer", "de", [(3000, "at_least", "mehr als 3.000", "Helfer")]),
        ("bis zu 1,5 Millionen Euro", "de", [(1500000, "at_most", "bis zu 1,5 Millionen", "Euro")]),
        (
            "zwischen 5.000 und 6.000 Kubikmeter",
            "de",
            [
                (5000, "at_least", "zwischen 5.000 und 6.000", "Kubikmeter"),
                (6000, "at_most", "zwischen 5.000 und 6.000", "Kubikmeter"),
            ],
        ),
        (
            "5.000–6.000 Mann",
            "de",
            [(5000, "at_least", "5.000–6.000", "Mann"), (6000, "at_most", "5.000–6.000", "Mann")],
        ),
        ("Tausende Menschen", "de", [(2000, "at_least", "Tausende", "Menschen")]),
        ("about 420,000 households", "en", [(420000, "approximate", "about 420,000", "households")]),
        ("nearly 90 million litres", "en", [(90000000, "approximate", "nearly 90 million", "litres")]),
        ("more than 2,300 leaks", "en", [(2300, "at_least", "more than 2,300", "leaks")]),
        ("1.5 million people", "en", [(Decimal("1500000.0"), "exact", "1.5 million", "people")]),
        (
            "between £40 million and £55 million",
            "en",
            [
                (40000000, "at_least", "between £40 million and £55 million", "£"),
                (55000000, "at_most", "between £40 million and £55 million", "£"),
            ],
        ),
        ("31 per cent of its capacity", "en", [(31, "exact", "31", "per cent")]),
        # Years and the numbers of a date are no figures; "3 and 4" are two.
        ("since records began in 1976", "en", []),
        ("am 12. August 2025 und am 03.07.2025", "de", []),
        ("3 and 4 pumps", "en", [(3, "exact", "3", "pumps"), (4, "exact", "4", "pumps")]),
    ],
)
def test_figures_are_read_in_the_article_language(
    sentence: str, language: str, expected: list[tuple[Decimal, str, str, str | None]]
) -> None:
    assert read(sentence, language) == expected


def test_dates_are_found_with_their_precision() -> None:
    assert [d.value for d in find_dates("Lennestadt, 12. August 2025; seit Juli 2024; am 03.07.2025", "de")] == [
        "2025-08-12",
        "2024-07",
        "2025-07-03",
    ]
    assert [d.value for d in find_dates("On 14 August 2025, and on August 2, 2025, since March 2024", "en")] == [
        "2025-08-14",
        "2025-08-02",
        "2024-03",
    ]


def test_text_fragments_encode_the_directive_characters() -> None:
    url = "https://news.example/a?id=1#top"
    assert text_fragment_url(url, "Kosten & Nutzen, grob - geschätzt") == (
        "https://news.example/a?id=1#:~:text=Kosten%20%26%20Nutzen%2C%20grob%20%2D%20gesch%C3%A4tzt"
    )
    assert text_fragment_url(url, "the ban", prefix="Friday,", suffix="said") == (
        "https://news.example/a?id=1#:~:text=Friday%2C-,the%20ban,-said"
    )


def test_a_long_passage_is_named_by_its_first_and_last_words() -> None:
    passage = "one two three four five six seven eight nine ten eleven twelve"
    assert text_fragment_url("https://news.example/a", passage) == (
        "https://news.example/a#:~:text=one%20two%20three%20four,nine%20ten%20eleven%20twelve"
    )


def test_boilerplate_suggestions_are_furniture_only() -> None:
    text = "\n".join(
        [
            "1.11.2024",
            "Titel der Meldung über die Lage",
            "LESEN SIE AUCH",
            "Hitzesommer: Freibäder verlängern die Saison",
            "Der Verband rät, Gärten nur abends zu gießen.",
            "Foto: dpa",
            "Read more",
            "Seite 2 von 3",
        ]
    )
    assert suggest_boilerplate(text, "de") == [
        "1.11.2024",
        "LESEN SIE AUCH",
        "Hitzesommer: Freibäder verlängern die Saison",
        "Foto: dpa",
        "Read more",
        "Seite 2 von 3",
    ]


def test_language_is_guessed_only_when_clear() -> None:
    assert (
        guess_language(
            "Der Verband teilte mit, dass die Talsperre nicht mehr voll ist und sich die Lage auch verschärft."
        )
        == "de"
    )
    assert (
        guess_language(
            "The company said that the reservoir was at its lowest level and that the ban is for the whole region."
        )
        == "en"
    )
    assert guess_language("Lanford Water, Greywell, 2025") is None
