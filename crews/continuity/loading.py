"""The station pages' rows, read by range: the station's missions and the stays that touch the windows asked for
(the period drawn, the day shown, the day of a grounding), as tuples: never a model object per seat, nor a URL
reversed per row.

A stay is one person's flight to the station, paired as the careers pair it (`careers.flight_columns`), and
runs from the ascent's launch to the landing of the mission it ends on (or where the record stops following the
crew: `stays.bound`). Who can be aboard in a window `[a, b)`, read with a range query:

- whoever went up on a station mission that is there in the window (launched by `b`, and not over before `a`);
- whoever came home on another mission than their own that is over at or after `a` and launched by `b` plus
  `RIDE_HOME_WINDOW` (a crew whose own vehicle left before the window and whose ride home came after it).

"Not over before `a`" is read generously: a landing known only to the year is stored as its first day; a landing
not on file counts up to a source's last sight of the crew or the latest landing on file, and with neither
(a crew still up, or a plan) it is never over. Everything a person flew is then read, as tuples, to pair their
legs as the rest of seatswap does (`rules.flights_of`); the stays that do not touch a window are left out.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, When
from django.urls import reverse

from missions.models import Mission, Station
from missions.moments import MissionMoments

from ..careers import flight_columns
from ..models import SeatAssignment
from ..rules.data import ASCENT, RETURN, MissionFacts, SeatFacts
from ..rules.flights import flights_of
from .compiled import CompiledQuery
from .stays import Period, Stay, Vehicle, bound, midnight, stays_from_flights

#: A landing known only to the year is stored as its first day: it can be this much later.
IMPRECISE = dt.timedelta(days=366)
#: How long after a window a person's ride home (another mission than the one they went up on) is looked for:
#: they were aboard without a vehicle of their own docked for that long at most.
RIDE_HOME_WINDOW = dt.timedelta(days=366)
SCRUBBED = Mission.Status.SCRUBBED
DAY = dt.timedelta(days=1)
#: The days from which the range conditions can look back, or on, without leaving the calendar.
EARLIEST, LATEST = dt.date.min + IMPRECISE, dt.date.max - RIDE_HOME_WINDOW

MISSION_COLUMNS = (
    "id", "name", "slug", "status", "launch_date", "launch_time", "launch_precision", "landing_date",
    "landing_time", "landing_precision", "landing_by", "crew_seen_until", "destination_id", "spacecraft_id",
    "spacecraft__name", "spacecraft__seat_count", "spacecraft__operator_id", "spacecraft__operator__short_name",
)  # fmt: skip
SEAT_COLUMNS = (
    "id", "leg", "seat", "role", "hours", "crew_member_id", "crew_member__name", "crew_member__slug",
    "crew_member__agency_id", "crew_member__agency__short_name",
)  # fmt: skip


@functools.cache
def _url_pattern(name: str) -> str:
    """A page's URL with a placeholder for the slug: reversed once, filled in per row."""
    return reverse(name, args=["slug-placeholder"]).replace("slug-placeholder", "{}")


@dataclass(frozen=True, eq=False)
class MissionRow(MissionMoments):
    """A mission as the station pages read it (one row of `MISSION_COLUMNS`), with `Mission`'s names for what
    `stays.bound` and the rules read."""

    pk: int
    name: str
    slug: str
    status: str
    launch_date: dt.date
    launch_time: dt.time | None
    launch_precision: str
    landing_date: dt.date | None
    landing_time: dt.time | None
    landing_precision: str
    landing_by: dt.date | None
    crew_seen_until: dt.date | None
    destination_id: int | None
    spacecraft_id: int
    spacecraft: str
    seat_count: int
    operator_id: int
    operator: str

    RECORD_STATUSES = Mission.RECORD_STATUSES

    @property
    def url(self) -> str:
        return _url_pattern("pages:mission").format(self.slug)

    def facts(self) -> MissionFacts:
        return MissionFacts(
            key=self.pk, name=self.name, status=self.status, launch=self.launch, landing=self.landing,
            spacecraft=self.spacecraft, seat_count=self.seat_count, operator_key=self.operator_id,
            operator=self.operator, is_record=self.is_record, flies=self.status != SCRUBBED,
            flown_legs=frozenset(leg for leg, statuses in Mission.LEG_FLOWN_IN.items() if self.status in statuses),
            landing_by=self.landing_by, crew_seen_until=self.crew_seen_until,
        )  # fmt: skip

    def vehicle(self, record_ends: dt.date | None) -> Vehicle:
        landing = self.landing
        end = landing.latest if landing else bound(self)
        if end is None and record_ends is not None and self.is_record:
            end = midnight(
                record_ends + dt.timedelta(days=1)
            )  # flown, landing not on file: followed to the end
        return Vehicle(
            key=self.pk, name=self.name, spacecraft_key=self.spacecraft_id, spacecraft=self.spacecraft,
            operator=self.operator, seat_count=self.seat_count, start=self.launch.earliest, end=end,
            end_known=landing is not None or end is None, status=self.status, url=self.url,
            landing_label=landing.shown_date() if landing else "", launch_label=self.launch.shown_date(),
        )  # fmt: skip


def _window_values(windows: Sequence[Period]) -> dict[str, dt.date]:
    """What the range conditions compare with, per window (see `_touches`)."""
    values = {}
    for i, window in enumerate(windows):
        start = window.start.date()
        values[f"until{i}"] = window.end.date()
        values[f"ride_until{i}"] = (
            (window.end.date() + RIDE_HOME_WINDOW) if window.end.date() < LATEST else dt.date.max
        )
        # A landing known only to the year is stored as 1 January; a source's last sight, or the latest landing,
        # is over the day after.
        values[f"landed{i}"] = start - IMPRECISE if start > EARLIEST else dt.date.min
        values[f"seen{i}"] = start - DAY if start > EARLIEST else dt.date.min
    return values


def _touches(prefix: str, count: int, values: Mapping, *, until: str = "until") -> Q:
    """The mission (`prefix` leads to it) can be there in one of `count` windows: launched by the window's end
    (`values[until<i>]`), and not over before it starts, read generously (see the module's docstring)."""
    found = []
    for i in range(count):
        over_by = (
            Q(**{f"{prefix}landing_date__gte": values[f"landed{i}"]})
            | Q(**{f"{prefix}landing_date__isnull": True, f"{prefix}crew_seen_until__gte": values[f"seen{i}"]})
            | Q(**{f"{prefix}landing_date__isnull": True, f"{prefix}landing_by__gte": values[f"seen{i}"]})
            | Q(**{f"{prefix}landing_date__isnull": True, f"{prefix}crew_seen_until__isnull": True,
                   f"{prefix}landing_by__isnull": True})
        )  # fmt: skip
        found.append(Q(**{f"{prefix}launch_date__lte": values[f"{until}{i}"]}) & over_by)
    return functools.reduce(operator.or_, found)


def _people(count: int | None, values: Mapping) -> QuerySet:
    """The ids of whoever can be aboard in `count` windows (everyone who ever had a seat there when None)."""
    station = values["station"]
    if count is None:
        return SeatAssignment.objects.filter(mission__destination=station).values("crew_member_id")
    went_up = SeatAssignment.objects.filter(
        _touches("mission__", count, values), leg=ASCENT, mission__destination=station
    ).exclude(mission__status=SCRUBBED)
    came_home = (
        SeatAssignment.objects.filter(_touches("mission__", count, values, until="ride_until"), leg=RETURN)
        .exclude(mission__status=SCRUBBED)
        .exclude(  # home on the mission they went up on: found with the ascent
            Exists(
                SeatAssignment.objects.filter(
                    leg=ASCENT, mission=OuterRef("mission"), crew_member=OuterRef("crew_member")
                )
            )
        )
    )
    return went_up.order_by().values("crew_member_id").union(came_home.order_by().values("crew_member_id"))


def _missions_query(count: int | None, values: Mapping) -> QuerySet:
    missions = Mission.objects.filter(destination=values["station"]).exclude(status=SCRUBBED)
    if count is not None:
        missions = missions.filter(_touches("", count, values))
    return missions.in_launch_order().values_list(*MISSION_COLUMNS)


def _seats_query(count: int | None, values: Mapping) -> QuerySet:
    end_seat = Case(When(leg=ASCENT, then=flight_columns()["end_seat_id"]), default=None)
    return (
        SeatAssignment.objects.filter(crew_member__in=_people(count, values))
        .exclude(mission__status=SCRUBBED)
        .annotate(end_seat=end_seat)
        .order_by()
        .values_list(*SEAT_COLUMNS, "end_seat", *(f"mission__{c}" for c in MISSION_COLUMNS))
    )


_MISSIONS = CompiledQuery(_missions_query)
_SEATS = CompiledQuery(_seats_query)


def _run(query: CompiledQuery, station: Station, windows: Sequence[Period] | None) -> list[tuple]:
    values = {"station": station.pk, **(_window_values(windows) if windows is not None else {})}
    count = None if windows is None else len(windows)
    return query.rows(count, values)


def station_missions(station: Station, windows: Sequence[Period] | None) -> list[MissionRow]:
    """The station's missions (not scrubbed) that can be there in one of `windows` (all when None), in launch
    order. One query."""
    return [MissionRow(*row) for row in _run(_MISSIONS, station, windows)]


@dataclass
class StaysRead:
    stays: list[Stay]
    #: The station's missions the stays went up or came home on (a vehicle each), by key.
    vehicles: dict[int, Vehicle]


def station_stays(
    station: Station, windows: Sequence[Period] | None, record_ends: dt.date | None, known: dict[int, Vehicle]
) -> StaysRead:
    """The stays at `station` that touch one of `windows` (every stay when None). One query: the seats of
    whoever can be aboard, each ascent with the seat its flight ends on (`careers.flight_columns`)."""
    rows = _run(_SEATS, station, windows)
    missions: dict[int, MissionRow] = {}
    facts: dict[int, MissionFacts] = {}
    by_person: dict[int, list[SeatFacts]] = defaultdict(list)
    agency_of, urls, pairs = {}, {}, {}
    person_url = _url_pattern("pages:crew")
    width = len(SEAT_COLUMNS) + 1
    for row in rows:
        pk, leg, seat, role, hours, person, name, slug, agency_id, agency, end = row[:width]
        mission_id = row[width]
        if mission_id not in missions:
            missions[mission_id] = MissionRow(*row[width:])
            facts[mission_id] = missions[mission_id].facts()
        by_person[person].append(
            SeatFacts(key=pk, mission=facts[mission_id], leg=leg, seat=seat, role=role, person_key=person,
                      person=name, agency_key=agency_id, agency=agency, hours=hours)
        )  # fmt: skip
        if person not in agency_of:
            agency_of[person], urls[person] = agency, person_url.format(slug)
        if end is not None and end != pk:
            pairs[end] = pk
    vehicles = dict(known)
    for mission in missions.values():
        if mission.destination_id == station.pk and mission.pk not in vehicles:
            vehicles[mission.pk] = mission.vehicle(record_ends)
    stays: list[Stay] = []
    for seats in by_person.values():
        stays += stays_from_flights(flights_of(seats, pairs)[0], vehicles, agency_of, urls)
    if windows is not None:
        stays = [s for s in stays if any(s.overlaps(w.start, w.end) for w in windows)]
    return StaysRead(stays=stays, vehicles=vehicles)
