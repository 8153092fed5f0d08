"""Where the seat rules meet the database: refuse changes that break the plan, list warnings on the record.

A change is checked by comparing the rules' verdict on the stored record before
and after it (`engine.evaluate`). A problem the change creates on a mission that
has not launched refuses the change (rule 4). Missions that have launched or
landed are the record: changes to them are stored as they happened, and what
they break shows as warnings on the mission (`record.problems_by_mission`). What the
database itself cannot hold (two people in one seat …) is refused everywhere.

Inside a transaction, the rows a rule reads are locked first (missions, then
crew members, then agreements, each by id), so that two requests cannot both
take the last seat of an agreement on PostgreSQL. SQLite serialises writers by
itself (`transaction_mode: IMMEDIATE`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.dispatch import receiver

from missions.models import Agreement, Mission, Spacecraft
from missions.signals import agreement_changing, mission_changing, spacecraft_changing

from ..models import CrewMember, SeatAssignment
from .data import Problem
from .engine import evaluate
from .facts import FactBook, Fitness, mission_key, related_key, row_key, seat_key, stored_seats
from .flights import pairings

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


def lock_rows(model, ids: Iterable) -> None:
    """Inside a transaction, lock these rows (in id order, so that two requests never wait on each other)."""
    ids = sorted(i for i in ids if i is not None)
    if ids and transaction.get_connection().in_atomic_block:
        list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _has(obj, field: str) -> bool:
    """`obj.<field>` is set, to a saved row or to one not saved yet (a planned import)."""
    return related_key(obj, field) is not None


def _ready(seat: SeatAssignment) -> bool:
    """All that the rules read is filled in (a form with a missing field reports that field instead)."""
    return bool(
        seat.leg
        and _has(seat, "crew_member")
        and _has(seat, "mission")
        and seat.mission.launch_date
        and _has(seat.mission, "spacecraft")
        and _has(seat.crew_member, "agency")
    )


def _reach(changed: list[SeatAssignment], *, missions, agreement, spacecraft, people) -> tuple[set, set, set]:
    """The ids of the missions, people and agreements whose seats a change can affect.

    The missions are locked before their people are read: a seat added meanwhile by
    another request is then either committed and seen, or waits for us.
    """
    mission_ids = {s.mission_id for s in changed if s.mission_id} | {m.pk for m in missions}
    person_ids = {s.crew_member_id for s in changed if s.crew_member_id} | {p.pk for p in people if p.pk}
    agreement_ids = {s.agreement_id for s in changed if s.agreement_id}
    stored_ids = [s.pk for s in changed if s.pk is not None]
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
    lock_rows(Mission, mission_ids)
    if mission_ids:  # everyone on these missions: a mission's dates move all their flights
        person_ids |= set(
            SeatAssignment.objects.filter(mission_id__in=mission_ids).values_list("crew_member_id", flat=True)
        )
    return mission_ids, person_ids, agreement_ids


def _only_the_record(missions: list[Mission], changed: list[SeatAssignment], *, others: bool) -> bool:
    """A change only to what has flown (a mission on the record, seats on it): stored as it happened."""
    return (
        bool(missions or changed)
        and all(m.is_record for m in missions)
        and all(s.mission.is_record for s in changed)
        and not others
    )


@dataclass
class Verdict:
    """What the rules say of a change: the problems that refuse it, and every problem of the record after it
    (within its reach), which on flown missions are warnings."""

    refused: list[Problem]
    after: list[Problem]


def check_change(
    *,
    seats: Sequence[SeatAssignment] = (),
    released: Sequence[SeatAssignment] = (),
    missions: Sequence[Mission] = (),
    people: Sequence[CrewMember] = (),
    agreement: Agreement | None = None,
    spacecraft: Spacecraft | None = None,
    around: Sequence[Mission] = (),
) -> Verdict:
    """The rules' verdict on saving these changes (see `breaking_problems`).

    `seats` are seat assignments as they would be saved (new or edited),
    `released` those that would be deleted; `missions`, `people`, `agreement` and
    `spacecraft` edited objects (their stored seats are checked again). Any of
    them may be new, not saved yet (a planned import): new missions and people
    come in through the seats that name them. `around` are missions not changed
    whose seats are to be read too (so that `after` tells what is wrong with them).
    """
    seats = [s for s in seats if _ready(s)]
    missions = [m for m in missions if m.pk and m.launch_date and _has(m, "spacecraft")]
    people = [p for p in people if p.pk]
    changed = [*seats, *released]
    mission_ids, person_ids, agreement_ids = _reach(
        changed, missions=[*missions, *around], agreement=agreement, spacecraft=spacecraft, people=people
    )
    if not (mission_ids or person_ids or agreement_ids or seats):
        return Verdict([], [])

    rows, agreement_ids = stored_seats(mission_ids, person_ids, agreement_ids, lock=lock_rows)
    # Unavailability and training (rule 6) are facts the change does not touch: read once, the same before and
    # after, so that one entered after a seat is a warning there and refuses only what makes it worse.
    fitness = Fitness.of(person_ids)
    before_book = FactBook(fitness=fitness)
    before = [before_book.seat(r) for r in rows]
    if not (changed or missions or people or agreement or spacecraft):  # only read around: nothing to compare
        scope = {"missions": mission_ids, "people": person_ids, "agreements": agreement_ids}
        return Verdict(refused=[], after=evaluate(before, **scope))
    stored_people = CrewMember.objects.select_related("agency").in_bulk(
        {s.crew_member_id for s in seats if s.crew_member_id}
    )
    after_book = FactBook(
        missions=[*missions, *(s.mission for s in seats)],
        spacecraft=[spacecraft] if spacecraft else [],
        agreements=[agreement] if agreement else [],
        people=[*stored_people.values(), *people],
        fitness=fitness,
    )
    replaced = {s.pk for s in changed if s.pk is not None}
    after = [after_book.seat(r) for r in rows if r.pk not in replaced]
    after += [after_book.seat(s, pending=True) for s in seats]

    # New people and missions (a planned import) have all their seats among the pending ones.
    new_people = {row_key(s.crew_member) for s in seats if s.crew_member.pk is None}
    complete_missions = set(mission_ids) | {mission_key(s.mission) for s in seats if s.mission.pk is None}
    scope = {"missions": complete_missions, "people": person_ids | new_people, "agreements": agreement_ids}
    known = {p.key for p in evaluate(before, **scope)}
    # Returns stay with the ascents they closed on the record: a change is measured
    # against the flights as recorded, never by re-reading them around it.
    # Seats being changed are paired afresh (a return moved to another mission closes
    # another ascent).
    changed_keys = {seat_key(s) for s in changed}
    stored_pairs = pairings(b for b in before if b.person_key in person_ids)
    scope["pairs"] = {
        return_leg: ascent
        for return_leg, ascent in stored_pairs.items()
        if return_leg not in changed_keys and ascent not in changed_keys
    }
    record_change = _only_the_record(missions, changed, others=bool(people or agreement or spacecraft))
    found = evaluate(after, **scope) + _returns_left_behind(stored_pairs, released, changed_keys, after)
    refused = [
        p
        for p in found
        if p.key not in known
        and not p.possible  # a possible problem is a warning: the record does not know enough to refuse
        and (
            (p.hard and bool(seats)) or (not record_change and any(not s.mission.is_record for s in p.seats))
        )
    ]
    return Verdict(refused=refused, after=found)


def _returns_left_behind(pairs, released, changed_keys, after) -> list[Problem]:
    """Releasing an ascent whose return stays would leave that return to close another flight of the person's
    (years earlier, say): a flight the rules never checked. The return goes first, or with it."""
    gone = {seat_key(s) for s in released}
    by_key = {f.key: f for f in after}
    problems = []
    for return_key, ascent_key in pairs.items():
        if ascent_key in gone and return_key not in changed_keys and return_key in by_key:
            back = by_key[return_key]
            problems.append(Problem(
                rule=2, code="return_left_behind", seat=back, field="crew_member",
                message=f"{back.person} comes home on {back.mission.name} from this flight: release that return "
                "first (or together with this seat), or it would close another of their flights.",
            ))  # fmt: skip
    return problems


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
    return check_change(
        seats=seats,
        released=released,
        missions=[mission] if mission is not None else [],
        people=[crew_member] if crew_member is not None else [],
        agreement=agreement,
        spacecraft=spacecraft,
    ).refused


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
