"""The seat rules, as functions of plain data (`data.py`): `evaluate()` says what is wrong.

Nothing here touches the database: `facts.FactBook` turns model rows into these
facts, and `enforcement` decides whether a problem refuses a change (a mission
not yet flown) or is a warning (a mission that has flown).

The rules:
1. A seat number lies between 1 and the spacecraft's seat count; one person per
   seat per leg; a person at most once per leg of a mission; one commander per leg;
   no more people on a leg than seats, counting those the record gives no number.
2. Nobody is aboard two flights at once; a return may not come before its ascent
   (`flights.py`).
3. A cross-agency seat (the person's agency does not operate the spacecraft) on an
   ascent names an agreement between the two agencies, in force on the launch
   date, with seats left in that direction. Seats are counted on ascents.
6. The person can fly: not unavailable during the flight, in training no later than
   the launch by a completion date on file (`fitness.py`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

from .data import ASCENT, COMMANDER, Problem, SeatFacts
from .fitness import training_problems, unavailable_problems
from .flights import Pairs, flights_of, overlap_problems, seat_order


def _a_seat(seat: SeatFacts) -> str:
    return f"seat {seat.seat}" if seat.seat is not None else "a seat (no number on file)"


#: Rule 1's clashes within one leg: (code, field reported on, what two seats may not share, the sentence).
_CLASHES = (
    ("seat_taken", "seat", lambda s: s.seat,
     lambda s, held: f"Seat {s.seat} on the {s.leg} of {s.mission.name} is already held by {held.person}."),
    ("person_twice", "crew_member", lambda s: s.person_key,
     lambda s, held: f"{s.person} already has {_a_seat(held)} on the {s.leg} of {s.mission.name}."),
    ("second_commander", "role", lambda s: COMMANDER if s.role == COMMANDER else None,
     lambda s, held: f"{s.mission.name} already has a commander on the {s.leg}: {held.person}."),
)  # fmt: skip


def _rule1(group: list[SeatFacts]) -> list[Problem]:
    """One leg's seats: each within the seat map; no seat, person or command held twice (the first keeps it)."""
    problems = []
    first: dict[str, dict] = {code: {} for code, *_ in _CLASHES}
    for seat in sorted(group, key=seat_order):
        mission = seat.mission
        if seat.seat is None:
            # The record of a leg that has flown may not say who sat where; a plan must, even on a mission that
            # has launched (its return leg). Refused whatever the mission's status, as the seat map is.
            if seat.leg not in mission.flown_legs:
                problems.append(
                    Problem(rule=1, code="seat_missing", seat=seat, field="seat", hard=True,
                            message=f"{seat.person} needs a seat number on the {seat.leg} of {mission.name} "
                            f"(1 to {mission.seat_count}): only a leg that has flown may leave it out.")
                )  # fmt: skip
        elif seat.seat < 1 or seat.seat > mission.seat_count:
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
        for code, field, shared, sentence in _CLASHES:
            key = shared(seat)
            held = first[code].setdefault(key, seat) if key is not None else seat
            if held is not seat:
                problems.append(
                    Problem(rule=1, code=code, seat=seat, field=field, message=sentence(seat, held), hard=True,
                            others=(held,))
                )  # fmt: skip
    return problems + _over_capacity(group)


def _over_capacity(group: list[SeatFacts]) -> list[Problem]:
    """One leg's people without a seat number sit in seats all the same: with the numbered seats, no more
    people than the spacecraft has seats (numbered seats alone are held to it by the seat map). Reported on
    the last of them, naming everyone on the leg (so that an edit of one of them is not a new problem)."""
    mission = group[0].mission
    unnumbered = [s for s in sorted(group, key=seat_order) if s.seat is None]
    numbered = {s.seat for s in group if s.seat is not None and 1 <= s.seat <= mission.seat_count}
    aboard = len(numbered) + len(unnumbered)
    if not unnumbered or aboard <= mission.seat_count:
        return []
    last = unnumbered[-1]
    names = ", ".join(s.person for s in unnumbered)
    message = (
        f"{mission.spacecraft} has {mission.seat_count} seats, but the {last.leg} of {mission.name} carries "
        f"{aboard} people, counting {len(unnumbered)} without a seat number ({names})."
    )
    others = tuple(s for s in group if s is not last)
    # More people than seats cannot have flown: refused whatever the status, as the seat map is.
    return [
        Problem(
            rule=1, code="over_capacity", seat=last, field="seat", message=message, hard=True, others=others
        )
    ]


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
    if seat.leg == ASCENT:
        return _rule3_in_force(seat, agreement)
    return []


def _rule3_in_force(seat: SeatFacts, agreement) -> list[Problem]:
    """In force at the launch: on its day; for a launch known only to the month or the year, refused when it
    is in force on none of its days, a possible problem (a warning) when on only some."""
    mission, launch = seat.mission, seat.mission.launch
    in_force = agreement.in_force_over(launch.date, launch.last_day)
    if in_force is True:
        return []
    if in_force is False:
        code = "agreement_not_in_force"
        message = (
            f"{agreement.name} is not in force {launch.on_or_in()}, the launch of {mission.name} "
            f"(in force {agreement.in_force_text})."
        )
    else:
        code = "agreement_maybe_not_in_force"
        message = (
            f"{agreement.name} may not be in force at the launch of {mission.name}, known only as {launch.shown()} "
            f"(in force {agreement.in_force_text}: for part of it)."
        )
    return [
        Problem(rule=3, code=code, seat=seat, field="agreement", message=message, possible=in_force is None)
    ]


def _rule3_allotment(direction: list[SeatFacts], allotted: int) -> list[Problem]:
    """Seats beyond the allotment: stored seats keep theirs, in launch order; a seat being added comes last."""
    ordered = sorted(
        direction, key=lambda s: (s.pending, s.mission.launch.earliest, s.mission.name, s.seat or 0)
    )
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
    person, rule 3's seat count per agreement, rule 6's unavailability per person). None means all are
    complete.
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
        problems.extend(training_problems(seat))
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
        problems.extend(overlap_problems(flights))
        problems.extend(unavailable_problems(flights))
    for (_key, crew_key, operator_key), direction in by_direction.items():
        allotted = direction[0].agreement.seats_for(crew_key, operator_key)
        problems.extend(_rule3_allotment(direction, allotted))
    return problems
