"""Latency of `briefing serve`: from saving an edit to one claim's statement until the page
holding the claim's card serves it.

The page to watch is found in the site that `briefing build` left in site/, not assumed from
the layout: the pages with the statement in an <h2> or <h3> heading (the card's), else every
page that holds the statement at all. Every watched page must show the edit.
"""

from __future__ import annotations

import html
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

HEADING = re.compile(r"<h([23])\b[^>]*>(.*?)</h\1>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
START_TIMEOUT = 1200.0
"""Seconds for `briefing serve` to build the whole site once and answer (10,000 claims, busy machine)."""
EDIT_TIMEOUT = 300.0
POLL = 0.1


@dataclass(frozen=True)
class Watch:
    """Pages to poll, as paths under the site's root ("" for the home page), and how to read them."""

    pages: tuple[str, ...]
    in_heading: bool
    """The statement is looked for in the <h2>/<h3> headings only, not anywhere in the page."""
    mentions: tuple[str, ...] = ()
    """The other pages that hold the statement (the all-claims index, an actor's page): the
    preview shows the edit on the card's page first, then on these."""

    def shows(self, page: str, statement: str) -> bool:
        return in_headings(page, statement) if self.in_heading else anywhere(page, statement)


@dataclass(frozen=True)
class ServeLatency:
    seconds: float
    """Until the card's page shows the edit."""
    watch: Watch
    everywhere: float
    """Until every page that held the statement shows the edit."""


def _headings(page: str) -> Iterator[str]:
    for match in HEADING.finditer(page):
        yield html.unescape(TAG.sub("", match.group(2)))


def in_headings(page: str, statement: str) -> bool:
    return any(statement in heading for heading in _headings(page))


def anywhere(page: str, statement: str) -> bool:
    return statement in html.unescape(page)


def _url_path(page: Path) -> str:
    """The served path of a built page, with MkDocs' directory URLs (a/index.html -> a/)."""
    path = page.as_posix()
    return path.removesuffix("index.html") if page.name == "index.html" else path


def card_pages(site: Path, statement: str) -> Watch:
    """The built pages holding the card of the claim with `statement`."""
    cards: list[str] = []
    mentions: list[str] = []
    for path in sorted(site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        if in_headings(page, statement):
            cards.append(_url_path(path.relative_to(site)))
        elif anywhere(page, statement):
            mentions.append(_url_path(path.relative_to(site)))
    if cards:
        return Watch(pages=tuple(cards), in_heading=True, mentions=tuple(mentions))
    if mentions:
        return Watch(pages=tuple(mentions), in_heading=False)
    raise LookupError(f"no page of {site} holds {statement!r}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            body: bytes = response.read()
            return body.decode("utf-8", errors="replace")
    except OSError:
        return ""  # not up yet, or in the middle of a rebuild


def _wait_until_shown(
    process: subprocess.Popen[bytes], urls: list[str], watch: Watch, statement: str, timeout: float
) -> None:
    """Poll until every watched page serves `statement`."""
    deadline = time.monotonic() + timeout
    waiting = list(urls)
    while waiting:
        if process.poll() is not None:
            raise RuntimeError(f"briefing serve exited with status {process.returncode}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{statement!r} did not appear on {waiting} within {timeout:.0f} s")
        waiting = [url for url in waiting if not watch.shows(_fetch(url), statement)]
        if waiting:
            time.sleep(POLL)


def edited_claim(project: Path) -> tuple[Path, str, str]:
    """The register file, the statement and its edited form of the claim that the measurement edits."""
    path = sorted((project / "seeds" / "register").glob("claims-*.yml"))[0]
    claims = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)["claims"]
    statement: str = claims[1]["statement"]
    return path, statement, "Geänderte " + statement.split(" ", 1)[1]


def serve_latency(project: Path) -> ServeLatency:
    """Seconds from editing one claim of a built synthetic project until `briefing serve`
    (its defaults: `mkdocs serve --dirty`) serves the edited card."""
    path, statement, edited = edited_claim(project)
    watch = card_pages(project / "site", statement)
    port = _free_port()
    root = f"http://127.0.0.1:{port}"
    urls = [f"{root}/{page}" for page in watch.pages]
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}  # serve at the root
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_shown(process, urls, watch, statement, START_TIMEOUT)
        text = path.read_text(encoding="utf-8")
        if statement not in text:
            raise LookupError(f"{path} does not spell {statement!r} on one line")
        started = time.monotonic()
        path.write_text(text.replace(statement, edited, 1), encoding="utf-8")
        _wait_until_shown(process, urls, watch, edited, EDIT_TIMEOUT)
        seconds = time.monotonic() - started
        others = Watch(pages=watch.mentions, in_heading=False)
        _wait_until_shown(process, [f"{root}/{page}" for page in others.pages], others, edited, EDIT_TIMEOUT)
        return ServeLatency(seconds=seconds, watch=watch, everywhere=time.monotonic() - started)
    finally:
        process.terminate()
        process.wait(timeout=30)
