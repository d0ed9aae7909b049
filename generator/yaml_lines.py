"""YAML loading that keeps line numbers and refuses what PyYAML lets through.

PyYAML silently keeps the last of two equal keys, turns `2024-02-30` into an
exception deep in the constructor and forgets where every value came from. The
loader here builds plain dicts and lists that remember the line of each key and
item, reports duplicate keys, leaves dates as strings (the models check them)
and refuses anchors and aliases, which the register never needs and which are
the vehicle of "billion laughs" expansion attacks.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

import yaml

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


class YamlProblem(Exception):
    """A document that cannot be read as a register: syntax, duplicate key, alias."""

    def __init__(self, line: int, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint


class _LineLoader(_BaseLoader):
    """Safe loader that builds LineDict/LineList and keeps timestamps as text."""

    duplicates: list[YamlProblem]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if not isinstance(key, Hashable):
            raise YamlProblem(line, "a mapping key must be a plain value")
        if key in result:
            first = result.key_lines[key]
            loader.duplicates.append(
                YamlProblem(
                    line,
                    f"duplicate key '{key}' (first given on line {first})",
                    "keep one of the two; plain YAML would keep the last one silently",
                )
            )
            continue
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# Dates stay text: the models check them against the calendar with a clear message.
def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def parse(text: str) -> tuple[Any, list[YamlProblem]]:
    """Parse one YAML document: the data and the duplicate keys found (the first value is kept).

    Raises YamlProblem, with a line, for a document that cannot be used at all.
    """
    loader = _LineLoader(text)
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        _refuse_aliases(node)
        return loader.construct_document(node), loader.duplicates
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        problem = error.problem or "not valid YAML"
        context = f" {error.context}" if error.context else ""
        raise YamlProblem(line, f"YAML syntax error: {problem}{context}", _caret(text, mark)) from None
    except yaml.YAMLError as error:
        raise YamlProblem(1, f"YAML error: {error}") from None
    finally:
        loader.dispose()


def _refuse_aliases(root: yaml.Node) -> None:
    """Fail on the first node reached twice: that is what an alias composes to.

    Walking distinct nodes only keeps this linear even for an expansion bomb.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            raise YamlProblem(
                node.start_mark.line + 1,
                "YAML anchors and aliases (&name, *name) are not allowed in a register",
                "write the value out in full where it is needed",
            )
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))


def _caret(text: str, mark: Any) -> str:
    """The offending line with a caret under the column, as strictyaml shows it."""
    if mark is None:
        return ""
    lines = text.splitlines()
    if not 0 <= mark.line < len(lines):
        return ""
    return f"{lines[mark.line]}\n{' ' * mark.column}^"


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
