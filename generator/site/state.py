"""The state of the last successful run, so that a rerun with no change does no work.

The fingerprint covers everything the pages depend on: the generator's own code,
templates and words, the settings, and every file under seeds/. When it matches
the last run and the generated files are as that run left them, nothing needs
to be loaded, checked, rendered or written.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from generator.settings import Settings
from generator.site.code_cache import code_digest


@dataclass(frozen=True)
class RunState:
    """What a successful run leaves behind."""

    fingerprint: str
    summary: str
    files: dict[str, list[int]]
    """Generated file -> [size, modification time in ns], to notice hand edits."""


def fingerprint(settings: Settings) -> str:
    """A hash of everything the generated pages depend on."""
    digest = hashlib.sha256()
    digest.update(f"{code_digest()}\0{settings.language}\0{settings.locale}\0{settings.layout.subtree}\0".encode())
    for path in sorted(p for p in settings.seeds.rglob("*") if p.is_file()):
        digest.update(path.relative_to(settings.seeds).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


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
    temporary.write_text(json.dumps(document), encoding="utf-8")
    temporary.replace(_path(settings))
