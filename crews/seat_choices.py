"""What the seat forms offer and say about a mission's seats: which are open on each leg, why a seat asked for is
not open ("Ascent full (4 of 4)"), and the role a seat usually has on this spacecraft."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from missions.models import Mission

from .models import SeatAssignment
from .selectors import open_seat_numbers

Leg = SeatAssignment.Leg
Role = SeatAssignment.Role


@dataclass
class LegSeats:
    leg: str
    seat_count: int
    held: list[int | None]
    open: list[int]
    flown: bool = False

    @property
    def label(self) -> str:
        return Leg(self.leg).label

    @property
    def filled(self) -> int:
        return len(self.held)

    @property
    def full(self) -> bool:
        return not self.flown and not self.open

    def fullness(self) -> str:
        """ "Ascent full (4 of 4)"."""
        return f"{self.label} full ({self.filled} of {self.seat_count})"


def leg_seats(mission: Mission, legs: list[str]) -> dict[str, LegSeats]:
    """Each leg of the mission: the seats held and open (`legs`: the legs open to planning; the others have
    flown). One query."""
    held: dict[str, list] = {leg: [] for leg in Leg.values}
    for leg, seat in mission.seat_assignments.values_list("leg", "seat"):
        held[leg].append(seat)
    count = mission.spacecraft.seat_count
    return {
        leg: LegSeats(leg, count, held[leg], open_seat_numbers(count, held[leg]), flown=leg not in legs)
        for leg in Leg.values
    }


def why_not_open(seats: dict[str, LegSeats], value: str, spacecraft: str) -> str:
    """Why `leg:seat` is not among the open seats, and what to do instead."""
    leg, _, number = value.partition(":")
    if leg not in seats or not number.isdigit():
        return "Choose an open seat from the list."
    this, seat = seats[leg], int(number)
    other = seats[Leg.RETURN if leg == Leg.ASCENT else Leg.ASCENT]
    if this.flown:
        return f"The {this.label.lower()} has flown: its seats can no longer be planned."
    if this.full:
        instead = f" or choose a {other.label.lower()} seat" if other.open else ""
        return f"{this.fullness()}: release or move someone first{instead}."
    if not 1 <= seat <= this.seat_count:
        return f"{spacecraft} has {this.seat_count} seats: there is no seat {seat}."
    return f"{this.label} seat {seat} is taken: open {this.label.lower()} seats are {_listed(this.open)}."


def _listed(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"


def usual_roles(mission: Mission) -> dict[int, str]:
    """Seat number → the role that seat has most often had on this spacecraft's ascents on file (seat 2 of Crew
    Dragon is the pilot's, of Soyuz a flight engineer's). Seat 1 is the commander's when the record is silent.
    One query."""
    counts: dict[int, Counter] = {}
    rows = (
        SeatAssignment.objects.filter(
            mission__spacecraft_id=mission.spacecraft_id, leg=Leg.ASCENT, seat__isnull=False
        )
        .values_list("seat", "role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for seat, role, n in rows:
        counts.setdefault(seat, Counter())[role] += n
    roles = {seat: counter.most_common(1)[0][0] for seat, counter in counts.items()}
    roles.setdefault(1, Role.COMMANDER)
    return roles
