"""Text from the register and the articles, made inert for Markdown and HTML.

Register fields and article text are data, never markup: a `<script>`, a
`[link](javascript:…)`, a footnote marker or a `**` in an article must show up
on the page as the characters they are. Templates therefore escape every value
by default; only strings wrapped in `Md` (built by the generator itself, or
taken from the catalogue) pass through as Markdown.
"""

from __future__ import annotations

import functools
import re

# Characters that start Markdown or HTML syntax anywhere in a line become numeric
# character references: the browser shows the character, no parser acts on it.
_ANYWHERE = "\\`*_[]{}<>&|#"
_TABLE = str.maketrans({char: f"&#{ord(char)};" for char in _ANYWHERE})
# At the start of a line more characters matter: lists, rules, quotes, headings,
# snippet includes (--8<--), and "1." that would begin an ordered list.
_LINE_START = re.compile(r"^(?:[-+=>~:]|\d+(?=[.)]))")
_WHITESPACE = re.compile(r"\s+")
# Control characters never belong in text, and Python-Markdown uses \x02 and \x03
# to mark its own placeholders: a text holding them could smuggle stashed HTML.
# Bidirectional embeddings, overrides and isolates reorder what follows them, so an
# article holding one would show its reader another text than the one quoted. The
# register refuses all of these; an article, kept as received, shows each as U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")


class Md(str):
    """A string that is already Markdown: templates output it unchanged."""

    __slots__ = ()


def inline(text: object) -> Md:
    """Any value as one line of inert Markdown text: white space folded, specials escaped."""
    if isinstance(text, Md):
        return text
    return _inline(str(text))


@functools.lru_cache(maxsize=1 << 16)
def _inline(text: str) -> Md:
    # Names, labels and dates recur on every page: each is escaped once per run.
    return fragment(_CONTROL.sub("\ufffd", text).strip(), at_line_start=True)


def fragment(text: str, *, at_line_start: bool) -> Md:
    """A piece of a line as inert Markdown; white space is folded but kept at the ends."""
    escaped = _WHITESPACE.sub(" ", _CONTROL.sub("\ufffd", text)).translate(_TABLE)
    if at_line_start:
        escaped = _LINE_START.sub(_reference, escaped, count=1)
    return Md(escaped)


def _reference(match: re.Match[str]) -> str:
    """The first character of the match as a character reference, the rest unchanged."""
    text = match.group(0)
    return f"&#{ord(text[0])};{text[1:]}"


def paragraphs(text: str) -> list[Md]:
    """A multi-line text as inert paragraphs, split where the editor left a blank line."""
    return [inline(part) for part in re.split(r"\n\s*\n", text) if part.strip()]
