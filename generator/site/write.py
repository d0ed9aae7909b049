"""Write: replace the generated subtree with the rendered pages, all at once or not at all.

The new tree is assembled in a staging folder beside the project (files whose
content is unchanged are hard-linked, so they keep their modification time),
then exchanged with the old tree in one atomic rename. A build that fails or
is killed at any point leaves either the old tree or the new one, never a mix.
When nothing changed, nothing is touched at all, so `mkdocs serve` does not
see a change and rebuild in a loop.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.register.problems import BriefingError


class UnsafePath(BriefingError):
    """A generated path would leave the generated subtree."""


@dataclass(frozen=True)
class WriteReport:
    """What a write did, in paths relative to the subtree."""

    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def write_tree(root: Path, files: dict[str, str], work: Path) -> WriteReport:
    """Make `root` hold exactly `files` (relative path -> text); `work` holds the staging folder."""
    for relative in files:
        _check_relative(relative)
    encoded = {relative: text.encode("utf-8") for relative, text in files.items()}
    existing = _existing(root)
    unchanged = sorted(r for r, data in encoded.items() if r in existing and _same(root / r, data))
    written = sorted(r for r in encoded if r not in unchanged)
    removed = sorted(existing - encoded.keys())
    if not written and not removed:
        return WriteReport((), tuple(unchanged), ())
    staging = work / "staging"
    clear(staging)
    try:
        for relative, data in sorted(encoded.items()):
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if relative in unchanged:
                _link_or_copy(root / relative, target)
            else:
                target.write_bytes(data)
        replace(staging, root)
    except OSError as error:
        raise WriteFailed(f"cannot write the pages: {_reason(error)}; the previous pages are unchanged") from None
    finally:
        clear(staging)  # a half-written tree, or the previous one after the exchange
    return WriteReport(tuple(written), tuple(unchanged), tuple(removed))


def update_files(root: Path, files: dict[str, str]) -> WriteReport | None:
    """Replace some files of the tree at `root` in place, each in one rename; leave the rest.

    For the preview's first pass after an edit, which rewrites a few pages ahead of the
    whole tree. Only files that exist already, as plain files under plain folders, are
    replaced; with any other, nothing is written and None is returned (write the tree).
    """
    targets: dict[str, tuple[Path, bytes]] = {}
    for relative, text in files.items():
        _check_relative(relative)
        target = root / relative
        folders = [root / part for part in PurePosixPath(relative).parents if str(part) != "."]
        if root.is_symlink() or any(f.is_symlink() for f in folders) or target.is_symlink() or not target.is_file():
            return None
        targets[relative] = (target, text.encode("utf-8"))
    written = sorted(r for r, (target, data) in targets.items() if not _same(target, data))
    for relative in written:
        target, data = targets[relative]
        scratch = target.with_name(f".{target.name}.new")
        try:
            scratch.write_bytes(data)
            scratch.replace(target)
        except OSError as error:
            scratch.unlink(missing_ok=True)
            raise WriteFailed(f"cannot write the pages: {_reason(error)}") from None
    return WriteReport(tuple(written), tuple(sorted(targets.keys() - set(written))), ())


class WriteFailed(BriefingError):
    """The file system refused a write (full disk, permissions); nothing was replaced."""


def _reason(error: OSError) -> str:
    where = f" ({error.filename})" if error.filename else ""
    return f"{error.strerror or error}{where}"


def _check_relative(relative: str) -> None:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or "\\" in relative or not path.parts:
        raise UnsafePath(f"refusing to write '{relative}': generated paths must stay inside the generated folder")


def _existing(root: Path) -> set[str]:
    if not root.is_dir():
        return set()
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def _same(path: Path, data: bytes) -> bool:
    return not path.is_symlink() and path.stat().st_size == len(data) and path.read_bytes() == data


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def clear(path: Path) -> None:
    """Remove a scratch file or folder; a link is removed, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def replace(staging: Path, root: Path) -> None:
    """Put `staging` at `root` in one step; the old tree, if any, ends up at `staging`."""
    root.parent.mkdir(parents=True, exist_ok=True)
    if not root.exists():
        staging.rename(root)
        return
    if _exchange(staging, root):
        return
    # No atomic exchange on this system: two renames, with a moment in between without a tree.
    previous = staging.with_name(staging.name + ".previous")
    clear(previous)
    root.rename(previous)
    staging.rename(root)
    previous.rename(staging)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(first: Path, second: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where the system cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    libc = ctypes.CDLL(name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(second))
