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

from generator.register import type_errors
from generator.register.files import FileRefused, inside, read_bounded
from generator.register.models import ID_PATTERN, Briefing, Claim, Entity, Overview, RecordError, Source
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
    rejected_files: set[str] = field(default_factory=set)
    """Article paths named by sources that failed their model: those files are not unlisted."""
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


@dataclass(frozen=True)
class _Loaded:
    """What one file's text gave: its records (in a register of their own) and its problems."""

    text: str
    part: Register
    problems: list[Problem]


class LoadCache:
    """The last reading of each register file, for a process that loads the register again
    and again (`briefing serve`): a file whose text has not changed is not parsed anew. At
    10,000 claims in four files, parsing and checking them takes 0.9 s of each rebuild."""

    def __init__(self) -> None:
        self._files: dict[str, _Loaded] = {}

    def load(self, text: str, shown: str) -> _Loaded:
        loaded = self._files.get(shown)
        if loaded is None or loaded.text != text:
            part = Register()
            loaded = _Loaded(text, part, list(_load_text(text, shown, part)))
            self._files[shown] = loaded
        return loaded

    def keep_only(self, shown: set[str]) -> None:
        """Forget the files that are no longer in the register."""
        self._files = {name: loaded for name, loaded in self._files.items() if name in shown}


def load_register(register_dir: Path, root: Path, cache: LoadCache | None = None) -> tuple[Register, list[Problem]]:
    """Read and model-check every register file; collect every problem. With a `cache`,
    files read before with the same text are taken from it."""
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
        problems.extend(_load_file(path, shown, register, root, cache))
    if cache is not None:
        cache.keep_only(set(register.files))
    return register, problems


MAX_REGISTER_BYTES = 64 * 1024 * 1024
"""A register file larger than this is refused before it is read (about ten times a 10,000-claim register)."""

_READ_HINT = "check that the folder exists and that you may read it"
_SPLIT_REGISTER = "split the register into several files under seeds/register/"


def _load_file(path: Path, shown: str, register: Register, root: Path, cache: LoadCache | None) -> Iterator[Problem]:
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
    if cache is None:
        yield from _load_text(text, shown, register)
        return
    loaded = cache.load(text, shown)
    _merge(register, loaded.part)
    yield from loaded.problems


def _merge(register: Register, part: Register) -> None:
    """Add what one file gave to the register (a file's records follow the earlier files')."""
    register.overviews.extend(part.overviews)
    register.sources.extend(part.sources)
    register.entities.extend(part.entities)
    register.claims.extend(part.claims)
    register.briefings.extend(part.briefings)
    for section, ids in part.rejected_ids.items():
        register.rejected_ids.setdefault(section, set()).update(ids)
    register.rejected_files.update(part.rejected_files)
    register.complete = register.complete and part.complete


def _load_text(text: str, shown: str, register: Register) -> Iterator[Problem]:
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
        elif isinstance(item, dict):
            if isinstance(item.get("id"), str):
                register.rejected_ids.setdefault(key, set()).add(item["id"])
            if key == "sources":
                register.rejected_files.update(v for f in ("file", "original") if isinstance(v := item.get(f), str))


def _check_record(
    model: type[R], raw: Any, shown: str, kind: str, line: int
) -> typing.Generator[Problem, None, Located[R] | None]:
    label = _label(kind, raw)
    todos = list(_todo_fields(raw, ()))
    for loc in todos:
        yield Problem(
            shown,
            line_of(raw, loc, line),
            f"{label}: field '{_dotted(loc)}' is still TODO",
            f"{_hint(model, {'type': 'todo'}, loc)} ({TODO_HINT})".lstrip(),
        )
    try:
        record = model.model_validate(raw)
    except ValidationError as error:
        for detail in _without_explained_missing(model, error.errors()):
            if isinstance(detail.get("input"), Refused):
                continue  # the YAML reader has reported this value already
            loc = _as_written(raw, detail)
            if any(tuple(detail["loc"])[: len(todo)] == todo for todo in todos):
                continue  # reported above as TODO
            explained = type_errors.explain(detail, _where(model, loc))
            message, hint = explained or (_describe(detail, loc), _hint(model, detail, loc))
            yield Problem(shown, line_of(raw, loc, line), f"{label}: {message}", hint)
        return None
    if todos:
        return None
    return Located(record, shown, raw)


def _as_written(raw: Any, detail: Any) -> tuple[Any, ...]:
    """The path as the editor wrote it: `asserted: 15` is not a date at asserted, not asserted.date."""
    loc = tuple(detail["loc"])
    pattern = detail.get("ctx", {}).get("pattern")
    if pattern == type_errors.DATE_PATTERN and loc[-1] == "date" and not isinstance(_value_at(raw, loc[:-1]), dict):
        return loc[:-1]
    return loc


def _value_at(raw: Any, loc: tuple[Any, ...]) -> Any:
    for step in loc:
        try:
            raw = raw[step]
        except (KeyError, IndexError, TypeError):
            return None
    return raw


def _where(model: type[BaseModel], loc: tuple[Any, ...]) -> type_errors.Where:
    """The field at `loc`: its name, description and, for a record, the fields it expects."""
    owner = _model_at(model, loc[:-1])
    names = [step for step in loc if isinstance(step, str)]
    key = names[-1] if names else "value"
    info = owner.model_fields.get(key) if owner is not None else None
    inner = _model_at(model, loc)
    expected: tuple[str, ...] = ()
    if inner is not None:
        fields = inner.model_fields
        expected = tuple(sorted(fields, key=lambda name: not fields[name].is_required()))
    in_list = bool(loc) and isinstance(loc[-1], int)
    return type_errors.Where(_dotted(loc), key, (info.description or "") if info else "", expected, in_list)


TODO = "TODO"
"""What `briefing add` and `briefing draft` write where a person must decide; never valid."""
TODO_HINT = "briefing add and briefing draft write TODO where a person must decide"


def _todo_fields(raw: Any, loc: tuple[int | str, ...]) -> Iterator[tuple[int | str, ...]]:
    """The path of every value that is still TODO."""
    if isinstance(raw, str) and raw.strip() == TODO:
        yield loc
    elif isinstance(raw, dict):
        for key, value in raw.items():
            yield from _todo_fields(value, (*loc, key))
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            yield from _todo_fields(value, (*loc, index))


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
    error = detail.get("ctx", {}).get("error")
    if isinstance(error, RecordError):
        return error.hint
    owner = _model_at(model, loc[:-1])
    name = loc[-1] if loc else None
    hint = ""
    if owner is not None and isinstance(name, str) and name in owner.model_fields:
        hint = owner.model_fields[name].description or ""
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
