"""The articles are evidence: they are stored exactly as received."""

from __future__ import annotations

import hashlib

from .conftest import REPO

ARTICLES = REPO / "seeds" / "articles"


def test_articles_match_their_recorded_checksums() -> None:
    recorded = {}
    for line in (ARTICLES / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split(maxsplit=1)
        recorded[name] = digest
    stored = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in ARTICLES.glob("*.txt")}
    assert stored == recorded
    assert len(recorded) == 5
