"""MkDocs hook: regenerate the briefing pages before every build, so `mkdocs serve` shows edits,
and give every page the site's content security policy once the theme has rendered it.

Kept thin on purpose: all the work is in generator.pipeline, which also runs on
its own (`briefing build`), and in generator.site.csp. Files are rewritten only
when their content changed, so the rebuild this triggers does not trigger another one.
"""

from __future__ import annotations

import dataclasses
import logging
import textwrap
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from generator.pages.catalogue import load_catalogue
from generator.pages.theme_values import escape_plain_settings
from generator.pipeline import generate
from generator.register.problems import BriefingError, InvalidInput
from generator.settings import Settings
from generator.site import csp

log = logging.getLogger("mkdocs.plugins.briefing")

# Set once per build by on_startup, on_config and on_env; read by every page.
_live_reload = False
_policy = csp.PolicySettings()
_theme_scripts = csp.ThemeScripts()


def on_startup(command: str, dirty: bool) -> None:
    global _live_reload
    _live_reload = command == "serve"


def on_config(config: Any) -> Any:
    """Hand the theme overrides (404 page, preview tags) their words from the catalogue; read
    the content security policy settings."""
    global _policy
    settings = Settings.from_mkdocs(Path(config.config_file_path))
    escape_plain_settings(config)
    labels = load_catalogue(settings.language, settings.locale).lookup("theme")
    config.extra["labels"] = {**labels, "locale": settings.locale}
    try:
        _policy = csp.read_settings((config.extra.get("briefing") or {}).get("csp"), Path(config.config_file_path))
    except InvalidInput as error:
        raise PluginError("briefing: the content security policy settings have errors\n" + error.report()) from None
    _policy = dataclasses.replace(_policy, live_reload=_live_reload)
    return config


def on_pre_build(config: Any) -> None:
    settings = Settings.from_mkdocs(Path(config.config_file_path))
    try:
        generate(settings)
    except InvalidInput as error:
        raise PluginError("briefing: the register has errors\n" + error.report()) from None
    except BriefingError as error:
        raise PluginError(f"briefing: {error}") from None


def on_env(env: Any, config: Any, files: Any) -> Any:
    global _theme_scripts
    _theme_scripts = csp.theme_scripts(csp.template_sources(env.loader, env))
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
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
        log.warning(
            f"{where}: the content security policy blocks an inline script that the theme did not write: "
            f"{textwrap.shorten(script, 80)!r}; move it into a file listed under extra_javascript"
        )
    return page.html
