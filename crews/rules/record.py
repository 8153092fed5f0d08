"""The read side: the stored seats around some missions, as the rules read them, for showing warnings.

Nothing here locks or refuses; `enforcement` does that for writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from missions.models import Mission

from ..models import SeatAssignment
from .data import Problem, SeatFacts
from .engine import evaluate
from .facts import FactBook, stored_seats
from .flights import Flight, flights_of


@dataclass
class Record:
    """The stored seats around some missions, as the rules read them."""

    rows: list[SeatAssignment]
    facts: dict[int, SeatFacts]
    problems: list[Problem]
    flights: dict[int, list[Flight]] = field(default_factory=dict)

    def problems_of(self, mission_pk: int) -> list[Problem]:
        return [p for p in self.problems if p.concerns_mission(mission_pk)]

    def flight_of(self, seat_pk: int) -> Flight | None:
        """The flight (ascent and return) a stored seat belongs to."""
        seat = self.facts.get(seat_pk)
        if seat is None:
            return None
        return next((f for f in self.flights.get(seat.person_key, []) if seat in f.seats), None)


def record_around(missions: Sequence[Mission]) -> Record:
    """The seats of these missions, every flight of the people aboard, and what the rules say. Three queries."""
    mission_ids = {m.pk for m in missions}
    person_ids = set(
        SeatAssignment.objects.filter(mission_id__in=mission_ids).values_list("crew_member_id", flat=True)
    )
    rows, agreement_ids = stored_seats(mission_ids, person_ids, set())
    book = FactBook()
    facts = {r.pk: book.seat(r) for r in rows}
    problems = evaluate(facts.values(), missions=mission_ids, people=person_ids, agreements=agreement_ids)
    by_person: dict[int, list[SeatFacts]] = defaultdict(list)
    for seat in facts.values():
        if seat.person_key in person_ids:
            by_person[seat.person_key].append(seat)
    flights = {person: flights_of(seats)[0] for person, seats in by_person.items()}
    return Record(rows=rows, facts=facts, problems=problems, flights=flights)


def problems_by_mission(missions: Sequence[Mission]) -> dict[int, list[Problem]]:
    """Every broken rule touching each mission's seats, for showing as warnings."""
    record = record_around(missions)
    return {m.pk: record.problems_of(m.pk) for m in missions}


def mission_warnings(mission: Mission) -> list[Problem]:
    return problems_by_mission([mission])[mission.pk]
