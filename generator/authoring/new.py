"""`briefing new DIR`: a complete briefing project that builds at once.

The project is written from the skeleton in this package: the files every
language shares (skeleton/common/) and those holding words (skeleton/<language>/).
Files ending in `.j2` are Jinja templates filled in with the title; the rest is
copied as it is. Names starting with `dot-` become dot-files (`dot-gitignore` is
`.gitignore`), so the skeleton does not act on this repository. The register's
JSON Schema and the generator's requirement are written from the installed
package, so they always match the generator that runs the project.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import jinja2
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from generator.pages.catalogue import LANGUAGES
from generator.register.problems import BriefingError
from generator.register.schema import SCHEMA_FILE, schema_text

SKELETON = Path(__file__).resolve().parent / "skeleton"

DEFAULT_TITLES = {"de": "Mein Briefing", "en": "My briefing"}
"""The site's name when `--title` is not given."""

DISTRIBUTION = "briefing"
"""The generator's package name, as pip installs it."""


class ProjectExists(BriefingError):
    """The target folder is not empty."""


@dataclass(frozen=True)
class NewProject:
    """What `briefing new` wrote."""

    root: Path
    files: tuple[str, ...]
    """Paths relative to the project folder, sorted."""


def new_project(target: Path, language: str, title: str | None = None) -> NewProject:
    """Write a new project into `target`, which must not exist or be empty."""
    if language not in LANGUAGES:
        raise BriefingError(f"no catalogue for language '{language}'; use one of {', '.join(LANGUAGES)}")
    if target.exists() and not target.is_dir():
        raise ProjectExists(f"{target}: a file of that name exists; `briefing new` needs a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise ProjectExists(
            f"{target}: the folder is not empty; `briefing new` writes only into a new or empty folder "
            "(choose another name, e.g. `briefing new my-briefing`)"
        )
    files = _skeleton_files(language, title or DEFAULT_TITLES[language])
    files[f"seeds/{SCHEMA_FILE}"] = schema_text()
    files["requirements.txt"] = requirements()
    # Everything is rendered before the first file is written.
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return NewProject(target, tuple(sorted(files)))


def _skeleton_files(language: str, title: str) -> dict[str, str]:
    env = jinja2.Environment(
        autoescape=False,  # the output is YAML and Markdown; values go through the `yaml` filter
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = _yaml_string
    files: dict[str, str] = {}
    templates: dict[str, str] = {}
    for folder in (SKELETON / "common", SKELETON / language):
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            relative = "/".join(_unhide(part) for part in path.relative_to(folder).parts)
            text = path.read_text(encoding="utf-8")
            if relative.endswith(".j2"):
                templates[relative.removesuffix(".j2")] = text
            else:
                files[relative] = text
    # The register records each example article's SHA-256, as `briefing check` requires.
    env.filters["sha256"] = lambda article: hashlib.sha256(files[f"seeds/{article}"].encode("utf-8")).hexdigest()
    for relative, text in templates.items():
        files[relative] = env.from_string(text).render(title=title, language=language)
    return files


def _unhide(name: str) -> str:
    return "." + name.removeprefix("dot-") if name.startswith("dot-") else name


def _yaml_string(value: str) -> str:
    """A YAML scalar that reads back as exactly `value` (a JSON string is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def requirements() -> str:
    """The new project's requirements.txt: the generator, from where this one was installed,
    and each package it runs on at the exact version installed here, so that CI builds
    the site with the versions `briefing new` ran with."""
    pinned = "".join(f"{name}=={version}\n" for name, version in _dependencies_installed())
    return (
        "# The briefing generator; `python -m pip install -r requirements.txt` installs it with MkDocs.\n"
        f"{_generator_requirement()}\n"
        "# What it runs on, pinned as `briefing new` found them installed.\n"
        f"{pinned}"
    )


def _dependencies_installed() -> list[tuple[str, str]]:
    """Every package the generator needs, directly or not, with its installed version."""
    found: dict[str, tuple[str, str]] = {}
    pending = [DISTRIBUTION]
    while pending:
        name = canonicalize_name(pending.pop())
        if name in found:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:  # a dependency of another platform
            continue
        found[name] = (distribution.metadata["Name"], distribution.version)
        for line in distribution.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    found.pop(DISTRIBUTION, None)
    return sorted(found.values(), key=lambda pair: canonicalize_name(pair[0]))


def _generator_requirement() -> str:
    """`briefing @ git+…@commit` when installed from a repository, else the released version."""
    try:
        distribution = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return DISTRIBUTION
    origin = json.loads(distribution.read_text("direct_url.json") or "{}")
    vcs = origin.get("vcs_info")
    if vcs and vcs.get("vcs") == "git":
        return f"{DISTRIBUTION} @ git+{origin['url']}@{vcs['commit_id']}"
    return f"{DISTRIBUTION}=={distribution.version}"
