"""What the seat forms offer and say about a mission's seats: which are open on each leg, why a seat asked for is
not open ("Ascent full (4 of 4)"), and the role a seat usually has on this spacecraft."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import Coalesce

from missions.models import Mission

from .models import SeatAssignment, Unavailability
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
    return f"{this.label} seat {seat} is taken: open {this.label.lower()} seats are {in_words(this.open)}."


def in_words(items) -> str:
    """ "1", "1 and 2", "1, 2 and 3": for sentences."""
    words = [str(item) for item in items]
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


def busy_people(mission: Mission) -> dict[int, str]:
    """Person id → where they are while this mission flies ("busy: Soyuz MS-22, Soyuz MS-23 (2022-09-21 →
    2023-09-27)":
    up on one, home on the other): their seats on
    another mission (not scrubbed) whose days overlap this one's, launch to landing as planned (a missing
    landing: the latest possible landing, else the launch day), and their unavailability then (with its reason).
    A hint for the picker, by the day, from two queries; the rules decide, to the minute."""
    start = mission.launch_date
    end = mission.landing_date or mission.landing_by or start
    seats = (
        SeatAssignment.objects.exclude(mission=mission)
        .exclude(mission__status=Mission.Status.SCRUBBED)
        .filter(mission__launch_date__lte=end)
        .annotate(until=Coalesce("mission__landing_date", "mission__landing_by", "mission__launch_date"))
        .filter(until__gte=start)
        .order_by("mission__launch_date")
        .values_list("crew_member_id", "mission__name", "mission__launch_date", "until")
    )
    spans: dict[int, tuple[list[str], dt.date, dt.date]] = {}
    for person, name, launch, until in seats:
        names, first, last = spans.get(person, ([], launch, until))
        spans[person] = ([*names, name] if name not in names else names, min(first, launch), max(last, until))
    busy = {
        person: f"busy: {', '.join(names)} ({first.isoformat()} → {last.isoformat()})"
        for person, (names, first, last) in spans.items()
    }
    away = Unavailability.objects.filter(starts_on__lte=end, ends_on__gte=start).order_by("starts_on")
    for person, reason, first, last in away.values_list("crew_member_id", "reason", "starts_on", "ends_on"):
        said = f"unavailable: {reason} ({first.isoformat()} → {last.isoformat()})"
        busy[person] = f"{busy[person]}; {said}" if person in busy else said
    return busy


def on_this_mission(mission: Mission) -> dict[int, str]:
    """Person id → their seats on this mission ("ascent seat 1, commander"; both legs). One query."""
    seats: dict[int, list[str]] = {}
    rows = mission.seat_assignments.order_by("leg", "seat").values_list(
        "crew_member_id", "leg", "seat", "role"
    )
    for person, leg, seat, role in rows:
        place = f"{leg} seat {seat}" if seat is not None else f"{leg} (no seat number)"
        seats.setdefault(person, []).append(f"{place}, {Role(role).label.lower()}")
    return {person: "; ".join(places) for person, places in seats.items()}
