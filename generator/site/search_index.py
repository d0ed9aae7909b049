"""The site's search index: Material's sections, each text once, in a chunked Pagefind index.

Material's search plugin splits every built page into sections (one per heading
with an id) and writes them all into one `search/search_index.json`, which every
reader downloads before the first result (26.5 MB at 10,000 claims). Here those
sections are turned into search records and handed to Pagefind, which writes an
index split by word and one small fragment per record: a reader fetches only the
chunks of the words typed and the fragments of the results shown. Material's own
file keeps only its `config` (the landing-page highlighter reads its separator).

Records, in order:
1. every claim's card, on a topic page (or one of its parts): the one place its
   statement, its quotes and its id are indexed;
2. every section of a source page, untouched: the article is the evidence;
3. every other section without the blocks that repeat a claim (its statement,
   one of its quotes, its id), since the card is a click away;
4. no two records with the same title and text.

Each record also carries its `key`, the id in its URL (a claim's anchor, a source's
or an actor's page), so that typing an id finds what it names first.

Pagefind runs the indexing binary from the `pagefind_bin` wheel and writes a
WebAssembly search module: the browser needs 'wasm-unsafe-eval' in the content
security policy to run it (docs/javascripts/search-worker.js loads it).
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import html
import json
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import signal
import threading
import time
from collections.abc import Iterable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from pagefind.index import IndexConfig
from pagefind.service import PagefindService

from generator.pages.catalogue import load_catalogue
from generator.pages.layout import Layout, page_url
from generator.settings import Settings

_log = logging.getLogger("mkdocs.plugins.briefing")

INDEX_FOLDER = "pagefind"
"""Folder under the built site that holds the Pagefind bundle."""

UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)
"""Pagefind's own search interfaces and its module for unknown languages: Material's box is used."""

MATERIAL_INDEX = Path("search") / "search_index.json"
"""Material's search index, relative to the built site."""

_BLOCK = re.compile(r"<(p|li)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Record:
    """One search result: a section of a built page."""

    location: str
    """Site path with anchor, as Material writes it ('briefing/claims/#some-claim')."""
    page: str
    """Title of the page the section is on."""
    title: str
    """Title of the section (plain text)."""
    text: str
    """Text of the section (plain text)."""
    key: str
    """The id in the location (the anchor, else the page's last path segment), then the
    other names that should find the record first, one a line."""


@dataclass(frozen=True)
class Section:
    """A section as Material's search plugin writes it: title and text with some markup."""

    location: str
    title: str
    text: str

    @property
    def page(self) -> str:
        return self.location.split("#", 1)[0]


def plain(markup: str) -> str:
    """Text of Material's section markup: tags dropped, entities resolved, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def key_of(location: str) -> str:
    page, _, anchor = location.partition("#")
    return anchor or posixpath.basename(page.rstrip("/"))


def records(
    sections: list[Section],
    layout: Layout,
    quote_marks: tuple[str, str],
    names: dict[str, list[str]],
    cards_at: set[str],
) -> list[Record]:
    """The search records of a site: each claim's text once, on its card (the sections at
    `cards_at`); no duplicates."""
    titles = {s.page: plain(s.title) for s in sections if "#" not in s.location}
    cards = [s for s in sections if s.location in cards_at]
    sources = _below(sections, page_url(layout.sources_index))
    kept = {id(s) for s in cards + sources}
    others = [s for s in sections if id(s) not in kept]
    repeated = repeats(claim_texts(cards, quote_marks))
    seen: set[tuple[str, str]] = set()
    found = []
    for section, text in [(s, s.text) for s in cards + sources] + [(s, without(s.text, repeated)) for s in others]:
        record = Record(
            location=section.location,
            page=titles.get(section.page, ""),
            title=plain(section.title),
            text=plain(text),
            key="\n".join(dict.fromkeys([key_of(section.location), *names.get(section.location, [])])),
        )
        if (record.title, record.text) in seen or not (record.title or record.text):
            continue
        seen.add((record.title, record.text))
        found.append(record)
    return found


def _below(sections: list[Section], index: str) -> list[Section]:
    """The sections of the pages under an index page (a topic's, a source's), not of the index."""
    return [s for s in sections if s.page.startswith(index) and s.page != index]


def claim_texts(cards: Iterable[Section], quote_marks: tuple[str, str]) -> list[str]:
    """What identifies a claim's card wherever it is repeated: statement, quotes, id in code."""
    opening, closing = (re.escape(html.escape(mark)) for mark in quote_marks)
    quoted = re.compile(f"{opening}(.+?){closing}")
    texts = []
    for card in cards:
        if "#" not in card.location or not card.text:
            continue  # the page's own top section, or a heading without a card
        texts.append(card.title)
        texts.append(f"<code>{key_of(card.location)}</code>")
        texts += [m.group(1) for block in _BLOCK.finditer(card.text) for m in quoted.finditer(block.group(2))]
    return sorted({t for t in texts if t}, key=len, reverse=True)


_Tree: TypeAlias = dict[str, "_Tree"]
"""A prefix tree of texts: each character leads to the rest; "" marks where a text ends."""


def repeats(texts: list[str]) -> re.Pattern[str] | None:
    """One pattern for all `texts`, compiled once for every section of the site.

    The texts share their beginnings (statements of one briefing, quotes of one article),
    so they are merged into a tree of prefixes: Python's `re` tries an alternation's
    branches one after another at every position, and 30,000 plain branches (10,000
    claims) cost about 15 s of matching; the tree tries one branch per character."""
    if not texts:
        return None
    tree: _Tree = {}
    for text in texts:
        node = tree
        for char in text:
            node = node.setdefault(char, {})
        node[""] = {}  # a text ends here
    return re.compile(_prefix_pattern(tree))


def _prefix_pattern(node: _Tree) -> str:
    """The pattern of a prefix tree: a run of single characters as it is, a group where it
    branches; a text that ends where a longer one goes on is tried after the longer one."""
    run = ""
    while len(node) == 1 and "" not in node:
        ((char, node),) = node.items()
        run += re.escape(char)
    branches = [re.escape(char) + _prefix_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return run
    if len(branches) == 1:
        return f"{run}(?:{branches[0]})?"  # here one text ends, and another goes on
    group = f"(?:{'|'.join(branches)})"
    return run + (f"{group}?" if "" in node else group)


def without(markup: str, repeated: re.Pattern[str] | None) -> str:
    """`markup` less every paragraph or list item in which `repeated` finds a text of a card,
    and less those texts themselves where they stand outside such blocks (in table cells)."""
    if repeated is None:
        return markup
    kept = _BLOCK.sub(lambda block: "" if repeated.search(block.group(2)) else block.group(0), markup)
    return repeated.sub("", kept)


def read_material_index(site: Path) -> tuple[dict[str, object], list[Section]]:
    """The config and sections of the index Material's search plugin wrote into `site`."""
    data = json.loads((site / MATERIAL_INDEX).read_text(encoding="utf-8"))
    docs = [Section(d["location"], d.get("title", ""), d.get("text", "")) for d in data["docs"]]
    return data["config"], docs


def write_material_config(site: Path, config: dict[str, object]) -> None:
    """Leave Material's index with its config only: no reader downloads the sections twice."""
    lean = json.dumps({"config": config, "docs": []}, ensure_ascii=False, separators=(",", ":"))
    (site / MATERIAL_INDEX).write_text(lean, encoding="utf-8")


class _PromptService(PagefindService):
    """Pagefind's service, with each response handed over as soon as it arrives.

    The pinned API (1.5.2) sleeps 0.1 s before reading each response, so indexing n
    records took at least n / 10 seconds (135 s for the 1,000-claim benchmark site).
    The binary answers each request with base64 JSON and a comma; nothing else differs.
    """

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        while True:
            message = json.loads(base64.b64decode((await self._backend.stdout.readuntil(b","))[:-1]))
            if message is None:
                continue
            future = self._responses.get(message.get("message_id") or 0)
            if future is None or future.done():
                continue
            payload = message["payload"]
            if payload.get("type") == "Error":
                future.set_exception(RuntimeError(f"Pagefind: {payload.get('message')}"))
            else:
                future.set_result(payload)


async def _write_pagefind(folder: Path, found: list[Record], language: str) -> None:
    config: IndexConfig = {"force_language": language}
    async with _PromptService() as service:
        index = await service.create_index(config)
        # Sent all at once: the binary reads them in turn while earlier ones are answered.
        await asyncio.gather(
            *(
                index.add_custom_record(
                    url=record.location,
                    content=record.text or record.title,
                    language=language,
                    meta={"title": record.title, "page": record.page, "key": record.key},
                )
                for record in found
            )
        )
        await index.write_files(str(folder.resolve()))


def build(site: Path, settings: Settings) -> list[Record]:
    """Replace Material's index in the built `site` with the Pagefind bundle; return the records."""
    sections = take_material_index(site)
    return write_index(site, settings, sections)


def take_material_index(site: Path) -> list[Section]:
    """The sections of Material's index in `site`, leaving the file its config only."""
    config, sections = read_material_index(site)
    write_material_config(site, config)
    return sections


def write_index(site: Path, settings: Settings, sections: list[Section]) -> list[Record]:
    """Write the Pagefind bundle of `sections` into `site`; return its records. The bundle
    is written beside the one in place, which it then replaces: a reader searching during
    a preview's rebuild meets the old index or the new one, never half of one."""
    t = load_catalogue(settings.language)
    names_file = settings.docs / settings.layout.search_names
    names = json.loads(names_file.read_text(encoding="utf-8")) if names_file.is_file() else {}
    quote_marks = (t("quote_open"), t("quote_close"))
    found = records(sections, settings.layout, quote_marks, names, card_locations(settings))
    staged = site / f"{INDEX_FOLDER}.new"
    shutil.rmtree(staged, ignore_errors=True)
    try:
        asyncio.run(_write_pagefind(staged, found, settings.language))
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)  # nothing half-written stays in the site
        raise
    for name in UNUSED:
        (staged / name).unlink(missing_ok=True)
    shutil.rmtree(site / INDEX_FOLDER, ignore_errors=True)
    staged.rename(site / INDEX_FOLDER)
    return found


class InBackground:
    """The index of `briefing serve`, written after each rebuild but off its path: the
    edited page shows as soon as MkDocs has built it (Pagefind takes 0.8 s at 1,000
    claims, 12 s at 10,000), and the search follows. One indexing runs at a time; a
    rebuild that ends while one runs supersedes any other waiting.

    The indexing runs in a process of its own at a lower priority: in a thread of the
    preview's, its Python work held the interpreter lock against the next rebuild (a
    rebuild that wrote nothing took 4.6 s instead of 0.6 s at 10,000 claims).

    A dirty rebuild renders only some pages, and Material's index then holds the new
    sections of one of them merged with the old sections of all (its merge assumes one
    page a rebuild). So the sections are kept here, per page: each rebuild replaces
    those of the pages it rendered and drops those of pages that are gone."""

    def __init__(self) -> None:
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search-index")
        self._process: ProcessPoolExecutor | None = None  # started by the first indexing
        self._latest = 0
        self._sections: dict[str, list[Section]] = {}

    def submit(self, site: Path, settings: Settings, rendered: set[str], pages: set[str]) -> Future[int | None]:
        """Index the site after a build that rendered the pages at the URLs `rendered`,
        of the site's `pages`; the future gives the number of records written."""
        # Material's file is read now: the next rebuild rewrites it.
        self._sections = merged(self._sections, take_material_index(site), rendered, pages)
        self._latest += 1
        return self._worker.submit(self._write, self._latest, site, settings, self.sections())

    def _write(self, ticket: int, site: Path, settings: Settings, sections: list[Section]) -> int | None:
        if ticket != self._latest:
            return None  # a later rebuild's sections are waiting
        if self._process is None:
            # Spawned, not forked: the preview runs threads (the watcher, the server).
            context = multiprocessing.get_context("spawn")
            self._process = ProcessPoolExecutor(
                max_workers=1, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
            )
        try:
            count = self._process.submit(_index_count, site, settings, sections).result()
        except BrokenProcessPool:  # the worker died (out of memory, a signal): the next one starts anew
            self._process.shutdown(wait=False, cancel_futures=True)
            self._process = None
            _log.error("briefing: the search index was not updated: its worker process ended")
            return None
        except Exception as error:  # the preview goes on; the next rebuild tries again
            _log.error("briefing: the search index was not updated: %s", error)
            return None
        _log.info("briefing: search index updated (%d records)", count)
        return count

    def close(self) -> None:
        """Stop indexing: what waits is dropped, the worker process ends."""
        self._worker.shutdown(wait=False, cancel_futures=True)
        if self._process is not None:
            self._process.shutdown(wait=False, cancel_futures=True)

    def sections(self) -> list[Section]:
        """Every page's sections as last merged, in the order they are indexed."""
        return [section for page in sorted(self._sections) for section in self._sections[page]]


def _start_worker(preview: int) -> None:
    os.nice(10)  # the preview's rebuilds come first
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the preview, which stops this
    # A preview stopped by a signal leaves its workers waiting for work; this one then ends.
    threading.Thread(target=_end_with, args=(preview,), daemon=True).start()


def _end_with(preview: int) -> None:
    while os.getppid() == preview:
        time.sleep(1)
    os._exit(0)


def _index_count(site: Path, settings: Settings, sections: list[Section]) -> int:
    return len(write_index(site, settings, sections))


def merged(
    kept: dict[str, list[Section]], written: list[Section], rendered: set[str], pages: set[str]
) -> dict[str, list[Section]]:
    """The sections per page URL after a build: those `written` for the pages it `rendered`,
    the `kept` ones for the other `pages`; none of a page that no longer exists.

    Material writes the kept sections of earlier builds, then those of this build, each
    page's together, opened by one for the page itself; a rendered page's old sections may
    still be among the first, so its last run of sections is the one this build wrote."""
    fresh: dict[str, list[Section]] = {page: [] for page in rendered}
    previous = None
    for section in written:
        if section.page in fresh:
            if section.page != previous or section.location == section.page:
                fresh[section.page] = []  # a later run of the same page's sections
            fresh[section.page].append(section)
        previous = section.page
    return {page: fresh[page] if page in fresh else kept.get(page, []) for page in sorted(pages)}


def card_locations(settings: Settings) -> set[str]:
    """The site path and anchor of every claim's card, from the generator's `claims/anchors.json`
    (its addresses are relative to the file's folder)."""
    path = settings.docs / settings.layout.claim_anchors
    if not path.is_file():
        return set()
    folder = posixpath.dirname(settings.layout.claim_anchors)
    found = set()
    for address in json.loads(path.read_text(encoding="utf-8")).values():
        page, _, anchor = address.partition("#")
        found.add(f"{posixpath.normpath(posixpath.join(folder, page))}/#{anchor}")
    return found


FRAGMENT_SIGNATURE = b"pagefind_dcd"
"""What every decompressed Pagefind fragment starts with, before its JSON."""


def indexed(site: Path) -> list[dict[str, object]]:
    """What the written index holds, one dict per record (url, content, meta), by url."""
    found = []
    for path in sorted((site / INDEX_FOLDER / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes()).removeprefix(FRAGMENT_SIGNATURE)
        found.append(json.loads(data))
    return sorted(found, key=lambda record: str(record["url"]))
