"""The seat rules, as functions of plain data.

Nothing here touches the database: `enforcement.py` turns model rows into these
facts, asks `evaluate()` what is wrong, and decides whether that refuses a
change (a planned mission) or is a warning (a mission that has flown).

The rules:
1. A seat number lies between 1 and the spacecraft's seat count; one person per
   seat per leg; a person at most once per leg of a mission; one commander per leg.
2. Nobody is aboard two flights at once. A flight runs from the ascent mission's
   launch to the return mission's landing; with no return leg on file, to the
   ascent mission's own landing; with no landing at all, it is open-ended. A
   return may not come before its ascent.
3. A cross-agency seat (the person's agency does not operate the spacecraft) on an
   ascent names an agreement between the two agencies, in force on the launch
   date, with seats left in that direction. Seats are counted on ascents.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

from missions.moments import Moment

_END_OF_TIME = dt.datetime.max.replace(tzinfo=dt.UTC)

ASCENT = "ascent"
RETURN = "return"
COMMANDER = "commander"


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


@dataclass(frozen=True, eq=False)
class AgreementFacts:
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

    def seats_for(self, crew_key: Hashable, operator_key: Hashable) -> int | None:
        if (crew_key, operator_key) == (self.agency_a_key, self.agency_b_key):
            return self.seats_a_on_b
        if (crew_key, operator_key) == (self.agency_b_key, self.agency_a_key):
            return self.seats_b_on_a
        return None

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)

    @property
    def in_force_text(self) -> str:
        end = self.in_force_to.isoformat() if self.in_force_to else "no end date"
        return f"{self.in_force_from.isoformat()} to {end}"


@dataclass(frozen=True, eq=False)
class SeatFacts:
    key: Hashable
    mission: MissionFacts
    leg: str
    seat: int
    role: str
    person_key: Hashable
    person: str
    agency_key: Hashable
    agency: str
    agreement: AgreementFacts | None = None
    #: Part of the change being checked (a candidate), not yet stored.
    pending: bool = False

    @property
    def cross_agency(self) -> bool:
        return self.agency_key != self.mission.operator_key

    @property
    def where(self) -> str:
        return f"seat {self.seat} on the {self.leg} of {self.mission.name}"


@dataclass(frozen=True, eq=False)
class Flight:
    """One stay in flight of one person: up on `ascent`, down on `ret` (either may be missing)."""

    person_key: Hashable
    person: str
    ascent: SeatFacts | None
    ret: SeatFacts | None
    start: dt.datetime
    end: dt.datetime | None  # None: open-ended
    start_moment: Moment
    end_moment: Moment | None

    @property
    def seats(self) -> tuple[SeatFacts, ...]:
        return tuple(s for s in (self.ascent, self.ret) if s is not None)

    @property
    def anchor(self) -> SeatFacts:
        """The seat a problem about this flight is reported on: the ascent, or the return if none."""
        return self.ascent or self.ret

    @property
    def pending(self) -> bool:
        return any(s.pending for s in self.seats)

    def describe(self) -> str:
        """`Soyuz MS-22 from 2022-09-21 to 2023-09-27 (returning on Soyuz MS-23)`."""
        first = self.anchor.mission.name
        end = self.end_moment.date.isoformat() if self.end_moment else "an open-ended landing"
        text = f"{first} from {self.start_moment.date.isoformat()} to {end}"
        if self.ascent and self.ret and self.ret.mission is not self.ascent.mission:
            text += f" (returning on {self.ret.mission.name})"
        elif self.ascent and not self.ret:
            text += " (no return leg on file)"
        return text

    def overlaps(self, other: Flight) -> bool:
        return (other.end is None or self.start < other.end) and (self.end is None or other.start < self.end)


@dataclass(frozen=True, eq=False)
class Problem:
    """A broken rule, reported on `seat` (the seat the sentence is about)."""

    rule: int
    code: str
    seat: SeatFacts
    field: str
    message: str
    #: The database refuses this whatever the mission's status.
    hard: bool = False
    others: tuple[SeatFacts, ...] = field(default=())

    @property
    def key(self) -> tuple:
        """Names the problem whichever seat it is reported on, to tell old problems from new."""
        return (self.code, frozenset(repr(s.key) for s in self.seats))

    @property
    def seats(self) -> tuple[SeatFacts, ...]:
        return (self.seat, *self.others)

    def concerns_mission(self, mission_key: Hashable) -> bool:
        return any(s.mission.key == mission_key for s in self.seats)

    def __str__(self) -> str:
        return self.message


def _flight(person_key, person, ascent, ret) -> Flight:
    if ascent is not None:
        start_moment = ascent.mission.launch
        end_moment = ret.mission.landing if ret is not None else ascent.mission.landing
    else:  # a return with no ascent: the flight is known only by its landing
        start_moment = ret.mission.landing or ret.mission.launch
        end_moment = ret.mission.landing
    return Flight(
        person_key=person_key,
        person=person,
        ascent=ascent,
        ret=ret,
        start=start_moment.earliest,
        end=end_moment.latest if end_moment else None,
        start_moment=start_moment,
        end_moment=end_moment,
    )


def _leg_order(seat: SeatFacts) -> tuple:
    mission = seat.mission
    if seat.leg == ASCENT:
        return (mission.launch.earliest, 1, mission.name)
    # A return is placed at its landing; with no landing known yet, after everything
    # (it is open-ended). At the same instant a return comes first: a handover.
    when = mission.landing.latest if mission.landing else _END_OF_TIME
    return (when, 0, mission.name)


#: A person's return legs paired with their ascents: {return seat key: ascent seat key}.
Pairs = dict[Hashable, Hashable]


def _landed_by(ascent: SeatFacts, when: dt.datetime) -> bool:
    landing = ascent.mission.landing
    return landing is not None and landing.latest <= when


def flights_of(seats: Iterable[SeatFacts], pairs: Pairs | None = None) -> tuple[list[Flight], list[Problem]]:
    """Pair one person's legs into flights, in time order; returns with no ascent are problems.

    A return closes the ascent of its own mission if the person went up on it,
    else the earliest ascent still open (an ascent whose own mission landed before
    the person's next launch counts as closed by that landing). `pairs` (from
    `pairings()` on the stored record) are kept first, so that a change being
    checked is measured against the flights as recorded and cannot re-pair them.
    Scrubbed missions carry nobody and are left out; a second seat of the same
    person on the same leg (a rule 1 clash) is left out too.
    """
    legs: list[SeatFacts] = []
    seen: set = set()
    for seat in sorted(seats, key=_seat_order):
        if seat.mission.flies and (seat.mission.key, seat.leg) not in seen:
            seen.add((seat.mission.key, seat.leg))
            legs.append(seat)
    legs.sort(key=_leg_order)

    flights: list[Flight] = []
    problems: list[Problem] = []
    kept: set = set()
    if pairs:
        by_key = {seat.key: seat for seat in legs}
        for ret_key, ascent_key in pairs.items():
            ret, ascent = by_key.get(ret_key), by_key.get(ascent_key)
            if (
                ret
                and ascent
                and ret.leg == RETURN
                and ascent.leg == ASCENT
                and _leg_order(ascent) < _leg_order(ret)
            ):
                flights.append(_flight(ret.person_key, ret.person, ascent, ret))
                kept |= {ret_key, ascent_key}

    open_ascents: list[SeatFacts] = []
    for seat in legs:
        if seat.key in kept:
            continue
        if seat.leg == ASCENT:
            # An ascent whose own mission landed before this launch came home with it.
            for ascent in [a for a in open_ascents if _landed_by(a, seat.mission.launch.earliest)]:
                flights.append(_flight(ascent.person_key, ascent.person, ascent, None))
                open_ascents.remove(ascent)
            open_ascents.append(seat)
            continue
        # A return closes the ascent of its own mission, else the earliest one still open.
        ascent = next((a for a in open_ascents if a.mission.key == seat.mission.key), None)
        if ascent is None and open_ascents:
            ascent = open_ascents[0]
        if ascent is not None:
            flights.append(_flight(seat.person_key, seat.person, ascent, seat))
            open_ascents.remove(ascent)
            continue
        landing = seat.mission.landing
        when = f"landing {landing}" if landing else "landing date not set"
        problems.append(
            Problem(
                rule=2,
                code="return_before_ascent",
                seat=seat,
                field="crew_member",
                message=(
                    f"A return may not come before its ascent: {seat.person} returns on "
                    f"{seat.mission.name} ({when}) with no ascent before it on file."
                ),
            )
        )
        flights.append(_flight(seat.person_key, seat.person, None, seat))
    for ascent in open_ascents:
        flights.append(_flight(ascent.person_key, ascent.person, ascent, None))
    flights.sort(key=lambda f: f.start)
    return flights, problems


def pairings(seats: Iterable[SeatFacts]) -> Pairs:
    """Which ascent each return closes, for every person among `seats`."""
    by_person: dict[Hashable, list[SeatFacts]] = defaultdict(list)
    for seat in seats:
        by_person[seat.person_key].append(seat)
    pairs: Pairs = {}
    for person_seats in by_person.values():
        for flight in flights_of(person_seats)[0]:
            if flight.ascent is not None and flight.ret is not None:
                pairs[flight.ret.key] = flight.ascent.key
    return pairs


def _overlap_problems(flights: list[Flight]) -> list[Problem]:
    problems = []
    ordered = sorted(flights, key=lambda f: f.start)
    active: list[Flight] = []
    for flight in ordered:
        active = [a for a in active if a.end is None or a.end > flight.start]
        for earlier in active:
            if not earlier.overlaps(flight):
                continue
            # Report on the flight being changed, naming the one already on file.
            target, other = (earlier, flight) if earlier.pending and not flight.pending else (flight, earlier)
            end = f"to {target.end_moment.date.isoformat()}" if target.end_moment else "open-ended"
            problems.append(
                Problem(
                    rule=2,
                    code="overlap",
                    seat=target.anchor,
                    field="crew_member",
                    message=(
                        f"{target.person} is already aboard {other.describe()}; this flight on "
                        f"{target.anchor.mission.name} runs from {target.start_moment.date.isoformat()} {end}."
                    ),
                    others=other.seats,
                )
            )
        active.append(flight)
    return problems


def _seat_order(seat: SeatFacts) -> tuple:
    # Stored seats first, so that a clash is reported on the candidate; then by key
    # (ids, or the order in which new seats were entered).
    return (seat.pending, type(seat.key).__name__, seat.key)


def _rule1(group: list[SeatFacts]) -> list[Problem]:
    problems = []
    by_seat: dict[int, SeatFacts] = {}
    by_person: dict[Hashable, SeatFacts] = {}
    commander: SeatFacts | None = None
    for seat in sorted(group, key=_seat_order):
        mission = seat.mission
        if seat.seat < 1 or seat.seat > mission.seat_count:
            problems.append(
                Problem(
                    rule=1,
                    code="seat_out_of_range",
                    seat=seat,
                    field="seat",
                    message=(
                        f"Seat {seat.seat} does not exist on {mission.name}: "
                        f"{mission.spacecraft} has seats 1 to {mission.seat_count}."
                    ),
                    # A seat the vehicle does not have cannot have been flown either.
                    hard=True,
                )
            )
        holder = by_seat.get(seat.seat)
        if holder is not None:
            problems.append(
                Problem(
                    rule=1,
                    code="seat_taken",
                    seat=seat,
                    field="seat",
                    message=f"Seat {seat.seat} on the {seat.leg} of {mission.name} is already held by {holder.person}.",
                    hard=True,
                    others=(holder,),
                )
            )
        else:
            by_seat[seat.seat] = seat
        twin = by_person.get(seat.person_key)
        if twin is not None:
            problems.append(
                Problem(
                    rule=1,
                    code="person_twice",
                    seat=seat,
                    field="crew_member",
                    message=f"{seat.person} already has seat {twin.seat} on the {seat.leg} of {mission.name}.",
                    hard=True,
                    others=(twin,),
                )
            )
        else:
            by_person[seat.person_key] = seat
        if seat.role == COMMANDER:
            if commander is not None:
                problems.append(
                    Problem(
                        rule=1,
                        code="second_commander",
                        seat=seat,
                        field="role",
                        message=f"{mission.name} already has a commander on the {seat.leg}: {commander.person}.",
                        hard=True,
                        others=(commander,),
                    )
                )
            else:
                commander = seat
    return problems


def _rule3_seat(seat: SeatFacts) -> list[Problem]:
    """The agreement named on one seat: present when needed, between the right agencies, in force."""
    mission, agreement = seat.mission, seat.agreement
    if agreement is None:
        if seat.leg == ASCENT and seat.cross_agency:
            return [
                Problem(
                    rule=3,
                    code="no_agreement",
                    seat=seat,
                    field="agreement",
                    message=(
                        f"{seat.person} ({seat.agency}) has a cross-agency seat on {mission.operator}'s "
                        f"{mission.spacecraft} ({mission.name}): name an agreement between "
                        f"{seat.agency} and {mission.operator}."
                    ),
                )
            ]
        return []
    if not seat.cross_agency:
        return [
            Problem(
                rule=3,
                code="agreement_not_needed",
                seat=seat,
                field="agreement",
                message=(
                    f"{seat.person} flies on their own agency's vehicle ({mission.operator}): "
                    f"no agreement applies, so {agreement.name} should not be named."
                ),
            )
        ]
    if agreement.seats_for(seat.agency_key, mission.operator_key) is None:
        return [
            Problem(
                rule=3,
                code="agreement_wrong_parties",
                seat=seat,
                field="agreement",
                message=(
                    f"{agreement.name} is between {agreement.agency_a} and {agreement.agency_b}; "
                    f"it does not cover {seat.agency} crew on {mission.operator} vehicles."
                ),
            )
        ]
    if seat.leg == ASCENT and not agreement.in_force_on(mission.launch.date):
        return [
            Problem(
                rule=3,
                code="agreement_not_in_force",
                seat=seat,
                field="agreement",
                message=(
                    f"{agreement.name} is not in force on {mission.launch.date.isoformat()}, the launch of "
                    f"{mission.name} (in force {agreement.in_force_text})."
                ),
            )
        ]
    return []


def _rule3_allotment(direction: list[SeatFacts], allotted: int) -> list[Problem]:
    """Seats beyond the allotment: stored seats keep theirs, in launch order; a seat being added comes last."""
    ordered = sorted(direction, key=lambda s: (s.pending, s.mission.launch.earliest, s.mission.name, s.seat))
    problems = []
    holders = ordered[:allotted]
    for seat in ordered[allotted:]:
        agreement, mission = seat.agreement, seat.mission
        if allotted:
            taken = "; ".join(f"{h.person} ({h.mission.name})" for h in holders)
            detail = f"all {allotted} are taken: {taken}"
        else:
            detail = "it allots none in this direction"
        problems.append(
            Problem(
                rule=3,
                code="no_seats_left",
                seat=seat,
                field="agreement",
                message=(
                    f"No seats left for {seat.agency} crew on {mission.operator} vehicles under "
                    f"{agreement.name}: {detail}."
                ),
            )
        )
    return problems


def evaluate(
    seats: Iterable[SeatFacts],
    *,
    missions: set | None = None,
    people: set | None = None,
    agreements: set | None = None,
    pairs: Pairs | None = None,
) -> list[Problem]:
    """Every broken rule among `seats`.

    `seats` may be a slice of the record: then `missions`, `people` and
    `agreements` name the keys whose seats are all present, and only those are
    checked for the rules that need all of them (rule 1 per mission, rule 2 per
    person, rule 3's seat count per agreement). None means all are complete.
    `pairs` keeps returns with the ascents they closed before (see `flights_of`).
    """
    seats = list(seats)
    problems: list[Problem] = []

    by_leg: dict[tuple, list[SeatFacts]] = defaultdict(list)
    by_person: dict[Hashable, list[SeatFacts]] = defaultdict(list)
    by_direction: dict[tuple, list[SeatFacts]] = defaultdict(list)
    for seat in seats:
        if missions is None or seat.mission.key in missions:
            by_leg[(seat.mission.key, seat.leg)].append(seat)
        if people is None or seat.person_key in people:
            by_person[seat.person_key].append(seat)
        problems.extend(_rule3_seat(seat))
        agreement = seat.agreement
        if (
            agreement is not None
            and seat.leg == ASCENT
            and seat.mission.flies
            and (agreements is None or agreement.key in agreements)
            and agreement.seats_for(seat.agency_key, seat.mission.operator_key) is not None
        ):
            by_direction[(agreement.key, seat.agency_key, seat.mission.operator_key)].append(seat)

    for group in by_leg.values():
        problems.extend(_rule1(group))
    for person_seats in by_person.values():
        flights, orphan_returns = flights_of(person_seats, pairs)
        problems.extend(orphan_returns)
        problems.extend(_overlap_problems(flights))
    for (_key, crew_key, operator_key), direction in by_direction.items():
        allotted = direction[0].agreement.seats_for(crew_key, operator_key)
        problems.extend(_rule3_allotment(direction, allotted))
    return problems
