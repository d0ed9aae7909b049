"""The MkDocs plugin `briefing`: `plugins: [briefing]` in a project's mkdocs.yml.

Registered through the `mkdocs.plugins` entry point of the installed package, so a
project needs no copy of the generator. The plugin is the events of
generator.mkdocs_hook, each registered as a method: a new event is one function
there, and the hook module stays the one place that MkDocs calls.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from mkdocs.config.base import Config
from mkdocs.plugins import EVENTS, BasePlugin

from generator import mkdocs_hook


class BriefingOptions(Config):  # type: ignore[no-untyped-call]
    """The plugin takes no options: the project's settings live under `extra.briefing`."""


class BriefingPlugin(BasePlugin[BriefingOptions]):  # type: ignore[no-untyped-call]
    """Regenerates the briefing pages before each build and configures MkDocs for them."""


def _method(handler: Callable[..., Any]) -> Callable[..., Any]:
    # functools.wraps keeps the handler's `mkdocs_priority`, which MkDocs orders events by.
    @functools.wraps(handler)
    def method(self: BriefingPlugin, *args: Any, **kwargs: Any) -> Any:
        return handler(*args, **kwargs)

    return method


for _event in EVENTS:
    _handler = getattr(mkdocs_hook, f"on_{_event}", None)
    if callable(_handler):
        setattr(BriefingPlugin, f"on_{_event}", _method(_handler))
