"""Configuration values the theme prints, made inert before any template sees them.

Material prints `site_name`, `site_description` and `site_author` into the page
title, meta tags, header and navigation without escaping them. Each is turned
into markup-safe text once: escaped here, and never escaped a second time by a
template that does escape (`| e` leaves a Markup string as it is).
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

PLAIN_TEXT_SETTINGS = ("site_name", "site_description", "site_author")
"""MkDocs settings that are plain text, never HTML (unlike `copyright`)."""


def escape_plain_settings(config: Any) -> None:
    """Replace each plain-text setting by its HTML-escaped, markup-safe form."""
    for name in PLAIN_TEXT_SETTINGS:
        value = config.get(name)
        if isinstance(value, str) and not isinstance(value, Markup):
            config[name] = escape(value)
