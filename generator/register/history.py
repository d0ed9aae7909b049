"""History: the register as it stood at every commit, and what changed between editions.

Read with the git command line, which every machine that builds a site from a
repository already has; no library is needed for four plumbing commands. Each
version of each register file is parsed once (versions are keyed by their blob
id), leniently: history follows a handful of fields of claims, sources and key
judgments, so an old version written to an older schema still counts. A folder
outside git, or a shallow clone, gives a one-line notice and no history, never
invented dates.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from generator.register.models import Edition as DeclaredEdition
from generator.register.yaml_lines import YamlProblem, parse

Field = Literal["statement", "status", "credibility", "figures", "relations"]
FIELDS: tuple[Field, ...] = ("statement", "status", "credibility", "figures", "relations")
"""What a claim's history follows, in the order the changes page lists it."""
PRIORITY: tuple[Field, ...] = ("status", "figures", "credibility", "statement", "relations")
"""Which change a claim card names when one commit changed several fields."""


@dataclass(frozen=True)
class Figure:
    """One figure of a claim as history compares it."""

    value: float
    unit: str
    exactness: str
    scope: str


@dataclass(frozen=True)
class ClaimState:
    """The followed fields of one claim in one version of the register."""

    statement: str
    status: str
    credibility: str
    figures: tuple[Figure, ...]
    relations: tuple[tuple[str, str], ...]
    """(type, other claim id) of each relation."""
    citations: frozenset[tuple[str, str]]
    """(source id, quote) of each citation: the evidence."""
    former_ids: tuple[str, ...]

    def value(self, name: Field) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class JudgmentState:
    statement: str
    likelihood: str
    confidence: str
    change_note: str


@dataclass(frozen=True)
class Snapshot:
    """What history follows of the whole register at one commit."""

    claims: dict[str, ClaimState]
    sources: dict[str, str]
    """Source id -> title."""
    judgments: dict[str, JudgmentState]


EMPTY = Snapshot({}, {}, {})


@dataclass(frozen=True)
class Version:
    """A commit that changed the register (or the uncommitted working tree, in a preview)."""

    commit: str
    """Full commit id; empty for the working tree."""
    time: datetime.datetime
    snapshot: Snapshot

    @property
    def day(self) -> datetime.date:
        return self.time.astimezone(datetime.UTC).date()


@dataclass(frozen=True)
class FieldChange:
    field: Field
    old: Any
    new: Any


@dataclass(frozen=True)
class ClaimChange:
    """What happened to one claim within one edition."""

    claim: str
    """The claim's id at the end of the edition (its last id, for a withdrawn one)."""
    kind: Literal["added", "changed", "withdrawn"]
    statement: str
    changes: tuple[FieldChange, ...] = ()
    renamed_from: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()
    """Citations the claim gained in this edition: what changed it."""


@dataclass(frozen=True)
class JudgmentChange:
    judgment: str
    kind: Literal["added", "changed", "withdrawn"]
    old: JudgmentState | None
    new: JudgmentState | None


@dataclass(frozen=True)
class EditionChanges:
    """One edition and what it changed against the one before."""

    key: str
    """Anchor and feed key: edition-YYYY-MM-DD, or `unpublished` for uncommitted edits."""
    label: str
    """The register's name for it; empty for the implicit and the unpublished edition."""
    day: datetime.date
    """The declared edition's date, else the day of its last commit."""
    time: datetime.datetime
    """Time of the edition's last commit (the feed's `updated`)."""
    kind: Literal["declared", "implicit", "after", "unpublished"]
    """A declared edition, the whole history when none is declared, commits after the last declared one,
    or uncommitted edits shown in a preview."""
    claims: tuple[ClaimChange, ...]
    sources: tuple[tuple[str, str], ...]
    """(id, title) of the sources added."""
    judgments: tuple[JudgmentChange, ...]
    first: bool = False
    """The first edition: everything in it is new, so pages count it rather than list it."""

    @functools.cached_property
    def listed(self) -> frozenset[str]:
        """Ids of the claims this edition lists."""
        return frozenset(change.claim for change in self.claims)

    @property
    def empty(self) -> bool:
        return not (self.claims or self.sources or self.judgments)


@dataclass(frozen=True)
class ClaimHistory:
    """The two facts a claim card shows: when the claim came in, and its latest change."""

    added: EditionChanges
    added_day: datetime.date
    latest: tuple[EditionChanges, datetime.date, FieldChange] | None = None


@dataclass(frozen=True)
class History:
    editions: tuple[EditionChanges, ...] = ()
    """Oldest first."""
    claims: dict[str, ClaimHistory] = field(default_factory=dict)
    """Per current claim id."""
    project: str = ""
    """The repository's first commit: a key that stays with the project, for feed ids."""
    notice: str = ""
    """Why there is no history, in one line; empty when there is one."""

    @property
    def current(self) -> EditionChanges | None:
        """The edition the reader sees: the newest one."""
        return self.editions[-1] if self.editions else None


class GitUnavailable(Exception):
    """History cannot be read; the message is the one-line notice."""


def read_history(
    root: Path, register: Path, declared: Sequence[DeclaredEdition], preview: bool, cache: Path | None = None
) -> History:
    """The register's history from git, cut into editions; a notice instead where git cannot tell.

    `cache` is a folder where what history follows of each version of a register file is kept
    between runs (keyed by git's blob id, which names the content), so a run parses only the
    versions it has not seen: at 10,000 claims a version takes about a second to parse.
    """
    try:
        versions, project = _versions(root, register, preview, cache)
    except GitUnavailable as unavailable:
        return History(notice=str(unavailable))
    if not versions:
        return History(notice=f"{_shown(register, root)} has no commits yet: the site is built without history")
    editions = _editions(versions, declared)
    return History(editions=tuple(editions), claims=_claim_histories(versions, editions), project=project)


def head(root: Path) -> str:
    """The commit the project's folder is at, or '' outside git: part of the no-change fingerprint."""
    try:
        return _git(root, "rev-parse", "HEAD").strip()
    except GitUnavailable:
        return ""


# --- reading git -------------------------------------------------------------------------------


def _git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    return _git_bytes(root, *args, stdin=stdin).decode("utf-8", "replace")


def _git_bytes(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        result = subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitUnavailable("git is not installed: the site is built without history") from None
    if result.returncode != 0:
        raise GitUnavailable(_first_line(result.stderr))
    return result.stdout


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "git failed"


def _versions(root: Path, register: Path, preview: bool, cache: Path | None) -> tuple[list[Version], str]:
    try:
        top = Path(_git(root, "rev-parse", "--show-toplevel").strip())
    except GitUnavailable:
        raise GitUnavailable(f"{root} is not in a git repository: the site is built without history") from None
    if _git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
        raise GitUnavailable(
            "the repository is a shallow clone: the site is built without history "
            "(fetch the whole history, e.g. actions/checkout with fetch-depth: 0)"
        )
    try:
        folder = register.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:
        raise GitUnavailable(f"{register} is outside the repository at {top}: no history") from None
    log = _git(top, "log", "--first-parent", "--reverse", "--format=%H %cI", "HEAD", "--", folder)
    commits = [line.split(" ", 1) for line in log.splitlines() if line]
    project = _git(top, "rev-list", "--max-parents=0", "HEAD").split()[0] if commits else ""
    blobs_by_commit = {sha: _register_blobs(top, sha, folder) for sha, _ in commits}
    states = _blob_states(top, {blob for blobs in blobs_by_commit.values() for blob in blobs.values()}, cache)
    versions: list[Version] = []
    for sha, stamp in commits:
        snapshot = _merged(states[blob] for blob in blobs_by_commit[sha].values())
        if not versions or snapshot != versions[-1].snapshot:  # a commit that changed nothing history follows
            versions.append(Version(sha, datetime.datetime.fromisoformat(stamp), snapshot))
    if preview:
        working = _working_tree(register)
        if not versions or working != versions[-1].snapshot:
            now = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
            versions.append(Version("", now, working))
    return versions, project


def _register_blobs(top: Path, commit: str, folder: str) -> dict[str, str]:
    """Path -> blob id of the register files directly in `folder` at `commit`."""
    listing = _git(top, "ls-tree", "-z", "--full-tree", commit, "--", f"{folder}/")
    blobs = {}
    for entry in listing.split("\0"):
        if not entry:
            continue
        meta, path = entry.split("\t", 1)
        _, kind, blob = meta.split()
        inside = path[len(folder) + 1 :]
        if kind == "blob" and "/" not in inside and inside.endswith((".yml", ".yaml")):
            blobs[path] = blob
    return blobs


def _blob_texts(top: Path, blobs: Iterable[str]) -> dict[str, str]:
    """The contents of many blobs in one `git cat-file --batch`."""
    wanted = sorted(blobs)
    if not wanted:
        return {}
    out = _git_bytes(top, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in wanted).encode())
    texts: dict[str, str] = {}
    position = 0
    for blob in wanted:
        header_end = out.index(b"\n", position)
        size = int(out[position:header_end].split()[2])
        start = header_end + 1
        texts[blob] = out[start : start + size].decode("utf-8", "replace")
        position = start + size + 1
    return texts


def _working_tree(register: Path) -> Snapshot:
    files = [
        _file_state(path.read_text(encoding="utf-8", errors="replace"))
        for path in sorted(register.iterdir())
        if path.suffix in {".yml", ".yaml"} and path.is_file()
    ]
    return _merged(files)


def _blob_states(top: Path, blobs: set[str], cache: Path | None) -> dict[str, Snapshot]:
    """What history follows of each blob: from the cache where it has been seen, else parsed."""
    states = {}
    missing = set()
    for blob in blobs:
        cached = _cached(cache, blob)
        if cached is None:
            missing.add(blob)
        else:
            states[blob] = cached
    for blob, text in _blob_texts(top, missing).items():
        states[blob] = _file_state(text)
        _remember(cache, blob, states[blob])
    return states


_CACHE_FORMAT = 1
"""Raised whenever what a cached version holds changes, so old entries are never misread."""


def _cache_file(cache: Path, blob: str) -> Path:
    return cache / f"{_CACHE_FORMAT}-{blob}.json"


def _cached(cache: Path | None, blob: str) -> Snapshot | None:
    if cache is None:
        return None
    try:
        data = json.loads(_cache_file(cache, blob).read_text(encoding="utf-8"))
        return _decode(data)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(cache: Path | None, blob: str, state: Snapshot) -> None:
    if cache is None:
        return
    try:
        cache.mkdir(parents=True, exist_ok=True)
        target = _cache_file(cache, blob)
        temporary = target.with_suffix(".tmp")
        temporary.write_text(json.dumps(_encode(state), ensure_ascii=False), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _encode(state: Snapshot) -> dict[str, Any]:
    return {
        "claims": {
            ident: [
                c.statement,
                c.status,
                c.credibility,
                [[f.value, f.unit, f.exactness, f.scope] for f in c.figures],
                [list(r) for r in c.relations],
                sorted(list(q) for q in c.citations),
                list(c.former_ids),
            ]
            for ident, c in state.claims.items()
        },
        "sources": state.sources,
        "judgments": {ident: list(dataclasses.astuple(j)) for ident, j in state.judgments.items()},
    }


def _decode(data: dict[str, Any]) -> Snapshot:
    claims = {
        ident: ClaimState(
            statement,
            status,
            credibility,
            tuple(Figure(float(v), u, e, s) for v, u, e, s in figures),
            tuple((kind, other) for kind, other in relations),
            frozenset((source, quote) for source, quote in citations),
            tuple(former),
        )
        for ident, (statement, status, credibility, figures, relations, citations, former) in data["claims"].items()
    }
    judgments = {ident: JudgmentState(*values) for ident, values in data["judgments"].items()}
    return Snapshot(claims, dict(data["sources"]), judgments)


# --- what history follows of a register version -----------------------------------------------------


def _lenient(text: str) -> dict[str, Any]:
    """A register file's sections, or nothing when this version of it does not parse."""
    try:
        data, _ = parse(text)
    except YamlProblem:
        return {}
    return data if isinstance(data, dict) else {}


def _items(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = data.get(key)
    return (
        [item for item in value if isinstance(item, dict) and isinstance(item.get("id"), str)]
        if isinstance(value, list)
        else []
    )


def _text(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _merged(files: Iterable[Snapshot]) -> Snapshot:
    """The whole register from its files (ids are unique across files in a valid register)."""
    claims: dict[str, ClaimState] = {}
    sources: dict[str, str] = {}
    judgments: dict[str, JudgmentState] = {}
    for state in files:
        claims.update(state.claims)
        sources.update(state.sources)
        judgments.update(state.judgments)
    return Snapshot(claims, sources, judgments)


def _file_state(text: str) -> Snapshot:
    """What history follows of one version of one register file."""
    data = _lenient(text)
    claims: dict[str, ClaimState] = {}
    sources: dict[str, str] = {}
    judgments: dict[str, JudgmentState] = {}
    if data:
        for item in _items(data, "claims"):
            claims[item["id"]] = _claim_state(item)
        for item in _items(data, "sources"):
            sources[item["id"]] = _text(item.get("title"))
        overview = data.get("overview")
        if isinstance(overview, dict):
            for item in _items(overview, "key_judgments"):
                judgments[item["id"]] = JudgmentState(
                    _text(item.get("statement")),
                    _text(item.get("likelihood")),
                    _text(item.get("confidence")),
                    _text(item.get("change_note")),
                )
    return Snapshot(claims, sources, judgments)


def _claim_state(item: dict[str, Any]) -> ClaimState:
    figures = []
    for q in item.get("quantities") or []:
        if isinstance(q, dict) and isinstance(q.get("value"), int | float):
            figures.append(
                Figure(
                    float(q["value"]), _text(q.get("unit")), _text(q.get("exactness") or "exact"), _text(q.get("scope"))
                )
            )
    relations = tuple(
        (_text(r.get("type")), _text(r.get("claim"))) for r in item.get("relations") or [] if isinstance(r, dict)
    )
    citations = frozenset(
        (_text(c.get("source")), _text(c.get("quote"))) for c in item.get("citations") or [] if isinstance(c, dict)
    )
    former = tuple(str(f) for f in item.get("former_ids") or [] if isinstance(f, str))
    return ClaimState(
        statement=_text(item.get("statement")),
        status=_text(item.get("status") or "reported"),
        credibility=_text(item.get("credibility")),
        figures=tuple(figures),
        relations=relations,
        citations=citations,
        former_ids=former,
    )


# --- editions and changes ---------------------------------------------------------------------------


def _editions(versions: list[Version], declared: Sequence[DeclaredEdition]) -> list[EditionChanges]:
    """Cut the versions into editions and diff each edition's last version against the one before."""
    committed = [v for v in versions if v.commit]
    groups: list[tuple[str, str, str, datetime.date | None, list[Version]]] = []
    remaining = committed
    for edition in declared:
        end = datetime.date.fromisoformat(edition.date)
        inside = [v for v in remaining if v.day <= end]
        remaining = [v for v in remaining if v.day > end]
        if inside:
            groups.append((f"edition-{edition.date}", edition.label, "declared", end, inside))
    if remaining:
        if declared:
            groups.append(("after", "", "after", None, remaining))
        else:
            groups.append((f"edition-{remaining[-1].day.isoformat()}", "", "implicit", None, remaining))
    if len(committed) < len(versions):
        groups.append(("unpublished", "", "unpublished", None, [versions[-1]]))
    editions = []
    before = EMPTY
    for key, label, kind, day, members in groups:
        after = members[-1].snapshot
        last = members[-1]
        editions.append(
            EditionChanges(
                key=key,
                label=label,
                day=day or last.day,
                time=last.time,
                kind=kind,  # type: ignore[arg-type]
                claims=tuple(sorted(_claim_changes(before, after), key=lambda c: _KIND_ORDER[c.kind])),
                sources=tuple((s, t) for s, t in after.sources.items() if s not in before.sources),
                judgments=tuple(_judgment_changes(before, after)),
                first=before is EMPTY,
            )
        )
        before = after
    return editions


_KIND_ORDER = {"added": 0, "changed": 1, "withdrawn": 2}
"""Claims listed new first, then changed, then withdrawn, on the page and in the feed alike."""


def _renames(before: Snapshot, after: Snapshot) -> dict[str, tuple[str, ...]]:
    """New id -> the ids it had in `before`, for claims renamed between the two."""
    renamed = {}
    for ident, state in after.claims.items():
        if ident not in before.claims:
            old = tuple(f for f in state.former_ids if f in before.claims and f not in after.claims)
            if old:
                renamed[ident] = old
    return renamed


def _renamed_targets(state: ClaimState, new_ids: dict[str, str]) -> ClaimState:
    """The state with relations to renamed claims pointing at their new ids: a rename alone changes no relation."""
    if not any(other in new_ids for _, other in state.relations):
        return state
    relations = tuple((kind, new_ids.get(other, other)) for kind, other in state.relations)
    return dataclasses.replace(state, relations=relations)


def _claim_changes(before: Snapshot, after: Snapshot) -> Iterable[ClaimChange]:
    renamed = _renames(before, after)
    taken = {old for olds in renamed.values() for old in olds}
    new_ids = {old: new for new, olds in renamed.items() for old in olds}
    for ident, state in after.claims.items():
        previous_id = ident if ident in before.claims else (renamed[ident][0] if ident in renamed else None)
        if previous_id is None:
            yield ClaimChange(ident, "added", state.statement, evidence=tuple(sorted(state.citations)))
            continue
        if before.claims[previous_id] is state and not new_ids:
            continue
        old = _renamed_targets(before.claims[previous_id], new_ids)
        changes = tuple(FieldChange(f, old.value(f), state.value(f)) for f in FIELDS if old.value(f) != state.value(f))
        if changes or ident in renamed:
            evidence = tuple(sorted(state.citations - old.citations))
            yield ClaimChange(ident, "changed", state.statement, changes, renamed.get(ident, ()), evidence)
    for ident, state in before.claims.items():
        if ident not in after.claims and ident not in taken:
            yield ClaimChange(ident, "withdrawn", state.statement)


def _judgment_changes(before: Snapshot, after: Snapshot) -> Iterable[JudgmentChange]:
    for ident, state in after.judgments.items():
        old = before.judgments.get(ident)
        if old is None:
            yield JudgmentChange(ident, "added", None, state)
        elif (old.statement, old.likelihood, old.confidence) != (state.statement, state.likelihood, state.confidence):
            yield JudgmentChange(ident, "changed", old, state)
    for ident, state in before.judgments.items():
        if ident not in after.judgments:
            yield JudgmentChange(ident, "withdrawn", state, None)


def _claim_histories(versions: list[Version], editions: list[EditionChanges]) -> dict[str, ClaimHistory]:
    """For each claim of the newest version: the edition and day it came in, and its latest change."""

    def edition_of(version: Version) -> EditionChanges:
        for edition in editions:
            if version.commit == "" and edition.kind == "unpublished":
                return edition
            if version.commit and edition.kind != "unpublished" and version.time <= edition.time:
                return edition
        return editions[-1]

    histories: dict[str, ClaimHistory] = {}
    before = EMPTY
    for version in versions:
        after = version.snapshot
        renamed = _renames(before, after)
        new_ids = {old: new for new, olds in renamed.items() for old in olds}
        moved = {new: histories[olds[0]] for new, olds in renamed.items() if olds[0] in histories}
        for ident, state in after.claims.items():
            if ident in moved:
                histories[ident] = moved[ident]
            previous = before.claims.get(ident) or (before.claims.get(renamed[ident][0]) if ident in renamed else None)
            if previous is state and not new_ids:
                continue  # same file version, same object: only a commit's changed files need comparing
            if previous is None:
                histories[ident] = ClaimHistory(edition_of(version), version.day)
                continue
            previous = _renamed_targets(previous, new_ids)
            if previous == state:
                continue
            changed = [name for name in PRIORITY if previous.value(name) != state.value(name)]
            if changed:
                record = histories[ident]
                change = FieldChange(changed[0], previous.value(changed[0]), state.value(changed[0]))
                histories[ident] = ClaimHistory(
                    record.added, record.added_day, (edition_of(version), version.day, change)
                )
        before = after
    return {ident: histories[ident] for ident in versions[-1].snapshot.claims}


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
