"""The catalogue: every word the generator writes on a page, per language.

Templates never hold prose of their own; they look words up here by key
(`t("status.denied")`), and dates and numbers are spelt the language's way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.register.models import When

LANGUAGES = ("de", "en")
"""Languages with a complete catalogue."""

try:  # libyaml reads the catalogue ten times faster than PyYAML's pure-Python loader.
    from yaml import CSafeLoader as _YamlLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _YamlLoader  # type: ignore[assignment]

LOCALES = Path(__file__).parent / "locales"


class UnknownLanguage(ValueError):
    """The configured language has no catalogue."""


@dataclass(frozen=True)
class Catalogue:
    """The words of one language, with date and number formatting."""

    language: str
    entries: dict[str, Any]

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
        """A figure with the language's digit grouping: 12.000 in German, 12,000 in English."""
        whole = int(value)
        if value == whole:
            return f"{whole:,}".replace(",", self.entries["thousands_mark"])
        grouped = f"{value:,.2f}".rstrip("0")
        table = str.maketrans({",": self.entries["thousands_mark"], ".": self.entries["decimal_mark"]})
        return grouped.translate(table)

    def date(self, when: When) -> str:
        """A date written as precisely as it is known: 1. November 2024, November 2024, 2024."""
        written = self._dates.get(when.date)
        if written is None:
            written = self._dates[when.date] = self._spell_date(when.date)
        return written

    @functools.cached_property
    def _dates(self) -> dict[str, str]:
        """Dates already spelt: the same few hundred dates recur on every page."""
        return {}

    def _spell_date(self, date: str) -> str:
        parts = [int(part) for part in date.split("-")]
        months: list[str] = self.entries["months"]
        if len(parts) == 1:
            return str(parts[0])
        month = months[parts[1] - 1]
        if len(parts) == 2:
            return f"{month} {parts[0]}"
        if self.language == "de":
            return f"{parts[2]}. {month} {parts[0]}"
        return f"{parts[2]} {month} {parts[0]}"


def load_catalogue(language: str) -> Catalogue:
    """The catalogue of `language`; raises UnknownLanguage for one without a catalogue."""
    if language not in LANGUAGES:
        raise UnknownLanguage(f"no catalogue for language '{language}'; available: {', '.join(LANGUAGES)}")
    text = (LOCALES / f"{language}.yml").read_text(encoding="utf-8")
    return Catalogue(language, yaml.load(text, Loader=_YamlLoader))
