"""The evidence is guarded: every stored file matches the digest its source records.

Each source records the SHA-256 of its article file (`sha256`) and, when the text
was extracted from a saved web page or PDF, of that original file
(`original_sha256`). The digest sits next to the path it guards, so a register
review shows both, and nothing else has to be kept in step. A file under
`seeds/articles/` that no source names is an error too: evidence nobody cites is
either a forgotten source or a file left behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from generator.register import files
from generator.register.load import Located, display_path
from generator.register.models import Source
from generator.register.problems import Problem

ARTICLES = "articles"
"""The folder under seeds/ that holds the evidence; every file in it must belong to a source."""


def sha256(data: bytes) -> str:
    """The digest as `sha256sum` prints it."""
    return hashlib.sha256(data).hexdigest()


MAX_ORIGINAL_BYTES = 100_000_000
"""A saved page or PDF larger than this is refused: it would be read at every build."""


def inside(seeds_dir: Path, relative: str) -> Path | None:
    """The file a source names, or None when the path leads outside the seeds folder."""
    if "\0" in relative or Path(relative).is_absolute() or not files.inside(seeds_dir / relative, seeds_dir):
        return None
    return (seeds_dir / relative).resolve()


def check_digest(source: Located[Source], field: str, data: bytes) -> Iterator[Problem]:
    """A problem when the bytes read for `field` (file or original) differ from the recorded digest."""
    record = source.record
    digest_field = "sha256" if field == "file" else "original_sha256"
    recorded: str | None = getattr(record, digest_field)
    actual = sha256(data)
    named = getattr(record, field)
    if recorded is None:
        yield Problem(
            source.path,
            source.line(field),
            f"source '{record.id}': no {digest_field} recorded for '{named}'",
            f"add the line `{digest_field}: {actual}` to the source (the file as received)",
        )
    elif recorded != actual:
        yield Problem(
            source.path,
            source.line(digest_field),
            f"source '{record.id}': '{named}' has changed since its {digest_field} was recorded",
            "the evidence must stay as received: restore the file (e.g. `git checkout` it); "
            f"if this copy replaces the old one on purpose, write `{digest_field}: {actual}`",
        )


def check_original(source: Located[Source], seeds_dir: Path, root: Path) -> Iterator[Problem]:
    """The original file (saved page or PDF) exists inside seeds/ and matches its digest."""
    record = source.record
    if record.original is None:
        if record.original_sha256 is not None:
            yield Problem(
                source.path,
                source.line("original_sha256"),
                f"source '{record.id}': original_sha256 without an original",
                "add `original:` with the path of the file as received, or remove original_sha256",
            )
        return
    path = inside(seeds_dir, record.original)
    if path is None:
        yield Problem(
            source.path,
            source.line("original"),
            f"source '{record.id}': original '{record.original}' lies outside the seeds folder",
            "give a path inside seeds/, e.g. articles/originals/000_x.html",
        )
        return
    if not path.exists():
        yield Problem(
            source.path,
            source.line("original"),
            f"source '{record.id}': original '{record.original}' not found",
            f"paths are relative to {display_path(seeds_dir, root)}/, e.g. articles/originals/000_x.html",
        )
        return
    try:
        data = files.read_bounded(path, MAX_ORIGINAL_BYTES, "original")
    except files.FileRefused as refused:
        yield Problem(display_path(path, root), 1, refused.message, refused.hint)
        return
    yield from check_digest(source, "original", data)


def unlisted(
    sources: list[Located[Source]], rejected_files: set[str], seeds_dir: Path, root: Path
) -> Iterator[Problem]:
    """A problem for each file under seeds/articles/ that no source names as file or original.

    Files named by a source with errors of its own count as named (one mistake, one message).
    Hidden files (.gitkeep, .DS_Store) are not evidence and are left alone.
    """
    folder = seeds_dir / ARTICLES
    if not folder.is_dir():
        return
    named = set()
    wanted = [*rejected_files, *(f for s in sources for f in (s.record.file, s.record.original) if f)]
    for relative in wanted:
        path = inside(seeds_dir, relative)
        if path is not None:
            named.add(path)
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if path.resolve() in named:
            continue
        relative = path.relative_to(seeds_dir).as_posix()
        try:
            digest = f"`sha256: {sha256(files.read_bounded(path, MAX_ORIGINAL_BYTES, 'file'))}`"
        except files.FileRefused:
            digest = "its `sha256:`"  # too large or unreadable: the message is still worth giving
        yield Problem(
            display_path(path, root),
            1,
            "article file named by no source",
            f"add a source with `file: {relative}` and {digest} (`briefing add` writes one), or remove the file",
        )
