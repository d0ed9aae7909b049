"""Contexts of the analyst views: figures, timeline, disputes, actors.

Each function returns what one template needs, with links relative to the
page it is for; the numbers and groupings come from analysis.py.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.pages import chart
from generator.pages.catalogue import Catalogue
from generator.pages.claim_blocks import ClaimBlocks
from generator.pages.layout import link, part_of
from generator.pages.markdown_text import Md, inline
from generator.pages.placement import (
    DISPUTES_PER_PAGE,
    EVENTS_PER_PAGE,
    FIGURES_PER_PAGE,
    cut_sections,
    most_mentioned,
    pack_sections,
    pager,
    part_title,
)
from generator.pages.views import Views
from generator.register.analysis import (
    ActorRecord,
    Event,
    Figure,
    FigureGroup,
    figure_date,
    figure_groups,
    pairs,
    timeline,
)
from generator.register.models import Claim, EntityType, RelationType, When


def _articles(views: Views, claim: Claim, page: str) -> Md:
    """The reporting articles of a claim, each linked to its source page once."""
    seen: list[str] = []
    for citation in claim.citations:
        if citation.source not in seen:
            seen.append(citation.source)
    return Md(", ".join(views.source_link(s, page) for s in seen))


def figures_pages(views: Views) -> list[tuple[str, dict[str, Any]]]:
    """The figures, a group (with its chart) never cut: (page, context) for each part."""
    found = figure_groups(views.corpus)
    packed = pack_sections([len(group.figures) for group in found], FIGURES_PER_PAGE)
    pages = []
    for number, indexes in enumerate(packed, start=1):
        page = part_of(views.layout.figures, number)
        context = figures_context(views, page, [(index, found[index]) for index in indexes])
        context["pager"] = pager(views.t, views.layout.figures, len(packed), number)
        context["title"] = part_title(views.t, views.t("figures.title"), number, len(packed))
        pages.append((page, context))
    return pages


def figures_context(views: Views, page: str, shown: list[tuple[int, FigureGroup]]) -> dict[str, Any]:
    """The figure groups `shown` (each with its number among all groups) on the page at `page`."""
    t = views.t
    scope_pairs = pairs(views.corpus, RelationType.differs_in_scope)
    conflicts = pairs(views.corpus, RelationType.contradicts)
    labels = chart_labels(t)
    groups = []
    for index, group in shown:
        members = {f.claim.id for f in group.figures}

        def pair_rows(found: list[Any], members: set[str] = members) -> list[dict[str, Any]]:
            return [
                {
                    "first": Md(p.first.id),
                    "first_link": Md(views.claim_link(page, p.first.id)),
                    "second": Md(p.second.id),
                    "second_link": Md(views.claim_link(page, p.second.id)),
                    "note": p.note,
                }
                for p in found
                if p.first.id in members and p.second.id in members
            ]

        rows = []
        for figure in group.figures:
            q = views.quantity(figure.quantity)
            rows.append(
                {
                    "q": q,
                    "refuted": figure.claim.refuted is not None,
                    "exactness": q.exactness,
                    "wording": q.wording,
                    "counts": q.counts,
                    "scope": q.scope,
                    "as_of": views.short_date(figure.quantity.as_of) if figure.quantity.as_of else "",
                    "claimant": views.entity_link(figure.claim.claimant, page),
                    "articles": _articles(views, figure.claim, page),
                    "id": Md(figure.claim.id),
                    "link": Md(views.claim_link(page, figure.claim.id)),
                }
            )
        groups.append(
            {
                "measure": group.measure,
                "comparison": _comparison(views, group),
                "charts": _charts(views, group, index, labels),
                "rows": rows,
                "scope_pairs": pair_rows(scope_pairs),
                "conflicts": pair_rows(conflicts),
            }
        )
    return {"groups": groups}


def _comparison(views: Views, group: FigureGroup) -> list[Md]:
    """What may be compared in a group, said plainly: the most conservative figure of each set
    of comparable figures, and that the others count different things."""
    t = views.t
    if len(group.figures) == 1:
        return [Md(t("figures.single"))]
    lines = []
    units = group.units
    if len(units) > 1:
        names = inline(", ".join(unit.name for unit in units))
        lines.append(Md(t("figures.units", count=t.number(len(units)), units=names)))
    in_sets = 0
    for found in group.comparable:
        in_sets += len(found.figures)
        what = {
            "count": t.number(len(found.figures)),
            "counts": inline(found.counts),
            "unit": inline(found.unit.name),
            "scope": inline(found.scope),
        }
        lowest = found.conservative
        if lowest is None:
            lines.append(Md(t("figures.comparable_refuted", **what)))
            continue
        value = ClaimBlocks.figure(views.quantity(lowest.quantity))
        claimant = inline(views.entity_name(lowest.claim.claimant))
        lines.append(Md(t("figures.conservative", **what, value=value, claimant=claimant)))
    if in_sets == 0:
        lines.append(Md(t("figures.different", count=t.number(len(group.figures)))))
    elif in_sets < len(group.figures):
        lines.append(Md(t("figures.others_different", count=t.number(len(group.figures) - in_sets))))
    return lines


def _charts(views: Views, group: FigureGroup, index: int, labels: chart.Labels) -> Md:
    """A panel per unit, side by side where the column is wide enough; nothing for fewer than two dated figures."""
    t = views.t

    def describe(figure: Figure) -> str:
        when = figure_date(figure)
        date = t.date(when) if when is not None else ""
        who = views.entity_name(figure.claim.claimant)
        return f"{who}: {views.amount(figure.quantity)[0]}, {date}"

    found = chart.panels(group, views.entity_name, describe)
    if sum(len(marks) for panel in found for marks in panel.series.values()) < 2:
        return Md("")
    drawn = []
    for number, panel in enumerate(found):
        title = t("figures.chart_title", measure=group.measure, unit=panel.unit)
        description = t("figures.chart_description", measure=group.measure, unit=panel.unit)
        drawn.append(chart.svg(f"chart-{index + 1}-{number + 1}", title, description, panel, labels))
    return Md(f'<div class="figure-charts">{"".join(drawn)}</div>')


def chart_labels(t: Catalogue) -> chart.Labels:
    """The chart's numbers and dates, written by the catalogue in the site's locale."""
    return chart.Labels(
        number=t.number,
        compact=t.compact,
        day=lambda day, year: t.day(day, year=year),
        month=lambda year, month, with_year: t.month(year, month, year_shown=with_year, short=True),
        year=lambda year: t.date(When(date=f"{year:04d}")),
        date_axis=t("figures.axis_date"),
    )


def timeline_pages(views: Views) -> list[tuple[str, dict[str, Any]]]:
    """The timeline in parts of at most EVENTS_PER_PAGE lines: (page, context) for each."""
    cut = cut_sections(timeline(views.corpus), EVENTS_PER_PAGE)
    pages = []
    for number, months in enumerate(cut, start=1):
        page = part_of(views.layout.timeline, number)
        context = timeline_context(views, page, months)
        context["pager"] = pager(views.t, views.layout.timeline, len(cut), number)
        context["title"] = part_title(views.t, views.t("timeline.title"), number, len(cut))
        pages.append((page, context))
    return pages


def timeline_context(views: Views, page: str, shown: list[tuple[str, list[Event]]]) -> dict[str, Any]:
    """The months `shown` (each with its events on this page) on the page at `page`."""
    t = views.t
    months = []
    for key, events in shown:
        parts = key.split("-")
        title = t.date(When(date=key)) if len(parts) == 2 else t("timeline.year_only", year=parts[0])
        entries = []
        for event in events:
            claim = event.claim
            first_passage: dict[str, Md] = {}  # one link per reporting article, to its first quote
            for index, cited in enumerate(claim.citations):
                first_passage.setdefault(cited.source, views.citation(claim, index, page).passage)
            entries.append(
                {
                    "date": f"{t.date(event.when)} ({t('precision.' + event.when.precision)})",
                    "basis": event.when.inferred or "",
                    "kind": Md(event.kind),
                    "kind_label": _kind_label(views, event.kind, claim),
                    "statement": claim.statement,
                    "link": Md(views.claim_link(page, claim.id)),
                    "who": views.entity_link(claim.claimant, page) if claim.claimant else "",
                    "reports": Md(
                        "; ".join(f"[{inline(views.source_label(s))}]({to})" for s, to in first_passage.items())
                    ),
                }
            )
        months.append({"title": title, "events": entries})
    return {"months": months}


def _kind_label(views: Views, kind: str, claim: Claim) -> str:
    """ "Event" or "Assertion"; an event still to come when reported says so ("Event, planned")."""
    label = views.t(f"timeline.{kind}")
    if kind == "occurred" and claim.outlook is not None:
        return f"{label}, {views.t(f'outlook.{claim.outlook.value}')}"
    return label


def disputes_pages(views: Views) -> list[tuple[str, dict[str, Any]]]:
    """Contradictions side by side, then scope differences, then stances, in parts of at most
    DISPUTES_PER_PAGE entries: (page, context) for each. Only the first part says that a kind
    has no entries."""
    corpus = views.corpus
    stances = [(claim, stance) for claim in corpus.claims.values() for stance in claim.stances]
    stances.sort(key=lambda s: (views.entity_name(s[1].party), s[0].statement))
    sections: list[tuple[str, list[Any]]] = [
        ("contradictions", pairs(corpus, RelationType.contradicts)),
        ("scope", pairs(corpus, RelationType.differs_in_scope)),
        ("stances", stances),
    ]
    cut = cut_sections(sections, DISPUTES_PER_PAGE)
    pages = []
    for number, shown in enumerate(cut, start=1):
        page = part_of(views.layout.disputes, number)
        context = {name: [] for name, _ in sections} | _disputes_context(views, page, dict(shown))
        context["first"] = number == 1
        context["pager"] = pager(views.t, views.layout.disputes, len(cut), number)
        context["title"] = part_title(views.t, views.t("disputes.title"), number, len(cut))
        pages.append((page, context))
    return pages


def _disputes_context(views: Views, page: str, shown: dict[str, list[Any]]) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for kind in ("contradictions", "scope"):
        if kind in shown:
            context[kind] = [
                {"first": views.claim(p.first, page), "second": views.claim(p.second, page), "note": p.note}
                for p in shown[kind]
            ]
    context["stances"] = [
        {
            "party": views.entity_link(stance.party, page),
            "kind": Md(stance.stance.value),
            "stance": views.t(f"stance.{stance.stance.value}"),
            "statement": claim.statement,
            "link": Md(views.claim_link(page, claim.id)),
            "note": stance.note or "",
        }
        for claim, stance in shown.get("stances", [])
    ]
    return context


def actors_index_context(views: Views, records: dict[str, ActorRecord]) -> dict[str, Any]:
    page = views.layout.actors_index
    groups = []
    for kind in EntityType:
        actors = []
        for entity in views.corpus.entities.values():
            if entity.type is not kind:
                continue
            record = records[entity.id]
            actors.append(
                {
                    "name": entity.name,
                    "link": Md(link(page, views.layout.actor(entity.id))),
                    "spellings": ", ".join(alias.name for alias in entity.aliases),
                    "made": len(record.made),
                    "about": len(record.about),
                }
            )
        if actors:
            actors.sort(key=lambda a: str(a["name"]).casefold())
            groups.append({"title": views.t(f"actors.groups.{kind.value}"), "actors": actors})
    return {"groups": groups}


def actor_context(views: Views, entity_id: str, record: ActorRecord) -> dict[str, Any]:
    page = views.layout.actor(entity_id)
    corpus, t = views.corpus, views.t
    entity = corpus.entities[entity_id]
    mentions = Counter(
        topic for claim in {c.id: c for c in record.made + record.about}.values() for topic in claim.topics
    )
    topics = sorted(most_mentioned(mentions), key=lambda topic: corpus.briefings[topic].title)
    return {
        "name": entity.name,
        "description": entity.description or t(f"actors.types.{entity.type.value}"),
        "role": entity.description or "",
        "type": " ".join(filter(None, (t(f"actors.types.{entity.type.value}"), views.unnamed_text(entity_id)))),
        "tags": [entity.name, *(corpus.briefings[topic].title for topic in topics)],
        "aliases": [
            {
                "name": alias.name,
                "sources": [
                    {"title": corpus.sources[s].title, "link": Md(link(page, views.layout.source(s)))}
                    for s in alias.sources
                ],
            }
            for alias in entity.aliases
        ],
        "made": [views.claim_ref(c, page) for c in record.made],
        "by_status": [(t(f"status.{status.value}"), count) for status, count in record.by_status.items()],
        "about": [views.claim_ref(c, page) for c in record.about],
    }
