"""Reading input files within their size limit, whatever the file system holds.

A file is opened once and measured through its descriptor before any byte is
read, and never more than the limit is read: a sparse file of gigabytes, a file
that grows while it is read or a FIFO costs nothing. Every way a read can fail
(permissions, a NUL or an over-long name, a folder in its place) becomes a
message, never a traceback.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class FileRefused(Exception):
    """The file cannot be read as input; `message` says why and `hint` what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of the regular file `path`, refused when over `limit` bytes."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as error:
        raise _refused(error, what) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise FileRefused(f"{what} is not a regular file", "give the path of a text file")
        if info.st_size > limit:
            raise FileRefused(f"{what} is {info.st_size:,} bytes, over the limit of {limit:,}", _SPLIT_HINT)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            raise FileRefused(f"{what} grew past the limit of {limit:,} bytes while it was read", _SPLIT_HINT)
        return data
    except OSError as error:
        raise _refused(error, what) from None
    finally:
        os.close(descriptor)


_SPLIT_HINT = "split it or check that this is the right file"


def _refused(error: OSError | ValueError, what: str) -> FileRefused:
    if isinstance(error, ValueError):
        return FileRefused(f"{what} cannot be opened: the path holds a NUL character", "remove it from the path")
    reason = error.strerror or str(error)
    return FileRefused(f"{what} cannot be read ({reason})", "check that the file exists and that you may read it")


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every symbolic link followed, lies inside `folder`."""
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False
