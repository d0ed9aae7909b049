"""Where the inputs and outputs are, read from mkdocs.yml so there is one configuration."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml_env_tag

from generator.pages.catalogue import LANGUAGES, UnknownLanguage, parse_locale
from generator.pages.layout import Layout
from generator.register.problems import BriefingError


class ConfigError(BriefingError):
    """mkdocs.yml is missing or does not say what the generator needs."""


@dataclass(frozen=True)
class Settings:
    """Paths and language of one briefing project."""

    root: Path
    """Project folder: the one holding mkdocs.yml; messages show paths relative to it."""
    seeds: Path
    """Folder of the inputs: articles/ and register/ (article paths are relative to it)."""
    docs: Path
    """MkDocs' docs_dir."""
    language: str
    """Language of the generated pages: MkDocs' theme.language (de or en)."""
    site: Path
    """MkDocs' site_dir: the built site, replaced in one step by `briefing build`."""
    locale: str
    """Locale of numbers and dates: extra.briefing.locale, else the language's (de_DE, en_GB)."""
    layout: Layout = field(default_factory=Layout)
    """Page paths inside docs/."""
    site_url: str = ""
    """The published address (MkDocs' site_url, ending in '/'), or "" when none is set: exports
    and structured data then give absolute URLs under it."""

    @property
    def register(self) -> Path:
        return self.seeds / "register"

    @property
    def work(self) -> Path:
        """Scratch folder of the generator (staging tree, state of the last run); git-ignored."""
        return self.root / ".briefing"

    @property
    def output(self) -> Path:
        """The generated subtree of docs/; everything in it belongs to the generator."""
        return self.docs / self.layout.subtree

    @property
    def site_staging(self) -> Path:
        """Where MkDocs builds the site before it replaces site/ in one step."""
        return self.work / "site-staging"

    @classmethod
    def from_mkdocs(cls, config_file: Path) -> Settings:
        """Settings for the project whose mkdocs.yml is `config_file`."""
        config = _read_mkdocs_yml(config_file)
        root = config_file.resolve().parent
        theme = _mapping(config, "theme", config_file)
        language = theme.get("language", "en")
        if language not in LANGUAGES:
            raise ConfigError(
                f"{config_file}: theme.language '{language}' has no catalogue; use one of {', '.join(LANGUAGES)}"
            )
        extra = _mapping(_mapping(config, "extra", config_file), "briefing", config_file, "extra.briefing")
        docs = _folder(root, config, "docs_dir", "docs", config_file)
        try:
            locale = str(parse_locale(language, extra.get("locale")))
        except UnknownLanguage as error:
            raise ConfigError(f"{config_file}: extra.briefing.locale: {error}") from None
        settings = cls(
            root=root,
            seeds=_folder(root, extra, "seeds", "seeds", config_file, "extra.briefing.seeds"),
            docs=docs,
            language=language,
            locale=locale,
            layout=Layout(subtree=_subtree(extra.get("subtree", Layout.subtree), config_file)),
            site=_folder(root, config, "site_dir", "site", config_file),
            site_url=_site_url(config.get("site_url")),
        )
        _refuse_overlaps(settings, config_file)
        return settings


def _refuse_overlaps(settings: Settings, config_file: Path) -> None:
    """Each folder the generator replaces must hold nothing else it reads or writes."""
    places = {
        "site_dir": settings.site,
        "the generated subtree": settings.output,
        "the work folder .briefing": settings.work,
        "extra.briefing.seeds": settings.seeds,
    }
    names = list(places)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            one, other = places[first], places[second]
            if one == other or one.is_relative_to(other) or other.is_relative_to(one):
                raise ConfigError(
                    f"{config_file}: {first} and {second} overlap ({one.relative_to(settings.root)}, "
                    f"{other.relative_to(settings.root)}); each needs a folder of its own"
                )
    if settings.site.is_relative_to(settings.docs) or settings.docs.is_relative_to(settings.site):
        raise ConfigError(f"{config_file}: site_dir and docs_dir overlap; each needs a folder of its own")


def _mapping(config: dict[str, Any], key: str, config_file: Path, name: str = "") -> dict[str, Any]:
    value = config.get(key)
    if value is None or (key == "theme" and isinstance(value, str)):
        return {}
    if not isinstance(value, dict):
        raise ConfigError(f"{config_file}: {name or key} must be a mapping of settings, not {_kind(value)}")
    return value


def _kind(value: object) -> str:
    return {list: "a list", str: "text", int: "a number", float: "a number", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def _folder(root: Path, config: dict[str, Any], key: str, default: str, config_file: Path, name: str = "") -> Path:
    """A folder setting: a relative path that stays inside the project and is not the project itself."""
    value = config.get(key, default)
    shown = name or key
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{config_file}: {shown} must be a folder path, not {_kind(value)}")
    path = Path(value)
    normal = os.path.normpath(value)
    # Judged by the text alone: a link on the way is the writer's to refuse (site/guard.py).
    if path.is_absolute() or "\0" in value or normal in {".", ".."} or ".." in path.parts:
        raise ConfigError(
            f"{config_file}: {shown} '{value}' must be a folder inside the project, below mkdocs.yml "
            f"(e.g. {default}), not the project folder itself, an absolute path or a path with '..'"
        )
    return root / path


_SUBTREE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*(?:/[A-Za-z0-9_][A-Za-z0-9._-]*)*$")


def _subtree(value: object, config_file: Path) -> str:
    """The generated folder inside docs/: everything in it is replaced at every build, so it must
    be a folder of its own, never docs/ itself, a folder above it or anywhere else."""
    if isinstance(value, str) and _SUBTREE.match(value) and not any(part in {".", ".."} for part in value.split("/")):
        return value
    shown = f"'{value}'" if isinstance(value, str) else _kind(value)
    raise ConfigError(
        f"{config_file}: extra.briefing.subtree {shown} must name a folder inside docs/ "
        "that only the generator writes (e.g. briefing): letters, digits, '-', '_' and '.', no '..', "
        "no absolute path"
    )


def _site_url(value: object) -> str:
    """site_url as MkDocs uses it: with a trailing '/', or "" when unset or empty."""
    text = str(value).strip() if value is not None else ""
    return text if not text or text.endswith("/") else text + "/"


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: resolves !ENV as MkDocs does (site_url comes from SITE_URL) and
    ignores the other custom and !!python/ tags, which only MkDocs itself resolves."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def _read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{config_file}: cannot read the MkDocs configuration ({error.strerror})") from None
    try:
        data = yaml.load(text, Loader=_TolerantLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{config_file}{line}: not valid YAML: {error.problem or error}") from None
    except yaml.YAMLError as error:
        raise ConfigError(f"{config_file}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: not a MkDocs configuration")
    return data
