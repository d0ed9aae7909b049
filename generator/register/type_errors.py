"""Messages for a value of the wrong kind: what was expected, what YAML read, and what to write.

pydantic says "Input should be a valid list"; an editor new to YAML needs to hear that
the line was read as a text and how a list is written, with their own field name in
the example. Every function here returns None for an error it does not explain, and
the loader falls back to pydantic's words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
"""The pattern of a date as the models write it (see models.PartialDate)."""

_DOTTED_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")


@dataclass(frozen=True)
class Where:
    """Where the wrong value is, and what the model says about it."""

    where: str
    """The dotted path shown in the message, e.g. quantities[0].value."""
    key: str
    """The field's own name, as the editor wrote it on the line."""
    description: str = ""
    """The field's description from the model, added to the hint."""
    expected_fields: tuple[str, ...] = ()
    """When a mapping is expected: its fields, required ones first."""
    in_list: bool = False
    """The value is an item of a list (written after '- ')."""


def explain(detail: Any, field: Where) -> tuple[str, str] | None:
    """Message and hint for a type error pydantic reported, or None."""
    kind = detail["type"]
    value = detail.get("input")
    explained: tuple[str, str] | None
    if kind == "list_type":
        explained = (
            f"expected a list, got {_what(value)}",
            f"write a list in brackets, e.g. {field.key}: [{_inline(value)}], or one item per line after '- '",
        )
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        explained = _mapping_expected(detail, value, field)
    elif kind == "string_type":
        explained = _text_expected(value, field)
    elif kind in ("float_parsing", "float_type"):
        explained = (
            f"expected a number, got {_what(value)}",
            f"write the number in digits only, e.g. {field.key}: 10000 (no thousands separators, unit or words)",
        )
    elif kind in ("int_parsing", "int_type"):
        explained = (f"expected a whole number, got {_what(value)}", f"write it in digits, e.g. {field.key}: 3")
    elif kind == "int_from_float":
        explained = (f"expected a whole number, got {value!r}", f"write a whole number, e.g. {field.key}: 2")
    elif kind in ("bool_type", "bool_parsing"):
        explained = (f"expected true or false, got {_what(value)}", f"write {field.key}: true or {field.key}: false")
    elif kind == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == DATE_PATTERN:
        explained = _date_expected(str(value), field)
    else:
        return None
    if explained is None:
        return None
    message, hint = explained
    if isinstance(value, bool) and kind != "string_type":
        hint = f"YAML reads yes, no, on, off, true and false as true or false; {hint}"
    if field.description:
        hint += f"\n{field.key}: {field.description}"
    return f"field '{field.where}': {message}", hint


def _mapping_expected(detail: Any, value: Any, field: Where) -> tuple[str, str]:
    if detail.get("ctx", {}).get("class_name") == "When":
        return (
            f"expected a date, got {_what(value)}",
            f"write the date as YYYY-MM-DD, YYYY-MM or YYYY (e.g. {field.key}: 2015-10-31), or with the reasoning:\n"
            f"{field.key}:\n  date: 2015-10\n  inferred: …",
        )
    shown = field.expected_fields[:2] or ("…",)
    indents = ("  - ", "    ") if field.in_list else ("  ", "  ")
    lines = "\n".join(f"{indents[min(i, 1)]}{name}: …" for i, name in enumerate(shown))
    return (
        f"expected fields (one per line, indented), got {_what(value)}",
        f"write the fields on their own lines under '{field.key}:', e.g.\n{field.key}:\n{lines}",
    )


def _text_expected(value: Any, field: Where) -> tuple[str, str] | None:
    if isinstance(value, bool):
        return (
            f"expected a text, got {str(value).lower()}",
            f'YAML reads yes, no, on, off, true and false as true or false; put the text in quotes: {field.key}: "…"',
        )
    if isinstance(value, int | float):
        return (
            f"expected a text, got the number {value!r}",
            f'YAML reads {value!r} as a number; put the text in quotes, exactly as written: {field.key}: "…"',
        )
    if isinstance(value, list | dict):
        return (f"expected a text, got {_what(value)}", f"write the text on the line itself: {field.key}: …")
    return None


def _date_expected(value: str, field: Where) -> tuple[str, str]:
    dotted = _DOTTED_DATE.match(value)
    if dotted:
        day, month, year = dotted.groups()
        example = f"{year}-{int(month):02d}-{int(day):02d}"
    else:
        example = "2015-10-31"
    return (
        f"'{value}' is not a date in the form YYYY-MM-DD, YYYY-MM or YYYY",
        f"write the year first, with hyphens: {field.key}: {example} (or 2015-10 for a month, 2015 for a year)",
    )


def _what(value: Any) -> str:
    """How the editor's value reads back, in words: the text 'x', the number 3, a list, …"""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "fields (a mapping)"
    if value is None:
        return "nothing"
    return "a value of another kind"


def _inline(value: Any) -> str:
    if isinstance(value, str) and value and "," not in value:
        return value
    return "…"
