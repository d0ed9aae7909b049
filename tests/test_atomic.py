"""Atomic output: a build killed while writing leaves the old tree or the new one, never a mix."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable

import pytest

from generator.pipeline import generate
from generator.settings import Settings

from .conftest import edit_article, tree

# Runs the real pipeline in a child process that SIGKILLs itself on its N-th file write,
# the way a machine losing power or an OOM killer would stop it.
KILL_ON_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from generator.pipeline import generate
    from generator.settings import Settings

    budget = int(sys.argv[2])
    original = Path.write_bytes

    def write_bytes(self, data):
        global budget
        budget -= 1
        if budget < 0:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(self, data)

    Path.write_bytes = write_bytes
    generate(Settings.from_mkdocs(Path(sys.argv[1])))
    """
)


@pytest.mark.parametrize("writes_before_kill", [0, 1, 3, 6])
def test_killed_build_leaves_the_previous_tree(project: Callable[..., Settings], writes_before_kill: int) -> None:
    settings = project()
    generate(settings)
    before = tree(settings.output)
    # An edit that changes most pages: a word in the register and in the articles it quotes.
    for path in settings.register.glob("*.yml"):
        path.write_text(path.read_text().replace("Soldaten", "Militärangehörige"))
    for path in (settings.seeds / "articles").glob("*.txt"):
        edit_article(settings.seeds, path, path.read_text().replace("Soldaten", "Militärangehörige"))
    result = subprocess.run(
        [sys.executable, "-c", KILL_ON_WRITE, str(settings.root / "mkdocs.yml"), str(writes_before_kill)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == -signal.SIGKILL, result.stderr
    assert tree(settings.output) == before

    # The next run cleans up after the killed one and writes the new tree in full.
    generated = generate(settings)
    assert not generated.skipped
    after = tree(settings.output)
    assert after != before
    assert set(after) == set(before)
    assert not (settings.work / "staging").exists()
