"""The chart's layout decisions: tick values and labels, date ticks with the year, legend names that fit."""

from __future__ import annotations

import datetime

import pytest

from generator.pages import chart
from generator.pages.analyst_pages import chart_labels
from generator.pages.catalogue import load_catalogue


@pytest.fixture(params=["de", "en"])
def labels(request: pytest.FixtureRequest) -> chart.Labels:
    return chart_labels(load_catalogue(request.param))


def test_value_ticks_are_round_distinct_and_compact_from_half_to_a_trillion() -> None:
    en = chart_labels(load_catalogue("en"))
    assert chart.value_ticks(0.5, en) == ([0.0, 0.2, 0.4, 0.6], ["0", "0.2", "0.4", "0.6"])
    assert chart.value_ticks(0.63, en)[1] == ["0", "0.2", "0.4", "0.6", "0.8"]  # no 0.6000000000000001
    assert chart.value_ticks(1.05e12, en)[1] == ["0", "500B", "1T", "1.5T"]
    assert chart.value_ticks(5.25e9, en)[1] == ["0", "2B", "4B", "6B"]
    de = chart_labels(load_catalogue("de"))
    assert chart.value_ticks(1.3e9, de)[1] == ["0", "500\u00a0Mio.", "1\u00a0Mrd.", "1,5\u00a0Mrd."]


def test_date_ticks_carry_the_year_first_and_wherever_it_changes() -> None:
    en = chart_labels(load_catalogue("en"))
    first, last = datetime.date(2024, 11, 1), datetime.date(2025, 2, 28)
    assert chart.date_ticks(first, last, first, 300, en) == [
        (datetime.date(2024, 11, 1), "Nov 2024"),
        (datetime.date(2024, 12, 1), "Dec"),
        (datetime.date(2025, 1, 1), "Jan 2025"),
        (datetime.date(2025, 2, 1), "Feb"),
    ]
    de = chart_labels(load_catalogue("de"))
    days = chart.date_ticks(
        datetime.date(2024, 12, 27), datetime.date(2025, 1, 5), datetime.date(2024, 12, 28), 300, de
    )
    assert [text for _, text in days] == ["28. Dez. 2024", "4. Jan. 2025"]  # a week apart: the labels fit


def test_a_long_name_wraps_onto_two_lines_and_then_ends_in_an_ellipsis() -> None:
    name = "Joint Emergency Coordination Committee of the Northern Counties and River Authority"
    assert chart._fit(name, 350) == (
        ["Joint Emergency Coordination Committee of", "the Northern Counties and River Authority"],
        False,
    )
    lines, cut = chart._fit(name + " and of the Southern Counties", 350)
    assert cut and lines[1].endswith("…") and len(lines) == 2
    lines, cut = chart._fit("x" * 120, 350)
    assert cut and [len(line) for line in lines] == [43, 43]


def test_a_long_legend_name_keeps_its_full_text_in_a_title(labels: chart.Labels) -> None:
    name = "Joint Emergency Coordination Committee of the Northern Counties, the River Authority and the Fire Brigades"
    mark = chart.Mark(datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), 5, 5, "5")
    svg = chart.svg("c", "t", "d", chart.Panel("homes", {name: [mark], "Other": [mark]}), labels)
    assert f"<g><title>{name}</title><text" in svg
    assert svg.count("…</text>") == 1


def test_a_span_of_years_is_labelled_by_year() -> None:
    en = chart_labels(load_catalogue("en"))
    first, last = datetime.date(2016, 1, 1), datetime.date(2025, 12, 31)
    ticks = chart.date_ticks(first, last, first, 300, en)
    assert [text for _, text in ticks] == ["2016", "2018", "2020", "2022", "2024"]
