"""Roster import: the one service every caller uses (`import_roster`, `load_demo`, the upload page).

`roster_import(data=…, dry_run=…)` reads a roster CSV (see `columns`) and, in
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

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction

from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station

from ..models import CrewMember, SeatAssignment
from ..rules import problems_by_mission
from .columns import MISSION, PERSON, SEAT, columns_of, error_columns
from .reading import RosterRow, check_rows_agree, read_rows
from .report import ImportReport, RowProblem

__all__ = ["ImportReport", "RowProblem", "roster_import"]


def _field_values(row: RosterRow, record: str, resolved: dict | None = None) -> dict:
    """What the row sets on its mission, person or seat, in column order: plain values as read, and the
    references the importer resolved by name (`resolved`: column → object)."""
    values: dict = {}
    for column in columns_of(record):
        if column.plain:
            values.update(column.field_values(row[column.name]))
        elif resolved and column.name in resolved:
            values[column.name] = resolved[column.name]
    return values


def _shown(model, field: str, value) -> str:
    """A value as a change line shows it: a choice by its label, nothing as “(none)”."""
    if value is None or value == "":
        return "(none)"
    choices = dict(model._meta.get_field(field).choices or ())
    return str(choices[value]).lower() if value in choices else str(value)


def _apply(obj, values: dict, *, keep_blank: bool = False) -> list[str]:
    """Set `values` on `obj`; the changes in words (`role commander → flight engineer`)."""
    changes = []
    for field, value in values.items():
        model_field = obj._meta.get_field(field)
        if model_field.is_relation:  # compare ids: no query unless it changed
            same = getattr(obj, model_field.attname) == (value.pk if value is not None else None)
        else:
            same = getattr(obj, field) == value
        if same or (keep_blank and value in (None, "")):
            continue
        current = getattr(obj, field)
        changes.append(
            f"{field.replace('_', ' ')} {_shown(type(obj), field, current)} → {_shown(type(obj), field, value)}"
        )
        setattr(obj, field, value)
    return changes


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
            if not self._save(craft, row, error_columns("spacecraft"), default_column="spacecraft"):
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
        values = _field_values(row, PERSON)
        if matches:
            person = matches[0]
            changes = []
            if person.agency_id != agency.pk:
                changes.append(f"agency {person.agency} → {agency}")
                person.agency = agency
            changes += _apply(person, values, keep_blank=True)  # a blank cell keeps what is on file
            if changes:
                if not self._save(person, row, error_columns(PERSON), default_column="crew_member"):
                    return None
                self.report.changed.append(f"crew member {person.name}: " + "; ".join(changes))
        else:
            person = CrewMember(name=name, agency=agency, **values)
            if not self._save(person, row, error_columns(PERSON), default_column="crew_member"):
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
        wanted = _field_values(
            row, MISSION, {"spacecraft": spacecraft, "launch_site": site, "destination": station}
        )
        mission = self.missions.get(row["mission"].lower())
        if mission is None:
            mission = Mission(name=row["mission"], **wanted)
            if not self._save(mission, row, error_columns(MISSION), default_column="mission"):
                return None
            self.missions[mission.name.lower()] = mission
            self.report.created["missions"].append(f"mission {mission.name}")
            return mission
        changes = _apply(mission, wanted)
        if changes:
            if not self._save(mission, row, error_columns(MISSION), default_column="mission"):
                return None
            self.report.changed.append(f"mission {mission.name}: " + "; ".join(changes))
        return mission

    # --- seats --------------------------------------------------------------------------
    def seat(self, row: RosterRow, mission: Mission, person: CrewMember, agreement: Agreement | None) -> bool:
        leg_label = SeatAssignment.Leg(row["leg"]).label.lower()
        where = f"seat {mission.name} {leg_label} {row['seat']}"
        if mission.pk not in self.seats_on_file:
            self.seats_on_file[mission.pk] = {
                (s.leg, s.seat): s
                for s in SeatAssignment.objects.filter(mission=mission).select_related("crew_member")
            }
        held = self.seats_on_file[mission.pk].get((row["leg"], row["seat"]))
        if held is not None and held.crew_member_id != person.pk:
            self.report.problem(
                row.number,
                "seat",
                f"seat {row['seat']} on the {leg_label} of {mission.name} is held by {held.crew_member.name}; "
                "release it first (an import never replaces a crew member)",
            )
            return False
        values = _field_values(row, SEAT, {"agreement": agreement})
        if held is not None:
            changes = _apply(held, values)
            if not changes:
                self.report.unchanged_rows += 1
                return True
            held.mission, held.crew_member = mission, person
            if not self._save(held, row, error_columns(SEAT), default_column="crew_member"):
                return False
            self.report.changed.append(f"{where} ({person.name}): " + "; ".join(changes))
            return True
        seat = SeatAssignment(mission=mission, leg=row["leg"], seat=row["seat"], crew_member=person, **values)
        if not self._save(seat, row, error_columns(SEAT), default_column="crew_member"):
            return False
        self.seats_on_file[mission.pk][(seat.leg, seat.seat)] = seat
        self.report.created["seats"].append(f"{where}: {person.name}")
        return True

    def run(self, rows: list[RosterRow]) -> None:
        seats_needed: dict[str, int] = defaultdict(int)
        for row in rows:
            key = row["spacecraft"].lower()
            seats_needed[key] = max(seats_needed[key], row["seat"])

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


def roster_import(*, data: bytes | str, dry_run: bool = False) -> ImportReport:
    """Import a roster CSV, all or nothing; see the module docstring."""
    report = ImportReport(dry_run=dry_run)
    rows = read_rows(data, report)
    if report.problems:
        return report
    check_rows_agree(rows, report)
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
