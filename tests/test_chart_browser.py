"""Every chart's text, measured in Debian's chromium: inside the viewBox, never clipped, and at least
11 px as rendered on a 375 px screen, on the seed site and on a corpus with figures from 0.5 to 10^12
and an 83-character claimant name."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from .browser_support import NO_OTHER_HOST, chromium, serve
from .conftest import REPO, RESERVOIR, copy_project, english_project, run_build

pytestmark = pytest.mark.e2e

MEASURE = """() => [...document.querySelectorAll("svg.figure-chart")].map((svg) => {
  const box = svg.viewBox.baseVal;
  const scale = svg.getScreenCTM().a;
  return {
    id: svg.getAttribute("aria-labelledby"),
    box: [box.x, box.y, box.width, box.height],
    texts: [...svg.querySelectorAll("text")].map((text) => {
      const b = text.getBBox();
      return {
        text: text.textContent,
        box: [b.x, b.y, b.width, b.height],
        px: parseFloat(getComputedStyle(text).fontSize) * scale,
      };
    }),
  };
})"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    roots = {
        "seeds": copy_project(tmp_path_factory.mktemp("chart-seeds"), REPO / "seeds"),
        "reservoir": english_project(tmp_path_factory.mktemp("chart-reservoir"), RESERVOIR / "seeds"),
    }
    for root in roots.values():
        result = run_build(root)
        assert result.returncode == 0, result.stdout + result.stderr
    return {name: root / "site" for name, root in roots.items()}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _charts(browser: Browser, site: Path, width: int) -> list[dict[str, Any]]:
    with serve(site) as base:
        context = browser.new_context(base_url=base, viewport={"width": width, "height": 800}, proxy=NO_OTHER_HOST)
        page = context.new_page()
        page.goto("briefing/figures/")
        page.wait_for_load_state("load")
        charts: list[dict[str, Any]] = page.evaluate(MEASURE)
        context.close()
    return charts


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("name", ["seeds", "reservoir"])
def test_every_chart_label_lies_inside_its_viewbox_and_is_readable(
    browser: Browser, sites: dict[str, Path], name: str, width: int
) -> None:
    charts = _charts(browser, sites[name], width)
    assert len(charts) >= 4
    outside, small = [], []
    for chart in charts:
        x0, y0, w, h = chart["box"]
        for text in chart["texts"]:
            x, y, tw, th = text["box"]
            if x < x0 - 0.5 or y < y0 - 0.5 or x + tw > x0 + w + 0.5 or y + th > y0 + h + 0.5:
                outside.append((chart["id"], text["text"], text["box"], chart["box"]))
            if text["px"] < 11:
                small.append((chart["id"], text["text"], round(text["px"], 1)))
    assert outside == []
    assert small == []


def test_the_corpus_reaches_from_half_to_a_trillion_with_the_longest_name(
    browser: Browser, sites: dict[str, Path]
) -> None:
    texts = {text["text"] for chart in _charts(browser, sites["reservoir"], 375) for text in chart["texts"]}
    assert {"0.2", "0.6", "1.5T", "Joint Emergency Coordination Committee of"} <= texts
