"""Figures over time as inline SVG panels, drawn at build time.

No JavaScript and no other host: the chart is markup in the page. A figure
group gets one panel per unit, so no axis mixes units. A figure known to the
day is a marker on that day; one known only to the month or year is a bar
across that whole period, never a point at an invented day; a range is a bar
from its low to its high end. Text and axes use `currentColor`, so they follow
Material's light and dark schemes; each claimant has its own colour, marker
and dash pattern, so the series stay apart without colour too. The table
beside the chart is its text equivalent.

Every label is laid out from its estimated width, so nothing leaves the
viewBox: the margin fits the longest tick label, date labels are thinned
until they do not overprint, and legend names wrap onto a second line and end
in an ellipsis (with the full name in a `<title>`) when still too long. The
panel is drawn at its natural size and only ever shrinks to the column, so its
text stays at least 11 px on a 375 px screen (a browser test measures both).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from generator.pages.markdown_text import inline
from generator.register.analysis import Figure, FigureGroup, figure_date
from generator.register.models import Exactness

WIDTH = 380
"""Natural width of a panel in px; on narrower screens it shrinks, its text with it (13 px at 380, 11.7 at 343)."""
FONT = 13
PAD = 6
PLOT_HEIGHT = 150
CHAR_WIDTH = 0.62
"""Average advance of a character in em, on the generous side for Material's sans-serif fonts."""
# Mid-tone colours that keep their contrast on white and on Material's slate.
COLOURS = ("#1e88e5", "#e53935", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#546e7a")
MARKERS = ("circle", "square", "diamond", "triangle")
DASHES = ("", "6 3", "2 3", "8 3 2 3")


@dataclass(frozen=True)
class Labels:
    """How the chart writes numbers and dates: the site's catalogue, in its locale."""

    number: Callable[[float], str]
    """A number in full."""
    compact: Callable[[float], str]
    """A large number in short form (1,3 Mio.)."""
    day: Callable[[datetime.date, bool], str]
    """A day, with the year when the flag is set."""
    month: Callable[[int, int, bool], str]
    """A month of a year, short, with the year when the flag is set."""
    year: Callable[[int], str]
    """A year."""
    date_axis: str
    """Name of the time axis."""


@dataclass(frozen=True)
class Mark:
    """One figure as drawn: the days it covers and the values it spans."""

    first: datetime.date
    last: datetime.date
    """Equal to `first` for a figure known to the day."""
    low: float
    high: float
    """Equal to `low` for a single number."""
    label: str
    """What a pointer over the mark shows: value, unit, date."""
    bound: int = 0
    """+1 for a lower bound (at least), -1 for an upper bound (at most): drawn with an arrow that way."""

    @property
    def to_the_day(self) -> bool:
        return self.first == self.last


@dataclass(frozen=True)
class Panel:
    """The figures of one unit, one series per claimant."""

    unit: str
    series: dict[str, list[Mark]]


def panels(
    group: FigureGroup,
    claimant_name: Callable[[str | None], str],
    describe: Callable[[Figure], str],
) -> list[Panel]:
    """The group's dated figures, a panel per unit (in order of first appearance), a series per claimant."""
    names = {unit.key: unit.name for unit in group.units}
    by_unit: dict[str, dict[str, list[Mark]]] = {unit.key: {} for unit in group.units}
    for figure in group.figures:
        when = figure_date(figure)
        if when is None:
            continue
        low, high = figure.quantity.bounds
        bound = {Exactness.at_least: 1, Exactness.at_most: -1}.get(figure.quantity.exactness, 0)
        mark = Mark(when.first_day, when.last_day, low, high, describe(figure), bound)
        name = claimant_name(figure.claim.claimant)
        by_unit[figure.unit.key].setdefault(name, []).append(mark)
    return [Panel(names[key], series) for key, series in by_unit.items() if series]


def text_width(text: str, size: float = FONT) -> float:
    """Estimated width of a label in px."""
    return len(text) * size * CHAR_WIDTH


def _text(value: str) -> str:
    """Text inside the SVG, inert for HTML and for Markdown (which reads inline HTML's text)."""
    return inline(value)


def _nice_step(raw: float) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten at or above `raw`."""
    magnitude = 10.0 ** math.floor(math.log10(raw))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if step * magnitude >= raw * (1 - 1e-9):
            return step * magnitude
    return 10 * magnitude


def value_ticks(highest: float, labels: Labels) -> tuple[list[float], list[str]]:
    """Four or five round steps from 0 to at or above `highest`, with labels that tell them apart."""
    step = _nice_step(highest / 4) if highest > 0 else 0.25
    count = max(1, math.ceil(highest / step - 1e-9))
    # Decimal steps, so that three steps of 0.2 are 0.6 and not 0.6000000000000001.
    exact_step = Decimal(repr(step))
    ticks = [float(exact_step * index) for index in range(count + 1)]
    if ticks[-1] <= 0:
        ticks = [0.0, 1.0]
    texts = [labels.compact(value) if ticks[-1] >= 10_000 else labels.number(value) for value in ticks]
    if len(set(texts)) < len(texts):  # a short form rounded two steps together: write them in full
        texts = [labels.number(value) for value in ticks]
    return ticks, texts


def _month_starts(first: datetime.date, last: datetime.date, every: int) -> list[datetime.date]:
    found = []
    year, month = first.year, first.month
    while datetime.date(year, month, 1) <= last:
        if (year * 12 + month - 1) % every == 0 and datetime.date(year, month, 1) >= first:
            found.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def date_ticks(
    first: datetime.date, last: datetime.date, anchor: datetime.date, width: float, labels: Labels
) -> list[tuple[datetime.date, str]]:
    """Tick days between `first` and `last` (inclusive) and their labels, as many as fit in `width`
    without overprinting; day ticks fall on `anchor` (the first day with a figure) and every few
    days from it; each label carries the year where it is the first or the year changes."""
    span = (last - first).days
    candidates: list[list[datetime.date]] = []
    if span <= 92:
        for every in (1, 2, 7, 14, 28):
            start = anchor - datetime.timedelta((anchor - first).days // every * every)
            candidates.append([start + datetime.timedelta(days) for days in range(0, (last - start).days + 1, every)])
    if span <= 4 * 366:
        for every in (1, 2, 3, 6):
            candidates.append(_month_starts(first, last, every))
    for every in (1, 2, 5, 10, 20, 50, 100):
        candidates.append([datetime.date(y, 1, 1) for y in range(first.year, last.year + 1) if y % every == 0])
    room = width / max(span, 1)
    for days in candidates:
        days = [day for day in days if first <= day <= last]
        if not days:
            continue
        texts = _date_labels(days, labels)
        gaps = [
            (later - earlier).days * room - (text_width(a) + text_width(b)) / 2
            for earlier, later, a, b in zip(days, days[1:], texts, texts[1:], strict=False)
        ]
        if all(gap >= 6 for gap in gaps):
            return list(zip(days, texts, strict=True))
    return [(anchor, _date_labels([anchor], labels)[0])]


def _date_labels(days: list[datetime.date], labels: Labels) -> list[str]:
    monthly = all(day.day == 1 for day in days) and len(days) > 1
    yearly = monthly and all(day.month == 1 for day in days)
    texts = []
    previous: int | None = None
    for day in days:
        show_year = day.year != previous
        previous = day.year
        if yearly:
            texts.append(labels.year(day.year))
        elif monthly:
            texts.append(labels.month(day.year, day.month, show_year))
        else:
            texts.append(labels.day(day, show_year))
    return texts


def _fit(name: str, width: float, lines: int = 2) -> tuple[list[str], bool]:
    """`name` wrapped at spaces into at most `lines` lines of `width` px; True when it had to be cut."""
    most = max(4, int(width / (FONT * CHAR_WIDTH)))
    result: list[str] = []
    rest = name.split()
    while rest and len(result) < lines:
        line = rest.pop(0)
        if len(line) > most:
            rest.insert(0, line[most:])
            line = line[:most]
        while rest and len(line) + 1 + len(rest[0]) <= most:
            line += " " + rest.pop(0)
        result.append(line)
    if not rest:
        return result, False
    last = result[-1]
    result[-1] = (last[: most - 1].rstrip() if len(last) >= most else last) + "…"
    return result, True


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    paint = f'fill="{colour}"'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {paint}/>'
    if shape == "diamond":
        points = f"M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5:.1f}L{x - 5:.1f} {y:.1f}Z"
        return f'<path d="{points}" {paint}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y + 4:.1f}L{x - 5:.1f} {y + 4:.1f}Z" {paint}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" {paint}/>'


def _label(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" font-size="{FONT}" fill="currentColor"{extra}>'
        f"{_text(text)}</text>"
    )


def _cut_label(x: float, y: float, text: str, width: float) -> str:
    """A one-line label that ends in an ellipsis past `width`, with the full text in a <title>."""
    (line,), cut = _fit(text, width, lines=1)
    if not cut:
        return _label(x, y, text)
    return f"<g><title>{_text(text)}</title>{_label(x, y, line)}</g>"


def svg(chart_id: str, title: str, description: str, panel: Panel, labels: Labels) -> str:
    """One panel as one line of SVG, so Markdown passes it through inside a raw HTML block."""
    marks = [mark for points in panel.series.values() for mark in points]
    ticks, tick_texts = value_ticks(max(mark.high for mark in marks) * 1.05, labels)  # headroom above the top mark
    top = ticks[-1]
    left = PAD + max(text_width(text) for text in tick_texts) + 6
    right = WIDTH - PAD
    plot_top = PAD + FONT + 12
    plot_bottom = plot_top + PLOT_HEIGHT

    first = min(mark.first for mark in marks)
    last = max(mark.last for mark in marks)
    if (last - first).days < 6:  # a lone day or a few: show the week around them
        first, last = first - datetime.timedelta(3), last + datetime.timedelta(3)
    start, end = first.toordinal(), last.toordinal() + 1  # a day covers [d, d + 1)
    inner_left, inner_right = left + 8, right - 8

    def x(ordinal: float) -> float:
        return inner_left + (ordinal - start) / (end - start) * (inner_right - inner_left)

    def y(value: float) -> float:
        return plot_bottom - value / top * PLOT_HEIGHT

    parts = [
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
        _cut_label(PAD, PAD + FONT, panel.unit, WIDTH - 2 * PAD),
        f'<path d="M{left:.1f} {plot_top}V{plot_bottom}H{right}" fill="none" stroke="currentColor" '
        'stroke-opacity="0.5"/>',
    ]
    for value, text in zip(ticks, tick_texts, strict=True):
        parts.append(
            f'<line x1="{left:.1f}" x2="{right}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="currentColor" stroke-opacity="0.12"/>'
        )
        parts.append(_label(left - 6, y(value) + FONT * 0.35, text, "end"))
    label_y = plot_bottom + FONT + 6
    anchor = min(mark.first for mark in marks)
    for day, text in date_ticks(first, last, anchor, inner_right - inner_left, labels):
        at = x(day.toordinal() + (0.5 if not _is_period_start(day, first, last) else 0))
        half = text_width(text) / 2
        centre = min(max(at, PAD + half), WIDTH - PAD - half)
        parts.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{plot_bottom}" y2="{plot_bottom + 4}" stroke="currentColor"/>'
        )
        parts.append(_label(centre, label_y, text, "middle"))
    axis_y = label_y + FONT + 6
    parts.append(_cut_label(PAD, axis_y, labels.date_axis, WIDTH - 2 * PAD))

    legend_y = axis_y + FONT + 10
    taken: dict[tuple[datetime.date, datetime.date, float, float], int] = {}
    for index, (name, points) in enumerate(sorted(panel.series.items())):
        colour, shape, dash = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)], DASHES[index % len(DASHES)]
        dashing = f' stroke-dasharray="{dash}"' if dash else ""
        for mark in points:
            # Two claimants with the same figure on the same day: set the second beside the first.
            key = (mark.first, mark.last, mark.low, mark.high)
            shift = taken.get(key, 0)
            taken[key] = shift + 1
            parts.append(_mark(mark, (x, y), Style(colour, shape, dashing), 9.0 * shift))
        sample_y = legend_y - FONT * 0.35
        parts.append(
            f'<path d="M{PAD} {sample_y:.1f}H{PAD + 14}" stroke="{colour}" stroke-width="2.5"{dashing}/>'
            + _marker(shape, PAD + 7, sample_y, colour)
        )
        lines, cut = _fit(name, WIDTH - 2 * PAD - 20)
        texts = "".join(_label(PAD + 20, legend_y + n * (FONT + 3), line) for n, line in enumerate(lines))
        parts.append(f"<g><title>{_text(name)}</title>{texts}</g>" if cut else texts)
        legend_y += len(lines) * (FONT + 3) + 5
    height = legend_y - FONT + PAD
    return (
        f'<svg class="figure-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def _is_period_start(day: datetime.date, first: datetime.date, last: datetime.date) -> bool:
    """Month and year ticks mark where the period begins; day ticks the middle of their day."""
    return day.day == 1 and (last - first).days > 92


@dataclass(frozen=True)
class Style:
    """How one claimant's series is drawn: colour, marker shape and dash pattern."""

    colour: str
    shape: str
    dashing: str
    """The stroke-dasharray attribute, or nothing for a solid line."""


Scale = tuple[Callable[[float], float], Callable[[float], float]]
"""x of a day's ordinal and y of a value, in the panel's coordinates."""


def _mark(mark: Mark, scale: Scale, style: Style, shift: float = 0.0) -> str:
    """A day-precise number as a marker, a period as a bar across it, a range as a bar from low to high,
    a lower or upper bound with an arrow; `shift` sets a marker beside an equal one of another claimant."""
    x, y = scale
    colour = style.colour
    title = f"<title>{_text(mark.label)}</title>"
    drawn = _drawn(mark, scale, style, shift)
    if not mark.bound:
        return f"<g>{title}{drawn}</g>"
    # An arrow from the figure towards where the true value may lie.
    at = (
        x(mark.first.toordinal() + 0.5) + shift
        if mark.to_the_day
        else (x(mark.first.toordinal()) + x(mark.last.toordinal() + 1)) / 2
    )
    level = y(mark.low)
    tip = level - 14 * mark.bound
    head = tip + 4 * mark.bound
    arrow = (
        f'<path d="M{at:.1f} {level - 6 * mark.bound:.1f}V{tip:.1f}M{at - 3:.1f} {head:.1f}L{at:.1f} {tip:.1f}'
        f'L{at + 3:.1f} {head:.1f}" stroke="{colour}" stroke-width="1.5" fill="none"/>'
    )
    return f"<g>{title}{drawn}{arrow}</g>"


def _drawn(mark: Mark, scale: Scale, style: Style, shift: float) -> str:
    """The mark itself: a marker, a bar across a period, a bar or box from low to high."""
    x, y = scale
    colour, shape, dashing = style.colour, style.shape, style.dashing
    if mark.to_the_day:
        at = x(mark.first.toordinal() + 0.5) + shift
        if mark.low == mark.high:
            return _marker(shape, at, y(mark.low), colour)
        return (
            f'<path d="M{at - 4:.1f} {y(mark.low):.1f}H{at + 4:.1f}M{at:.1f} {y(mark.low):.1f}'
            f'V{y(mark.high):.1f}M{at - 4:.1f} {y(mark.high):.1f}H{at + 4:.1f}" stroke="{colour}" '
            f'stroke-width="2.5" fill="none"/>{_marker(shape, at, (y(mark.low) + y(mark.high)) / 2, colour)}'
        )
    left, right = x(mark.first.toordinal()), x(mark.last.toordinal() + 1)
    if mark.low == mark.high:
        level = y(mark.low)
        return (
            f'<path d="M{left:.1f} {level - 4:.1f}V{level + 4:.1f}M{left:.1f} {level:.1f}H{right:.1f}'
            f'M{right:.1f} {level - 4:.1f}V{level + 4:.1f}" stroke="{colour}" stroke-width="2.5" fill="none"'
            f"{dashing}/>"
        )
    return (
        f'<rect x="{left:.1f}" y="{y(mark.high):.1f}" width="{right - left:.1f}" '
        f'height="{y(mark.low) - y(mark.high):.1f}" fill="{colour}" fill-opacity="0.25" stroke="{colour}" '
        f'stroke-width="1.5"{dashing}/>'
    )
