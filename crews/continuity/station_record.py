"""The station pages' data for the period shown: the station's missions there as vehicles, the stays that touch
it, the default period, and the continuity reports (as recorded, and with a spacecraft grounded).

Every read is a range query (`loading`): a page costs what its period holds, not what the record holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Exists, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce

from missions.models import FIRST_DAY, Mission, Spacecraft, Station
from missions.moments import Moment

from ..careers import _MomentColumns
from ..models import RecordSource
from .compiled import CompiledQuery
from .loading import station_missions, station_stays
from .stays import Gap, Period, Scenario, Stay, Vehicle, free_seats, gaps, ground, midnight
from .timeline import Marker, Timeline, timeline


@dataclass
class StationRecord:
    station: Station
    required: list[str]
    #: The station's missions there in the windows read, and those the stays went up or came home on.
    vehicles: list[Vehicle]
    #: The stays that touch the windows read.
    stays: list[Stay]

    #: The last day the sources know of (None when no source is on file): after it, nothing is on file.
    record_ends: dt.date | None = None

    @property
    def as_recorded(self) -> Scenario:
        return Scenario(stays=self.stays, vehicles=self.vehicles)


_ENDS = CompiledQuery(
    lambda shape, values: (
        RecordSource.objects.order_by()
        .values(all=Value(1))
        .annotate(last=Max("record_ends"))
        .values_list("last")
    )
)


def record_ends() -> dt.date | None:
    """The last day the sources know of (None when no source is on file). One query."""
    found = _ENDS.rows("ends", {})
    return found[0][0] if found else None


_STATION = CompiledQuery(
    lambda shape, values: (
        Station.objects.filter(slug=values["slug"])
        .order_by("required_agencies__short_name")
        .values_list("pk", "slug", "name", "short_name", "required_agencies__short_name")
    )
)


def station_by_slug(slug: str) -> tuple[Station, list[str]] | None:
    """The station (its own columns) and the short names of the agencies that must have someone aboard, in one
    query; None when there is no such station."""
    rows = _STATION.rows("slug", {"slug": slug})
    if not rows:
        return None
    pk, slug, name, short_name, _ = rows[0]
    return Station(pk=pk, slug=slug, name=name, short_name=short_name), [
        r[4] for r in rows if r[4] is not None
    ]


def station_record(
    station: Station,
    windows: Sequence[Period] | None = None,
    *,
    ends: dt.date | None | bool = False,
    required: list[str] | None = None,
) -> StationRecord:
    """The station's vehicles and the stays that touch one of `windows` (the whole record when None). Two
    queries whatever the record holds, and one more for each of `ends` (the record's end) and `required` (the
    agencies that must have someone aboard) not given."""
    ends = record_ends() if ends is False else ends
    if required is None:
        required = [a.short_name for a in station.required_agencies.all()]
    required = sorted(required)
    vehicles = {m.pk: m.vehicle(ends) for m in station_missions(station, windows)}
    if windows is not None:  # read generously: keep the vehicles there in a window
        vehicles = {
            k: v for k, v in vehicles.items() if any(v.start < w.end and w.start < v.until for w in windows)
        }
    read = station_stays(station, windows, ends, vehicles)
    shown = sorted(read.vehicles.values(), key=lambda v: (v.start, v.name))
    return StationRecord(
        station=station, required=required, vehicles=shown, stays=read.stays, record_ends=ends
    )


# --- the default period ---------------------------------------------------------------------------------------

#: Where `DayNumber` counts from: 1970-01-01 on PostgreSQL (days since the epoch), the Julian day on SQLite.
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_JULIAN_EPOCH = 2440587.5


def _instant(day_number: float | None) -> dt.datetime | None:
    if day_number is None:
        return None
    days = day_number - (_JULIAN_EPOCH if connection.vendor == "sqlite" else 0)
    try:
        return _EPOCH + dt.timedelta(seconds=round(days * 86400))
    except OverflowError:  # past the end of the calendar
        return midnight(dt.date.max)


def _years_on(when: dt.datetime, years: int) -> dt.datetime:
    """Midnight of the same day `years` on (28 February for a 29th)."""
    day = when.date()
    if (day.month, day.day) == (2, 29):
        day = day.replace(day=28)
    year = min(max(day.year + years, dt.MINYEAR), dt.MAXYEAR)  # never past the ends of the calendar
    return midnight(day.replace(year=year))


@dataclass(frozen=True)
class DefaultPeriod:
    period: Period
    #: What it is, for the page: "from a year before today to the last planned landing", ….
    reason: str


_SPAN_COLUMNS = (
    "any", "landing_date", "landing_time", "landing_precision", "seen_until", "landed_by", "unbounded", "planned",
)  # fmt: skip


def _span_query(shape, values: dict) -> QuerySet:
    """For the station (one row): whether it has missions (not scrubbed); its last landing of a flown mission (the
    latest date, then time: the last a date known only to the month or the year can mean is not looked for);
    of its flown missions without a landing, the last day a source shows a crew up, else the latest landing on
    file, and whether one has neither; the latest planned landing (or launch, without one) after that landing, as
    a `DayNumber`. Each a short walk down an index, whatever the record holds."""
    missions = (
        Mission.objects.filter(destination=OuterRef("pk")).exclude(status=Mission.Status.SCRUBBED).order_by()
    )
    flown = missions.filter(status__in=Mission.RECORD_STATUSES)
    landed = flown.filter(landing_date__isnull=False).order_by(
        F("landing_date").desc(), F("landing_time").desc(nulls_first=True)
    )
    up = flown.filter(landing_date__isnull=True)
    landing = _MomentColumns.of(F, "landing")
    planned = (
        missions.filter(status__in=Mission.UPCOMING_STATUSES)
        .filter(Q(landing_date__isnull=True) | Q(landing_date__gte=Coalesce(OuterRef("landing_date"), FIRST_DAY)))
        .annotate(end=Case(When(landing_date__isnull=False, then=landing.latest()),
                           default=_MomentColumns.of(F, "launch").latest()))
        .order_by(F("end").desc())
    )  # fmt: skip
    return (
        Station.objects.filter(pk=values["station"])
        .annotate(
            any=Exists(missions),
            landing_date=Subquery(landed.values("landing_date")[:1]),
            landing_time=Subquery(landed.values("landing_time")[:1]),
            landing_precision=Subquery(landed.values("landing_precision")[:1]),
            seen_until=Subquery(
                up.order_by(F("crew_seen_until").desc(nulls_last=True)).values("crew_seen_until")[:1]
            ),
            landed_by=Subquery(
                up.filter(crew_seen_until=None)
                .order_by(F("landing_by").desc(nulls_last=True))
                .values("landing_by")[:1]
            ),
            unbounded=Exists(up.filter(crew_seen_until=None, landing_by=None)),
            planned=Subquery(planned.values("end")[:1]),
        )
        .values_list(*_SPAN_COLUMNS)
    )


_SPAN = CompiledQuery(_span_query)


def _record_end(span: dict, ends: dt.date | None) -> dt.datetime | None:
    """Where the station's record stops following its last crew (None: a crew up, with no end on file)."""
    last = Moment.of(span["landing_date"], span["landing_time"], span["landing_precision"])
    followed = [
        midnight(day + dt.timedelta(days=1)) for day in (span["seen_until"], span["landed_by"]) if day
    ]
    if span["unbounded"]:  # followed to the record's end, else never over
        if ends is None:
            return None
        followed.append(midnight(ends + dt.timedelta(days=1)))
    found = [*followed, *([last.latest] if last else [])]
    return max(found) if found else None


def default_period(station: Station, ends: dt.date | None, today: dt.date) -> DefaultPeriod | None:
    """From a year before today — or, when the station's record ends earlier and nothing is planned after it, a
    year before the end of its record — to the last planned landing (else a year ahead of today, or the end of
    the record). None when nothing is on file for the station. One query, each part of it down an index."""
    (row,) = _SPAN.rows("span", {"station": station.pk})
    span = dict(zip(_SPAN_COLUMNS, row, strict=True))
    if not span["any"]:
        return None
    record_end = _record_end(span, ends)
    planned = _instant(span["planned"])
    now = midnight(today)
    if planned is not None and record_end is not None and planned <= record_end:
        planned = None  # a plan the record has already passed
    if record_end is not None and record_end < now and planned is None:
        start = _years_on(record_end, -1)
        return DefaultPeriod(
            Period(start, record_end),
            "from a year before the end of the station's record to its end: nothing is planned after it",
        )
    start = _years_on(now, -1)
    later = [e for e in (planned, record_end) if e is not None and e > now]
    if later:
        return DefaultPeriod(
            Period(start, max(later)), "from a year before today to the last planned landing"
        )
    return DefaultPeriod(
        Period(start, _years_on(now, 1)), "from a year before today to a year ahead: nothing is planned"
    )


@dataclass
class Grounding:
    """The what-if: `spacecraft` grounded from `day`, and who then has no ride home."""

    spacecraft: Spacecraft
    day: dt.date
    scenario: Scenario
    free_seats: list[tuple[Vehicle, int]]

    @property
    def start(self) -> dt.datetime:
        return midnight(self.day)

    @property
    def title(self) -> str:
        return f"{self.spacecraft.name} grounded from {self.day.isoformat()}"


@dataclass
class ContinuityReport:
    """One scenario's gaps over the period, and its timeline."""

    title: str
    scenario: Scenario
    gaps: list[Gap]
    svg_id: str
    timeline: Timeline | None = None

    @property
    def real_gaps(self) -> list[Gap]:
        """Gaps with nobody aboard (not the stretches where the record stops following someone)."""
        return [gap for gap in self.gaps if not gap.not_on_file]


def grounding(record: StationRecord, spacecraft: Spacecraft, day: dt.date) -> Grounding:
    """The record with `spacecraft`'s missions from `day` on taken out."""
    scenario = ground(record.stays, record.vehicles, spacecraft.pk, midnight(day))
    return Grounding(spacecraft, day, scenario, free_seats(scenario, midnight(day)))


def continuity_reports(
    record: StationRecord,
    period: Period | None,
    what_if: Grounding | None = None,
    *,
    today: dt.date | None = None,
) -> list[ContinuityReport]:
    """Gaps as recorded and, with a grounding, under it; each with its timeline when there is a period (marking
    `today`, when given and drawn)."""
    scenarios = [("As recorded", record.as_recorded, None)]
    if what_if is not None:
        marker = Marker(what_if.start, f"{what_if.spacecraft.name} grounded")
        scenarios.append((what_if.title, what_if.scenario, marker))
    reports = []
    for i, (title, scenario, marker) in enumerate(scenarios):
        found = gaps(scenario.stays, record.required, period.start, period.end) if period else []
        report = ContinuityReport(title=title, scenario=scenario, gaps=found, svg_id=f"timeline-{i}")
        if period:
            now = midnight(today) if today else None
            report.timeline = timeline(scenario, record.required, found, period, marker=marker, today=now)
        reports.append(report)
    return reports
