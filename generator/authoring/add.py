"""`briefing add PATH`: a saved page, PDF or text file becomes an article and a source entry.

Everything is worked out first (the text extracted, the metadata read, the entry
composed); only then are the files written: the original unchanged, the article
text, and the entry appended to the register. Adding a file that the register
already holds (by its SHA-256) changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.authoring.boilerplate import suggest_boilerplate
from generator.authoring.extract import Extracted, extract
from generator.authoring.register_text import insertion, scalar, write_atomically
from generator.authoring.slugs import slug
from generator.register.articles import prepare
from generator.register.evidence import ARTICLES, sha256
from generator.register.load import TODO, display_path, load_register, register_files
from generator.register.problems import BriefingError, InvalidInput
from generator.register.yaml_lines import LineDict, LineList, YamlProblem, parse
from generator.settings import Settings

ORIGINALS = f"{ARTICLES}/originals"
"""Where saved pages and PDFs are kept, unchanged, next to the text extracted from them."""


@dataclass(frozen=True)
class KnownSource:
    """A source entry as written, valid or not: enough to recognise a file added before."""

    ident: str
    path: str
    line: int
    digests: frozenset[str]


def add(settings: Settings, given: Path) -> str:
    """Add the file at `given`; return the report to print."""
    try:
        data = given.read_bytes()
    except OSError as error:
        raise BriefingError(f"{given}: cannot read the file ({error.strerror})") from None
    digest = sha256(data)
    known = list(_known_sources(settings))
    for source in known:
        if digest in source.digests:
            return (
                f"{source.path}:{source.line}: already in the register as source '{source.ident}' "
                "(same SHA-256); nothing changed"
            )
    extracted = extract(given, data)
    plan = _plan(settings, given, data, extracted, known)
    _write(plan)
    return plan.report


@dataclass(frozen=True)
class _Plan:
    """Every file `add` will write, with its content, and what to say afterwards."""

    files: dict[Path, bytes]
    """Path -> content; the register file last."""
    report: str


def _known_sources(settings: Settings) -> Iterator[KnownSource]:
    """Every source entry in the register files, read as plain YAML (a TODO does not hide it)."""
    register, problems = load_register(settings.register, settings.root)
    if not register.complete:
        raise InvalidInput(problems)
    for path in register_files(settings.register):
        shown = display_path(path, settings.root)
        try:
            data, _ = parse(path.read_text(encoding="utf-8"))
        except YamlProblem:  # pragma: no cover - load_register has already reported it
            continue
        sources = data.get("sources") if isinstance(data, LineDict) else None
        if not isinstance(sources, LineList):
            continue
        for index, item in enumerate(sources):
            if isinstance(item, dict):
                digests = {v for k in ("sha256", "original_sha256") if isinstance(v := item.get(k), str)}
                yield KnownSource(str(item.get("id", "")), shown, sources.item_lines[index], frozenset(digests))


def _plan(settings: Settings, given: Path, data: bytes, extracted: Extracted, known: list[KnownSource]) -> _Plan:
    seeds = settings.seeds.resolve()
    number = _next_number(seeds, known)
    name = f"{number:03d}_{slug(extracted.title or given.stem, 40) or 'article'}"
    ident = name.replace("_", "-", 1)
    # A file already put under seeds/ is kept where it is; any other is copied in.
    here = given.resolve()
    in_place = here.is_relative_to(seeds)
    files: dict[Path, bytes] = {}
    if extracted.kind == "text":
        article_path = here if in_place else seeds / ARTICLES / f"{name}.txt"
        original_path, article_bytes = None, data
        if not in_place:
            files[article_path] = data
    else:
        article_path = seeds / ARTICLES / f"{name}.txt"
        original_path = here if in_place else seeds / ORIGINALS / f"{name}{given.suffix.lower()}"
        article_bytes = extracted.text.encode("utf-8")
        files[article_path] = article_bytes
        if not in_place:
            files[original_path] = data
    for target in files:
        if target.exists():
            raise BriefingError(f"{display_path(target, settings.root)} exists already; nothing was written")
    boilerplate = suggest_boilerplate(extracted.text, extracted.language)
    entry = _entry(
        ident,
        article_path.relative_to(seeds).as_posix(),
        sha256(article_bytes),
        original_path.relative_to(seeds).as_posix() if original_path else None,
        sha256(data),
        extracted,
        boilerplate,
    )
    register_path, register_text, line = insertion(settings.register, "sources", list(entry))
    files[register_path] = register_text.encode("utf-8")
    paragraphs = len(prepare(article_bytes.decode("utf-8-sig"), []).paragraphs)
    report = _report(
        settings, ident, register_path, line, article_path, original_path, extracted, len(boilerplate), paragraphs
    )
    return _Plan(files, report)


_NUMBERED = re.compile(r"^(\d+)[-_]")


def _next_number(seeds: Path, known: list[KnownSource]) -> int:
    """One more than the highest number that starts a source id or an article file name."""
    names = [source.ident for source in known]
    folder = seeds / ARTICLES
    if folder.is_dir():
        names += [path.name for path in folder.rglob("*")]
    numbers = [int(match.group(1)) for name in names if (match := _NUMBERED.match(name))]
    return max(numbers, default=0) + 1


def _entry(
    ident: str,
    file: str,
    digest: str,
    original: str | None,
    original_digest: str,
    extracted: Extracted,
    boilerplate: list[str],
) -> Iterator[str]:
    """The lines of the source entry, as a list item at column 0."""
    yield f"- id: {ident}"
    yield f"  file: {scalar(file)}"
    yield f"  sha256: {digest}"
    if original:
        yield f"  original: {scalar(original)}"
        yield f"  original_sha256: {original_digest}"
    if extracted.url:
        yield f"  url: {scalar(extracted.url)}"
    yield f"  title: {scalar(extracted.title or TODO)}"
    yield f"  outlet: {scalar(extracted.outlet or TODO)}"
    if extracted.author:
        yield f"  author: {scalar(extracted.author)}"
    yield f"  published: {scalar(extracted.published or TODO)}"
    yield f"  language: {scalar(extracted.language or TODO)}"
    yield "  reliability:"
    yield f"    grade: {TODO}  # Admiralty scale A–F; F when it cannot be judged"
    yield f"    rationale: {TODO}"
    if boilerplate:
        yield "  boilerplate:  # suggested by briefing add: keep only the lines that are page furniture"
        for line in boilerplate:
            yield f"    - {scalar(line)}  # review"


def _report(
    settings: Settings,
    ident: str,
    register_path: Path,
    line: int,
    article_path: Path,
    original_path: Path | None,
    extracted: Extracted,
    suggested: int,
    paragraphs: int,
) -> str:
    def shown(path: Path) -> str:
        return display_path(path, settings.root)

    how = "stored as received" if extracted.kind == "text" else f"text extracted with {extracted.tool}"
    lines = [
        f"{shown(register_path)}:{line}: added source '{ident}'",
        f"  article: {shown(article_path)} ({paragraphs} paragraphs, {how})",
    ]
    if original_path is not None:
        lines.append(f"  original: {shown(original_path)} (kept unchanged)")
    fields: list[tuple[str, Any]] = [
        ("title", extracted.title),
        ("outlet", extracted.outlet),
        ("author", extracted.author),
        ("published", extracted.published),
        ("language", extracted.language),
        ("url", extracted.url),
    ]
    found = [_described(name, value, extracted) for name, value in fields if value]
    missing = [name for name, value in fields if not value]
    lines.append(f"  found: {', '.join(found) if found else 'nothing'}")
    lines.append(f"  could not determine: {', '.join(missing) if missing else 'nothing'}")
    review = f"{suggested} suggested boilerplate line{'s' if suggested != 1 else ''}, " if suggested else ""
    lines.append(f"  to do: {review}every TODO (the reliability grade always needs a person), then briefing check")
    return "\n".join(lines)


def _described(name: str, value: str, extracted: Extracted) -> str:
    if name == "published":
        precision = {0: "year", 1: "month", 2: "day"}[value.count("-")]
        return f"published {value} ({precision}, from {extracted.found_by.get(name, 'the file')})"
    if name == "language":
        return f"language {value} (from {extracted.found_by.get(name, 'the file')})"
    return name


def _write(plan: _Plan) -> None:
    """Originals and articles first, then the register: a source never names a file not yet there."""
    for path, data in plan.files.items():
        write_atomically(path, data)
