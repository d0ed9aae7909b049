"""Dates written in an article's text, found with their precision.

Month and weekday names come from Babel's locale data, so every language Babel
knows is read the same way: "12. August 2025", "14 August 2025", "August 14, 2025",
"12.08.2025" and "2025-08-12" are days; "August 2025" is a month.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel.dates import get_day_names, get_month_names


@dataclass(frozen=True)
class FoundDate:
    """A date in the text, as the register writes it (YYYY-MM-DD or YYYY-MM)."""

    value: str
    start: int
    end: int


@functools.cache
def _months(language: str) -> dict[str, int]:
    names: dict[str, int] = {}
    for width in ("wide", "abbreviated"):
        for number, name in get_month_names(width, locale=language).items():
            names[name.lower().rstrip(".")] = number
    return names


@functools.cache
def weekdays(language: str) -> frozenset[str]:
    """The weekday names of a language, lower-case."""
    return frozenset(name.lower() for name in get_day_names("wide", locale=language).values())


@functools.cache
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    month = "|".join(sorted((re.escape(name) for name in _months(language)), key=len, reverse=True))
    day, year = r"(?P<day>[0-3]?\d)", r"(?P<year>(?:1[89]|2[01])\d\d)"
    return (
        re.compile(rf"\b(?P<iso>{year}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d))\b"),
        re.compile(rf"\b(?P<dd>[0-3]?\d)\.(?P<mm>[01]?\d)\.{year}\b"),
        re.compile(rf"\b{day}\.? (?P<month>{month})\.? {year}\b", re.IGNORECASE),
        re.compile(rf"\b(?P<month>{month})\.? {day}(?:st|nd|rd|th)?,? {year}\b", re.IGNORECASE),
        re.compile(rf"\b(?P<month>{month}) {year}\b", re.IGNORECASE),
    )


def find_dates(text: str, language: str) -> list[FoundDate]:
    """Every date in `text`, in text order; a day is preferred where a month overlaps it."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns(language):
        for match in pattern.finditer(text):
            if any(match.start() < end and match.end() > start for start, end in taken):
                continue
            value = _value(match, language)
            if value is not None:
                found.append(FoundDate(value, match.start(), match.end()))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda date: date.start)


def _value(match: re.Match[str], language: str) -> str | None:
    groups = match.groupdict()
    year = int(groups["year"]) if groups.get("year") else int(groups["iso"][:4])
    month = _months(language)[groups["month"].lower().rstrip(".")] if groups.get("month") else int(groups["mm"])
    day_text = groups.get("day") or groups.get("dd")
    if not 1 <= month <= 12:
        return None
    if day_text is None:
        return f"{year:04d}-{month:02d}"
    day = int(day_text)
    if not 1 <= day <= 31:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"
