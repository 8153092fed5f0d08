"""What the planning assistant reads: plain, frozen data about missions, seats, people, agreements, stations.

No database here: whoever wires the pages builds a `World` from model rows (ids as keys, agency names as
agencies) and calls `crews.planning.propose(world)`. Tests and the benchmark build worlds by hand
(`example.iss_scale_world`).

Times are datetimes (naive ones are read as UTC); a date stands for the start of its day (UTC), except the
end of an unavailability or a commitment, where a date means "to the end of that day".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field, fields

from missions.terms import AgreementTerms

ASCENT = "ascent"
RETURN = "return"
COMMANDER = "commander"
PLANNED = "planned"
SCHEDULED = "scheduled"
QUALIFIED = "qualified"
IN_TRAINING = "in_training"

UTC = dt.UTC


def moment(value: dt.date | dt.datetime, *, end: bool = False) -> dt.datetime:
    """A date or datetime as an aware UTC datetime; a date that ends an interval covers its whole day."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    start = dt.datetime(value.year, value.month, value.day, tzinfo=UTC)
    return start + dt.timedelta(days=1) if end else start


@dataclass(frozen=True)
class Mission:
    id: Hashable
    name: str
    spacecraft: str
    #: The agency that operates the spacecraft (the flight's "home" agency for cross-agency seats).
    operator: str
    seat_count: int
    launch: dt.datetime
    #: The planned landing: the crew that flew up on it comes home then, unless a return elsewhere is on file.
    landing: dt.datetime
    station: Hashable | None = None
    status: str = PLANNED
    #: People wanted on the ascent; None means a full vehicle (the seat count). A planner may ask for fewer.
    crew_size: int | None = None
    #: The role of each seat number for a seat that is not the commander's (seat 1 is the commander's);
    #: empty: "pilot" for seat 2 and "mission_specialist" after it.
    seat_roles: tuple[str, ...] = ()

    @property
    def wanted(self) -> int:
        return self.seat_count if self.crew_size is None else self.crew_size

    def role_of_seat(self, seat: int) -> str:
        if seat == 1:
            return COMMANDER
        if len(self.seat_roles) >= seat:
            return self.seat_roles[seat - 1]
        return "pilot" if seat == 2 else "mission_specialist"

    @property
    def label(self) -> str:
        """ "SpaceX Crew-14 (2027-03-15)": how the explanations name a mission."""
        return f"{self.name} ({self.launch.date().isoformat()})"


@dataclass(frozen=True)
class SeatOnFile:
    """One person in one seat of one leg, as the plan or the record has it now."""

    person: Hashable
    mission: Hashable
    leg: str
    seat: int | None
    role: str
    #: A planner pinned it: the solver keeps it as it is.
    pinned: bool = False
    #: The leg has flown: the record, always kept (pinned whatever `pinned` says).
    flown: bool = False

    @property
    def kept(self) -> bool:
        return self.pinned or self.flown


@dataclass(frozen=True)
class Qualification:
    spacecraft: str
    status: str = QUALIFIED
    #: For one in training: the planned completion date (qualified from then on, that day included).
    completes: dt.date | None = None

    def ready_for(self, launch: dt.datetime) -> bool:
        """Qualified, or in training with a completion date on or before the launch day (as the seat rules
        read it: `crews.rules.fitness`); in training with no date is not ready."""
        if self.status == QUALIFIED:
            return True
        return self.completes is not None and self.completes <= launch.date()


@dataclass(frozen=True)
class Interval:
    """A stretch of time someone cannot fly: `why` is the reason (unavailable) or what they are busy with."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    why: str

    @property
    def span(self) -> tuple[dt.datetime, dt.datetime]:
        return moment(self.start), moment(self.end, end=True)

    @property
    def dates(self) -> str:
        first, last = self.span
        return f"{first.date().isoformat()} to {(last - dt.timedelta(seconds=1)).date().isoformat()}"


@dataclass(frozen=True)
class Candidate:
    id: Hashable
    name: str
    agency: str
    qualifications: tuple[Qualification, ...] = ()
    #: Unavailability (medical, leave, retirement …), each with its reason.
    unavailable: tuple[Interval, ...] = ()
    #: Flights and hours before the horizon's missions, from the record.
    prior_flights: int = 0
    prior_hours: float = 0.0

    def qualification(self, spacecraft: str) -> Qualification | None:
        return next((q for q in self.qualifications if q.spacecraft == spacecraft), None)

    @property
    def veteran(self) -> bool:
        return self.prior_flights > 0


@dataclass(frozen=True)
class Commitment:
    """A person's other commitment outside the horizon's missions (another flight, a backup assignment …)."""

    person: Hashable
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    what: str

    def as_interval(self) -> Interval:
        return Interval(self.start, self.end, self.what)


@dataclass(frozen=True, eq=False)
class Agreement(AgreementTerms):
    """Seats one agency's crew may fly on the other's vehicles (`missions.terms` says in force, seats_for)."""

    id: Hashable
    name: str
    agency_a: str
    agency_b: str
    in_force_from: dt.date
    in_force_to: dt.date | None
    seats_a_on_b: int
    seats_b_on_a: int
    #: Seats already used each way before or outside the horizon.
    used_a_on_b: int = 0
    used_b_on_a: int = 0

    @property
    def parties(self) -> tuple[str, str]:
        return self.agency_a, self.agency_b

    def used_for(self, crew_agency: str, operator: str) -> int:
        return self.used_a_on_b if (crew_agency, operator) == self.parties else self.used_b_on_a

    @property
    def two_way(self) -> bool:
        return self.seats_a_on_b > 0 and self.seats_b_on_a > 0


@dataclass(frozen=True)
class Aboard:
    """Someone of a required agency aboard a station when the horizon starts, and until when."""

    agency: str
    until: dt.datetime
    person: Hashable | None = None


@dataclass(frozen=True)
class Station:
    id: Hashable
    name: str
    required_agencies: tuple[str, ...] = ()
    aboard: tuple[Aboard, ...] = ()


def _weight(default, text: str):
    return field(default=default, metadata={"text": text})


@dataclass(frozen=True)
class Weights:
    """What the planner trades off: the cost of each unit of a soft rule (0 turns it off), and two switches."""

    continuity_gap_day: int = _weight(
        1000, "per day a station has nobody of one of its required agencies aboard (weighs most)"
    )
    ledger_seat: int = _weight(
        100, "per seat an agreement with seats both ways is out of balance (counting seats already used)"
    )
    change: int = _weight(30, "per change to the current plan: a seat on file dropped or moved, a seat added")
    crew_without_veteran: int = _weight(200, "per crew with nobody who has flown before")
    rookie_commander: int = _weight(150, "per commander who has not flown before")
    repeat_flight: int = _weight(20, "per flight of one person beyond their first in the horizon")
    experienced_commander_hard: bool = _weight(
        False, "a commander must have flown before (hard), instead of the soft rule above"
    )
    integrated_crews_hard: bool = _weight(
        True, "a flight to a station carries someone of each of the station's required agencies (hard)"
    )

    @classmethod
    def describe(cls) -> list[tuple[str, str]]:
        """(name, text) of each weight, for the page that lets a planner change them."""
        return [(f.name, f.metadata["text"]) for f in fields(cls)]


@dataclass(frozen=True)
class World:
    """One planning problem: the horizon and everything the solver reads."""

    start: dt.datetime
    end: dt.datetime
    missions: tuple[Mission, ...]
    candidates: tuple[Candidate, ...]
    seats: tuple[SeatOnFile, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    stations: tuple[Station, ...] = ()
    commitments: tuple[Commitment, ...] = ()
