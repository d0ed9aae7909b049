"""The register's YAML loader: lines, duplicate keys, aliases, dates kept as text."""

from __future__ import annotations

import time

import pytest
import yaml

from generator.register.yaml_lines import MAX_DEPTH, Refused, YamlProblem, line_of, parse

DOCUMENT = """\
claims:
  - id: a
    asserted: 2024-02-30
    citations:
      - source: x
        quote: y
"""


def test_lines_of_nested_keys_and_items() -> None:
    data, duplicates = parse(DOCUMENT)
    assert duplicates == []
    assert line_of(data, ("claims", 0), 0) == 2
    assert line_of(data, ("claims", 0, "citations", 0, "quote"), 0) == 6
    # A path that goes deeper than the data stops at the deepest known line.
    assert line_of(data, ("claims", 0, "citations", 3, "quote"), 0) == 4


def test_dates_stay_text_so_the_models_can_judge_them() -> None:
    data, _ = parse(DOCUMENT)
    assert data["claims"][0]["asserted"] == "2024-02-30"


def test_duplicate_keys_are_reported_and_the_first_value_kept() -> None:
    data, duplicates = parse("a: 1\nb: 2\na: 3\n")
    assert data == {"a": 1, "b": 2}
    assert [(d.line, d.message) for d in duplicates] == [(3, "duplicate key 'a' (first given on line 1)")]


def test_syntax_error_has_line_and_caret() -> None:
    with pytest.raises(YamlProblem) as raised:
        parse("a:\n  b: 1\n c: 2\n")
    assert raised.value.line == 3
    assert raised.value.hint == " c: 2\n ^"


def test_alias_bomb_is_refused_quickly() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 30):
        levels.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as raised:
        parse("\n".join(levels))
    assert "anchors and aliases" in raised.value.message
    assert time.perf_counter() - started < 5


def test_empty_document() -> None:
    assert parse("") == (None, [])


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("a: !!python/object:os.system {}\n", 1, "YAML tag 'tag:yaml.org,2002:python/object:os.system' is not allowed"),
        ("a:\n  b: !!binary aGk=\n", 2, "YAML tag 'tag:yaml.org,2002:binary' is not allowed"),
        ("a: 1\nb:\n  <<: {c: 2}\n", 3, "YAML merge keys (<<) are not allowed"),
        ("a: 1\n---\nb: 2\n", 2, "a register file holds one YAML document"),
        ("a: &x 1\n", 1, "YAML anchors and aliases"),
        ("? [a, b]\n: c\n", 1, "a mapping key must be a plain value"),
    ],
)
def test_what_a_register_never_needs_is_refused_with_its_line(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as raised:
        parse(text)
    assert (raised.value.line, raised.value.message[: len(message)]) == (line, message)


def test_plain_scalars_read_the_same_in_yaml_1_1_and_1_2() -> None:
    text = "a: 12\nb: -3.5\nc: true\nd: ~\ne: '12'\nf: !!str 7\ng: False\nh:\ni: text\nj: !!int 10\n"
    data, problems = parse(text)
    assert problems == []
    assert data == yaml.load(text, Loader=yaml.CSafeLoader)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yes", "'yes' reads as a boolean in YAML 1.1 and as text in YAML 1.2"),
        ("Off", "'Off' reads as a boolean in YAML 1.1 and as text in YAML 1.2"),
        ("0777", "'0777' reads as a number only in YAML 1.1"),
        ("010", "'010' reads as a number only in YAML 1.1"),
        ("1:30", "'1:30' reads as a number only in YAML 1.1"),
        ("0x1F", "'0x1F' reads as a number only in YAML 1.1"),
        ("0x_", "'0x_' reads as a number only in YAML 1.1"),
        ("1_000", "'1_000' reads as a number only in YAML 1.1"),
        (".inf", "'.inf' reads as a number only in YAML 1.1"),
        ("-.inf", "'-.inf' reads as a number only in YAML 1.1"),
        (".nan", "'.nan' reads as a number only in YAML 1.1"),
        ("!!bool maybe", "'maybe' is not a boolean, as its tag 'tag:yaml.org,2002:bool' says"),
        ('!!int ""', "'' is not a number, as its tag 'tag:yaml.org,2002:int' says"),
        ("!!float x1", "'x1' is not a number, as its tag 'tag:yaml.org,2002:float' says"),
        ("!!null 0", "'0' is not null, as its tag 'tag:yaml.org,2002:null' says"),
    ],
)
def test_values_yaml_1_1_would_change_are_refused_and_reading_goes_on(value: str, message: str) -> None:
    data, problems = parse(f"a: {value}\nb: 2\n")
    assert [(p.line, p.message[: len(message)]) for p in problems] == [(1, message)]
    assert isinstance(data["a"], Refused)
    assert data["b"] == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('a: "x\\u0080y"', "text holds a control character (U+0080) at position 2"),
        ('a: "x\\0"', "text holds a control character (U+0000) at position 2"),
        ('a: "\\x7f"', "text holds a control character (U+007F) at position 1"),
        ('a: "\\uFFFE"', "text holds a noncharacter (U+FFFE) at position 1"),
        ("a: x\u202ey", "text holds a bidirectional control (U+202E RIGHT-TO-LEFT OVERRIDE) at position 2"),
        ("a: x\u2066y", "text holds a bidirectional control (U+2066 LEFT-TO-RIGHT ISOLATE) at position 2"),
        ("a: x\u200fy", "text holds a bidirectional control (U+200F RIGHT-TO-LEFT MARK) at position 2"),
        ('a: "x\\Ly"', "text holds a line separator (U+2028 LINE SEPARATOR) at position 2"),
        ('a: "x\\Py"', "text holds a paragraph separator (U+2029 PARAGRAPH SEPARATOR) at position 2"),
        ('"k\\x1b": 1', "text holds a control character (U+001B) at position 2"),
    ],
)
def test_text_with_a_character_no_page_may_show_is_refused(text: str, message: str) -> None:
    data, problems = parse(text + "\n")
    assert [(p.line, p.message) for p in problems] == [(1, message)]
    assert "\ufffd" in next(iter(data)) + str(next(iter(data.values())))


def test_a_raw_control_character_in_the_file_is_refused_with_its_line() -> None:
    with pytest.raises(YamlProblem) as raised:
        parse("a: 1\nb: x\x85\x80y\n")
    assert (raised.value.line, raised.value.message) == (2, "the file holds a control character (U+0080) at position 1")


def test_nesting_is_read_without_recursion_up_to_a_limit() -> None:
    data, _ = parse("[" * MAX_DEPTH + "]" * MAX_DEPTH)
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == []


def test_a_file_of_brackets_is_refused_quickly() -> None:
    depth = 1_000_000
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as raised:
        parse("[" * depth + "]" * depth)
    assert raised.value.message == f"values nested more than {MAX_DEPTH} levels deep"
    assert time.perf_counter() - started < 5
