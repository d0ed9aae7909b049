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

from generator.pages.export import (
    build_export,
    claims_jsonld,
    earlier,
    export_csv,
    export_json,
    export_schema,
    url_of,
)
from generator.pages.layout import Layout, outlet_anchors
from generator.pipeline import check
from generator.register.models import When
from generator.register.validate import Corpus
from generator.settings import Settings

from .conftest import REPO, copy_project

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
    """Without a site URL the ids are relative to the page, and resolve against wherever it is served."""
    text = claims_jsonld(corpus, Layout(), Layout().claims_index)
    page_url = SITE + "briefing/claims/"
    expanded = jsonld.expand(json.loads(text), {"base": page_url, "documentLoader": _local_schema_org})
    claims = {node["@id"]: node for node in expanded if "https://schema.org/Claim" in node.get("@type", [])}
    assert set(claims) == {page_url + "#" + ident for ident in corpus.claims}
    claim = claims[page_url + "#minister-fast-10000-eingereist"]
    author = claim["https://schema.org/author"][0]
    assert author["@id"] == SITE + "briefing/actors/minister/"
    nodes = {node["@id"]: node for node in _nodes(text, page_url)}
    assert nodes[author["@id"]]["https://schema.org/name"][0]["@value"] == "Der Minister"
    appearances = [a["@id"] for a in claim["https://schema.org/appearance"]]
    assert appearances == [SITE + "briefing/sources/002-meldung/", SITE + "briefing/sources/001-bericht/"]


def test_jsonld_cannot_close_its_script_element(corpus: Corpus) -> None:
    claim = corpus.claims["sprecher-dementi"]
    hostile = claim.model_copy(update={"statement": "</script><script>alert(1)</script>"})
    corpus.claims["sprecher-dementi"] = hostile
    text = claims_jsonld(corpus, Layout(), Layout().claims_index)
    assert "</script" not in text
    assert re.search(r"\\u003c/script>", text)
    record = next(node for node in json.loads(text)["@graph"] if node["@id"].endswith("#sprecher-dementi"))
    assert record["text"] == "</script><script>alert(1)</script>"


def test_claims_json_urls_are_absolute_under_the_site_url(corpus: Corpus) -> None:
    document = json.loads(export_json(build_export(corpus, Layout(), "de", SITE)))
    jsonschema.validate(document, json.loads(export_schema()))
    urls = [c["url"] for c in document["claims"]]
    urls += [citation["url"] for c in document["claims"] for citation in c["citations"]]
    urls += [s["url"] for s in document["sources"]]
    assert all(url.startswith(SITE) for url in urls), [u for u in urls if not u.startswith(SITE)]
    claim = next(c for c in document["claims"] if c["id"] == "minister-fast-10000-eingereist")
    assert claim["url"] == SITE + "briefing/claims/#minister-fast-10000-eingereist"
    assert claim["citations"][0]["url"] == SITE + "briefing/sources/002-meldung/#q-minister-fast-10000-eingereist-1"


def _nodes(text: str, base: str) -> list[dict[str, Any]]:
    """The JSON-LD graph flattened by PyLD: every node once, references as {"@id": ...}."""
    flattened = jsonld.flatten(json.loads(text), None, {"base": base, "documentLoader": _local_schema_org})
    return list(flattened)


def _type(node: dict[str, Any]) -> str:
    return str(node.get("@type", [""])[0]).removeprefix("https://schema.org/")


def _empty_lists(value: Any) -> int:
    if isinstance(value, list):
        return (not value) + sum(_empty_lists(item) for item in value)
    if isinstance(value, dict):
        return sum(_empty_lists(item) for item in value.values())
    return 0


def _seed_corpus(tmp_path: Any) -> Corpus:
    return check(Settings.from_mkdocs(copy_project(tmp_path / "seeds", REPO / "seeds") / "mkdocs.yml"))


@pytest.mark.parametrize("corpus_name", ["base", "seeds"])
def test_jsonld_flattens_to_one_node_per_thing_with_absolute_ids(
    corpus_name: str, corpus: Corpus, tmp_path: Any
) -> None:
    if corpus_name == "seeds":
        corpus = _seed_corpus(tmp_path)
    text = claims_jsonld(corpus, Layout(), Layout().claims_index, SITE)
    assert _empty_lists(json.loads(text)) == 0  # no "alternateName": [] or the like
    nodes = _nodes(text, "https://elsewhere.example/")
    ids = [node["@id"] for node in nodes]
    assert len(ids) == len(set(ids))
    assert all(ident.startswith(SITE) for ident in ids), [i for i in ids if not i.startswith(SITE)]
    by_type: dict[str, list[dict[str, Any]]] = {}
    for node in nodes:
        by_type.setdefault(_type(node), []).append(node)
    assert len(by_type["Claim"]) == len(corpus.claims)
    cited = {c.source for claim in corpus.claims.values() for c in claim.citations}
    assert len(by_type["NewsArticle"]) == len(cited)
    publishers = {ref["@id"] for article in by_type["NewsArticle"] for ref in article["https://schema.org/publisher"]}
    assert len(publishers) == len({corpus.sources[ident].outlet for ident in cited})
    named = {node["@id"]: node["https://schema.org/name"][0]["@value"] for node in nodes if node["@id"] in publishers}
    assert sorted(named.values()) == sorted({corpus.sources[ident].outlet for ident in cited})
    anchors = outlet_anchors(s.outlet for s in corpus.sources.values())
    assert set(named) == {SITE + "briefing/sources/#" + anchors[outlet] for outlet in named.values()}
    for claim in by_type["Claim"]:
        assert claim["https://schema.org/url"][0]["@value"] == claim["@id"]
        assert claim["https://schema.org/datePublished"], claim["@id"]


def test_every_jsonld_claim_is_dated_and_first_appears_in_the_earliest_article(corpus: Corpus) -> None:
    claim = corpus.claims["minister-fast-10000-eingereist"]
    # Listed first: 001-bericht of 2 November; earliest: 002-meldung of 1 November.
    corpus.claims[claim.id] = claim.model_copy(update={"citations": list(reversed(claim.citations)), "asserted": None})
    graph = json.loads(claims_jsonld(corpus, Layout(), Layout().claims_index, SITE))["@graph"]
    record = next(node for node in graph if node["@id"].endswith("#minister-fast-10000-eingereist"))
    assert record["appearance"][0] == {"@id": SITE + "briefing/sources/001-bericht/"}
    assert record["firstAppearance"] == {"@id": SITE + "briefing/sources/002-meldung/"}
    assert record["datePublished"] == "2024-11-01"
    dated = [c for c in corpus.claims.values() if c.asserted]
    assert dated
    for claim in dated:  # the assertion's own date, where the register has one
        node = next(node for node in graph if node["@id"].endswith("#" + claim.id))
        assert node["datePublished"] == claim.asserted.date  # type: ignore[union-attr]


def test_dates_are_compared_at_their_precision() -> None:
    assert earlier(When(date="2024-10-30"), When(date="2024-11"))
    assert not earlier(When(date="2024-11"), When(date="2024-11-04"))
    assert not earlier(When(date="2024-11-04"), When(date="2024-11"))
    assert earlier(When(date="2023"), When(date="2024-01-01"))
    assert not earlier(When(date="2024-11-04"), When(date="2024-11-04"))


def test_outlet_anchors_are_stable_slugs_told_apart() -> None:
    anchors = outlet_anchors(["Die Zeit", "DIE ZEIT", "Yonhap", "연합뉴스", "Yonhap"])
    assert anchors["Yonhap"] == "outlet-yonhap"
    assert anchors["Die Zeit"] != anchors["DIE ZEIT"]
    assert all(a.startswith("outlet-die-zeit-") for a in (anchors["Die Zeit"], anchors["DIE ZEIT"]))
    assert anchors["연합뉴스"].startswith("outlet-") and len(anchors["연합뉴스"]) == len("outlet-") + 8
    assert outlet_anchors(["연합뉴스"]) == {"연합뉴스": anchors["연합뉴스"]}
