"""The continuity timeline as SVG geometry (drawn by `crews.templatetags.timeline_svg`).

One bar per mission from launch to landing, coloured by operator; one lane per
required agency showing when it has someone aboard, with its gaps in red; month
and year ticks; a legend. No JavaScript.

Bounded in size whatever the record holds: at most `MAX_BARS` mission bars (a
sample across the period, and the page says how many more flights there are), at
most `MAX_LANE_BARS` stretches per lane (finer detail is drawn by stretches of the
plot, a gap winning over "not on file" over "someone aboard"), at most `MAX_TICKS`
ticks and `MAX_OPERATORS` operators in the legend.
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
#: The most of each thing drawn (see the module's docstring).
MAX_BARS = 40
MAX_LANE_BARS = 120
MAX_TICKS = 40
MAX_OPERATORS = 8


def drawn_until(period: Period) -> dt.datetime:
    """Where the drawing of `period` ends: a little past the period's end (or the end of time)."""
    overrun = (period.end - period.start) * OVERRUN
    return period.end + overrun if OPEN - period.end > overrun else OPEN


def colour(operator: str) -> str:
    if operator in COLOURS:
        return COLOURS[operator]
    return OTHER_COLOURS[sum(map(ord, operator)) % len(OTHER_COLOURS)]


def _text(value: float) -> str:
    """A coordinate as the SVG has it (text: the template need not localise a number)."""
    return str(value)


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

    @property
    def svg_x(self) -> str:
        return _text(self.x)

    @property
    def svg_width(self) -> str:
        return _text(self.width)


@dataclass
class Tick:
    x: float
    label: str
    major: bool

    @property
    def svg_x(self) -> str:
        return _text(self.x)


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
    #: Its line of the legend, from 0 (a legend wider than the drawing wraps).
    row: int = 0

    @property
    def dy(self) -> int:
        return self.row * LEGEND_ROW


@dataclass(frozen=True)
class Marker:
    """A moment to mark with a labelled line (the start of a grounding)."""

    when: dt.datetime
    label: str


@dataclass
class MarkerLine:
    x: float
    label: str

    @property
    def svg_x(self) -> str:
        return _text(self.x)


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
    #: Today's line, when today falls within the drawing.
    today: MarkerLine | None = None
    #: Flights in the period not drawn (over `MAX_BARS`).
    hidden: int = 0
    label_x: float = field(default=LEFT - 6, init=False)
    plot_left: float = field(default=LEFT, init=False)

    @property
    def svg_period_end_x(self) -> str:
        return _text(self.period_end_x)

    @property
    def plot_right(self) -> float:
        return self.width - RIGHT

    @property
    def plot_width(self) -> float:
        return self.width - LEFT - RIGHT

    @property
    def legend_y(self) -> float:
        """The top of the legend's first line (the legend closes the drawing, on as many lines as it takes)."""
        return self.height - 18 - max((item.row for item in self.legend), default=0) * LEGEND_ROW


class _Scale:
    """Instants to x coordinates over the period, drawn a little past its end."""

    def __init__(self, period: Period, width: int):
        self.start = period.start
        self.end = drawn_until(period)
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
        (a, b)
        for a, b, _ in coverage([s for s in scenario.stays if s.agency == agency])
        if a < x.end and b > x.start
    ]
    holes = [g for g in gaps if g.agency == agency]
    if len(covered) + len(holes) > MAX_LANE_BARS:
        return _lane_by_stretches(agency, y, covered, holes, x)
    return Lane(
        agency=agency,
        y=y,
        covered=[
            Bar(x(a), y, max(x(b) - x(a), 1), ABOARD_COLOUR, agency,
                f"{agency} aboard {a.date().isoformat()} – {'open-ended' if b == OPEN else b.date().isoformat()}")
            for a, b in covered
        ],
        gaps=[
            Bar(x(g.start), y, max(x(g.end) - x(g.start), 2), NOT_ON_FILE_COLOUR if g.not_on_file else GAP_COLOUR,
                agency, f"{agency}: {'not on file' if g.not_on_file else 'nobody aboard'} "
                f"{g.start.isoformat(timespec='minutes')} – {g.end.isoformat(timespec='minutes')} ({g.days:.1f} days)")
            for g in holes
        ],
    )  # fmt: skip


#: What a stretch of a lane drawn whole shows, the strongest first.
_GAP, _NOT_ON_FILE, _ABOARD, _NOTHING = range(4)


def _lane_by_stretches(agency: str, y: float, covered: list[tuple], holes: list[Gap], x: _Scale) -> Lane:
    """A lane with more to draw than `MAX_LANE_BARS`: the plot cut into as many stretches, each drawn as what is
    strongest in it (a gap, then "not on file", then someone aboard), like stretches joined."""
    count = MAX_LANE_BARS
    step = (x.end - x.start) / count
    state = [_NOTHING] * count

    def mark(start: dt.datetime, end: dt.datetime, what: int) -> None:
        first = int((max(start, x.start) - x.start) / step)
        last = -int(-(min(end, x.end) - x.start) // step)  # the stretch the end falls in, included
        for i in range(max(first, 0), min(max(last, first + 1), count)):
            state[i] = min(state[i], what)

    for a, b in covered:
        mark(a, b, _ABOARD)
    for gap in holes:
        mark(gap.start, gap.end, _NOT_ON_FILE if gap.not_on_file else _GAP)
    lane = Lane(agency=agency, y=y, covered=[], gaps=[])
    i = 0
    while i < count:
        j = i
        while j + 1 < count and state[j + 1] == state[i]:
            j += 1
        start, end = x.start + step * i, x.start + step * (j + 1)
        span = f"{start.date().isoformat()} – {end.date().isoformat()}"
        what = state[i]
        if what == _ABOARD:
            lane.covered.append(Bar(x(start), y, max(x(end) - x(start), 1), ABOARD_COLOUR, agency,
                                    f"{agency} aboard {span}"))  # fmt: skip
        elif what in (_GAP, _NOT_ON_FILE):
            colour, words = (
                (GAP_COLOUR, "nobody aboard") if what == _GAP else (NOT_ON_FILE_COLOUR, "not on file")
            )
            lane.gaps.append(Bar(x(start), y, max(x(end) - x(start), 2), colour, agency,
                                 f"{agency}: {words} at times {span} (narrow the period to see each gap)"))  # fmt: skip
        i = j + 1
    return lane


def _ticks(x: _Scale) -> list[Tick]:
    """A tick each month, quarter or year, or every few years (by the span: `MAX_TICKS` at most), the year in
    bold at each January."""
    start, end = x.start, x.end
    first, last = (
        start.year * 12 + start.month - 1,
        end.year * 12 + end.month - 1,
    )  # months, counted from year 0
    months = last - first + 1
    step = 1 if months <= 18 else 3 if months <= 48 else 12 * -(-months // (12 * MAX_TICKS))
    ticks: list[Tick] = []
    for index in range(-(-first // step) * step, last + 1, step):
        month = dt.datetime(index // 12, index % 12 + 1, 1, tzinfo=dt.UTC)
        if month < start:
            continue
        major = month.month == 1
        label = str(month.year) if major else month.strftime("%b") if ticks else month.strftime("%b %Y")
        ticks.append(Tick(x(month), label, major))
    return ticks


#: The width of a legend's character at the SVG's 11 px font, and the height of one of its lines.
LEGEND_CHAR, LEGEND_ROW = 6, 14


def _legend(operators: list[str], width: int) -> list[LegendItem]:
    legend = [LegendItem(colour(o), f"{o} vehicle") for o in operators]
    legend += [
        LegendItem(colour(operators[0]) if operators else ABOARD_COLOUR, "runs past the period", opacity=0.6),
        LegendItem(ABOARD_COLOUR, "someone aboard"),
        LegendItem(GAP_COLOUR, "nobody aboard (gap)"),
        LegendItem(NOT_ON_FILE_COLOUR, "not on file"),
    ]
    x, row = LEFT, 0
    for item in legend:  # side by side, each as wide as its words, wrapping before the drawing's right edge
        wide = 18 + LEGEND_CHAR * len(item.label) + 14
        if x + wide > width - RIGHT and x > LEFT:
            x, row = LEFT, row + 1
        item.x, item.row = x, row
        x += wide
    return legend


def timeline(
    scenario: Scenario,
    agencies: list[str],
    gaps: list[Gap],
    period: Period,
    *,
    width: int = 1000,
    marker: Marker | None = None,
    today: dt.datetime | None = None,
) -> Timeline:
    """Geometry for the SVG of one scenario; the drawing runs a little past the period's end (a dashed line)."""
    x = _Scale(period, width)
    shown = [v for v in sorted(scenario.vehicles, key=lambda v: v.start) if x.shows(v.start, v.until)]
    drawn = shown
    if len(shown) > MAX_BARS:  # a sample across the period, in launch order
        drawn = [shown[round(i * (len(shown) - 1) / (MAX_BARS - 1))] for i in range(MAX_BARS)]
    bars = _mission_bars(drawn, x, period.end)
    lanes_top = TOP + len(bars) * ROW + 20
    lanes = [_lane(agency, lanes_top + j * LANE, scenario, gaps, x) for j, agency in enumerate(agencies)]
    legend = _legend(sorted({v.operator for v in shown})[:MAX_OPERATORS], width)
    legend_rows = max((item.row for item in legend), default=0)
    shown_marker = None
    if marker and period.start <= marker.when <= x.end:
        shown_marker = MarkerLine(x(marker.when), marker.label)
    today_line = None
    if today is not None and period.start <= today <= x.end:
        today_line = MarkerLine(x(today), f"today, {today:%Y-%m-%d}")
    return Timeline(
        width=width,
        height=lanes_top + len(agencies) * LANE + 34 + legend_rows * LEGEND_ROW,
        period=period,
        bars=bars,
        lanes=lanes,
        ticks=_ticks(x),
        legend=legend,
        period_end_x=x(period.end),
        axis_y=lanes_top - 12,
        marker=shown_marker,
        today=today_line,
        hidden=len(shown) - len(drawn),
    )
