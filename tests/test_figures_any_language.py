"""Figures on an English project of another story: currencies, large figures, exact exports, dates.

The corpus under cases/storm/ is a fictional cyclone: death tolls, aid pledged in
three currencies (written as codes and as names), costs in billions, a forecast
and a planned event, and three articles from one outlet, two of them of one day.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from babel import Locale

from generator.pages.catalogue import load_catalogue
from generator.pages.views import Views
from generator.pipeline import check, generate
from generator.register.load import Located
from generator.register.models import Claim, Source
from generator.register.time_logic import check_time_logic
from generator.register.units import read_unit
from generator.settings import Settings

from .conftest import CASES, card_pages, copy_project, run_build

STORM = CASES / "storm"


def _english_project(root: Path) -> Settings:
    copy_project(root, STORM / "seeds")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  language: de\n", "  language: en\n"))
    return Settings.from_mkdocs(config)


@pytest.fixture
def storm(tmp_path: Path) -> Settings:
    settings = _english_project(tmp_path / "storm")
    generate(settings)
    return settings


def _without_charts(page: str) -> str:
    """The page's text; the chart's markup has tests of its own."""
    return "".join(line for line in page.splitlines(keepends=True) if not line.startswith('<div class="figure-chart'))


def test_the_figures_page_in_full(storm: Settings, update_golden: bool) -> None:
    page = _without_charts((storm.output / "figures.md").read_text(encoding="utf-8"))
    expected = STORM / "figures.md"
    if update_golden:
        expected.write_text(page, encoding="utf-8")
    assert page == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("locale", "spellings", "code", "name"),
    [
        ("en_GB", ["EUR", "euros", "Euro", "euro", "€"], "EUR", "euros"),
        ("en_GB", ["USD", "US dollars", "us  Dollar", "US$"], "USD", "US dollars"),
        ("de_DE", ["EUR", "Euro", "€"], "EUR", "Euro"),
        ("de_DE", ["USD", "US-Dollar"], "USD", "US-Dollar"),
    ],
)
def test_every_spelling_of_a_currency_is_one_unit(locale: str, spellings: list[str], code: str, name: str) -> None:
    units = {read_unit(text, Locale.parse(locale)) for text in spellings}
    assert [(u.key, u.currency, u.name) for u in units] == [(code, code, name)]


@pytest.mark.parametrize("text", ["deaths", "km²", "cup", "eur", "dollars", "pounds"])
def test_other_units_stay_free_text(text: str) -> None:
    # A lower-case "cup" is no Cuban peso (CUP); "dollars" and "pounds" name no single currency.
    unit = read_unit(text, Locale.parse("en_GB"))
    assert (unit.key, unit.currency, unit.name) == (text, None, text)


def test_currencies_written_by_babel_and_large_figures_compact_with_the_exact_value(storm: Settings) -> None:
    claims = card_pages(storm.output)
    # Running text: the compact form, the exact amount on hover; "EUR" and "euros" read alike.
    assert '- **<abbr title="US$5,000,000,000">US$5B</abbr>** (approximate, forecast) – cost of rebuilding' in claims
    assert '- **<abbr title="€3,000,000">€3M</abbr>** (exact) – emergency aid pledged' in claims
    assert '- **<abbr title="€2,500,000">€2.5M</abbr>** (exact) – emergency aid pledged' in claims
    assert "- **112 deaths** (exact)" in claims
    assert " EUR" not in claims and " euros**" not in claims  # the editor's spellings never reach the page


def test_events_and_figures_still_to_come_are_marked(storm: Settings) -> None:
    claims = card_pages(storm.output)
    assert "Event: 10 April 2025 (to the day), **planned**" in claims
    timeline = (storm.output / "timeline.md").read_text(encoding="utf-8")
    assert '<span class="timeline-kind timeline-kind--occurred">Event, planned</span>' in timeline


def test_sources_of_one_outlet_are_told_apart_in_running_text(storm: Settings) -> None:
    claims = card_pages(storm.output)
    # One article of its day: the date; two of one day: the headline; an outlet's only article: its name.
    assert "Reporting chains: [Coastal Herald (3 March 2025)](../sources/001-herald-toll.md)" in claims
    assert (
        "Reporting chains: [Coastal Herald (“Donors pledge billions as cyclone damage mounts”)]"
        "(../sources/003-herald-donors.md) → [United States](../actors/united-states.md)"
    ) in claims
    assert "Reporting chains: [Island Wire](../sources/004-wire-eu.md)" in claims
    timeline = (storm.output / "timeline.md").read_text(encoding="utf-8")
    assert "([Coastal Herald (“Death toll from Cyclone Mara rises to 112”)](sources/002-herald-rises.md#q-" in timeline


def test_exports_write_every_figure_exactly(storm: Settings) -> None:
    exports = storm.output / "exports"
    text = (exports / "claims.json").read_text(encoding="utf-8")
    figures = [q for c in json.loads(text)["claims"] for q in c["quantities"]]
    values = [q["value"] for q in figures]
    assert 0.5 in values and 1234567 in values and 10**12 in values
    assert {q["unit"]: q["currency"] for q in figures if q["measure"] == "Aid pledged"} == {
        "euros": "EUR",
        "EUR": "EUR",
        "British pounds": "GBP",
        "USD": "USD",
    }
    for written in ("0.5", "1234567", "1000000000000", "1580000000"):
        assert re.search(rf'"value": {written},\n', text)
    assert not re.search(r'"value": [0-9.]+e', text, re.IGNORECASE)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((exports / "claims.csv").read_text()))}
    assert rows["rain-half-metre"]["figures"] == "0.5 m (exact; eastern coast)"
    assert rows["agency-power-out"]["figures"] == "1234567 people (exact; whole country)"
    assert rows["insured-losses"]["figures"] == "1000000000000 JPY (approximate; the region)"
    assert rows["bank-rebuilding"]["figures"] == "5000000000 USD (approximate, forecast; whole country)"


def test_the_english_storm_site_builds_strict(tmp_path: Path) -> None:
    settings = _english_project(tmp_path / "built")
    result = run_build(settings.root)
    assert result.returncode == 0, result.stderr
    html = (settings.root / "site" / "briefing" / "figures" / "index.html").read_text(encoding="utf-8")
    assert "<strong>US$5B</strong> = US$5,000,000,000" in html
    # In running text (a claim's card) the compact form carries the full amount on hover.
    claims = (settings.root / "site" / "briefing" / "topics" / "money" / "index.html").read_text(encoding="utf-8")
    assert '<abbr title="£1,580,000,000">£1.58B</abbr>' in claims


def _claim(ident: str, asserted: str, **fields: object) -> Located[Claim]:
    record = Claim.model_validate(
        {
            "id": ident,
            "statement": "A statement.",
            "asserted": asserted,
            "citations": [{"source": "report", "quote": "a passage"}],
            "credibility": 3,
            **fields,
        }
    )
    return Located(record, "seeds/register/claims.yml", {})


@pytest.mark.parametrize(
    ("newer", "older", "refused"),
    [
        ("2005", "2005-01-13", True),  # any day of 2005, perhaps before 13 January
        ("2005-02", "2005-01-13", False),
        ("2005-01-13", "2005-01-13", False),  # one day: the register knows no order within it
        ("2005-01-12", "2005-01", True),
    ],
)
def test_an_update_must_be_provably_later(newer: str, older: str, refused: bool) -> None:
    report = Source.model_validate(
        {
            "id": "report",
            "file": "articles/report.txt",
            "title": "A report",
            "outlet": "An outlet",
            "published": "2005-12-31",
            "language": "en",
            "reliability": {"grade": "C", "rationale": "A reason."},
        }
    )
    claims = [
        _claim("earlier", older),
        _claim("later", newer, relations=[{"type": "updates", "claim": "earlier", "note": "A later count."}]),
    ]
    expected = [
        f"seeds/register/claims.yml:1: claim 'later' (asserted {newer}) updates claim 'earlier' (asserted {older}), "
        "which the dates do not show to be earlier\n"
        "  hint: a claim can only update an earlier one: give both `asserted` dates precisely enough to show "
        "the order, or relate the claims with supports or contradicts"
    ]
    assert [str(p) for p in check_time_logic(claims, {"report": report})] == (expected if refused else [])


def test_two_copies_of_one_headline_on_one_day_are_told_apart_by_id(tmp_path: Path) -> None:
    settings = _english_project(tmp_path / "copies")
    corpus = check(settings)
    twin = corpus.sources["003-herald-donors"].model_copy(update={"id": "003-herald-donors-copy"})
    views = Views(
        dataclasses.replace(corpus, sources={**corpus.sources, twin.id: twin}),
        load_catalogue("en"),
        settings.layout,
        {},
    )
    assert views.source_label("003-herald-donors-copy") == (
        "Coastal Herald (“Donors pledge billions as cyclone damage mounts”, 5 March 2025, 003-herald-donors-copy)"
    )
    assert views.source_label("002-herald-rises") == "Coastal Herald (“Death toll from Cyclone Mara rises to 112”)"
    assert views.source_label("001-herald-toll") == "Coastal Herald (3 March 2025)"
    assert views.source_label("004-wire-eu") == "Island Wire"
