"""Station continuity, as functions of plain data: stays aboard, who is aboard, gaps, groundings.

Why integrated crews exist: each required agency (NASA and Roscosmos for the ISS)
must always have someone aboard, even if one vehicle is grounded. A *stay* is one
person's time aboard: from their ascent's launch to their return's landing (a date
without a time counts as the whole day). A stay whose landing is not known runs
open-ended. Everything here sorts once and sweeps: no loops of missions × days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from ..rules.flights import Flight

OPEN = dt.datetime.max.replace(tzinfo=dt.UTC)  # the end of an open-ended stay


def midnight(day: dt.date) -> dt.datetime:
    """The first instant of the UTC `day`."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Vehicle:
    """A crewed mission to the station: docked (as far as the record says) from launch to landing."""

    key: Hashable
    name: str
    spacecraft_key: Hashable
    spacecraft: str
    operator: str
    seat_count: int
    start: dt.datetime
    end: dt.datetime | None
    status: str = "landed"
    url: str = ""
    landing_label: str = ""  # as recorded: a date alone stays a date, a year stays a year
    launch_label: str = ""  # the same, for the launch (`start` is the first instant it can mean)

    @property
    def until(self) -> dt.datetime:
        return self.end or OPEN


@dataclass(frozen=True)
class Stay:
    """One person's time aboard the station."""

    person_key: Hashable
    person: str
    agency: str
    start: dt.datetime
    end: dt.datetime | None  # None: open-ended (landing not known, or no ride home)
    ascent_vehicle: Vehicle | None
    return_vehicle: Vehicle | None
    #: In a grounding scenario: the vehicle that was to bring this person home is grounded.
    no_ride_home: bool = False
    grounded_ride: Vehicle | None = None
    url: str = ""

    @property
    def until(self) -> dt.datetime:
        return self.end or OPEN

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.start < end and start < self.until


@dataclass(frozen=True)
class Period:
    """The interval [start, end) in which continuity is checked (UTC)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Gap:
    """An interval in which `agency` has nobody aboard."""

    agency: str
    start: dt.datetime
    end: dt.datetime

    @property
    def length(self) -> dt.timedelta:
        return self.end - self.start

    @property
    def days(self) -> float:
        return self.length.total_seconds() / 86400


def stays_from_flights(
    flights: Iterable[Flight], vehicles: dict[Hashable, Vehicle], agency_of: dict, urls: dict | None = None
) -> list[Stay]:
    """A stay for each flight whose ascent went to the station (`vehicles` are the station's missions)."""
    stays = []
    for flight in flights:
        if flight.ascent is None or flight.ascent.mission.key not in vehicles:
            continue
        stays.append(
            Stay(
                person_key=flight.person_key,
                person=flight.person,
                agency=agency_of[flight.person_key],
                start=flight.start,
                end=flight.end,
                ascent_vehicle=vehicles[flight.ascent.mission.key],
                return_vehicle=vehicles.get(flight.return_leg.mission.key) if flight.return_leg else None,
                url=(urls or {}).get(flight.person_key, ""),
            )
        )
    return stays


def aboard(stays: Iterable[Stay], day: dt.date) -> list[Stay]:
    """Who is aboard at some time on the UTC `day`, by agency then name."""
    start = midnight(day)
    end = start + dt.timedelta(days=1)
    return sorted((s for s in stays if s.overlaps(start, end)), key=lambda s: (s.agency, s.person))


def docked(vehicles: Iterable[Vehicle], day: dt.date) -> list[Vehicle]:
    start = midnight(day)
    end = start + dt.timedelta(days=1)
    return sorted((v for v in vehicles if v.start < end and start < v.until), key=lambda v: v.start)


def coverage(stays: Iterable[Stay]) -> list[tuple[dt.datetime, dt.datetime]]:
    """The union of the stays' intervals, merged, in time order (one sort)."""
    merged: list[list[dt.datetime]] = []
    for stay in sorted(stays, key=lambda s: s.start):
        if merged and stay.start <= merged[-1][1]:  # touching at the same instant: a handover, no gap
            merged[-1][1] = max(merged[-1][1], stay.until)
        else:
            merged.append([stay.start, stay.until])
    return [(a, b) for a, b in merged]


def gaps(stays: Iterable[Stay], agencies: Sequence[str], start: dt.datetime, end: dt.datetime) -> list[Gap]:
    """Every interval within [start, end) in which one of `agencies` has nobody aboard, in time order."""
    by_agency: dict[str, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_agency[stay.agency].append(stay)
    found = []
    for agency in agencies:
        cursor = start
        for covered_from, covered_to in coverage(by_agency.get(agency, [])):
            if covered_to <= cursor:
                continue
            if covered_from >= end:
                break
            if covered_from > cursor:
                found.append(Gap(agency, cursor, min(covered_from, end)))
            cursor = max(cursor, covered_to)
            if cursor >= end:
                break
        if cursor < end:
            found.append(Gap(agency, cursor, end))
    return sorted(found, key=lambda g: (g.start, g.agency))


def all_aboard_from(stays: Iterable[Stay], agencies: Sequence[str]) -> dt.datetime | None:
    """The first instant at which every agency in `agencies` has someone aboard (None if never)."""
    if not agencies:
        return None
    events: list[tuple[dt.datetime, int, str]] = []
    for stay in stays:
        if stay.agency in agencies:
            events.append((stay.start, 1, stay.agency))
            if stay.end is not None:
                events.append((stay.end, -1, stay.agency))
    count: dict[str, int] = defaultdict(int)
    # At the same instant departures come first: a handover does not make a moment of "all aboard".
    for when, delta, agency in sorted(events, key=lambda e: (e[0], e[1])):
        count[agency] += delta
        if delta > 0 and all(count[a] > 0 for a in agencies):
            return when
    return None


@dataclass
class Scenario:
    """The plan as recorded, or as it would be with a spacecraft grounded from a date."""

    stays: list[Stay]
    vehicles: list[Vehicle]
    grounded: list[Vehicle] = field(default_factory=list)

    @property
    def stranded(self) -> list[Stay]:
        return [s for s in self.stays if s.no_ride_home]


def ground(
    stays: Sequence[Stay], vehicles: Sequence[Vehicle], spacecraft_key: Hashable, start: dt.datetime
) -> Scenario:
    """Take out the missions of one spacecraft launching at or after `start`.

    People already aboard keep their stays; whoever was to come home on a grounded
    mission has no ride home (their stay stays open until another vehicle takes
    them); whoever was to go up on one does not go.
    """
    out = {v.key for v in vehicles if v.spacecraft_key == spacecraft_key and v.start >= start}
    kept: list[Stay] = []
    for stay in stays:
        if stay.ascent_vehicle is not None and stay.ascent_vehicle.key in out:
            continue
        if stay.return_vehicle is not None and stay.return_vehicle.key in out:
            stay = replace(
                stay, end=None, return_vehicle=None, no_ride_home=True, grounded_ride=stay.return_vehicle
            )
        kept.append(stay)
    return Scenario(
        stays=kept,
        vehicles=[v for v in vehicles if v.key not in out],
        grounded=[v for v in vehicles if v.key in out],
    )


def free_seats(scenario: Scenario, after: dt.datetime) -> list[tuple[Vehicle, int]]:
    """Vehicles still flying that are at the station at or after `after`, with seats nobody comes home in."""
    returning: dict[Hashable, int] = defaultdict(int)
    for stay in scenario.stays:
        ride = stay.return_vehicle or (
            stay.ascent_vehicle if stay.end is not None and not stay.no_ride_home else None
        )
        if ride is not None:  # no return leg on file: they come home in the vehicle that brought them
            returning[ride.key] += 1
    return [
        (v, v.seat_count - returning[v.key])
        for v in sorted(scenario.vehicles, key=lambda v: v.start)
        if v.until > after and v.seat_count - returning[v.key] > 0
    ]
