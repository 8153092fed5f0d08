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

from missions.moments import DAY

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
    #: False when `end` is not a landing on file but how far the record follows the crew (see `bound`).
    end_known: bool = True
    #: The launch, and the landing, are known to the day (not only to the month or the year).
    start_precise: bool = True
    end_precise: bool = True

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
    #: False when `end` is not a landing on file but how far the record follows them (see `bound`).
    end_known: bool = True
    #: The launch is known to the day (not only to the month or the year).
    start_precise: bool = True
    #: In a grounding scenario: the vehicle that was to bring this person home is grounded.
    no_ride_home: bool = False
    grounded_ride: Vehicle | None = None
    url: str = ""

    @property
    def until(self) -> dt.datetime:
        return self.end or OPEN

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        return self.start < end and start < self.until

    @property
    def followed_to(self) -> dt.date | None:
        """The last day the record follows them (when their landing is not on file)."""
        return (self.end - dt.timedelta(microseconds=1)).date() if self.end else None


@dataclass(frozen=True)
class Period:
    """The interval [start, end) in which continuity is checked (UTC)."""

    start: dt.datetime
    end: dt.datetime


@dataclass(frozen=True)
class Gap:
    """An interval in which `agency` has nobody aboard; or, `not_on_file`, in which the record cannot say: it
    begins where the record stops following someone whose landing it does not have."""

    agency: str
    start: dt.datetime
    end: dt.datetime
    not_on_file: bool = False

    @property
    def length(self) -> dt.timedelta:
        return self.end - self.start

    @property
    def days(self) -> float:
        return self.length.total_seconds() / 86400


def bound(mission, next_start: dt.datetime | None = None) -> dt.datetime | None:
    """Where the record stops following a crew whose landing it does not have: the end of the last day a
    source shows them in space, else the latest their landing can have been; never after the person's next
    flight. None when the record says nothing of it (a plan: open-ended)."""
    if mission.crew_seen_until is not None:
        end = midnight(mission.crew_seen_until + dt.timedelta(days=1))
    elif mission.landing_by is not None:
        end = midnight(mission.landing_by + dt.timedelta(days=1))
    else:
        return None
    return min(end, next_start) if next_start is not None else end


def stays_from_flights(
    flights: Iterable[Flight], vehicles: dict[Hashable, Vehicle], agency_of: dict, urls: dict | None = None
) -> list[Stay]:
    """A stay for each flight whose ascent went to the station (`vehicles` are the station's missions).

    A flight whose landing is not on file ends where the record stops following it (`bound`), not at the
    end of time: nobody appears aboard beyond what the sources support.
    """
    stays = []
    flights = sorted(flights, key=lambda f: (str(f.person_key), f.start))
    for i, flight in enumerate(flights):
        if flight.ascent is None or flight.ascent.mission.key not in vehicles:
            continue
        end, known = flight.end, True
        if end is None or flight.followed:
            after = flights[i + 1] if i + 1 < len(flights) else None
            next_start = after.start if after is not None and after.person_key == flight.person_key else None
            end = bound((flight.return_leg or flight.ascent).mission, next_start)
            if flight.followed and flight.end is not None:  # the person's own hours, or the latest landing
                end = min(end, flight.end) if end else flight.end
            known = end is None
        stays.append(
            Stay(
                person_key=flight.person_key,
                person=flight.person,
                agency=agency_of[flight.person_key],
                start=flight.start,
                end=end,
                end_known=known,
                start_precise=flight.start_moment.precision == DAY,
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


def coverage(stays: Iterable[Stay]) -> list[tuple[dt.datetime, dt.datetime, bool]]:
    """The union of the stays' intervals, merged, in time order (one sort), each with whether its end is
    known (a landing on file) or only where the record stops following someone."""
    merged: list[list] = []
    for stay in sorted(stays, key=lambda s: s.start):
        if merged and stay.start <= merged[-1][1]:  # touching at the same instant: a handover, no gap
            if stay.until > merged[-1][1]:
                merged[-1][1], merged[-1][2] = stay.until, stay.end_known
            elif stay.until == merged[-1][1]:
                merged[-1][2] = merged[-1][2] and stay.end_known
        else:
            merged.append([stay.start, stay.until, stay.end_known])
    return [(a, b, known) for a, b, known in merged]


def gaps(stays: Iterable[Stay], agencies: Sequence[str], start: dt.datetime, end: dt.datetime) -> list[Gap]:
    """Every interval within [start, end) in which one of `agencies` has nobody aboard, in time order; one
    that begins where the record stops following someone is `not_on_file`."""
    by_agency: dict[str, list[Stay]] = defaultdict(list)
    for stay in stays:
        by_agency[stay.agency].append(stay)
    found = []
    for agency in agencies:
        cursor, known = start, True
        for covered_from, covered_to, end_known in coverage(by_agency.get(agency, [])):
            if covered_to <= cursor:
                continue
            if covered_from >= end:
                break
            if covered_from > cursor:
                found.append(Gap(agency, cursor, min(covered_from, end), not_on_file=not known))
            cursor, known = max(cursor, covered_to), end_known
            if cursor >= end:
                break
        if cursor < end:
            found.append(Gap(agency, cursor, end, not_on_file=not known))
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
