"""The MkDocs events of the briefing plugin: regenerate the pages before every build, so
`mkdocs serve` shows edits, give MkDocs the settings the pages need, and give every page
the site's content security policy once the theme has rendered it.

Kept thin on purpose: all the work is in generator.pipeline, which also runs on
its own (`briefing build`), in generator.site.mkdocs_config and in generator.site.csp.
Files are rewritten only when their content changed, so the rebuild this triggers does
not trigger another one. generator.mkdocs_plugin registers every `on_*` function here.
"""

from __future__ import annotations

import dataclasses
import logging
import textwrap
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import InclusionLevel

from generator.pages.catalogue import load_catalogue
from generator.pages.theme_values import escape_plain_settings
from generator.pipeline import Session, Timings, generate
from generator.register.problems import BriefingError, InvalidInput
from generator.settings import Settings
from generator.site import csp, search_index
from generator.site.dirty_build import rebuild_dependents
from generator.site.mkdocs_config import configure, exclude_fragments, home_description

_log = logging.getLogger("mkdocs.plugins.briefing")

# `mkdocs serve` previews uncommitted register edits as unpublished changes; `build` never does.
_preview = False
# `mkdocs serve --dirty` (the default of `briefing serve`): what its rebuilds must add.
_dirty = False
_search = search_index.InBackground()
# What the preview's generations keep between rebuilds (see pipeline.Session).
_session = Session()
# The URLs of the pages rendered in the current build (a dirty rebuild renders some).
_rendered: set[str] = set()
# The URLs of all the site's pages, rendered or not, and of those left out of search.
_page_urls: set[str] = set()
_unsearched: set[str] = set()
# Set once per build by on_config and on_env; read by every page.
_policy = csp.PolicySettings()
_theme_scripts = csp.ThemeScripts()


def on_startup(command: str, dirty: bool) -> None:
    global _preview, _dirty
    _preview = command == "serve"
    _dirty = _preview and dirty
    _session.cards_first = _dirty  # a full rebuild would build every page twice


@event_priority(100)  # before the search plugin reads its language and pipeline
def on_config(config: Any) -> Any:
    """Theme overrides, assets, extensions and the words of the theme in the site's language;
    the content security policy settings."""
    global _policy
    settings = _settings(config)
    escape_plain_settings(config)
    catalogue = load_catalogue(settings.language, settings.locale)
    configure(config, settings, catalogue)
    config.extra["feed"] = {"path": settings.layout.feed_published, "title": catalogue("changes.feed")}
    try:
        _policy = csp.read_settings((config.extra.get("briefing") or {}).get("csp"), Path(config.config_file_path))
    except InvalidInput as error:
        raise PluginError("briefing: the content security policy settings have errors\n" + error.report()) from None
    # The live-reload script of `mkdocs serve` changes with every response: no hash can allow it.
    _policy = dataclasses.replace(_policy, live_reload=_preview)
    return config


def on_pre_build(config: Any) -> None:
    _rendered.clear()
    _unsearched.clear()
    settings = _settings(config)
    try:
        timings = Timings()
        result = generate(settings, timings, preview=_preview, session=_session if _preview else None)
    except InvalidInput as error:
        raise PluginError("briefing: the register has errors\n" + error.report()) from None
    except BriefingError as error:
        raise PluginError(f"briefing: {error}") from None
    if result.notice:
        _log.info("briefing: %s", result.notice)
    phases = ", ".join(f"{phase} {seconds:.3f} s" for phase, seconds in timings.phases.items())
    written = ", ".join(result.report.written) if not result.complete else f"{len(result.report.written)} files"
    _log.debug("briefing: %s; wrote %s", phases, written)
    # Pages without a description of their own (the home page) describe the briefing.
    config.site_description = config.site_description or home_description(settings)


def on_files(files: Any, config: Any) -> Any:
    """Leave out the generated fragments; publish the feed at the site's root (see Layout.feed_published)."""
    settings = _settings(config)
    layout = settings.layout
    exclude_fragments(files, layout)
    _page_urls.clear()
    _page_urls.update(file.url for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve))
    feed = files.get_file_from_path(layout.feed)
    if feed is not None:
        feed.dest_uri = layout.feed_published
    if _dirty:
        rebuilt = rebuild_dependents(files, settings.docs, layout.subtree)
        if rebuilt:
            _log.debug("briefing: rebuilding what shows a change: %s", ", ".join(rebuilt))
    return files


def _settings(config: Any) -> Settings:
    try:
        return Settings.from_mkdocs(Path(config.config_file_path))
    except InvalidInput as error:
        raise PluginError("briefing: the settings have errors\n" + error.report()) from None
    except BriefingError as error:
        raise PluginError(f"briefing: {error}") from None


def on_env(env: Any, config: Any, files: Any) -> Any:
    global _theme_scripts
    _theme_scripts = csp.theme_scripts(csp.template_sources(env.loader, env))
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    search = page.meta.get("search")
    if isinstance(search, dict) and search.get("exclude"):
        _unsearched.add(page.url)  # Material writes no section of it
    _rendered.add(page.url)
    return _protect(output, page.file.src_uri)


def on_post_template(output: str, template_name: str, config: Any) -> str:
    """The pages the theme renders without a Markdown source: 404.html (sitemap.xml is no page)."""
    return _protect(output, template_name) if template_name.endswith(".html") else output


def _protect(html: str, where: str) -> str:
    try:
        page = csp.protect(html, _policy, _theme_scripts)
    except csp.PolicyPlacementError as error:
        raise PluginError(f"briefing: {where}: {error}") from None
    for script in page.blocked:
        _log.warning(
            f"{where}: the content security policy blocks an inline script that the theme did not write: "
            f"{textwrap.shorten(script, 80)!r}; move it into a file listed under extra_javascript"
        )
    return page.html


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: Any) -> None:
    """Replace Material's search index with the chunked one its search box reads (in the
    preview, once the rebuilt pages are served)."""
    if _preview:
        _search.submit(Path(config.site_dir), _settings(config), set(_rendered), _page_urls - _unsearched)
        _trim_material_memory(config)
    else:
        search_index.build(Path(config.site_dir), _settings(config))


def _trim_material_memory(config: Any) -> None:
    """Material keeps its last index for the next dirty rebuild and merges into it as if one
    page had been rebuilt, so it would keep the old sections of every other page rebuilt
    and grow with each edit; it is given the merged sections instead."""
    kept = getattr(config.plugins.get("material/search"), "search_index_prev", None)
    entries = getattr(kept, "entries", None)
    if isinstance(entries, list):
        entries[:] = [{"location": s.location, "title": s.title, "text": s.text} for s in _search.sections()]


def on_shutdown() -> None:
    _search.close()
