"""Benchmark of hostile input: the slow paths a large article or a stray file could open.

    make bench-hostile

Each case copies tests/cases/base, makes it hostile and runs the real
`briefing` command in a child process, printing its wall time, its CPU time
(user and system, which a busy machine does not inflate), its peak memory
(maximum resident set size) and its exit status:

- check, 5 MB article: a quote missing from an article of 5 MB and a
  boilerplate line missing from it (the closest-passage and closest-line hints);
- check, one letter quoted: a quote of one letter, which occurs in a 5 MB article
  hundreds of thousands of times, pinned down by a prefix;
- build, 2 GiB sparse file: `briefing build --pages-only` with a stray sparse
  file of 2 GiB under seeds/ (the change fingerprint).

Figures only: no target is asserted here (the README states them).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BASE = REPO / "tests" / "cases" / "base" / "seeds"
ARTICLE_BYTES = 4_990_000

_SENTENCE = (
    "Die Regierung teilte am Abend mit dass die Lage an der Grenze weiterhin angespannt bleibe "
    "und Beobachter vor Ort von neuen Bewegungen berichteten während Vertreter beider Seiten schwiegen"
)
_WORDS = _SENTENCE.split()


def _filler(size: int) -> str:
    lines = []
    total = 0
    index = 0
    while total < size:
        words = [_WORDS[(index * 7 + k * 3) % len(_WORDS)] for k in range(40)]
        line = " ".join(words) + f" Absatz {index}.\n"
        lines.append(line)
        total += len(line.encode())
        index += 1
    return "".join(lines)


def _project(workdir: Path, name: str) -> Path:
    root = workdir / name
    shutil.copytree(BASE, root / "seeds")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "docs", root / "docs", ignore=shutil.ignore_patterns("briefing"))
    (root / "generator").symlink_to(REPO / "generator", target_is_directory=True)
    article = root / "seeds" / "articles" / "001_bericht.txt"
    text = article.read_text(encoding="utf-8")
    article.write_text(text + _filler(ARTICLE_BYTES - len(text.encode())), encoding="utf-8")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def missing_quote_and_boilerplate(root: Path) -> list[str]:
    register = root / "seeds" / "register"
    _edit(
        register / "claims.yml",
        "quote: die Ankunft von 7.000 Soldaten an der Grenze",
        "quote: die Ankunft von 7.500 Panzern am Fluss",
    )
    _edit(
        register / "sources.yml",
        "- LESEN SIE AUCH Weitere Meldungen",
        "- LESEN SIE AUCH Weitere Meldungen\n      - Mehr zum Thema im Liveblog",
    )
    return ["check"]


def one_letter_quoted(root: Path) -> list[str]:
    _edit(
        root / "seeds" / "register" / "claims.yml",
        "quote: die Ankunft von 7.000 Soldaten an der Grenze",
        "quote: e\n        prefix: die Ankunft von 7.000 Soldaten an d",
    )
    return ["check"]


def sparse_stray_file(root: Path) -> list[str]:
    with (root / "seeds" / "stray.bin").open("wb") as stray:
        stray.truncate(2 * 1024**3)
    return ["build", "--pages-only"]


CASES = {
    "check, 5 MB article, missing quote and boilerplate line": missing_quote_and_boilerplate,
    "check, 5 MB article, one letter quoted with a prefix": one_letter_quoted,
    "build --pages-only, 2 GiB sparse file under seeds/": sparse_stray_file,
}


def run(root: Path, arguments: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak memory in MB and exit status of one `briefing` run."""
    command = [sys.executable, "-c", _MEASURED, *arguments]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=root, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    cpu, peak_kb = result.stdout.strip().splitlines()[-2:]
    status = int(result.stderr.strip().splitlines()[-1]) if result.stderr else -1
    return seconds, float(cpu), int(peak_kb) / 1024, status


# Runs the command in this child and reports its own peak memory, not the parent's.
_MEASURED = """
import resource, sys
from generator.cli import main
status = main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_utime + usage.ru_stime)
print(usage.ru_maxrss)
print(status, file=sys.stderr)
"""


def main() -> None:
    print("| case | time | CPU time | peak memory | exit status |")
    print("|---|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="briefing-hostile-") as folder:
        for index, (label, make) in enumerate(CASES.items()):
            root = _project(Path(folder), f"case{index}")
            seconds, cpu, peak, status = run(root, make(root))
            print(f"| {label} | {seconds:.2f} s | {cpu:.2f} s | {peak:.0f} MB | {status} |", flush=True)


if __name__ == "__main__":
    main()
