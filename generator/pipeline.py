"""The pipeline: load -> validate -> render -> write. Nothing is written unless all input is valid."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from babel import Locale

from generator.pages.catalogue import load_catalogue
from generator.pages.render import render, render_cards
from generator.register.history import read_history
from generator.register.load import LoadCache, load_register
from generator.register.problems import InvalidInput
from generator.register.validate import Corpus, validate
from generator.settings import Settings
from generator.site import state
from generator.site.guard import project_lock
from generator.site.write import WriteReport, update_files, write_tree


@dataclass
class Timings:
    """Seconds spent in each phase, for the benchmark and `--verbose`."""

    phases: dict[str, float] = field(default_factory=dict)

    def mark(self, phase: str, since: float) -> float:
        now = time.perf_counter()
        self.phases[phase] = now - since
        return now


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run without the cyclic garbage collector.

    A run builds millions of small objects that all live until it ends; the
    collector would scan them again and again for nothing (loading measured 3x
    slower with it, rendering 20 %). Reference counting still frees the rest.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def check(settings: Settings, timings: Timings | None = None) -> Corpus:
    """Load and validate everything; raise InvalidInput listing every problem."""
    with collector_paused():
        return _check(settings, timings or Timings())


def _check(settings: Settings, timings: Timings, cache: LoadCache | None = None) -> Corpus:
    start = time.perf_counter()
    # Load: every register file and record, each checked against its model.
    register, problems = load_register(settings.register, settings.root, cache)
    start = timings.mark("load", start)
    # Validate: references, dates, and every quote against its article.
    corpus, more = validate(register, settings.seeds, settings.root, Locale.parse(settings.locale))
    timings.mark("validate", start)
    problems += more
    if problems or corpus is None:
        raise InvalidInput(problems)
    return corpus


@dataclass(frozen=True)
class Generated:
    """What `generate` did."""

    summary: str
    """The one-line count of the register (as `briefing check` prints it)."""
    report: WriteReport
    """Files written, unchanged and removed."""
    skipped: bool
    """True when nothing changed since the last run, so no phase ran."""
    notice: str = ""
    """Why the site has no history (not a git repository, a shallow clone), in one line."""
    complete: bool = True
    """False after the preview's first pass, which wrote only the pages of edited cards."""


class Session:
    """What `briefing serve` keeps from one generation to the next: the register files as
    last read (only edited files are parsed again) and the corpus last generated from.

    After an edit that changed claims and nothing else, the next generation first writes
    only the pages holding those claims' cards, so that the page being edited shows the
    edit within a second or two at 10,000 claims; those writes make MkDocs rebuild once
    more, and that generation, which finds no claim changed since, writes the rest."""

    def __init__(self, *, cards_first: bool = True) -> None:
        self.files = LoadCache()
        self.corpus: Corpus | None = None
        self.cards_first = cards_first
        """Off when MkDocs rebuilds every page anyway (`briefing serve --full`)."""


def generate(
    settings: Settings, timings: Timings | None = None, *, preview: bool = False, session: Session | None = None
) -> Generated:
    """Run the whole pipeline and write the generated subtree of docs/, unless nothing changed.

    `preview` is for `mkdocs serve`: uncommitted edits of the register then show
    as unpublished changes; a published build shows only what git has recorded.
    A process that generates again and again (the preview) keeps a `session`.
    """
    timings = timings or Timings()
    with project_lock(settings):
        return _generate(settings, timings, preview, session)


def _generate(settings: Settings, timings: Timings, preview: bool, session: Session | None) -> Generated:
    start = time.perf_counter()
    current = state.fingerprint(settings, preview)
    previous = state.load(settings)
    start = timings.mark("fingerprint", start)
    if previous and previous.fingerprint == current and previous.files == state.snapshot(settings.output):
        return Generated(previous.summary, WriteReport((), tuple(previous.files), ()), skipped=True)
    with collector_paused():
        corpus = _check(settings, timings, session.files if session else None)
        start = time.perf_counter()
        # History: the register at every commit, cut into editions (read from git, never written).
        editions = corpus.overview.editions
        history = read_history(settings.root, settings.register, editions, preview, settings.work / "history")
        start = timings.mark("history", start)
        catalogue = load_catalogue(settings.language, settings.locale)
        edited = edited_claims(session.corpus, corpus) if session and session.cards_first else set()
        if session:
            session.corpus = corpus
        if edited:
            # The preview's first pass: the edited cards' pages, then MkDocs rebuilds them.
            cards = render_cards(corpus, catalogue, settings.layout, edited, settings.site_url, history)
            start = timings.mark("render", start)
            first = update_files(settings.output, cards)
            timings.mark("write", start)
            if first is not None and first.written:
                return Generated(summary(corpus), first, skipped=False, notice=history.notice, complete=False)
            start = time.perf_counter()
        # Render: all pages in memory first, so a template error writes nothing.
        pages = render(corpus, catalogue, settings.layout, settings.site_url, history)
        start = timings.mark("render", start)
    # Write: the whole subtree at once; unchanged files keep their dates.
    report = write_tree(settings.output, pages, settings.work)
    timings.mark("write", start)
    text = summary(corpus)
    state.save(settings, state.RunState(current, text, state.snapshot(settings.output)))
    return Generated(text, report, skipped=False, notice=history.notice)


def edited_claims(before: Corpus | None, after: Corpus) -> set[str]:
    """The ids of the claims that changed from `before` to `after`, when nothing else did
    (the same claim ids, the same sources, articles, entities, briefings and overview);
    else none: then every page is rendered at once."""
    if before is None or before.claims.keys() != after.claims.keys():
        return set()
    if (before.overview, before.sources, before.articles, before.entities, before.briefings) != (
        after.overview,
        after.sources,
        after.articles,
        after.entities,
        after.briefings,
    ):
        return set()
    return {ident for ident, claim in after.claims.items() if claim != before.claims[ident]}


def summary(corpus: Corpus) -> str:
    """The one-line count `briefing check` prints on success."""
    citations = sum(len(claim.citations) for claim in corpus.claims.values())
    return (
        f"{len(corpus.sources)} sources, {len(corpus.entities)} entities, {len(corpus.claims)} claims, "
        f"{citations} quotes verified, {len(corpus.briefings)} briefings: no errors"
    )
