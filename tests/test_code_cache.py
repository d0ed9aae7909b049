"""The per-user cache of compiled templates and the export schema."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.site import code_cache


@pytest.fixture
def cache_at(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path], None]]:
    def point(path: Path) -> None:
        monkeypatch.setenv("BRIEFING_CACHE_DIR", str(path))
        code_cache.directory.cache_clear()

    yield point
    code_cache.directory.cache_clear()


def test_an_entry_is_computed_once_per_version_of_the_code(tmp_path: Path, cache_at: Callable[[Path], None]) -> None:
    cache_at(tmp_path)
    calls: list[int] = []

    def make() -> str:
        calls.append(1)
        return "schema text"

    assert code_cache.remembered("entry", make) == "schema text"
    assert code_cache.remembered("entry", make) == "schema text"
    assert calls == [1]
    [entry] = tmp_path.glob("entry-*")
    assert entry.name == f"entry-{code_cache.code_digest()[:20]}"


def test_without_a_usable_folder_entries_are_computed(tmp_path: Path, cache_at: Callable[[Path], None]) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    cache_at(blocked / "cache")
    assert code_cache.directory() is None
    assert code_cache.template_cache() is None
    assert code_cache.remembered("entry", lambda: "fresh") == "fresh"


def test_templates_compile_into_the_cache(tmp_path: Path, cache_at: Callable[[Path], None]) -> None:
    cache_at(tmp_path)
    assert code_cache.template_cache() is not None
    assert (tmp_path / "templates").is_dir()
