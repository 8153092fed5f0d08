"""What the roster pages show: missions in list order, one launch's roster, one person's flights.

Each function reads with a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import F, QuerySet, prefetch_related_objects

from missions import versions
from missions.models import Agreement, Mission
from missions.moments import Moment

from .careers import ASCENT, LANDED, RETURN, SAME_DAYS, SCRUBBED, flight_columns, with_careers
from .kept_rows import kept_each
from .models import CrewMember, OtherName, SeatAssignment
from .prepared import ByIds, Prepared
from .rules import FactBook, Flight, Problem, flights_of, problems_by_mission, record_around


def missions_for_list() -> QuerySet:
    """Missions not yet flown first (soonest first), then the rest (latest first): the bare rows, for filtering,
    sorting and paging (an index reads them in this order). What the list shows of their seats comes from
    `launch_rows`, for the page's rows only."""
    return Mission.objects.in_list_order()


@dataclass
class CrewChip:
    """One person on a launches-list row: the surname shown, the whole name on hover."""

    surname: str
    name: str
    agency: str


def _missions_shown(*keys) -> QuerySet:
    return (
        Mission.objects.filter(pk__in=keys)
        .select_related("spacecraft__operator", "launch_site", "destination")
        .order_by()
    )


#: The missions of a page of the launches list, planned by index and once per connection.
_listed_missions = ByIds(_missions_shown, by_index=True, generic=True)


def launch_rows(keys: Sequence[int]) -> list[Mission]:
    """The missions with these ids, in this order, as the launches list shows them: spacecraft, operator, site
    and station; `ascent_filled` and `return_filled` (people on each leg); `crew` (the ascent crew in seat order,
    as `CrewChip`s); `cross_agencies` (the agencies aboard that do not operate the vehicle, A–Z) and
    `has_cross_agency`. Two queries, over these missions and their seats only. A mission deleted meanwhile is
    left out."""
    missions = {mission.pk: mission for mission in _listed_missions(keys)}
    rows = [missions[pk] for pk in keys if pk in missions]
    for mission in rows:
        mission.ascent_filled = mission.return_filled = 0
        mission.crew, agencies = [], set()
        mission.cross_agencies = agencies
    seats = (
        SeatAssignment.objects.filter(mission_id__in=missions)
        .order_by("mission_id", "leg", F("seat").asc(nulls_last=True), "crew_member__name")
        .values_list("mission_id", "leg", "crew_member__name", "crew_member__agency_id",
                     "crew_member__agency__short_name")
    )  # fmt: skip
    for mission_id, leg, name, agency_id, agency in seats:
        mission = missions[mission_id]
        if leg == SeatAssignment.Leg.ASCENT:
            mission.ascent_filled += 1
            mission.crew.append(CrewChip(surname=name.split()[-1], name=name, agency=agency))
        else:
            mission.return_filled += 1
        if agency_id != mission.spacecraft.operator_id:
            mission.cross_agencies.add(agency)
    for mission in rows:
        mission.cross_agencies = sorted(mission.cross_agencies)
        mission.has_cross_agency = bool(mission.cross_agencies)
    return rows


@dataclass(frozen=True)
class RowWarning:
    """A broken rule as a launches-list row shows it: its sentence, and whether it is only possible."""

    code: str
    message: str
    possible: bool = False

    def __str__(self) -> str:
        return self.message


#: `launch_warnings` without a token: it reads the record's version itself.
_UNREAD = object()


def launch_warnings(missions: Sequence[Mission], token=_UNREAD) -> dict[int, list[RowWarning]]:
    """The broken rules touching each of these missions (a page of the launches list).

    Worked out from the record around them only (`rules.record_around`: their seats, every flight of the people
    aboard, the seats under those seats' agreements: 12–25 ms for 25 rows), and kept in the cache per mission
    under the record's version (`missions.versions`), which changes after every committed change to anything
    the rules read: a page shown again costs one query and a cache read; after a change, the first view works
    them out again. Never stale: the version is read before the record is (`token`, when the page has read it
    before reading the rows; else here)."""
    token = versions.current() if token is _UNREAD else token
    by_key = {m.pk: m for m in missions}

    def work_out(keys: list[int]) -> dict[int, list[RowWarning]]:
        return {
            pk: [RowWarning(p.code, p.message, p.possible) for p in problems]
            for pk, problems in problems_by_mission([by_key[pk] for pk in keys]).items()
        }

    warnings = kept_each("launch-warnings", list(by_key), work_out, token, daily=False)
    return {m.pk: warnings[m.pk] for m in missions}


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

    @property
    def waiting_for_return(self) -> bool:
        """Someone of the ascent crew has no return leg on file (the roster offers to bring them home)."""
        return any(seat.other_leg_missing for seat in self.ascent if seat.assignment is not None)


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
    """The two seat tables of a launch, with each person's training and other leg. One query."""
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


@functools.cache
def _crew_with_careers() -> QuerySet:
    """Built once per process and never evaluated itself: `crew_for_list` hands out copies."""
    people = CrewMember.objects.select_related("agency").prefetch_related("other_names")
    return with_careers(people).order_by("name", "pk")


def _careers(*keys) -> QuerySet:
    return with_careers(CrewMember.objects.select_related("agency")).filter(pk__in=keys).order_by()


#: The careers of a page of /crews/, planned once per connection, by index: PostgreSQL planned their correlated
#: subqueries at every request (2.8 ms, to run them in 2.3 ms, at 100× the demo).
_page_careers = ByIds(_careers, by_index=True, generic=True)
_CAREER_BY_SLUG = Prepared(
    lambda slug: with_careers(CrewMember.objects.select_related("agency")).filter(slug=slug).order_by(), str
)


def career_by_slug(slug: str) -> CrewMember | None:
    """One person (by the slug of their page) with their career and other names: two queries, the first's SQL
    written once per process."""
    people = _CAREER_BY_SLUG(slug)
    prefetch_related_objects(people, "other_names")
    return people[0] if people else None


def careers_of(keys: Sequence[int]) -> dict[int, CrewMember]:
    """These people (ids) with their careers (`careers.with_careers`) and other names (`list_other_names`): one
    query per 25 people (the SQL written once per process: compiling the careers' long expressions cost more
    than the database's answer), and one for the other names. Someone deleted meanwhile is left out."""
    people = _page_careers(keys)
    list_other_names(people)
    return {person.pk: person for person in people}


def list_other_names(people: Sequence[CrewMember]) -> None:
    """Give each person `other_name_list`: their other names (text, A–Z), in one query. (Django's
    `prefetch_related` made a related manager and a queryset for each person: 1 ms of a page of 25.)"""
    names: dict[int, list[str]] = {person.pk: [] for person in people}
    rows = OtherName.objects.filter(crew_member_id__in=names).order_by("crew_member_id", "name", "pk")
    for person_id, name in rows.values_list("crew_member_id", "name"):
        names[person_id].append(name)
    for person in people:
        person.other_name_list = names[person.pk]


def crew_for_list() -> QuerySet:
    """Crew members with their careers (`careers.with_careers`), by name.

    A copy of one query built once: annotating with the careers' long expressions (Django copies and resolves
    every node) took longer than the database's answer for a page, at every request; a copy shares them,
    already resolved, as a class-based view's `queryset` attribute does.
    """
    return _crew_with_careers().all()


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


_PERSON_SEATS = Prepared(
    lambda pk: (
        SeatAssignment.objects.with_people()
        .select_related("mission__launch_site")
        .filter(crew_member_id=pk)
        .exclude(mission__status=SCRUBBED)
        .annotate(**flight_columns())
        .order_by(
            "mission__launch_date", F("mission__launch_time").asc(nulls_first=True), "mission__name", "leg"
        )
    ),
    int,
)


def profile_of(person: CrewMember) -> CrewProfile:
    """A person's flights since their first, in launch order (planned ones too), and planned seats. One query."""
    seats = _PERSON_SEATS(person.pk)
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
