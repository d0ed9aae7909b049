"""Code points that never belong in register text: each is refused at load with its line.

Register strings reach titles, meta tags, front matter, JSON-LD and the page text.
Control characters make YAML front matter unparseable (MkDocs then renders it as
Markdown) and Python-Markdown uses some of them as its own placeholders;
bidirectional controls reorder the rest of a line, so a reader would see another
text than the one checked; U+2028/U+2029 end a line in JavaScript and split
paragraphs. Refusing them where the editor wrote them leaves nothing to neutralise later.
"""

from __future__ import annotations

import re
import unicodedata

_FORBIDDEN = re.compile(
    "["
    "\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 except tab and line feed, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\u2028\u2029"  # line and paragraph separators
    "\ufdd0-\ufdef\ufffe\uffff"  # noncharacters
    "]"
)

_WHAT = {
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}


def forbidden_character(text: str) -> str | None:
    """A description of the first code point `text` may not hold, or None."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    char = match.group(0)
    code = ord(char)
    if char in _WHAT:
        kind = _WHAT[char]
    elif 0x200E <= code <= 0x206F or code == 0x061C:
        kind = "a bidirectional control"
    elif code >= 0xFDD0:
        kind = "a noncharacter"
    else:
        kind = "a control character"
    name = unicodedata.name(char, "")
    label = f"U+{code:04X} {name}".rstrip() if name else f"U+{code:04X}"
    return f"{kind} ({label}) at position {match.start() + 1}"


FORBIDDEN_HINT = (
    "remove it: register text holds visible characters, spaces, tabs and line breaks only; "
    "the page sets the direction of right-to-left text itself"
)


def forbidden_characters(text: str) -> str:
    """`text` with every refused code point replaced by U+FFFD, safe to echo in a message."""
    return _FORBIDDEN.sub("\ufffd", text)
