"""Invalid registers and articles, one folder per case with the full expected output.

Each case under cases/invalid/ holds only the files that differ from cases/base/
and `expected.txt`: exactly what `briefing check` prints. `--update-golden`
rewrites the expected files from the current messages (review the diff).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.settings import Settings

from .conftest import CASES

INVALID = sorted(p for p in (CASES / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_check_reports_every_error(
    case: Path, project: Callable[..., Settings], capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    settings = project(case)
    status = main(["--config", str(settings.root / "mkdocs.yml"), "check"])
    out, err = capsys.readouterr()
    expected = case / "expected.txt"
    if update_golden:
        expected.write_text(err, encoding="utf-8")
    assert status == 1
    assert out == ""
    assert err == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("case", INVALID[:3] + INVALID[-3:], ids=lambda p: p.name)
def test_invalid_input_writes_nothing(case: Path, project: Callable[..., Settings]) -> None:
    settings = project(case)
    status = main(["--config", str(settings.root / "mkdocs.yml"), "build"])
    assert status == 1
    assert not settings.output.exists()
    assert not (settings.root / "site").exists()
