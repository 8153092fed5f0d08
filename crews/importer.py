"""Roster import: the one service every caller uses (`import_roster`, `load_demo`, the upload page).

`roster_import(data=…, dry_run=…)` reads a roster CSV (see `roster_csv`) and, in
one transaction, brings the database in line with it:

- missions, people, spacecraft, launch sites and agencies are matched by name
  (people also by their other names) and created when new; stations and
  agreements must already exist;
- a row identical to what is stored changes nothing; a seat held by someone else
  is an error, never a silent replacement;
- every object goes through `full_clean()`, so the seat rules apply exactly as in
  the admin; missions that have flown are stored as they happened and what they
  break is reported as warnings;
- all or nothing: on any problem, or with `dry_run`, the transaction is rolled
  back. Problems read `row N, column C: message`; row 1 is the header.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station
from missions.moments import Moment

from .enforcement import problems_by_mission
from .models import CrewMember, SeatAssignment
from .roster_csv import COLUMNS, DERIVED_COLUMNS, REQUIRED_COLUMNS, role_from_csv, role_words, unescape_cell

#: The columns that describe the mission (the same on every row of one mission).
MISSION_COLUMNS = COLUMNS[COLUMNS.index("mission_status") : COLUMNS.index("landing_utc") + 1]
PERSON_COLUMNS = ("crew_agency", "nationality")

#: Model field → the CSV column a problem with it is reported in.
MISSION_FIELD_COLUMNS = {
    "name": "mission",
    "slug": "mission",
    "status": "mission_status",
    "spacecraft": "spacecraft",
    "vehicle": "vehicle",
    "launch_site": "launch_site",
    "destination": "destination",
    "launch_date": "launch_utc",
    "launch_time": "launch_utc",
    "landing_date": "landing_utc",
    "landing_time": "landing_utc",
    NON_FIELD_ERRORS: "mission",
}
SEAT_FIELD_COLUMNS = {
    "mission": "mission",
    "leg": "leg",
    "seat": "seat",
    "role": "role",
    "crew_member": "crew_member",
    "agreement": "agreement",
    NON_FIELD_ERRORS: "crew_member",
}
PERSON_FIELD_COLUMNS = {"name": "crew_member", "agency": "crew_agency", "nationality": "nationality"}


@dataclass
class RowProblem:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool = False
    rows: int = 0
    created: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    changed: list[str] = field(default_factory=list)
    unchanged_rows: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def creations(self) -> list[tuple[str, list[str]]]:
        """(kind, descriptions) of what was (or would be) created, for templates."""
        return [(kind, items) for kind, items in self.created.items() if items]

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run and bool(self.created or self.changed)

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))

    def summary(self) -> str:
        made = ", ".join(f"{len(items)} {kind}" for kind, items in self.created.items() if items)
        parts = [f"{self.rows} rows read"]
        parts.append(f"created {made}" if made else "nothing created")
        parts.append(f"{len(self.changed)} changed")
        parts.append(f"{self.unchanged_rows} rows already on file")
        if self.warnings:
            parts.append(f"{len(self.warnings)} warnings")
        return "; ".join(parts)


@dataclass
class RosterRow:
    number: int
    cells: dict[str, str]
    status: str = ""
    launch: Moment | None = None
    landing: Moment | None = None
    seat: int = 0
    role: str = ""

    def __getitem__(self, column: str) -> str:
        return self.cells[column]


def read_rows(data: bytes | str, report: ImportReport) -> list[RosterRow]:
    """Check the file's format; problems go to `report`, good rows come back parsed."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            report.problem(1, "(file)", f"the file is not UTF-8 text (byte {exc.start} cannot be read)")
            return []
    elif data.startswith("\ufeff"):
        data = data[1:]
    try:
        records = list(csv.reader(io.StringIO(data, newline=""), strict=True))
    except csv.Error as exc:
        report.problem(1, "(file)", f"the file is not valid CSV ({exc})")
        return []
    if not records or not any(cell.strip() for cell in records[0]):
        report.problem(1, "(file)", "the file is empty: it needs the header row " + ",".join(COLUMNS))
        return []

    header = [cell.strip() for cell in records[0]]
    for column in COLUMNS:
        if column not in header:
            report.problem(1, column, "missing column")
    for column in header:
        if column not in COLUMNS and column not in DERIVED_COLUMNS:
            report.problem(1, column or "(blank)", "unknown column (expected: " + ",".join(COLUMNS) + ")")
    for column in {c for c in header if header.count(c) > 1}:
        report.problem(1, column, "column appears more than once")
    if report.problems:
        return []

    rows = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue  # a blank line
        report.rows += 1
        if len(record) != len(header):
            report.problem(number, "(row)", f"expected {len(header)} cells, found {len(record)}")
            continue
        # Surrounding spaces go; then the formula escape (which may guard a leading tab or line feed).
        cells = {name: unescape_cell(value.strip()) for name, value in zip(header, record, strict=True)}
        row = RosterRow(number, cells)
        ok = True
        for column in COLUMNS:
            if column in REQUIRED_COLUMNS and not cells[column]:
                report.problem(number, column, "this cell must not be empty")
                ok = False
        if cells["mission_status"] and cells["mission_status"].lower() not in Mission.Status.values:
            report.problem(
                number,
                "mission_status",
                f"“{cells['mission_status']}” is not a status (use one of {', '.join(Mission.Status.values)})",
            )
            ok = False
        row.status = cells["mission_status"].lower()
        for column, attr in (("launch_utc", "launch"), ("landing_utc", "landing")):
            if cells[column]:
                try:
                    setattr(row, attr, Moment.parse(cells[column]))
                except ValueError as exc:
                    report.problem(number, column, str(exc))
                    ok = False
        if cells["leg"] and cells["leg"].lower() not in SeatAssignment.Leg.values:
            report.problem(number, "leg", f"“{cells['leg']}” is not a leg (use ascent or return)")
            ok = False
        cells["leg"] = cells["leg"].lower()
        if cells["seat"]:
            if re.fullmatch(r"[0-9]{1,4}", cells["seat"]) and int(cells["seat"]) >= 1:
                row.seat = int(cells["seat"])
            else:
                report.problem(number, "seat", f"“{cells['seat']}” is not a seat number (1, 2, 3 …)")
                ok = False
        if cells["role"]:
            role = role_from_csv(cells["role"])
            if role is None:
                report.problem(number, "role", f"“{cells['role']}” is not a role (use one of {role_words()})")
                ok = False
            row.role = role or ""
        if ok:
            rows.append(row)
    return rows


def _check_rows_agree(rows: list[RosterRow], report: ImportReport) -> None:
    """Rows of one mission agree on the mission; rows of one person agree on the person; no seat twice."""
    seats: dict[tuple, RosterRow] = {}
    people: dict[tuple, RosterRow] = {}
    for row in rows:
        where = f"the {row['leg']} of {row['mission']}"
        first = seats.setdefault((row["mission"].lower(), row["leg"], row.seat), row)
        if first is not row:
            report.problem(
                row.number,
                "seat",
                f"seat {row.seat} on {where} is also given to {first['crew_member']} in row {first.number}",
            )
        first = people.setdefault((row["mission"].lower(), row["leg"], row["crew_member"].lower()), row)
        if first is not row:
            report.problem(
                row.number, "crew_member", f"{row['crew_member']} is also on {where} in row {first.number}"
            )
    for key, columns, what in (
        ("mission", MISSION_COLUMNS, "mission"),
        ("crew_member", PERSON_COLUMNS, "person"),
    ):
        first: dict[str, RosterRow] = {}
        for row in rows:
            name = row[key].lower()
            if name not in first:
                first[name] = row
                continue
            for column in columns:
                if row[column] != first[name][column]:
                    report.problem(
                        row.number,
                        column,
                        f"“{row[column]}” differs from “{first[name][column]}” in row {first[name].number} "
                        f"for the same {what} ({row[key]})",
                    )


class _Importer:
    def __init__(self, report: ImportReport):
        self.report = report
        self.agencies: dict[str, Agency] = {}
        for agency in Agency.objects.all():
            self.agencies[agency.short_name.lower()] = agency
            self.agencies.setdefault(agency.name.lower(), agency)
        self.spacecraft = {s.name.lower(): s for s in Spacecraft.objects.select_related("operator")}
        self.sites = {s.name.lower(): s for s in LaunchSite.objects.all()}
        self.stations: dict[str, Station] = {}
        for station in Station.objects.all():
            self.stations[station.short_name.lower()] = station
            self.stations.setdefault(station.name.lower(), station)
        self.agreements = {a.name.lower(): a for a in Agreement.objects.all()}
        self.missions = {m.name.lower(): m for m in Mission.objects.all()}
        self.people: dict[str, CrewMember] = {}
        self.failed_missions: set[str] = set()
        self.seats_on_file: dict[int, dict[tuple[str, int], SeatAssignment]] = {}
        self.touched_missions: dict[int, Mission] = {}

    # --- saving, with problems reported on the row -------------------------------
    def _save(self, obj, row: RosterRow, columns: dict[str, str], *, default_column: str) -> bool:
        """full_clean() and save() in a savepoint; report what fails on `row`."""
        try:
            with transaction.atomic():
                obj.full_clean()
                obj.save()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                for message in messages:
                    self.report.problem(row.number, columns.get(name, default_column), message)
            return False
        except IntegrityError as exc:
            self.report.problem(
                row.number,
                default_column,
                "could not be saved: another change to the same record was stored at the same time "
                f"({exc.__class__.__name__}); nothing was written, try again",
            )
            return False
        return True

    # --- reference data ---------------------------------------------------------------
    def agency(self, row: RosterRow, column: str) -> Agency | None:
        name = row[column]
        agency = self.agencies.get(name.lower())
        if agency is None:
            agency = Agency(name=name, short_name=name[:30])
            if not self._save(agency, row, {}, default_column=column):
                return None
            self.agencies[name.lower()] = agency
            self.report.created["agencies"].append(
                f"agency {name} (add its full name and country in the admin)"
            )
        return agency

    def spacecraft_for(self, row: RosterRow, seats_needed: int) -> Spacecraft | None:
        operator = self.agency(row, "operator")
        if operator is None:
            return None
        craft = self.spacecraft.get(row["spacecraft"].lower())
        if craft is None:
            craft = Spacecraft(name=row["spacecraft"], operator=operator, seat_count=seats_needed)
            if not self._save(craft, row, {"operator": "operator"}, default_column="spacecraft"):
                return None
            self.spacecraft[craft.name.lower()] = craft
            self.report.created["spacecraft"].append(
                f"spacecraft {craft.name} (operator {operator}, {seats_needed} seats: the highest seat in the "
                "file; check it in the admin)"
            )
        elif craft.operator_id != operator.pk:
            self.report.problem(
                row.number, "operator", f"{craft.name} is operated by {craft.operator}, not {row['operator']}"
            )
            return None
        return craft

    def site(self, row: RosterRow) -> LaunchSite | None:
        site = self.sites.get(row["launch_site"].lower())
        if site is None:
            site = LaunchSite(name=row["launch_site"], time_zone="UTC")
            if not self._save(site, row, {}, default_column="launch_site"):
                return None
            self.sites[site.name.lower()] = site
            self.report.created["launch sites"].append(
                f"launch site {site.name} (time zone unknown, set to UTC: correct it and the country in the admin)"
            )
        return site

    def station(self, row: RosterRow) -> tuple[bool, Station | None]:
        if not row["destination"]:
            return True, None
        station = self.stations.get(row["destination"].lower())
        if station is None:
            known = ", ".join(sorted({s.short_name for s in self.stations.values()})) or "none"
            self.report.problem(
                row.number,
                "destination",
                f"unknown station “{row['destination']}” (stations on file: {known}); add it in the admin first",
            )
            return False, None
        return True, station

    def agreement(self, row: RosterRow) -> tuple[bool, Agreement | None]:
        if not row["agreement"]:
            return True, None
        agreement = self.agreements.get(row["agreement"].lower())
        if agreement is None:
            self.report.problem(
                row.number,
                "agreement",
                f"unknown agreement “{row['agreement']}”: agreements must be on file before a roster names them",
            )
            return False, None
        return True, agreement

    # --- people -------------------------------------------------------------------------
    def person(self, row: RosterRow) -> CrewMember | None:
        name = row["crew_member"]
        if name.lower() in self.people:
            return self.people[name.lower()]
        agency = self.agency(row, "crew_agency")
        if agency is None:
            return None
        matches = list(CrewMember.objects.named(name).select_related("agency"))
        if len(matches) > 1:
            self.report.problem(
                row.number,
                "crew_member",
                f"“{name}” could be any of {', '.join(m.name + ' (' + str(m.agency) + ')' for m in matches)}; "
                "use the name of the one you mean",
            )
            return None
        if matches:
            person = matches[0]
            changes = []
            if person.agency_id != agency.pk:
                changes.append(f"agency {person.agency} → {agency}")
                person.agency = agency
            if row["nationality"] and person.nationality != row["nationality"]:
                changes.append(f"nationality {person.nationality or '(none)'} → {row['nationality']}")
                person.nationality = row["nationality"]
            if changes:
                if not self._save(person, row, PERSON_FIELD_COLUMNS, default_column="crew_member"):
                    return None
                self.report.changed.append(f"crew member {person.name}: " + "; ".join(changes))
        else:
            person = CrewMember(name=name, agency=agency, nationality=row["nationality"])
            if not self._save(person, row, PERSON_FIELD_COLUMNS, default_column="crew_member"):
                return None
            self.report.created["crew members"].append(f"crew member {name} ({agency})")
        self.people[name.lower()] = person
        return person

    # --- missions -----------------------------------------------------------------------
    def mission(self, row: RosterRow, seats_needed: int) -> Mission | None:
        spacecraft = self.spacecraft_for(row, seats_needed)
        site = self.site(row)
        station_ok, station = self.station(row)
        if spacecraft is None or site is None or not station_ok:
            return None
        wanted = {
            "status": row.status,
            "spacecraft": spacecraft,
            "vehicle": row["vehicle"],
            "launch_site": site,
            "destination": station,
            "launch_date": row.launch.date,
            "launch_time": row.launch.time,
            "landing_date": row.landing.date if row.landing else None,
            "landing_time": row.landing.time if row.landing else None,
        }
        mission = self.missions.get(row["mission"].lower())
        if mission is None:
            mission = Mission(name=row["mission"], **wanted)
            if not self._save(mission, row, MISSION_FIELD_COLUMNS, default_column="mission"):
                return None
            self.missions[mission.name.lower()] = mission
            self.report.created["missions"].append(f"mission {mission.name}")
            return mission
        changes = []
        for name, value in wanted.items():
            current = getattr(mission, name)
            if current != value:
                changes.append(f"{name.replace('_', ' ')} {_show(current)} → {_show(value)}")
                setattr(mission, name, value)
        if changes:
            if not self._save(mission, row, MISSION_FIELD_COLUMNS, default_column="mission"):
                return None
            self.report.changed.append(f"mission {mission.name}: " + "; ".join(changes))
        return mission

    # --- seats --------------------------------------------------------------------------
    def seat(self, row: RosterRow, mission: Mission, person: CrewMember, agreement: Agreement | None) -> bool:
        leg_label = SeatAssignment.Leg(row["leg"]).label.lower()
        where = f"seat {mission.name} {leg_label} {row.seat}"
        if mission.pk not in self.seats_on_file:
            self.seats_on_file[mission.pk] = {
                (s.leg, s.seat): s
                for s in SeatAssignment.objects.filter(mission=mission).select_related("crew_member")
            }
        held = self.seats_on_file[mission.pk].get((row["leg"], row.seat))
        if held is not None and held.crew_member_id != person.pk:
            self.report.problem(
                row.number,
                "seat",
                f"seat {row.seat} on the {leg_label} of {mission.name} is held by {held.crew_member.name}; "
                "release it first (an import never replaces a crew member)",
            )
            return False
        if held is not None:
            if held.role == row.role and held.agreement_id == (agreement.pk if agreement else None):
                self.report.unchanged_rows += 1
                return True
            changes = []
            if held.role != row.role:
                changes.append(
                    f"role {held.get_role_display().lower()} → {SeatAssignment.Role(row.role).label.lower()}"
                )
            if held.agreement_id != (agreement.pk if agreement else None):
                changes.append(f"agreement {held.agreement or '(none)'} → {agreement or '(none)'}")
            held.role, held.agreement = row.role, agreement
            held.mission, held.crew_member = mission, person
            if not self._save(held, row, SEAT_FIELD_COLUMNS, default_column="crew_member"):
                return False
            self.report.changed.append(f"{where} ({person.name}): " + "; ".join(changes))
            return True
        seat = SeatAssignment(
            mission=mission,
            leg=row["leg"],
            seat=row.seat,
            role=row.role,
            crew_member=person,
            agreement=agreement,
        )
        if not self._save(seat, row, SEAT_FIELD_COLUMNS, default_column="crew_member"):
            return False
        self.seats_on_file[mission.pk][(seat.leg, seat.seat)] = seat
        self.report.created["seats"].append(f"{where}: {person.name}")
        return True

    def run(self, rows: list[RosterRow]) -> None:
        seats_needed: dict[str, int] = defaultdict(int)
        for row in rows:
            key = row["spacecraft"].lower()
            seats_needed[key] = max(seats_needed[key], row.seat)

        missions: dict[str, Mission] = {}
        for row in rows:
            key = row["mission"].lower()
            if key in missions or key in self.failed_missions:
                continue
            mission = self.mission(row, seats_needed[row["spacecraft"].lower()])
            if mission is None:
                self.failed_missions.add(key)
            else:
                missions[key] = mission
                self.touched_missions[mission.pk] = mission

        # Ascents before returns: a return is paired with the ascent before it,
        # whatever the order of the file's rows.
        ordered = sorted(rows, key=lambda r: (r["leg"] != SeatAssignment.Leg.ASCENT, r.number))
        for row in ordered:
            mission = missions.get(row["mission"].lower())
            person = self.person(row)
            agreement_ok, agreement = self.agreement(row)
            if mission is None or person is None or not agreement_ok:
                continue
            self.seat(row, mission, person, agreement)

    def collect_warnings(self) -> None:
        if not self.touched_missions:
            return
        by_mission = problems_by_mission(list(self.touched_missions.values()))
        for mission in sorted(self.touched_missions.values(), key=lambda m: (m.launch_date, m.name)):
            for problem in by_mission[mission.pk]:
                text = f"{mission.name}: {problem.message}"
                if text not in self.report.warnings:
                    self.report.warnings.append(text)


def _show(value) -> str:
    if value is None or value == "":
        return "(none)"
    return str(value)


def roster_import(*, data: bytes | str, dry_run: bool = False) -> ImportReport:
    """Import a roster CSV, all or nothing; see the module docstring."""
    report = ImportReport(dry_run=dry_run)
    rows = read_rows(data, report)
    if report.problems:
        return report
    _check_rows_agree(rows, report)
    if report.problems:
        return report
    try:
        with transaction.atomic():
            importer = _Importer(report)
            importer.run(rows)
            if not report.problems:
                importer.collect_warnings()
            if report.problems or dry_run:
                transaction.set_rollback(True)
    except DatabaseError as exc:  # e.g. a deadlock with a concurrent import, detected by PostgreSQL
        report.problem(
            1, "(file)", f"the database refused the import ({exc}); nothing was written, try again"
        )
    return report
