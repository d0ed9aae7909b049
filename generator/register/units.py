"""Units of figures: a currency is one unit however it is written, any other unit is free text.

A unit written as an ISO 4217 code (EUR), as one of the currency's names in the
project's language, singular or plural ("euro", "euros"; "US-Dollar"), or as a
symbol only that currency has in the locale (€, US$) is that currency: Babel's
CLDR data decides, and the pages write every amount through Babel. So `EUR` and
`euros` are merged into one unit; there is nothing to refuse, because neither
spelling ever reaches the page.

Free-text units ("deaths", "km²") are shown as written. Two of them that differ
only in case, spacing, punctuation or compatibility forms ("km2", "km²") are
refused: no data says which spelling is right, so the editor picks one, and the
message names the spelling the project uses most. A magnitude before a currency
("million euros") is refused too: the value is written in full, so the figure
joins the currency's other figures.
"""

from __future__ import annotations

import functools
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from babel import Locale
from babel.numbers import get_currency_name, list_currencies

from generator.register.load import Located
from generator.register.models import Claim
from generator.register.problems import Problem

# Counts that fall into every CLDR plural category of every language (one, two, few, many, other, zero),
# so each plural name of a currency is found through Babel's public lookup.
_PLURAL_SAMPLES = (0, 1, 2, 3, 5, 6, 11, 21, 22, 100, 101, 1000000, 0.5, 1.5)


@dataclass(frozen=True)
class Unit:
    """What one unit of a figure is, resolved."""

    key: str
    """Identity of the unit: the ISO 4217 code of a currency, else the text as written."""
    currency: str | None
    """ISO 4217 code when the unit is a currency; None for a free-text unit."""
    name: str
    """The unit's name as a heading: the currency's plural name in the locale, or the text as written."""


def read_unit(text: str, locale: Locale) -> Unit:
    """The unit `text` stands for in the project's locale."""
    codes, spellings = _currency_spellings(str(locale))
    code = text if text in codes else spellings.get(_folded(text))
    if code is None:
        return Unit(text, None, text)
    return Unit(code, code, get_currency_name(code, 2, locale=locale))


@functools.lru_cache(maxsize=8)
def _currency_spellings(locale_name: str) -> tuple[frozenset[str], dict[str, str]]:
    """The ISO codes (matched exactly: "cup" is no Cuban peso), and folded name or symbol -> code
    for every name and plural name and every symbol only one currency has in the locale."""
    locale = Locale.parse(locale_name)
    codes = sorted(list_currencies() - {"XXX"})  # XXX is "no currency"
    found: dict[str, str] = {}
    counts = {locale.plural_form(count): count for count in _PLURAL_SAMPLES}.values()  # one per plural form
    for code in codes:
        names = {locale.currencies.get(code, code)}
        names.update(get_currency_name(code, count, locale=locale) for count in counts)
        found.update((_folded(name), code) for name in names if name != code)
    owners: dict[str, set[str]] = {}
    for code, symbol in locale.currency_symbols.items():
        if code in codes and any(unicodedata.category(char) == "Sc" for char in symbol):
            owners.setdefault(_folded(symbol), set()).add(code)
    found.update((symbol, next(iter(held))) for symbol, held in owners.items() if len(held) == 1)
    return frozenset(codes), found


def _folded(text: str) -> str:
    """A spelling compared without case or extra spaces: "US dollars" = "us  Dollars"."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _loose(text: str) -> str:
    """A free-text unit compared without case, spaces, punctuation or compatibility forms: km² = KM2."""
    return "".join(char for char in unicodedata.normalize("NFKC", text).casefold() if char.isalnum())


def resolve_units(claims: list[Located[Claim]], locale: Locale) -> dict[str, Unit]:
    """Every unit text the register uses -> its unit."""
    return {q.unit: read_unit(q.unit, locale) for c in claims for q in c.record.quantities}


def check_magnitudes(claims: list[Located[Claim]], units: dict[str, Unit], locale: Locale) -> Iterator[Problem]:
    """A problem at every unit that puts a magnitude before a currency ("million euros", "Mrd. $"):
    such a figure would stand apart from the same currency's other figures, and read a million times small."""
    for located in claims:
        for index, quantity in enumerate(located.record.quantities):
            if units[quantity.unit].currency is not None:
                continue
            currency = _currency_at_end(quantity.unit, locale)
            if currency is not None:
                yield Problem(
                    located.path,
                    located.line("quantities", index, "unit"),
                    f"claim '{located.record.id}': unit \"{quantity.unit}\" puts a magnitude before the currency "
                    f'"{currency}"',
                    f'write the figure in full as value (2500000 for 2.5 million) and the unit as "{currency}"',
                )


def _currency_at_end(text: str, locale: Locale) -> str | None:
    """The currency spelling that ends `text` after other words ("million US dollars" -> "US dollars")."""
    codes, spellings = _currency_spellings(str(locale))
    words = text.split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if tail in codes or _folded(tail) in spellings:
            return tail
    return None


def check_unit_spellings(claims: list[Located[Claim]], units: dict[str, Unit]) -> Iterator[Problem]:
    """A problem at every free-text unit written differently from the project's usual spelling of it."""
    uses: dict[str, list[tuple[Located[Claim], int, str]]] = {}
    for located in claims:
        for index, quantity in enumerate(located.record.quantities):
            if units[quantity.unit].currency is None:
                uses.setdefault(_loose(quantity.unit), []).append((located, index, quantity.unit))
    for found in uses.values():
        counts = Counter(text for _, _, text in found)
        if len(counts) < 2:
            continue
        usual = max(counts, key=lambda text: counts[text])  # ties: the first written, as max keeps the first
        first = next((located, index) for located, index, text in found if text == usual)
        where = f"{first[0].path}:{first[0].line('quantities', first[1], 'unit')}"
        for located, index, text in found:
            if text != usual:
                yield Problem(
                    located.path,
                    located.line("quantities", index, "unit"),
                    f'claim \'{located.record.id}\': unit "{text}" is another spelling of "{usual}" ({where})',
                    f'write "{usual}" (the spelling used most, or first) so that the figures count as one unit',
                )
