"""Agreement ledgers: for each direction of an agreement, seats allotted, flown, planned and left.

Seats are counted on ascent legs; flown means the mission has launched (or
landed), planned that it is planned or scheduled; scrubbed missions hold no seat.
One agreement's page (`ledger_of`) files each of its seats (`_file`); the list
(`ledgers`) has the database count them (`COUNTED`, `PLANNED`): the same
definitions, one in Python and one in SQL, kept alike by a test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from missions.models import Agency, Agreement, Mission

from .models import SeatAssignment
from .prepared import ByIds
from .rules import FactBook, Problem, evaluate


def crew_word(agency: Agency, n: int) -> str:
    word = "cosmonaut" if agency.short_name == "Roscosmos" else "astronaut"
    return f"{n} {agency.short_name} {word}{'' if n == 1 else 's'}"


@dataclass
class Direction:
    """`crew` agency's people on `operator`'s vehicles under one agreement."""

    crew: Agency
    operator: Agency
    allotted: int
    flown: int = 0
    planned: int = 0

    @property
    def left(self) -> int:
        return self.allotted - self.flown - self.planned

    @property
    def over(self) -> int:
        return max(0, -self.left)


@dataclass
class Ledger:
    agreement: Agreement
    a_on_b: Direction
    b_on_a: Direction
    seats: list[SeatAssignment] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: The day the ledger is read on (UTC): whether the agreement is in force, not yet, or expired.
    today: dt.date = field(default_factory=lambda: timezone.now().date())

    @property
    def directions(self) -> list[Direction]:
        return [self.a_on_b, self.b_on_a]

    @property
    def state(self) -> str:
        """`in_force`, `not_yet` or `expired`, today."""
        return self.agreement.state_on(self.today)

    @property
    def expired(self) -> bool:
        """Nothing is left on an expired agreement: its unused seats can no longer be flown."""
        return self.state == Agreement.EXPIRED

    @property
    def state_text(self) -> str:
        return self.agreement.state_text(self.today)

    def balance(self) -> str:
        """In words, on flights flown: "NASA has flown 5 Roscosmos cosmonauts, Roscosmos 4 NASA astronauts:
        Roscosmos owes 1 seat"."""
        flown = [(d.operator, d.crew, d.flown, d.allotted) for d in self.directions]
        both_ways = all(allotted for *_, allotted in flown)
        if not any(allotted for *_, allotted in flown):
            return "No seats are allotted either way."
        if not both_ways:
            operator, crew, n, allotted = next((f for f in flown if f[3]), flown[0])
            return (
                f"{operator.short_name} has flown {crew_word(crew, n)} (seats one way only: nothing is owed)."
            )
        (op1, crew1, n1, _), (op2, crew2, n2, _) = sorted(flown, key=lambda f: -f[2])
        text = f"{op1.short_name} has flown {crew_word(crew1, n1)}, {op2.short_name} {crew_word(crew2, n2)}"
        if n1 == n2:
            return text + ": the seats balance."
        owed = n1 - n2
        return text + f": {op2.short_name} owes {owed} seat{'' if owed == 1 else 's'}."


def _directions(agreement: Agreement) -> tuple[Direction, Direction]:
    a, b = agreement.agency_a, agreement.agency_b
    return (
        Direction(a, b, agreement.seats_for(a.pk, b.pk)),
        Direction(b, a, agreement.seats_for(b.pk, a.pk)),
    )


def _file(ledger: Ledger, seat: SeatAssignment) -> None:
    """Count `seat` in its direction, if the ledger counts it (as `COUNTED` and `PLANNED` do in SQL)."""
    if seat.leg != SeatAssignment.Leg.ASCENT or not seat.mission.flies:
        return
    for direction in ledger.directions:
        if (seat.crew_member.agency_id, seat.mission.spacecraft.operator_id) == (
            direction.crew.pk,
            direction.operator.pk,
        ):
            if seat.mission.is_upcoming:
                direction.planned += 1
            else:
                direction.flown += 1


#: The seats a ledger counts, as `_file` does: ascents of missions that fly (`Mission.flies`: not scrubbed).
COUNTED = Q(leg=SeatAssignment.Leg.ASCENT) & ~Q(mission__status=Mission.Status.SCRUBBED)
#: Of those, the planned ones (`Mission.is_upcoming`); the others have flown.
PLANNED = Q(mission__status__in=Mission.UPCOMING_STATUSES)


#: The agreements of a page of /agreements/ (ids) with their parties, by SQL written once (`ByIds`).
agreements_shown = ByIds(
    lambda *keys: Agreement.objects.filter(pk__in=keys).select_related("agency_a", "agency_b").order_by(),
    by_index=True,
    generic=True,
)


def ledgers(agreements: Iterable[Agreement]) -> list[Ledger]:
    """The ledgers of these agreements (with their parties selected), in their order, from one query: their seats
    counted by the database per agreement and direction, so that a ledger costs what it shows, not how many seats
    are under it."""
    result = [Ledger(agreement, *_directions(agreement)) for agreement in agreements]
    by_id = {ledger.agreement.pk: ledger for ledger in result}
    counts = (
        SeatAssignment.objects.filter(COUNTED, agreement__in=list(by_id))
        .values("agreement", "crew_member__agency", "mission__spacecraft__operator")
        .annotate(flown=Count("pk", filter=~PLANNED), planned=Count("pk", filter=PLANNED))
        .order_by()
    )
    for row in counts:
        pair = (row["crew_member__agency"], row["mission__spacecraft__operator"])
        for direction in by_id[row["agreement"]].directions:
            if pair == (direction.crew.pk, direction.operator.pk):
                direction.flown += row["flown"]
                direction.planned += row["planned"]
    return result


def ledger_of(agreement: Agreement) -> Ledger:
    """One agreement: its directions, every seat under it in date order, and what breaks its terms."""
    ledger = Ledger(agreement, *_directions(agreement))
    ledger.seats = list(SeatAssignment.objects.with_people().filter(agreement=agreement).in_roster_order())
    for seat in ledger.seats:
        _file(ledger, seat)
    book = FactBook()
    facts = [book.seat(s) for s in ledger.seats]
    found = evaluate(facts, missions=set(), people=set(), agreements={agreement.pk})
    ledger.warnings = [p for p in found if p.rule == 3]
    return ledger
