"""Careers: flights, days in space and spacewalk hours, worked out by the database.

A flight is an ascent on a mission that has flown (launched or landed). It ends on
the mission its return leg is on, when the person came home on another one, else on
its own mission. Its days are the source's recorded hours / 24 when the seat has
them (the sources record them on the ascent seat); else the dates from launch to
landing, when both are known to the day and the flight has landed; else the range
the dates allow (a date known only to the month or the year; a landing not on file
but bounded by the mission's latest possible landing, `landing_by`); else not
known (a flight in progress, or a landing not on file with no bound).

These rules live here once, as database expressions: /crews/ sorts and filters on
them and reads only the page it shows, and the person page reads the same
expressions for each flight (`flight_columns`) and the same totals
(`career_totals`). The expressions run on SQLite and PostgreSQL (`DayNumber`).
"""

from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from typing import Any

from django.db import NotSupportedError, connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest
from django.db.models.lookups import Exact, IsNull

from missions.choices import Precision
from missions.models import Mission

from .models import CrewMember, SeatAssignment

ASCENT, RETURN = SeatAssignment.Leg.ASCENT, SeatAssignment.Leg.RETURN
FLOWN = sorted(Mission.RECORD_STATUSES)
SCRUBBED, LANDED = Mission.Status.SCRUBBED, Mission.Status.LANDED


class DayNumber(Func):
    """A UTC date (with its time of day when the time is given and not null, and moved on by one `step` — year,
    month or day — when asked) as a number of days: two of them subtract to days, on SQLite and PostgreSQL."""

    output_field = FloatField()
    STEPS = ("year", "month", "day")

    def __init__(self, date, time=None, *, step: str | None = None):
        if step not in (None, *self.STEPS):
            raise ValueError(f"unknown step {step!r}")
        self.step = step
        super().__init__(*([date] if time is None else [date, time]))

    def _compiled(self, compiler):
        sqls, params = [], []
        for expression in self.get_source_expressions():
            sql, more = compiler.compile(expression)
            sqls.append(sql)
            params.extend(more)
        return sqls[0], sqls[1:], params

    def as_sqlite(self, compiler, connection, **extra_context):
        date, time, params = self._compiled(compiler)
        text = f"{date} || COALESCE(' ' || {time[0]}, '')" if time else date
        step = f", '+1 {self.step}'" if self.step else ""
        return f"julianday({text}{step})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        date, time, params = self._compiled(compiler)
        stamp = f"({date} + COALESCE({time[0]}, TIME '00:00'))" if time else f"CAST({date} AS timestamp)"
        if self.step:
            stamp = f"({stamp} + INTERVAL '1 {self.step}')"
        return f"CAST(EXTRACT(EPOCH FROM {stamp}) / 86400 AS double precision)", params

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError("DayNumber is written for SQLite and PostgreSQL.")


@dataclass(frozen=True)
class _MomentColumns:
    """A `Moment`'s columns in a query (`F` for the row, `OuterRef` for the outer query's): the first and the last
    instant it can stand for, as day numbers (see `missions.moments.Moment.earliest` and `.latest`)."""

    date: Any
    time: Any
    precision: Any

    @classmethod
    def of(cls, ref, prefix: str) -> _MomentColumns:
        return cls(ref(f"{prefix}_date"), ref(f"{prefix}_time"), ref(f"{prefix}_precision"))

    def earliest(self) -> DayNumber:
        return DayNumber(self.date, self.time)

    def latest(self) -> Case:
        return Case(
            When(Exact(self.precision, Precision.YEAR), then=DayNumber(self.date, step="year")),
            When(Exact(self.precision, Precision.MONTH), then=DayNumber(self.date, step="month")),
            When(IsNull(self.time, True), then=DayNumber(self.date, step="day")),
            default=self.earliest(),
        )

    def to_the_day(self) -> Exact:
        return Exact(self.precision, Precision.DAY)


def _landing_keys() -> tuple[Case, Case]:
    """For a row that is a seat: where its mission's landing stands, for pairing legs (dates only, as day
    numbers): (middle, latest). A landing on file stands at its date and lasts at most a year from it; one not on
    file lies between the launch and the latest possible landing (`landing_by`), or is open-ended."""
    landed_by = DayNumber(F("mission__landing_by"), step="day")
    known, bounded = IsNull(F("mission__landing_date"), False), IsNull(F("mission__landing_by"), False)
    launched = DayNumber(F("mission__launch_date"))
    middle = Case(
        When(known, then=DayNumber(F("mission__landing_date"))),
        When(bounded, then=(launched + landed_by) / 2),
        default=launched,
    )
    latest = Case(
        When(known, then=DayNumber(F("mission__landing_date"), step="year")),
        When(bounded, then=landed_by),
        default=None,
    )
    return middle, latest


def _closed_ascent() -> Coalesce:
    """For a row that is a return seat (annotated `landing_middle`, `landing_latest`, `launched`): the ascent
    it ends.

    The ascent on its own mission if the person went up on it; else the person's last ascent launched by the
    middle of the return mission's landing (a landing not on file is placed in the middle of the period it can
    fall in), else the first launched by its latest. Not another return's: an ascent that came home on its own
    mission's return leg, nor one whose stay, by the source's hours, was over before the return mission launched
    (counted generously: from the end of the launch's year). (SQLite allows the outer query's columns in a
    subquery's WHERE, not in its ORDER BY: hence three subqueries.)
    """
    ascents = (
        SeatAssignment.objects.filter(crew_member=OuterRef("crew_member"), leg=ASCENT)
        .exclude(mission__status=SCRUBBED)
        .annotate(launched=DayNumber(F("mission__launch_date")))
    )
    own_return = SeatAssignment.objects.filter(
        leg=RETURN, crew_member=OuterRef("crew_member"), mission=OuterRef("mission")
    )
    stay_over_by = DayNumber(F("mission__launch_date"), step="year") + Cast("hours", FloatField()) / 24
    others = (
        ascents.exclude(mission=OuterRef("mission"))
        .exclude(Exists(own_return))
        .annotate(stay_over_by=stay_over_by)
        .filter(Q(hours__isnull=True) | Q(stay_over_by__gte=OuterRef("launched")))
    )
    by_latest = Q(IsNull(OuterRef("landing_latest"), True)) | Q(launched__lte=OuterRef("landing_latest"))
    return Coalesce(
        Subquery(ascents.filter(mission=OuterRef("mission")).values("pk")[:1]),
        Subquery(
            others.filter(launched__lte=OuterRef("landing_middle"))
            .order_by("-launched", F("mission__name").desc())
            .values("pk")[:1]
        ),
        Subquery(others.filter(by_latest).order_by("launched", "mission__name").values("pk")[:1]),
    )


def _flight_end() -> QuerySet:
    """For a row that is an ascent seat (the outer query's): the seat its flight ends on, first — the return leg
    on another mission that ends it (`_closed_ascent`), else the ascent itself."""
    middle, latest = _landing_keys()
    returns = (
        Q(leg=RETURN, closes=OuterRef("pk")) & ~Q(mission=OuterRef("mission")) & ~Q(mission__status=SCRUBBED)
    )
    return (
        SeatAssignment.objects.filter(crew_member=OuterRef("crew_member"))
        .annotate(landing_middle=middle, landing_latest=latest, launched=DayNumber(F("mission__launch_date")))
        .annotate(closes=_closed_ascent())
        .filter(Q(pk=OuterRef("pk")) | returns)
        .order_by(Case(When(leg=RETURN, then=0), default=1), "mission__launch_date", "pk")
    )


def _days_bounds() -> tuple[Case, Case]:
    """For a row that is the seat a flight ends on, with the ascent as the outer query's row: the fewest and the
    most days the flight can have lasted (the same when known; the most None when the record sets no bound)."""
    start = _MomentColumns.of(OuterRef, "mission__launch")
    end = _MomentColumns.of(F, "mission__landing")
    hours = Cast(OuterRef("hours"), FloatField()) / 24
    over = Q(Exact(F("mission__status"), LANDED))
    recorded = over & Q(IsNull(OuterRef("hours"), False))
    unknown_landing = over & Q(IsNull(F("mission__landing_date"), True))
    to_the_day = over & Q(start.to_the_day()) & Q(end.to_the_day())
    exact = Case(
        When(
            Q(IsNull(start.time, False)) & Q(IsNull(end.time, False)), then=end.earliest() - start.earliest()
        ),
        default=DayNumber(end.date) - DayNumber(start.date),
    )
    zero = Value(0.0)
    fewest = Case(
        When(recorded, then=hours),
        When(unknown_landing, then=zero),
        When(to_the_day, then=exact),
        When(over, then=Greatest(zero, end.earliest() - start.latest())),
        default=zero,
    )
    landed_by = DayNumber(F("mission__landing_by"), step="day")
    most = Case(
        When(recorded, then=hours),
        When(unknown_landing & Q(IsNull(F("mission__landing_by"), False)), then=landed_by - start.earliest()),
        When(unknown_landing, then=None),
        When(to_the_day, then=exact),
        When(over, then=end.latest() - start.earliest()),
        default=None,
    )
    return fewest, most


@functools.cache
def _flight_columns() -> dict[str, Subquery]:
    """Per ascent seat: `days_fewest` and `days_most` (see `_days_bounds`) and `end_seat_id` (the seat its flight
    ends on: a return leg on another mission, or the ascent itself)."""
    end = _flight_end()
    fewest, most = _days_bounds()
    return {
        "days_fewest": Subquery(end.annotate(value=fewest).values("value")[:1], output_field=FloatField()),
        "days_most": Subquery(end.annotate(value=most).values("value")[:1], output_field=FloatField()),
        "end_seat_id": Subquery(end.values("pk")[:1]),
    }


def _per_person(aggregate, output_field=None, **columns) -> Subquery:
    """`aggregate` over a crew member's flights (ascents on missions that have flown), annotated `columns`."""
    flights = (
        SeatAssignment.objects.filter(crew_member=OuterRef("pk"), leg=ASCENT, mission__status__in=FLOWN)
        .annotate(**columns)
        .order_by()
        .values("crew_member")
        .annotate(total=aggregate)
        .values("total")
    )
    return Subquery(flights, output_field=output_field or FloatField())


@functools.cache
def _career_totals() -> dict:
    """A crew member's career, per person (for `CrewMember.objects.annotate`): `flights`; spacewalk hours
    `eva_total` (None when none are on file) and `eva_unknown` (flights without them); days in space
    `days_fewest`, `days_most` (flights whose days are known or bounded) and `days_uncounted` (flights whose
    days the record does not bound: in progress, or landing not on file, counted as their fewest, 0)."""
    days = _flight_columns()
    fewest, most = days["days_fewest"], days["days_most"]
    return {
        "flights": Coalesce(_per_person(Count("pk"), IntegerField()), 0),
        "eva_total": _per_person(Cast(Sum("eva_hours"), FloatField())),
        "eva_unknown": Coalesce(
            _per_person(Sum(Case(When(eva_hours__isnull=True, then=1), default=0)), IntegerField()), 0
        ),
        "days_fewest": _per_person(Sum("fewest"), fewest=fewest),
        "days_most": _per_person(Sum("most"), most=most),
        # Flights less those with a bound (COUNT skips nulls): a condition on `most` would be resolved again at
        # every compilation (Django resolves a lookup's left side when it compiles it), and it is long.
        "days_uncounted": Coalesce(_per_person(Count("pk") - Count("most"), IntegerField(), most=most), 0),
    }


def flight_columns() -> dict[str, Subquery]:
    """Per ascent seat: `days_fewest`, `days_most`, `end_seat_id` (see `_flight_columns`). The expressions are
    built once: Django copies them when a query takes them, and they are long."""
    return dict(_flight_columns())


def career_totals() -> dict:
    """Per crew member (see `_career_totals`); built once, like `flight_columns`."""
    return dict(_career_totals())


def with_careers(people: QuerySet) -> QuerySet:
    """`people` (crew members) annotated with `career_totals`, and able to sort and filter on `days_shown`: what
    the list shows — the days when known, the middle of the range when approximate, the fewest ("at least")
    when some flight is not counted; None without flights. (An alias, not selected: the page shows it from the
    totals, and the database works it out only to sort or filter on it.)"""
    return people.annotate(**career_totals()).alias(
        days_shown=Case(
            When(days_uncounted__gt=0, then=F("days_fewest")),
            default=(F("days_fewest") + F("days_most")) / 2,
        )
    )


@contextlib.contextmanager
def reading_careers():
    """Where a page reads careers: on PostgreSQL, in a transaction without JIT compilation.

    The careers' correlated subqueries make PostgreSQL's cost estimate high (about 180,000 to sort /crews/ by
    days in space, over `jit_above_cost`, 100,000 by default), though the query runs in about 100 ms with the
    whole record: compiling it to machine code took 400 ms more. `SET LOCAL` ends with the transaction. (A setting for
    the whole site, `"OPTIONS": {"options": "-c jit=off"}`, would make this unneeded.)
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


#: Days closer than this (about a second) are the same number: sums of floats differ in the last digits.
SAME_DAYS = 1e-5


@dataclass(frozen=True)
class Career:
    """What the list and the person page show of a career, read from a person annotated by `career_totals`."""

    flights: int
    days_fewest: float
    days_most: float | None
    days_uncounted: int
    eva_total: float | None
    eva_unknown: int

    @classmethod
    def of(cls, person: CrewMember) -> Career:
        return cls(
            flights=person.flights,
            days_fewest=person.days_fewest or 0.0,
            days_most=person.days_most,
            days_uncounted=person.days_uncounted,
            eva_total=person.eva_total,
            eva_unknown=person.eva_unknown,
        )

    @property
    def days_approximate(self) -> bool:
        """The days of the flights counted are a range (a date known only to the month or the year, or a landing
        not on file but bounded)."""
        return self.days_most is not None and self.days_most - self.days_fewest > SAME_DAYS

    @property
    def days_middle(self) -> float:
        return (self.days_fewest + self.days_most) / 2 if self.days_approximate else self.days_fewest

    @property
    def days_at_least(self) -> bool:
        """Some flights are not counted (in progress, or a landing not on file with no bound)."""
        return self.days_uncounted > 0

    @property
    def eva_at_least(self) -> bool:
        """Some flights have spacewalk hours on file and some not."""
        return self.eva_total is not None and self.eva_unknown > 0
