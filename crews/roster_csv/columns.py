"""The roster CSV's columns, each declared once: its name, whether it must be filled, how a cell is read,
what it sets, and how it is exported.

One row per person per leg, in the order of `COLUMNS` below. Adding a column is
one `Column(...)` here plus its test: the header check, the reading, the
export, its joins and, for a plain value of a mission, a person or a seat, the
import all follow from the declaration. A column that names another record
(`spacecraft`, `agreement` …) is a reference: the importer looks it up by name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from missions.models import Leg, Mission
from missions.moments import DAY, Moment

from ..models import Role, SeatAssignment

#: What a column describes: the mission (the same on every row of one mission), the person (the same on
#: every row of one person), the seat of this row; derived columns are written on export and ignored on import.
MISSION, PERSON, SEAT, DERIVED = "mission", "person", "seat", "derived"
#: The column that names the mission or the person that rows are grouped by.
KEYS = {MISSION: "mission", PERSON: "crew_member"}


_ROLE_WORDS = {role.value: role.label.lower() for role in Role}


def sql_literal(text: str) -> str:
    """`text` as a string constant of PostgreSQL (standard_conforming_strings, the default since 9.1)."""
    if "\x00" in text or "%" in text:  # (a `%` would be read as a parameter by the driver)
        raise ValueError(f"{text!r} cannot be written as a constant here")
    return "'" + text.replace("'", "''") + "'"


#: `in_sql`'s `risky_when` for a cell of any text: the database looks at the text itself.
ANY_TEXT = "any text"


def in_sql(
    template: str, *, or_empty: bool = False, risky_when: str | None = ANY_TEXT
) -> Callable[[Callable], Callable]:
    """Declares, beside a cell function, the same cell as a PostgreSQL expression of its values ({0}, {1} … in
    the column's `reads` order): the export has the database write its cells (`export.sql_line`). It gives
    exactly the function's text, and NULL where the function raises (a role that is not one): a NULL cell
    makes the line NULL, which stops the export. `crews/tests/test_export_sql.py` holds the two to each other
    over values chosen to differ, and `test_export_sql_record` over the whole public record. `or_empty`: a NULL value is an empty cell
    (`coalesce(…, '')`, written only where the value may be NULL: `may_be_null`). `risky_when`: when the text
    may need escaping or quoting (`csv_line`), as a condition on the values (a number: when it is negative, as
    `-` begins a formula), None for never (dates, fixed words), or `ANY_TEXT`: the database then looks at the
    text, which costs it more. The template goes through `str.format` more than once: a literal brace in the SQL
    (an array `'{…}'`) must be written doubled, `{{…}}`, at each of those steps.
    """

    if "%" in template + (risky_when or ""):  # (the driver would read it as a parameter)
        raise ValueError(f"no % in SQL here: {template}")

    def declared(cell: Callable) -> Callable:
        cell.sql, cell.or_empty, cell.risky_when = template, or_empty, risky_when
        return cell

    return declared


@in_sql(
    "CASE {0} "
    + " ".join(f"WHEN {sql_literal(value)} THEN {sql_literal(word)}" for value, word in _ROLE_WORDS.items())
    + " END",
    risky_when=None if all(re.fullmatch("[a-z ]+", word) for word in _ROLE_WORDS.values()) else ANY_TEXT,
)
def role_to_csv(role: str) -> str:
    """`flight_engineer` → `flight engineer`."""
    return _ROLE_WORDS.get(role) or Role(role).label.lower()


def role_from_csv(text: str) -> str | None:
    value = " ".join(text.split()).lower().replace(" ", "_")
    return value if value in Role.values else None


def role_words() -> str:
    return ", ".join(role_to_csv(r) for r in Role.values)


def _status(text: str) -> str:
    if text.lower() not in Mission.Status.values:
        raise ValueError(f"“{text}” is not a status (use one of {', '.join(Mission.Status.values)})")
    return text.lower()


def _leg(text: str) -> str:
    if text.lower() not in Leg.values:
        raise ValueError(f"“{text}” is not a leg (use ascent or return)")
    return text.lower()


def _seat(text: str) -> int:
    if not (re.fullmatch(r"[0-9]{1,4}", text) and int(text) >= 1):
        raise ValueError(f"“{text}” is not a seat number (1, 2, 3 …)")
    return int(text)


def _role(text: str) -> str:
    role = role_from_csv(text)
    if role is None:
        raise ValueError(f"“{text}” is not a role (use one of {role_words()})")
    return role


def _outcome(text: str) -> str:
    words = {label.lower(): value for value, label in Mission.Outcome.choices if value}
    value = words.get(text.lower(), text.lower())
    if value not in Mission.Outcome.values:
        raise ValueError(f"“{text}” is not an outcome (use lost, aborted, or leave it empty)")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"“{text}” is not a date (write it 2031-07-14)") from None


def _hours(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"“{text}” is not a number of hours (write it 123.5)") from None
    if not value.is_finite() or value < 0 or value >= 1_000_000:
        raise ValueError(f"“{text}” is not a number of hours from 0 to 999999")
    return value.quantize(Decimal("0.01"))


@in_sql("trim_scale({0})::text", or_empty=True, risky_when="{0} < 0")
def _decimal_cell(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


# --- cells: a column's values (`Column.reads`) written as text --------------------------------------------


@in_sql("{0}", or_empty=True)
def text_cell(value: str | None) -> str:
    return "" if value is None else value


@in_sql("{0}::text", or_empty=True, risky_when="{0} < 0")
def _number_cell(value: int | None) -> str:
    return "" if value is None else str(value)


@in_sql("to_char({0}, 'YYYY-MM-DD')", or_empty=True, risky_when=None)
def _date_cell(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


@in_sql(
    "CASE WHEN {0} IS NULL THEN '' "
    # (a time of day only with a moment known to the day: `Moment` refuses the others)
    "WHEN {1} IS NULL THEN CASE coalesce({2}, '') WHEN 'year' THEN to_char({0}, 'YYYY') "
    "WHEN 'month' THEN to_char({0}, 'YYYY-MM') WHEN 'day' THEN to_char({0}, 'YYYY-MM-DD') "
    "WHEN '' THEN to_char({0}, 'YYYY-MM-DD') END "
    # (the date and the time as one timestamp: one to_char, the cheapest; its seconds when it has any)
    "WHEN coalesce({2}, '') IN ('day', '') THEN to_char({0} + {1}, CASE WHEN date_part('second', {1}) < 1 "
    """THEN 'YYYY-MM-DD"T"HH24:MI"Z"' ELSE 'YYYY-MM-DD"T"HH24:MI:SS"Z"' END) END""",
    risky_when=None,
)
def _moment_cell(date: dt.date | None, time: dt.time | None, precision: str) -> str:
    """`1961`, `1961-04`, `2022-09-21`, `2022-09-21T13:54Z` (`Moment.isoformat`); empty without a date."""
    moment = Moment.of(date, time, precision)
    return "" if moment is None else moment.isoformat()


@in_sql("CASE WHEN {0} IS DISTINCT FROM {1} THEN 'yes' ELSE 'no' END", risky_when=None)
def _differ(agency: int, operator: int) -> str:
    return "yes" if agency != operator else "no"


def _moment_fields(prefix: str) -> Callable[[Moment | None], dict]:
    def fields(moment: Moment | None) -> dict:
        return {
            f"{prefix}_date": moment.date if moment else None,
            f"{prefix}_time": moment.time if moment else None,
            f"{prefix}_precision": moment.precision if moment else DAY,
        }

    return fields


def _related_path(path: str) -> str:
    """`mission__spacecraft__operator__short_name` → `mission__spacecraft__operator`: the rows a lookup of a seat
    assignment goes through ("" for one of its own fields)."""
    model, through = SeatAssignment, []
    for part in path.split("__")[:-1]:
        model = model._meta.get_field(part).related_model
        through.append(part)
    return "__".join(through)


def may_be_null(path: str) -> bool:
    """Whether a lookup of a seat assignment may read NULL: a field that may be, or one past a reference that
    may be empty."""
    model = SeatAssignment
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if field.null:
            return True
        model = field.related_model
    return False


def _follow(obj, path: str):
    """The value a lookup names, read off a model object (None past a missing related row)."""
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


@dataclass(frozen=True)
class Column:
    name: str
    #: MISSION, PERSON, SEAT or DERIVED (see above).
    of: str
    #: What the export reads to write the cell: values of a seat assignment, as lookups (`mission__name`).
    reads: tuple[str, ...]
    #: Those values → the cell, before escaping (by default the text itself, empty for None).
    cell: Callable[..., str] = text_cell
    required: bool = False
    #: May be left out of a file (files written before it was added): a column that is not there changes nothing.
    optional: bool = False
    #: Text (spaces and the formula escape removed) → value; a ValueError's text is the problem reported.
    read: Callable[[str], Any] | None = None
    #: The value of an empty cell.
    blank: Any = ""
    #: A plain value, set on the record by `sets`; False for references and keys, which the importer resolves.
    plain: bool = True
    #: The value → {model field: value} on its record; None: the one field in `fields`.
    sets: Callable[[Any], dict] | None = None
    #: Model fields whose problems are reported in this column, as "record.field" (record: mission, person,
    #: seat, spacecraft).
    fields: tuple[str, ...] = ()
    #: What the column means, for the upload page, and a cell of the template file.
    meaning: str = ""
    example: str = ""

    @property
    def imported(self) -> bool:
        return self.of != DERIVED

    @property
    def joins(self) -> tuple[str, ...]:
        """What a seat assignment joins in to write it (`select_related` paths)."""
        return tuple(dict.fromkeys(join for path in self.reads if (join := _related_path(path))))

    def export(self, seat: SeatAssignment) -> str:
        """The cell of one seat assignment (with what `joins` names loaded), before escaping."""
        return self.cell(*(_follow(seat, path) for path in self.reads))

    def parse(self, text: str) -> Any:
        if not text:
            return self.blank
        return self.read(text) if self.read else text

    def field_values(self, value: Any) -> dict:
        """What this column sets on its record (plain columns only)."""
        if self.sets is not None:
            return self.sets(value)
        (field,) = (f.split(".", 1)[1] for f in self.fields if f.startswith(f"{self.of}."))
        return {field: value}


def _moment_reads(prefix: str) -> tuple[str, ...]:
    return (f"mission__{prefix}_date", f"mission__{prefix}_time", f"mission__{prefix}_precision")


ROSTER_COLUMNS: tuple[Column, ...] = (
    Column("mission", MISSION, ("mission__name",), required=True, plain=False,
           fields=("mission.name", "mission.slug", "seat.mission"),
           meaning="mission name; matched by name (any case), created when new", example="Soyuz MS-34"),
    Column("mission_status", MISSION, ("mission__status",), required=True, read=_status,
           fields=("mission.status",), meaning="planned, scheduled, launched, landed or scrubbed",
           example="planned"),
    Column("spacecraft", MISSION, ("mission__spacecraft__name",), required=True, plain=False,
           fields=("mission.spacecraft", "spacecraft.name"),
           meaning="spacecraft name; created when new (seat count: the highest seat number in the file, or the "
           "most people on one leg if more)",
           example="Soyuz MS"),
    Column("vehicle", MISSION, ("mission__vehicle",), fields=("mission.vehicle",),
           meaning="the vehicle's own name; may be empty", example=""),
    Column("operator", MISSION, ("mission__spacecraft__operator__short_name",), required=True, plain=False,
           fields=("spacecraft.operator",),
           meaning="the spacecraft's operator agency (short or full name)", example="Roscosmos"),
    Column("launch_site", MISSION, ("mission__launch_site__name",), required=True, plain=False,
           fields=("mission.launch_site",),
           meaning="launch site name; created when new (time zone UTC until corrected)",
           example="Baikonur Cosmodrome Site 31"),
    Column("destination", MISSION, ("mission__destination__short_name",),
           plain=False, fields=("mission.destination",),
           meaning="station short or full name, or empty; must be on file", example="ISS"),
    Column("launch_utc", MISSION, _moment_reads("launch"), cell=_moment_cell, required=True, read=Moment.parse,
           blank=None, sets=_moment_fields("launch"), fields=("mission.launch_date", "mission.launch_time", "mission.launch_precision"),
           meaning="the UTC date, with the UTC time when it is known: 2031-07-14T09:27Z, 2031-07-14, or only "
           "2031-07 or 2031 when only the month or the year is known",
           example="2031-07-14"),
    Column("landing_utc", MISSION, _moment_reads("landing"), cell=_moment_cell,
           read=Moment.parse, blank=None, sets=_moment_fields("landing"),
           fields=("mission.landing_date", "mission.landing_time", "mission.landing_precision"),
           meaning="the landing's UTC date (and time when known), written as launch_utc; empty when not known",
           example="2032-03-01"),
    Column("landing_by", MISSION, ("mission__landing_by",), cell=_date_cell,
           read=_date, blank=None, optional=True, fields=("mission.landing_by",),
           meaning="optional: when the landing is not known, the latest day by which the crew had landed",
           example=""),
    Column("crew_seen_until", MISSION,
           ("mission__crew_seen_until",), cell=_date_cell,
           read=_date, blank=None, optional=True, fields=("mission.crew_seen_until",),
           meaning="optional: when the landing is not known, the last day a source shows the crew in space",
           example=""),
    Column("outcome", MISSION, ("mission__outcome",), read=_outcome, optional=True,
           fields=("mission.outcome",),
           meaning="optional: lost (with its crew) or aborted (at launch); empty when the flight ended as planned",
           example=""),
    Column("leg", SEAT, ("leg",), required=True, read=_leg, plain=False, fields=("seat.leg",),
           meaning="ascent or return", example="ascent"),
    Column("seat", SEAT, ("seat",), cell=_number_cell, read=_seat, blank=None, plain=False,
           fields=("seat.seat",), example="1",
           meaning="seat number, from 1; may be empty on a leg that has flown (old records do not say who sat "
           "where); on a leg still planned, empty only where the person already holds a seat on it, which keeps "
           "its number (the preview lists it)"),
    Column("role", SEAT, ("role",), cell=role_to_csv, required=True, read=_role, fields=("seat.role",),
           meaning="commander, pilot, flight engineer, mission specialist or spaceflight participant",
           example="commander"),
    Column("crew_member", PERSON, ("crew_member__name",), required=True, plain=False,
           fields=("seat.crew_member", "person.name"),
           meaning="name; matched by name or other name (any case); a close misspelling is asked about",
           example="Pyotr Dubrov"),
    Column("crew_agency", PERSON, ("crew_member__agency__short_name",), required=True, plain=False,
           fields=("person.agency",),
           meaning="the person's agency (short or full name); created when new", example="Roscosmos"),
    Column("nationality", PERSON, ("crew_member__nationality",), fields=("person.nationality",),
           meaning="country of citizenship; may be empty", example="Russia"),
    Column("agreement", SEAT, ("agreement__name",), plain=False,
           fields=("seat.agreement",),
           meaning="the agreement a cross-agency seat is under (NASA–Roscosmos integrated crew agreement …); "
           "must be on file; empty for a seat on the person's own agency's vehicle", example=""),
    Column("hours", SEAT, ("hours",), cell=_decimal_cell, read=_hours, blank=None, optional=True,
           fields=("seat.hours",), meaning="optional: this person's hours in flight, on the ascent row", example=""),
    Column("eva_hours", SEAT, ("eva_hours",), cell=_decimal_cell, read=_hours, blank=None, optional=True,
           fields=("seat.eva_hours",), meaning="optional: this person's spacewalk hours on this flight, on the "
           "ascent row", example=""),
    Column("cross_agency", DERIVED, ("crew_member__agency_id", "mission__spacecraft__operator_id"), cell=_differ,
           meaning="written by the export (yes when the person's agency does not operate the spacecraft); "
           "ignored on import"),
)  # fmt: skip

BY_NAME = {column.name: column for column in ROSTER_COLUMNS}
#: The columns an import file has, in order (derived ones are accepted and ignored; optional ones may be absent).
COLUMNS = tuple(c.name for c in ROSTER_COLUMNS if c.imported)
DERIVED_COLUMNS = tuple(c.name for c in ROSTER_COLUMNS if not c.imported)
EXPORT_COLUMNS = tuple(c.name for c in ROSTER_COLUMNS)
OPTIONAL_COLUMNS = frozenset(c.name for c in ROSTER_COLUMNS if c.optional)
REQUIRED_COLUMNS = frozenset(c.name for c in ROSTER_COLUMNS if c.required)
EXPORT_JOINS = tuple(dict.fromkeys(join for c in ROSTER_COLUMNS for join in c.joins))
#: What the export reads of each seat assignment, once each, in column order.
EXPORT_READS = tuple(dict.fromkeys(path for c in ROSTER_COLUMNS for path in c.reads))


def columns_of(record: str, *, plain: bool | None = None) -> list[Column]:
    """The imported columns describing `record` (MISSION, PERSON or SEAT), optionally only the plain ones."""
    return [c for c in ROSTER_COLUMNS if c.of == record and (plain is None or c.plain == plain)]


def grouped_by(record: str) -> list[Column]:
    """The columns that must agree on every row of one mission (or person): all of its, but its key."""
    return [c for c in columns_of(record) if c.name != KEYS[record]]


def error_columns(record: str) -> dict[str, str]:
    """Model field of `record` → the column its problems are reported in."""
    return {
        field.split(".", 1)[1]: column.name
        for column in ROSTER_COLUMNS
        for field in column.fields
        if field.startswith(f"{record}.")
    }


def template_rows() -> list[list[str]]:
    """The template file's header and example row (the import's columns)."""
    imported = [c for c in ROSTER_COLUMNS if c.imported]
    return [[c.name for c in imported], [c.example for c in imported]]


def export_cells(seat: SeatAssignment) -> list[str]:
    """One seat as the export's cells, in `EXPORT_COLUMNS` order (escaped when written)."""
    return [column.export(seat) for column in ROSTER_COLUMNS]
