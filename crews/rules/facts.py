"""Model rows turned into the rules' plain facts, and the stored seats a check needs.

What read-only code imports (pages, continuity, ledgers): `FactBook` builds
`SeatFacts` from `SeatAssignment` rows, with some rows replaced by their edited
versions when a change is being checked; `stored_seats` reads the seats around
some missions, people and agreements.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable

from django.db.models import Q

from missions.models import Agreement, Mission

from ..models import CrewMember, Qualification, SeatAssignment, Unavailability
from .data import AgreementFacts, AwayFacts, MissionFacts, SeatFacts, TrainingFacts

_new_seat_numbers = itertools.count(1)


def seat_key(seat: SeatAssignment):
    """The key of a seat assignment in the rules' facts: its id, or a number given when first asked while unsaved."""
    if seat.pk is not None:
        return seat.pk
    if not hasattr(seat, "_rules_key"):
        seat._rules_key = ("new", next(_new_seat_numbers))
    return seat._rules_key


def row_key(obj):
    """The key of a row in the rules' facts: its id, or, while it is not saved yet, the object itself."""
    return obj.pk if obj.pk is not None else ("new", obj._meta.label, id(obj))


def related_key(obj, field: str):
    """The key of what `obj.<field>` points to, saved or not (None if nothing)."""
    pk = getattr(obj, f"{field}_id")
    if pk is not None:
        return pk
    related = obj._meta.get_field(field).get_cached_value(obj, None)
    return row_key(related) if related is not None else None


def mission_key(mission: Mission):
    return row_key(mission)


class Fitness:
    """What rule 6 reads of people: their unavailability, and their training on each spacecraft."""

    def __init__(
        self,
        away: dict[Hashable, tuple[AwayFacts, ...]] | None = None,
        training: dict[tuple[Hashable, Hashable], TrainingFacts] | None = None,
    ):
        self.away = away or {}
        self.training = training or {}

    @classmethod
    def of(cls, person_ids: Iterable) -> Fitness:
        """Read from the database for these people (saved ones): two queries, none without people."""
        ids = {i for i in person_ids if i is not None}
        if not ids:
            return cls()
        return cls(away_of(Unavailability.objects.filter(crew_member_id__in=ids)), training_of(ids))


def away_of(rows: Iterable[Unavailability]) -> dict[Hashable, tuple[AwayFacts, ...]]:
    """Each person's stretches of unavailability, from `Unavailability` rows."""
    away: dict[Hashable, list[AwayFacts]] = defaultdict(list)
    for row in rows:
        away[row.crew_member_id].append(AwayFacts(row.pk, row.starts_on, row.ends_on, row.reason))
    return {person: tuple(sorted(spells, key=lambda a: a.first)) for person, spells in away.items()}


def training_of(person_ids: set) -> dict[tuple[Hashable, Hashable], TrainingFacts]:
    rows = Qualification.objects.filter(crew_member_id__in=person_ids).values_list(
        "crew_member_id", "spacecraft_id", "status", "planned_completion"
    )
    return {(person, craft): TrainingFacts(status, completes) for person, craft, status, completes in rows}


class FactBook:
    """Turns model rows into the rules' plain facts, with some rows replaced by their edited versions.

    With `fitness`, each seat carries its person's unavailability and training (rule 6); without, rule 6 has
    nothing to read (pages that only pair flights, the ledgers)."""

    def __init__(
        self, *, missions=(), spacecraft=(), agreements=(), people=(), fitness: Fitness | None = None
    ):
        self.missions = {m.pk: m for m in missions if m.pk is not None}
        self.spacecraft = {s.pk: s for s in spacecraft if s.pk is not None}
        self.agreements = {a.pk: a for a in agreements if a.pk is not None}
        self.people = {p.pk: p for p in people if p.pk is not None}
        self.fitness = fitness or Fitness()
        self._mission_facts: dict = {}
        self._agreement_facts: dict = {}

    def mission(self, mission: Mission) -> MissionFacts:
        mission = self.missions.get(mission.pk, mission)
        key = mission_key(mission)
        if key not in self._mission_facts:
            spacecraft = self.spacecraft.get(mission.spacecraft_id) or mission.spacecraft
            self._mission_facts[key] = MissionFacts(
                key=key,
                name=mission.name,
                status=mission.status,
                launch=mission.launch,
                landing=mission.landing,
                spacecraft=spacecraft.name,
                seat_count=spacecraft.seat_count,
                operator_key=related_key(spacecraft, "operator"),
                operator=spacecraft.operator.short_name,
                is_record=mission.is_record,
                flies=mission.flies,
                flown_legs=frozenset(leg for leg in Mission.LEG_FLOWN_IN if mission.leg_has_flown(leg)),
                landing_by=mission.landing_by,
                crew_seen_until=mission.crew_seen_until,
            )
        return self._mission_facts[key]

    def agreement(self, agreement: Agreement | None) -> AgreementFacts | None:
        if agreement is None:
            return None
        agreement = self.agreements.get(agreement.pk, agreement)
        if agreement.pk not in self._agreement_facts:
            self._agreement_facts[agreement.pk] = AgreementFacts(
                key=agreement.pk,
                name=agreement.name,
                agency_a_key=agreement.agency_a_id,
                agency_b_key=agreement.agency_b_id,
                agency_a=agreement.agency_a.short_name,
                agency_b=agreement.agency_b.short_name,
                in_force_from=agreement.in_force_from,
                in_force_to=agreement.in_force_to,
                seats_a_on_b=agreement.seats_a_on_b,
                seats_b_on_a=agreement.seats_b_on_a,
            )
        return self._agreement_facts[agreement.pk]

    def seat(self, seat: SeatAssignment, *, pending: bool = False) -> SeatFacts:
        person = self.people.get(seat.crew_member_id) or seat.crew_member
        mission = self.missions.get(seat.mission.pk, seat.mission)
        person_key = row_key(person)
        return SeatFacts(
            key=seat_key(seat),
            mission=self.mission(seat.mission),
            leg=seat.leg,
            seat=seat.seat,
            role=seat.role,
            person_key=person_key,
            person=person.name,
            agency_key=related_key(person, "agency"),
            agency=person.agency.short_name,
            agreement=self.agreement(seat.agreement),
            pending=pending,
            hours=seat.hours,
            away=self.fitness.away.get(person_key, ()),
            training=self.fitness.training.get((person_key, related_key(mission, "spacecraft"))),
        )


#: Locks rows of a model by id before they are read (see `enforcement.lock_rows`).
Lock = Callable[[type, Iterable], None]


def stored_seats(
    mission_ids: set, person_ids: set, agreement_ids: set, *, lock: Lock | None = None
) -> tuple[list[SeatAssignment], set]:
    """The stored seats the rules need: of these missions and people, and every ascent under their agreements.

    Returns the seats and every agreement id they involve. With `lock` (a check
    before a write), the missions and people are locked before their seats are
    read, and the agreements before theirs; pages that only show warnings read
    without locking.
    """
    if lock:
        lock(Mission, mission_ids)
        lock(CrewMember, person_ids)
    rows: dict[int, SeatAssignment] = {}
    if mission_ids or person_ids:
        for row in SeatAssignment.objects.filter(
            Q(mission_id__in=mission_ids) | Q(crew_member_id__in=person_ids)
        ):
            rows[row.pk] = row
    agreement_ids = set(agreement_ids) | {r.agreement_id for r in rows.values() if r.agreement_id}
    if lock:
        lock(Agreement, agreement_ids)
    if agreement_ids:
        for row in SeatAssignment.objects.filter(
            agreement_id__in=agreement_ids, leg=SeatAssignment.Leg.ASCENT
        ):
            rows.setdefault(row.pk, row)
    _attach(list(rows.values()))
    return list(rows.values()), agreement_ids


def _attach(seats: list[SeatAssignment]) -> None:
    """Give the seats their missions, people and agreements, read once each and shared (not one copy per
    seat, as a join would make): three queries, and memory for what there is, not for every seat."""
    missions = Mission.objects.select_related("spacecraft__operator").in_bulk({s.mission_id for s in seats})
    people = CrewMember.objects.select_related("agency").in_bulk({s.crew_member_id for s in seats})
    agreements = Agreement.objects.select_related("agency_a", "agency_b").in_bulk(
        {s.agreement_id for s in seats if s.agreement_id}
    )
    for seat in seats:
        seat.mission = missions[seat.mission_id]
        seat.crew_member = people[seat.crew_member_id]
        seat.agreement = agreements.get(seat.agreement_id)
