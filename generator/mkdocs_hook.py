"""MkDocs hook: regenerate the briefing pages before every build, so `mkdocs serve` shows edits.

Kept thin on purpose: all the work is in generator.pipeline, which also runs on
its own (`briefing build`). Files are rewritten only when their content changed,
so the rebuild this triggers does not trigger another one.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from generator.pages.catalogue import load_catalogue
from generator.pages.theme_values import escape_plain_settings
from generator.pipeline import generate
from generator.register.problems import BriefingError, InvalidInput
from generator.settings import Settings
from generator.site import search_index

_log = logging.getLogger("mkdocs.plugins.briefing")

# `mkdocs serve` previews uncommitted register edits as unpublished changes; `build` never does.
_preview = False


def on_startup(command: str, dirty: bool) -> None:
    global _preview
    _preview = command == "serve"


def on_config(config: Any) -> Any:
    """Hand the theme overrides (404 page, preview tags) their words from the catalogue."""
    settings = Settings.from_mkdocs(Path(config.config_file_path))
    escape_plain_settings(config)
    catalogue = load_catalogue(settings.language, settings.locale)
    labels = catalogue.lookup("theme")
    config.extra["labels"] = {**labels, "locale": settings.locale}
    config.extra["feed"] = {"path": settings.layout.feed_published, "title": catalogue("changes.feed")}
    return config


def on_files(files: Any, config: Any) -> Any:
    """Publish the feed at the site's root (see Layout.feed_published)."""
    layout = Settings.from_mkdocs(Path(config.config_file_path)).layout
    feed = files.get_file_from_path(layout.feed)
    if feed is not None:
        feed.dest_uri = layout.feed_published
    return files


def on_pre_build(config: Any) -> None:
    settings = Settings.from_mkdocs(Path(config.config_file_path))
    try:
        result = generate(settings, preview=_preview)
    except InvalidInput as error:
        raise PluginError("briefing: the register has errors\n" + error.report()) from None
    except BriefingError as error:
        raise PluginError(f"briefing: {error}") from None
    if result.notice:
        _log.info("briefing: %s", result.notice)


@event_priority(-100)  # after Material's search plugin has written its index
def on_post_build(config: Any) -> None:
    """Replace Material's search index with the chunked one its search box reads."""
    settings = Settings.from_mkdocs(Path(config.config_file_path))
    search_index.build(Path(config.site_dir), settings)
