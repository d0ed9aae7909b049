"""A per-user cache of what depends only on the generator's own code.

Compiling the templates and deriving the export schema from the models cost
about 0.2 s on every run, the same for every project. Like Python's
__pycache__, the results are kept between runs, in `$BRIEFING_CACHE_DIR`, else
`$XDG_CACHE_HOME/briefing`, else `~/.cache/briefing`. Entries are keyed by the
code they come from, so an edit to the generator is never served stale; when
no cache folder can be made, everything is simply computed each time.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import jinja2

PACKAGE = Path(__file__).resolve().parents[1]
"""The generator package: this module lives in its site/ subpackage."""


@functools.cache
def code_digest() -> str:
    """A hash of every file of the generator package: code, templates and words."""
    digest = hashlib.sha256()
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


@functools.cache
def directory() -> Path | None:
    """The cache folder, created if needed; None when none can be made."""
    configured = os.environ.get("BRIEFING_CACHE_DIR")
    if configured:
        path = Path(configured)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        path = Path(base) / "briefing"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def template_cache() -> jinja2.BytecodeCache | None:
    """Jinja's compiled templates, checked against each template's source on load."""
    folder = directory()
    if folder is None:
        return None
    try:
        (folder / "templates").mkdir(exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder / "templates"))


def remembered(name: str, make: Callable[[], str]) -> str:
    """The text `make()` returns, computed once per version of the generator's code."""
    folder = directory()
    if folder is None:
        return make()
    path = folder / f"{name}-{code_digest()[:20]}"
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        pass
    text = make()
    try:
        # Written whole, then renamed: a concurrent run never reads half an entry.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False) as handle:
            handle.write(text)
        Path(handle.name).replace(path)
    except OSError:
        pass
    return text
