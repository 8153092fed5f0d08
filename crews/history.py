"""A mission's changes in words, read from the history: who moved whom, from where to where, and when.

Reads only. `recent_changes` is the roster page's list; `changes_since` what a
stale form missed; `merge_over_newer` a stale form's values put back over the
newer ones. A mission's field changes are told by one sentence,
`launch date: 2031-03-01 → 2031-05-01`, wherever they are shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from missions.models import Mission

from .models import CrewMember, SeatAssignment, seat_place
from .prepared import Prepared

SeatHistory = SeatAssignment.history.model
MissionHistory = Mission.history.model

#: The mission fields whose changes are told: what its history records, but for its id, slug and version.
TOLD_FIELDS = [
    f
    for f in Mission._meta.concrete_fields
    if f.name not in {"id", "slug", "version"} and f.name in {h.name for h in MissionHistory._meta.fields}
]
#: The told fields that link to another record (spacecraft, launch site, station): a change is told by names.
LINKED = [f for f in TOLD_FIELDS if f.is_relation]
#: Long values (notes) are cut to this length in a change line.
SHOWN_LENGTH = 80


@dataclass
class Change:
    when: dt.datetime
    who: str
    text: str

    @property
    def when_iso(self) -> str:
        """For a `<time datetime>`: `2026-11-30T07:30:45.066460+00:00`. (Written here: the template's `date`
        filter took a millisecond for a page's fifteen changes.)"""
        return self.when.astimezone(dt.UTC).isoformat()

    @property
    def when_shown(self) -> str:
        """`2026-11-30 07:30`, in UTC."""
        at = self.when.astimezone(dt.UTC)
        return f"{at.year:04d}-{at.month:02d}-{at.day:02d} {at.hour:02d}:{at.minute:02d}"


#: How the history names a seat written from a planning assistant's proposal (`services.plan_accept`).
ASSISTANT_REASON = "proposed by the planning assistant, accepted by "


def assistant_reason(user) -> str:
    """ "proposed by the planning assistant, accepted by Ana Planner" (the user's full name, else username)."""
    return ASSISTANT_REASON + (user.get_full_name() or user.get_username())


def _who(record, *, nobody: str = "import or script") -> str:
    user = record.history_user
    return user.get_username() if user else nobody


def _shown(value) -> str:
    if value in (None, ""):
        return "(none)"
    if isinstance(value, dt.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"


def _told(record, field) -> str:
    if field.is_relation:  # its name read with the record (`_mission_records`); one deleted since: none
        return _shown(getattr(record, f"{field.name}_name"))
    return _shown(getattr(record, field.attname))


def mission_changes(before, after) -> list[str]:
    """`launch date: 2031-03-01 → 2031-05-01`, for each told field that differs between two history records."""
    return [
        f"{field.verbose_name}: {_told(before, field)} → {_told(after, field)}"
        for field in TOLD_FIELDS
        if getattr(before, field.attname) != getattr(after, field.attname)
    ]


def _named(model, key: str) -> Subquery:
    """The current name of the row a history record points to by `key`; None when it is no longer on file."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).order_by().values("name"))


def _mission_records(pk: int):
    """A mission's history records in order, with who saved each and the current names of what it links to
    (`spacecraft_name` …: a subquery each, which PostgreSQL plans in half the time of a join each)."""
    names = {f"{field.name}_name": _named(field.related_model, field.attname) for field in LINKED}
    return (
        MissionHistory.objects.filter(id=pk)
        .select_related("history_user")
        .annotate(**names)
        .order_by("history_date", "history_id")
    )


_MISSION_RECORDS = Prepared(_mission_records, int, generic=True)


def _consecutive(mission: Mission) -> list[tuple]:
    """The mission's history records in order, each with the one before it (None for the first). One query."""
    records = _MISSION_RECORDS(mission.pk)
    return list(zip([None, *records], records, strict=False))


def changes_since(mission: Mission, version: int) -> list[str]:
    """What was saved to `mission` after `version`, field by field, with who and when."""
    lines = []
    for before, after in _consecutive(mission):
        if before is None or after.version <= version:
            continue
        suffix = f" ({_who(after, nobody='an import or a script')}, {after.history_date:%Y-%m-%d %H:%M} UTC)"
        lines += [sentence + suffix for sentence in mission_changes(before, after)]
    return lines


def _where(record) -> str:
    return seat_place(record.leg, record.seat)


def _role(value: str) -> str:
    return SeatAssignment.Role(value).label.lower()


def _seat_text(record, previous, mission_names: dict[int, str], people: dict[int, str]) -> str | None:
    person = people.get(record.crew_member_id, "someone no longer on file")
    here = mission_names.get(record.mission_id, "another mission")
    reason = record.history_change_reason or ""
    told = f" ({reason})" if reason.startswith(ASSISTANT_REASON) else ""
    if record.history_type == "+":
        return f"assigned {person} to {here}, {_where(record)} ({_role(record.role)}){told}"
    if record.history_type == "-":
        return f"released {person} from {here}, {_where(record)}{told}"
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
    return f"{text} ({reason})" if reason.startswith("swapped") else text + told


def _seat_records(mission_pk: int):
    """Every history record of the seats the mission has ever had (people moved away from it too), in order,
    with who saved it and the current names of its mission and person."""
    seat_ids = SeatHistory.objects.filter(mission_id=mission_pk).order_by().values("id")
    return (
        SeatHistory.objects.filter(id__in=seat_ids)
        .select_related("history_user")
        .annotate(
            mission_name=_named(Mission, "mission_id"), person_name=_named(CrewMember, "crew_member_id")
        )
        .order_by("history_date", "history_id")
    )


_SEAT_RECORDS = Prepared(_seat_records, int, generic=True)


def _seat_changes(mission: Mission) -> list[Change]:
    """Changes to the seats of the mission, including people moved away from it. One query."""
    records = _SEAT_RECORDS(mission.pk)
    mission_names = {r.mission_id: r.mission_name for r in records if r.mission_name is not None}
    people = {r.crew_member_id: r.person_name for r in records if r.person_name is not None}
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
    return changes


def recent_changes(mission: Mission, limit: int = 15) -> list[Change]:
    """The latest changes to the mission and its seats (including people moved away from it). Two queries."""
    changes = _seat_changes(mission)
    for before, after in _consecutive(mission):
        if after.history_type == "+":
            changes.append(Change(after.history_date, _who(after), f"created {after.name}"))
        elif before is not None and (lines := mission_changes(before, after)):
            changes.append(Change(after.history_date, _who(after), "; ".join(lines)))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def changes_since_moment(missions: list[Mission], people: list[CrewMember], since: dt.datetime) -> list[str]:
    """What was saved after `since` to these missions, their seats and these people: who, what and when.

    Two queries find what changed; the words come from the missions that did (`recent_changes`).
    """
    mission_ids = [m.pk for m in missions]
    moved = set(
        MissionHistory.objects.filter(id__in=mission_ids, history_date__gt=since).values_list("id", flat=True)
    ) | set(
        SeatHistory.objects.filter(mission_id__in=mission_ids, history_date__gt=since).values_list(
            "mission_id", flat=True
        )
    )
    lines = [
        f"{mission.name}: {change.text} ({change.who}, {change.when:%Y-%m-%d %H:%M} UTC)"
        for mission in missions
        if mission.pk in moved
        for change in recent_changes(mission, limit=50)
        if change.when > since
    ]
    records = CrewMember.history.filter(id__in=[p.pk for p in people], history_date__gt=since)
    lines += [
        f"crew member {r.name} changed ({_who(r)}, {r.history_date:%Y-%m-%d %H:%M} UTC)"
        for r in records.select_related("history_user").order_by("history_date")
    ]
    return lines


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
