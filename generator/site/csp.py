"""Content security policy: a built page runs the site's own scripts and the theme's, nothing else.

GitHub Pages sends no response headers of a project's choosing, so the policy travels in the
page itself, as `<meta http-equiv="Content-Security-Policy">` at the top of `<head>`, before
any stylesheet or script (a policy given by a meta element governs only what follows it).
It is added after the theme has rendered the page. Scripts load only from the site; inline
scripts run only if the theme's templates wrote them, each allowed by its SHA-256 hash. An
inline script or event handler that an escaping slip lets into a page does not run.

The policy is on by default. A project adds sources per directive under
`extra.briefing.csp` in mkdocs.yml, or turns the policy off with `csp: false`:

    extra:
      briefing:
        csp:
          img-src: [https://images.example.org]
          connect-src: [https://data.example.org]

Everything here is a pure function of its arguments; the MkDocs hook only calls them.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import yaml
from jinja2 import BaseLoader, Environment

from generator.register.problems import InvalidInput, Problem

BASE_POLICY: dict[str, tuple[str, ...]] = {
    # Whatever no directive below allows is refused.
    "default-src": ("'none'",),
    # The theme's bundle and the project's extra_javascript; each page adds the hashes of
    # the theme's inline scripts on it. The search (Pagefind) compiles WebAssembly, which
    # 'wasm-unsafe-eval' allows without allowing JavaScript's eval.
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    # The theme's and the project's stylesheets; no <style> element, no style attribute.
    "style-src": ("'self'",),
    # The favicon, and the theme's icons, which its stylesheet embeds as data: URLs.
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    # Instant navigation fetches pages and the sitemap; the search fetches its index.
    "connect-src": ("'self'",),
    # The search runs in a worker loaded from the site.
    "worker-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
"""Every page's policy before the project's additions: what Material needs, measured in
Chromium on every page type, with the search, the copy-link buttons and footnote tooltips."""

DIRECTIVES = frozenset(
    {
        "default-src",
        "script-src",
        "script-src-elem",
        "script-src-attr",
        "style-src",
        "style-src-elem",
        "style-src-attr",
        "img-src",
        "font-src",
        "connect-src",
        "media-src",
        "object-src",
        "frame-src",
        "child-src",
        "worker-src",
        "manifest-src",
        "base-uri",
        "form-action",
        "upgrade-insecure-requests",
        "require-trusted-types-for",
        "trusted-types",
    }
)
"""The directives a project may extend."""

HEADER_ONLY = frozenset({"frame-ancestors", "report-uri", "report-to", "sandbox"})
"""Directives a browser ignores in a policy given by a meta element: refused, not silently lost."""

SETTINGS_KEY = ("extra", "briefing", "csp")

# A source expression: a keyword or hash in single quotes, a scheme ("data:"), or a host with
# optional scheme, port and path. No white space, ";" or ",": those would end the directive or
# the policy, and let a value smuggle in a directive of its own.
_SOURCE = re.compile(
    r"'[A-Za-z0-9+/=_-]+'"
    r"|[A-Za-z][A-Za-z0-9+.-]*:"
    r"|(?:[A-Za-z][A-Za-z0-9+.-]*://)?(?:\*|(?:\*\.)?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)"
    r"(?::(?:[0-9]+|\*))?(?:/[A-Za-z0-9._~%!$&()*+=:@/-]*)?"
)

# Script types a browser runs: classic scripts, modules, import maps and speculation rules,
# all governed by script-src. Any other type is a data block (JSON, JSON-LD) and never runs.
_JAVASCRIPT_TYPES = frozenset(
    {
        "",
        "module",
        "importmap",
        "speculationrules",
        "application/ecmascript",
        "application/javascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)


class PolicyPlacementError(ValueError):
    """A page has no <head> in which its policy can come before its first script."""


# --- settings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PolicySettings:
    """What mkdocs.yml says about the policy: on or off, and the sources added per directive."""

    enabled: bool = True
    extra: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Directive -> sources added to the base policy (a directive of its own if the base lacks it)."""
    live_reload: bool = False
    """True under `mkdocs serve`: its live-reload script is added to every page as it is sent,
    with a text that changes per request, so no hash can allow it; inline scripts are then
    allowed wholesale. Never for a build that is published."""


def read_settings(value: object, config_file: Path | None = None) -> PolicySettings:
    """The policy settings from the value of `extra.briefing.csp` (None when it is absent).

    Every mistake is reported at once, at its line in `config_file` when that is given."""
    if value is None or value is True:
        return PolicySettings()
    if value is False:
        return PolicySettings(enabled=False)
    lines = _LineFinder(config_file)
    where = ".".join(SETTINGS_KEY)
    if not isinstance(value, Mapping):
        raise InvalidInput(
            [
                lines.problem(
                    SETTINGS_KEY,
                    f"{where} must map directives to lists of sources, or be false",
                    "write e.g. `csp: {img-src: [https://images.example.org]}`, or `csp: false` to send no policy",
                )
            ]
        )
    problems: list[Problem] = []
    extra: dict[str, tuple[str, ...]] = {}
    for directive, sources in value.items():
        name = str(directive)
        key = (*SETTINGS_KEY, name)
        if name in HEADER_ONLY:
            problems.append(
                lines.problem(
                    key,
                    f"{where}: '{name}' has no effect in a policy given by a <meta> element",
                    "remove it; only a host that sends response headers can apply it (GitHub Pages cannot)",
                )
            )
            continue
        if name not in DIRECTIVES:
            problems.append(
                lines.problem(
                    key, f"{where}: unknown directive '{name}'", "use one of " + ", ".join(sorted(DIRECTIVES))
                )
            )
            continue
        items = [sources] if isinstance(sources, str) else sources
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            problems.append(
                lines.problem(
                    key, f"{where}.{name} must be a list of sources", f"write e.g. `{name}: [https://example.org]`"
                )
            )
            continue
        for item in items:
            if not _SOURCE.fullmatch(item):
                problems.append(
                    lines.problem(
                        key,
                        f"{where}.{name}: {item!r} is not a source",
                        "give one host (https://example.org), scheme (data:) or quoted keyword (\"'self'\") "
                        "per list item, without spaces, ';' or ','",
                    )
                )
        extra[name] = tuple(items)
    if problems:
        raise InvalidInput(problems)
    return PolicySettings(extra=extra)


# --- the policy ----------------------------------------------------------------------------------


def script_hash(text: str) -> str:
    """The hash source that allows an inline script with this text, as the browser computes it."""
    # The browser hashes the text after its parser has turned CR LF and lone CR into LF.
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(normalized.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def policy(settings: PolicySettings, hashes: Iterable[str]) -> str:
    """The policy text for a page whose allowed inline scripts have these hash sources."""
    directives = {name: list(sources) for name, sources in BASE_POLICY.items()}
    directives["script-src"] += ["'unsafe-inline'"] if settings.live_reload else list(hashes)
    for name, sources in settings.extra.items():
        present = directives.setdefault(name, [])
        present += [source for source in sources if source not in present]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


@dataclass(frozen=True)
class ThemeScripts:
    """The inline scripts that the theme's templates write, as patterns of their rendered text.

    Only these are allowed: a script that reached the page any other way (an escaping slip in
    a title or a quote, raw HTML in a Markdown page) stays out of the policy and is blocked,
    although the policy is computed from the very page that carries it."""

    patterns: tuple[re.Pattern[str], ...] = ()

    def allows(self, text: str) -> bool:
        return any(pattern.fullmatch(text) for pattern in self.patterns)


# A template expression in a theme script renders a value of mkdocs.yml or the page's relative
# base URL into a string literal; the pattern lets it neither close the literal nor the script.
_EXPRESSION_VALUE = r"[^\"'<>\\\n]*"
_TEMPLATE_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TEMPLATE_TAG = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)
_ATTRIBUTE = re.compile(r"([\w-]+)(?:\s*=\s*[\"']?([^\"'\s>]*))?")


def theme_scripts(templates: Iterable[str]) -> ThemeScripts:
    """The inline scripts in these theme template sources (Jinja), as patterns.

    A script with a {% statement %} inside, or with a {{ value }} outside a string literal, is
    left out, since its text cannot be foreseen: the build reports it on every page with it."""
    patterns: dict[str, re.Pattern[str]] = {}
    for source in templates:
        for match in _TEMPLATE_SCRIPT.finditer(source):
            attributes, body = match.groups()
            if not _is_inline_javascript(dict(_ATTRIBUTE.findall(attributes.lower()))):
                continue
            pattern = _script_pattern(body)
            if pattern is not None:
                patterns.setdefault(pattern, re.compile(pattern, re.S))
    return ThemeScripts(tuple(patterns.values()))


def template_sources(loader: BaseLoader, environment: Environment) -> Iterator[str]:
    """The source of every HTML template the theme environment can load (theme and overrides)."""
    for name in loader.list_templates():
        if name.endswith(".html"):
            yield loader.get_source(environment, name)[0]


def _script_pattern(body: str) -> str | None:
    parts = _TEMPLATE_TAG.split(body)
    literals, tags = parts[0::2], parts[1::2]
    if any(tag.startswith("{%") for tag in tags):
        return None
    # Jinja's "-" strips the white space on that side of a tag.
    for index, tag in enumerate(tags):
        if tag[2] == "-":
            literals[index] = literals[index].rstrip()
        if tag[-3] == "-":
            literals[index + 1] = literals[index + 1].lstrip()
    pattern = re.escape(literals[0])
    for index, tag in enumerate(tags):
        if tag.startswith("{{"):
            # Only a value inside a string literal is foreseeable: elsewhere it could be code.
            before, after = literals[index], literals[index + 1]
            if not (before[-1:] in {'"', "'"} and after[:1] == before[-1:]):
                return None
            pattern += _EXPRESSION_VALUE
        pattern += re.escape(literals[index + 1])
    return pattern


@dataclass(frozen=True)
class ProtectedPage:
    html: str
    """The page with its policy."""
    blocked: tuple[str, ...]
    """The text of each inline script on the page that the policy does not allow."""


def protect(html: str, settings: PolicySettings, theme: ThemeScripts) -> ProtectedPage:
    """The page with its policy as the first element of <head> (after a leading <meta charset>).

    JSON-LD in the body moves to the end of <head>: Material's instant navigation re-inserts
    each script of the page's content as a new script element without its type, so the data
    would be run as JavaScript and be blocked by the policy; it does not do so in <head>."""
    if not settings.enabled:
        return ProtectedPage(html, ())
    page = _scan(html)
    if page.insert_at is None:
        raise PolicyPlacementError("the page has no <head> element to carry its content security policy")
    if page.first_script is not None and page.first_script < page.insert_at:
        raise PolicyPlacementError("the page has a script before its <head>, where no policy reaches")
    allowed = [text for text in page.scripts if theme.allows(text)]
    blocked = tuple(text for text in page.scripts if not theme.allows(text))
    hashes = dict.fromkeys(script_hash(text) for text in allowed)
    # Single quotes stay as they are, so that the policy reads as written in the page source.
    content = escape(policy(settings, hashes), quote=False).replace('"', "&quot;")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return ProtectedPage(_insert(html, page, meta), blocked)


def _insert(html: str, page: _Page, meta: str) -> str:
    """The page with `meta` at page.insert_at and the body's JSON-LD at the end of <head>."""
    assert page.insert_at is not None
    if page.head_close is None or not page.body_data_blocks:
        return html[: page.insert_at] + meta + html[page.insert_at :]
    pieces = [html[: page.insert_at], meta, html[page.insert_at : page.head_close]]
    pieces += [html[start:end] for start, end in page.body_data_blocks]
    position = page.head_close
    for start, end in page.body_data_blocks:
        pieces.append(html[position:start])
        position = end
    pieces.append(html[position:])
    return "".join(pieces)


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script on the page that a browser would run, in order."""
    return _scan(html).scripts


def _is_inline_javascript(attributes: Mapping[str, str | None]) -> bool:
    """True for a script element without src whose type a browser runs (not a data block)."""
    kind = (attributes.get("type") or "").strip().lower()
    return "src" not in attributes and kind in _JAVASCRIPT_TYPES


# --- reading the page ----------------------------------------------------------------------------


@dataclass
class _Page:
    scripts: list[str] = field(default_factory=list)
    insert_at: int | None = None
    """Offset right after <head>, or after a <meta charset> that comes first in it."""
    first_script: int | None = None
    head_close: int | None = None
    """Offset of </head>."""
    body_data_blocks: list[tuple[int, int]] = field(default_factory=list)
    """Start and end offsets of the JSON-LD script elements in <body>."""


class _Scanner(HTMLParser):
    """Finds <head>, a <meta charset> that opens it, the first script and each inline script's
    text. The standard library's parser reads script content as raw text, as browsers do."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=False)
        self.page = _Page()
        self._line_starts = [0, *(match.end() for match in re.finditer("\n", html))]
        self._head_end: int | None = None
        self._head_has_tags = False
        self._script: list[str] | None = None
        self._data_block: int | None = None
        self._in_body = False
        self._html = html

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        end = start + len(self.get_starttag_text() or "")
        if tag == "head" and self._head_end is None:
            self._head_end = self.page.insert_at = end
        elif self._head_end is not None and not self._head_has_tags:
            self._head_has_tags = True
            # The character set must stay within the first bytes of the page, so it goes first.
            if tag == "meta" and any(name == "charset" for name, _ in attrs):
                self.page.insert_at = end
        if tag == "body":
            self._in_body = True
        if tag != "script":
            return
        if self.page.first_script is None:
            self.page.first_script = start
        if _is_inline_javascript(dict(attrs)):
            self._script = []
        elif self._in_body and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json":
            self._data_block = start

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "head" and self.page.head_close is None:
            self.page.head_close = self._offset()
        if tag != "script":
            return
        if self._script is not None:
            self.page.scripts.append("".join(self._script))
            self._script = None
        if self._data_block is not None:
            end = self._html.index(">", self._offset()) + 1
            self.page.body_data_blocks.append((self._data_block, end))
            self._data_block = None


def _scan(html: str) -> _Page:
    scanner = _Scanner(html)
    scanner.feed(html)
    scanner.close()
    return scanner.page


# --- locating a setting in mkdocs.yml ------------------------------------------------------------


class _LineFinder:
    """The lines of keys in mkdocs.yml, for messages (line 1 when the file cannot be read)."""

    def __init__(self, config_file: Path | None) -> None:
        self.path = config_file.name if config_file else "mkdocs.yml"
        self._root: yaml.Node | None = None
        if config_file is not None:
            try:
                # compose() builds nodes without constructing values, so !ENV and other tags pass.
                self._root = yaml.compose(config_file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
            except (OSError, yaml.YAMLError):
                self._root = None

    def line(self, keys: tuple[str, ...]) -> int:
        node, found = self._root, 1
        for key in keys:
            if not isinstance(node, yaml.MappingNode):
                break
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                break
            found, node = match[0].start_mark.line + 1, match[1]
        return found

    def problem(self, keys: tuple[str, ...], message: str, hint: str) -> Problem:
        return Problem(self.path, self.line(keys), message, hint)
