"""The facts the model and the explanations share, read once from a `World`: who is where, flights' spans,
returns on file, and why a person cannot fly a mission whatever else is decided (`why_not`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass

from .world import (
    ASCENT,
    COMMANDER,
    RETURN,
    Agreement,
    Candidate,
    Interval,
    Mission,
    SeatOnFile,
    World,
    moment,
)

Pair = tuple[Hashable, Hashable]  # (person id, mission id): the person flies up on the mission

#: Why a person cannot fly a mission, by kind: the kinds that the explanations may relax person by person.
QUALIFICATION, AGREEMENT, AVAILABILITY = "qualification", "agreement", "availability"

NOUNS = {"Roscosmos": "cosmonaut", "CNSA": "taikonaut"}


def noun(agency: str) -> str:
    return NOUNS.get(agency, "astronaut")


def day(value: dt.datetime) -> str:
    return value.date().isoformat()


@dataclass(frozen=True)
class Reason:
    kind: str
    text: str


@dataclass(frozen=True)
class Busy:
    start: dt.datetime
    end: dt.datetime
    text: str


class Index:
    """Everything derived from the world that does not depend on the solver's choices."""

    def __init__(self, world: World):
        self.world = world
        self.start, self.end = moment(world.start), moment(world.end)
        self.missions: dict[Hashable, Mission] = {m.id: m for m in world.missions}
        self.people: dict[Hashable, Candidate] = {c.id: c for c in world.candidates}
        self.stations = {s.id: s for s in world.stations}
        self.agreements: tuple[Agreement, ...] = world.agreements
        _validate(self)
        self.launch = {m.id: moment(m.launch) for m in world.missions}
        self.landing = {m.id: moment(m.landing) for m in world.missions}
        self.ascents: dict[Pair, SeatOnFile] = {}
        self.returns: dict[Pair, SeatOnFile] = {}  # on file on the same mission as the ascent
        self.return_elsewhere: dict[
            Pair, SeatOnFile
        ] = {}  # the ascent's return seat on file on another mission
        self.incoming: list[SeatOnFile] = []  # returns of people who went up before the horizon's missions
        self._read_seats()
        self.flown = {s.mission for s in world.seats if s.leg == ASCENT and s.flown}
        self.busy = self._busy()

    # --- Seats on file --------------------------------------------------------------------------

    def _read_seats(self) -> None:
        for seat in self.world.seats:
            if seat.leg == ASCENT:
                self.ascents[(seat.person, seat.mission)] = seat
        for seat in self.world.seats:
            if seat.leg != RETURN:
                continue
            if (seat.person, seat.mission) in self.ascents:
                self.returns[(seat.person, seat.mission)] = seat
                continue
            paired = self._ascent_before(seat)
            if paired is None:
                self.incoming.append(seat)
            else:
                self.return_elsewhere[paired] = seat

    def _ascent_before(self, back: SeatOnFile) -> Pair | None:
        """The ascent on file a return on another mission brings home: the person's latest one before it."""
        landing = self.landing[back.mission]
        options = [
            (p, m)
            for (p, m) in self.ascents
            if p == back.person and self.launch[m] < landing and (p, m) not in self.returns
        ]
        return max(options, key=lambda pair: self.launch[pair[1]], default=None)

    def return_mission(self, pair: Pair) -> Hashable:
        """The mission the person comes home on after flying up on `pair`'s mission."""
        elsewhere = self.return_elsewhere.get(pair)
        return elsewhere.mission if elsewhere else pair[1]

    def span(self, pair: Pair) -> tuple[dt.datetime, dt.datetime]:
        """The flight: from the ascent's launch to the landing of the mission the person comes home on."""
        return self.launch[pair[1]], self.landing[self.return_mission(pair)]

    # --- Who cannot fly what ----------------------------------------------------------------------

    def _busy(self) -> dict[Hashable, list[Busy]]:
        busy: dict[Hashable, list[Busy]] = defaultdict(list)
        for person in self.world.candidates:
            for spell in person.unavailable:
                busy[person.id].append(_spell(spell, "unavailable"))
        for commitment in self.world.commitments:
            busy[commitment.person].append(_spell(commitment.as_interval(), "busy"))
        for station in self.world.stations:
            for aboard in station.aboard:
                if aboard.person is not None:
                    until = moment(aboard.until)
                    busy[aboard.person].append(
                        Busy(self.start, until, f"aboard {station.name} until {day(until)}")
                    )
        for seat in self.incoming:
            mission = self.missions[seat.mission]
            busy[seat.person].append(
                Busy(
                    self.start, self.landing[seat.mission], f"in space until {mission.label} brings them home"
                )
            )
        return busy

    def agreements_for(self, person: Candidate, mission: Mission) -> list[Agreement]:
        """The agreements that may carry `person` on `mission` (cross-agency): in force at launch, seats that way."""
        launch = self.launch[mission.id].date()
        return [
            g
            for g in self.agreements
            if (g.seats_for(person.agency, mission.operator) or 0) > 0 and g.in_force_on(launch)
        ]

    def why_not(self, pair: Pair) -> list[Reason]:
        """Why the person cannot fly up on the mission whatever else is decided; empty if they could."""
        person, mission = self.people[pair[0]], self.missions[pair[1]]
        reasons = []
        qualification = person.qualification(mission.spacecraft)
        launch = self.launch[mission.id]
        if qualification is None:
            reasons.append(Reason(QUALIFICATION, f"not qualified on {mission.spacecraft}"))
        elif not qualification.ready_for(launch):
            done = qualification.completes.isoformat() if qualification.completes else "a date not set"
            reasons.append(Reason(QUALIFICATION, f"in training on {mission.spacecraft} until {done}"))
        if person.agency != mission.operator and not self.agreements_for(person, mission):
            reasons.append(Reason(AGREEMENT, self._no_agreement(person, mission)))
        first, last = self.span(pair)
        for busy in self.busy.get(person.id, ()):
            if busy.start < last and first < busy.end:
                reasons.append(Reason(AVAILABILITY, busy.text))
        return reasons

    def _no_agreement(self, person: Candidate, mission: Mission) -> str:
        launch = self.launch[mission.id].date()
        between = [g for g in self.agreements if (g.seats_for(person.agency, mission.operator) or 0) > 0]
        if not between:
            return f"no agreement gives {person.agency} seats on {mission.operator}'s vehicles"
        states = "; ".join(f"{g.name} {g.state_text(launch)}" for g in between)
        return f"no agreement for {person.agency} on {mission.operator} in force on {launch.isoformat()} ({states})"

    # --- Continuity ---------------------------------------------------------------------------------

    def station_intervals(self, station) -> list[tuple[dt.datetime, dt.datetime, int]]:
        """The horizon cut at every launch and landing to or from the station (and when those aboard at the
        start leave): (from, to, days), days counted as midnights passed, so that a same-day handover is no
        gap and the days of all intervals add up to the horizon's."""
        cuts = {self.start, self.end}
        for mission in self.world.missions:
            if mission.station == station.id:
                cuts |= {self.launch[mission.id], self.landing[mission.id]}
        cuts |= {moment(a.until) for a in station.aboard}
        points = sorted(t for t in cuts if self.start <= t <= self.end)
        return [(a, b, (b.date() - a.date()).days) for a, b in zip(points, points[1:], strict=False)]

    def held(self, station, agency: str, first: dt.datetime, last: dt.datetime) -> bool:
        """Someone of `agency` is aboard from `first` to `last` whatever the plan: aboard at the start, or in
        space already and coming home on a mission to the station."""
        if any(
            a.agency == agency and first >= self.start and moment(a.until) >= last for a in station.aboard
        ):
            return True
        return any(
            self.people[s.person].agency == agency
            and self.missions[s.mission].station == station.id
            and self.landing[s.mission] >= last
            for s in self.incoming
        )

    def overlap(self, one: Pair, other: Pair) -> bool:
        a_first, a_last = self.span(one)
        b_first, b_last = self.span(other)
        return a_first < b_last and b_first < a_last


def _spell(spell: Interval, kind: str) -> Busy:
    first, last = spell.span
    if kind == "unavailable":
        return Busy(first, last, f"unavailable ({spell.why}, {spell.dates})")
    return Busy(first, last, f"busy ({spell.why}, {spell.dates})")


def _validate(index: Index) -> None:
    """Refuse a world the solver cannot read, naming what is wrong."""
    problems = []
    taken = set()
    for seat in index.world.seats:
        mission = index.missions.get(seat.mission)
        if mission is None:
            problems.append(f"a seat names mission {seat.mission!r}, which is not in the horizon")
            continue
        if seat.person not in index.people:
            problems.append(
                f"a seat on {mission.name} names {seat.person!r}, who is not among the candidates"
            )
        if seat.leg not in (ASCENT, RETURN):
            problems.append(f"a seat on {mission.name} has leg {seat.leg!r}")
        if seat.seat is None and not seat.flown:
            problems.append(f"a planned seat on {mission.name} has no seat number")
        if seat.seat is not None and not 1 <= seat.seat <= mission.seat_count:
            problems.append(f"seat {seat.seat} does not exist on {mission.name}")
        if seat.seat is not None and not seat.flown and (seat.seat == 1) != (seat.role == COMMANDER):
            problems.append(
                f"seat 1 is the commander's on {mission.name} ({seat.leg}, {seat.role} in {seat.seat})"
            )
        key = (seat.mission, seat.leg, seat.seat)
        if seat.seat is not None and key in taken:
            problems.append(f"seat {seat.seat} on the {seat.leg} of {mission.name} is on file twice")
        taken.add(key)
    for mission in index.world.missions:
        if not 0 <= mission.wanted <= mission.seat_count:
            problems.append(
                f"{mission.name} wants {mission.wanted} people but has {mission.seat_count} seats"
            )
    if problems:
        raise ValueError("; ".join(problems))
