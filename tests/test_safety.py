"""No setting, link, second run or failure makes the generator lose or write anything it should not.

The generator writes only the generated subtree of docs/, its work folder and
the built site; two runs exclude each other; a failed or killed MkDocs phase
leaves the previous site; every failure is one line with exit status 1.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.cli import main
from generator.pipeline import generate
from generator.settings import Settings

from .conftest import run_build, tree


def _briefing(settings: Settings, *arguments: str) -> int:
    return main(["--config", str(settings.root / "mkdocs.yml"), *arguments])


def _set(config: Path, old: str, new: str) -> None:
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("subtree: .", "extra.briefing.subtree '.' must name a folder inside docs/"),
        ("subtree: ..", "extra.briefing.subtree '..' must name a folder inside docs/"),
        ("subtree: /tmp/elsewhere", "extra.briefing.subtree '/tmp/elsewhere' must name a folder inside docs/"),
        ("subtree: briefing/../..", "extra.briefing.subtree 'briefing/../..' must name a folder inside docs/"),
        ("subtree: 5", "extra.briefing.subtree a number must name a folder inside docs/"),
        ("seeds: ../seeds", "extra.briefing.seeds '../seeds' must be a folder inside the project"),
    ],
)
def test_a_generated_folder_that_would_reach_other_files_is_refused(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    settings = project()
    config = settings.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text + f"\nextra:\n  briefing:\n    {setting}\n", encoding="utf-8")
    before = tree(settings.root / "docs")
    assert _briefing(settings, "build", "--pages-only") == 1
    _, err = capsys.readouterr()
    assert err.startswith(f"briefing: {config}: {message}")
    assert err.count("\n") == 1
    assert tree(settings.root / "docs") == before


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("docs_dir: docs", "docs_dir: /", "docs_dir '/' must be a folder inside the project, below mkdocs.yml"),
        ("site_dir: site", "site_dir: .", "site_dir '.' must be a folder inside the project, below mkdocs.yml"),
        ("site_dir: site", "site_dir: ../x", "site_dir '../x' must be a folder inside the project, below mkdocs.yml"),
        ("site_dir: site", "site_dir: [a]", "site_dir must be a folder path, not a list"),
        (
            "site_dir: site",
            "site_dir: .briefing",
            "site_dir and the work folder .briefing overlap (.briefing, .briefing)",
        ),
        ("site_dir: site", "site_dir: seeds/out", "site_dir and extra.briefing.seeds overlap (seeds/out, seeds)"),
        ("site_dir: site", "site_dir: docs/briefing/x", "site_dir and the generated subtree overlap"),
        ("site_dir: site", "site_dir: docs/out", "site_dir and docs_dir overlap; each needs a folder of its own"),
        ("docs_dir: docs", "docs_dir: docs\nextra: 7", "extra must be a mapping of settings, not a number"),
        ("docs_dir: docs", "docs_dir: docs\nextra:\n  briefing: [x]", "extra.briefing must be a mapping"),
    ],
)
def test_settings_of_the_wrong_kind_are_one_line(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str], old: str, new: str, message: str
) -> None:
    settings = project()
    config = settings.root / "mkdocs.yml"
    _set(config, old, new)
    assert _briefing(settings, "build", "--pages-only") == 1
    _, err = capsys.readouterr()
    assert err.startswith(f"briefing: {config}: {message}")
    assert err.count("\n") == 1


def test_a_malformed_configuration_is_one_line(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project()
    config = settings.root / "mkdocs.yml"
    _set(config, "docs_dir: docs", "docs_dir: [docs")
    assert _briefing(settings, "check") == 1
    _, err = capsys.readouterr()
    assert err.startswith(f"briefing: {config}:")
    assert "not valid YAML" in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("link", [".briefing", "docs/briefing", "site"])
def test_a_linked_work_folder_generated_folder_or_site_is_refused_and_its_target_kept(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str], tmp_path: Path, link: str
) -> None:
    settings = project()
    target = tmp_path / "precious"
    target.mkdir()
    (target / "keep.txt").write_text("keep", encoding="utf-8")
    (settings.root / link).symlink_to(target, target_is_directory=True)
    assert _briefing(settings, "build") == 1
    _, err = capsys.readouterr()
    assert err == (
        f"briefing: {link}/ is a symbolic link; the generator replaces {link}/ and never follows a link there: "
        "remove the link and let the generator create the folder\n"
    )
    assert tree(target) == {"keep.txt": b"keep"}


def test_a_register_file_linked_to_outside_is_refused_unread(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    settings = project()
    secret = tmp_path / "secret.yml"
    secret.write_text("claims: [geheim: 1\n", encoding="utf-8")
    (settings.register / "secret.yml").symlink_to(secret)
    assert _briefing(settings, "check") == 1
    _, err = capsys.readouterr()
    assert err == (
        "seeds/register/secret.yml:1: register file is a symbolic link to a file outside the project\n"
        "  hint: keep the register's files inside the project, as plain files\n"
        "1 error; nothing was written.\n"
    )


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (
            "articles/" + "x" * 300 + ".txt",
            "file 'articles/" + "x" * 300 + ".txt': File name too long",
        ),
    ],
)
def test_an_impossible_article_path_is_one_message(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str], file: str, message: str
) -> None:
    settings = project()
    _set(settings.register / "sources.yml", "file: articles/001_bericht.txt", f'file: "{file}"')
    assert _briefing(settings, "check") == 1
    _, err = capsys.readouterr()
    assert message in err.splitlines()[0]


def test_a_build_while_another_holds_the_lock_is_refused(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project()
    assert _briefing(settings, "build", "--pages-only") == 0
    before = tree(settings.output)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(settings.root / "mkdocs.yml")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        capsys.readouterr()
        for command in (["build"], ["build", "--pages-only"], ["serve"]):
            assert _briefing(settings, *command) == 1
            _, err = capsys.readouterr()
            assert err == (
                "briefing: another `briefing build` or `briefing serve` is running in this project "
                "(it holds .briefing/lock); wait for it to finish or stop it, then try again\n"
            )
    finally:
        holder.kill()
        holder.communicate()
    assert tree(settings.output) == before
    assert _briefing(settings, "build", "--pages-only") == 0


_HOLD_LOCK = """
import sys, time
from pathlib import Path
from generator.settings import Settings
from generator.site.guard import project_lock
with project_lock(Settings.from_mkdocs(Path(sys.argv[1]))):
    print("held", flush=True)
    time.sleep(120)
"""


@pytest.mark.e2e
def test_two_builds_at_once_leave_one_complete_tree(project: Callable[..., Settings]) -> None:
    settings = project()
    for path in settings.register.glob("*.yml"):
        path.write_text(path.read_text(encoding="utf-8").replace("Soldaten", "Kräfte"), encoding="utf-8")
    for path in (settings.seeds / "articles").glob("*.txt"):
        path.write_text(path.read_text(encoding="utf-8").replace("Soldaten", "Kräfte"), encoding="utf-8")
    command = [sys.executable, "-m", "generator.cli", "build"]
    runs = [subprocess.Popen(command, cwd=settings.root, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(), run.communicate()[1]) for run in runs]
    statuses = sorted(status for status, _ in results)
    assert statuses == [0, 1], results
    refused = next(err for status, err in results if status == 1)
    assert "another `briefing build` or `briefing serve` is running" in refused
    pages = tree(settings.output)
    assert len(pages) > 10
    assert not (settings.work / "staging").exists()
    assert not settings.site_staging.exists()
    assert (settings.root / "site" / "index.html").is_file()


@pytest.mark.e2e
def test_a_killed_mkdocs_phase_leaves_the_previous_site(project: Callable[..., Settings]) -> None:
    settings = project()
    assert run_build(settings.root).returncode == 0
    site = settings.root / "site"
    before = tree(site)
    _set(settings.register / "briefings.yml", "title: Truppen und Zahlen", "title: Truppen, Zahlen und mehr")
    build = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build"], cwd=settings.root, start_new_session=True
    )
    # Kill the whole group (briefing and its MkDocs child) once MkDocs has begun writing.
    deadline = time.monotonic() + 120
    while not any(settings.site_staging.glob("*")) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(build.pid, signal.SIGKILL)
    build.wait()
    assert tree(site) == before
    # The next build cleans up and replaces the site in full.
    assert run_build(settings.root).returncode == 0
    assert "Truppen, Zahlen und mehr" in (site / "index.html").read_text(encoding="utf-8")
    assert not settings.site_staging.exists()


@pytest.mark.e2e
def test_a_failing_mkdocs_phase_leaves_the_previous_site(project: Callable[..., Settings]) -> None:
    settings = project()
    assert run_build(settings.root).returncode == 0
    site = settings.root / "site"
    before = tree(site)
    (settings.root / "docs" / "index.md").write_text("[broken](no-such-page.md)\n", encoding="utf-8")
    result = run_build(settings.root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "briefing: mkdocs build failed with exit status 1; site/ is unchanged"
    assert tree(site) == before
    assert not settings.site_staging.exists()


def test_a_full_disk_is_one_line_and_keeps_the_previous_pages(project: Callable[..., Settings]) -> None:
    settings = project()
    assert _briefing(settings, "build", "--pages-only") == 0
    before = tree(settings.output)
    _set(settings.register / "briefings.yml", "title: Truppen und Zahlen", "title: Andere Zahlen")
    # A file size limit makes every larger write fail with EFBIG, as a full disk fails with ENOSPC.
    result = subprocess.run(
        [sys.executable, "-c", _SMALL_FILES_ONLY, str(settings.root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert result.stderr == "briefing: cannot write the pages: File too large; the previous pages are unchanged\n"
    assert tree(settings.output) == before
    assert not (settings.work / "staging").exists()


_SMALL_FILES_ONLY = """
import resource, signal, sys
from generator.cli import main
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
sys.exit(main(["--config", sys.argv[1], "build", "--pages-only"]))
"""


@pytest.mark.parametrize("mounted", ["docs/briefing", "site"])
def test_a_folder_on_another_file_system_is_refused_before_anything_is_written(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str], mounted: str
) -> None:
    settings = project()
    assert _briefing(settings, "build", "--pages-only") == 0
    capsys.readouterr()
    place = settings.root / mounted
    place.mkdir(exist_ok=True)
    mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(place)], capture_output=True)
    if mount.returncode != 0:
        pytest.skip("mounting a tmpfs needs privileges this run does not have")
    try:
        (place / "keep.txt").write_text("keep", encoding="utf-8")
        assert _briefing(settings, "build") == 1
        _, err = capsys.readouterr()
        assert err == (
            f"briefing: {mounted}/ and .briefing/ are on different file systems, so the folder cannot be "
            "replaced in one step; keep both on one file system\n"
        )
        assert tree(place) == {"keep.txt": b"keep"}
    finally:
        subprocess.run(["umount", str(place)], check=True)


def test_an_article_that_is_a_folder_or_a_fifo_is_refused_unread(
    project: Callable[..., Settings], capsys: pytest.CaptureFixture[str]
) -> None:
    settings = project()
    os.mkfifo(settings.seeds / "articles" / "pipe.txt")
    _set(settings.register / "sources.yml", "file: articles/001_bericht.txt", "file: articles")
    _set(settings.register / "sources.yml", "file: articles/002_meldung.txt", "file: articles/pipe.txt")
    assert _briefing(settings, "check") == 1
    _, err = capsys.readouterr()
    assert err == (
        "seeds/articles:1: article is not a regular file\n"
        "  hint: give the path of a text file\n"
        "seeds/articles/pipe.txt:1: article is not a regular file\n"
        "  hint: give the path of a text file\n"
        "2 errors; nothing was written.\n"
    )


def test_stray_files_under_seeds_are_fingerprinted_unread(project: Callable[..., Settings]) -> None:
    settings = project()
    os.mkfifo(settings.seeds / "pipe")
    (settings.seeds / "dangling").symlink_to(settings.root / "no-such-file")
    with (settings.seeds / "huge.bin").open("wb") as huge:
        huge.truncate(2 * 1024**3)  # sparse: reading it would cost 2 GiB of memory
    # In an address space of 1 GiB: reading the sparse file whole would fail.
    result = subprocess.run(
        [sys.executable, "-c", _IN_ONE_GIB, str(settings.root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert generate(settings).skipped
    with (settings.seeds / "huge.bin").open("r+b") as huge:
        huge.truncate(2 * 1024**3 + 1)
    assert not generate(settings).skipped


_IN_ONE_GIB = """
import resource, sys
from generator.cli import main
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
sys.exit(main(["--config", sys.argv[1], "build", "--pages-only"]))
"""
