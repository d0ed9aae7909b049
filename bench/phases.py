"""Run the generator once on a project and print its phase times and peak memory as JSON."""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from generator.pipeline import Timings, generate
from generator.settings import Settings


def main() -> None:
    started = time.perf_counter()
    settings = Settings.from_mkdocs(Path(sys.argv[1]))
    timings = Timings()
    result = generate(settings, timings)
    total = time.perf_counter() - started
    files = [p for p in settings.output.rglob("*") if p.is_file()]
    print(
        json.dumps(
            {
                "phases": timings.phases,
                "total": total,
                "skipped": result.skipped,
                "written": len(result.report.written),
                "pages": sum(1 for p in files if p.suffix == ".md"),
                "bytes": sum(p.stat().st_size for p in files),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
    )


if __name__ == "__main__":
    main()
