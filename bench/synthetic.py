"""Synthetic records at N× the demo, for the benchmarks: the demo as `make run` loads it, copied back in time.

`build(scale)` loads the demo (reference data and the 2022–2025 roster, through the roster import), then adds
`scale - 1` copies of its missions, seats, people, qualifications and agreements, each copy shifted back so
that the copies spread evenly over 1961–2022 (history grows; copies overlap in time at large scales, as
several stations' crews would), and one planned copy five years ahead (a planning office keeps plans for
years). Each copy has its own people and agreements, so the copies break no rule the demo keeps. Rows are
written with `bulk_create`: the benchmarks measure reading, not the rules on writing.

Sizes: 1× is 13 missions, 78 seat rows, 40 people; each copy adds as many (and 3 agreements).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models, transaction

from crews.demo.loader import demo_load
from crews.models import CrewMember, Qualification, SeatAssignment
from missions.models import Agreement, Mission

#: Copies of the past spread back to here (the first crewed flight).
HISTORY_STARTS = dt.date(1961, 4, 12)
#: The planned copy: five years after the demo, every mission planned.
PLANNED_SHIFT = dt.timedelta(days=5 * 365)
BATCH = 2000


@dataclass
class Sizes:
    scale: int
    missions: int
    seats: int
    people: int
    agreements: int

    def __str__(self) -> str:
        return (
            f"{self.scale}×: {self.missions:,} missions, {self.seats:,} seat rows, {self.people:,} people, "
            f"{self.agreements:,} agreements"
        )


def _copy(obj: models.Model, shift: dt.timedelta, suffix: str, **changes) -> models.Model:
    """A new unsaved row like `obj`: dates moved by `shift`, name and slug marked with `suffix`."""
    values = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or field.auto_created:
            continue
        value = getattr(obj, field.attname)
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField) and value:
            value = max(value + shift, dt.date(1957, 1, 1))
        values[field.attname] = value
    if "name" in values:
        values["name"] = f"{values['name']} {suffix}"
    if "slug" in values:
        values["slug"] = f"{values['slug']}-{suffix.lower()}"
    values.update(changes)
    return type(obj)(**values)


def _shifts(scale: int, first_launch: dt.date) -> list[tuple[str, dt.timedelta, bool]]:
    """(suffix, shift, planned) for each copy: the past ones evenly back to `HISTORY_STARTS`."""
    span = (first_launch - HISTORY_STARTS).days
    past = [(f"H{k}", -dt.timedelta(days=span * k // max(1, scale - 1)), False) for k in range(1, scale)]
    return past + [("P", PLANNED_SHIFT, True)]


@transaction.atomic
def build(scale: int) -> Sizes:
    """Load the demo into an empty database and add the copies. Returns the sizes written."""
    demo_load()
    missions = list(Mission.objects.order_by("pk"))
    seats = list(SeatAssignment.objects.order_by("pk"))
    people = list(CrewMember.objects.order_by("pk"))
    agreements = list(Agreement.objects.order_by("pk"))
    qualifications = list(Qualification.objects.order_by("pk"))
    first_launch = min(m.launch_date for m in missions)
    for suffix, shift, planned in _shifts(scale, first_launch):
        plan = {"status": Mission.Status.PLANNED, "outcome": "", "landing_time": None} if planned else {}
        new_missions = Mission.objects.bulk_create([_copy(m, shift, suffix, **plan) for m in missions], BATCH)
        new_people = CrewMember.objects.bulk_create([_copy(p, shift, suffix) for p in people], BATCH)
        new_agreements = Agreement.objects.bulk_create([_copy(a, shift, suffix) for a in agreements], BATCH)
        mission_of = {old.pk: new.pk for old, new in zip(missions, new_missions, strict=True)}
        person_of = {old.pk: new.pk for old, new in zip(people, new_people, strict=True)}
        agreement_of = {old.pk: new.pk for old, new in zip(agreements, new_agreements, strict=True)}
        SeatAssignment.objects.bulk_create(
            [
                _copy(
                    s,
                    shift,
                    suffix,
                    mission_id=mission_of[s.mission_id],
                    crew_member_id=person_of[s.crew_member_id],
                    agreement_id=agreement_of.get(s.agreement_id),
                    **({"hours": None, "eva_hours": None} if planned else {}),
                )
                for s in seats
            ],
            BATCH,
        )
        Qualification.objects.bulk_create(
            [_copy(q, shift, suffix, crew_member_id=person_of[q.crew_member_id]) for q in qualifications],
            BATCH,
        )
    return Sizes(
        scale=scale,
        missions=Mission.objects.count(),
        seats=SeatAssignment.objects.count(),
        people=CrewMember.objects.count(),
        agreements=Agreement.objects.count(),
    )
