"""Live preview: `briefing serve` regenerates after an edit under seeds/, without a rebuild loop.

The hook writes the changed pages while MkDocs builds; the watcher sees those
writes and asks for one more build, in which the generator finds nothing to
change and writes nothing, so the sequence ends there. After an edit to claims
alone, the first build writes only the pages of the edited cards, and the one
it causes writes the rest: one build more before the generator finds nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.cli import main
from generator.settings import Settings

from .browser_support import chromium, free_port, search
from .conftest import tree

pytestmark = pytest.mark.e2e


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        text: str = response.read().decode("utf-8")
        return text


def _wait_for(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.25)
    return False


@pytest.fixture
def server(project: Callable[..., Settings], tmp_path: Path) -> Iterator[tuple[Settings, str, Path]]:
    settings = project()
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=settings.root,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
        try:
            yield settings, f"http://127.0.0.1:{port}", log
        finally:
            process.terminate()
            process.wait(timeout=10)


def _builds(log: Path) -> int:
    return log.read_text().count("Building documentation")


def test_an_edited_claim_appears_after_one_rebuild(server: tuple[Settings, str, Path]) -> None:
    settings, url, log = server
    page = f"{url}/briefing/topics/truppen/"
    assert _wait_for(lambda: "Der Sprecher weist" in _fetch(page), 60), log.read_text()
    assert _wait_for(lambda: _builds(log) == 1, 5)

    claims = settings.register / "claims.yml"
    claims.write_text(claims.read_text().replace("Der Sprecher weist", "Ein Regierungssprecher weist"))

    assert _wait_for(lambda: "Ein Regierungssprecher weist" in _fetch(page), 30), log.read_text()
    time.sleep(4)  # a loop would show up as further builds now
    assert _builds(log) <= 4, log.read_text()  # the first, the edited card, the rest, nothing
    settled = _builds(log)
    time.sleep(2)
    assert _builds(log) == settled


def test_an_invalid_edit_is_reported_and_the_preview_recovers(server: tuple[Settings, str, Path]) -> None:
    settings, url, log = server
    page = f"{url}/briefing/topics/truppen/"
    assert _wait_for(lambda: "Der Sprecher weist" in _fetch(page), 60), log.read_text()

    claims = settings.register / "claims.yml"
    valid = claims.read_text()
    claims.write_text(valid.replace("quote: Der Sprecher wies", "quote: Der Sprecher wiess"))
    assert _wait_for(lambda: "quote not found in source '001-bericht'" in log.read_text(), 30), log.read_text()
    assert "closest passage" in log.read_text()

    claims.write_text(valid.replace("Der Sprecher weist", "Der Sprecher bestreitet"))
    assert _wait_for(lambda: "Der Sprecher bestreitet" in _fetch(page), 30), log.read_text()


def test_the_live_reload_script_runs_under_the_preview_policy(server: tuple[Settings, str, Path]) -> None:
    """`mkdocs serve` adds its live-reload script to each page as it sends it; the preview's
    policy lets it run (the published build allows only the theme's scripts, by hash)."""
    _, url, log = server
    page_url = f"{url}/briefing/topics/truppen/"
    assert _wait_for(lambda: "Der Sprecher weist" in _fetch(page_url), 60), log.read_text()
    assert "script-src 'self' 'wasm-unsafe-eval' 'unsafe-inline';" in _fetch(page_url)
    with chromium() as browser:
        page = browser.new_page()
        console: list[str] = []
        page.on("console", lambda message: console.append(message.text))
        page.goto(page_url)
        page.wait_for_load_state("load")
        assert _wait_for(lambda: "Enabled live reload" in console, 10), console
    assert not [line for line in console if "Content Security Policy" in line], console


def test_a_build_during_the_preview_is_refused_and_the_preview_goes_on(
    server: tuple[Settings, str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    settings, url, log = server
    page = f"{url}/briefing/topics/truppen/"
    assert _wait_for(lambda: "Der Sprecher weist" in _fetch(page), 60), log.read_text()
    before = tree(settings.output)

    assert main(["--config", str(settings.root / "mkdocs.yml"), "build"]) == 1
    _, err = capsys.readouterr()
    assert err == (
        "briefing: another `briefing build` or `briefing serve` is running in this project "
        "(it holds .briefing/lock); wait for it to finish or stop it, then try again\n"
    )
    assert tree(settings.output) == before
    assert not (settings.root / "site").exists()

    # The preview's own rebuilds still regenerate the pages under the lock it holds.
    claims = settings.register / "claims.yml"
    claims.write_text(claims.read_text().replace("Der Sprecher weist", "Der Sprecher verneint"))
    assert _wait_for(lambda: "Der Sprecher verneint" in _fetch(page), 30), log.read_text()


def test_an_edited_claim_appears_on_the_home_page(server: tuple[Settings, str, Path]) -> None:
    """The home page is one line that includes the generated home fragment: its own file never
    changes, yet the preview rebuilds it when the fragment does."""
    settings, url, log = server
    home = f"{url}/"
    assert _wait_for(lambda: "Fast 10.000 Soldaten sind eingereist." in _fetch(home), 60), log.read_text()

    claims = settings.register / "claims.yml"
    claims.write_text(claims.read_text().replace("Fast 10.000 Soldaten", "Beinahe 10.000 Soldaten"))

    assert _wait_for(lambda: "Beinahe 10.000 Soldaten sind eingereist." in _fetch(home), 30), log.read_text()
    assert "Fast 10.000 Soldaten" not in _fetch(home)


def _index_sizes(log: Path) -> list[int]:
    return [int(n) for n in re.findall(r"search index updated \((\d+) records\)", log.read_text())]


def test_the_search_follows_an_edit_without_stale_or_doubled_records(server: tuple[Settings, str, Path]) -> None:
    """An edited claim shows on several pages, all rebuilt at once; the search then finds the
    new text, at the claim's card, and no longer the old, and holds as many records as before."""
    settings, url, log = server
    assert _wait_for(lambda: len(_index_sizes(log)) == 1, 90), log.read_text()

    claims = settings.register / "claims.yml"
    claims.write_text(claims.read_text().replace("Der Sprecher weist", "Ein Regierungssprecher bestreitet"))
    assert _wait_for(lambda: len(_index_sizes(log)) >= 2, 60), log.read_text()
    time.sleep(3)  # the watcher's second, empty rebuild indexes once more
    first, *after = _index_sizes(log)
    assert after and set(after) == {first}, log.read_text()

    with chromium() as browser:
        page = browser.new_page()
        page.goto(f"{url}/")
        found = search(page, "Regierungssprecher")
        assert found.pages() == ["briefing/topics/truppen/"], found
        assert "briefing/topics/truppen/#sprecher-dementi" in found.locations, found
        assert search(page, "weist").pages() == [], log.read_text()
