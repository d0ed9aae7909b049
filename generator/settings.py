"""Where the inputs and outputs are, read from mkdocs.yml so there is one configuration."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml_env_tag

from generator.pages.catalogue import LANGUAGES, UnknownLanguage, parse_locale
from generator.pages.layout import Layout
from generator.register.problems import BriefingError, InvalidInput, Problem


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

    @classmethod
    def from_mkdocs(cls, config_file: Path) -> Settings:
        """Settings for the project whose mkdocs.yml is `config_file`."""
        text, config = _read_mkdocs_yml(config_file)
        root = config_file.resolve().parent
        theme = config.get("theme") or {}
        language = theme.get("language", "en") if isinstance(theme, dict) else "en"
        if language not in LANGUAGES:
            raise ConfigError(
                f"{config_file}: theme.language '{language}' has no catalogue; use one of {', '.join(LANGUAGES)}"
            )
        extra = (config.get("extra") or {}).get("briefing") or {}
        problems = list(_path_problems(config_file.name, text, config, extra, root))
        if problems:
            raise InvalidInput(problems)
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
            site_url=_site_url(config.get("site_url")),
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


SETTINGS = {
    "seeds": "folder of the inputs (articles/ and register/), relative to mkdocs.yml; default seeds",
    "subtree": "folder under docs/ for the generated pages; default briefing",
    "locale": "locale of numbers and dates, e.g. de_CH or en_US; default from theme.language",
}
"""The settings under extra.briefing, each with what it means."""


def _path_problems(shown: str, text: str, config: dict[str, Any], extra: Any, root: Path) -> Iterator[Problem]:
    """Unknown settings under extra.briefing, and folders named in mkdocs.yml that do not exist."""
    tree = yaml.compose(text, Loader=_TolerantLoader)
    if not isinstance(extra, dict):
        yield Problem(
            shown,
            _line(tree, "extra", "briefing"),
            "extra.briefing must be a mapping of settings",
            "write each setting on its own line, indented, e.g.\nextra:\n  briefing:\n    seeds: seeds",
        )
        return
    for key in extra:
        if key not in SETTINGS:
            close = difflib.get_close_matches(str(key), list(SETTINGS), n=1)
            known = ", ".join(SETTINGS)
            hint = f"did you mean '{close[0]}'? valid here: {known}" if close else f"valid here: {known}"
            yield Problem(shown, _line(tree, "extra", "briefing", key), f"extra.briefing.{key}: unknown setting", hint)
    seeds = extra.get("seeds", "seeds")
    if not isinstance(seeds, str) or not (root / seeds).is_dir():
        if "seeds" in extra:
            # Suggest a folder that looks like one: it holds a register/.
            found = sorted(p.name for p in root.iterdir() if (p / "register").is_dir())
            yield Problem(
                shown,
                _line(tree, "extra", "briefing", "seeds"),
                f"extra.briefing.seeds: there is no folder '{seeds}' next to {shown}",
                "write the folder that holds articles/ and register/, relative to mkdocs.yml, e.g.\n"
                f"extra:\n  briefing:\n    seeds: {found[0] if found else 'seeds'}",
            )
        else:
            yield Problem(
                shown,
                1,
                f"there is no folder 'seeds' next to {shown}, where the articles and the register are kept",
                "create seeds/articles/ and seeds/register/ (`briefing new DIR` writes an example project), "
                "or name the folder in extra.briefing.seeds",
            )
    docs = config.get("docs_dir", "docs")
    if not isinstance(docs, str) or not (root / docs).is_dir():
        line = _line(tree, "docs_dir")
        yield Problem(
            shown,
            line,
            f"docs_dir: there is no folder '{docs}' next to {shown}",
            'create it with an index.md holding the line --8<-- "briefing/includes/home.md", '
            "or remove docs_dir to use docs/",
        )


def _line(tree: yaml.Node | None, *keys: str) -> int:
    """The line of the value at `keys` in mkdocs.yml, or of the nearest enclosing key found; 1 if none."""
    line = 1
    node = tree
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            break
        match = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if match is None:
            break
        line = match[0].start_mark.line + 1
        node = match[1]
    return line


def _read_mkdocs_yml(config_file: Path) -> tuple[str, dict[str, Any]]:
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{config_file}: cannot read the MkDocs configuration ({error.strerror})") from None
    data = yaml.load(text, Loader=_TolerantLoader)
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: not a MkDocs configuration")
    return text, data
