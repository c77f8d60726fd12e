"""Chart-ready series for every area's statistics (API.md): points of key, label, value and percent.

The percents of a series add up to exactly 100.0 (one decimal, largest-remainder rounding), so a pie
chart closes and a table's column sums to 100 without the client doing any arithmetic.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Point:
    """One bar or slice: a stable key for programs, a Chinese label for people, a count and its percent."""

    key: str
    label: str
    value: int
    percent: float


def rate(part: int, whole: int) -> float | None:
    """part / whole in percent, one decimal, rounded half up in integers (66.65 never becomes 66.6 by a
    float's whim); None when there is no whole (nothing due, nothing expected)."""
    return None if whole <= 0 else (part * 2000 + whole) // (2 * whole) / 10


def percents(values: Sequence[int]) -> list[float]:
    """Shares in percent with one decimal that add up to exactly 100.0 (largest-remainder rounding).

    Worked in integer tenths of a percent, so nothing depends on float rounding: the tenths the floors
    leave over go to the largest remainders, ties to the earlier item. All 0.0 when the values sum to 0.
    """
    total = sum(values)
    if total <= 0:
        return [0.0] * len(values)
    tenths = [value * 1000 // total for value in values]
    leftover = 1000 - sum(tenths)
    by_remainder = sorted(range(len(values)), key=lambda i: (-(values[i] * 1000 % total), i))
    for i in by_remainder[:leftover]:
        tenths[i] += 1
    return [t / 10 for t in tenths]


def series(items: Sequence[tuple[str, str, int]]) -> list[Point]:
    """Points from (key, label, value), in the given order, with their percents."""
    shares = percents([value for _, _, value in items])
    return [Point(key, label, value, share) for (key, label, value), share in zip(items, shares, strict=True)]
