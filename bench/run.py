"""Benchmark: the generator against a bare libyaml parse and against MkDocs, at several sizes.

    make bench                  # 100, 1,000 and 10,000 claims
    make bench CLAIMS=1000      # one size

For each size it writes a synthetic project (bench/synth.py) and prints the
generator's time per phase (the fastest of three cold runs), its peak memory,
the pages and bytes written, the time of `mkdocs build`, the time of parsing
the same YAML with libyaml alone (the fastest of three), the ratios the
targets are stated in, and the cost of a rerun with no change and of an edit
to one claim. Figures only: no target is asserted here.
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
from pathlib import Path
from typing import Any

import yaml

from bench.search_bench import report as search_report
from bench.serve_latency import serve_latency
from bench.synth import generate as synthesize

TARGET_VS_LIBYAML = 1.5
TARGET_VS_MKDOCS = 0.10


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


COLD_RUNS = 3
"""Cold runs of the generator per size; the fastest counts, as for the bare parse."""


def cold_run(project: Path) -> dict[str, Any]:
    """The fastest of several runs, each with no generated pages and no saved state."""
    runs = []
    for _ in range(COLD_RUNS):
        shutil.rmtree(project / ".briefing", ignore_errors=True)
        shutil.rmtree(project / "docs" / "briefing", ignore_errors=True)
        runs.append(run_generator(project))
    return min(runs, key=lambda run: sum(run["phases"].values()))


def mkdocs_build(project: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet"], cwd=project, check=True, capture_output=True)
    return time.perf_counter() - started


def edit_one_claim(project: Path) -> None:
    path = sorted((project / "seeds" / "register").glob("claims-*.yml"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Synthetische Behauptung 0 ", "Bearbeitete Behauptung 0 ", 1), encoding="utf-8")


SERVE_AT = 1000
"""The size at which the `mkdocs serve` rebuild latency is measured."""


def measure(claims: int, workdir: Path) -> dict[str, Any]:
    project = synthesize(workdir / f"project-{claims}", claims)
    libyaml = bare_parse(project)
    cold = cold_run(project)
    rerun = run_generator(project)
    edit_one_claim(project)
    edited = run_generator(project)
    build = mkdocs_build(project)
    search = search_report(project / "site", "Soldaten", f"behauptung-{claims // 2:06d}")
    latency = serve_latency(project) if claims == SERVE_AT else None
    generator_total = sum(cold["phases"].values())
    return {
        "claims": claims,
        "libyaml": libyaml,
        "cold": cold,
        "rerun": rerun,
        "edited": edited,
        "generator": generator_total,
        "mkdocs": build,
        "serve_latency": latency,
        "search": search,
    }


def report(row: dict[str, Any]) -> str:
    cold, phases = row["cold"], row["cold"]["phases"]
    lines = [
        f"== {row['claims']:,} claims",
        "  generator phases: " + ", ".join(f"{name} {seconds:.3f} s" for name, seconds in phases.items()),
        f"  generator total: {row['generator']:.3f} s, peak memory {cold['peak_mb']:.0f} MB, "
        f"{cold['pages']} pages, {cold['bytes'] / 1e6:.1f} MB written",
        f"  bare libyaml parse of the same registers: {row['libyaml']:.3f} s "
        f"-> generator / libyaml = {row['generator'] / row['libyaml']:.2f} (target <= {TARGET_VS_LIBYAML})",
        f"  mkdocs build: {row['mkdocs']:.2f} s ({row['mkdocs'] / row['claims'] * 1000:.2f} s per 1,000 claims) "
        f"-> generator / mkdocs = {row['generator'] / row['mkdocs']:.1%} (target <= {TARGET_VS_MKDOCS:.0%})",
        f"  rerun with no change: {row['rerun']['total']:.3f} s, {row['rerun']['written']} files written "
        f"({row['rerun']['total'] / cold['total']:.0%} of the cold run)",
        f"  edit to one claim: {row['edited']['total']:.3f} s, {row['edited']['written']} files rewritten",
    ]
    lines.append(row["search"])
    if row["serve_latency"] is not None:
        lines.append(f"  mkdocs serve: edit of one claim visible after {row['serve_latency']:.1f} s")
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
