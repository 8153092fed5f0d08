"""The roster CSV's columns are declared once: the import, the export and the checks follow each declaration.

A new plain column (a value of the mission, the person or the seat) is imported and exported by its
declaration alone; its test is one line in SAMPLES below, which this module insists on.
"""

import csv
import io

import pytest

from crews.models import SeatAssignment
from crews.roster_csv.columns import (
    BY_NAME,
    COLUMNS,
    EXPORT_COLUMNS,
    EXPORT_JOINS,
    MISSION,
    PERSON,
    ROSTER_COLUMNS,
    SEAT,
    export_cells,
)
from crews.roster_csv.export import export_queryset
from crews.roster_csv.importer import roster_import
from crews.rules.data import ASCENT, COMMANDER, RETURN
from crews.tests.helpers import FULL_HEADER, GOOD, HEADER, csv_text, with_every_column
from missions.models import Leg

#: For each plain column: a new value for the first row (Prokopyev, commander, up on the landed MS-22).
SAMPLES = {
    "mission_status": "launched",
    "vehicle": "Tsiolkovsky",
    "launch_utc": "2022-09-21T13:55Z",
    "landing_utc": "2023-03-29",
    "role": "pilot",
    "nationality": "Russian Federation",
    "landing_by": "2023-04-01",
    "crew_seen_until": "2023-03-20",
    "outcome": "lost",
    "hours": "4439.5",
    "eva_hours": "12.25",
}


def cells(row: str) -> list[str]:
    return next(csv.reader(io.StringIO(row)))


def line(values: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(values)
    return out.getvalue()


def test_every_plain_column_has_its_test():
    assert set(SAMPLES) == {c.name for c in ROSTER_COLUMNS if c.plain and c.imported}


def test_the_lists_derive_from_the_declarations():
    assert FULL_HEADER.split(",") == list(COLUMNS) == [c.name for c in ROSTER_COLUMNS if c.of != "derived"]
    assert HEADER.split(",") == [c.name for c in ROSTER_COLUMNS if c.of != "derived" and not c.optional]
    assert list(EXPORT_COLUMNS) == [c.name for c in ROSTER_COLUMNS] and EXPORT_COLUMNS[-1] == "cross_agency"
    assert set(EXPORT_JOINS) == {j for c in ROSTER_COLUMNS for j in c.joins}
    assert (ASCENT, RETURN, COMMANDER) == (Leg.ASCENT, Leg.RETURN, SeatAssignment.Role.COMMANDER)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_a_plain_column_is_imported_and_exported_by_its_declaration(world, name):
    column, new = BY_NAME[name], SAMPLES[name]
    assert roster_import(data=csv_text(*GOOD), may_change_record=True).ok  # flown missions
    index = COLUMNS.index(name)
    first = with_every_column(GOOD[0])
    changed = []
    for row in GOOD:
        values = with_every_column(row)
        same_record = {
            MISSION: values["mission"] == first["mission"],
            PERSON: values["crew_member"] == first["crew_member"],
            SEAT: row == GOOD[0],
        }[column.of]
        if same_record:
            values[name] = new
        changed.append(line(list(values.values())))
    report = roster_import(
        data=csv_text(*changed, header=FULL_HEADER), may_change_record=True
    )  # MS-22 landed
    assert report.ok, report.problems
    assert len(report.changed) == 1 and not report.creations, (report.changed, report.creations)

    seat = export_queryset(
        SeatAssignment.objects.filter(crew_member__name="Sergey Prokopyev", leg="ascent")
    ).get()
    record = {MISSION: seat.mission, PERSON: seat.crew_member, SEAT: seat}[column.of]
    for field, value in column.field_values(column.parse(new)).items():
        assert getattr(record, field) == value, field
    assert export_cells(seat)[index] == new


def test_a_file_without_the_optional_columns_leaves_what_they_hold(world):
    """Files written before the optional columns were added change none of what those columns hold."""
    rows = [line(list(with_every_column(row, hours="100", outcome="").values())) for row in GOOD]
    assert roster_import(data=csv_text(*rows, header=FULL_HEADER), may_change_record=True).ok
    report = roster_import(data=csv_text(*GOOD), may_change_record=True)
    assert report.ok and not report.changed, report.changed
    assert set(SeatAssignment.objects.values_list("hours", flat=True)) == {100}


@pytest.mark.parametrize(
    ("name", "cell", "message"),
    [
        ("hours", "many", "“many” is not a number of hours"),
        ("hours", "-3", "“-3” is not a number of hours from 0 to 999999"),
        ("eva_hours", "NaN", "“NaN” is not a number of hours from 0 to 999999"),
        ("outcome", "exploded", "“exploded” is not an outcome"),
        ("landing_by", "2023-13-01", "“2023-13-01” is not a date"),
    ],
)
def test_an_optional_column_reports_a_bad_cell(world, name, cell, message):
    row = line(list(with_every_column(GOOD[0], **{name: cell}).values()))
    report = roster_import(data=csv_text(row, header=FULL_HEADER), dry_run=True, may_change_record=True)
    assert [(p.row, p.column) for p in report.problems] == [(2, name)]
    assert report.problems[0].message.startswith(message)
