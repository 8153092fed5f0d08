"""Planner actions: one function each, one transaction each, every one through the seat rules.

These are the writes the planners' forms make. Data stewards correct the record
in the admin; imports go through `importer.roster_import`. All of them end in the
same model rules (`SeatAssignment.clean()` → `enforcement`).

Once a mission has launched its ascent crew is the record, and once it has
landed its return crew too: these functions refuse to change them (a steward can,
in the admin, and the change is recorded in the history).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from missions.models import Agreement, Mission

from .enforcement import breaking_problems, seat_rules_deferred
from .models import CrewMember, SeatAssignment


def ensure_plannable(mission: Mission, leg: str) -> None:
    """Refuse to change a leg that has flown: the ascent once launched, the return once landed."""
    flown = (leg == SeatAssignment.Leg.ASCENT and mission.is_record) or (
        leg == SeatAssignment.Leg.RETURN and mission.status == Mission.Status.LANDED
    )
    if flown:
        what = "launched: its ascent crew" if leg == SeatAssignment.Leg.ASCENT else "landed: its return crew"
        raise ValidationError(
            f"{mission.name} has {what} is the record of what happened and cannot be changed here. "
            "A data steward can correct it in the admin."
        )


def _lock_missions(*missions: Mission) -> None:
    ids = sorted({m.pk for m in missions})
    list(Mission.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def _save(assignment: SeatAssignment, reason: str) -> SeatAssignment:
    assignment._change_reason = reason
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        # Another request took the seat between our check and our write; say it in the rules' words.
        assignment.full_clean()
        raise
    return assignment


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
    ensure_plannable(mission, leg)
    assignment = SeatAssignment(
        mission=mission, leg=leg, seat=seat, role=role, crew_member=crew_member, agreement=agreement
    )
    assignment.full_clean()
    return _save(assignment, "assigned")


@transaction.atomic
def seat_move(
    *,
    assignment: SeatAssignment,
    mission: Mission,
    seat: int,
    leg: str | None = None,
    role: str | None = None,
    agreement: Agreement | None | bool = False,
) -> SeatAssignment:
    """Move a person to another seat, leg or mission (the same seat assignment, so history says "moved")."""
    leg = leg or assignment.leg
    ensure_plannable(assignment.mission, assignment.leg)
    ensure_plannable(mission, leg)
    _lock_missions(assignment.mission, mission)
    assignment.mission, assignment.leg, assignment.seat = mission, leg, seat
    if role:
        assignment.role = role
    if agreement is not False:
        assignment.agreement = agreement
    assignment.full_clean()
    return _save(assignment, "moved")


def _position(seat: SeatAssignment) -> tuple:
    return seat.mission, seat.leg, seat.seat, seat.role


@transaction.atomic
def seat_swap(*, first: SeatAssignment, second: SeatAssignment) -> tuple[SeatAssignment, SeatAssignment]:
    """Two people exchange places (mission, leg, seat and role): both move, or neither does."""
    if first.pk == second.pk:
        raise ValidationError("Choose two different seats to swap.")
    if first.crew_member_id == second.crew_member_id:
        raise ValidationError(
            f"Both seats are {first.crew_member.name}'s: choose someone else's seat to swap with."
        )
    for seat in (first, second):
        ensure_plannable(seat.mission, seat.leg)
    _lock_missions(first.mission, second.mission)
    first_at, second_at = _position(first), _position(second)
    first.mission, first.leg, first.seat, first.role = second_at
    second.mission, second.leg, second.seat, second.role = first_at
    problems = breaking_problems(seats=[first, second])
    if problems:
        raise ValidationError({NON_FIELD_ERRORS: list(dict.fromkeys(p.message for p in problems))})
    # Written one after the other, the two would pass through a moment with two
    # people in one seat: park the first on a seat no vehicle has (not recorded).
    parked_seat, parked_role = first.seat, first.role
    first.seat, first.role = 32000 + first.pk % 700, SeatAssignment.Role.MISSION_SPECIALIST
    first.skip_history_when_saving = True
    with seat_rules_deferred():
        first.save()
        del first.skip_history_when_saving
        reason = f"swapped with {first.crew_member.name}"
        _save(second, reason)
        first.seat, first.role = parked_seat, parked_role
        _save(first, f"swapped with {second.crew_member.name}")
    return first, second


@transaction.atomic
def seat_release(*, assignment: SeatAssignment) -> None:
    """Free a seat, unless the plan still needs it (an ascent whose planned return remains)."""
    ensure_plannable(assignment.mission, assignment.leg)
    problems = breaking_problems(released=[assignment])
    if problems:
        raise ValidationError([p.message for p in problems])
    assignment._change_reason = "released"
    assignment.delete()


@transaction.atomic
def mission_create(*, mission: Mission) -> Mission:
    mission.status = Mission.Status.PLANNED
    mission.full_clean()
    mission.save()
    return mission


class StaleEdit(ValidationError):
    """The mission changed since the form was loaded."""


def changes_since(mission: Mission, version: int) -> list[str]:
    """What was saved to `mission` after `version`, field by field, with who and when."""
    records = list(
        mission.history.filter(version__gt=version).select_related("history_user").order_by("history_date")
    )
    lines = []
    for record in records:
        previous = record.prev_record
        if previous is None:
            continue
        who = record.history_user.get_username() if record.history_user else "an import or a script"
        when = record.history_date.strftime("%Y-%m-%d %H:%M UTC")
        for change in record.diff_against(previous, excluded_fields=["version"]).changes:
            field = Mission._meta.get_field(change.field)
            old, new = change.old, change.new
            if field.is_relation:
                names = dict(field.related_model.objects.filter(pk__in=[old, new]).values_list("pk", "name"))
                old, new = names.get(old), names.get(new)
            lines.append(f"{field.verbose_name}: {_shown(old)} → {_shown(new)} ({who}, {when})")
    return lines


def _shown(value) -> str:
    if value in (None, ""):
        return "(none)"
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="minutes") if hasattr(value, "hour") else value.isoformat()
    return str(value)


def merge_over_newer(mission: Mission, loaded_version: int, submitted: dict) -> tuple[dict, list[str]]:
    """For a refused stale edit: the current values with the planner's own changes on top.

    The planner's changes are the submitted values that differ from the mission as
    it was at `loaded_version` (read from its history); the rest keeps what others
    saved since, so saving the merged form again overwrites nothing by accident.
    """
    current = Mission.objects.get(pk=mission.pk)
    loaded = mission.history.filter(version=loaded_version).order_by("-history_date").first()
    merged, mine = {}, []
    for name, value in submitted.items():
        field = Mission._meta.get_field(name)
        now = getattr(current, field.attname)
        before = getattr(loaded, field.attname) if loaded is not None else now
        given = value.pk if hasattr(value, "pk") else value
        if isinstance(given, str) and isinstance(before, str):
            given, before = given.replace("\r\n", "\n"), before.replace("\r\n", "\n")
        if isinstance(given, dt.time) and isinstance(before, dt.time) and not before.second:
            before = before.replace(second=0)
        if given != before:
            merged[name] = given
            mine.append(str(field.verbose_name))
        else:
            merged[name] = now
    return merged, mine


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
    new_status = fields.get("status", current.status)
    if new_status != current.status and new_status not in Mission.NEXT_STATUSES[current.status]:
        allowed = (
            ", ".join(str(Mission.Status(s).label).lower() for s in Mission.NEXT_STATUSES[current.status])
            or "none"
        )
        raise ValidationError(
            {"status": f"A {current.get_status_display().lower()} mission cannot become {new_status} here "
                       f"(next steps: {allowed})."}
        )  # fmt: skip
    locked = RECORD_FIELDS["launched"] if current.is_record else []
    locked = RECORD_FIELDS["landed"] if current.status == Mission.Status.LANDED else locked
    errors = {
        name: f"{current.name} has {current.get_status_display().lower()}: this is the record of what happened "
        "and cannot be changed here. A data steward can correct it in the admin."
        for name in locked
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


#: What planners may no longer change once a mission has launched, or landed.
RECORD_FIELDS = {
    "launched": ["spacecraft", "launch_site", "launch_date", "launch_time"],
    "landed": [
        "spacecraft",
        "launch_site",
        "launch_date",
        "launch_time",
        "landing_date",
        "landing_time",
        "destination",
    ],
}


def _value_of(value):
    return value.pk if hasattr(value, "pk") else value
