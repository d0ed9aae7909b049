"""What the briefing plugin adds to a project's MkDocs configuration.

A project's mkdocs.yml names the site, the theme's colours and `plugins: [briefing]`;
everything the generated pages rely on comes from here, so a new project cannot
miss a setting and one written years ago gets the current ones: the theme
overrides, stylesheet and scripts, the Markdown extensions the pages are written
for, the menu (unless mkdocs.yml gives one), and every word of the theme in the
site's language (`theme.language`), taken from the catalogue instead of being
written out in mkdocs.yml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import escape
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from pymdownx.slugs import slugify

from generator.pages.catalogue import Catalogue
from generator.pages.layout import Layout
from generator.settings import Settings

THEME = Path(__file__).resolve().parent.parent / "pages" / "theme"
"""Overrides of Material's templates (preview tags, the 404 page) and the briefing's own assets."""

STYLESHEETS = ("stylesheets/briefing.css",)
SCRIPTS = ("javascripts/permalink.js", "javascripts/search.js")

SEARCH_PIPELINE = ["stemmer", "stopWordFilter", "trimmer"]
"""Material's search stems words only when its pipeline asks for it."""

SEARCH_PLUGINS = ("search", "material/search")


def configure(config: MkDocsConfig, settings: Settings, catalogue: Catalogue) -> None:
    """Add the theme overrides, assets, extensions and the language's words to `config`."""
    _add_theme_overrides(config)
    _add_assets(config)
    _add_markdown_extensions(config, settings, catalogue)
    _name_palette_toggles(config, catalogue)
    _set_search_language(config, catalogue)
    if config.nav is None:
        config.nav = list(settings.layout.navigation)
    # `mkdocs serve` rebuilds when a register file or an article changes.
    if not any(Path(path).resolve() == settings.seeds.resolve() for path in config.watch):
        config.watch.append(str(settings.seeds))
    # The theme overrides print these words (404 page, og:locale).
    config.extra["labels"] = {**catalogue.lookup("theme"), "locale": settings.locale}


def exclude_fragments(files: Files, layout: Layout) -> None:
    """Leave the generated fragments (included into docs/index.md) out of the site."""
    prefix = f"{layout.subtree}/includes/"
    for file in [f for f in files if f.src_uri.startswith(prefix)]:
        files.remove(file)


def _add_theme_overrides(config: MkDocsConfig) -> None:
    dirs: list[str] = config.theme.dirs
    if str(THEME) in dirs:
        return
    # A project's own custom_dir comes first, so it can override ours too.
    custom = config.theme.custom_dir
    position = 1 if custom and dirs and Path(dirs[0]) == Path(custom) else 0
    dirs.insert(position, str(THEME))


def _add_assets(config: MkDocsConfig) -> None:
    for sheet in STYLESHEETS:
        if sheet not in config.extra_css:
            config.extra_css.append(sheet)
    present = {str(script) for script in config.extra_javascript}
    for script in SCRIPTS:
        if script not in present:
            config.extra_javascript.append(ExtraScriptValue(script))


def _add_markdown_extensions(config: MkDocsConfig, settings: Settings, catalogue: Catalogue) -> None:
    """The extensions the generated Markdown is written for, with titles in the site's language."""
    words = catalogue.lookup("theme")
    wanted: dict[str, dict[str, Any]] = {
        "abbr": {},
        "attr_list": {},
        "footnotes": {"BACKLINK_TITLE": words["footnote_backlink"]},
        "md_in_html": {},
        "tables": {},
        "toc": {"permalink": True, "permalink_title": words["permalink"], "slugify": slugify(case="lower")},
        # docs/index.md includes the generated home page.
        "pymdownx.snippets": {"base_path": [str(settings.docs)], "check_paths": True},
    }
    for name, options in wanted.items():
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
        configured = config.mdx_configs.setdefault(name, {})
        if name in ("footnotes", "toc"):
            configured.update(options)  # the words follow theme.language, whatever mkdocs.yml says
        else:
            for key, value in options.items():
                configured.setdefault(key, value)


def _name_palette_toggles(config: MkDocsConfig, catalogue: Catalogue) -> None:
    """Each colour-scheme toggle says, in the site's language, which scheme it switches to."""
    palette = config.theme.get("palette")
    schemes = palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []
    words = catalogue.lookup("theme")
    for scheme in schemes:
        toggle = scheme.get("toggle") if isinstance(scheme, dict) else None
        if isinstance(toggle, dict):
            dark = scheme.get("scheme", "default") == "slate"
            toggle["name"] = words["palette_to_light" if dark else "palette_to_dark"]


def _set_search_language(config: MkDocsConfig, catalogue: Catalogue) -> None:
    for name in SEARCH_PLUGINS:
        plugin = config.plugins.get(name)
        if plugin is None:
            continue
        plugin.config.lang = [catalogue.language]
        if plugin.config.get("pipeline") is None:
            plugin.config.pipeline = list(SEARCH_PIPELINE)


def home_description(settings: Settings) -> str:
    """The briefing's description as the generator wrote it, escaped once as the other
    plain-text settings are (generator.pages.theme_values)."""
    path = settings.docs / settings.layout.home_description
    return escape(path.read_text(encoding="utf-8").strip()) if path.is_file() else ""
