"""The continuity timeline as SVG geometry (drawn by the template crews/includes/timeline.svg).

One bar per mission from launch to landing, coloured by operator; one lane per
required agency showing when it has someone aboard, with its gaps in red; month
and year ticks; a legend. No JavaScript.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .stays import OPEN, Gap, Period, Scenario, Vehicle, coverage

COLOURS = {"NASA": "#1f5fbf", "Roscosmos": "#6a3d9a", "ESA": "#2a9d8f", "JAXA": "#e76f51", "CSA": "#8d6e63"}
OTHER_COLOURS = ["#4d908e", "#577590", "#b5838d", "#6d597a", "#2b9348"]
GAP_COLOUR = "#d62728"
NOT_ON_FILE_COLOUR = "#9e9e9e"
ABOARD_COLOUR = "#2e7d32"

LEFT, RIGHT, TOP = 190, 20, 30
ROW, LANE = 16, 22
#: The drawing runs this share of the period past its end, so that bars running on show it.
OVERRUN = 0.06


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


@dataclass
class Lane:
    """One required agency: when it has someone aboard (`covered`) and its gaps."""

    agency: str
    y: float
    covered: list[Bar]
    gaps: list[Bar]


@dataclass
class LegendItem:
    colour: str
    label: str
    opacity: float = 1
    x: float = 0


@dataclass(frozen=True)
class Marker:
    """A moment to mark with a labelled line (the start of a grounding)."""

    when: dt.datetime
    label: str


@dataclass
class MarkerLine:
    x: float
    label: str


@dataclass
class Timeline:
    width: int
    height: int
    period: Period
    bars: list[Bar]
    lanes: list[Lane]
    ticks: list[Tick]
    legend: list[LegendItem]
    period_end_x: float
    axis_y: float
    marker: MarkerLine | None = None
    label_x: float = field(default=LEFT - 6, init=False)
    plot_left: float = field(default=LEFT, init=False)

    @property
    def plot_right(self) -> float:
        return self.width - RIGHT

    @property
    def plot_width(self) -> float:
        return self.width - LEFT - RIGHT

    @property
    def legend_y(self) -> float:
        return self.height - 18


class _Scale:
    """Instants to x coordinates over the period, drawn a little past its end."""

    def __init__(self, period: Period, width: int):
        self.start = period.start
        self.end = period.end + (period.end - period.start) * OVERRUN
        self.plot = width - LEFT - RIGHT
        self.span = (self.end - self.start).total_seconds() or 1.0

    def __call__(self, when: dt.datetime) -> float:
        when = min(max(when, self.start), self.end)
        return round(LEFT + (when - self.start).total_seconds() / self.span * self.plot, 1)

    def shows(self, start: dt.datetime, until: dt.datetime) -> bool:
        return start <= self.end and until > self.start


def _mission_bars(shown: list[Vehicle], x: _Scale, period_end: dt.datetime) -> list[Bar]:
    bars = []
    for i, v in enumerate(shown):
        x1, x2 = x(v.start), x(v.until)
        landing = v.landing_label or (v.end.date().isoformat() if v.end else "landing not known")
        bars.append(
            Bar(x1, TOP + i * ROW, max(x2 - x1, 2), colour(v.operator), v.name,
                f"{v.name} ({v.spacecraft}, {v.operator}): {v.launch_label or v.start.date().isoformat()} – {landing}",
                open_end=v.end is None or v.until > period_end, url=v.url)
        )  # fmt: skip
    return bars


def _lane(agency: str, y: float, scenario: Scenario, gaps: list[Gap], x: _Scale) -> Lane:
    covered = [
        Bar(x(a), y, max(x(b) - x(a), 1), ABOARD_COLOUR, agency,
            f"{agency} aboard {a.date().isoformat()} – {'open-ended' if b == OPEN else b.date().isoformat()}")
        for a, b, _ in coverage([s for s in scenario.stays if s.agency == agency])
        if a < x.end and b > x.start
    ]  # fmt: skip
    holes = [
        Bar(x(g.start), y, max(x(g.end) - x(g.start), 2), NOT_ON_FILE_COLOUR if g.not_on_file else GAP_COLOUR,
            agency, f"{agency}: {'not on file' if g.not_on_file else 'nobody aboard'} "
            f"{g.start.isoformat(timespec='minutes')} – {g.end.isoformat(timespec='minutes')} ({g.days:.1f} days)")
        for g in gaps if g.agency == agency
    ]  # fmt: skip
    return Lane(agency=agency, y=y, covered=covered, gaps=holes)


def _ticks(x: _Scale) -> list[Tick]:
    """A tick each month, quarter or year (by the span), the year in bold at each January."""
    start, end = x.start, x.end
    ticks: list[Tick] = []
    month = dt.datetime(start.year, start.month, 1, tzinfo=dt.UTC)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    step = 1 if months <= 18 else 3 if months <= 48 else 12
    while month <= end:
        if month >= start and (month.month - 1) % step == 0:
            major = month.month == 1
            label = str(month.year) if major else month.strftime("%b") if ticks else month.strftime("%b %Y")
            ticks.append(Tick(x(month), label, major))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return ticks


def _legend(operators: list[str]) -> list[LegendItem]:
    legend = [LegendItem(colour(o), f"{o} vehicle") for o in operators]
    legend += [
        LegendItem(colour(operators[0]) if operators else ABOARD_COLOUR, "runs past the period", opacity=0.6),
        LegendItem(ABOARD_COLOUR, "someone aboard"),
        LegendItem(GAP_COLOUR, "nobody aboard (gap)"),
        LegendItem(NOT_ON_FILE_COLOUR, "not on file (no source follows the crew)"),
    ]
    for k, item in enumerate(legend):
        item.x = LEFT + k * 152
    return legend


def timeline(
    scenario: Scenario,
    agencies: list[str],
    gaps: list[Gap],
    period: Period,
    *,
    width: int = 1000,
    marker: Marker | None = None,
) -> Timeline:
    """Geometry for the SVG of one scenario; the drawing runs a little past the period's end (a dashed line)."""
    x = _Scale(period, width)
    shown = [v for v in sorted(scenario.vehicles, key=lambda v: v.start) if x.shows(v.start, v.until)]
    bars = _mission_bars(shown, x, period.end)
    lanes_top = TOP + len(bars) * ROW + 20
    lanes = [_lane(agency, lanes_top + j * LANE, scenario, gaps, x) for j, agency in enumerate(agencies)]
    shown_marker = None
    if marker and period.start <= marker.when <= x.end:
        shown_marker = MarkerLine(x(marker.when), marker.label)
    return Timeline(
        width=width,
        height=lanes_top + len(agencies) * LANE + 34,
        period=period,
        bars=bars,
        lanes=lanes,
        ticks=_ticks(x),
        legend=_legend(sorted({v.operator for v in shown})),
        period_end_x=x(period.end),
        axis_y=lanes_top - 12,
        marker=shown_marker,
    )
