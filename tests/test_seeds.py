"""The articles are evidence: they are stored exactly as received, each guarded by its source's digest."""

from __future__ import annotations

import hashlib

import yaml

from .conftest import REPO

SEEDS = REPO / "seeds"


def test_every_seed_article_matches_the_digest_its_source_records() -> None:
    sources = yaml.safe_load((SEEDS / "register" / "sources.yml").read_text(encoding="utf-8"))["sources"]
    recorded = {source["file"]: source["sha256"] for source in sources}
    stored = {
        path.relative_to(SEEDS).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in (SEEDS / "articles").rglob("*")
        if path.is_file()
    }
    assert stored == recorded
