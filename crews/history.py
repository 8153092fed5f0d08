"""A mission's recent changes, in words: who moved whom, from where to where, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from missions.models import Mission

from .models import CrewMember, SeatAssignment

SeatHistory = SeatAssignment.history.model
MissionHistory = Mission.history.model

MISSION_FIELDS = ["name", "status", "spacecraft_id", "vehicle", "launch_site_id", "destination_id",
                  "launch_date", "launch_time", "landing_date", "landing_time"]  # fmt: skip


@dataclass
class Change:
    when: dt.datetime
    who: str
    text: str


def _who(record) -> str:
    user = record.history_user
    return user.get_username() if user else "import or script"


def _where(record) -> str:
    return f"{record.leg} seat {record.seat}"


def _role(value: str) -> str:
    return SeatAssignment.Role(value).label.lower()


def _seat_text(record, previous, mission_names: dict[int, str], people: dict[int, str]) -> str | None:
    person = people.get(record.crew_member_id, "someone no longer on file")
    here = mission_names.get(record.mission_id, "another mission")
    reason = record.history_change_reason or ""
    if record.history_type == "+":
        return f"assigned {person} to {here}, {_where(record)} ({_role(record.role)})"
    if record.history_type == "-":
        return f"released {person} from {here}, {_where(record)}"
    if previous is None:
        return None
    parts = []
    if previous.mission_id != record.mission_id:
        there = mission_names.get(previous.mission_id, "another mission")
        parts.append(f"moved {person} from {there} to {here}, {_where(record)}")
    elif (previous.leg, previous.seat) != (record.leg, record.seat):
        parts.append(f"moved {person} on {here} from {_where(previous)} to {_where(record)}")
    if previous.crew_member_id != record.crew_member_id:
        parts.append(
            f"put {person} in {_where(record)} of {here} instead of {people.get(previous.crew_member_id, '?')}"
        )
    if previous.role != record.role:
        parts.append(f"{person}: {_role(previous.role)} → {_role(record.role)}")
    if previous.agreement_id != record.agreement_id:
        parts.append(f"{person}: agreement changed")
    if not parts:
        return None
    text = "; ".join(parts)
    return f"{text} ({reason})" if reason.startswith("swapped") else text


def recent_changes(mission: Mission, limit: int = 15) -> list[Change]:
    """The latest changes to the mission and its seats (including people moved away from it). Four queries."""
    seat_ids = SeatHistory.objects.filter(mission_id=mission.pk).values("id")
    records = list(
        SeatHistory.objects.filter(id__in=seat_ids)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    mission_ids = {r.mission_id for r in records} | {mission.pk}
    mission_names = dict(Mission.objects.filter(pk__in=mission_ids).values_list("pk", "name"))
    people = dict(
        CrewMember.objects.filter(pk__in={r.crew_member_id for r in records}).values_list("pk", "name")
    )
    changes: list[Change] = []
    previous: dict[int, object] = {}
    for record in records:
        before = previous.get(record.id)
        previous[record.id] = record
        if mission.pk not in {record.mission_id, getattr(before, "mission_id", None)}:
            continue
        text = _seat_text(record, before, mission_names, people)
        if text:
            changes.append(Change(record.history_date, _who(record), text))

    mission_records = list(
        mission.history.select_related("history_user").order_by("history_date", "history_id")
    )
    for before, record in zip([None, *mission_records], mission_records, strict=False):
        if record.history_type == "+":
            changes.append(Change(record.history_date, _who(record), f"created {record.name}"))
            continue
        if before is None:
            continue
        diffs = [
            f"{Mission._meta.get_field(name.removesuffix('_id')).verbose_name} {_value(getattr(before, name))} → "
            f"{_value(getattr(record, name))}"
            for name in MISSION_FIELDS
            if getattr(before, name) != getattr(record, name) and not name.endswith("_id")
        ]
        if any(getattr(before, n) != getattr(record, n) for n in MISSION_FIELDS if n.endswith("_id")):
            diffs.append("vehicle, site or destination changed")
        if diffs:
            changes.append(Change(record.history_date, _who(record), "; ".join(diffs)))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def _value(value) -> str:
    if value in (None, ""):
        return "(none)"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
