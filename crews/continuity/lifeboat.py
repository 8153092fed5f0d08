"""The lifeboat check (issue 14, §3): at every moment, each person aboard the station has a way home on a vehicle
at the station — their own assigned return seat or, failing that, a free seat (an improvisation, not a plan).
`lifeboat_check` lists every interval in which someone relies on a free seat, and every one in which someone has
neither. Plain data: it reads the stays and vehicles the station pages already read (`station_record`), and makes
no query of its own.

How the record is read:

- **A vehicle is at the station from its launch to its landing.** Docking and undocking are not on file: arrival
  is in fact hours to two days after launch, and undocking hours before landing, so a finding can start up to two
  days early and end a few hours late.
- **Dates read generously.** A launch or landing known only to the day (no time), the month or the year is read as
  the earliest instant the launch can mean and the latest the landing can mean (`Moment.earliest`, `.latest`): the
  reading that keeps vehicles at the station longest. A person's stay runs between their own vehicles' moments read
  the same way, so a time of day not on file never opens an interval. A finding that rests on a date known only to
  the month or the year, or on where the record stops following a crew whose landing it does not have, is marked
  `rough` (possible, not certain) and listed after the firm ones: most of the record before 2020, from the Astronaut
  Database, is known only to the year, and a stay of a week smeared over a year can crowd a vehicle's seats.
- **A landing not on file:** the vehicle stays as long as the record follows its crew (`stays.bound`: the last day
  a source shows them up, else the latest their landing can be, else — a flown mission — the record's end); a
  planned mission without a landing stays open-ended. Nothing is reported past the period.
- **A person's own seat** is on their return leg's vehicle; with no return leg on file, on the vehicle that brought
  them (by default a crew comes home on the mission that took it up).
- **Free seats on a vehicle, at a moment:** its seats less those of the people aboard *then* whose own seat is on
  it. A seat assigned to someone not yet aboard, or already home, is free at that moment: in an emergency a vehicle
  leaves with whoever is aboard. (Counting every seat of its return leg instead would leave Kononenko and Chub with
  no way home from September 2023 to March 2024: Soyuz MS-24's return seats are Novitsky's and Vasilevskaya's, who
  came up in March 2024, and MS-24 was the seat the two relied on until then.)
- **Free seats are pooled** across the vehicles at the station: when more people rely on them than there are, the
  excess have no way home. The check does not pick who: it says how many of them have none.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from .stays import Period, Stay, Vehicle

FREE_SEAT = "free seat"
NO_WAY_HOME = "no way home"
#: Worst first.
_ORDER = {NO_WAY_HOME: 0, FREE_SEAT: 1}


def own_ride(stay: Stay) -> Vehicle | None:
    """The vehicle the person's own seat home is on: their return leg's, else the one that brought them."""
    return stay.return_vehicle or stay.ascent_vehicle


def _rough_stay(stay: Stay) -> bool:
    return not (stay.start_precise and stay.end_known)


def _rough_vehicle(vehicle: Vehicle | None) -> bool:
    return vehicle is not None and not (vehicle.start_precise and vehicle.end_known and vehicle.end_precise)


@dataclass(frozen=True)
class Finding:
    """An interval in which the same people aboard have no assigned seat on a vehicle at the station."""

    kind: str
    start: dt.datetime
    end: dt.datetime
    #: Who relies on a free seat (by name): their own seat is on a vehicle not at the station.
    people: tuple[Stay, ...]
    #: The vehicles at the station with seats free at some moment of the interval, in launch order.
    free: tuple[Vehicle, ...]
    #: The fewest free seats at the station at any moment of the interval.
    seats: int
    #: How many of `people` have no seat at all (more of them than free seats), at worst.
    short: int
    #: It rests on a date known only to the month or the year, or on where the record stops following a crew
    #: whose landing it does not have: possible, not certain.
    rough: bool = False

    @property
    def days(self) -> float:
        return (self.end - self.start).total_seconds() / 86400

    @property
    def rides(self) -> list[Vehicle]:
        """The vehicles the people's own seats are on (not at the station in the interval), in launch order."""
        found = {ride.key: ride for stay in self.people if (ride := own_ride(stay)) is not None}
        return sorted(found.values(), key=lambda v: (v.start, v.name))


@dataclass
class _Moment:
    """Who relies on free seats over an interval in which nothing comes or goes."""

    kind: str
    people: tuple[Stay, ...]
    free: dict[Hashable, Vehicle]
    seats: int
    short: int
    rough: bool

    def key(self) -> tuple:
        return (self.kind, self.short, tuple(s.person_key for s in self.people))


def _moment(aboard: Iterable[Stay], docked: dict[Hashable, Vehicle]) -> _Moment | None:
    """Who relies on free seats with the people of `aboard` aboard and `docked` at the station, or None when
    everyone has their own seat there."""
    taken: dict[Hashable, int] = defaultdict(int)
    seated: list[Stay] = []
    relying: list[Stay] = []
    # An assigned return leg first: should more be assigned to a vehicle than it seats (a record at odds with
    # itself), a seat on file goes before one only assumed (no return leg on file).
    for stay in sorted(aboard, key=lambda s: (s.return_vehicle is None, s.person, str(s.person_key))):
        ride = own_ride(stay)
        if ride is not None and ride.key in docked and taken[ride.key] < docked[ride.key].seat_count:
            taken[ride.key] += 1
            seated.append(stay)
        else:
            relying.append(stay)
    if not relying:
        return None
    relying.sort(key=lambda s: (s.person, str(s.person_key)))
    free = {key: v for key, v in docked.items() if v.seat_count > taken[key]}
    seats = sum(v.seat_count - taken[key] for key, v in free.items())
    short = max(len(relying) - seats, 0)
    # What the finding rests on: the stays of whoever relies, the vehicles their seats are on, the vehicles with
    # seats free; and, with too few seats, the stays of whoever holds the others.
    involved_stays = relying + (seated if short else [])
    involved_vehicles = [own_ride(s) for s in relying] + list(free.values())
    rough = any(map(_rough_stay, involved_stays)) or any(map(_rough_vehicle, involved_vehicles))
    return _Moment(NO_WAY_HOME if short else FREE_SEAT, tuple(relying), free, seats, short, rough)


def lifeboat_check(stays: Iterable[Stay], vehicles: Iterable[Vehicle], period: Period) -> list[Finding]:
    """Every interval within `period` in which someone aboard relies on a free seat or has no way home, worst
    first (no way home, then free seats; firm before rough), each in time order. One sort and one sweep over the
    stays and vehicles that touch the period."""
    start, end = period.start, period.end
    # (instant, whether it ends there, the stay's index or -1, the stay or vehicle)
    events: list[tuple[dt.datetime, bool, int, object]] = []
    for i, stay in enumerate(stays):
        if stay.start < end and start < stay.until:
            events += [(max(stay.start, start), False, i, stay), (min(stay.until, end), True, i, stay)]
    for vehicle in vehicles:
        if vehicle.start < end and start < vehicle.until:
            events += [
                (max(vehicle.start, start), False, -1, vehicle),
                (min(vehicle.until, end), True, -1, vehicle),
            ]
    # At the same instant, arrivals first: what comes and goes at once is gone after it.
    events.sort(key=lambda e: (e[0], e[1]))
    aboard: dict[int, Stay] = {}
    docked: dict[Hashable, Vehicle] = {}
    found: list[Finding] = []
    # The finding under way: its first moment, since when, and every vehicle that offered a free seat in it.
    open_: tuple[_Moment, dt.datetime, dict[Hashable, Vehicle]] | None = None
    index = 0
    while index < len(events):
        when = events[index][0]
        while index < len(events) and events[index][0] == when:
            _, ends, i, thing = events[index]
            if isinstance(thing, Vehicle) and ends:
                docked.pop(thing.key, None)
            elif isinstance(thing, Vehicle):
                docked[thing.key] = thing
            elif ends:
                aboard.pop(i, None)
            else:
                aboard[i] = thing
            index += 1
        now = _moment(aboard.values(), docked) if when < end else None
        if open_ is not None and (now is None or now.key() != open_[0].key()):
            found.append(_finding(*open_, when))
            open_ = None
        if now is None:
            continue
        if open_ is None:
            open_ = (now, when, dict(now.free))
        else:  # the same people, short of the same: one finding, with the fewest seats and every vehicle offering one
            first, since, free = open_
            free.update(now.free)
            first.seats, first.rough = min(first.seats, now.seats), first.rough or now.rough
    return sorted(found, key=lambda f: (_ORDER[f.kind], f.rough, f.start, f.end))


def _finding(
    moment: _Moment, since: dt.datetime, free: dict[Hashable, Vehicle], until: dt.datetime
) -> Finding:
    vehicles = tuple(sorted(free.values(), key=lambda v: (v.start, v.name)))
    return Finding(
        moment.kind, since, until, moment.people, vehicles, moment.seats, moment.short, moment.rough
    )


@dataclass
class LifeboatReport:
    """The findings over a period, as the station page and `manage.py lifeboat_check` show them."""

    period: Period
    findings: list[Finding]

    @property
    def firm(self) -> list[Finding]:
        return [f for f in self.findings if not f.rough]

    @property
    def rough(self) -> list[Finding]:
        return [f for f in self.findings if f.rough]


def lifeboat_report(stays: Iterable[Stay], vehicles: Iterable[Vehicle], period: Period) -> LifeboatReport:
    return LifeboatReport(period, lifeboat_check(stays, vehicles, period))
