"""What every source import shares: the reference data it needs, the one roster import path, and what is kept
of the source afterwards (its anomalies, who its people are, how far it reaches)."""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.utils import timezone

from missions.models import Agency, LaunchSite, Mission, Spacecraft, Station
from missions.versions import changed as record_changed

from ..models import Anomaly, CrewMember, OtherName, RecordSource, Role, SeatAssignment, SourceName
from ..roster_csv.columns import COLUMNS, MISSION, ROSTER_COLUMNS, role_to_csv
from ..roster_csv.export import export_queryset
from ..roster_csv.importer import roster_import
from . import vocabulary as vocab
from .identity import Identities, SourcePerson, identify, remember
from .report import SourceReport

#: The sources: key → (name, licence, address).
SOURCES = {
    "astronaut_db": (
        "The Astronaut Database, 1961–2019 (Stavnichuk & Corlett, 2020), as cleaned for TidyTuesday 2020-07-14",
        "rfordatascience/tidytuesday, data/2020/2020-07-14/astronauts.csv (repository licence MIT); upstream "
        "dataset on Mendeley Data",
        "https://github.com/rfordatascience/tidytuesday/tree/master/data/2020/2020-07-14",
    ),
    "people_in_space": (
        "People in space 2020–2026, from every version of a hand-kept public feed",
        "corquaid/international-space-station-APIs, JSON/people-in-space.json history (MIT)",
        "https://github.com/corquaid/international-space-station-APIs",
    ),
}


#: Stations the feed's flights go to that no in-orbit value of the Astronaut Database names.
MORE_STATIONS = [("Tiangong space station", "Tiangong", [])]


def ensure_reference() -> None:
    """Agencies, spacecraft classes, launch sites and stations the sources name; what is on file is kept."""
    have = set(Agency.objects.values_list("short_name", flat=True))
    Agency.objects.bulk_create(
        [Agency(short_name=s, name=n, country=c) for s, n, c in vocab.AGENCIES if s not in have]
    )
    record_changed()  # bulk_create sends no signals
    agencies = {a.short_name: a for a in Agency.objects.all()}
    have = set(Spacecraft.objects.values_list("name", flat=True))
    for name, operator, maker, seats, in_service, notes in vocab.VEHICLES:
        if name not in have:
            Spacecraft(name=name, operator=agencies[operator], manufacturer=maker, seat_count=seats,
                       in_service=in_service, notes=notes).save()  # fmt: skip
    have = set(LaunchSite.objects.values_list("name", flat=True))
    for name, country, zone in vocab.LAUNCH_SITES:
        if name not in have:
            LaunchSite(name=name, country=country, time_zone=zone).save()
    have = set(Station.objects.values_list("name", flat=True)) | set(
        Station.objects.values_list("short_name", flat=True)
    )
    for name, short, required in [*vocab.STATIONS, *MORE_STATIONS]:
        if name not in have and short not in have:
            station = Station(name=name, short_name=short)
            station.save()
            station.required_agencies.set([agencies[a] for a in required])


def csv_of(rows: Iterable[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_through_roster(
    report: SourceReport,
    *,
    rows: list[dict[str, str]],
    people: list[SourcePerson],
    identities: Identities,
    user=None,
    record_ends=None,
) -> None:
    """The rows through the roster import (all or nothing, rules and history included), then what is kept of
    the source. With `dry_run` nothing is written."""
    with transaction.atomic():
        rows = keep_what_is_on_file(once_per_leg(rows, report), report)
        report.roster = roster_import(
            data=csv_of(rows), dry_run=report.dry_run, user=user, may_change_record=True,
            names=identities.name_choices(people),
        )  # fmt: skip
        if not report.roster.ok or report.dry_run:
            return
        imported = [p for p in people if p.key not in identities.held]
        _other_names(imported, identities)
        remember(report.source, identities, people)
        _anomalies(report)
        name, licence, url = SOURCES[report.source]
        RecordSource.objects.update_or_create(
            key=report.source,
            defaults={"name": name, "licence": licence, "url": url, "record_ends": record_ends,
                      "imported_at": timezone.now(), "summary": report.summary()},
        )  # fmt: skip


def import_source(
    report: SourceReport,
    people: list[SourcePerson],
    flights: list,
    build_rows: Callable[[Identities], list[dict[str, str]]],
    *,
    user=None,
    record_ends=None,
) -> SourceReport:
    """What every source import does once its file is read: the reference data, who its people are on file,
    its roster rows, the counts, and the write, all in one transaction (rolled back after a dry run or a
    problem). `flights` are the source's person-flights (each with `person`, a key of `people`)."""
    with transaction.atomic():
        ensure_reference()
        identities = identify(report.source, people)
        rows_of = {p.key: p.rows for p in people}
        for key, why in identities.held.items():
            report.held.append(f"{why} (rows {', '.join(map(str, rows_of[key]))})")
        rows = build_rows(identities)
        kept = [f for f in flights if f.person not in identities.held]
        report.people, report.flights = len({f.person for f in kept}), len(kept)
        report.missions = len({r["mission"] for r in rows})
        report.stations = len({r["destination"] for r in rows if r["destination"]})
        write_through_roster(
            report, rows=rows, people=people, identities=identities, user=user, record_ends=record_ends
        )
        if report.dry_run or not report.ok:
            transaction.set_rollback(True)
    return report


def _other_names(people: list[SourcePerson], identities: Identities) -> None:
    """Each person's other names from the source, and the name the source writes when it is not theirs on file."""
    wanted = {}
    for person in people:
        written = identities.row_name(person)
        for other, note in [(person.name, "as another source writes it"), *person.other_names]:
            if other.lower() != written.lower():
                wanted.setdefault((written, other.lower()), (other, note))
    if not wanted:
        return
    members = {m.name: m for m in CrewMember.objects.filter(name__in={w for w, _ in wanted})}
    have = {(m, n.lower()) for m, n in OtherName.objects.filter(crew_member__in=members.values())
            .values_list("crew_member__name", "name")}  # fmt: skip
    OtherName.objects.bulk_create(
        [OtherName(crew_member=members[w], name=other, note=note[:200])
         for (w, key), (other, note) in wanted.items() if (w, key) not in have and w in members]
    )  # fmt: skip
    record_changed()  # bulk_create sends no signals, and /crews/' kept rows show other names


def _anomalies(report: SourceReport) -> None:
    found = {(a.kind, a.subject[:200]): a for a in report.anomalies}
    have = set(Anomaly.objects.filter(source=report.source).values_list("kind", "subject"))
    Anomaly.objects.bulk_create(
        [Anomaly(source=report.source, kind=kind, subject=subject, text=a.text,
                 rows=", ".join(map(str, a.rows))[:200])
         for (kind, subject), a in found.items() if (kind, subject) not in have]
    )  # fmt: skip


def once_per_leg(rows: list[dict[str, str]], report: SourceReport) -> list[dict[str, str]]:
    """A source that puts one person twice on one leg (two flights ending in the same vehicle) is wrong about
    one of them: the first row is kept, the other reported and left out, not the whole import refused."""
    seen: dict[tuple[str, str, str], dict[str, str]] = {}
    kept = []
    for row in rows:
        key = (row["mission"].lower(), row["leg"], row["crew_member"].lower())
        if key in seen:
            report.anomaly("twice on a leg", f"{row['crew_member']} {row['mission']} {row['leg']}",
                           f"{row['crew_member']} is put twice on the {row['leg']} of {row['mission']}: the "
                           "second is left out")  # fmt: skip
            continue
        seen[key] = row
        kept.append(row)
    return kept


MISSION_CELLS = tuple(c.name for c in ROSTER_COLUMNS if c.of == MISSION)


def keep_what_is_on_file(rows: list[dict[str, str]], report: SourceReport) -> list[dict[str, str]]:
    """A source adds to the record and never rewrites it: a mission on file keeps its own facts (another
    source, such as the roster, may know them better), and a seat on file keeps its number, role and
    agreement. So importing the sources in any order gives one person, one flight."""
    wanted = {row["mission"].lower() for row in rows}
    missions = {m.name.lower(): m for m in Mission.objects.all() if m.name.lower() in wanted}
    seats = {
        (s.mission.name.lower(), s.leg, s.crew_member.name.lower()): s
        for s in export_queryset(SeatAssignment.objects.filter(mission__in=list(missions.values())))
    }
    commanders = {
        (m, leg): s.crew_member.name for (m, leg, _), s in seats.items() if s.role == Role.COMMANDER
    }
    taken: dict[str, set[int]] = defaultdict(set)
    for (m, leg, _), s in seats.items():
        if leg == "return" and s.seat is not None:
            taken[m].add(s.seat)
    stored_cells = {}
    for row in rows:
        key = row["mission"].lower()
        if key in missions:
            if key not in stored_cells:
                sample = next((s for (m, _, _), s in seats.items() if m == key), None)
                stored_cells[key] = _mission_cells_of(missions[key], sample)
            row.update(stored_cells[key])
        seat = seats.get((key, row["leg"], row["crew_member"].lower()))
        if seat is not None:
            row.update(seat="" if seat.seat is None else str(seat.seat), role=role_to_csv(seat.role),
                       agreement=seat.agreement.name if seat.agreement else "")  # fmt: skip
            continue
        if row["leg"] == "return" and row["mission_status"] != "landed" and not row["seat"]:
            row["seat"] = str(_free_seat(taken, key))  # a return still to fly is a plan: it needs a number
        if row["role"] == "commander":
            first = commanders.setdefault((key, row["leg"]), row["crew_member"])
            if first != row["crew_member"]:
                row["role"] = "flight engineer"
                report.anomaly("commander", f"{row['mission']} {row['leg']} {row['crew_member']}",
                               f"{row['mission']}'s {row['leg']} already has a commander ({first}): "
                               f"{row['crew_member']} is filed as flight engineer")  # fmt: skip
    return rows


def _free_seat(taken: dict[str, set[int]], mission: str) -> int:
    """The lowest seat number not yet taken on the mission's return: sources do not say who sits where, so
    numbers follow the order of the rows (roles first), as in the project's roster file."""
    number = next(n for n in range(1, 100) if n not in taken[mission])
    taken[mission].add(number)
    return number


def _mission_cells_of(mission: Mission, seat: SeatAssignment | None) -> dict[str, str]:
    """The stored mission as roster cells (through a seat's export when it has one)."""
    if seat is None:
        seat = SeatAssignment(mission=Mission.objects.select_related(
            "spacecraft__operator", "launch_site", "destination").get(pk=mission.pk))  # fmt: skip
    return {c.name: c.export(seat) for c in ROSTER_COLUMNS if c.name in MISSION_CELLS}


def refresh_statistics() -> None:
    """After a bulk load, PostgreSQL's planner still believes the tables are nearly empty until autovacuum
    comes round: ANALYZE the tables an import fills so the pages' plans fit the record at once (the missions
    list went from 0.29 s to 0.03 s with the whole record). Nothing to do on SQLite."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (Mission, SeatAssignment, CrewMember, OtherName, Anomaly, SourceName)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
