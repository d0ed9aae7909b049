"""Benchmark: the generator, the full build, the built site, search and the preview, at several sizes.

    make bench                  # 100, 1,000 and 10,000 claims
    make bench CLAIMS=1000      # one size

For each size it writes a synthetic project (bench/synth.py) and prints the
generator's time per phase (the fastest of three cold runs), its peak memory and
the pages and bytes it writes; the time of parsing the same YAML with libyaml
alone (the fastest of three); the full `briefing build` from clean, its peak
memory and MkDocs' share of it; the HTML pages of the site it built (how many,
their total size, the largest); the cost of a rerun with no change and of an
edit to one claim; what search costs a reader of that site (bench/search_bench.py);
and, at 1,000 and 10,000 claims, how long an edit takes to show in `briefing serve`
(bench/serve_latency.py). Targets, where one is stated, are printed next to their
figure as "(target <= X)"; none is asserted here.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bench.full_build import FullBuild, full_build
from bench.search_bench import report as search_report
from bench.serve_latency import ServeLatency, serve_latency
from bench.synth import generate as synthesize
from bench.targets import target

COLD_RUNS = 3
"""Cold runs of the generator per size; the fastest counts, as for the bare parse."""

SERVE_AT = frozenset({1000, 10000})
"""The sizes at which the `briefing serve` edit-to-visible time is measured."""


@dataclass(frozen=True)
class Row:
    claims: int
    libyaml: float
    cold: dict[str, Any]
    rerun: dict[str, Any]
    edited: dict[str, Any]
    build: FullBuild
    search: str
    serve: ServeLatency | None

    @property
    def generator(self) -> float:
        return float(sum(self.cold["phases"].values()))


def bare_parse(project: Path) -> float:
    """Seconds to parse every register file with libyaml's loader, nothing else."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((project / "seeds" / "register").glob("*.yml"))]
    best = float("inf")
    for _ in range(3):
        gc.collect()
        started = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=yaml.CSafeLoader)
        best = min(best, time.perf_counter() - started)
    return best


def run_generator(project: Path) -> dict[str, Any]:
    output = subprocess.run(
        [sys.executable, "-m", "bench.phases", str(project / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    ).stdout
    result: dict[str, Any] = json.loads(output)
    return result


def cold_run(project: Path) -> dict[str, Any]:
    """The fastest of several runs, each with no generated pages and no saved state."""
    runs = []
    for _ in range(COLD_RUNS):
        shutil.rmtree(project / ".briefing", ignore_errors=True)
        shutil.rmtree(project / "docs" / "briefing", ignore_errors=True)
        runs.append(run_generator(project))
    return min(runs, key=lambda run: sum(run["phases"].values()))


def edit_one_claim(project: Path) -> None:
    path = sorted((project / "seeds" / "register").glob("claims-*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Synthetische Behauptung 0 ", "Bearbeitete Behauptung 0 ", 1), encoding="utf-8")


def measure(claims: int, workdir: Path) -> Row:
    project = synthesize(workdir / f"project-{claims}", claims)
    libyaml = bare_parse(project)
    cold = cold_run(project)
    build = full_build(project)  # leaves site/ for search and serve, and the saved state for the rerun
    rerun = run_generator(project)
    edit_one_claim(project)
    edited = run_generator(project)
    search = search_report(project / "site", "Soldaten", f"behauptung-{claims // 2:06d}", claims)
    serve = serve_latency(project) if claims in SERVE_AT else None
    return Row(claims, libyaml, cold, rerun, edited, build, search, serve)


def _generator_lines(row: Row) -> list[str]:
    cold, phases = row.cold, row.cold["phases"]
    return [
        "  generator phases: " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in phases.items()),
        f"  generator total: {row.generator:.3f} s, peak memory {cold['peak_mb']:.0f} MB, "
        f"{cold['pages']} pages, {cold['bytes'] / 1e6:.1f} MB written",
        f"  bare libyaml parse of the same registers: {row.libyaml:.3f} s "
        f"-> generator / libyaml = {row.generator / row.libyaml:.2f}",
        f"  rerun with no change: {row.rerun['total']:.3f} s, {row.rerun['written']} files written "
        f"({row.rerun['total'] / cold['total']:.0%} of the cold run)",
        f"  edit to one claim: {row.edited['total']:.3f} s, {row.edited['written']} files rewritten",
    ]


def _build_lines(row: Row) -> list[str]:
    build, html = row.build, row.build.html
    return [
        f"  briefing build (from clean): {build.seconds:.2f} s{target('build', row.claims)}, "
        f"peak memory {build.peak_mb:.0f} MB (largest process of the tree, getrusage RUSAGE_CHILDREN ru_maxrss)",
        f"  of which MkDocs (the build less the generator's {build.generator:.2f} s): {build.mkdocs:.2f} s "
        f"({build.mkdocs / row.claims * 1000:.2f} s per 1,000 claims) -> generator / MkDocs = "
        f"{row.generator / build.mkdocs:.1%}",
        f"  site: {html.pages} HTML pages, {html.total_bytes / 1e6:.1f} MB of HTML; largest {html.largest} "
        f"{html.largest_bytes:,} bytes ({html.largest_bytes / 1e3:,.0f} KB){target('largest_page', row.claims)}",
    ]


def _serve_lines(row: Row) -> list[str]:
    if row.serve is None:
        return []
    watch = row.serve.watch
    pages = ", ".join(f"/{page}" for page in watch.pages)
    found = "the claim's card" if watch.in_heading else "the pages with its statement, no card found"
    lines = [
        f"  briefing serve: edit of one claim visible after {row.serve.seconds:.1f} s{target('serve', row.claims)} "
        f"on {pages} ({found})"
    ]
    if watch.mentions:
        lines.append(
            f"    and on all {len(watch.mentions)} other pages with its statement after {row.serve.everywhere:.1f} s"
        )
    return lines


def report(row: Row) -> str:
    lines = [f"== {row.claims:,} claims", *_generator_lines(row), *_build_lines(row), row.search, *_serve_lines(row)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, nargs="*", default=[100, 1000, 10000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as workdir:
        for claims in args.claims:
            print(report(measure(claims, Path(workdir))), flush=True)


if __name__ == "__main__":
    main()
