"""Lines of an article that look like page furniture rather than text, suggested for `boilerplate`.

Only suggestions: `briefing add` writes them marked for review, and the editor
keeps the ones that are furniture. A line is suggested when it is short and
reads like a teaser, a credit, a page number, a share prompt or a bare date.
"""

from __future__ import annotations

import re

from generator.authoring.dates import find_dates

_FURNITURE = re.compile(
    r"""^(?:
        (?:lesen\ sie\ (?:auch|mehr)|mehr\ zum\ thema|weitere\ (?:artikel|meldungen|nachrichten)|weitere|artikel
          |anzeige|werbung|teilen|drucken|zum\ newsletter|newsletter|kommentare|quellen?:?
          |read\ more|related(?:\ articles|\ news)?|you\ may\ also\ like|advertisement|share(?:\ this(?:\ article)?)?
          |sign\ up.*|subscribe.*|comments|post\ image|image|photo|video|sources?:?|cookies?.*)
        |(?:foto|bild|fotos|quelle|image|photo|picture|credit)s?:\ .{1,60}
        |©.*|\(c\)\ .*|alle\ rechte\ vorbehalten.*|all\ rights\ reserved.*
        |seite\ \d+(?:\ von\ \d+)?|page\ \d+(?:\ of\ \d+)?|\d+\ ?/\ ?\d+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

_TEASER = re.compile(
    r"^(?:lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|read more|read also|related(?: articles)?):?$",
    re.IGNORECASE,
)
MAX_WORDS = 12
"""Furniture is short; a longer line is article text even when it starts like a teaser."""


def suggest_boilerplate(text: str, language: str | None) -> list[str]:
    """The lines of `text` that look like furniture, each once, in text order."""
    suggested: list[str] = []
    after_teaser = False
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        short = len(line.split()) <= MAX_WORDS
        # The headline right under "Lesen Sie auch" / "Read more" is the teaser itself.
        teaser = after_teaser and short and not line.endswith((".", "!", "?", '"', "“", "”"))
        after_teaser = bool(_TEASER.match(line))
        if line in suggested or not short:
            continue
        if _FURNITURE.match(line) or _only_a_date(line, language) or teaser:
            suggested.append(line)
    return suggested


def _only_a_date(line: str, language: str | None) -> bool:
    """A line that holds a date and nothing else (a dateline without a place, a time stamp)."""
    dates = find_dates(line, language or "en")
    rest = line
    for date in reversed(dates):
        rest = rest[: date.start] + rest[date.end :]
    return bool(dates) and not re.sub(r"[\W\d_]+", "", rest)
