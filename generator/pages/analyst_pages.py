"""Contexts of the analyst views: figures, timeline, disputes, actors.

Each function returns what one template needs, with links relative to the
page it is for; the numbers and groupings come from analysis.py.
"""

from __future__ import annotations

from typing import Any

from generator.pages import chart
from generator.pages.claim_blocks import ClaimBlocks
from generator.pages.layout import link
from generator.pages.markdown_text import Md, inline
from generator.pages.views import Views
from generator.register.analysis import ActorRecord, Figure, figure_groups, pairs, timeline
from generator.register.models import Claim, EntityType, RelationType, When


def _articles(views: Views, claim: Claim, page: str) -> Md:
    """The reporting articles of a claim, each linked to its source page once."""
    seen: list[str] = []
    for citation in claim.citations:
        if citation.source not in seen:
            seen.append(citation.source)
    return Md(", ".join(views.source_link(s, page) for s in seen))


def figures_context(views: Views) -> dict[str, Any]:
    page = views.layout.figures
    t = views.t
    scope_pairs = pairs(views.corpus, RelationType.differs_in_scope)
    conflicts = pairs(views.corpus, RelationType.contradicts)
    groups = []
    for index, group in enumerate(figure_groups(views.corpus)):
        members = {f.claim.id for f in group.figures}

        def pair_rows(found: list[Any], members: set[str] = members) -> list[dict[str, Any]]:
            return [
                {
                    "first": Md(p.first.id),
                    "first_link": Md(link(page, views.layout.claims_index, p.first.id)),
                    "second": Md(p.second.id),
                    "second_link": Md(link(page, views.layout.claims_index, p.second.id)),
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
                    "exactness": q.exactness,
                    "wording": q.wording,
                    "scope": q.scope,
                    "as_of": views.short_date(figure.quantity.as_of) if figure.quantity.as_of else "",
                    "claimant": views.entity_link(figure.claim.claimant, page),
                    "articles": _articles(views, figure.claim, page),
                    "id": Md(figure.claim.id),
                    "link": Md(link(page, views.layout.claims_index, figure.claim.id)),
                }
            )
        data = chart.series(group, views.entity_name)
        svg = ""
        if sum(len(points) for points in data.values()) >= 2:
            svg = chart.svg(
                f"chart-{index + 1}",
                t("figures.chart_title", measure=group.measure),
                t("figures.chart_description", measure=group.measure),
                data,
                t.number,
                lambda day: t.day(day, year=False),
            )
        groups.append(
            {
                "measure": group.measure,
                "conservative": [
                    _conservative(views, lowest, len(group.conservative) > 1) for lowest in group.conservative
                ],
                "chart": Md(svg),
                "rows": rows,
                "scope_pairs": pair_rows(scope_pairs),
                "conflicts": pair_rows(conflicts),
            }
        )
    return {"groups": groups}


def _conservative(views: Views, lowest: Figure, per_unit: bool) -> Md:
    """The line naming a group's most conservative figure; one per unit, naming it, when there are several."""
    fields = {
        "value": ClaimBlocks.figure(views.quantity(lowest.quantity)),
        "scope": inline(lowest.quantity.scope),
        "claimant": inline(views.entity_name(lowest.claim.claimant)),
    }
    if per_unit:
        unit = views.corpus.units[lowest.quantity.unit].name
        return Md(views.t("figures.conservative_in_unit", unit=inline(unit), **fields))
    return Md(views.t("figures.conservative", **fields))


def timeline_context(views: Views) -> dict[str, Any]:
    page = views.layout.timeline
    t = views.t
    months = []
    for key, events in timeline(views.corpus):
        title = t.date(When(date=key))
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
                    "link": Md(link(page, views.layout.claims_index, claim.id)),
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


def disputes_context(views: Views) -> dict[str, Any]:
    page = views.layout.disputes
    contradictions = [
        {"first": views.claim(p.first, page), "second": views.claim(p.second, page), "note": p.note}
        for p in pairs(views.corpus, RelationType.contradicts)
    ]
    scope = [
        {"first": views.claim(p.first, page), "second": views.claim(p.second, page), "note": p.note}
        for p in pairs(views.corpus, RelationType.differs_in_scope)
    ]
    stances = []
    for claim in views.corpus.claims.values():
        for stance in claim.stances:
            stances.append(
                {
                    "party": views.entity_link(stance.party, page),
                    "party_name": views.entity_name(stance.party),
                    "kind": Md(stance.stance.value),
                    "stance": views.t(f"stance.{stance.stance.value}"),
                    "statement": claim.statement,
                    "link": Md(link(page, views.layout.claims_index, claim.id)),
                    "note": stance.note or "",
                }
            )
    stances.sort(key=lambda s: (s["party_name"], s["statement"]))
    return {"contradictions": contradictions, "scope": scope, "stances": stances}


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
    topics = sorted({topic for claim in record.made + record.about for topic in claim.topics})
    return {
        "name": entity.name,
        "description": entity.description or t(f"actors.types.{entity.type.value}"),
        "role": entity.description or "",
        "type": t(f"actors.types.{entity.type.value}"),
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
