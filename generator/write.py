"""Write: put the rendered pages on disk, touching only what changed.

A file whose content is unchanged is not rewritten, so its modification time
stays and `mkdocs serve` does not see a change and rebuild in a loop. Files
the generator no longer produces are removed. Every file is written to a
temporary name and renamed into place, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.problems import BriefingError


class UnsafePath(BriefingError):
    """A generated path would leave the generated subtree."""


@dataclass(frozen=True)
class WriteReport:
    """What a write did, in paths relative to the subtree."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_tree(root: Path, files: dict[str, str]) -> WriteReport:
    """Make `root` hold exactly `files` (relative path -> text), writing only changes."""
    for relative in files:
        _check_relative(relative)
    root.mkdir(parents=True, exist_ok=True)
    written, unchanged = [], []
    for relative, text in sorted(files.items()):
        data = text.encode("utf-8")
        target = root / relative
        if target.is_file() and target.read_bytes() == data:
            unchanged.append(relative)
            continue
        _write_atomically(target, data)
        written.append(relative)
    removed = _remove_stale(root, set(files))
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def _check_relative(relative: str) -> None:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or "\\" in relative or not path.parts:
        raise UnsafePath(f"refusing to write '{relative}': generated paths must stay inside the generated folder")


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_stale(root: Path, keep: set[str]) -> list[str]:
    removed = []
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root).as_posix()
        if path.is_dir():
            if not any(path.iterdir()):
                path.rmdir()
        elif relative not in keep:
            path.unlink()
            removed.append(relative)
    return sorted(removed)
