"""The plain facts the seat rules read, and the problem they report. No database here.

`facts.FactBook` builds these from model rows; tests build them by hand. Keys
(`key`, `person_key`, `agency_key`, `operator_key`) are anything hashable: ids
for stored rows, names in tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable
from dataclasses import dataclass, field
from decimal import Decimal

from missions.choices import Leg
from missions.moments import Moment
from missions.terms import AgreementTerms

ASCENT = Leg.ASCENT.value
RETURN = Leg.RETURN.value
# `crews.models.Role.COMMANDER`, as a plain string so that the engine (`data`, `engine`, `flights`) imports no
# models (a test holds them equal).
COMMANDER = "commander"
# `crews.models.Qualification.Status.IN_TRAINING`, plain for the same reason.
IN_TRAINING = "in_training"


@dataclass(frozen=True, eq=False)
class MissionFacts:
    key: Hashable
    name: str
    status: str
    launch: Moment
    landing: Moment | None
    spacecraft: str
    seat_count: int
    operator_key: Hashable
    operator: str
    is_record: bool = False
    flies: bool = True
    #: The legs that have flown (`Mission.leg_has_flown`): their seats are the record, which may leave a seat
    #: number out. A launched mission's return is still a plan.
    flown_legs: frozenset[str] = frozenset()
    #: When the landing is not on file: the latest it can have been, and the last day a source shows the crew
    #: in space (`Mission.landing_by`, `Mission.crew_seen_until`).
    landing_by: dt.date | None = None
    crew_seen_until: dt.date | None = None


@dataclass(frozen=True, eq=False)
class AgreementFacts(AgreementTerms):
    """An agreement's terms (seats each way, dates in force: `missions.terms`) and names for messages."""

    key: Hashable
    name: str
    agency_a_key: Hashable
    agency_b_key: Hashable
    agency_a: str
    agency_b: str
    in_force_from: dt.date
    in_force_to: dt.date | None
    seats_a_on_b: int
    seats_b_on_a: int

    @property
    def parties(self) -> tuple[Hashable, Hashable]:
        return self.agency_a_key, self.agency_b_key


@dataclass(frozen=True, eq=False)
class AwayFacts:
    """A stretch when a person cannot fly (`Unavailability`): from the start of `first` to the end of `last`,
    UTC days."""

    key: Hashable
    first: dt.date
    last: dt.date
    reason: str

    @property
    def span(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.first, dt.time.min, tzinfo=dt.UTC)
        return start, dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)

    def shown(self) -> str:
        """`from 2027-03-01 to 2027-04-15 (medical)`."""
        return f"from {self.first.isoformat()} to {self.last.isoformat()} ({self.reason})"


@dataclass(frozen=True, eq=False)
class TrainingFacts:
    """A person's training on one spacecraft (`Qualification`): `status` ("qualified", "in_training") and, in
    training, the planned completion date when one is on file."""

    status: str
    completes: dt.date | None = None


@dataclass(frozen=True, eq=False)
class SeatFacts:
    """One person in one seat (`seat`, its number; None when the record does not say) of one leg of a mission."""

    key: Hashable
    mission: MissionFacts
    leg: str
    seat: int | None
    role: str
    person_key: Hashable
    person: str
    agency_key: Hashable
    agency: str
    agreement: AgreementFacts | None = None
    #: Part of the change being checked (a candidate), not yet stored.
    pending: bool = False
    #: The person's hours on this flight as a source records them (on the ascent), when it does.
    hours: Decimal | None = None
    #: The person's unavailability (every stretch on file; the same for each of their seats).
    away: tuple[AwayFacts, ...] = ()
    #: The person's training on this seat's spacecraft; None when none is on file.
    training: TrainingFacts | None = None

    @property
    def cross_agency(self) -> bool:
        return self.agency_key != self.mission.operator_key


@dataclass(frozen=True, eq=False)
class Problem:
    """A broken rule, reported on `seat` (the seat the sentence is about)."""

    rule: int
    code: str
    seat: SeatFacts
    field: str
    message: str
    #: Refused whatever the mission's status (the database refuses most of these too).
    hard: bool = False
    others: tuple[SeatFacts, ...] = field(default=())
    #: It may be so, or not: dates known only to the month or the year leave it open. Never refuses.
    possible: bool = False
    #: What the problem is about when its seats alone do not say it (an unavailability and the flight it meets):
    #: then it names the problem instead of the seats.
    subject: Hashable | None = None

    @property
    def key(self) -> tuple:
        """Names the problem whichever seat it is reported on, to tell old problems from new."""
        if self.subject is not None:
            return (self.code, self.subject)
        return (self.code, frozenset(repr(s.key) for s in self.seats))

    @property
    def seats(self) -> tuple[SeatFacts, ...]:
        return (self.seat, *self.others)

    def concerns_mission(self, mission_key: Hashable) -> bool:
        return any(s.mission.key == mission_key for s in self.seats)

    def __str__(self) -> str:
        return self.message
