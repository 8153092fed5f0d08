"""Where the seat rules meet the database: refuse changes that break the plan, list warnings on the record.

A change is checked by comparing the rules' verdict on the stored record before
and after it (`rules.evaluate`). A problem the change creates on a mission that
has not launched refuses the change (rule 4). Missions that have launched or
landed are the record: changes to them are stored as they happened, and what
they break shows as warnings on the mission (`problems_by_mission`). What the
database itself cannot hold (two people in one seat …) is refused everywhere.

Inside a transaction, the rows a rule reads are locked first (missions, then
crew members, then agreements, each by id), so that two requests cannot both
take the last seat of an agreement on PostgreSQL. SQLite serialises writers by
itself (`transaction_mode: IMMEDIATE`).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.dispatch import receiver

from missions.models import Agreement, Mission, Spacecraft
from missions.signals import agreement_changing, mission_changing, spacecraft_changing

from .models import CrewMember, SeatAssignment
from .rules import AgreementFacts, Flight, MissionFacts, Problem, SeatFacts, evaluate, flights_of, pairings

_seat_rules_deferred: ContextVar[bool] = ContextVar("seat_rules_deferred", default=False)


@contextmanager
def seat_rules_deferred() -> Iterator[None]:
    """Within this block `SeatAssignment.clean()` leaves the seat rules to the caller.

    For callers that validate several seats as one change (a formset of a whole
    roster): they call `breaking_problems(seats=…, released=…)` on all of them
    afterwards, so that a return entered with its ascent is paired with it.
    """
    token = _seat_rules_deferred.set(True)
    try:
        yield
    finally:
        _seat_rules_deferred.reset(token)


_new_seat_numbers = itertools.count(1)


def seat_key(seat: SeatAssignment):
    """The key of a seat assignment in the rules' facts: its id, or a number given when first asked while unsaved."""
    if seat.pk is not None:
        return seat.pk
    if not hasattr(seat, "_rules_key"):
        seat._rules_key = ("new", next(_new_seat_numbers))
    return seat._rules_key


def _mission_key(mission: Mission):
    return mission.pk if mission.pk is not None else ("new mission", id(mission))


class FactBook:
    """Turns model rows into the rules' plain facts, with some rows replaced by their edited versions."""

    def __init__(self, *, missions=(), spacecraft=(), agreements=(), people=()):
        self.missions = {m.pk: m for m in missions if m.pk is not None}
        self.spacecraft = {s.pk: s for s in spacecraft if s.pk is not None}
        self.agreements = {a.pk: a for a in agreements if a.pk is not None}
        self.people = {p.pk: p for p in people if p.pk is not None}
        self._mission_facts: dict = {}
        self._agreement_facts: dict = {}

    def mission(self, mission: Mission) -> MissionFacts:
        mission = self.missions.get(mission.pk, mission)
        key = _mission_key(mission)
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
                operator_key=spacecraft.operator_id,
                operator=spacecraft.operator.short_name,
                is_record=mission.is_record,
                flies=mission.flies,
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
        return SeatFacts(
            key=seat_key(seat),
            mission=self.mission(seat.mission),
            leg=seat.leg,
            seat=seat.seat,
            role=seat.role,
            person_key=person.pk,
            person=person.name,
            agency_key=person.agency_id,
            agency=person.agency.short_name,
            agreement=self.agreement(seat.agreement),
            pending=pending,
        )


def _lock(model, ids: Iterable) -> None:
    ids = sorted(i for i in ids if i is not None)
    if ids and transaction.get_connection().in_atomic_block:
        list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _load(
    mission_ids: set, person_ids: set, agreement_ids: set, *, lock: bool = True
) -> tuple[list[SeatAssignment], set]:
    """The stored seats the rules need: of these missions and people, and every ascent under their agreements.

    With `lock`, inside a transaction, the rows the rules read are locked first (a
    check before a write); pages that only show warnings read without locking.
    """
    if lock:
        _lock(Mission, mission_ids)
        _lock(CrewMember, person_ids)
    rows: dict[int, SeatAssignment] = {}
    if mission_ids or person_ids:
        for row in SeatAssignment.objects.with_people().filter(
            Q(mission_id__in=mission_ids) | Q(crew_member_id__in=person_ids)
        ):
            rows[row.pk] = row
    agreement_ids = set(agreement_ids) | {r.agreement_id for r in rows.values() if r.agreement_id}
    if lock:
        _lock(Agreement, agreement_ids)
    if agreement_ids:
        for row in SeatAssignment.objects.with_people().filter(
            agreement_id__in=agreement_ids, leg=SeatAssignment.Leg.ASCENT
        ):
            rows.setdefault(row.pk, row)
    return list(rows.values()), agreement_ids


def _ready(seat: SeatAssignment) -> bool:
    """All that the rules read is filled in (a form with a missing field reports that field instead)."""
    mission = seat.mission
    return bool(
        seat.seat is not None
        and seat.leg
        and seat.crew_member_id
        and mission.launch_date
        and mission.spacecraft_id
        and seat.crew_member.agency_id
    )


def breaking_problems(
    *,
    seats: Sequence[SeatAssignment] = (),
    released: Sequence[SeatAssignment] = (),
    mission: Mission | None = None,
    agreement: Agreement | None = None,
    spacecraft: Spacecraft | None = None,
    crew_member: CrewMember | None = None,
) -> list[Problem]:
    """The problems that saving these changes would create and that refuse it.

    Refused: what a seat entry breaks of the seat map (rule 1), on any mission;
    anything new the change breaks on a mission that has not launched. A change
    to a launched or landed mission, or to reference data that only affects such
    missions, is stored: what it breaks is a warning on the mission.

    `seats` are seat assignments as they would be saved (new or edited),
    `released` those that would be deleted; `mission`, `agreement`, `spacecraft`
    and `crew_member` an edited object (its stored seats are checked again).
    """
    seats = [s for s in seats if _ready(s)]
    if mission is not None and not (mission.pk and mission.launch_date and mission.spacecraft_id):
        mission = None
    changed = [*seats, *released]
    stored_ids = [s.pk for s in changed if s.pk is not None]

    mission_ids = {s.mission_id for s in changed if s.mission_id}
    if mission is not None:
        mission_ids.add(mission.pk)
    person_ids = {s.crew_member_id for s in changed}
    agreement_ids = {s.agreement_id for s in changed if s.agreement_id}
    if stored_ids:  # what an edited seat was before: its old mission, person and agreement
        for m_id, p_id, a_id in SeatAssignment.objects.filter(pk__in=stored_ids).values_list(
            "mission_id", "crew_member_id", "agreement_id"
        ):
            mission_ids.add(m_id)
            person_ids.add(p_id)
            if a_id:
                agreement_ids.add(a_id)
    if spacecraft is not None and spacecraft.pk:
        mission_ids |= set(Mission.objects.filter(spacecraft_id=spacecraft.pk).values_list("pk", flat=True))
    if agreement is not None and agreement.pk:
        agreement_ids.add(agreement.pk)
    if crew_member is not None and crew_member.pk:
        person_ids.add(crew_member.pk)
    # Lock the missions before reading who is aboard them: a seat added meanwhile by
    # another request is then either committed and seen, or waits for us.
    _lock(Mission, mission_ids)
    if mission_ids:  # everyone on these missions: a mission's dates move all their flights
        person_ids |= set(
            SeatAssignment.objects.filter(mission_id__in=mission_ids).values_list("crew_member_id", flat=True)
        )
    if not (mission_ids or person_ids or agreement_ids):
        return []

    rows, agreement_ids = _load(mission_ids, person_ids, agreement_ids)
    before_book = FactBook()
    before = [before_book.seat(r) for r in rows]
    people = CrewMember.objects.select_related("agency").in_bulk({s.crew_member_id for s in seats})
    if crew_member is not None:
        people[crew_member.pk] = crew_member  # the edit being checked
    after_book = FactBook(
        missions=[m for m in [mission, *(s.mission for s in seats)] if m is not None],
        spacecraft=[spacecraft] if spacecraft else [],
        agreements=[agreement] if agreement else [],
        people=people.values(),
    )
    replaced = {s.pk for s in changed if s.pk is not None}
    after = [after_book.seat(r) for r in rows if r.pk not in replaced]
    after += [after_book.seat(s, pending=True) for s in seats]

    complete_missions = set(mission_ids) | {_mission_key(s.mission) for s in seats if s.mission.pk is None}
    scope = {"missions": complete_missions, "people": person_ids, "agreements": agreement_ids}
    known = {p.key for p in evaluate(before, **scope)}
    # Returns stay with the ascents they closed on the record: a change is measured
    # against the flights as recorded, never by re-reading them around it.
    # Seats being changed are paired afresh (a return moved to another mission closes
    # another ascent).
    changed_keys = {seat_key(s) for s in changed}
    scope["pairs"] = {
        ret: ascent
        for ret, ascent in pairings(b for b in before if b.person_key in person_ids).items()
        if ret not in changed_keys and ascent not in changed_keys
    }
    record_change = (mission is not None and mission.is_record) or (
        bool(changed) and mission is None and all(s.mission.is_record for s in changed)
    )
    return [
        p
        for p in evaluate(after, **scope)
        if p.key not in known
        and (
            (p.hard and bool(seats)) or (not record_change and any(not s.mission.is_record for s in p.seats))
        )
    ]


def refuse_breaking_changes(**changes) -> None:
    """Raise a ValidationError naming each conflict the change would create (see `breaking_problems`).

    With one seat in `seats`, its problems are attached to its fields (`seat`,
    `crew_member`, `role`, `agreement`); others are errors of the whole form.
    """
    seats = changes.get("seats") or []
    if seats and _seat_rules_deferred.get():
        return
    problems = breaking_problems(**changes)
    if not problems:
        return
    own = seat_key(seats[0]) if len(seats) == 1 else object()
    errors: dict[str, list[str]] = defaultdict(list)
    for problem in problems:
        field = problem.field if problem.seat.key == own else NON_FIELD_ERRORS
        if problem.message not in errors[field]:
            errors[field].append(problem.message)
    raise ValidationError(dict(errors))


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
    rows, agreement_ids = _load(mission_ids, person_ids, set(), lock=False)
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


def _as_error(**changes) -> ValidationError | None:
    try:
        refuse_breaking_changes(**changes)
    except ValidationError as exc:
        return exc
    return None


@receiver(mission_changing, dispatch_uid="crews.check_mission_change")
def check_mission_change(sender, instance: Mission, **kwargs):
    return _as_error(mission=instance) if instance.pk else None


@receiver(agreement_changing, dispatch_uid="crews.check_agreement_change")
def check_agreement_change(sender, instance: Agreement, **kwargs):
    return _as_error(agreement=instance) if instance.pk else None


@receiver(spacecraft_changing, dispatch_uid="crews.check_spacecraft_change")
def check_spacecraft_change(sender, instance: Spacecraft, **kwargs):
    return _as_error(spacecraft=instance) if instance.pk else None
