"""Latency of `mkdocs serve`: from saving an edit to one claim until the page shows it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _page_has(url: str, text: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            body: bytes = response.read()
            return text.encode() in body
    except OSError:
        return False


def serve_latency(project: Path, timeout: float = 300.0) -> float:
    """Seconds from editing one claim of a synthetic project to the rebuilt claims page,
    with `briefing serve`'s defaults (`mkdocs serve --dirty`)."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = f"http://127.0.0.1:{port}/briefing/claims/"
        deadline = time.monotonic() + timeout
        while not _page_has(page, "Synthetische Behauptung 1 "):
            if time.monotonic() > deadline:
                raise TimeoutError("mkdocs serve did not come up")
            time.sleep(0.5)
        claims = sorted((project / "seeds" / "register").glob("claims-*.yml"))[0]
        text = claims.read_text(encoding="utf-8")
        started = time.monotonic()
        claims.write_text(text.replace("Synthetische Behauptung 1 ", "Geänderte Behauptung 1 ", 1), encoding="utf-8")
        while not _page_has(page, "Geänderte Behauptung 1 "):
            if time.monotonic() > started + timeout:
                raise TimeoutError("the edit did not appear")
            time.sleep(0.1)
        return time.monotonic() - started
    finally:
        process.terminate()
        process.wait(timeout=30)
