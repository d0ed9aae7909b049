"""The benchmark's reading of a built site: which page `briefing serve` is watched on, and the
HTML figures. Figures themselves are never tested (see bench/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.full_build import site_html
from bench.serve_latency import card_pages
from bench.targets import target

STATEMENT = "Eine Behauptung über Übungen & Manöver."


def _page(site: Path, name: str, body: str) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!doctype html><html><body>{body}</body></html>", encoding="utf-8")


def test_the_card_page_is_the_one_with_the_statement_in_a_heading(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", "<p>Eine Behauptung über Übungen &amp; Manöver.</p>")
    _page(
        tmp_path,
        "topics/a/2/index.html",
        '<h3 class="claim-heading" id="c1">Eine Behauptung über <em>Übungen</em> &amp; Manöver.'
        '<a class="headerlink" href="#c1">&para;</a></h3>',
    )
    _page(tmp_path, "timeline/index.html", '<li><a href="../topics/a/2/#c1">Eine Behauptung über Übungen</a></li>')
    _page(tmp_path, "claims/index.html", "<td><a>Eine Behauptung über Übungen &amp; Manöver.</a></td>")
    watch = card_pages(tmp_path, STATEMENT)
    assert watch.pages == ("topics/a/2/",)
    assert watch.in_heading
    assert set(watch.mentions) == {"", "claims/"}
    assert not watch.shows("<h2>Eine Behauptung</h2><p>" + STATEMENT + "</p>", STATEMENT)


def test_without_a_card_every_page_with_the_statement_is_watched(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", "<p>Eine Behauptung über Übungen &amp; Manöver.</p>")
    _page(tmp_path, "404.html", "<h1>Nicht gefunden</h1>")
    _page(tmp_path, "claims/index.html", "<div><strong>Eine Behauptung über Übungen &#38; Manöver.</strong></div>")
    watch = card_pages(tmp_path, STATEMENT)
    assert set(watch.pages) == {"", "claims/"}
    assert not watch.in_heading


def test_a_statement_on_no_page_is_an_error(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", "<h2>Etwas anderes</h2>")
    with pytest.raises(LookupError):
        card_pages(tmp_path, STATEMENT)


def test_site_html_counts_every_page_and_finds_the_largest(tmp_path: Path) -> None:
    _page(tmp_path, "index.html", "x")
    _page(tmp_path, "briefing/claims/index.html", "x" * 5000)
    (tmp_path / "styles.css").write_text("y" * 9000, encoding="utf-8")
    html = site_html(tmp_path)
    assert (html.pages, html.largest) == (2, "briefing/claims/index.html")
    assert html.largest_bytes == (tmp_path / "briefing/claims/index.html").stat().st_size
    assert html.total_bytes == html.largest_bytes + (tmp_path / "index.html").stat().st_size


def test_targets_are_printed_only_where_stated() -> None:
    assert target("serve", 1000) == " (target <= 2 s)"
    assert target("serve", 100) == ""
    assert target("search_first", 100) == " (target <= 500 ms)"
