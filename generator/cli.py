"""The `briefing` command: check, build, serve, schema."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from generator.coverage import coverage, report
from generator.pipeline import Timings, check, generate, summary
from generator.register.problems import BriefingError, BuildFailed, InvalidInput
from generator.register.schema import SCHEMA_FILE, schema_text
from generator.settings import Settings
from generator.site.guard import acquire_for_life, pass_on, project_lock
from generator.site.write import clear, replace

# Material 9.8 prints an end-of-life banner on every build; it says nothing about the briefing.
QUIET_THEME = {"NO_MKDOCS_2_WARNING": "1"}


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 1 invalid input or failed build, 2 usage)."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings.from_mkdocs(Path(args.config))
        status: int = args.run(settings, args)
        return status
    except InvalidInput as error:
        print(error.report(), file=sys.stderr)
        return 1
    except BriefingError as error:
        print(f"briefing: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # What the file system refused where no message of its own says so: still one line.
        where = f": {error.filename}" if error.filename else ""
        print(f"briefing: {error.strerror or error}{where}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefing", description=__doc__)
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="the project's mkdocs.yml (default: %(default)s)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    run_check = commands.add_parser("check", help="validate the register and every quote; write nothing")
    run_check.add_argument("-v", "--verbose", action="store_true", help="also print the time of each phase")
    run_check.set_defaults(run=_check)

    build = commands.add_parser("build", help="check, write the pages, then run `mkdocs build --strict`")
    build.add_argument("--pages-only", action="store_true", help="write the Markdown pages but do not run MkDocs")
    build.add_argument("-v", "--verbose", action="store_true", help="also print the time of each phase")
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="preview with live reload (`mkdocs serve`)")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", help="address to serve on (default: %(default)s)")
    serve.add_argument(
        "--full", action="store_true", help="rebuild every page on each change (default: only the changed pages)"
    )
    serve.set_defaults(run=_serve)

    run_coverage = commands.add_parser(
        "coverage", help="per source, the share of paragraphs that carry a citation, and the uncited ones"
    )
    run_coverage.add_argument("--sentences", action="store_true", help="also list every sentence no quote touches")
    run_coverage.set_defaults(run=_coverage)

    schema = commands.add_parser("schema", help=f"write the register's JSON Schema to seeds/{SCHEMA_FILE}")
    schema.add_argument("--check", action="store_true", help="only report whether the committed schema is current")
    schema.set_defaults(run=_schema)
    return parser


def _check(settings: Settings, args: argparse.Namespace) -> int:
    timings = Timings()
    corpus = check(settings, timings)
    print(summary(corpus))
    if args.verbose:
        _print_timings(timings)
    return 0


def _build(settings: Settings, args: argparse.Namespace) -> int:
    # One lock for the pages and the site: MkDocs' hook regenerates under it.
    with project_lock(settings) as lock:
        return _build_locked(settings, args, lock)


def _build_locked(settings: Settings, args: argparse.Namespace, lock: int) -> int:
    timings = Timings()
    result = generate(settings, timings)
    report = result.report
    print(result.summary)
    note = " (no input changed since the last run)" if result.skipped else ""
    print(
        f"pages: {len(report.written)} written, {len(report.unchanged)} unchanged, {len(report.removed)} removed{note}"
    )
    if args.verbose:
        _print_timings(timings)
    status = 0 if args.pages_only else _mkdocs_build(settings, lock)
    if result.notice:  # said last, once the build has succeeded: a failure's message stays alone
        print(f"briefing: note: {result.notice}", file=sys.stderr)
    return status


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    # The MkDocs hook regenerates on every rebuild; `watch:` in mkdocs.yml covers seeds/.
    # --dirty rebuilds only pages whose Markdown changed: the generator leaves the others
    # untouched, so a preview of a large register stays quick. Never for publishing.
    # MkDocs warns that a dirty build is one, which strict mode would turn into an abort.
    dirty = () if args.full else ("--dirty", "--no-strict")
    config = settings.root / "mkdocs.yml"
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dev-addr",
        args.dev_addr,
        *dirty,
        "--config-file",
        str(config),
    ]
    # Hold the project lock for as long as the preview runs: no build may replace the
    # pages under it. The server inherits the lock and its hook regenerates under it.
    lock = acquire_for_life(settings)
    # Become the server, so that stopping `briefing serve` stops it (no orphaned child).
    os.chdir(settings.root)
    os.execve(sys.executable, command, {**os.environ, **QUIET_THEME, **pass_on(lock)})


def _coverage(settings: Settings, args: argparse.Namespace) -> int:
    rows = coverage(check(settings))
    print(report(rows, list_sentences=args.sentences))
    # Exit 1 while a paragraph is neither cited nor explained, so CI can hold the line.
    return 1 if any(row.open for row in rows) else 0


def _schema(settings: Settings, args: argparse.Namespace) -> int:
    target = settings.seeds / SCHEMA_FILE
    text = schema_text()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{target}: out of date; run `briefing schema`", file=sys.stderr)
            return 1
        print(f"{target}: up to date")
        return 0
    if current != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def _mkdocs_build(settings: Settings, lock: int) -> int:
    """`mkdocs build --strict` into a staging folder, which then replaces site/ in one step.

    A failed or killed MkDocs run leaves the previous site as it was.
    """
    staging = settings.site_staging
    clear(staging)
    config = settings.root / "mkdocs.yml"
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        str(config),
        "--site-dir",
        str(staging),
    ]
    try:
        result = subprocess.run(
            command,
            cwd=settings.root,
            check=False,
            env={**os.environ, **QUIET_THEME, **pass_on(lock)},
            pass_fds=(lock,),
        )
        if result.returncode != 0:
            raise BuildFailed(f"mkdocs build failed with exit status {result.returncode}; site/ is unchanged")
        replace(staging, settings.site)
    except OSError as error:
        raise BuildFailed(f"cannot replace the site: {error.strerror or error}; site/ is unchanged") from None
    finally:
        clear(staging)  # what MkDocs left, or the previous site after the exchange
    return 0


def _print_timings(timings: Timings) -> None:
    for phase, seconds in timings.phases.items():
        print(f"  {phase}: {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
