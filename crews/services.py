"""Writes: one function each, one transaction each, every one through the seat rules.

These are the writes the planners' forms make; data stewards correct the record
in the admin, imports go through `roster_csv.importer`. All of them end in the
same model rules (`SeatAssignment.clean()` → `rules.enforcement`), and every
change that moves seats together — a swap here, a roster edited in the admin —
is written by `seats_write`.

Once a mission has launched its ascent crew is the record, and once it has
landed its return crew too (`Mission.ensure_leg_open`): these functions refuse to
change them (a steward can, in the admin, and the change is recorded in the
history). Reads of the history live in `history`.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from typing import Literal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from missions.models import Agreement, Mission

from . import plan_runs
from .history import assistant_reason, changes_since, changes_since_moment
from .models import CrewMember, PlanRun, SeatAssignment
from .returns import crew_without_return, plan_return
from .rules import breaking_problems, lock_rows, refuse_breaking_changes


class Unchanged(enum.Enum):
    """An argument left as it is (distinct from None, which may be a value: no agreement)."""

    UNCHANGED = "unchanged"


UNCHANGED = Unchanged.UNCHANGED
Keep = Literal[Unchanged.UNCHANGED]


def _refusal(problems) -> ValidationError:
    return ValidationError({NON_FIELD_ERRORS: list(dict.fromkeys(p.message for p in problems))})


def _position(seat: SeatAssignment) -> tuple:
    return seat.mission_id, seat.leg, seat.seat


def _exchanged(seat: SeatAssignment, other: SeatAssignment, before: dict[int, tuple]) -> bool:
    """The two seats took each other's places. A place has a number: two people without one on the same leg
    (the record does not say where they sat) exchange nothing when their roles change."""
    return (
        other.pk != seat.pk
        and seat.seat is not None
        and other.seat is not None
        and _position(seat) != before[seat.pk]
        and _position(seat) == before[other.pk]
        and _position(other) == before[seat.pk]
    )


def _reasons(
    edited: list[SeatAssignment], before: dict[int, tuple], default: str | None
) -> dict[int, str | None]:
    """How the history names each edit: "swapped with …" when two seats exchanged places, "moved" when a
    seat went elsewhere, else `default`."""
    reasons: dict[int, str | None] = {}
    for seat in edited:
        other = next((o for o in edited if _exchanged(seat, o, before)), None)
        if other is not None:
            reasons[seat.pk] = f"swapped with {other.crew_member.name}"
        else:
            reasons[seat.pk] = "moved" if _position(seat) != before[seat.pk] else default
    return reasons


def _stored_positions(edited: list[SeatAssignment]) -> dict[int, tuple]:
    """Where the edited seats are now; refused if one was released meanwhile (it is not put back)."""
    before = {
        pk: (mission_id, leg, seat)
        for pk, mission_id, leg, seat in SeatAssignment.objects.filter(pk__in=[s.pk for s in edited])
        .values_list("pk", "mission_id", "leg", "seat")
    }  # fmt: skip
    gone = [seat for seat in edited if seat.pk not in before]
    if gone:
        names = ", ".join(f"{s.crew_member.name} ({s.mission.name})" for s in gone)
        raise ValidationError(
            f"Someone released this seat meanwhile: {names}. Nothing was changed; reload the roster."
        )
    return before


@transaction.atomic
def seats_write(
    *,
    saves: Sequence[SeatAssignment] = (),
    releases: Sequence[SeatAssignment] = (),
    reason: str | None = None,
    because: str | None = None,
) -> None:
    """Write a change to the seats as one step: the releases, then the edited seats, then the new ones.

    The caller has checked the change as a whole with the rules. The edited seats
    are first set aside (`SeatAssignmentQuerySet.set_aside`), so that seats
    exchanging places or roles (a swap, a hand-over of command, a roster
    rearranged in the admin) never meet on the way. Each seat is then saved as
    it should be, recorded once in the history ("swapped with …", "moved", or
    `reason`; "assigned", "released"), in id order so that every path records
    the same change alike. `because`, when given, is every entry's reason instead
    (a plan accepted from the planning assistant says so on each seat).
    """
    edited = sorted((s for s in saves if s.pk is not None), key=lambda s: s.pk)
    before = _stored_positions(edited)
    reasons = _reasons(edited, before, reason)
    as_given = [(seat, seat.pk, seat._state.adding) for seat in (*releases, *saves)]
    try:
        with transaction.atomic():
            for seat in releases:
                seat._change_reason = because or "released"
                seat.delete()
            if len(edited) > 1:
                SeatAssignment.objects.filter(pk__in=before).set_aside()
            for seat in edited:
                seat._change_reason = because or reasons[seat.pk]
                seat.save()
            for seat in (s for s in saves if s.pk is None):
                seat._change_reason = because or "assigned"
                seat.save()
    except IntegrityError:
        # Another request took a seat between our check and our write. Nothing was written (the savepoint
        # is rolled back): the objects are put back as they were given and the change is checked again,
        # so the refusal is in the rules' words, on its fields.
        for seat, pk, adding in as_given:
            seat.pk, seat._state.adding = pk, adding
        refuse_breaking_changes(seats=list(saves), released=list(releases))
        raise


@transaction.atomic
def seat_assign(
    *,
    mission: Mission,
    crew_member: CrewMember,
    seat: int,
    role: str,
    leg: str = SeatAssignment.Leg.ASCENT,
    agreement: Agreement | None = None,
) -> SeatAssignment:
    """Put `crew_member` in `seat` of `mission`'s `leg`, or raise ValidationError naming the conflict.

    The rules lock what they read (the mission, the person, the agreement) until
    this transaction ends, so two planners claiming the last seat cannot both win.
    """
    mission.ensure_leg_open(leg)
    assignment = SeatAssignment(
        mission=mission, leg=leg, seat=seat, role=role, crew_member=crew_member, agreement=agreement
    )
    assignment.full_clean()
    seats_write(saves=[assignment])
    return assignment


@transaction.atomic
def crew_return(
    *, ascent: Mission, ride: Mission, expected: Sequence[int] | None = None
) -> list[SeatAssignment]:
    """Everyone of `ascent`'s ascent crew with no return on file comes home on `ride`'s return leg, in one
    change (`returns.plan_return` places them): all of them, or none.

    `expected`: the people (ids) the planner saw in the preview; when the crew waiting for a return has
    changed since, nothing is written and the refusal says so."""
    ride.ensure_leg_open(SeatAssignment.Leg.RETURN)
    lock_rows(Mission, sorted({ascent.pk, ride.pk}))
    waiting = crew_without_return(ascent)
    if not waiting:
        raise ValidationError(f"Everyone of {ascent.name}'s crew already has a return on file.")
    if expected is not None and sorted(expected) != sorted(s.crew_member_id for s in waiting):
        raise ValidationError(
            f"{ascent.name}'s crew waiting for a return changed since you looked: nothing was changed. "
            "Check the new plan below and confirm again."
        )
    plan = plan_return(waiting, ride)
    if plan.left_out:
        raise ValidationError(plan.message())
    problems = breaking_problems(seats=plan.seats)
    if problems:
        raise _refusal(problems)
    seats_write(saves=plan.seats)
    return plan.seats


@transaction.atomic
def seat_move(
    *,
    assignment: SeatAssignment,
    mission: Mission,
    seat: int,
    leg: str | Keep = UNCHANGED,
    role: str | Keep = UNCHANGED,
    agreement: Agreement | None | Keep = UNCHANGED,
) -> SeatAssignment:
    """Move a person to another seat, leg or mission (the same seat assignment, so history says "moved")."""
    leg = assignment.leg if leg is UNCHANGED else leg
    assignment.mission.ensure_leg_open(assignment.leg)
    mission.ensure_leg_open(leg)
    lock_rows(Mission, [assignment.mission_id, mission.pk])
    assignment.mission, assignment.leg, assignment.seat = mission, leg, seat
    if role is not UNCHANGED:
        assignment.role = role
    if agreement is not UNCHANGED:
        assignment.agreement = agreement
    assignment.full_clean()
    seats_write(saves=[assignment], reason="moved")
    return assignment


@transaction.atomic
def seat_swap(
    *, first: SeatAssignment, second: SeatAssignment, keep_roles: bool = False
) -> tuple[SeatAssignment, SeatAssignment]:
    """Two people exchange places (mission, leg, seat and role; with `keep_roles`, each keeps their own role):
    both move, or neither does."""
    if first.pk == second.pk:
        raise ValidationError("Choose two different seats to swap.")
    if first.crew_member_id == second.crew_member_id:
        raise ValidationError(
            f"Both seats are {first.crew_member.name}'s: choose someone else's seat to swap with."
        )
    for seat in (first, second):
        seat.mission.ensure_leg_open(seat.leg)
    lock_rows(Mission, [first.mission_id, second.mission_id])
    first_at = (first.mission, first.leg, first.seat, first.role)
    first.mission, first.leg, first.seat, first.role = second.mission, second.leg, second.seat, second.role
    second.mission, second.leg, second.seat, second.role = first_at
    if keep_roles:
        first.role, second.role = second.role, first.role
    problems = breaking_problems(seats=[first, second])
    if problems:
        raise _refusal(problems)
    seats_write(saves=[first, second])
    return first, second


@transaction.atomic
def seat_release(*, assignment: SeatAssignment) -> None:
    """Free a seat, unless the plan still needs it (an ascent whose planned return remains)."""
    assignment.mission.ensure_leg_open(assignment.leg)
    problems = breaking_problems(released=[assignment])
    if problems:
        raise ValidationError([p.message for p in problems])
    seats_write(releases=[assignment])


@transaction.atomic
def plan_accept(*, run: PlanRun, missions: Sequence[int] | None = None, accepted_by) -> list[Mission]:
    """Write a planning assistant's proposal (`run.best`) on `missions` (ids; None: every mission it changes
    not accepted yet) as one change: refused, with nothing written, when the run has no proposal, when a
    mission's seats changed since the run started (stale), when a leg has flown, or when a seat rule refuses
    it now. The history of each seat says "proposed by the planning assistant, accepted by" the planner."""
    run = PlanRun.objects.select_for_update().get(pk=run.pk)
    if run.status != PlanRun.Status.DONE or not run.best:
        raise ValidationError("This run has no proposal to accept.")
    pending = [pk for pk in plan_runs.changed_missions(run.best) if pk not in run.accepted]
    chosen = pending if missions is None else [pk for pk in pending if pk in set(missions)]
    if missions is not None and len(chosen) != len(set(missions)):
        raise ValidationError("That mission has no change left to accept in this proposal.")
    if not chosen:
        raise ValidationError("Every change of this proposal has been accepted already.")
    lock_rows(Mission, chosen)
    rows = Mission.objects.in_bulk(chosen)
    ordered = [rows[pk] for pk in chosen if pk in rows]
    if len(ordered) != len(chosen):
        raise ValidationError("A mission of this proposal is no longer on file: propose again.")
    changed = plan_runs.stale(run, ordered)
    if changed:
        since = changes_since_moment(changed, [], run.started_at or run.created_at)
        raise ValidationError(
            f"The seats of {', '.join(m.name for m in changed)} changed since the proposal was made, so nothing "
            "was accepted: propose again." + (f" What changed: {'; '.join(since)}." if since else "")
        )
    legs = {(c["mission"], c["leg"]) for c in run.best["changes"] if c["mission"] in set(chosen)}
    for pk, leg in sorted(legs):
        rows[pk].ensure_leg_open(leg)
    saves, releases = plan_runs.changes_to_write(run.best, chosen)
    problems = breaking_problems(seats=saves, released=releases)
    if problems:
        raise _refusal(problems)
    seats_write(saves=saves, releases=releases, because=assistant_reason(accepted_by))
    run.accepted = [*run.accepted, *chosen]
    run.save(update_fields=["accepted"])
    return ordered


@transaction.atomic
def mission_create(*, mission: Mission) -> Mission:
    mission.status = Mission.Status.PLANNED
    mission.full_clean()
    mission.save()
    return mission


class StaleEdit(ValidationError):
    """The mission changed since the form was loaded."""


def _refuse_status_step(current: Mission, new_status: str) -> None:
    if new_status == current.status or new_status in Mission.NEXT_STATUSES[current.status]:
        return
    allowed = ", ".join(str(Mission.Status(s).label).lower() for s in Mission.NEXT_STATUSES[current.status])
    raise ValidationError(
        {"status": f"A {current.get_status_display().lower()} mission cannot become {new_status} here "
                   f"(next steps: {allowed or 'none'})."}
    )  # fmt: skip


@transaction.atomic
def mission_update(*, mission: Mission, expected_version: int, fields: dict) -> Mission:
    """Save a planner's edit of `mission`, unless someone saved it after the form was loaded."""
    current = Mission.objects.select_for_update().get(pk=mission.pk)
    if current.version != expected_version:
        lines = changes_since(current, expected_version)
        raise StaleEdit(
            [
                "Someone saved this mission after you opened the form, so your changes were not saved. "
                "What changed since: " + ("; ".join(lines) if lines else "(details not recorded)") + "."
            ]
        )
    _refuse_status_step(current, fields.get("status", current.status))
    errors = {
        name: current.locked_field_message()
        for name in current.locked_fields()
        if name in fields
        and _value_of(fields[name]) != getattr(current, Mission._meta.get_field(name).attname)
    }
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


def _value_of(value):
    return value.pk if hasattr(value, "pk") else value
