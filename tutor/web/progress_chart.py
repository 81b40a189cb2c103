"""Geometry of the progress chart: the replayed daily counts as SVG coordinates.

Only presentation: the counts come from ``tutor.practice.progress``; the template draws the
polylines, axes and labels this returns, so the chart is plain server-rendered SVG (no script,
no network) and scales with its viewBox.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from tutor.practice.progress import DayCounts

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 12, 30  # room for the axis labels
SERIES = (("mastered", "Mastered"), ("in_progress", "In progress"), ("due", "Due for review"))


@dataclass(frozen=True)
class Line:
    key: str
    label: str
    points: list[tuple[float, float]]
    last: int

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in self.points)


def _nice_top(value: int) -> int:
    """A round axis maximum at or above ``value``: 1, 2, 5, 10, 20, 50..."""
    if value <= 1:
        return 1
    step = 10 ** math.floor(math.log10(value))
    return next(m * step for m in (1, 2, 5, 10) if m * step >= value)


def progress_chart(series: list[DayCounts]) -> dict[str, object] | None:
    """Lines, y ticks and date labels for ``series``; None when there is nothing to draw."""
    if not series:
        return None
    top = _nice_top(max(max(d.mastered, d.in_progress, d.due) for d in series))
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    span = max(len(series) - 1, 1)

    def x(i: int) -> float:
        return LEFT + (inner_w * i / span if len(series) > 1 else inner_w / 2)

    def y(v: int) -> float:
        return TOP + inner_h * (1 - v / top)

    lines = [
        Line(
            key,
            label,
            [(x(i), y(getattr(d, key))) for i, d in enumerate(series)],
            getattr(series[-1], key),
        )
        for key, label in SERIES
    ]
    ticks = [(v, y(v)) for v in sorted({0, top // 2, top})]
    picks = sorted({0, len(series) // 2, len(series) - 1})
    dates = [(x(i), series[i].day.strftime("%d %b")) for i in picks]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "lines": lines,
        "ticks": ticks,
        "dates": dates,
        "dots": len(series) <= 31,
        "days": len(series),
    }
