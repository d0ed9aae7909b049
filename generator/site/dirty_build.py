"""What a dirty rebuild of `briefing serve` must render beyond the pages whose own Markdown
changed.

`mkdocs serve --dirty` reads and renders only the pages whose source file is newer than
their output, which keeps the preview of a large register quick. A page that includes
fragments with pymdownx.snippets shows what they hold: the hand-written home page is one
line including the generated home fragment, so its own file never changes.
`rebuild_dependents` marks such pages as modified before MkDocs decides what to build.

Not covered: the tags page lists tags collected from the pages read in the same build, and
the navigation titles pages by what was read; `briefing serve --full` rebuilds everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from mkdocs.structure.files import File, Files

_SNIPPET_LINE = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"([^"\n]+)"', re.MULTILINE)
"""pymdownx.snippets' one-line form: --8<-- "path"."""
_SNIPPET_BLOCK = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]*\n(.*?)^[ \t]*-{1,}8<-{1,}[ \t]*$", re.MULTILINE | re.DOTALL)
"""pymdownx.snippets' block form: one path a line between two --8<-- lines."""


def included(markdown: str) -> list[str]:
    """The paths a page includes with pymdownx.snippets, as written."""
    paths = [match.group(1).strip() for match in _SNIPPET_LINE.finditer(markdown)]
    for block in _SNIPPET_BLOCK.finditer(markdown):
        paths += [line.strip() for line in block.group(1).splitlines() if line.strip()]
    return [path for path in paths if not path.startswith(";")]  # ";" escapes a snippet line


def _inputs(markdown: str, base: Path, seen: set[Path]) -> Iterator[Path]:
    """Every file a page includes, also through the files it includes."""
    for name in included(markdown):
        path = (base / name).resolve()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        yield path
        yield from _inputs(path.read_text(encoding="utf-8"), base, seen)


def _mark_modified(file: File) -> None:
    # MkDocs counts a file whose content was set as modified, and reads the page from it.
    file.content_string = file.content_string


def rebuild_dependents(files: Files, docs: Path, generated: str) -> list[str]:
    """Mark as modified the pages that include a file newer than their output; return their
    source paths."""
    marked = [file for file in files.documentation_pages() if _includes_newer(file, docs, generated)]
    for file in marked:
        _mark_modified(file)
    return [file.src_uri for file in marked]


def _includes_newer(file: File, docs: Path, generated: str) -> bool:
    """Whether a hand-written page (outside the `generated` subtree) includes a file
    newer than its output."""
    if file.src_uri.startswith(f"{generated}/") or file.is_modified() or file.abs_src_path is None:
        return False
    markdown = file.content_string
    if "8<" not in markdown:
        return False
    built = Path(file.abs_dest_path).stat().st_mtime
    return any(path.stat().st_mtime > built for path in _inputs(markdown, docs, set()))
