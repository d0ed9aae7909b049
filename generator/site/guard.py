"""What must hold before the generator writes: one run at a time, and only its own folders.

The generator writes in exactly three places: the generated subtree of docs/, its
work folder (.briefing/) and the built site. None of them may be a symbolic
link (it would be followed and its target emptied), each must lie inside the
project, and each is replaced by a rename from the work folder, so each must be
on the work folder's file system. A lock file in the work folder keeps two
builds, or a build and `briefing serve`, from writing at the same time; the
lock passes to the MkDocs process a build or a preview starts, whose hook
regenerates the pages under it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from generator.register.problems import BriefingError
from generator.settings import Settings

LOCK_FD_VARIABLE = "BRIEFING_LOCK_FD"
"""Environment variable naming a descriptor of the project lock that a parent process holds."""

_HELD: dict[Path, int] = {}
"""Locks this process holds: lock path -> descriptor, so a nested take does not deadlock."""


class UnsafeLayout(BriefingError):
    """A folder the generator writes to is a link, lies elsewhere or on another file system."""


class Busy(BriefingError):
    """Another run holds the project lock."""


def written_places(settings: Settings) -> list[Path]:
    return [settings.work, settings.output, settings.site]


def check_places(settings: Settings) -> None:
    """Refuse to write where a link or a mount could send the writes somewhere else."""
    root = settings.root.resolve()
    for place in written_places(settings):
        shown = _shown(place, settings.root)
        current = place
        while current != settings.root and current != current.parent:
            if current.is_symlink():
                raise UnsafeLayout(
                    f"{_shown(current, settings.root)} is a symbolic link; the generator replaces {shown} "
                    "and never follows a link there: remove the link and let the generator create the folder"
                )
            current = current.parent
        if not place.parent.resolve().is_relative_to(root):
            raise UnsafeLayout(f"{shown} lies outside the project folder; the generator writes only inside it")
    settings.work.mkdir(exist_ok=True)
    device = settings.work.stat().st_dev
    for place in (settings.output, settings.site):
        # The folder itself may be a mount point: then it cannot be renamed either.
        nearest = place if place.exists() else _existing_parent(place)
        if {nearest.stat().st_dev, _existing_parent(place).stat().st_dev} != {device}:
            raise UnsafeLayout(
                f"{_shown(place, settings.root)} and {_shown(settings.work, settings.root)} are on different "
                "file systems, so the folder cannot be replaced in one step; keep both on one file system"
            )


def _existing_parent(path: Path) -> Path:
    current = path.parent
    while not current.exists():
        current = current.parent
    return current


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() + "/"
    except ValueError:
        return str(path)


@contextmanager
def project_lock(settings: Settings) -> Iterator[int]:
    """Hold the project lock (or use the one this process or its parent holds); yield its descriptor."""
    check_places(settings)
    path = settings.work / "lock"
    held = _HELD.get(path)
    if held is not None:
        yield held
        return
    inherited = _inherited(path)
    if inherited is not None:
        yield inherited
        return
    descriptor = acquire(settings)
    try:
        yield descriptor
    finally:
        del _HELD[path]
        os.close(descriptor)


def acquire(settings: Settings) -> int:
    """Take the project lock for the rest of this process (or until the descriptor is closed)."""
    path = settings.work / "lock"
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as error:
        shown = _shown(path, settings.root)[:-1]
        raise UnsafeLayout(f"{shown}: cannot open the lock file ({error.strerror})") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(descriptor)
        raise Busy(
            "another `briefing build` or `briefing serve` is running in this project "
            f"(it holds {_shown(path, settings.root)[:-1]}); wait for it to finish or stop it, then try again"
        ) from None
    _HELD[path] = descriptor
    return descriptor


def acquire_for_life(settings: Settings) -> int:
    """Take the project lock for a process that keeps it until it ends (`briefing serve`)."""
    check_places(settings)
    path = settings.work / "lock"
    return _HELD.get(path) or _inherited(path) or acquire(settings)


def _inherited(path: Path) -> int | None:
    """The descriptor of the lock a parent process passed down, if it is this project's lock."""
    value = os.environ.get(LOCK_FD_VARIABLE, "")
    if not value.isdigit():
        return None
    try:
        passed, actual = os.fstat(int(value)), path.stat()
    except OSError:
        return None
    if (passed.st_dev, passed.st_ino) != (actual.st_dev, actual.st_ino):
        return None
    return int(value)


def pass_on(descriptor: int) -> dict[str, str]:
    """Let a child process (MkDocs, through its hook) use the lock held here: its environment."""
    os.set_inheritable(descriptor, True)
    return {LOCK_FD_VARIABLE: str(descriptor)}
