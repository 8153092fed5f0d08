"""The continuity timeline as SVG geometry (drawn by the template crews/includes/timeline.svg).

One bar per mission from launch to landing, coloured by operator; one lane per
required agency showing when it has someone aboard, with its gaps in red; month
and year ticks; a legend. No JavaScript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .continuity import OPEN, Gap, Stay, Vehicle, coverage

COLOURS = {"NASA": "#1f5fbf", "Roscosmos": "#6a3d9a", "ESA": "#2a9d8f", "JAXA": "#e76f51", "CSA": "#8d6e63"}
OTHER_COLOURS = ["#4d908e", "#577590", "#b5838d", "#6d597a", "#2b9348"]
GAP_COLOUR = "#d62728"
ABOARD_COLOUR = "#2e7d32"

LEFT, RIGHT, TOP = 190, 20, 30
ROW, LANE = 16, 22


def colour(operator: str) -> str:
    if operator in COLOURS:
        return COLOURS[operator]
    return OTHER_COLOURS[sum(map(ord, operator)) % len(OTHER_COLOURS)]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    colour: str
    label: str
    title: str
    open_end: bool = False
    url: str = ""


@dataclass
class Tick:
    x: float
    label: str
    major: bool


def timeline(
    vehicles: list[Vehicle],
    stays: list[Stay],
    agencies: list[str],
    gaps: list[Gap],
    start: dt.datetime,
    end: dt.datetime,
    *,
    width: int = 1000,
    marker: tuple[dt.datetime, str] | None = None,
) -> dict:
    """Geometry for the SVG; the drawing runs a little past the period's end, marked by a dashed line."""
    plot = width - LEFT - RIGHT
    period_end = end
    end = end + (end - start) * 0.06
    span = (end - start).total_seconds() or 1.0

    def x(when: dt.datetime) -> float:
        when = min(max(when, start), end)
        return round(LEFT + (when - start).total_seconds() / span * plot, 1)

    shown = [v for v in sorted(vehicles, key=lambda v: v.start) if v.start <= end and v.until > start]
    bars = []
    for i, v in enumerate(shown):
        x1, x2 = x(v.start), x(v.until)
        landing = v.landing_label or (v.end.date().isoformat() if v.end else "landing not known")
        bars.append(
            Bar(x1, TOP + i * ROW, max(x2 - x1, 2), colour(v.operator), v.name,
                f"{v.name} ({v.spacecraft}, {v.operator}): {v.start.date().isoformat()} – {landing}",
                open_end=v.end is None or v.until > period_end, url=v.url)
        )  # fmt: skip
    lanes_top = TOP + len(shown) * ROW + 20
    lanes = []
    for j, agency in enumerate(agencies):
        y = lanes_top + j * LANE
        covered = [
            Bar(x(a), y, max(x(b) - x(a), 1), ABOARD_COLOUR, agency,
                f"{agency} aboard {a.date().isoformat()} – {'open-ended' if b == OPEN else b.date().isoformat()}")
            for a, b in coverage([s for s in stays if s.agency == agency])
            if a < end and b > start
        ]  # fmt: skip
        holes = [
            Bar(x(g.start), y, max(x(g.end) - x(g.start), 2), GAP_COLOUR, agency,
                f"{agency}: nobody aboard {g.start.isoformat(timespec='minutes')} – {g.end.isoformat(timespec='minutes')}"
                f" ({g.days:.1f} days)")
            for g in gaps if g.agency == agency
        ]  # fmt: skip
        lanes.append({"agency": agency, "y": y, "covered": covered, "gaps": holes})
    ticks = []
    month = dt.datetime(start.year, start.month, 1, tzinfo=dt.UTC)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= 18 else 3 if months <= 48 else 12
    while month <= end:
        if month >= start and (month.month - 1) % step == 0:
            major = month.month == 1
            label = str(month.year) if major else month.strftime("%b") if ticks else month.strftime("%b %Y")
            ticks.append(Tick(x(month), label, major))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    height = lanes_top + len(agencies) * LANE + 34
    operators = sorted({v.operator for v in shown})
    legend = [{"colour": colour(o), "label": f"{o} vehicle", "opacity": 1} for o in operators]
    legend += [
        {
            "colour": colour(operators[0]) if operators else ABOARD_COLOUR,
            "label": "runs past the period",
            "opacity": 0.6,
        },
        {"colour": ABOARD_COLOUR, "label": "someone aboard", "opacity": 1},
        {"colour": GAP_COLOUR, "label": "nobody aboard (gap)", "opacity": 1},
    ]
    for k, item in enumerate(legend):
        item["x"] = LEFT + k * 152
    return {
        "width": width,
        "height": height,
        "bars": bars,
        "lanes": lanes,
        "ticks": ticks,
        "legend": legend,
        "legend_y": height - 18,
        "period_end_x": x(period_end),
        "marker": {"x": x(marker[0]), "label": marker[1]} if marker and start <= marker[0] <= end else None,
        "axis_y": lanes_top - 12,
        "label_x": LEFT - 6,
        "plot_left": LEFT,
        "plot_right": width - RIGHT,
        "plot_width": plot,
        "start": start,
        "end": period_end,
    }
