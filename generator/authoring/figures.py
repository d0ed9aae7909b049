"""Figures in an article's sentence, read as the register records them.

Numbers are parsed by Babel in the article's language ("10.000" and "1,5" in
German, "10,000" and "1.5" in English). The words around a number give its
exactness ("rund", "fast", "about" → approximate; "mehr als", "more than" →
at_least; "bis zu", "up to" → at_most); a range ("zwischen 5.000 und 6.000",
"between £40 million and £55 million", "5.000 bis 6.000") gives two figures, at
least the lower and at most the upper bound. Years and the numbers of dates are
not figures.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from babel.core import Locale, UnknownLocaleError
from babel.numbers import NumberFormatError, get_decimal_symbol, get_group_symbol, parse_decimal

from generator.authoring.dates import find_dates

_QUALIFIERS = {
    "approximate": (
        "rund etwa ungefähr circa ca. knapp fast beinahe nahezu annähernd schätzungsweise"
        "|about around approximately roughly nearly almost some an_estimated close_to estimated"
    ),
    "at_least": "mehr_als über mindestens wenigstens|more_than over at_least upwards_of in_excess_of",
    "at_most": "bis_zu höchstens weniger_als maximal|up_to at_most fewer_than less_than no_more_than",
}
_EXACTNESS = {
    word.replace("_", " "): exactness
    for exactness, words in _QUALIFIERS.items()
    for word in words.replace("|", " ").split()
}
_SCALES = {
    "tausend": 1_000, "thousand": 1_000,
    "mio.": 1_000_000, "mio": 1_000_000, "million": 1_000_000, "millionen": 1_000_000, "millions": 1_000_000,
    "mrd.": 1_000_000_000, "mrd": 1_000_000_000, "milliarde": 1_000_000_000, "milliarden": 1_000_000_000,
    "billion": 1_000_000_000, "billions": 1_000_000_000,
}  # fmt: skip
_MANY = {
    "dutzende": 24, "hunderte": 200, "tausende": 2_000, "zehntausende": 20_000, "hunderttausende": 200_000,
    "dozens": 24, "hundreds": 200, "thousands": 2_000, "tens of thousands": 20_000, "hundreds of thousands": 200_000,
}  # fmt: skip
"""Plural number words, read as the most conservative figure they allow (at least twice the unit)."""
_RANGE_START = r"(?:zwischen|between|von|from)"
_RANGE_JOIN = r"(?:\s*[–—-]\s*|\s+(?:und|and|bis|to)\s+)"
_CURRENCY = r"[£$€¥]"
_UNIT_WORD = re.compile(r"\s*(%|per cent|[^\W\d_][\w-]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    """One figure of a sentence, as a register `quantities` item would hold it."""

    value: Decimal
    exactness: str
    wording: str
    """The words of the text that give the figure."""
    unit: str | None
    """The word after the number (or the currency sign before it), when there is one."""


@functools.cache
def _number_pattern(language: str) -> re.Pattern[str]:
    locale = _locale(language)
    group, decimal = re.escape(get_group_symbol(locale)), re.escape(get_decimal_symbol(locale))
    number = rf"\d{{1,3}}(?:{group}\d{{3}})+(?:{decimal}\d+)?|\d+(?:{decimal}\d+)?"
    scale = "|".join(re.escape(word) for word in sorted(_SCALES, key=len, reverse=True))
    one = rf"{_CURRENCY}?(?:{number})(?:\s*(?:{scale})(?!\w))?"
    qualifier = "|".join(re.escape(word) for word in sorted(_EXACTNESS, key=len, reverse=True))
    many = "|".join(re.escape(word) for word in sorted(_MANY, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w.,])(?:(?P<qualifier>{qualifier})\s+)?"
        rf"(?:(?P<range>{_RANGE_START})\s+)?(?P<first>{one})(?:(?P<join>{_RANGE_JOIN})(?P<second>{one}))?(?![\w])"
        rf"|(?<!\w)(?P<many>{many})(?!\w)",
        re.IGNORECASE,
    )


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def figures(sentence: str, language: str) -> list[Figure]:
    """The figures of `sentence`, in text order."""
    dates = [(d.start, d.end) for d in find_dates(sentence, language)]
    found: list[Figure] = []
    for match in _number_pattern(language).finditer(sentence):
        if any(match.start() < end and match.end() > start for start, end in dates):
            continue
        after = _UNIT_WORD.match(sentence, match.end())
        word = after.group(1) if after else None
        if match.group("many"):
            value = Decimal(_MANY[match.group("many").lower()])
            found.append(Figure(value, "at_least", match.group(0), word))
            continue
        first, second = _value(match.group("first"), language), _value(match.group("second"), language)
        if first is None or (second is None and match.group("second")) or _is_year(match, first):
            continue
        unit = _currency(match.group("first")) or _currency(match.group("second") or "") or word
        wording = match.group(0)
        if second is not None and _is_range(match):
            found.append(Figure(first, "at_least", wording, unit))
            found.append(Figure(second, "at_most", wording, unit))
            continue
        exactness = _EXACTNESS.get((match.group("qualifier") or "").lower(), "exact")
        if second is not None:  # "3 and 4": two figures, each as written
            start = match.start("second") - match.start()
            found.append(Figure(first, exactness, wording[: match.end("first") - match.start()], unit))
            found.append(Figure(second, "exact", wording[start:], unit))
            continue
        found.append(Figure(first, exactness, wording, unit))
    return found


def _value(text: str | None, language: str) -> Decimal | None:
    if not text:
        return None
    number = re.search(r"\d[\d.,]*", text)
    if number is None:
        return None
    try:
        value = parse_decimal(number.group(0).rstrip(".,"), locale=_locale(language), strict=True)
    except NumberFormatError:
        return None
    scale = text[number.end() :].strip().lower()
    return value * _SCALES.get(scale, 1)


def _currency(text: str) -> str | None:
    match = re.match(_CURRENCY, text)
    return match.group(0) if match else None


def _is_range(match: re.Match[str]) -> bool:
    """A dash, "bis" or "to" always joins a range; "und" and "and" only after "zwischen", "between"."""
    return bool(match.group("range")) or match.group("join").strip().lower() not in {"und", "and"}


def _is_year(match: re.Match[str], value: Decimal) -> bool:
    """A bare four-digit number from 1800 to 2100 with no qualifier is a year, not a figure."""
    plain = re.fullmatch(r"\d{4}", match.group("first") or "")
    return bool(plain) and 1800 <= value <= 2100 and not match.group("qualifier") and not match.group("second")
