"""Load: read every register file and every article, turning what is unreadable into problems.

Each record is checked against its model on its own, so one bad claim does not
hide the others, and the ids of records that failed are still remembered, so a
reference to them is not reported a second time as "unknown".
"""

from __future__ import annotations

import difflib
import types
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from generator.register.files import FileRefused, inside, read_bounded
from generator.register.models import ID_PATTERN, Briefing, Claim, Entity, Overview, Source
from generator.register.problems import Problem
from generator.register.yaml_lines import LineDict, Refused, YamlProblem, line_of, parse

R = TypeVar("R", bound=BaseModel)

SECTIONS: dict[str, type[BaseModel]] = {
    "sources": Source,
    "entities": Entity,
    "claims": Claim,
    "briefings": Briefing,
}
"""The list sections of a register file and the record each item must be."""

SINGULAR = {"sources": "source", "entities": "entity", "claims": "claim", "briefings": "briefing"}


@dataclass(frozen=True)
class Located(Generic[R]):
    """A valid record with the place it was written, for messages about it."""

    record: R
    path: str
    """Display path of the register file."""
    raw: Any
    """The parsed YAML of the record, which knows the line of each of its fields."""

    def line(self, *field_path: int | str) -> int:
        """Line of a field of the record (the record's own line when it has none)."""
        return line_of(self.raw, field_path, getattr(self.raw, "line", 1))


@dataclass
class Register:
    """Everything the register files hold, before any cross-checking."""

    overviews: list[Located[Overview]] = field(default_factory=list)
    sources: list[Located[Source]] = field(default_factory=list)
    entities: list[Located[Entity]] = field(default_factory=list)
    claims: list[Located[Claim]] = field(default_factory=list)
    briefings: list[Located[Briefing]] = field(default_factory=list)
    rejected_ids: dict[str, set[str]] = field(default_factory=dict)
    """Ids of records that failed their model, per section: known, but not usable."""
    files: list[str] = field(default_factory=list)
    """Display paths of the register files read."""
    complete: bool = True
    """False when a file could not be read at all: its ids are unknown, so references are not checked."""


def display_path(path: Path, root: Path) -> str:
    """The path as the user would type it from the project root (links not followed)."""
    if path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def register_files(register_dir: Path) -> list[Path]:
    """The register's YAML files, in a stable order."""
    return sorted(p for p in register_dir.iterdir() if p.suffix in {".yml", ".yaml"} and p.is_file())


def load_register(register_dir: Path, root: Path) -> tuple[Register, list[Problem]]:
    """Read and model-check every register file; collect every problem."""
    register = Register()
    problems: list[Problem] = []
    if not register_dir.is_dir():
        shown = display_path(register_dir, root)
        return register, [Problem(shown, 1, "register folder not found", "create it with sources.yml, claims.yml, …")]
    try:
        files = register_files(register_dir)
    except OSError as error:
        shown = display_path(register_dir, root)
        return register, [Problem(shown, 1, f"register folder cannot be read ({error.strerror})", _READ_HINT)]
    for path in files:
        shown = display_path(path, root)
        register.files.append(shown)
        problems.extend(_load_file(path, shown, register, root))
    return register, problems


MAX_REGISTER_BYTES = 64 * 1024 * 1024
"""A register file larger than this is refused before it is read (about ten times a 10,000-claim register)."""

_READ_HINT = "check that the folder exists and that you may read it"
_SPLIT_REGISTER = "split the register into several files under seeds/register/"


def _load_file(path: Path, shown: str, register: Register, root: Path) -> Iterator[Problem]:
    if not inside(path, root):
        # Its lines are never read, so no message can echo a file from elsewhere.
        register.complete = False
        yield Problem(
            shown,
            1,
            "register file is a symbolic link to a file outside the project",
            "keep the register's files inside the project, as plain files",
        )
        return
    try:
        data_bytes = read_bounded(path, MAX_REGISTER_BYTES, "register file")
    except FileRefused as refused:
        register.complete = False
        hint = _SPLIT_REGISTER if "over the limit" in refused.message else refused.hint
        yield Problem(shown, 1, refused.message, hint)
        return
    try:
        text = data_bytes.decode("utf-8")
    except UnicodeDecodeError as error:
        register.complete = False
        yield Problem(shown, 1, f"not UTF-8 text ({error.reason} at byte {error.start})", "save the file as UTF-8")
        return
    try:
        data, duplicates = parse(text)
    except YamlProblem as problem:
        register.complete = False
        yield Problem(shown, problem.line, problem.message, problem.hint)
        return
    for duplicate in duplicates:
        yield Problem(shown, duplicate.line, duplicate.message, duplicate.hint)
    if data is None:
        return
    if not isinstance(data, LineDict):
        register.complete = False
        yield Problem(shown, 1, "a register file must be a mapping of sections", _SECTIONS_HINT)
        return
    for key, value in data.items():
        line = data.key_lines[key]
        if key == "overview":
            overview = yield from _check_record(Overview, value, shown, "overview", line)
            if overview is not None:
                register.overviews.append(overview)
            else:
                register.rejected_ids.setdefault("overview", set()).add(shown)
        elif key in SECTIONS:
            yield from _load_section(key, value, shown, line, register)
        else:
            yield Problem(shown, line, f"unknown section '{key}'", _did_you_mean(str(key), ["overview", *SECTIONS]))


_SECTIONS_HINT = (
    "top-level keys: overview, sources, entities, claims, briefings, e.g.\nclaims:\n  - id: my-claim\n    …"
)


def _load_section(key: str, items: Any, shown: str, line: int, register: Register) -> Iterator[Problem]:
    if not isinstance(items, list):
        register.complete = False
        yield Problem(shown, line, f"section '{key}' must be a list", f"{key}:\n  - id: …")
        return
    model = SECTIONS[key]
    kind = SINGULAR[key]
    for index, item in enumerate(items):
        item_line = line_of(items, (index,), line)
        located = yield from _check_record(model, item, shown, kind, item_line)
        if located is not None:
            getattr(register, key).append(located)
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            register.rejected_ids.setdefault(key, set()).add(item["id"])


def _check_record(
    model: type[R], raw: Any, shown: str, kind: str, line: int
) -> typing.Generator[Problem, None, Located[R] | None]:
    try:
        record = model.model_validate(raw)
    except ValidationError as error:
        label = _label(kind, raw)
        for detail in _without_explained_missing(model, error.errors()):
            if isinstance(detail.get("input"), Refused):
                continue  # the YAML reader has reported this value already
            loc = tuple(detail["loc"])
            yield Problem(
                shown,
                line_of(raw, loc, line),
                f"{label}: {_describe(detail, loc)}",
                _hint(model, detail, loc),
            )
        return None
    return Located(record, shown, raw)


def _without_explained_missing(model: type[BaseModel], details: list[Any]) -> list[Any]:
    """Drop "missing field x" where an unknown field next to it is a misspelling of x.

    The editor wrote `statment:`; one message saying "did you mean 'statement'" is enough.
    """
    misspelt = set()
    for detail in details:
        loc = tuple(detail["loc"])
        owner = _model_at(model, loc[:-1]) if detail["type"] == "extra_forbidden" else None
        if owner is not None:
            close = difflib.get_close_matches(str(loc[-1]), list(owner.model_fields), n=1)
            if close:
                misspelt.add((*loc[:-1], close[0]))
    return [d for d in details if not (d["type"] == "missing" and tuple(d["loc"]) in misspelt)]


def _label(kind: str, raw: Any) -> str:
    if isinstance(raw, dict) and isinstance(raw.get("id"), str):
        return f"{kind} '{raw['id']}'"
    return kind


def _dotted(loc: tuple[Any, ...]) -> str:
    text = ""
    for step in loc:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


def _describe(detail: Any, loc: tuple[Any, ...]) -> str:
    kind = detail["type"]
    where = _dotted(loc)
    if kind == "extra_forbidden":
        parent = _dotted(loc[:-1])
        return f"unknown field '{loc[-1]}'" + (f" in {parent}" if parent else "")
    if kind == "missing":
        return f"missing field '{where}'"
    if kind == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == ID_PATTERN:
        return f"field '{where}': {_id_problem(str(detail['input']))}"
    message = detail["msg"]
    if kind == "value_error":
        message = message.removeprefix("Value error, ")
    return f"field '{where}': {message}" if where else message


def _id_problem(value: str) -> str:
    """Why a string is not an id, naming the first character that is not allowed."""
    for char in value:
        if not (char.isascii() and (char.islower() or char.isdigit() or char == "-")):
            name = unicodedata.name(char, "a control character")
            return f"'{value}' is not a valid id: character '{char}' (U+{ord(char):04X} {name}) is not allowed"
    return f"'{value}' is not a valid id: it must start and end with a letter or digit and have 1 to 80 characters"


def _hint(model: type[BaseModel], detail: Any, loc: tuple[Any, ...]) -> str:
    if detail["type"] == "string_pattern_mismatch" and detail.get("ctx", {}).get("pattern") == ID_PATTERN:
        return "ids are lower-case ASCII letters, digits and hyphens, e.g. agency-estimate-2"
    if detail["type"] == "extra_forbidden":
        owner = _model_at(model, loc[:-1])
        if owner is None:
            return ""
        return _did_you_mean(str(loc[-1]), list(owner.model_fields))
    owner = _model_at(model, loc[:-1])
    name = loc[-1] if loc else None
    hint = ""
    if owner is not None and isinstance(name, str) and name in owner.model_fields:
        hint = owner.model_fields[name].description or ""
    given = detail.get("input")
    if detail["type"] == "string_type" and isinstance(given, int | float):
        hint = f"YAML reads {given!r} as a number; put the text in quotes. {hint}".strip()
    elif detail["type"] in ("int_type", "float_type") and isinstance(given, bool | str):
        read = f"YAML reads {str(given).lower()} as a boolean" if isinstance(given, bool) else f"{given!r} is text"
        hint = f"{read}; write the number plainly in digits, without quotes. {hint}".strip()
    elif detail["type"] == "bool_type":
        hint = f"write true or false. {hint}".strip()
    return hint


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    known = ", ".join(choices)
    if close:
        return f"did you mean '{close[0]}'? valid here: {known}"
    return f"valid here: {known}"


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that describes the mapping at `loc`, following list items and optionals."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(step)
        if info is None:
            return None
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    """The BaseModel inside list[...], X | None or Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _inner_model(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None
