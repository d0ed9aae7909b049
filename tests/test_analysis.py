"""Analyst views computed from the register: corroboration, figures, timeline, actors, disputes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.pipeline import check
from generator.register.analysis import (
    actor_records,
    chains,
    figure_groups,
    independent_claimants,
    originators,
    pairs,
    supporters,
    timeline,
)
from generator.register.models import RelationType, Status
from generator.register.validate import Corpus
from generator.settings import Settings


@pytest.fixture
def corpus(project: Callable[..., Settings]) -> Corpus:
    return check(project())


def test_two_articles_relaying_one_minister_count_as_one_claimant(corpus: Corpus) -> None:
    claim = corpus.claims["minister-fast-10000-eingereist"]
    assert len({c.source for c in claim.citations}) == 2  # two reporting articles …
    assert [(c.source_id, c.via) for c in chains(claim)] == [("002-meldung", ()), ("001-bericht", ("AFP",))]
    assert independent_claimants(corpus, claim, supporters(corpus)) == ["minister"]  # … one claimant


def test_supporting_claims_add_their_claimants(corpus: Corpus) -> None:
    # sprecher-dementi (the articles' own voice, no outlet credited) supports minister-kein-einsatz.
    claim = corpus.claims["minister-kein-einsatz"]
    assert independent_claimants(corpus, claim, supporters(corpus)) == ["Beispielzeitung", "minister"]


def test_own_voice_counts_the_credited_outlet_or_else_the_publisher(corpus: Corpus) -> None:
    assert originators(corpus, corpus.claims["sprecher-dementi"]) == {"Beispielzeitung"}


def test_figures_are_grouped_by_measure_with_the_most_conservative_flagged(corpus: Corpus) -> None:
    (group,) = figure_groups(corpus)
    assert group.measure == "Soldaten im Land"
    assert [f.quantity.value for f in group.figures] == [10000, 7000]  # by date: November 2024, then 2 November
    assert [f.claim.id for f in group.conservative] == ["geheimdienst-7000-an-der-grenze"]


def test_timeline_orders_by_date_and_groups_by_month(corpus: Corpus) -> None:
    months = timeline(corpus)
    assert [month for month, _ in months] == ["2024-11"]
    entries = [(e.when.date, e.kind, e.claim.id) for e in months[0][1]]
    assert entries == [
        ("2024-11", "asserted", "minister-fast-10000-eingereist"),
        ("2024-11-02", "asserted", "geheimdienst-7000-an-der-grenze"),
    ]


def test_actor_record_counts_statuses_of_own_claims(corpus: Corpus) -> None:
    records = actor_records(corpus)
    record = records["minister"]
    assert [c.id for c in record.made] == ["minister-fast-10000-eingereist", "minister-kein-einsatz"]
    assert record.by_status == {Status.reported: 1, Status.disputed: 1}
    about = records["geheimdienst"].about
    assert [c.id for c in about] == ["minister-kein-einsatz"]  # via its stance


def test_pairs_list_each_relation_once(corpus: Corpus) -> None:
    contradictions = pairs(corpus, RelationType.contradicts)
    assert [(p.first.id, p.second.id) for p in contradictions] == [
        ("minister-kein-einsatz", "geheimdienst-7000-an-der-grenze")
    ]
    scope = pairs(corpus, RelationType.differs_in_scope)
    assert [(p.first.id, p.second.id) for p in scope] == [
        ("geheimdienst-7000-an-der-grenze", "minister-fast-10000-eingereist")
    ]
