"""The catalogue: every word the generator writes on a page, per language.

Templates never hold prose of their own; they look words up here by key
(`t("status.denied")`). Numbers and dates are formatted by Babel from the site's
locale (CLDR data): digit grouping, decimal marks, month names and date patterns
are the locale's, never spelt out by hand.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.numbers import (
    NumberPattern,
    format_compact_currency,
    format_compact_decimal,
    format_decimal,
    format_percent,
)

from generator.register.models import When

LANGUAGES = ("de", "en")
"""Languages with a complete catalogue."""

DEFAULT_LOCALES = {"de": "de_DE", "en": "en_GB"}
"""The locale of each language unless `extra.briefing.locale` names another (e.g. en_US)."""

try:  # libyaml reads the catalogue ten times faster than PyYAML's pure-Python loader.
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

LOCALES = Path(__file__).parent / "locales"


class UnknownLanguage(ValueError):
    """The configured language has no catalogue, or the locale does not fit it."""


def parse_locale(language: str, name: str | None) -> Locale:
    """The Babel locale `name` (default: the language's), checked to be of `language`."""
    try:
        locale = Locale.parse(name or DEFAULT_LOCALES[language])
    except (UnknownLocaleError, ValueError, TypeError):
        raise UnknownLanguage(
            f"'{name}' is not a locale; write it as language_TERRITORY, e.g. en_GB or de_AT"
        ) from None
    if locale.language != language:
        raise UnknownLanguage(f"locale '{name}' is not of the site's language '{language}'")
    return locale


@dataclass(frozen=True)
class Catalogue:
    """The words of one language, with numbers and dates in the site's locale."""

    language: str
    entries: dict[str, Any]
    locale: Locale
    """The Babel locale every number and date is formatted in."""

    def __call__(self, key: str, **fields: Any) -> str:
        """The text at a dotted key, with `{name}` fields filled in."""
        value = self.lookup(key)
        if not isinstance(value, str):
            raise KeyError(f"catalogue key '{key}' is not a text")
        return value.format(**fields) if fields else value

    def lookup(self, key: str) -> Any:
        """The raw entry at a dotted key (a text, a list or a mapping)."""
        return self._flat[key]

    @functools.cached_property
    def _flat(self) -> dict[str, Any]:
        """Every entry under its dotted key: pages look words up tens of thousands of times."""
        flat: dict[str, Any] = {}
        pending: list[tuple[str, Any]] = list(self.entries.items())
        while pending:
            key, value = pending.pop()
            flat[key] = value
            if isinstance(value, dict):
                pending.extend((f"{key}.{child}", entry) for child, entry in value.items())
        return flat

    def number(self, value: float) -> str:
        """A figure in full and exact, grouped the locale's way: 12.000 in German, 12,000 in English."""
        return format_decimal(_exact(value), locale=self.locale, decimal_quantization=False)

    def compact(self, value: float, *, digits: int = 1) -> str:
        """A figure in the locale's short compact form (1,6 Mrd., 1.6B), for axes and running text.

        Where the locale has no short form for a magnitude (German thousands) the
        figure is written in full instead, since a bare "12000" reads worse than "12.000".
        """
        short = format_compact_decimal(value, format_type="short", locale=self.locale, fraction_digits=digits)
        if any(char.isalpha() for char in short):
            return short
        return format_decimal(_exact(value), locale=self.locale, decimal_quantization=False)

    def money(self, value: float, currency: str) -> str:
        """An amount in full and exact in its currency (ISO 4217 code): US$5,000,000,000, 5.000.000.000 $.

        The locale's currency pattern, but with the digits the figure has: no cents
        are added to a figure given in billions, none are cut from one given in cents.
        """
        written: str = self._money_pattern.apply(
            _exact(value), self.locale, currency=currency, currency_digits=False, decimal_quantization=False
        )
        return written

    def compact_money(self, value: float, currency: str, *, digits: int = 1) -> str:
        """An amount in the locale's short compact form: US$1.3B in British English, 1,3 Mrd. $ in German."""
        return format_compact_currency(value, currency, locale=self.locale, fraction_digits=digits)

    @functools.cached_property
    def _money_pattern(self) -> NumberPattern:
        pattern: NumberPattern = copy.copy(self.locale.currency_formats["standard"])
        pattern.frac_prec = (0, pattern.frac_prec[1])
        return pattern

    def percent(self, share: float) -> str:
        """A share between 0 and 1 as a percentage: 42 % in German, 42% in English."""
        return format_percent(share, locale=self.locale)

    def percent_range(self, low: float, high: float) -> str:
        """A band of shares with the sign written once, as CLDR collapses ranges: 55–80 % / 55–80%."""
        first, last = self.percent(low), self.percent(high)
        suffix = re.search(r"\D*$", last).group(0)  # type: ignore[union-attr]  # matches every string
        prefix = re.match(r"\D*", first).group(0)  # type: ignore[union-attr]
        if suffix and first.endswith(suffix):
            first = first.removesuffix(suffix)
        elif prefix and last.startswith(prefix):
            last = last.removeprefix(prefix)
        return self("judgment.band", low=first, high=last)

    def date(self, when: When) -> str:
        """A date written as precisely as it is known: 1. November 2024, November 2024, 2024."""
        written = self._dates.get(when.date)
        if written is None:
            written = self._dates[when.date] = self._spell_date(when.date)
        return written

    def day(self, day: datetime.date, *, year: bool = True) -> str:
        """A short day label for axes and tables: 18. Okt. 2024 / 18 Oct 2024, or without the year."""
        return format_skeleton("yMMMd" if year else "MMMd", day, locale=self.locale)

    def month(self, year: int, month: int, *, year_shown: bool = True, short: bool = False) -> str:
        """A month label: Oktober 2024, Okt. 2024, or the month alone (standalone form)."""
        day = datetime.date(year, month, 1)
        if year_shown:
            return format_skeleton("yMMM" if short else "yMMMM", day, locale=self.locale)
        return format_date(day, "LLL" if short else "LLLL", locale=self.locale)

    @functools.cached_property
    def _dates(self) -> dict[str, str]:
        """Dates already spelt: the same few hundred dates recur on every page."""
        return {}

    def _spell_date(self, date: str) -> str:
        parts = [int(part) for part in date.split("-")]
        if len(parts) == 1:
            return format_skeleton("y", datetime.date(parts[0], 1, 1), locale=self.locale)
        if len(parts) == 2:
            return self.month(parts[0], parts[1])
        return format_date(datetime.date(*parts), "long", locale=self.locale)


def _exact(value: float) -> Decimal | int:
    """The figure as written: integral floats as integers, others by their shortest repr (no 0.1 noise)."""
    if isinstance(value, int):
        return value
    if value.is_integer():
        return int(value)
    return Decimal(repr(value))


def load_catalogue(language: str, locale: str | None = None) -> Catalogue:
    """The catalogue of `language` in `locale` (default: the language's own).

    Raises UnknownLanguage for a language without a catalogue or a locale that does not fit it.
    """
    if language not in LANGUAGES:
        raise UnknownLanguage(f"no catalogue for language '{language}'; available: {', '.join(LANGUAGES)}")
    text = (LOCALES / f"{language}.yml").read_text(encoding="utf-8")
    return Catalogue(language, yaml.load(text, Loader=_YamlLoader), parse_locale(language, locale))
