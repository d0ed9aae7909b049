"""Register text is inert on the page: no markup from the data reaches the HTML."""

from __future__ import annotations

import markdown
import pytest

from generator.pages.markdown_text import Md, fragment, inline, paragraphs

EXTENSIONS = ["abbr", "attr_list", "footnotes", "md_in_html", "tables", "toc"]


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "[klick](javascript:alert(1))",
        "<https://evil.example>",
        "**fett** _kursiv_ `code`",
        "Text[^1] und [^1]: Fußnote",
        "{: #id .class onclick=x }",
        "&amp; &lt;",
        "| a | b |",
        "# Überschrift",
        "- Liste",
        "1. Liste",
        "> Zitat",
        '--8<-- "/etc/passwd"',
        "{{ config }} {% include 'x' %}",
        "\\*",
    ],
)
def test_hostile_text_renders_as_its_own_characters(hostile: str) -> None:
    html = markdown.markdown(inline(hostile), extensions=EXTENSIONS)
    assert html.startswith("<p>")
    assert html.endswith("</p>")
    text = html[3:-4]
    assert "<" not in text.replace("&lt;", "")
    import html as html_module

    assert html_module.unescape(text) == hostile


def test_md_passes_unchanged() -> None:
    assert inline(Md("**x**")) == "**x**"


def test_fragment_keeps_edge_spaces() -> None:
    assert fragment(" a  b ", at_line_start=False) == " a b "


def test_paragraphs_split_on_blank_lines() -> None:
    assert paragraphs("eins\nzwei\n\n  \ndrei") == ["eins zwei", "drei"]


@pytest.mark.parametrize(
    "control", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
)
def test_a_bidirectional_control_in_an_article_is_shown_and_reorders_nothing(control: str) -> None:
    assert fragment(f"am 2024-11-0{control}1 gesagt", at_line_start=False) == "am 2024-11-0\ufffd1 gesagt"
