"""What the roster pages show: missions in list order, one launch's roster, one person's flights.

Each function reads with a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from missions.models import Agreement, Mission
from missions.moments import Moment

from .careers import ASCENT, LANDED, RETURN, SAME_DAYS, SCRUBBED, flight_columns, with_careers
from .models import CrewMember, SeatAssignment
from .prepared import Prepared
from .rules import FactBook, Flight, Problem, flights_of, record_around

UPCOMING = Mission.UPCOMING_STATUSES


def missions_for_list():
    """Missions not yet flown first (soonest first), then the rest (latest first), with seat counts."""
    cross_agency = SeatAssignment.objects.filter(mission=OuterRef("pk")).exclude(
        crew_member__agency=OuterRef("spacecraft__operator")
    )
    upcoming = Case(When(status__in=UPCOMING, then=Value(0)), default=Value(1), output_field=IntegerField())
    return (
        Mission.objects.select_related("spacecraft__operator", "launch_site", "destination")
        .annotate(
            upcoming_first=upcoming,
            ascent_filled=Count("seat_assignments", filter=Q(seat_assignments__leg="ascent")),
            return_filled=Count("seat_assignments", filter=Q(seat_assignments__leg="return")),
            has_cross_agency=Exists(cross_agency),
        )
        .order_by(
            "upcoming_first",
            Case(When(status__in=UPCOMING, then=F("launch_date"))).asc(),
            Case(When(status__in=UPCOMING, then=F("launch_time"))).asc(nulls_first=True),
            Case(When(~Q(status__in=UPCOMING), then=F("launch_date"))).desc(),
            Case(When(~Q(status__in=UPCOMING), then=F("launch_time"))).desc(nulls_last=True),
            "name",
        )
    )


# --- one launch ------------------------------------------------------------------------------


@dataclass
class RosterSeat:
    """One seat (`seat`, its number; None when the record does not say) of one leg: open, or held."""

    seat: int | None
    assignment: SeatAssignment | None = None
    #: The person's training on the spacecraft: `Qualification.Status` ("qualified", "in_training"), or None.
    training: str | None = None
    #: The mission of the other leg of this person's flight, when it is not this mission.
    other_mission: Mission | None = None
    #: Set when this ascent has no return leg on file (or this return no ascent).
    other_leg_missing: bool = False
    #: A planner's links on this row (`move`, `swap`, `release`, `return`), set by the page that shows them.
    links: dict[str, str] = field(default_factory=dict)

    @property
    def cross_agency(self) -> bool:
        return self.assignment is not None and self.assignment.is_cross_agency

    @property
    def beyond_seat_count(self) -> bool:
        return (
            self.assignment is not None
            and self.seat is not None
            and self.seat > self.assignment.mission.spacecraft.seat_count
        )


@dataclass
class Roster:
    mission: Mission
    ascent: list[RosterSeat]
    return_leg: list[RosterSeat]
    agreements: list[Agreement]
    warnings: list[Problem]


def open_seat_numbers(seat_count: int, held: list[int | None]) -> list[int]:
    """The numbers of one leg's open seats, given the seat numbers held on it (None: someone the record gives
    no number). Such people sit in seats all the same: as many open seats as are left, the lowest numbers."""
    numbers = {n for n in held if n is not None}
    free = [n for n in range(1, seat_count + 1) if n not in numbers]
    left = seat_count - len(numbers & set(range(1, seat_count + 1))) - sum(1 for n in held if n is None)
    return free[: max(0, left)]


def _roster_seats(mission: Mission, assignments: list[SeatAssignment], leg: str) -> list[RosterSeat]:
    by_number = {a.seat: a for a in assignments if a.seat is not None}
    open_seats = open_seat_numbers(mission.spacecraft.seat_count, [a.seat for a in assignments])
    if mission.leg_has_flown(leg) and (mission.outcome or any(a.seat is None for a in assignments)):
        # The record does not say which seats flew empty (or nobody came home): no made-up empty seats.
        open_seats = []
    numbers = sorted(set(open_seats) | set(by_number))
    unnumbered = [RosterSeat(seat=None, assignment=a) for a in assignments if a.seat is None]
    return [RosterSeat(seat=n, assignment=by_number.get(n)) for n in numbers] + unnumbered


def roster_of(mission: Mission) -> Roster:
    """The two seat tables of a launch, with each person's training and other leg. Two queries."""
    record = record_around([mission])
    mine = [r for r in record.rows if r.mission_id == mission.pk]
    for row in mine:
        row.mission = mission  # one mission object for the page, with its related rows loaded
    missions = {r.mission_id: r.mission for r in record.rows}
    tables = {}
    for leg in (SeatAssignment.Leg.ASCENT, SeatAssignment.Leg.RETURN):
        seats = _roster_seats(
            mission,
            sorted(
                (r for r in mine if r.leg == leg),
                key=lambda r: (r.seat is None, r.seat or 0, r.crew_member.name),
            ),
            leg,
        )
        for seat in seats:
            if seat.assignment is None:
                continue
            seat.training = seat.assignment.training  # read with the seat (`rules.record`)
            flight = record.flight_of(seat.assignment.pk)
            other = None
            if flight is not None:
                other = flight.return_leg if leg == SeatAssignment.Leg.ASCENT else flight.ascent
            if other is None:
                seat.other_leg_missing = mission.flies
            elif other.mission.key != mission.pk:
                seat.other_mission = missions[other.mission.key]
        tables[leg] = seats
    agreements = sorted({r.agreement for r in mine if r.agreement is not None}, key=lambda a: a.name)
    return Roster(
        mission=mission,
        ascent=tables[SeatAssignment.Leg.ASCENT],
        return_leg=tables[SeatAssignment.Leg.RETURN],
        agreements=agreements,
        warnings=record.problems_of(mission.pk),
    )


def crew_for_list() -> QuerySet:
    """Crew members with their careers (`careers.with_careers`), by name."""
    people = CrewMember.objects.select_related("agency").prefetch_related("other_names")
    return with_careers(people).order_by("name", "pk")


#: One person by slug with their career (a list of one, or empty): the careers' expressions are long, and the
#: ORM took 100 ms to build and compile them on every request; their SQL is written once (`Prepared`). Other
#: names are read when shown.
person_with_career = Prepared(
    lambda slug: with_careers(CrewMember.objects.select_related("agency")).filter(slug=slug), str
)


# --- one person ------------------------------------------------------------------------------


@dataclass
class FlightLine:
    """One flight of a person, its legs paired as `flight_columns` pairs them; `ascent` is annotated with it."""

    flight: Flight
    ascent: SeatAssignment | None
    return_leg: SeatAssignment | None

    @property
    def ends_on(self) -> Mission:
        return (self.return_leg or self.ascent).mission

    @property
    def returned_on(self) -> Mission | None:
        """The mission the person came home on, when it is not the one they went up on."""
        if self.ascent is None or self.ends_on.pk == self.ascent.mission_id:
            return None
        return self.ends_on

    @property
    def landing(self) -> Moment | None:
        return self.ends_on.landing

    @property
    def flown(self) -> bool:
        """Launched, and landed: the mission it ends on has landed (the date may not be on file)."""
        return self.ascent is not None and self.ascent.mission.is_record and self.ends_on.status == LANDED

    @property
    def in_progress(self) -> bool:
        return self.ascent is not None and self.ascent.mission.is_record and not self.flown

    @property
    def days_known(self) -> bool:
        most = self.ascent.days_most if self.flown else None
        return most is not None and most - self.ascent.days_fewest <= SAME_DAYS

    @property
    def approximate(self) -> bool:
        return self.flown and self.ascent.days_most is not None and not self.days_known

    @property
    def days(self) -> float | None:
        """The days when known; the middle of the range when approximate; None when not known."""
        if self.days_known:
            return self.ascent.days_fewest
        if self.approximate:
            return (self.ascent.days_fewest + self.ascent.days_most) / 2
        return None

    @property
    def days_range(self) -> tuple[float, float] | None:
        return (self.ascent.days_fewest, self.ascent.days_most) if self.approximate else None


@dataclass
class CrewProfile:
    person: CrewMember
    flights: list[FlightLine]
    upcoming: list[SeatAssignment]

    @property
    def in_progress(self) -> int:
        """Flights launched whose landing has not happened or is not on file."""
        return sum(1 for line in self.flights if line.in_progress)

    @property
    def without_landing(self) -> int:
        """Flights landed whose days the record does not bound (landing not on file, no hours, no latest date)."""
        return sum(1 for line in self.flights if line.flown and line.days is None)


def _line(book: FactBook, ascent: SeatAssignment | None, return_leg: SeatAssignment | None) -> FlightLine:
    facts = [book.seat(s) for s in (ascent, return_leg) if s is not None]
    pairs = {facts[1].key: facts[0].key} if len(facts) == 2 else None
    flights, _problems = flights_of(facts, pairs)
    anchor = facts[0].key
    flight = next(f for f in flights if f.anchor.key == anchor)
    return FlightLine(flight=flight, ascent=ascent, return_leg=return_leg)


def _seats_of(person_pk: int) -> QuerySet:
    return (
        SeatAssignment.objects.with_people()
        .select_related("mission__launch_site")
        .filter(crew_member_id=person_pk)
        .exclude(mission__status=SCRUBBED)
        .annotate(**flight_columns())
        .order_by(
            "mission__launch_date", F("mission__launch_time").asc(nulls_first=True), "mission__name", "leg"
        )
    )


#: A person's seats with their flights' columns; written once, as `person_with_career`.
_SEATS_OF = Prepared(_seats_of, int)


def profile_of(person: CrewMember) -> CrewProfile:
    """A person's flights since their first, in launch order (planned ones too), and planned seats. One query."""
    seats = _SEATS_OF(person.pk)
    by_key = {s.pk: s for s in seats}
    own_return = {s.mission_id: s for s in seats if s.leg == RETURN}
    book, lines, paired = FactBook(), [], set()
    for ascent in (s for s in seats if s.leg == ASCENT):
        end = by_key.get(ascent.end_seat_id)
        return_leg = end if end is not None and end.leg == RETURN else own_return.get(ascent.mission_id)
        paired.add(return_leg.pk if return_leg else None)
        lines.append(_line(book, ascent, return_leg))
    lines += [_line(book, None, s) for s in seats if s.leg == RETURN and s.pk not in paired]
    lines.sort(key=lambda line: line.flight.start)
    upcoming = [s for s in seats if s.mission.is_upcoming]
    return CrewProfile(person=person, flights=lines, upcoming=upcoming)
