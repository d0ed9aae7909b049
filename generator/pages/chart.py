"""Figures over time as inline SVG, drawn at build time.

No JavaScript and no other host: the chart is markup in the page. Text and
axes use `currentColor`, so they follow Material's light and dark schemes;
each claimant has its own colour and marker shape, so the series stay apart
without colour too. The table beside the chart is its text equivalent.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from generator.pages.markdown_text import inline
from generator.register.analysis import FigureGroup, sort_key

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 230, 20, 40
# Mid-tone colours that keep their contrast on white and on Material's slate.
COLOURS = ("#1e88e5", "#e53935", "#43a047", "#fb8c00", "#8e24aa", "#00897b", "#6d4c41", "#546e7a")
MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Point:
    day: datetime.date
    value: float
    precise: bool
    """False for a figure dated only to the month or year: drawn hollow, at the middle of the period."""


def _text(value: str) -> str:
    """Text inside the SVG, inert for HTML and for Markdown (which reads inline HTML's text)."""
    return inline(value)


def _day(key: str) -> datetime.date:
    """The day to plot a date at: a month at its 15th, a year at 1 July."""
    year, month, day = (int(part) for part in key.split("-"))
    return datetime.date(year, month or 7, day or (15 if month else 1))


def _nice_top(value: float) -> float:
    """A round number at or above `value` for the top of the y axis."""
    if value <= 0:
        return 1
    magnitude = float(10 ** (len(str(int(value))) - 1))
    for step in (1.0, 2.0, 2.5, 5.0):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def _marker(shape: str, x: float, y: float, colour: str, filled: bool = True) -> str:
    paint = f'fill="{colour}"' if filled else f'fill="none" stroke="{colour}" stroke-width="1.5"'
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {paint}/>'
    if shape == "diamond":
        points = f"M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y:.1f}L{x:.1f} {y + 5:.1f}L{x - 5:.1f} {y:.1f}Z"
        return f'<path d="{points}" {paint}/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y + 4:.1f}L{x - 5:.1f} {y + 4:.1f}Z" {paint}/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" {paint}/>'


def series(group: FigureGroup, claimant_name: Callable[[str | None], str]) -> dict[str, list[Point]]:
    """The group's dated figures, one series per claimant, each in date order."""
    result: dict[str, list[Point]] = {}
    for figure in group.figures:
        when = figure.quantity.as_of or figure.claim.asserted
        if when is None:
            continue
        name = claimant_name(figure.claim.claimant)
        point = Point(_day(sort_key(when)), figure.quantity.value, when.precision == "day")
        result.setdefault(name, []).append(point)
    return result


def svg(
    chart_id: str,
    title: str,
    description: str,
    data: dict[str, list[Point]],
    number: Callable[[float], str],
    day_label: Callable[[datetime.date], str],
) -> str:
    """The chart as one line of SVG in a <div>, so Markdown passes it through as a raw HTML block."""
    days = [p.day for points in data.values() for p in points]
    first, last = min(days), max(days)
    span = max((last - first).days, 1)
    top = _nice_top(max(p.value for points in data.values() for p in points))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: datetime.date) -> float:
        return LEFT + (day - first).days / span * plot_w if first != last else LEFT + plot_w / 2

    def y(value: float) -> float:
        return TOP + plot_h - value / top * plot_h

    parts = [
        '<div class="figure-chart-frame">'
        f'<svg class="figure-chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(description)}</desc>',
        f'<path d="M{LEFT} {TOP}V{TOP + plot_h}H{LEFT + plot_w}" fill="none" stroke="currentColor" '
        'stroke-opacity="0.5"/>',
    ]
    for step in range(5):
        value = top * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(value):.1f}" y2="{y(value):.1f}" '
            'stroke="currentColor" stroke-opacity="0.12"/>'
            f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" font-size="11" fill="currentColor">'
            f"{_text(number(value))}</text>"
        )
    last_label = -1000.0
    for day in sorted(set(days)):
        if x(day) - last_label < 44:  # keep axis labels from overprinting each other
            continue
        last_label = x(day)
        parts.append(
            f'<text x="{x(day):.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" font-size="11" '
            f'fill="currentColor">{_text(day_label(day))}</text>'
        )
    for index, (name, points) in enumerate(sorted(data.items())):
        colour, shape = COLOURS[index % len(COLOURS)], MARKERS[index % len(MARKERS)]
        if len(points) > 1:
            path = "L".join(f"{x(p.day):.1f} {y(p.value):.1f}" for p in points)
            parts.append(f'<path d="M{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for point in points:
            parts.append(_marker(shape, x(point.day), y(point.value), colour, point.precise))
        legend_y = TOP + 8 + index * 18
        parts.append(_marker(shape, WIDTH - RIGHT + 16, legend_y, colour))
        parts.append(
            f'<text x="{WIDTH - RIGHT + 26}" y="{legend_y + 4}" font-size="11" fill="currentColor">{_text(name)}</text>'
        )
    parts.append("</svg></div>")
    return "".join(parts)
