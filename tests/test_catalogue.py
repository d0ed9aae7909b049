"""Numbers and dates by Babel, in the site's locale: exact figures, compact forms, every date precision."""

from __future__ import annotations

import datetime

import pytest

from generator.pages.catalogue import UnknownLanguage, load_catalogue
from generator.register.models import When


@pytest.mark.parametrize(
    ("locale", "value", "written"),
    [
        ("de_DE", 12000, "12.000"),
        ("de_DE", 0.5, "0,5"),
        ("de_DE", 1_234_567, "1.234.567"),
        ("de_DE", 10**12, "1.000.000.000.000"),
        ("de_DE", 1.58e9, "1.580.000.000"),
        ("de_DE", 2.1, "2,1"),
        ("en_GB", 12000, "12,000"),
        ("en_GB", 0.5, "0.5"),
        ("en_GB", 1234567.891, "1,234,567.891"),
        ("en_GB", 1e12, "1,000,000,000,000"),
    ],
)
def test_figures_are_written_in_full_and_exactly(locale: str, value: float, written: str) -> None:
    assert load_catalogue(locale[:2], locale).number(value) == written


@pytest.mark.parametrize(
    ("locale", "value", "written"),
    [
        ("de_DE", 1.58e9, "1,6\xa0Mrd."),
        ("de_DE", 1_300_000, "1,3\xa0Mio."),
        ("de_DE", 12000, "12.000"),  # German has no short form for thousands
        ("de_DE", 0.5, "0,5"),
        ("en_GB", 1.58e9, "1.6B"),
        ("en_GB", 12000, "12K"),
        ("en_GB", 950, "950"),
    ],
)
def test_compact_figures_use_the_locale_short_forms(locale: str, value: float, written: str) -> None:
    assert load_catalogue(locale[:2], locale).compact(value) == written


@pytest.mark.parametrize(
    ("locale", "date", "written"),
    [
        ("de_DE", "2024-11-01", "1. November 2024"),
        ("de_DE", "2024-11", "November 2024"),
        ("de_DE", "2024", "2024"),
        ("en_GB", "2024-11-01", "1 November 2024"),
        ("en_GB", "2024-03", "March 2024"),
        ("en_US", "2024-11-01", "November 1, 2024"),
    ],
)
def test_dates_are_written_at_their_precision(locale: str, date: str, written: str) -> None:
    assert load_catalogue(locale[:2], locale).date(When(date=date)) == written


def test_axis_labels_name_the_month_and_the_year_when_asked() -> None:
    de, gb = load_catalogue("de"), load_catalogue("en")
    day = datetime.date(2024, 10, 18)
    assert (de.day(day), de.day(day, year=False)) == ("18. Okt. 2024", "18. Okt.")
    assert (gb.day(day), gb.day(day, year=False)) == ("18 Oct 2024", "18 Oct")
    assert de.month(2024, 3) == "März 2024"
    assert de.month(2024, 3, year_shown=False, short=True) == "Mär"
    assert gb.month(2024, 3, short=True) == "Mar 2024"


def test_percentages_follow_the_locale() -> None:
    assert load_catalogue("de").percent(0.425) == "42\xa0%"
    assert load_catalogue("en").percent(0.425) == "42%"


@pytest.mark.parametrize(
    ("language", "locale", "message"),
    [
        ("en", "xx_YY", "'xx_YY' is not a locale; write it as language_TERRITORY, e.g. en_GB or de_AT"),
        ("de", "en_US", "locale 'en_US' is not of the site's language 'de'"),
    ],
)
def test_a_locale_must_exist_and_fit_the_language(language: str, locale: str, message: str) -> None:
    with pytest.raises(UnknownLanguage) as raised:
        load_catalogue(language, locale)
    assert str(raised.value) == message
