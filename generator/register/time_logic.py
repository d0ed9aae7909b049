"""Time logic: dates that contradict each other, read at their precisions.

A date of the register is a span: `2024` is any day of that year, `2024-11` any
day of November. An order is proven only when the spans allow no other
reading, so "2005" never provably comes after "2005-01-13". Within one day the
register knows no order, so two claims of the same day may update each other's
figures in either direction.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.register.load import Located
from generator.register.models import Claim, RelationType, Source, When
from generator.register.problems import Problem

_OUTLOOK_HINT = "`outlook: forecast` (predicted) or `outlook: planned` (scheduled, announced, budgeted)"


def earliest_day(when: When) -> str:
    """The first day a partial date can mean, as YYYY-MM-DD."""
    parts = when.date.split("-")
    return "-".join([parts[0], parts[1] if len(parts) > 1 else "01", parts[2] if len(parts) > 2 else "01"])


def latest_day(when: When) -> str:
    """The last day a partial date can mean, as YYYY-MM-DD (the 31st of any month orders correctly)."""
    parts = when.date.split("-")
    return "-".join([parts[0], parts[1] if len(parts) > 1 else "12", parts[2] if len(parts) > 2 else "31"])


@dataclass(frozen=True)
class _Said:
    """What the register proves about when a claim was made."""

    earliest: str | None
    """First possible day, or None when nothing bounds it from below."""
    latest: str
    """Last possible day."""
    text: str
    """The date as the message shows it."""


def check_time_logic(claims: list[Located[Claim]], sources: dict[str, Source]) -> Iterator[Problem]:
    """Every `updates` that does not point back in time, every figure dated after its reports,
    every event dated after an article reporting it (unless it is a forecast or a planned event)."""
    said = {c.record.id: s for c in claims if (s := _when_said(c.record, sources)) is not None}
    for located in claims:
        yield from _updates_earlier(located, said)
        reports = [sources[c.source] for c in located.record.citations if c.source in sources]
        if reports:
            yield from _figures_reported(located, reports)
            yield from _event_reported(located, reports)


def _when_said(claim: Claim, sources: dict[str, Source]) -> _Said | None:
    """A claim was made on its `asserted` date; in the articles' own voice, when the first of them
    appeared; otherwise at the latest when the first article reporting it appeared."""
    if claim.asserted is not None:
        return _Said(earliest_day(claim.asserted), latest_day(claim.asserted), f"asserted {claim.asserted.date}")
    published = [sources[c.source].published for c in claim.citations if c.source in sources]
    if not published:
        return None
    first = min(published, key=lambda when: (latest_day(when), earliest_day(when)))
    if claim.claimant is None:
        return _Said(earliest_day(first), latest_day(first), f"first reported {first.date}")
    return _Said(None, latest_day(first), f"no `asserted` date, first reported {first.date}")


def _updates_earlier(located: Located[Claim], said: dict[str, _Said]) -> Iterator[Problem]:
    claim = located.record
    for index, relation in enumerate(claim.relations):
        if relation.type is not RelationType.updates or relation.claim == claim.id:
            continue
        newer, older = said.get(claim.id), said.get(relation.claim)
        if newer is None or older is None:
            continue  # a source is unknown: already reported
        if newer.earliest is not None and newer.earliest >= older.latest:
            continue
        yield Problem(
            located.path,
            located.line("relations", index, "claim"),
            f"claim '{claim.id}' ({newer.text}) updates claim '{relation.claim}' ({older.text}), "
            "which the dates do not show to be earlier",
            "a claim can only update an earlier one: give both `asserted` dates precisely enough to show "
            "the order, or relate the claims with supports or contradicts",
        )


def _figures_reported(located: Located[Claim], reports: list[Source]) -> Iterator[Problem]:
    """A figure applies no later than the latest article reporting it, unless it looks ahead."""
    claim = located.record
    if claim.outlook is not None:
        return
    last = max(reports, key=lambda source: (latest_day(source.published), source.id))
    for index, quantity in enumerate(claim.quantities):
        if quantity.as_of is None or quantity.outlook is not None:
            continue
        if earliest_day(quantity.as_of) > latest_day(last.published):
            yield Problem(
                located.path,
                located.line("quantities", index, "as_of"),
                f"claim '{claim.id}': figure as of {quantity.as_of.date} is later than the latest source "
                f"reporting it ('{last.id}', published {last.published.date})",
                f"check `as_of`; for a figure that looks ahead, add {_OUTLOOK_HINT} to the figure",
            )


def _event_reported(located: Located[Claim], reports: list[Source]) -> Iterator[Problem]:
    """An event happened no later than an article reporting it, unless it is still to come."""
    claim = located.record
    if claim.occurred is None or claim.outlook is not None:
        return
    first = min(reports, key=lambda source: (latest_day(source.published), source.id))
    if earliest_day(claim.occurred) > latest_day(first.published):
        yield Problem(
            located.path,
            located.line("occurred"),
            f"claim '{claim.id}': occurred {claim.occurred.date}, after source '{first.id}' "
            f"reporting it was published ({first.published.date})",
            f"check the date of the event or of the source; for an event still to come, add {_OUTLOOK_HINT} "
            "to the claim",
        )
