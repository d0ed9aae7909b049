"""Where the inputs and outputs are, read from mkdocs.yml so there is one configuration."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

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
    locale: str
    """Locale of numbers and dates: extra.briefing.locale, else the language's (de_DE, en_GB)."""
    layout: Layout = field(default_factory=Layout)
    """Page paths inside docs/."""

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

    @classmethod
    def from_mkdocs(cls, config_file: Path) -> Settings:
        """Settings for the project whose mkdocs.yml is `config_file`."""
        config = _read_mkdocs_yml(config_file)
        root = config_file.resolve().parent
        theme = config.get("theme") or {}
        language = theme.get("language", "en") if isinstance(theme, dict) else "en"
        if language not in LANGUAGES:
            raise ConfigError(
                f"{config_file}: theme.language '{language}' has no catalogue; use one of {', '.join(LANGUAGES)}"
            )
        extra = (config.get("extra") or {}).get("briefing") or {}
        try:
            locale = str(parse_locale(language, extra.get("locale")))
        except UnknownLanguage as error:
            raise ConfigError(f"{config_file}: extra.briefing.locale: {error}") from None
        return cls(
            root=root,
            seeds=root / extra.get("seeds", "seeds"),
            docs=root / config.get("docs_dir", "docs"),
            language=language,
            locale=locale,
            layout=Layout(subtree=extra.get("subtree", Layout.subtree)),
        )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring the !ENV and !!python/ tags only MkDocs itself resolves."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_multi_constructor("!", _ignore_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore_tag)


def _read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{config_file}: cannot read the MkDocs configuration ({error.strerror})") from None
    data = yaml.load(text, Loader=_TolerantLoader)
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: not a MkDocs configuration")
    return data
