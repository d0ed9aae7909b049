"""YAML loading that keeps line numbers and refuses what PyYAML lets through.

PyYAML silently keeps the last of two equal keys, turns `2024-02-30` into an
exception deep in the constructor and forgets where every value came from. The
loader here builds plain dicts and lists that remember the line of each key and
item, reports duplicate keys, leaves dates as strings (the models check them)
and refuses anchors and aliases, which the register never needs and which are
the vehicle of "billion laughs" expansion attacks, as well as explicit tags,
merge keys and absurd nesting.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from generator.register.characters import FORBIDDEN_HINT, forbidden_character, forbidden_characters

try:  # libyaml's parser is several times faster; fall back when it is missing.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


class LineDict(dict[Any, Any]):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int
    key_lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    line: int
    item_lines: list[int]


class Refused(str):
    """A scalar already reported as a problem: the models do not report it a second time."""

    __slots__ = ()


class YamlProblem(Exception):
    """A document that cannot be read as a register: syntax, duplicate key, alias."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


# What a plain scalar resolves to: the first character picks the candidate patterns,
# exactly as PyYAML's resolver does, but without building a node for every value.
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = yaml.resolver.Resolver.yaml_implicit_resolvers
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_NO_KEY = object()

MAX_DEPTH = 64
"""Deepest nesting of lists and mappings accepted. A register needs about six levels;
libyaml's time grows with the square of the depth, so a file of brackets is stopped early."""

_ALIAS_MESSAGE = "YAML anchors and aliases (&name, *name) are not allowed in a register"
_ALIAS_HINT = "write the value out in full where it is needed"


def parse(text: str) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document: the data and the duplicate keys found (the first value is kept).

    Raises YamlProblem, with a line, for a document that cannot be used at all.
    """
    loader = _BaseLoader(text)
    try:
        return _Builder(loader).document()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or "not valid YAML"
        context = f" {error.context}" if error.context else ""
        raise YamlProblem(line, f"YAML syntax error: {problem}{context}", _caret(text, mark)) from None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        character = error.character if isinstance(error.character, int) else ord(error.character)
        what = forbidden_character(chr(character))
        raise YamlProblem(line, f"the file holds {what or 'a character YAML does not allow'}", FORBIDDEN_HINT) from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"YAML error: {error}") from None
    finally:
        loader.dispose()


class _Builder:
    """Builds LineDict/LineList straight from libyaml's events.

    PyYAML's own loader first composes a node (with two position marks) for every
    value and then walks the nodes again in Python; reading the events once, with
    no recursion, takes about half the time (measured on a 1,000-claim register).
    An anchor is refused where it is defined, so nothing is ever expanded.
    """

    def __init__(self, loader: Any) -> None:
        self.next_event = loader.get_event
        self.problems: list[YamlProblem] = []
        """Problems that do not stop the reading: duplicate keys, refused characters and values."""

    def document(self) -> tuple[Any, list[YamlProblem]]:
        self.next_event()  # stream start
        event = self.next_event()
        if isinstance(event, yaml.StreamEndEvent):
            return None, []
        root = self.value()
        self.next_event()  # document end
        event = self.next_event()
        if not isinstance(event, yaml.StreamEndEvent):
            raise YamlProblem(
                event.start_mark.line + 1,
                "a register file holds one YAML document, but this one has another here",
                "remove the '---' line, or move the second document into a file of its own",
            )
        return root, self.problems

    def value(self) -> Any:
        """Read one whole value (scalar, mapping or sequence) from the events."""
        # Each open collection: [container, pending key, line of that key]; the key slot
        # is unused for sequences.
        stack: list[list[Any]] = []
        while True:
            event = self.next_event()
            kind = type(event)
            line = event.start_mark.line + 1
            if kind is yaml.ScalarEvent:
                _refuse_anchor(event, line)
                value = _scalar(event, line, self.problems)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                _refuse_anchor(event, line)
                if event.tag not in _COLLECTION_TAGS:
                    raise _tag_problem(event.tag, line)
                if stack and stack[-1][1] is _NO_KEY and isinstance(stack[-1][0], LineDict):
                    raise YamlProblem(line, "a mapping key must be a plain value")
                container: LineDict | LineList
                if kind is yaml.MappingStartEvent:
                    container = LineDict()
                    container.key_lines = {}
                else:
                    container = LineList()
                    container.item_lines = []
                container.line = line
                if len(stack) == MAX_DEPTH:
                    raise YamlProblem(
                        line,
                        f"values nested more than {MAX_DEPTH} levels deep",
                        "a register needs only a few levels: check the brackets and the indentation",
                    )
                stack.append([container, _NO_KEY, line])
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value, _, _ = stack.pop()
                line = value.line
            elif kind is yaml.AliasEvent:
                raise YamlProblem(line, _ALIAS_MESSAGE, _ALIAS_HINT)
            else:  # pragma: no cover - libyaml guarantees the order of events
                raise YamlProblem(line, f"unexpected YAML event {kind.__name__}")
            if not stack:
                return value
            self._add(stack[-1], value, line)

    def _add(self, frame: list[Any], value: Any, line: int) -> None:
        container = frame[0]
        if isinstance(container, LineList):
            container.append(value)
            container.item_lines.append(line)
        elif frame[1] is _NO_KEY:
            frame[1], frame[2] = value, line
        else:
            key, key_line = frame[1], frame[2]
            frame[1] = _NO_KEY
            if key in container:
                first = container.key_lines[key]
                self.problems.append(
                    YamlProblem(
                        key_line,
                        f"duplicate key '{key}' (first given on line {first})",
                        "keep one of the two; plain YAML would keep the last one silently",
                    )
                )
            else:
                container[key] = value
                container.key_lines[key] = key_line


def _refuse_anchor(event: Any, line: int) -> None:
    if event.anchor is not None:
        raise YamlProblem(line, _ALIAS_MESSAGE, _ALIAS_HINT)


def _scalar(event: Any, line: int, problems: list[YamlProblem]) -> Any:
    """The value of a scalar: text, or a number, boolean or null when written plainly.

    Dates stay text: the models check them against the calendar with a clear message.
    What YAML 1.1 would turn into a number or boolean unnoticed (`yes`, `0777`, `1:30`,
    `1_000`, `.inf`) is refused, and so is text holding a character no page may show.
    """
    value: str = event.value
    if event.implicit[0]:
        tag = _resolve(value)
    elif event.tag is None or event.tag == "!" or event.implicit[1]:
        return _text(value, line, problems)
    else:
        tag = event.tag
    if tag in (_STR, _TIMESTAMP):
        return _text(value, line, problems)
    if tag == _MERGE:
        raise YamlProblem(line, "YAML merge keys (<<) are not allowed in a register", _ALIAS_HINT)
    plain = _PLAIN.get(tag)
    if plain is None:
        raise _tag_problem(tag, line)
    if not plain.match(value):
        problems.append(_unplain(tag, value, line, explicit=not event.implicit[0]))
        return Refused(forbidden_characters(value))
    if tag == _NULL:
        return None
    if tag == _BOOL:
        return value.lower() == "true"
    if tag == _INT:
        return int(value)
    return float(value)


# The forms of each type that read the same in YAML 1.1 and 1.2 and in every editor.
_PLAIN = {
    _NULL: re.compile(r"^(?:~|null|Null|NULL|)$"),
    _BOOL: re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    _INT: re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"),
    _FLOAT: re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?$"),
}
_TYPE_NAMES = {_NULL: "null", _BOOL: "a boolean", _INT: "a number", _FLOAT: "a number"}


def _unplain(tag: str, value: str, line: int, *, explicit: bool) -> YamlProblem:
    shown = forbidden_characters(value)
    if explicit:
        return YamlProblem(
            line,
            f"'{shown}' is not {_TYPE_NAMES[tag]}, as its tag '{tag}' says",
            "remove the tag and write the value plainly: digits (10000, 2.5), true or false, or text",
        )
    if tag == _BOOL:
        return YamlProblem(
            line,
            f"'{shown}' reads as a boolean in YAML 1.1 and as text in YAML 1.2",
            "write true or false; put the word in quotes when it is text",
        )
    return YamlProblem(
        line,
        f"'{shown}' reads as a number only in YAML 1.1 (octal, hexadecimal, sexagesimal, underscores or infinity)",
        "write the number plainly in decimal digits (e.g. 511, 90, 1000); put it in quotes when it is text",
    )


def _text(value: str, line: int, problems: list[YamlProblem]) -> str:
    what = forbidden_character(value)
    if what is None:
        return value
    problems.append(YamlProblem(line, f"text holds {what}", FORBIDDEN_HINT))
    return Refused(forbidden_characters(value))


def _tag_problem(tag: str, line: int) -> YamlProblem:
    return YamlProblem(
        line,
        f"YAML tag '{tag}' is not allowed in a register",
        "remove the tag: a register holds plain text, numbers, lists and mappings",
    )


def _resolve(value: str) -> str:
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR


def _caret(text: str, mark: Any) -> str:
    """The offending line with a caret under the column, as strictyaml shows it."""
    if mark is None:
        return ""
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return ""
    return f"{forbidden_characters(lines[mark.line])}\n{' ' * mark.column}^"


def line_of(data: Any, path: tuple[int | str, ...], default: int) -> int:
    """The line of the deepest element of `path` that the parsed data still knows."""
    line = getattr(data, "line", default)
    node = data
    for step in path:
        if isinstance(node, LineDict) and step in node:
            line = node.key_lines[step]
            node = node[step]
        elif isinstance(node, LineList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
    return line
