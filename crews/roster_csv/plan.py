"""A roster file's change, planned in memory before anything is written.

`RosterPlan.build(rows)` reads what the file names in a few queries (every
mission, person and seat it touches, the reference data), works out what would
be created and changed, and checks it: each object's fields, who may change the
record, names close to someone on file, and then the seat rules once, over
everything the change touches (`rules.check_change`). Every problem of the file
is reported in this one pass. Nothing is written here: `writing.write_plan` does
that, in bulk, when the plan has no problem.

Built with `lock=True` inside a transaction, the missions and people the file
names are locked as they are read (the rules lock the agreements), so that the
plan holds until it is written.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable

from django.core.exceptions import ValidationError

from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station

from ..models import CrewMember, SeatAssignment
from ..rules import check_change, seat_key
from ..rules.facts import mission_key
from .changes import Edit, apply_values, by_column, field_values
from .columns import MISSION, PERSON, SEAT, error_columns
from .names import NameChoices, PeopleOnFile
from .reading import RosterRow
from .report import ImportReport

STEWARD = "a data steward can make this change"
#: What a planner may still change on a launched mission: that it landed, and when.
RECORDING_A_LANDING = {"status", "landing_date", "landing_time", "landing_precision"}


def _seats_needed(rows: list[RosterRow]) -> dict[str, int]:
    """For a spacecraft the file creates: the highest seat number in it, or the most people on one leg."""
    aboard = Counter((row["spacecraft"].lower(), row["mission"].lower(), row["leg"]) for row in rows)
    needed: dict[str, int] = defaultdict(int)
    for (craft, _mission, _leg), n in aboard.items():
        needed[craft] = max(needed[craft], n)
    for row in rows:
        key = row["spacecraft"].lower()
        needed[key] = max(needed[key], row["seat"] or 0)
    return needed


class RosterPlan:
    def __init__(self, report: ImportReport, *, names: NameChoices, may_change_record: bool, lock: bool):
        self.report = report
        self.names = names
        self.may_change_record = may_change_record
        self.lock = lock
        #: New objects by model, in the order they are to be written.
        self.new: dict[type, list] = defaultdict(list)
        #: Stored objects the file changes, by model and id.
        self.edits: dict[type, dict[int, Edit]] = defaultdict(dict)
        #: The file's seats as they would be saved (new and changed), with their rows.
        self.seats: list[tuple[SeatAssignment, int]] = []
        self.missions: dict[str, Mission | None] = {}  # name (lower) → planned mission, None if it failed
        self.people: dict[str, CrewMember | None] = {}

    # --- reading what the file names -----------------------------------------------------------
    def _load(self, rows: list[RosterRow]) -> None:
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
        self.agreements = {
            a.name.lower(): a for a in Agreement.objects.select_related("agency_a", "agency_b")
        }
        missions = Mission.objects.select_related("spacecraft__operator", "launch_site", "destination")
        if self.lock:
            missions = missions.select_for_update(of=("self",))
        # Names are compared in Python (SQLite's LOWER() knows only ASCII letters): ids first, then the rows.
        names = {row["mission"].lower() for row in rows}
        ids = [pk for pk, name in Mission.objects.values_list("pk", "name") if name.lower() in names]
        self.stored = {m.name.lower(): m for m in missions.filter(pk__in=ids).order_by("pk")}
        #: Each stored mission's status before the file: what has flown is decided by it.
        self.stored_status = {m.pk: m.status for m in self.stored.values()}
        self.on_file = PeopleOnFile({row["crew_member"] for row in rows}, lock=self.lock)
        held = SeatAssignment.objects.filter(mission__in=list(self.stored.values())).select_related(
            "crew_member"
        )
        self.held = {(s.mission_id, s.leg, s.seat): s for s in held if s.seat is not None}
        self.held_by_person = {(s.mission_id, s.leg, s.crew_member_id): s for s in held}

    # --- reference data ----------------------------------------------------------------------------
    def _valid(self, obj, row: RosterRow, record: str, default: str) -> bool:
        """The object's own fields (no database: references are checked by name, the rules come later)."""
        columns = error_columns(record)
        exclude = [f.name for f in obj._meta.fields if f.is_relation]
        errors = {}
        try:
            obj.clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.message_dict
        if isinstance(obj, Agency | Spacecraft | LaunchSite) and not errors:  # few: their names, checked here
            try:
                obj.validate_constraints()
            except ValidationError as exc:
                errors = exc.message_dict
        if isinstance(obj, Mission) and obj.dates_in_range:
            errors.update(
                {name: [message] for name, message in obj.date_errors().items() if name not in errors}
            )
        for name, messages in errors.items():
            for message in messages:
                self.report.problem(row.number, columns.get(name, default), message)
        return not errors

    def _agency(self, row: RosterRow, column: str) -> Agency | None:
        name = row[column]
        agency = self.agencies.get(name.lower())
        if agency is None:
            agency = Agency(name=name, short_name=name[:30])
            clash = self.agencies.get(agency.short_name.lower())
            if clash is not None:
                self.report.problem(
                    row.number, column,
                    f"a new agency “{name}” would have the short name “{agency.short_name}”, which {clash.name} "
                    "already has: write the agency as it is on file, or add it in the admin first",
                )  # fmt: skip
                return None
            if not self._valid(agency, row, "agency", column):
                return None
            self.agencies[name.lower()] = self.agencies[agency.short_name.lower()] = agency
            self.new[Agency].append(agency)
            self.report.created["agencies"].append(
                f"agency {name} (add its full name and country in the admin)"
            )
        return agency

    def _spacecraft(self, row: RosterRow, seats_needed: int) -> Spacecraft | None:
        operator = self._agency(row, "operator")
        if operator is None:
            return None
        craft = self.spacecraft.get(row["spacecraft"].lower())
        if craft is None:
            craft = Spacecraft(name=row["spacecraft"], operator=operator, seat_count=seats_needed)
            if not self._valid(craft, row, "spacecraft", "spacecraft"):
                return None
            self.spacecraft[craft.name.lower()] = craft
            self.new[Spacecraft].append(craft)
            self.report.created["spacecraft"].append(
                f"spacecraft {craft.name} (operator {operator}, {seats_needed} seats: the most the file needs, its "
                "highest seat number or the most people on one leg; check it in the admin)"
            )
        elif craft.operator is not operator and craft.operator_id != operator.pk:
            self.report.problem(
                row.number, "operator", f"{craft.name} is operated by {craft.operator}, not {row['operator']}"
            )
            return None
        return craft

    def _site(self, row: RosterRow) -> LaunchSite | None:
        site = self.sites.get(row["launch_site"].lower())
        if site is None:
            site = LaunchSite(name=row["launch_site"], time_zone="UTC")
            if not self._valid(site, row, "site", "launch_site"):
                return None
            self.sites[site.name.lower()] = site
            self.new[LaunchSite].append(site)
            self.report.created["launch sites"].append(
                f"launch site {site.name} (time zone unknown, set to UTC: correct it and the country in the admin)"
            )
        return site

    def _named(self, row: RosterRow, column: str, known: dict, what: str) -> tuple[bool, object]:
        """A station or an agreement named in the row: it must be on file."""
        if not row[column]:
            return True, None
        found = known.get(row[column].lower())
        if found is None:
            if what == "station":
                names = ", ".join(sorted({s.short_name for s in known.values()})) or "none"
                message = (
                    f"unknown station “{row[column]}” (stations on file: {names}); add it in the admin first"
                )
            else:
                message = f"unknown agreement “{row[column]}”: agreements must be on file before a roster names them"
            self.report.problem(row.number, column, message)
            return False, None
        return True, found

    # --- missions ------------------------------------------------------------------------------------
    def _mission(self, row: RosterRow, seats_needed: int) -> Mission | None:
        spacecraft = self._spacecraft(row, seats_needed)
        site = self._site(row)
        station_ok, station = self._named(row, "destination", self.stations, "station")
        if spacecraft is None or site is None or not station_ok:
            return None
        wanted = field_values(
            row, MISSION, {"spacecraft": spacecraft, "launch_site": site, "destination": station}
        )
        mission = self.stored.get(row["mission"].lower())
        if mission is None:
            return self._new_mission(row, wanted)
        was, before = mission.status, {name: getattr(mission, name) for name in wanted}
        changes = apply_values(mission, wanted)
        if not changes:
            return mission
        if not self._may_change_mission(row, mission, was, changes):
            for name, value in before.items():  # refused: the plan goes on with the mission as stored
                setattr(mission, name, value)
            return mission
        if not self._valid(mission, row, MISSION, "mission"):
            return None
        landing = was == Mission.Status.LAUNCHED and set(changes) <= RECORDING_A_LANDING
        self._edited(
            mission,
            row,
            changes,
            f"mission {mission.name}",
            record=was in Mission.RECORD_STATUSES and not landing,
        )
        return mission

    def _new_mission(self, row: RosterRow, wanted: dict) -> Mission | None:
        """A mission the file adds. One that has flown adds to the record: a data steward's to add."""
        mission = Mission(name=row["mission"], **wanted)
        if not self._valid(mission, row, MISSION, "mission"):
            return None
        if mission.is_record and not self.may_change_record:
            self.report.problem(
                row.number, "mission_status",
                f"{mission.name} would be added as {mission.status}: a flight that has flown is part of the "
                f"record; {STEWARD} (or add it as planned)",
            )  # fmt: skip
            return None
        self.new[Mission].append(mission)
        self.report.created["missions"].append(f"mission {mission.name}")
        if mission.is_record:
            self.report.record_changes.append(f"mission {mission.name} added as {mission.status}")
        return mission

    def _may_change_mission(self, row: RosterRow, mission: Mission, was: str, changes: dict) -> bool:
        """A planner may change a mission not yet flown, its status a step at a time as in the mission form;
        and record the landing of one that has launched. The rest of the record is the data stewards' to
        correct: a launched or landed mission's vehicle, site, launch, destination, or a landed one's landing."""
        if self.may_change_record:
            return True
        if (
            was == Mission.Status.LAUNCHED
            and set(changes) <= RECORDING_A_LANDING
            and mission.status in Mission.RECORD_STATUSES
        ):
            return True
        if was in Mission.RECORD_STATUSES:
            self._refuse_record(
                row, changes, MISSION,
                lambda said: f"{mission.name} has {was}: changing it ({said}) rewrites the record of what happened",
            )  # fmt: skip
            return False
        if "status" in changes and mission.status not in Mission.NEXT_STATUSES[was]:
            steps = ", ".join(Mission.NEXT_STATUSES[was]) or "none"
            self.report.problem(
                row.number, "mission_status",
                f"a {was} mission cannot become {mission.status} in one step (next steps: {steps}); {STEWARD}",
            )  # fmt: skip
            return False
        return True

    def _refuse_record(
        self, row: RosterRow, changes: dict, record: str, sentence: Callable[[str], str]
    ) -> None:
        """A change to the record without the stewards' permission: a problem on each column it touches
        (`sentence` says it, given what would change)."""
        for column, said in by_column(changes, error_columns(record)).items():
            self.report.problem(row.number, column, f"{sentence(said)}; {STEWARD}")

    def _edited(self, obj, row: RosterRow, changes: dict, what: str, *, record: bool) -> None:
        edit = self.edits[type(obj)].setdefault(obj.pk, Edit(obj, row.number))
        edit.fields |= set(changes)
        line = f"{what}: " + "; ".join(changes.values())
        self.report.changed.append(line)
        if record:
            self.report.record_changes.append(line)

    # --- people ---------------------------------------------------------------------------------------
    def _person(self, row: RosterRow) -> CrewMember | None:
        name = row["crew_member"]
        agency = self._agency(row, "crew_agency")
        if agency is None:
            return None
        matches = self.on_file.matches(name)
        if len(matches) > 1:
            self.report.problem(
                row.number, "crew_member",
                f"“{name}” could be any of {', '.join(f'{m.name} ({m.agency})' for m in matches)}; "
                "use the name of the one you mean",
            )  # fmt: skip
            return None
        person = matches[0] if matches else self._chosen_or_new(row, name, agency)
        if person is None or person.pk is None:
            return person
        values = {"agency": agency, **field_values(row, PERSON)}
        blank = {
            name for name in values if getattr(person, person._meta.get_field(name).attname) in (None, "")
        }
        changes = apply_values(person, values, keep_blank=True)  # a blank cell keeps what is on file
        if not changes:
            return person
        if set(changes) <= blank:  # only what was not on file is filled in: the record is not rewritten
            if self._valid(person, row, PERSON, "crew_member"):
                self._edited(person, row, changes, f"crew member {person.name}", record=False)
            return person
        if not self.may_change_record:
            self._refuse_record(
                row,
                changes,
                PERSON,
                lambda said: f"changing who {person.name} is ({said}) rewrites the record",
            )
            return None
        if self._valid(person, row, PERSON, "crew_member"):
            self._edited(person, row, changes, f"crew member {person.name}", record=True)
        return person

    def _chosen_or_new(self, row: RosterRow, name: str, agency: Agency) -> CrewMember | None:
        """Someone the file names who matches nobody exactly: the person the user chose, a new person, or a
        question when the name is close to someone on file."""
        chosen = self.names.same.get(name.lower())
        if chosen is not None:
            person = CrewMember.objects.select_related("agency").filter(pk=chosen).first()
            if person is None:
                self.report.problem(
                    row.number, "crew_member", f"the person chosen for “{name}” is no longer on file"
                )
            return person
        asked = False
        if not self.names.says_new(name):
            close = self.on_file.suggestions(name)
            if close:
                self.report.close_names[name] = close
                self.report.problem(
                    row.number, "crew_member",
                    f"“{name}” is not on file: did you mean {' or '.join(map(str, close))}? "
                    "Say whether it is that person or a new one",
                )  # fmt: skip
                asked = True
        person = CrewMember(name=name, agency=agency, **field_values(row, PERSON))
        if not self._valid(person, row, PERSON, "crew_member"):
            return None
        if asked:  # the rest of the rows is checked as if a new person: every other problem shows now
            return person
        self.new[CrewMember].append(person)
        self.report.created["crew members"].append(f"crew member {name} ({agency})")
        return person

    # --- seats -----------------------------------------------------------------------------------------
    def _seat(
        self, row: RosterRow, mission: Mission, person: CrewMember, agreement: Agreement | None
    ) -> None:
        leg, number = row["leg"], row["seat"]
        label = SeatAssignment.Leg(leg).label.lower()
        held = self.held.get((mission.pk, leg, number)) if mission.pk and number is not None else None
        if held is None and mission.pk:  # the person's own seat on the leg: kept, numbered or moved
            held = self.held_by_person.get((mission.pk, leg, person.pk))
        if number is None and held is not None and held.seat is not None:  # an empty cell keeps the number
            number = held.seat
            self.report.kept.append(
                f"row {row.number}: {person.name} keeps seat {number} on the {label} of {mission.name} (the seat "
                "cell is empty)"
            )
        where = f"seat {mission.name} {label} {number if number is not None else '(no number)'}"
        # A leg has flown on file, or will have once this file is imported (a mission launched by it).
        flown = mission.leg_has_flown(leg) or (
            mission.pk is not None and self.stored_status[mission.pk] in Mission.LEG_FLOWN_IN[leg]
        )
        if (
            held is not None
            and held.crew_member_id != person.pk
            and self._moves_out(held, mission, leg, number)
        ):
            held = None
        if held is not None and held.crew_member_id != person.pk:
            self.report.problem(
                row.number, "seat",
                f"seat {number} on the {label} of {mission.name} is held by {held.crew_member.name}; "
                "release it first (an import never replaces a crew member)",
            )  # fmt: skip
            return
        values = field_values(row, SEAT, {"agreement": agreement})
        if held is not None:
            if number is not None:  # a number where the record had none (an empty cell keeps the number)
                values = {"seat": number, **values}
            changes = apply_values(held, values)
            if not changes:
                self.report.unchanged_rows += 1
                return
            held.mission, held.crew_member = mission, person
            if self._refused_on_flown_leg(row, mission, label, flown, changes):
                return
            self._edited(held, row, changes, f"{where} ({person.name})", record=flown)
            self.seats.append((held, row.number))
            return
        seat = SeatAssignment(mission=mission, leg=leg, seat=number, crew_member=person, **values)
        if self._refused_on_flown_leg(row, mission, label, flown, {"crew_member": f"{person.name} added"}):
            return
        if self._valid(seat, row, SEAT, "crew_member"):
            self.new[SeatAssignment].append(seat)
            self.seats.append((seat, row.number))
            self.report.created["seats"].append(f"{where}: {person.name}")
            if flown:
                self.report.record_changes.append(f"{where}: {person.name} added to the flown {label}")

    def _moves_out(self, held: SeatAssignment, mission: Mission, leg: str, number: int | None) -> bool:
        """The seat's holder is given another seat number on this leg by the file (a reshuffle, not a
        replacement)."""
        moved_to = self.moving.get((mission.name.lower(), leg, held.crew_member_id), number)
        return number is not None and moved_to is not None and moved_to != number

    def _refused_on_flown_leg(self, row, mission: Mission, label: str, flown: bool, changes: dict) -> bool:
        if not flown or self.may_change_record:
            return False
        self._refuse_record(
            row,
            changes,
            SEAT,
            lambda said: f"the {label} of {mission.name} has flown: its crew is the record ({said})",
        )
        return True

    # --- the whole file ----------------------------------------------------------------------------------
    def build(self, rows: list[RosterRow], *, left_out: set[int] = frozenset()) -> None:
        """Plan every row, then check the seat rules once over the whole change."""
        self._load(rows)
        seats_needed = _seats_needed(rows)
        for row in rows:
            key = row["mission"].lower()
            if key not in self.missions:
                self.missions[key] = self._mission(row, seats_needed[row["spacecraft"].lower()])
            key = row["crew_member"].lower()
            if key not in self.people:
                self.people[key] = self._person(row)
        # Where the file puts each person it names: a seat its holder moves out of in the same file is free.
        self.moving = {
            (row["mission"].lower(), row["leg"], getattr(self.people[row["crew_member"].lower()], "pk", None)):
            row["seat"] for row in rows
        }  # fmt: skip
        for row in rows:
            mission = self.missions[row["mission"].lower()]
            person = self.people[row["crew_member"].lower()]
            agreement_ok, agreement = self._named(row, "agreement", self.agreements, "agreement")
            if mission is not None and person is not None and agreement_ok and row.number not in left_out:
                self._seat(row, mission, person, agreement)
        self._check_rules()

    def _check_rules(self) -> None:
        """The seat rules, once, over everything the change touches; their refusals on the rows that cause
        them, and what they say of the file's missions afterwards as warnings."""
        verdict = check_change(
            seats=[seat for seat, _ in self.seats],
            missions=[e.obj for e in self.edits[Mission].values()],
            people=[e.obj for e in self.edits[CrewMember].values()],
            around=list(self.stored.values()),  # every mission of the file, for its warnings
        )
        rows_of = {seat_key(seat): number for seat, number in self.seats}
        columns = error_columns(SEAT)
        for problem in verdict.refused:
            if problem.seat.key in rows_of:
                self.report.problem(
                    rows_of[problem.seat.key], columns.get(problem.field, "crew_member"), problem.message
                )
            else:
                self.report.problem(*self._row_for(problem), problem.message)
        if self.report.problems:
            return  # refused: the warnings would be about a change that will not happen
        planned = sorted(
            (m for m in self.missions.values() if m is not None), key=lambda m: (m.launch_date, m.name)
        )
        warnings = []
        for mission in planned:
            key = mission_key(mission)
            for problem in verdict.after:
                text = f"{mission.name}: {problem.message}"
                if problem.concerns_mission(key) and text not in warnings:
                    warnings.append(text)
        self.report.warnings = warnings

    def _row_for(self, problem) -> tuple[int, str]:
        """A refusal about seats the file does not name: on the first row of the mission or person it changes."""
        for seat in problem.seats:
            for mission in self.edits[Mission].values():
                if seat.mission.key == mission.obj.pk:
                    return mission.row, "mission"
            for person in self.edits[CrewMember].values():
                if seat.person_key == person.obj.pk:
                    return person.row, "crew_member"
        return 1, "(file)"
