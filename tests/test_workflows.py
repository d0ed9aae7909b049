"""The GitHub Actions workflows pass actionlint and zizmor with no finding, and keep to the
rules of least privilege that those checkers cannot see once every action is pinned by commit."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.authoring.new import new_project

from .conftest import REPO

BIN = Path(sys.executable).parent
# Every workflow the repository holds: its own, and any a project skeleton carries.
WORKFLOWS = sorted(
    REPO / name
    for name in subprocess.run(
        [
            *("git", "ls-files", "--cached", "--others", "--exclude-standard"),
            *("*.github/workflows/*.y*ml", "*dot-github/workflows/*.y*ml"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
)
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def _tool(name: str) -> str:
    path = BIN / name
    assert path.is_file(), f"{path} is missing: run `make setup` (requirements-dev.txt pins it)"
    return str(path)


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    """actionlint, with shellcheck for the `run:` scripts (both from requirements-dev.txt)."""
    return subprocess.run(
        [_tool("actionlint"), "-no-color", "-shellcheck", _tool("shellcheck"), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    """zizmor with the pedantic persona, offline: no audit asks GitHub anything."""
    return subprocess.run(
        [_tool("zizmor"), "--offline", "--persona", "pedantic", "--no-progress", "--format", "plain", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


SKELETON_WORKFLOW = REPO / "generator" / "authoring" / "skeleton" / "common" / "dot-github" / "workflows" / "pages.yml"


def test_there_are_workflows_to_check() -> None:
    assert REPO / ".github" / "workflows" / "pages.yml" in WORKFLOWS
    assert SKELETON_WORKFLOW in WORKFLOWS


def test_a_new_project_gets_the_checked_workflow_as_it_is(tmp_path: Path) -> None:
    """`briefing new` copies the skeleton's workflow unchanged, so the checks above cover it."""
    new_project(tmp_path / "project", "en")
    written = tmp_path / "project" / ".github" / "workflows" / "pages.yml"
    assert written.read_bytes() == SKELETON_WORKFLOW.read_bytes()
    assert actionlint(written).returncode == 0


def test_actionlint_finds_nothing() -> None:
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_zizmor_finds_nothing() -> None:
    # The whole .github folder (the workflows and dependabot.yml), and any workflow elsewhere.
    elsewhere = [path for path in WORKFLOWS if not path.is_relative_to(REPO / ".github")]
    result = zizmor(REPO / ".github", *elsewhere)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout + result.stderr


def test_both_checkers_report_a_careless_workflow(tmp_path: Path) -> None:
    """The same calls on the Pages workflow as it is commonly written: both must object."""
    careless = tmp_path / ".github" / "workflows" / "pages.yml"
    careless.parent.mkdir(parents=True)
    careless.write_text(
        "on: push\n"
        "permissions:\n  contents: read\n  pages: write\n  id-token: write\n"
        "jobs:\n"
        "  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n"
        '      - run: echo "${{ github.event.head_commit.message }}"\n'
    )
    linted = actionlint(careless)
    assert linted.returncode == 1
    assert 'update the version of action "actions/checkout@v4"' in linted.stdout
    assert "github.event.head_commit.message" in linted.stdout  # script injection
    audited = zizmor(careless)
    assert audited.returncode != 0
    for audit in ("excessive-permissions", "unpinned-uses", "artipacked", "template-injection"):
        assert audit in audited.stdout, audited.stdout


def _jobs(path: Path) -> dict[str, Any]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    jobs: dict[str, Any] = workflow["jobs"]
    # No permission for the whole workflow: each job says what it needs.
    assert workflow.get("permissions") == {}, f"{path.name}: set `permissions: {{}}` at the top"
    return jobs


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_its_own_permissions_and_a_timeout(path: Path) -> None:
    for name, job in _jobs(path).items():
        assert isinstance(job.get("permissions"), dict), f"{path.name}: job {name} has no permissions of its own"
        assert isinstance(job.get("timeout-minutes"), int), f"{path.name}: job {name} has no timeout-minutes"
        writes = {scope for scope, level in job["permissions"].items() if level == "write"}
        if "deploy-pages" not in str(job.get("steps")):
            assert not writes, f"{path.name}: job {name} only builds, yet may write {sorted(writes)}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version_beside_it(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    uses = [line.split("uses:", 1)[1].strip() for line in lines if line.strip().startswith(("uses:", "- uses:"))]
    assert uses
    for reference in uses:
        action = reference.split(" #")[0]
        assert PINNED.match(action), f"{path.name}: {action} is not pinned to a full commit SHA"
        assert VERSION_COMMENT.search(reference), f"{path.name}: {reference} lacks its version as `# vX.Y.Z`"
    for name, job in _jobs(path).items():
        for step in job.get("steps", []):
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}: job {name}"
            if str(step.get("uses", "")).startswith("actions/setup-python@"):
                assert "requirements" in str(step["with"].get("cache-dependency-path")), f"{path.name}: job {name}"
