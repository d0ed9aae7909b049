"""What changed, edition by edition: the changes page, each claim's history line, and the Atom feed.

The history itself comes from the register's git history (register/history.py);
this module only words it, in the page's language, with links relative to the
page that shows it.
"""

from __future__ import annotations

import datetime
import hashlib
import posixpath
from typing import TYPE_CHECKING, Any

from feedgen.feed import FeedGenerator

from generator.pages.catalogue import Catalogue
from generator.pages.layout import Layout, link
from generator.pages.markdown_text import Md, inline
from generator.register.history import (
    ClaimChange,
    EditionChanges,
    FieldChange,
    Figure,
    History,
    JudgmentChange,
    JudgmentState,
)
from generator.register.models import When

if TYPE_CHECKING:  # views.py words each claim's history line with the functions here
    from generator.pages.views import Views


def edition_name(t: Catalogue, edition: EditionChanges) -> str:
    """How an edition is named in running text: its label and day, or what kind of state it is."""
    day = t.date(When(date=edition.day.isoformat()))
    if edition.kind == "declared":
        return t("changes.edition", label=edition.label, date=day)
    return t(f"changes.edition_{edition.kind}", date=day)


def entry_anchor(edition: EditionChanges, ident: str) -> str:
    """Anchor of a claim's or judgment's entry under an edition on the changes page."""
    return f"{edition.key}-{ident}"


def history_line(t: Catalogue, layout: Layout, history: History, claim_id: str, page: str) -> Md:
    """ "New in edition X · status changed on D: a -> b", linked to the changes page; empty without history."""
    record = history.claims.get(claim_id)
    if record is None:
        return Md("")
    target = layout.changes
    added = t("changes.line_added", edition=edition_name(t, record.added))
    parts = [f"[{inline(added)}]({link(page, target, _anchor(record.added, claim_id))})"]
    # A change within the edition that brought the claim in was never published: no reader saw the old value.
    if record.latest is not None and record.latest[0].key != record.added.key:
        edition, day, change = record.latest
        text = t(
            "changes.line_changed",
            field=t(f"changes.field.{change.field}"),
            date=t.date(When(date=day.isoformat())),
            old=field_value(t, change.field, change.old),
            new=field_value(t, change.field, change.new),
        )
        parts.append(f"[{inline(text)}]({link(page, target, _anchor(edition, claim_id))})")
    return Md(" · ".join(parts))


def _anchor(edition: EditionChanges, claim_id: str) -> str:
    """The claim's entry under the edition where the page lists it, else the edition itself
    (the first edition is counted, not listed; a change undone within an edition is not listed)."""
    if not edition.first and claim_id in edition.listed:
        return entry_anchor(edition, claim_id)
    return edition.key


def field_value(t: Catalogue, field: str, value: Any) -> str:
    """One followed field's value as a reader reads it."""
    if field == "status":
        return t(f"status.{value}") if value else "–"
    if field == "figures":
        return "; ".join(_figure(t, f) for f in value) or "–"
    if field == "relations":
        return "; ".join(f"{t(f'relation.{kind}')} {other}" for kind, other in value) or "–"
    if field == "statement":
        return f"{t('quote_open')}{value}{t('quote_close')}"
    return str(value) or "–"


def _figure(t: Catalogue, figure: Figure) -> str:
    exactness = t(f"exactness.{figure.exactness}") if figure.exactness else ""
    text = f"{t.number(figure.value)} {figure.unit}".strip()
    details = ", ".join(part for part in (exactness, figure.scope) if part)
    return f"{text} ({details})" if details else text


def changes_context(views: Views, history: History) -> dict[str, Any]:
    """What the changes page shows: every edition, newest first."""
    page = views.layout.changes
    editions = [_edition_context(views, edition, page) for edition in reversed(history.editions)]
    return {
        "editions": editions,
        "available": bool(history.editions),
        "feed": Md(link(page, views.layout.feed)),
    }


def _edition_context(views: Views, edition: EditionChanges, page: str) -> dict[str, Any]:
    def claims(kind: str) -> list[dict[str, Any]]:
        return [_claim_entry(views, edition, change, page) for change in edition.claims if change.kind == kind]

    if edition.first:
        counts = {"claims": len(edition.claims), "sources": len(edition.sources), "judgments": len(edition.judgments)}
        return {
            "anchor": Md(edition.key),
            "name": edition_name(views.t, edition),
            "first": views.t("changes.first", **counts),
            "claims_link": Md(link(page, views.layout.claims_index)),
            "unpublished": edition.kind == "unpublished",
        }
    return {
        "anchor": Md(edition.key),
        "name": edition_name(views.t, edition),
        "first": "",
        "unpublished": edition.kind == "unpublished",
        "added": claims("added"),
        "changed": claims("changed"),
        "withdrawn": claims("withdrawn"),
        "sources": [
            {"title": title, "link": Md(link(page, views.layout.source(ident)))}
            if ident in views.corpus.sources
            else {"title": title, "link": Md("")}
            for ident, title in edition.sources
        ],
        "judgments": [_judgment_entry(views, edition, change, page) for change in edition.judgments],
        "empty": edition.empty,
    }


def _claim_entry(views: Views, edition: EditionChanges, change: ClaimChange, page: str) -> dict[str, Any]:
    current = change.claim in views.corpus.claims
    return {
        "anchor": Md(entry_anchor(edition, change.claim)),
        "id": Md(change.claim),
        "link": Md(views.claim_link(page, change.claim)) if current else Md(""),
        "statement": change.statement,
        "renamed": ", ".join(change.renamed_from),
        "changes": [_field_change(views, c) for c in change.changes],
        "evidence": [
            {
                "quote": quote,
                "source": views.corpus.sources[source].outlet if source in views.corpus.sources else source,
                "link": Md(link(page, views.layout.source(source))) if source in views.corpus.sources else Md(""),
            }
            for source, quote in change.evidence
        ]
        if change.kind == "changed"
        else [],
    }


def _field_change(views: Views, change: FieldChange) -> dict[str, str]:
    return {
        "field": views.t(f"changes.field.{change.field}"),
        "old": field_value(views.t, change.field, change.old),
        "new": field_value(views.t, change.field, change.new),
    }


def _judgment_entry(views: Views, edition: EditionChanges, change: JudgmentChange, page: str) -> dict[str, Any]:
    def described(state: JudgmentState | None) -> str:
        if state is None:
            return "–"
        words = views.t(f"likelihood.{state.likelihood}") if state.likelihood else ""
        return f"{words}: {state.statement}" if words else state.statement

    reason = change.new.change_note if change.new is not None and change.kind == "changed" else ""
    return {
        "anchor": Md(entry_anchor(edition, change.judgment)),
        "kind": views.t(f"changes.judgment_{change.kind}"),
        "old": described(change.old),
        "new": described(change.new),
        "changed": change.kind == "changed",
        "reason": reason,
        "link": Md(link(page, views.layout.home_page, change.judgment)) if change.kind != "withdrawn" else Md(""),
    }


def feed_xml(views: Views, history: History, site_url: str, title: str) -> str:
    """The Atom feed: one entry per changed claim or judgment per published edition.

    Entry ids are URNs built from the repository's first commit, the edition and the
    claim, so they stay the same across rebuilds and moves of the site.
    """
    layout = views.layout
    feed_path = layout.feed_published
    generator = FeedGenerator()
    # Without git, the title stands in for the repository's first commit as the feed's key.
    key = history.project or hashlib.sha256(title.encode()).hexdigest()[:40]
    generator.id(f"urn:briefing:{key}")
    generator.title(views.t("changes.feed_title", title=title))
    generator.author({"name": title})
    generator.language(views.t.locale.language)
    generator.link(href=_url(site_url, feed_path, layout, feed_path), rel="self")
    generator.link(href=_url(site_url, layout.changes, layout, feed_path), rel="alternate")
    generator.generator("briefing")
    published = [edition for edition in history.editions if edition.kind != "unpublished"]
    generator.updated(published[-1].time if published else _EPOCH)
    for edition in published:
        if edition.first:
            _first_feed_entry(generator, views, history, edition, site_url, feed_path)
            continue
        for change in edition.claims:
            _claim_feed_entry(generator, views, history, edition, change, site_url, feed_path)
        for judgment in edition.judgments:
            _judgment_feed_entry(generator, views, history, edition, judgment, site_url, feed_path)
    xml: bytes = generator.atom_str(pretty=True)
    return xml.decode("utf-8")


def _first_feed_entry(
    generator: FeedGenerator, views: Views, history: History, edition: EditionChanges, site_url: str, feed_path: str
) -> None:
    """The first edition as one entry: listing every claim of a new briefing would flood a reader."""
    layout = views.layout
    entry = generator.add_entry(order="append")
    entry.id(f"urn:briefing:{history.project}:{edition.key}")
    entry.title(edition_name(views.t, edition))
    entry.updated(edition.time)
    entry.link(href=_url(site_url, layout.changes, layout, feed_path, edition.key), rel="alternate")
    counts = {"claims": len(edition.claims), "sources": len(edition.sources), "judgments": len(edition.judgments)}
    entry.summary(views.t("changes.first", **counts))


def _claim_feed_entry(
    generator: FeedGenerator,
    views: Views,
    history: History,
    edition: EditionChanges,
    change: ClaimChange,
    site_url: str,
    feed_path: str,
) -> None:
    layout = views.layout
    entry = generator.add_entry(order="append")
    entry.id(f"urn:briefing:{history.project}:{edition.key}:{change.claim}")
    entry.title(f"{views.t(f'changes.kind_{change.kind}')}: {change.statement}")
    entry.updated(edition.time)
    target = (layout.claims_index, change.claim) if change.claim in views.corpus.claims else (layout.changes, "")
    entry.link(href=_url(site_url, target[0], layout, feed_path, target[1]), rel="alternate")
    lines = [edition_name(views.t, edition)]
    for field_change in change.changes:
        shown = _field_change(views, field_change)
        lines.append(f"{shown['field']}: {shown['old']} → {shown['new']}")
    entry.summary("\n".join(lines))


def _judgment_feed_entry(
    generator: FeedGenerator,
    views: Views,
    history: History,
    edition: EditionChanges,
    change: JudgmentChange,
    site_url: str,
    feed_path: str,
) -> None:
    layout = views.layout
    state = change.new or change.old
    assert state is not None
    entry = generator.add_entry(order="append")
    entry.id(f"urn:briefing:{history.project}:{edition.key}:{change.judgment}")
    entry.title(f"{views.t(f'changes.judgment_{change.kind}')}: {state.statement}")
    entry.updated(edition.time)
    entry.link(href=_url(site_url, layout.home_page, layout, feed_path, change.judgment), rel="alternate")
    summary = [edition_name(views.t, edition)]
    if change.kind == "changed" and change.new is not None:
        summary.append(f"{views.t('changes.reason')}: {change.new.change_note or views.t('changes.no_reason')}")
    entry.summary("\n".join(summary))


def _url(site_url: str, page: str, layout: Layout, feed_path: str, anchor: str = "") -> str:
    """A page's address: absolute under the site URL, else relative to the feed's own address."""
    path = page_url(page)
    fragment = f"#{anchor}" if anchor else ""
    if site_url:
        return f"{site_url}{path}{fragment}"
    relative = posixpath.relpath(path or ".", posixpath.dirname(feed_path))
    folder = path == "" or path.endswith("/")
    return relative + ("/" if folder else "") + fragment


def page_url(page: str) -> str:
    """The URL path MkDocs gives a Markdown page (directory URLs): a/b.md -> a/b/, a/index.md -> a/."""
    if not page.endswith(".md"):
        return page
    stem = page[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
"""The feed's `updated` when no edition is published yet: fixed, so the output stays deterministic."""
