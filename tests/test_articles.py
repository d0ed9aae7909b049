"""Articles as received: encodings, line ends, boilerplate and paragraphs; oversized input."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import check
from generator.register.articles import MAX_ARTICLE_BYTES, UnreadableArticle, decode, prepare
from generator.register.files import FileRefused, read_bounded
from generator.register.load import MAX_REGISTER_BYTES
from generator.register.problems import InvalidInput
from generator.register.quotes import Found, locate
from generator.settings import Settings


def test_byte_order_mark_and_crlf_are_handled() -> None:
    text = decode("\ufeffTitel\r\n\r\nErster Absatz.\r\nZweiter Absatz mit „Zitat“.\r\n".encode())
    article = prepare(text, ["Titel"])
    paragraphs = [article.text[p.start : p.end] for p in article.paragraphs]
    assert paragraphs == ["Erster Absatz.", "Zweiter Absatz mit „Zitat“."]
    match = locate(article.normalized, "Absatz. Zweiter Absatz")
    assert isinstance(match, Found)
    assert article.paragraph_at(match.start) == article.paragraphs[0]


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        ("Zeile\nGröße".encode("latin-1"), 2, "article is not UTF-8: byte 0xf6 at offset 8"),
        (b"Zeile\n\x00", 2, "article contains a NUL character"),
        (b"  \r\n\t", 1, "article is empty"),
        (b"", 1, "article is empty"),
    ],
)
def test_unusable_articles_are_refused_with_a_reason(data: bytes, line: int, message: str) -> None:
    with pytest.raises(UnreadableArticle) as raised:
        decode(data)
    assert (raised.value.line, raised.value.message) == (line, message)


def test_an_oversized_article_is_refused_before_a_byte_is_read(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.txt"
    with sparse.open("wb") as file:
        file.truncate(2 * 1024**3)
    with pytest.raises(FileRefused) as raised:
        read_bounded(sparse, MAX_ARTICLE_BYTES, "article")
    assert raised.value.message == f"article is {2 * 1024**3:,} bytes, over the limit of {MAX_ARTICLE_BYTES:,}"


def test_a_fifo_is_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(FileRefused) as raised:
        read_bounded(fifo, MAX_ARTICLE_BYTES, "article")
    assert raised.value.message == "article is not a regular file"


def test_an_oversized_register_file_is_refused_with_the_limit(project: Callable[..., Settings]) -> None:
    settings = project()
    huge = settings.register / "huge.yml"
    with huge.open("wb") as stream:  # sparse: nothing is really written
        os.truncate(stream.fileno(), MAX_REGISTER_BYTES + 1)
    with pytest.raises(InvalidInput) as raised:
        check(settings)
    assert [str(p) for p in raised.value.problems] == [
        f"seeds/register/huge.yml:1: register file is {MAX_REGISTER_BYTES + 1:,} bytes, "
        f"over the limit of {MAX_REGISTER_BYTES:,}\n  hint: split the register into several files under seeds/register/"
    ]
