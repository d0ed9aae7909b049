"""The state of the last successful run, so that a rerun with no change does no work.

The fingerprint covers everything the pages depend on: the generator's own code,
templates and words, the settings, and every file under seeds/. When it matches
the last run and the generated files are as that run left them, nothing needs
to be loaded, checked, rendered or written.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.register.files import FileRefused, read_bounded
from generator.register.history import head
from generator.register.load import MAX_REGISTER_BYTES
from generator.settings import Settings
from generator.site.code_cache import code_digest
from generator.site.write import WriteFailed


@dataclass(frozen=True)
class RunState:
    """What a successful run leaves behind."""

    fingerprint: str
    summary: str
    files: dict[str, list[int]]
    """Generated file -> [size, modification time in ns], to notice hand edits."""


def fingerprint(settings: Settings, preview: bool = False) -> str:
    """A hash of everything the generated pages depend on, the commit the history ends at included.

    Files are hashed within the register's size limit, links by their target's
    name (never followed), and a larger file by its size and modification time:
    a stray file of gigabytes under seeds/ costs a stat, not a read.
    """
    digest = hashlib.sha256()
    digest.update(
        f"{code_digest()}\0{settings.language}\0{settings.locale}\0{settings.layout.subtree}\0{settings.site_url}\0".encode()
    )
    digest.update(f"{head(settings.root)}\0{preview}\0".encode())
    for path in _seed_files(settings.seeds):
        digest.update(path.relative_to(settings.seeds).as_posix().encode("utf-8", "surrogateescape") + b"\0")
        digest.update(_file_digest(path))
    return digest.hexdigest()


def _seed_files(seeds: Path) -> list[Path]:
    found: list[Path] = []
    for folder, folders, files in os.walk(seeds):  # os.walk does not descend into linked folders
        folders.sort()
        found.extend(Path(folder) / name for name in files)
        found.extend(Path(folder) / name for name in folders if (Path(folder) / name).is_symlink())
    return sorted(found)


def _file_digest(path: Path) -> bytes:
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return b"link\0" + os.fsencode(path.readlink())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_REGISTER_BYTES:
            return f"stat\0{info.st_mode}\0{info.st_size}\0{info.st_mtime_ns}".encode()
        return hashlib.sha256(read_bounded(path, MAX_REGISTER_BYTES, "file")).digest()
    except (OSError, FileRefused) as error:
        return f"unreadable\0{error}".encode()


def snapshot(output: Path) -> dict[str, list[int]]:
    """Size and modification time of every generated file."""
    if not output.is_dir():
        return {}
    return {
        p.relative_to(output).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns]
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def _path(settings: Settings) -> Path:
    return settings.work / "state.json"


def load(settings: Settings) -> RunState | None:
    """The state of the last successful run, if there is a readable one."""
    try:
        data = json.loads(_path(settings).read_text(encoding="utf-8"))
        return RunState(str(data["fingerprint"]), str(data["summary"]), dict(data["files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(settings: Settings, state: RunState) -> None:
    settings.work.mkdir(parents=True, exist_ok=True)
    temporary = _path(settings).with_suffix(".tmp")
    document = {"fingerprint": state.fingerprint, "summary": state.summary, "files": state.files}
    try:
        temporary.write_text(json.dumps(document), encoding="utf-8")
        temporary.replace(_path(settings))
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise WriteFailed(
            f"cannot save {_path(settings).name} ({error.strerror or error}); "
            "the pages are written and the next run writes them again"
        ) from None
