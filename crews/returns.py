"""Bringing a crew home in one step: who of a mission's ascent crew has no return on file, and the return seats
they would take on a mission's return leg (theirs, or another's, as the MS-22 crew came home on MS-23).

The seats planned here are written by `services.crew_return`, through the same rules as every other write.
"""

from __future__ import annotations

from dataclasses import dataclass

from missions.models import Mission

from .models import SeatAssignment
from .rules import record_around
from .selectors import open_seat_numbers

Leg = SeatAssignment.Leg
Role = SeatAssignment.Role


def crew_without_return(ascent: Mission) -> list[SeatAssignment]:
    """The ascent seats of `ascent` whose people have no return leg on file (on it or on another mission), in
    seat order. Three queries (the rules' reading of the record around the mission)."""
    record = record_around([ascent])
    seats = [r for r in record.rows if r.mission_id == ascent.pk and r.leg == Leg.ASCENT]
    waiting = []
    for seat in seats:
        flight = record.flight_of(seat.pk)
        if flight is None or flight.return_leg is None:
            waiting.append(seat)
    return sorted(waiting, key=lambda s: (s.seat is None, s.seat or 0, s.crew_member.name))


@dataclass
class ReturnPlan:
    ride: Mission
    seats: list[SeatAssignment]
    #: People for whom the ride's return leg has no open seat.
    left_out: list[SeatAssignment]

    def message(self) -> str:
        names = ", ".join(s.crew_member.name for s in self.left_out)
        return (
            f"{self.ride.name}'s return has {len(self.seats)} open seat{'' if len(self.seats) == 1 else 's'} "
            f"for {len(self.seats) + len(self.left_out)} people: no seat for {names}. Plan their return one by "
            "one (Return…) or on another mission."
        )


def plan_return(waiting: list[SeatAssignment], ride: Mission) -> ReturnPlan:
    """Return seats on `ride` for the people of these ascent seats, unsaved: each keeps their seat number and
    role where that seat is open (and the leg has no commander yet, for a commander); the others take the lowest
    seats left, as flight engineers. A cross-agency person keeps their ascent's agreement. One query."""
    held = list(ride.seat_assignments.filter(leg=Leg.RETURN).values_list("seat", "role"))
    free = open_seat_numbers(ride.spacecraft.seat_count, [seat for seat, _ in held])
    has_commander = any(role == Role.COMMANDER for _, role in held)
    # Their own seat numbers first, then the lowest open seats for the others, in seat order.
    numbers = {s.pk: s.seat for s in waiting if s.seat in free}
    free = [n for n in free if n not in numbers.values()]
    for seat in waiting:
        if seat.pk not in numbers and free:
            numbers[seat.pk] = free.pop(0)
    planned, left_out = [], []
    for ascent in waiting:
        number = numbers.get(ascent.pk)
        if number is None:
            left_out.append(ascent)
            continue
        role = ascent.role if number == ascent.seat else Role.FLIGHT_ENGINEER
        if role == Role.COMMANDER and has_commander:
            role = Role.FLIGHT_ENGINEER
        has_commander = has_commander or role == Role.COMMANDER
        person = ascent.crew_member
        cross = person.agency_id != ride.spacecraft.operator_id
        planned.append(
            SeatAssignment(
                mission=ride, leg=Leg.RETURN, seat=number, role=role, crew_member=person,
                agreement=ascent.agreement if cross else None,
            )
        )  # fmt: skip
    return ReturnPlan(ride=ride, seats=planned, left_out=left_out)
