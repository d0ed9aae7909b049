"""Run one command and print, as JSON, its wall time, its output and the peak memory of its
process tree.

    python bench/peak.py COMMAND [ARG ...]

The peak is getrusage(RUSAGE_CHILDREN).ru_maxrss of this process once the command has ended:
the largest resident set any one process of the tree reached (the kernel carries each waited-for
descendant's maximum up to its parent), not the sum of processes alive at the same time. The
command runs from this small process so that nothing else counts: in the benchmark's own process
RUSAGE_CHILDREN would also hold earlier children (the generator's runs, chromium). Run as a
script, not a module, so that it starts in any folder.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time


def main() -> None:
    started = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux
    json.dump(
        {
            "seconds": seconds,
            "peak_mb": peak_kib / 1024,
            "returncode": done.returncode,
            "stdout": done.stdout,
            "stderr": done.stderr,
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
