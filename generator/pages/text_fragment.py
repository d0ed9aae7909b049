"""Links into the original web page that scroll to a quoted passage and highlight it.

A text fragment (`#:~:text=`, WICG Scroll to Text Fragment, supported by Chromium,
Safari and Firefox) names the passage by its words; the optional prefix and suffix
pick one occurrence, like a citation's `prefix` and `suffix`. Each part is
percent-encoded, including the characters the directive itself uses (`-`, `,`, `&`).
"""

from __future__ import annotations

import re
from urllib.parse import quote

LONG_QUOTE_WORDS = 10
"""A longer passage is named by its first and last words (textStart,textEnd): short links, same passage."""
EDGE_WORDS = 4

_WHITESPACE = re.compile(r"\s+")


def _encoded(text: str) -> str:
    # quote() leaves "-" alone, but in a text directive it marks the prefix and suffix.
    return quote(_WHITESPACE.sub(" ", text).strip(), safe="").replace("-", "%2D")


def text_fragment_url(url: str, passage: str, prefix: str | None = None, suffix: str | None = None) -> str:
    """`url` with a text directive that finds `passage` (between `prefix` and `suffix`, when given)."""
    words = passage.split()
    if len(words) > LONG_QUOTE_WORDS:
        target = f"{_encoded(' '.join(words[:EDGE_WORDS]))},{_encoded(' '.join(words[-EDGE_WORDS:]))}"
    else:
        target = _encoded(passage)
    parts = []
    if prefix and prefix.strip():
        parts.append(f"{_encoded(prefix)}-")
    parts.append(target)
    if suffix and suffix.strip():
        parts.append(f"-{_encoded(suffix)}")
    base = url.split("#", 1)[0]
    return f"{base}#:~:text={','.join(parts)}"
