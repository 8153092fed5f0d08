"""The people-in-space feed, 2020–2026: who was aboard crewed spacecraft, from every version of a hand-kept
public feed (one row per distinct name, spacecraft and launch as written), reconciled into flights.

What the feed does, and what is made of it:

- **Names.** Misspelt, and one person with and without accents. Names equal
  but for accents and case are one person in the feed (the accented spelling
  is their name, the other an other name); matching to people on file is
  `identity.identify` (exact, other names, then close names proposed to a steward).
- **One flight, several rows.** A person's rows with the same spacecraft, or
  with the same launch under another spacecraft's label, are one flight: the
  feed relabels a crew to the vehicle that will bring them home (MS-22 → MS-23,
  Starliner → Crew-9, Shenzhou 21 → 22). The first label is the ascent, a later
  one the return.
- **Launches.** The precise timestamp seen longest wins over a bare date or a
  briefly-listed time; disagreements of over an hour are reported.
- **No landings.** A crew still listed in the last version is still up (the
  mission stays launched). Otherwise the landing is not on file; the first
  version after they were last listed shows them gone, and that day is recorded
  as the latest possible landing — never as a landing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from missions.moments import Moment

from . import vocabulary as vocab
from .files import read_source
from .identity import Identities, SourcePerson
from .loading import import_source
from .report import SourceReport
from .text import folded

SOURCE = "people_in_space"
FILE = Path(__file__).with_name("data") / "people_in_space_2020_2026.csv"
COLUMNS = ("name", "spacecraft", "launched_unix", "launched_utc", "country", "agency", "position", "on_iss",
           "first_seen_date", "last_seen_date", "n_versions")  # fmt: skip
#: Flights that went to no station (free flyers); Shenzhou flies to Tiangong; everything else here to the ISS.
FREE_FLYERS = ("Polaris Dawn", "Fram2", "Artemis II", "Inspiration4")
ROLES = (
    ("commander", "commander"), ("pilot", "pilot"), ("flight engineer", "flight engineer"),
    ("payload specialist", "mission specialist"), ("mission specialist", "mission specialist"),
    ("operator", "flight engineer"), ("participant", "spaceflight participant"),
    ("private astronaut", "spaceflight participant"), ("visitor", "spaceflight participant"),
)  # fmt: skip


@dataclass
class FeedRow:
    row: int
    person: str  # folded name
    mission: str
    launch: Moment | None
    versions: int
    first_seen: dt.date
    last_seen: dt.date
    role: str


@dataclass
class FeedFlight:
    person: str
    ascent: str
    returns_on: str | None
    rows: list[FeedRow] = field(default_factory=list)


def _launch(row: dict[str, str]) -> Moment | None:
    for text in (row["launched_utc"].strip(), row["launched_unix"].strip()):
        if not text:
            continue
        try:
            if text.isdigit():
                return Moment.parse(dt.datetime.fromtimestamp(int(text), dt.UTC).strftime("%Y-%m-%dT%H:%MZ"))
            return Moment.parse(text.replace(":00Z", "Z") if text.count(":") == 2 else text)
        except ValueError:
            continue
    return None


def _role(position: str) -> str:
    first = position.split("|")[0].strip().lower()
    return next((role for word, role in ROLES if word in first), "flight engineer")


def read(data: bytes | str, report: SourceReport) -> list[dict[str, str]]:
    return read_source(data, COLUMNS, "the people-in-space feed", report)


def _valid(rows: list[dict[str, str]], report: SourceReport) -> list[tuple[int, dict[str, str]]]:
    """The rows that can be read, with their numbers in the file; each other one reported and left out."""
    valid = []
    for number, row in enumerate(rows, start=2):
        resolved = vocab.mission_name(row["spacecraft"])
        why = ""
        if resolved.name is None:
            why = f"spacecraft “{row['spacecraft']}” cannot be resolved ({resolved.how})"
        for column in ("first_seen_date", "last_seen_date"):
            try:
                dt.date.fromisoformat(row[column].strip())
            except ValueError:
                why = why or f"{column} “{row[column]}” is not a date"
        if not row["name"].strip():
            why = why or "no name"
        if why:
            report.anomaly("row", f"row {number}", f"{why}: row left out", number)
            continue
        if not row["n_versions"].strip().isdigit():
            report.anomaly("versions", f"row {number}", f"n_versions “{row['n_versions']}” is not a number: "
                           "counted as 0 (it only ranks launch times)", number)  # fmt: skip
            row = {**row, "n_versions": "0"}
        try:
            vocab.feed_agency(row["agency"], row["country"], vocab.flight_operator(resolved.name))
        except ValueError:
            report.anomaly("agency", row["agency"], f"agency “{row['agency']}” is not known: {row['name']} is "
                           "filed under the flight's operator", number)  # fmt: skip
            row = {**row, "agency": ""}
        valid.append((number, row))
    return valid


def person_key(row: dict[str, str]) -> str:
    """Who a row is in this feed: the name without accents, case or extra spaces."""
    return folded(row["name"])


def _people(rows: list[tuple[int, dict[str, str]]], report: SourceReport) -> dict[str, SourcePerson]:
    spellings: dict[str, Counter] = defaultdict(Counter)
    people: dict[str, SourcePerson] = {}
    for number, row in rows:
        name = " ".join(row["name"].split())
        key = folded(name)
        spellings[key][name] += 1
        country = vocab.country(row["country"])
        person = people.setdefault(key, SourcePerson(key=key, name=name, agency="", nationality=country))
        person.rows.append(number)
        operator = vocab.flight_operator(vocab.mission_name(row["spacecraft"]).name or "")
        person.agency = person.agency or vocab.feed_agency(row["agency"], country, operator)
    for key, names in spellings.items():
        # The spelling with accents (more letters outside ASCII), then the most frequent, is the name.
        ordered = sorted(names, key=lambda n: (n.isupper(), -sum(not c.isascii() for c in n), -names[n], n))
        people[key].name = vocab.KNOWN_MISSPELLINGS.get(ordered[0], ordered[0])
        people[key].other_names = [(n, "as the people-in-space feed also writes it") for n in ordered[1:]]
        if people[key].name != ordered[0]:
            people[key].other_names.append((ordered[0], "misspelt in the people-in-space feed"))
        if len(ordered) > 1:
            report.anomaly("identity", ordered[0], f"the feed writes one person as {' and '.join(ordered)}",
                           *people[key].rows[:3])  # fmt: skip
    return people


def _flights(rows: list[tuple[int, dict[str, str]]], report: SourceReport) -> list[FeedFlight]:
    by_person: dict[str, list[FeedRow]] = defaultdict(list)
    for number, row in rows:
        resolved = vocab.mission_name(row["spacecraft"])
        by_person[folded(row["name"])].append(FeedRow(
            row=number, person=folded(row["name"]), mission=resolved.name, launch=_launch(row),
            versions=int(row["n_versions"] or 0), first_seen=dt.date.fromisoformat(row["first_seen_date"].strip()),
            last_seen=dt.date.fromisoformat(row["last_seen_date"].strip()), role=_role(row["position"]),
        ))  # fmt: skip
    flights = []
    for person, person_rows in by_person.items():
        mine: list[FeedFlight] = []
        for row in sorted(person_rows, key=lambda r: (r.first_seen, r.row)):
            flight = next((f for f in mine if _same_flight(f, row)), None)
            if flight is None:
                flight = FeedFlight(person, row.mission, None)
                mine.append(flight)
            elif row.mission != flight.ascent:
                flight.returns_on = row.mission
            flight.rows.append(row)
        flights += mine
    return flights


def _same_flight(flight: FeedFlight, row: FeedRow) -> bool:
    if row.mission in (flight.ascent, flight.returns_on):
        return True
    days = {r.launch.date for r in flight.rows if r.launch} & ({row.launch.date} if row.launch else set())
    return bool(days)  # another label with the same launch: the crew relabelled to its ride home


def _mission_facts(
    flights: list[FeedFlight], versions: list[dt.date], report: SourceReport
) -> dict[str, dict]:
    """Each mission's launch (from its ascent crew's rows), whether anyone is still up, its latest landing."""
    launches: dict[str, list[FeedRow]] = defaultdict(list)
    up_to: dict[str, dt.date] = {}
    for flight in flights:
        launches[flight.ascent] += [r for r in flight.rows if r.mission == flight.ascent and r.launch]
        ends_on = flight.returns_on or flight.ascent
        up_to[ends_on] = max(up_to.get(ends_on, dt.date.min), max(r.last_seen for r in flight.rows))
        launches.setdefault(ends_on, [])
    last = versions[-1]
    facts = {}
    for mission, rows in launches.items():
        timed = [r for r in rows if r.launch.time is not None] or rows
        best = max(timed, key=lambda r: (r.versions, r.last_seen), default=None)
        if best is None:
            report.anomaly("launch", mission, f"{mission} carried nobody up in the feed: its launch is not in "
                           "it, and is filed to the year its return crew first appears under it")  # fmt: skip
        elif any(abs((r.launch.earliest - best.launch.earliest).total_seconds()) > 3600 for r in timed):
            shown = ", ".join(sorted({r.launch.isoformat() for r in timed}))
            report.anomaly("launch", mission, f"the feed gives {mission} several launch times ({shown}); "
                           f"{best.launch.isoformat()}, listed longest, is kept")  # fmt: skip
        still_up = up_to.get(mission) == last
        gone_by = next((v for v in versions if v > up_to[mission]), None) if mission in up_to else None
        facts[mission] = {"launch": best.launch if best else None, "still_up": still_up,
                          "landing_by": None if still_up else gone_by, "seen_until": up_to.get(mission)}  # fmt: skip
    return facts


def _destination(mission: str) -> str:
    if mission.startswith(FREE_FLYERS):
        return ""
    return "Tiangong" if mission.startswith("Shenzhou") else "ISS"


def roster_rows(
    flights: list[FeedFlight], facts: dict[str, dict], people: dict[str, SourcePerson], identities: Identities
) -> list[dict[str, str]]:
    rows = []
    first_seen = defaultdict(lambda: dt.date.max)
    for flight in flights:
        for r in flight.rows:
            first_seen[r.mission] = min(first_seen[r.mission], r.first_seen)
    for flight in sorted(flights, key=lambda f: (f.ascent, f.rows[0].row)):
        person = people[flight.person]
        if person.key in identities.held:
            continue
        on_file = identities.on_file.get(person.key)
        who = {
            "crew_member": identities.row_name(person),
            "crew_agency": on_file.agency.short_name if on_file else person.agency,
            "nationality": on_file.nationality if on_file else person.nationality,
        }
        role = next((r.role for r in flight.rows if r.mission == flight.ascent), flight.rows[0].role)
        legs = [("ascent", flight.ascent)] + ([("return", flight.returns_on)] if flight.returns_on else [])
        for leg, mission in legs:
            fact = facts[mission]
            launch = fact["launch"] or Moment.parse(str(first_seen[mission].year))
            vehicle = vocab.vehicle_for(mission)
            rows.append({
                "mission": mission, "mission_status": "launched" if fact["still_up"] else "landed",
                "spacecraft": vehicle, "vehicle": "", "operator": vocab.operator_for(vehicle),
                "launch_site": vocab.launch_site_for(mission), "destination": _destination(mission),
                "launch_utc": launch.isoformat(), "landing_utc": "",
                "landing_by": fact["landing_by"].isoformat() if fact["landing_by"] else "", "outcome": "",
                "crew_seen_until": fact["seen_until"].isoformat() if fact["seen_until"] else "",
                "leg": leg, "seat": "", "role": role, **who, "agreement": "", "hours": "", "eva_hours": "",
            })  # fmt: skip
    return rows


def import_people_feed(data: bytes | str | None = None, *, dry_run: bool = False, user=None) -> SourceReport:
    """Import the feed (the copy kept in the project when `data` is None); see the module docstring."""
    report = SourceReport(SOURCE, dry_run=dry_run)
    rows = read(FILE.read_bytes() if data is None else data, report)
    report.rows = len(rows)
    if not rows:
        return report
    valid = _valid(rows, report)
    if not valid:
        report.problem("no row of the file can be read: nothing to import")
        return report
    people = _people(valid, report)
    flights = _flights(valid, report)
    versions = sorted(
        {dt.date.fromisoformat(r[c].strip()) for _, r in valid for c in ("first_seen_date", "last_seen_date")}
    )
    facts = _mission_facts(flights, versions, report)
    return import_source(
        report, list(people.values()), flights, lambda identities: roster_rows(flights, facts, people, identities),
        user=user, record_ends=versions[-1],
    )  # fmt: skip
