"""The Astronaut Database, 1961–2019 (Stavnichuk & Corlett, as cleaned for TidyTuesday): read, reconciled,
and turned into roster rows for the one import path (`roster_csv`).

One row of the file is one person on one flight: the vehicle they went up in
(`ascend_shuttle`), where they lived (`in_orbit`: a station or the craft itself)
and the vehicle they came home in (`descend_shuttle`). What this module decides,
and reports as anomalies rather than guesses:

- **Who.** A person is the pair (person number, name): the file has a number
  shared by two people (385: Pedro Duque and Yuri Baturin) and two people of one
  name (Aleksandr Aleksandrov, numbers 123 and 209) — those get the full names
  their agencies use (`SAME_NAME`).
- **Which flight.** Names are normalised by `vocabulary.mission_name`; a value it
  cannot resolve (`Soyuz MS` with no number) leaves that person's flight out.
- **When.** The file knows only the year: launches are filed to the year. Rows of
  one flight that disagree take the most common year (the earliest on a tie) and
  are reported. No landing date is made up: the latest possible landing is the
  end of the launch year plus the longest stay that ended on the flight.
- **How it ended.** Status words in the descent column become the flight's
  outcome (lost, aborted) or leave it launched (still in space at the source's
  date), never a return leg.
- **Careers.** Hours and spacewalk hours are stored per flight; the sum is checked
  against the file's own totals.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..roster_csv.report import counted
from . import vocabulary as vocab
from .files import read_source
from .identity import Identities, SourcePerson
from .loading import import_source
from .report import SourceReport
from .text import folded

SOURCE = "astronaut_db"
FILE = Path(__file__).with_name("data") / "astronauts_1961_2019.csv"
COLUMNS = (
    "id", "number", "name", "original_name", "nationality", "occupation", "year_of_mission", "mission_title",
    "ascend_shuttle", "in_orbit", "descend_shuttle", "hours_mission", "total_hrs_sum", "eva_hrs_mission",
    "total_eva_hrs",
)  # fmt: skip

#: (person number, name as written) → the name used here, for two people the file names alike.
SAME_NAME = {
    ("123", "Aleksandrov, Aleksandr"): "Aleksandr Pavlovich Aleksandrov",
    ("209", "Aleksandrov, Aleksandr"): "Aleksandar Panayotov Aleksandrov",
}
ROLES = {
    "commander": "commander",
    "pilot": "pilot",
    "flight engineer": "flight_engineer",
    "msp": "mission_specialist",
    # A payload specialist flew as a specialist for a payload: not a role of its own here.
    "psp": "mission_specialist",
}
#: What the file writes where it has no value.
MISSING = frozenset({"NA", "N/A", "-"})
#: Rows the file gets wrong in a way the record cannot hold (a crew over its vehicle's seats, one person on
#: one flight twice), corrected from the agencies' mission pages; each correction is reported as an anomaly.
CORRECTIONS = {
    "286": ({"ascend_shuttle": "Soyuz T-11", "descend_shuttle": "Soyuz T-10", "hours_mission": "189.67"},
            "Rakesh Sharma went up in Soyuz T-11 and came down in T-10 (7 d 21 h 40 min); the row has them "
            "swapped and 4,365.8 hours"),
    "406": ({"mission_title": "STS-61-B", "ascend_shuttle": "STS-61-B", "in_orbit": "STS-61-B",
             "descend_shuttle": "STS-61-B"}, "Jerry L. Ross flew STS-61-B in 1985; the row says STS-61 (1993)"),
    "603": ({"mission_title": "STS-56", "ascend_shuttle": "STS-56", "in_orbit": "STS-56",
             "descend_shuttle": "STS-56"}, "Stephen S. Oswald flew STS-56 in 1993; the row says STS-67"),
    "604": ({"mission_title": "STS-67", "ascend_shuttle": "STS-67", "in_orbit": "STS-67",
             "descend_shuttle": "STS-67"}, "Stephen S. Oswald flew STS-67 in 1995; the row says STS-42"),
    "645": ({"mission_title": "STS-61", "ascend_shuttle": "STS-61", "in_orbit": "STS-61",
             "descend_shuttle": "STS-61"}, "Claude Nicollier flew STS-61 in 1993; the row says STS-61-A (1985)"),
}  # fmt: skip
#: The last day the file knows of (its latest flights are of 2019).
RECORD_ENDS = dt.date(2019, 12, 31)
SHORT_NAMES = {name: short for name, short, _ in vocab.STATIONS}
ROLE_ORDER = ("commander", "pilot", "flight_engineer", "mission_specialist", "spaceflight_participant")


@dataclass
class DbFlight:
    """One person on one flight, as reconciled from one row."""

    row: int
    person: str  # SourcePerson key
    ascent: str
    descent: str | None  # another flight they came home in, or None
    outcome: str  # "", "lost", "aborted", "in_space"
    station: str | None
    year: int
    role: str
    hours: Decimal | None
    eva_hours: Decimal | None
    private: bool = False  # a tourist or a journalist: flew on the seat the flight's operator sold


@dataclass
class DbMission:
    name: str
    years: Counter = field(default_factory=Counter)
    stations: Counter = field(default_factory=Counter)
    outcome: str = ""
    in_space: bool = False
    #: The latest any flight that ended on this mission can have ended.
    landing_by: dt.date | None = None

    @property
    def year(self) -> int:
        return min(self.years, key=lambda y: (-self.years[y], y))


@dataclass
class DbRecord:
    people: dict[str, SourcePerson] = field(default_factory=dict)
    flights: list[DbFlight] = field(default_factory=list)
    missions: dict[str, DbMission] = field(default_factory=dict)
    totals: dict[str, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)


def _number(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and value >= 0 else None


FIRST_YEAR, LAST_YEAR = 1961, 2100
#: Beyond these a value is a typing mistake: Polyakov's 437 days are about 10,500 hours; the most anyone
#: spent spacewalking on one flight is under 60 hours.
MAX_HOURS, MAX_EVA_HOURS = Decimal(20000), Decimal(200)


def _year(text: str) -> int | None:
    try:
        year = int(text.strip())
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _role(text: str) -> str:
    key = " ".join(text.lower().split())
    return ROLES.get(
        key,
        "spaceflight_participant" if "tourist" in key or "participant" in key or "journalist" in key else "",
    )


def read(data: bytes | str, report: SourceReport) -> list[dict[str, str]]:
    return read_source(data, COLUMNS, "the Astronaut Database", report)


def person_key(row: dict[str, str]) -> str:
    """Who a row is in this file: its person number and name together (neither alone tells people apart),
    the name without accents or case (`Tamayo Méndez` and `Tamayo Mendez` under one number are one person)."""
    return f"{row['number'].strip()}:{folded(row['name'])}"


def _person(row: dict[str, str], number: int) -> SourcePerson:
    raw = " ".join(row["name"].split())
    country = vocab.country(row["nationality"])
    as_written = vocab.person_name(raw, country=country)
    name = SAME_NAME.get((row["number"], raw)) or vocab.DIACRITICS_RESTORED.get(raw) or as_written
    others = [
        (other, "as the Astronaut Database also writes it")
        for other in vocab.alternate_names(raw, country=country)
    ]
    if raw in vocab.KNOWN_MISSPELLINGS:
        name = vocab.KNOWN_MISSPELLINGS[raw]
        others.append((as_written, "misspelt in the Astronaut Database"))
    elif name != as_written:
        others.append((as_written, "as the Astronaut Database writes it"))
    original = " ".join(row["original_name"].split())
    if original.upper() in MISSING:
        original = ""
    if original and "," in original and original.isascii():
        original = vocab.person_name(original, country=country)
    if original and original != name:
        others.append((original, "in their own script" if not original.isascii() else "full name"))
    return SourcePerson(
        key=person_key(row), name=name, agency="", nationality=country,
        other_names=[(n, note) for n, note in dict.fromkeys(others) if n != name], rows=[number],
    )  # fmt: skip


def _flight_names(
    row: dict[str, str], number: int, report: SourceReport
) -> tuple[str | None, str | None, str]:
    """The ascent flight, the other flight they came home in (or None) and the outcome word."""
    up = vocab.mission_name(row["ascend_shuttle"], leg="ascent")
    if up.name is None:
        # A combined title or in-orbit value (`Soyuz 36/35`) names both flights when the columns do not.
        pair = vocab.legs(row["mission_title"]) or vocab.legs(row["in_orbit"])
        if pair is not None:
            return pair[0].name, pair[1].name, ""
        report.anomaly("mission name", row["ascend_shuttle"], f"ascent “{row['ascend_shuttle']}” cannot be "
                       f"resolved ({up.how}): this flight of {row['name']} is left out", number)  # fmt: skip
        return None, None, ""
    outcome = vocab.outcome(row["descend_shuttle"]) or ""
    if outcome:
        return up.name, None, outcome
    down = vocab.mission_name(row["descend_shuttle"], leg="descent")
    if down.name is None:
        report.anomaly("mission name", row["descend_shuttle"], f"descent “{row['descend_shuttle']}” cannot be "
                       f"resolved ({down.how}): no return leg is recorded for {row['name']}", number)  # fmt: skip
        return up.name, None, ""
    return up.name, (down.name if down.name != up.name else None), ""


def reconcile(rows: list[dict[str, str]], report: SourceReport) -> DbRecord:
    record = DbRecord()
    names_of_number: dict[str, set[str]] = defaultdict(set)
    numbers_of_name: dict[str, set[str]] = defaultdict(set)
    flown: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=2):
        if row["id"] in CORRECTIONS:
            values, why = CORRECTIONS[row["id"]]
            row = {**row, **values}
            report.anomaly("corrected", f"row id {row['id']}", f"corrected: {why}", number)
        person = _person(row, number)
        names_of_number[row["number"]].add(person.key)
        numbers_of_name[" ".join(row["name"].split())].add(row["number"])
        if person.key in record.people:
            record.people[person.key].rows.append(number)
        else:
            record.people[person.key] = person
        record.totals[person.key] = (_number(row["total_hrs_sum"]), _number(row["total_eva_hrs"]))
        up, down, outcome = _flight_names(row, number, report)
        if up is None:
            continue
        year = _year(row["year_of_mission"])
        if year is None:
            report.anomaly("year", f"{person.name} {up}", f"“{row['year_of_mission']}” is not a year of crewed "
                           f"flight ({FIRST_YEAR}–{LAST_YEAR}): this flight of {person.name} is left out", number)  # fmt: skip
            continue
        hours, eva = _number(row["hours_mission"]), _number(row["eva_hrs_mission"])
        if (hours or 0) > MAX_HOURS or (eva or 0) > MAX_EVA_HOURS:
            report.anomaly("hours", f"{person.name} {up}", f"{person.name} on {up}: {row['hours_mission']} hours, "
                           f"{row['eva_hrs_mission']} spacewalk hours cannot be (the longest flight lasted about "
                           "10,500 hours): left out, not the flight", number)  # fmt: skip
            hours = eva = None
        role = _role(row["occupation"])
        if not role:
            report.anomaly("role", row["occupation"], f"“{row['occupation']}” is not a role: filed as mission "
                           "specialist", number)  # fmt: skip
            role = "mission_specialist"
        if (person.key, up) in flown:
            report.anomaly("duplicate", f"{person.name} {up}", f"{person.name} is on {up} twice (rows "
                           f"{flown[(person.key, up)]} and {number}, years differ): the second is left out",
                           number)  # fmt: skip
            continue
        flown[(person.key, up)] = number
        _check_orbit(row, up, person.name, number, report)
        record.flights.append(DbFlight(
            row=number, person=person.key, ascent=up, descent=down, outcome=outcome,
            station=vocab.station(row["in_orbit"]), year=year, role=role,
            hours=hours, eva_hours=eva,
            private=vocab.is_private_flyer(row["occupation"]),
        ))  # fmt: skip
    _identity_anomalies(names_of_number, numbers_of_name, record, report)
    _missions(record, report)
    _careers(record, report)
    return record


def _check_orbit(row: dict[str, str], up: str, who: str, number: int, report: SourceReport) -> None:
    """An in-orbit value that names neither a station on file nor a flight is reported, not dropped."""
    raw = row["in_orbit"]
    if vocab.station(raw) or vocab.outcome(raw) or vocab.legs(raw) or raw.strip().upper() in MISSING:
        return
    if vocab.mission_name(raw).name is None:
        report.anomaly("station", raw, f"in-orbit “{raw}” names no station on file and no flight: {who} on "
                       f"{up} is filed with no station", number)  # fmt: skip


def _identity_anomalies(names_of_number, numbers_of_name, record: DbRecord, report: SourceReport) -> None:
    for number, keys in sorted(names_of_number.items()):
        if len(keys) > 1:
            people = sorted(record.people[k].name for k in keys)
            report.anomaly("identity", f"person number {number}", f"person number {number} is shared by "
                           f"{' and '.join(people)}: kept apart by name", *sorted(
                               r for k in keys for r in record.people[k].rows)[:1])  # fmt: skip
    for name, numbers in sorted(numbers_of_name.items()):
        if len(numbers) > 1:
            people = sorted(record.people[f"{n}:{folded(name)}"].name for n in numbers)
            report.anomaly("identity", name, f"two different people are named “{name}” (person numbers "
                           f"{', '.join(sorted(numbers))}): filed as {' and '.join(people)}")  # fmt: skip


def _check_descents(record: DbRecord, report: SourceReport) -> None:
    """Coming home in another flight needs somewhere to change vehicles: a station the row names, or a flight
    already up (launched that year or the year before: a taxi crew comes home in the vehicle left at the
    station, and the in-orbit column then names the craft). Gagarin's row says he came down in Vostok 3,
    launched a year later with another pilot: that is refused."""
    years: dict[str, Counter] = defaultdict(Counter)
    for flight in record.flights:
        years[flight.ascent][flight.year] += 1
    for flight in record.flights:
        if not flight.descent or flight.station or flight.descent not in years:
            continue
        if not {flight.year, flight.year - 1} & set(years[flight.descent]):
            person = record.people[flight.person].name
            report.anomaly("descent", f"{person} {flight.ascent}", f"{person} went up in {flight.ascent} "
                           f"({flight.year}) and is said to come down in {flight.descent}, launched in another year, "
                           "without a station between: no return leg is recorded", flight.row)  # fmt: skip
            flight.descent = None


def _missions(record: DbRecord, report: SourceReport) -> None:
    _check_descents(record, report)
    ends: dict[str, list[dt.date]] = defaultdict(list)
    for flight in record.flights:
        mission = record.missions.setdefault(flight.ascent, DbMission(flight.ascent))
        mission.years[flight.year] += 1
        if flight.station:
            mission.stations[flight.station] += 1
        if flight.outcome in ("lost", "aborted"):
            mission.outcome = flight.outcome
        mission.in_space |= flight.outcome == "in_space"
        if flight.outcome != "in_space":
            days = math.ceil((flight.hours or 0) / 24)
            ends[flight.descent or flight.ascent].append(
                dt.date(flight.year, 12, 31) + dt.timedelta(days=days)
            )
    for flight in record.flights:
        if flight.descent and flight.descent not in record.missions:
            mission = record.missions.setdefault(flight.descent, DbMission(flight.descent))
            mission.years[flight.year] += 1
            report.anomaly("launch year", flight.descent, f"{flight.descent} carried nobody up in this file: "
                           "its launch is filed to the year its return crew went up", flight.row)  # fmt: skip
    _stale_in_space(record, ends, report)
    for name, mission in record.missions.items():
        if len(mission.years) > 1:
            shown = ", ".join(f"{y} ({n} rows)" for y, n in sorted(mission.years.items()))
            report.anomaly("launch year", name, f"the rows of {name} disagree on the year: {shown}; filed to "
                           f"{mission.year}")  # fmt: skip
        if len(mission.stations) > 1:
            shown = ", ".join(sorted(mission.stations))
            report.anomaly("station", name, f"the rows of {name} name several stations ({shown}); its "
                           f"destination is filed as {mission.stations.most_common(1)[0][0]}")  # fmt: skip
        if not mission.in_space and ends[name]:
            mission.landing_by = max(ends[name])


def _stale_in_space(record: DbRecord, ends: dict[str, list[dt.date]], report: SourceReport) -> None:
    """A row "in space" on a flight others came home in is stale (Malenchenko's 2015 row: he landed in 2016
    with his crew): that flight ended with its crew, and the mission is not followed to the file's end."""
    for name, mission in record.missions.items():
        if not (mission.in_space and ends[name]):
            continue
        stale = [f for f in record.flights if f.ascent == name and f.outcome == "in_space"]
        for flight in stale:
            flight.outcome = ""
            days = math.ceil((flight.hours or 0) / 24)
            ends[name].append(dt.date(flight.year, 12, 31) + dt.timedelta(days=days))
        names = " and ".join(record.people[f.person].name for f in stale)
        report.anomaly("outcome", name, f"{names} still “in space” on {name}, but others came home in it: "
                       "filed as come home with them", *(f.row for f in stale))  # fmt: skip
        mission.in_space = False


def _careers(record: DbRecord, report: SourceReport) -> None:
    hours: dict[str, Decimal] = defaultdict(Decimal)
    eva: dict[str, Decimal] = defaultdict(Decimal)
    for flight in record.flights:
        hours[flight.person] += flight.hours or 0
        eva[flight.person] += flight.eva_hours or 0
    for key, (total, eva_total) in record.totals.items():
        person = record.people[key]
        for what, summed, stated in (("hours", hours[key], total), ("spacewalk hours", eva[key], eva_total)):
            if stated is not None and abs(summed - stated) > Decimal("0.1"):
                report.anomaly("career", f"{person.name} {what}", f"{person.name}: the flights' {what} add up to "
                               f"{summed:.2f}, the file's total says {stated:.2f}", *person.rows[-1:])  # fmt: skip


def _agency_of(record: DbRecord) -> dict[str, str]:
    """The agency each person flew for on their latest flight in the file: their country's, or the flight's
    operator's (guests of the Soviet programme, tourists, countries without an astronaut agency)."""
    agencies: dict[str, str] = {}
    for flight in sorted(record.flights, key=lambda f: (f.year, f.row)):
        country = record.people[flight.person].nationality
        agencies[flight.person] = vocab.agency_for(
            country, vocab.flight_operator(flight.ascent), year=flight.year, private=flight.private
        )
    return agencies


def _mission_cells(mission: DbMission) -> dict[str, str]:
    vehicle = vocab.vehicle_for(mission.name)
    station = mission.stations.most_common(1)[0][0] if mission.stations else ""
    return {
        "mission": mission.name,
        "mission_status": "launched" if mission.in_space else "landed",
        "spacecraft": vehicle,
        "vehicle": "",
        "operator": vocab.operator_for(vehicle),
        "launch_site": vocab.launch_site_for(mission.name),
        "destination": SHORT_NAMES[station] if station else "",
        "launch_utc": str(mission.year),
        "landing_utc": "",
        "landing_by": mission.landing_by.isoformat() if mission.landing_by else "",
        # Still in space at the source's date: seen there to its end, where they went next is not on file.
        "crew_seen_until": RECORD_ENDS.isoformat() if mission.in_space else "",
        "outcome": mission.outcome,
    }


def roster_rows(record: DbRecord, identities: Identities, report: SourceReport) -> list[dict[str, str]]:
    """One roster row per person per leg: the ascent, and a return when they came home in another flight."""
    agencies = _agency_of(record)
    missions = {name: _mission_cells(m) for name, m in record.missions.items()}
    commanders: dict[tuple[str, str], str] = {}
    rows = []
    for flight in sorted(record.flights, key=lambda f: (f.ascent, ROLE_ORDER.index(f.role), f.row)):
        person = record.people[flight.person]
        if flight.person in identities.held:
            continue
        on_file = identities.on_file.get(flight.person)
        who = {
            "crew_member": identities.row_name(person),
            "crew_agency": on_file.agency.short_name if on_file else agencies[flight.person],
            "nationality": on_file.nationality if on_file else person.nationality,
        }
        legs = [("ascent", flight.ascent)] + ([("return", flight.descent)] if flight.descent else [])
        for leg, mission in legs:
            role = flight.role
            if (
                role == "commander"
                and commanders.setdefault((mission, leg), who["crew_member"]) != who["crew_member"]
            ):
                role = "flight_engineer" if "Soyuz" in mission else "mission_specialist"
                report.anomaly("commander", f"{mission} {leg} {person.name}", f"{mission}'s {leg} has two "
                               f"commanders in the file ({commanders[(mission, leg)]} and {person.name}): "
                               f"{person.name} is filed as {role.replace('_', ' ')}", flight.row)  # fmt: skip
            rows.append({
                **missions[mission], "leg": leg, "seat": "", "role": role.replace("_", " "), **who,
                "agreement": "",
                "hours": "" if leg == "return" or flight.hours is None else str(flight.hours),
                "eva_hours": "" if leg == "return" or flight.eva_hours is None else str(flight.eva_hours),
            })  # fmt: skip
    return _within_seats(rows, report)


def _within_seats(rows: list[dict[str, str]], report: SourceReport) -> list[dict[str, str]]:
    """A leg the file gives more people than its vehicle has seats is a mistake of the file (the record refuses
    it): the people beyond the seats, last in role order, are left out of that leg and reported."""
    seats = {name: count for name, _, _, count, *_ in vocab.VEHICLES}
    on_leg: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        on_leg[(row["mission"], row["leg"])].append(row)
    dropped = set()
    for (mission, leg), crew in on_leg.items():
        over = crew[seats.get(crew[0]["spacecraft"], len(crew)) :]
        if over:
            names = ", ".join(r["crew_member"] for r in over)
            report.anomaly("seats", f"{mission} {leg}", f"the file puts {len(crew)} people on the {leg} of {mission} "
                           f"({crew[0]['spacecraft']}, {counted(len(crew) - len(over), 'seats')}): {names} left out of it")  # fmt: skip
            dropped |= {id(r) for r in over}
    return [row for row in rows if id(row) not in dropped]


def import_astronaut_db(data: bytes | str | None = None, *, dry_run: bool = False, user=None) -> SourceReport:
    """Import the file (the copy kept in the project when `data` is None); see the module docstring."""
    report = SourceReport(SOURCE, dry_run=dry_run)
    rows = read(FILE.read_bytes() if data is None else data, report)
    report.rows = len(rows)
    if not rows:
        return report
    record = reconcile(rows, report)
    flying = {f.person for f in record.flights}  # a person whose every flight was left out is not asked about
    people = [p for p in record.people.values() if p.key in flying]
    return import_source(
        report, people, record.flights, lambda identities: roster_rows(record, identities, report),
        user=user, record_ends=RECORD_ENDS,
    )  # fmt: skip
