"""Exports: claims.json against its schema, claims.csv, and schema.org JSON-LD read by a real processor."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from pyld import jsonld

from generator.pages.export import build_export, claims_jsonld, export_csv, export_json, export_schema, url_of
from generator.pages.layout import Layout
from generator.pipeline import check
from generator.register.validate import Corpus
from generator.settings import Settings

SITE = "https://example.org/lage/"


@pytest.fixture
def corpus(project: Callable[..., Settings]) -> Corpus:
    return check(project())


def test_url_of_follows_directory_urls() -> None:
    assert url_of("briefing/claims.md", "x") == "briefing/claims/#x"
    assert url_of("briefing/sources/index.md") == "briefing/sources/"
    assert url_of("index.md") == ""


def test_claims_json_validates_against_its_schema(corpus: Corpus) -> None:
    document = json.loads(export_json(build_export(corpus, Layout(), "de")))
    jsonschema.validate(document, json.loads(export_schema()))
    claim = next(c for c in document["claims"] if c["id"] == "minister-fast-10000-eingereist")
    assert claim["claimant_name"] == "Der Minister"
    assert claim["independent_claimants"] == ["minister"]
    assert claim["url"] == "briefing/claims/#minister-fast-10000-eingereist"
    assert [(c["source"], c["paragraph"]) for c in claim["citations"]] == [("002-meldung", 2), ("001-bericht", 4)]
    assert claim["citations"][0]["url"] == "briefing/sources/002-meldung/#q-minister-fast-10000-eingereist-1"


def test_schema_rejects_a_tampered_export(corpus: Corpus) -> None:
    document = json.loads(export_json(build_export(corpus, Layout(), "de")))
    document["claims"][0]["credibility"] = 9
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(export_schema()))


def test_csv_has_a_row_per_claim_and_defuses_formulas(corpus: Corpus) -> None:
    export = build_export(corpus, Layout(), "de")
    rows = list(csv.DictReader(io.StringIO(export_csv(export))))
    assert [row["id"] for row in rows] == list(corpus.claims)
    row = rows[0]
    assert row["figures"] == "7000 Soldaten (exact; an der Grenze)"
    tampered = export.model_copy(
        update={"claims": [export.claims[0].model_copy(update={"statement": "=HYPERLINK(1)"})]}
    )
    assert next(csv.DictReader(io.StringIO(export_csv(tampered))))["statement"] == "'=HYPERLINK(1)"


def _local_schema_org(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Document loader: schema.org's context without the network."""
    assert url.rstrip("/") == "https://schema.org"
    return {"contextUrl": None, "documentUrl": url, "document": {"@context": {"@vocab": "https://schema.org/"}}}


def test_jsonld_claims_read_by_a_jsonld_processor(corpus: Corpus) -> None:
    text = claims_jsonld(corpus, Layout(), Layout().claims_index)
    page_url = SITE + "briefing/claims/"
    expanded = jsonld.expand(json.loads(text), {"base": page_url, "documentLoader": _local_schema_org})
    claims = {node["@id"]: node for node in expanded if "https://schema.org/Claim" in node.get("@type", [])}
    assert set(claims) == {page_url + "#" + ident for ident in corpus.claims}
    claim = claims[page_url + "#minister-fast-10000-eingereist"]
    author = claim["https://schema.org/author"][0]
    assert author["@id"] == SITE + "briefing/actors/minister/"
    assert author["https://schema.org/name"][0]["@value"] == "Der Minister"
    appearances = [a["@id"] for a in claim["https://schema.org/appearance"]]
    assert appearances == [SITE + "briefing/sources/002-meldung/", SITE + "briefing/sources/001-bericht/"]


def test_jsonld_cannot_close_its_script_element(corpus: Corpus) -> None:
    claim = corpus.claims["sprecher-dementi"]
    hostile = claim.model_copy(update={"statement": "</script><script>alert(1)</script>"})
    corpus.claims["sprecher-dementi"] = hostile
    text = claims_jsonld(corpus, Layout(), Layout().claims_index)
    assert "</script" not in text
    assert re.search(r"\\u003c/script>", text)
    assert json.loads(text)["@graph"][-1]["text"] == "</script><script>alert(1)</script>"
