"""Load the demo: reference data, then the 2022–2025 integrated-crew roster through the roster import."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station
from missions.versions import changed as record_changed

from ..models import CrewMember, OtherName, Qualification, SeatAssignment
from ..roster_csv.importer import ImportReport, roster_import
from ..sources.identity import SourcePerson, identify
from . import reference

ROSTER_FILE = Path(__file__).with_name("integrated_crews_2022_2025.csv")


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    roster: ImportReport | None = None
    #: Roster names only close to someone on file (a data steward decides; their rows are then refused).
    held: list[str] = field(default_factory=list)


def roster_people() -> list[SourcePerson]:
    """The roster's people, with the other names the reference data knows for them."""
    rows = csv.DictReader(io.StringIO(ROSTER_FILE.read_text(encoding="utf-8-sig"), newline=""))
    people: dict[str, SourcePerson] = {}
    for row in rows:
        name = row["crew_member"].strip()
        others = [(other, where) for other, where in reference.OTHER_NAMES.get(name, [])]
        people.setdefault(
            name, SourcePerson(key=name, name=name, agency=row["crew_agency"], other_names=others)
        )
    return list(people.values())


def _ensure(report: DemoReport, model, lookup: dict, defaults: dict, label: str):
    """The row matching `lookup`, created from `defaults` when missing; an existing row is never changed."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **defaults)
        obj.full_clean()
        obj.save()
        report.created.append(label)
    return obj


@transaction.atomic
def demo_load() -> DemoReport:
    """Idempotent: a second run finds everything on file and changes nothing."""
    report = DemoReport()
    agencies = {}
    for short, name, country in reference.AGENCIES:
        agencies[short] = _ensure(
            report,
            Agency,
            {"short_name": short},
            {"name": name, "country": country},
            f"agency {short}",
        )
    for name, operator, maker, seats, in_service, notes in reference.SPACECRAFT:
        _ensure(
            report,
            Spacecraft,
            {"name": name},
            {
                "operator": agencies[operator],
                "manufacturer": maker,
                "seat_count": seats,
                "in_service": in_service,
                "notes": notes,
            },
            f"spacecraft {name}",
        )
    for name, country, zone in reference.LAUNCH_SITES:
        _ensure(
            report, LaunchSite, {"name": name}, {"country": country, "time_zone": zone}, f"launch site {name}"
        )
    for name, short, required in reference.STATIONS:
        station = Station.objects.filter(short_name=short).first()
        if station is None:
            station = _ensure(report, Station, {"short_name": short}, {"name": name}, f"station {short}")
            station.required_agencies.set([agencies[a] for a in required])
    for spec in reference.AGREEMENTS:
        spec = dict(spec, agency_a=agencies[spec["agency_a"]], agency_b=agencies[spec["agency_b"]])
        name = spec.pop("name")
        _ensure(report, Agreement, {"name": name}, spec, f"agreement {name}")

    # Its people are matched as every source's are (their other names included), so that the roster can come
    # before or after the public sources: one person, one flight, whichever order.
    people = roster_people()
    identities = identify("roster", people)
    report.held = list(identities.held.values())
    report.roster = roster_import(
        data=ROSTER_FILE.read_bytes(), may_change_record=True, names=identities.name_choices(people)
    )  # flights flown
    if not report.roster.ok:
        transaction.set_rollback(True)
        return report

    added = 0
    people = {p.name: p for p in CrewMember.objects.filter(name__in=reference.OTHER_NAMES)}
    for person_name, others in reference.OTHER_NAMES.items():
        if person_name not in people:
            continue
        for other, note in others:
            _, made = OtherName.objects.get_or_create(
                crew_member=people[person_name], name=other, defaults={"note": note}
            )
            added += made
    if added:
        report.created.append(f"{added} other names (Francisco Rubio for Frank Rubio …)")
    # Whoever has flown a vehicle was qualified on it (the date is not on file).
    flown = (
        SeatAssignment.objects.filter(mission__status__in=Mission.RECORD_STATUSES)
        .values_list("crew_member_id", "mission__spacecraft_id")
        .distinct()
    )
    have = set(Qualification.objects.values_list("crew_member_id", "spacecraft_id"))
    new = [
        Qualification(crew_member_id=p, spacecraft_id=s, status=Qualification.Status.QUALIFIED)
        for p, s in sorted(set(flown) - have)
    ]
    Qualification.objects.bulk_create(new)
    record_changed()  # bulk_create sends no signals
    if new:
        report.created.append(f"{len(new)} qualifications (from flights flown)")
    return report
