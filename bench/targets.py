"""The speed and size targets, printed next to the figures they bound; never asserted."""

from __future__ import annotations

ANY_SIZE = 0
"""Key of a target that holds at every register size."""

TARGETS: dict[str, dict[int, str]] = {
    "serve": {1000: "2 s", 10000: "5 s"},
    "build": {10000: "60 s"},
    "largest_page": {1000: "300 KB", 10000: "1 MB"},
    "search_bytes": {10000: "1 MB"},
    "search_first": {ANY_SIZE: "500 ms"},
}
"""Per figure, the bound at each number of claims it is stated for."""


def target(figure: str, claims: int) -> str:
    """' (target <= X)' where a target is stated for `figure` at `claims` claims, else ''."""
    bounds = TARGETS[figure]
    bound = bounds.get(claims, bounds.get(ANY_SIZE))
    return f" (target <= {bound})" if bound else ""
