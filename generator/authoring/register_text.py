"""Writing register entries as text: YAML the editor would have typed, comments and all.

The register is reviewed in git, so an entry is inserted as lines into the file
that already holds the section, keeping every comment and the file's own
indentation, rather than by loading and re-dumping the whole file.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.register.load import register_files

_PLAIN_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_TOP_LEVEL_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:")
SCHEMA_LINE = "# yaml-language-server: $schema=../schema/register.schema.json\n"


def scalar(value: str | int | float) -> str:
    """One YAML scalar, quoted only where YAML would otherwise read it as something else."""
    if isinstance(value, str) and _PLAIN_DATE.match(value):
        return value  # the register reads dates as text; quotes would only add noise
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=True)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


@dataclass(frozen=True)
class Inserted:
    """Where an entry went."""

    path: Path
    line: int
    """1-based line of the entry's first line."""


def section_file(register_dir: Path, section: str) -> Path | None:
    """The first register file that has the top-level section, if any."""
    for path in register_files(register_dir):
        if _section_line(path.read_text(encoding="utf-8").splitlines(), section) is not None:
            return path
    return None


def _section_line(lines: list[str], section: str) -> int | None:
    pattern = re.compile(rf"^{re.escape(section)}\s*:\s*(?:\[\s*\])?\s*(?:#.*)?$")
    return next((index for index, line in enumerate(lines) if pattern.match(line)), None)


def insertion(register_dir: Path, section: str, entry: list[str]) -> tuple[Path, str, int]:
    """The file to change, its new text and the line of the entry, for one list item.

    `entry` holds the item's lines indented as if the list items sat at column 0
    ("- id: …", "  title: …"); they are shifted to the file's own indentation.
    """
    path = section_file(register_dir, section)
    if path is None:
        path = register_dir / f"{section}.yml"
        text = SCHEMA_LINE + f"{section}:\n" + "".join(f"  {line}\n" for line in entry)
        return path, text, 3
    lines = path.read_text(encoding="utf-8").splitlines()
    start = _section_line(lines, section)
    assert start is not None
    lines[start] = re.sub(r"\[\s*\]\s*", "", lines[start]).rstrip()  # `sources: []` gets its first item
    end = next((i for i in range(start + 1, len(lines)) if _TOP_LEVEL_KEY.match(lines[i])), len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    indent = _item_indent(lines[start + 1 : end])
    block = ([""] if end > start + 1 else []) + [f"{indent}{line}" if line else "" for line in entry]
    new = [*lines[:end], *block, *lines[end:]]
    return path, "\n".join(new) + "\n", end + len(block) - len(entry) + 1


def _item_indent(lines: list[str]) -> str:
    """The indentation of the section's list items ("  " when it has none yet)."""
    for line in lines:
        match = re.match(r"^(\s*)- ", line)
        if match:
            return match.group(1)
    return "  "


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` in one rename, so a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).chmod(mode)
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
