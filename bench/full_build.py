"""The full `briefing build` as a user runs it (the generator, then `mkdocs build --strict`),
from a project with no generated pages, no saved state and no site: its wall time, the peak
memory of its process tree (bench/peak.py) and the HTML it leaves in site/."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

PEAK = Path(__file__).with_name("peak.py")
BUILD = ("-m", "generator.cli", "build", "--verbose")
"""`briefing build`; --verbose adds the generator's phase times, to tell its share from MkDocs'."""

PHASE_LINE = re.compile(r"^  (\w+): ([0-9.]+) ms$", re.MULTILINE)
"""A phase time as `briefing build --verbose` prints it."""


@dataclass(frozen=True)
class SiteHtml:
    pages: int
    total_bytes: int
    largest: str
    """Path of the largest page, relative to site/."""
    largest_bytes: int


@dataclass(frozen=True)
class FullBuild:
    seconds: float
    peak_mb: float
    generator: float
    """Seconds of the generator's phases within the build; the rest is MkDocs (and start-up)."""
    html: SiteHtml

    @property
    def mkdocs(self) -> float:
        return self.seconds - self.generator


def site_html(site: Path) -> SiteHtml:
    """How many HTML pages site/ holds, their total size and the largest of them."""
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    largest = max(sizes, key=lambda name: sizes[name])
    return SiteHtml(pages=len(sizes), total_bytes=sum(sizes.values()), largest=largest, largest_bytes=sizes[largest])


def _clean(project: Path) -> None:
    for generated in (".briefing", "docs/briefing", "site"):
        shutil.rmtree(project / generated, ignore_errors=True)


def full_build(project: Path) -> FullBuild:
    """Run `briefing build` in `project` from clean and measure it."""
    _clean(project)
    output = subprocess.run(
        [sys.executable, str(PEAK), sys.executable, *BUILD],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    run = json.loads(output)
    if run["returncode"] != 0:
        raise RuntimeError(f"briefing build failed ({run['returncode']}):\n{run['stderr']}")
    phases = [float(ms) / 1000 for _, ms in PHASE_LINE.findall(run["stdout"])]
    if not phases:
        raise RuntimeError("briefing build --verbose printed no phase times")
    return FullBuild(
        seconds=run["seconds"], peak_mb=run["peak_mb"], generator=sum(phases), html=site_html(project / "site")
    )
