"""Analysis on a second corpus made for it (English, another story): figures compared only where
comparable, ranges, unnamed and collective claimants, a refuted rumour, mixed-precision dates,
chart panels per unit, and coverage by sentence of a one-paragraph article."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.coverage import coverage, failed, report
from generator.pipeline import check, generate
from generator.register.analysis import actor_records, corroboration, figure_groups, latest_dates, supporters
from generator.register.validate import Corpus
from generator.settings import Settings

from .conftest import RESERVOIR, card_pages, english_project


@dataclass(frozen=True)
class Generated:
    settings: Settings
    corpus: Corpus

    def page(self, name: str) -> str:
        return (self.settings.output / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    root = english_project(tmp_path_factory.mktemp("reservoir"), RESERVOIR / "seeds")
    settings = Settings.from_mkdocs(root / "mkdocs.yml")
    generate(settings)
    return Generated(settings, check(settings))


def _without_charts(text: str) -> str:
    return re.sub(r'^<div class="figure-charts">.*</div>$', "[charts]", text, flags=re.M)


FIGURES_PAGE = """\
## Evacuations

Figures in 2 units (residents, people): each unit has a chart of its own, and no figure is compared across units.
{: .figure-headline }

Most conservative of the 2 figures that count residents evacuated in residents (lower valley, since the breach): \
5,000–6,000 residents (County council). Where one figure is needed for this quantity, it is this one.
{: .figure-headline }

Most conservative of the 2 figures that count people ordered to leave in people (lower valley): 12,000 people \
(Sources in the fire service). Where one figure is needed for this quantity, it is this one.
{: .figure-headline }

Compared with none are the remaining figures (1): they count something else, as what is counted, the unit or the \
scope differ.
{: .figure-headline }

[charts]

One chart per unit, one series per claimant. Marker: figure dated to the day. Horizontal bar: figure dated only to \
the month or year, drawn across that whole period. Vertical bar or box: a range from its low to its high end. Arrow \
up or down: a lower or upper bound. The table holds the same values.
{: .figure-chart-note }

| Figure (Exactness) | Counts; scope | As of | Given by | Reported in | Evidence |
|---|---|---|---|---|---|
| **5,400 residents**<br>exact | residents evacuated; lower valley, since the breach | March 2025 | \
[Joint Emergency Coordination Committee of the Northern Counties and River Authority](actors/joint-committee.md) | \
[River Gazette](sources/002-river-gazette.md) | [`committee-evacuated`](topics/the-breach.md#committee-evacuated) |
| **5,000–6,000 residents**<br>range: “between 5,000 and 6,000” | residents evacuated; lower valley, since the breach \
| 13 March 2025 (inferred) | [County council](actors/county-council.md) | \
[Valley Courier](sources/001-valley-courier.md) | \
[`council-evacuated-range`](topics/the-breach.md#council-evacuated-range) |
| **12,000 people**<br>exact | people ordered to leave; lower valley | 14 March 2025 (inferred) | \
[A police officer](actors/police-officer.md) (unnamed official, according to Valley Courier) | \
[Valley Courier](sources/001-valley-courier.md) | \
[`officer-ordered-to-leave`](topics/the-breach.md#officer-ordered-to-leave) |
| **12,000 people**<br>exact | people ordered to leave; lower valley | 20 March 2025 (inferred) | \
[Sources in the fire service](actors/fire-service-sources.md) (unnamed circles, according to Morning Post) | \
[Morning Post](sources/003-morning-post.md) | \
[`fire-service-ordered-to-leave`](topics/the-breach.md#fire-service-ordered-to-leave) |
| **30,000 people** <span class="claim-status claim-status--refuted">refuted</span><br>exact | people ordered to \
leave; whole district | 20 March 2025 (inferred) | [Message shared online](actors/district-message.md) (rumour, \
according to Morning Post) | [Morning Post](sources/003-morning-post.md) | \
[`message-whole-district`](topics/the-breach.md#message-whole-district) |

## Damage

Figures in 2 units (homes, kilometres): each unit has a chart of its own, and no figure is compared across units.
{: .figure-headline }

These 2 figures count different things: what is counted, the unit or the scope differ. They are not rival \
estimates of one quantity, and no single figure stands for them.
{: .figure-headline }

[charts]
"""


def test_the_figures_page_recommends_a_figure_only_among_comparable_ones(generated: Generated) -> None:
    page = _without_charts(generated.page("figures.md"))
    body = page[page.index("## Evacuations") :]
    assert body.startswith(FIGURES_PAGE)
    assert body.count("Most conservative") == 2  # never for the lone, refuted or differently scoped figures
    rainfall = body[body.index("## Rainfall") : body.index("## Water released")]
    assert "These 2 figures count different things" in rainfall  # one unit, but March 2025 / all of 2024


def _panels(page: str) -> list[tuple[str, list[str]]]:
    """(unit named on the y axis, legend names) of each chart panel, in page order."""
    found = []
    for svg in re.findall(r"<svg .*?</svg>", page):
        texts = [
            re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), t)
            for t in re.findall(r"<text [^>]*>([^<]*)</text>", svg)
        ]
        axis = texts.index("Date the figure applies to")
        found.append((texts[0], texts[axis + 1 :]))
    return found


def test_the_chart_draws_one_panel_per_unit_with_its_legend(generated: Generated) -> None:
    assert _panels(generated.page("figures.md")) == [
        (
            "residents",
            [
                "County council",
                "Joint Emergency Coordination Committee of",
                "the Northern Counties and River Authority",
            ],
        ),
        ("people", ["A police officer", "Message shared online", "Sources in the fire service"]),
        ("homes", ["Joint Emergency Coordination Committee of", "the Northern Counties and River Authority"]),
        ("kilometres", ["Internal council paper"]),
        ("metres", ["County weather service"]),
        (
            "litres",
            ["Engineers", "Joint Emergency Coordination Committee of", "the Northern Counties and River Authority"],
        ),
    ]


def test_periods_are_drawn_across_their_whole_span_with_the_year_on_the_axis(generated: Generated) -> None:
    page = generated.page("figures.md")
    metres = next(svg for svg in re.findall(r"<svg .*?</svg>", page) if ">metres</text>" in svg)
    ticks = re.findall(r'text-anchor="middle"[^>]*>([^<]*)</text>', metres)
    assert ticks == ["Jan 2024", "Apr", "Jul", "Oct", "Jan 2025"]  # 2024 and March 2025: the year wherever it changes
    bars = re.findall(r'<path d="M([\d.]+) [\d.]+V[\d.]+M[\d.]+ [\d.]+H([\d.]+)', metres)
    (start, end), (march_start, march_end) = ((float(a), float(b)) for a, b in bars)
    assert (end - start) / (march_end - march_start) == pytest.approx(366 / 31, rel=0.01)  # a year, a month


def test_a_range_is_kept_with_both_ends_in_the_export(generated: Generated) -> None:
    export = generated.page("exports/claims.json")
    assert '"low": 5000,\n          "high": 6000,' in export
    csv = generated.page("exports/claims.csv")
    assert "5000-6000 residents (range; lower valley, since the breach)" in csv
    assert "1000000000000 litres (approximate; first two days after the breach)" in csv


def test_two_unnamed_sources_count_as_one_claimant_and_the_page_says_why(generated: Generated) -> None:
    corpus = generated.corpus
    found = corroboration(corpus, corpus.claims["officer-ordered-to-leave"], supporters(corpus))
    assert (found.named, found.unnamed, found.provable) == ([], ["fire-service-sources", "police-officer"], 1)
    claims = card_pages(generated.settings.output)
    assert (
        "Independent claimants (1): unnamed sources, not provably independent of one another: "
        "[Sources in the fire service](../actors/fire-service-sources.md) "
        "(unnamed circles, according to Morning Post), "
        "[A police officer](../actors/police-officer.md) (unnamed official, according to Valley Courier) · "
        "Reporting chains: [Valley Courier](../sources/001-valley-courier.md) → "
        "[A police officer](../actors/police-officer.md) (unnamed official, according to Valley Courier)\n"
    ) in claims


def test_a_rumour_reported_to_be_refuted_names_its_refuter(generated: Generated) -> None:
    claims = card_pages(generated.settings.output)
    assert (
        "Reported only to be refuted. Refuted by [County engineering office](../actors/engineering-office.md): "
        "The engineering office called the message false. "
        "([`office-no-district-order`](#office-no-district-order))\n{: .claim-refuted }"
    ) in claims
    # The rumour's originator is the rumour, not the outlet that reports it.
    corpus = generated.corpus
    found = corroboration(corpus, corpus.claims["message-whole-district"], supporters(corpus))
    assert (found.named, found.unnamed) == ([], ["district-message"])
    assert "Independent claimants (1): unnamed source: [Message shared online](../actors/district-message.md)" in claims


def test_a_year_only_source_may_be_the_latest_and_the_home_page_says_so(generated: Generated) -> None:
    dates = latest_dates([s.published for s in generated.corpus.sources.values()])
    assert [d.date for d in dates] == ["2025", "2025-03-20"]
    assert (
        "Latest source: 2025 (to the year), 20 March 2025 (to the day) – dates of different precision; "
        "which of them is later is not known.\n"
    ) in generated.page("includes/home.md")


def test_an_actors_claims_are_in_date_order(generated: Generated) -> None:
    made = actor_records(generated.corpus)["joint-committee"].made
    assert [c.id for c in made] == ["committee-evacuated", "committee-homes-damaged", "committee-litres"]
    engineering = actor_records(generated.corpus)["weather-service"].made
    assert [c.id for c in engineering] == ["weather-2024-rain", "weather-half-metre"]


def test_the_year_only_figure_opens_its_year_in_the_figures_order(generated: Generated) -> None:
    (rain,) = [g for g in figure_groups(generated.corpus) if g.measure == "Rainfall"]
    assert [f.quantity.as_of.date for f in rain.figures if f.quantity.as_of] == ["2024", "2025-03"]


COVERAGE = """\
source                               paragraphs  cited  share explained  open sentences  cited  share explained  open
001-valley-courier                            7      4    57%         2     1         8      5    62%         2     1
002-river-gazette                             2      1    50%         1     0        11      5    45%         3     3
003-morning-post                              6      4    67%         2     0         6      4    67%         2     0
all sources                                  15      9    60%                        25     14    56%
uncited paragraph: 001-valley-courier#p7: Residents are asked to stay away from the river banks.
uncited sentence: 002-river-gazette#p2: Fourteen kilometres of road were closed for repairs.
uncited sentence: 002-river-gazette#p2: Older residents remember the winter of 1987.
uncited sentence: 002-river-gazette#p2: Many of them say the valley will recover.
"""


def test_coverage_counts_sentences_of_a_one_paragraph_article_and_fails_while_one_is_open(
    generated: Generated, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(generated.settings.root / "mkdocs.yml")
    assert main(["--config", config, "coverage"]) == 1
    assert capsys.readouterr().out == COVERAGE
    # The looser rule passes the one-paragraph article, which carries a citation.
    assert main(["--config", config, "coverage", "--paragraphs-only"]) == 1  # the Courier's last paragraph is open
    out = capsys.readouterr().out
    assert out.endswith(
        "uncited paragraph: 001-valley-courier#p7: Residents are asked to stay away from the river banks.\n"
    )
    assert "uncited sentence" not in out


def test_sentences_listed_with_a_reason_close_the_coverage(tmp_path: Path) -> None:
    root = english_project(tmp_path / "covered", RESERVOIR / "seeds")
    sources = root / "seeds" / "register" / "sources.yml"
    reasons = "".join(
        f"      - text: {text}\n        reason: no claim of its own\n"
        for text in (
            "Fourteen kilometres of road were closed for repairs.",
            "Older residents remember the winter of 1987.",
            "Many of them say the valley will recover.",
        )
    )
    text = sources.read_text().replace(
        "        reason: note from the editors\n", "        reason: note from the editors\n" + reasons
    )
    courier = "      - text: Residents are asked to stay away from the river banks.\n        reason: service note\n"
    text = text.replace("        reason: dateline\n  - id: 002", "        reason: dateline\n" + courier + "  - id: 002")
    sources.write_text(text)
    rows = coverage(check(Settings.from_mkdocs(root / "mkdocs.yml")))
    assert not failed(rows)
    assert [(r.source_id, r.sentences, r.cited_sentences, r.explained_sentences) for r in rows] == [
        ("001-valley-courier", 8, 5, 3),
        ("002-river-gazette", 11, 5, 6),
        ("003-morning-post", 6, 4, 2),
    ]
    assert "uncited" not in report(rows)
