"""What the roster pages show: missions in list order, one launch's roster, one person's flights.

Each function reads with a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Value, When

from missions.models import Agreement, Mission

from .models import CrewMember, Qualification, SeatAssignment
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
    qualification: Qualification | None = None
    #: The mission of the other leg of this person's flight, when it is not this mission.
    other_mission: Mission | None = None
    #: Set when this ascent has no return leg on file (or this return no ascent).
    other_leg_missing: bool = False

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
    """The two seat tables of a launch, with each person's qualification and other leg. Five queries."""
    record = record_around([mission])
    mine = [r for r in record.rows if r.mission_id == mission.pk]
    for row in mine:
        row.mission = mission  # one mission object for the page, with its related rows loaded
    missions = {r.mission_id: r.mission for r in record.rows}
    qualifications = {
        q.crew_member_id: q
        for q in Qualification.objects.filter(
            spacecraft_id=mission.spacecraft_id, crew_member_id__in={r.crew_member_id for r in mine}
        )
    }
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
            seat.qualification = qualifications.get(seat.assignment.crew_member_id)
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


# --- one person ------------------------------------------------------------------------------


@dataclass
class FlightLine:
    flight: Flight
    ascent: SeatAssignment | None
    return_leg: SeatAssignment | None

    @property
    def flown(self) -> bool:
        """The flight has happened: its last leg's mission has landed, at a known date."""
        last = self.return_leg or self.ascent
        return (
            self.ascent is not None
            and self.ascent.mission.is_record
            and last.mission.status == Mission.Status.LANDED
            and self.flight.end_moment is not None
        )

    @property
    def in_progress(self) -> bool:
        return self.ascent is not None and self.ascent.mission.is_record and not self.flown

    @property
    def approximate(self) -> bool:
        """A date of the flight is known only to the month or the year: its days are an estimate."""
        moments = (self.flight.start_moment, self.flight.end_moment)
        return any(m is not None and m.is_approximate for m in moments)

    @property
    def days_range(self) -> tuple[float, float] | None:
        """The fewest and the most days the flight can have lasted, when a date is known only to the month or
        the year (None otherwise, or while the landing is unknown)."""
        flight = self.flight
        if self.ascent is None or flight.end_moment is None or not self.approximate:
            return None
        start, end = flight.start_moment, flight.end_moment
        fewest = max(0.0, (end.earliest - start.latest).total_seconds() / 86400)
        return fewest, (end.latest - start.earliest).total_seconds() / 86400

    @property
    def days(self) -> float | None:
        """Days from the ascent's launch to the return's landing; None while the landing is unknown. With a date
        known only to the month or year, the middle of `days_range` (an estimate: see `approximate`)."""
        flight = self.flight
        if self.ascent is None or flight.end_moment is None:
            return None
        if self.days_range is not None:
            return sum(self.days_range) / 2
        start, end = flight.start_moment, flight.end_moment
        if start.has_time and end.has_time:
            return (end.earliest - start.earliest).total_seconds() / 86400
        return float((end.date - start.date).days)


@dataclass
class CrewProfile:
    person: CrewMember
    flights: list[FlightLine]
    upcoming: list[SeatAssignment]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def days_in_flight(self) -> float:
        """Days of the flights that have happened (launched and landed); planned flights do not count."""
        return sum(line.days for line in self.flights if line.flown)

    @property
    def days_approximate(self) -> bool:
        return any(line.approximate for line in self.flights if line.flown)

    @property
    def flights_without_landing(self) -> int:
        """Flights launched whose landing has not happened or is not on file."""
        return sum(1 for line in self.flights if line.in_progress)


def profile_of(person: CrewMember) -> CrewProfile:
    """A person's flights (legs paired as the rules pair them), in time order, and planned seats."""
    seats = list(
        SeatAssignment.objects.with_people()
        .select_related("mission__launch_site")
        .filter(crew_member=person)
        .order_by("mission__launch_date", "mission__name")
    )
    book = FactBook()
    by_key = {s.pk: s for s in seats}
    flights, _orphans = flights_of([book.seat(s) for s in seats])
    lines = [
        FlightLine(
            flight=f,
            ascent=by_key[f.ascent.key] if f.ascent else None,
            return_leg=by_key[f.return_leg.key] if f.return_leg else None,
        )
        for f in flights
        if f.anchor.mission.flies
    ]
    upcoming = [s for s in seats if s.mission.is_upcoming]
    return CrewProfile(person=person, flights=lines, upcoming=upcoming)
