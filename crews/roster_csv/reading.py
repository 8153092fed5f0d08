"""Reading a roster file: the format checked, each cell read by its column, and the rows checked together.

Problems go to the `ImportReport` as `row N, column C: message` (row 1 is the
header); the rows that read cleanly come back, their values typed.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any

from .cells import unescape_cell
from .columns import BY_NAME, COLUMNS, DERIVED_COLUMNS, KEYS, MISSION, PERSON, grouped_by
from .report import ImportReport


@dataclass
class RosterRow:
    """One row of the file: `cells` as written (spaces and the formula escape removed), `values` as read."""

    number: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, column: str) -> Any:
        return self.values[column]


def _decode(data: bytes | str, report: ImportReport) -> str | None:
    if isinstance(data, bytes):
        try:
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            report.problem(1, "(file)", f"the file is not UTF-8 text (byte {exc.start} cannot be read)")
            return None
    return data[1:] if data.startswith("\ufeff") else data


def _check_header(header: list[str], report: ImportReport) -> None:
    for column in COLUMNS:
        if column not in header:
            report.problem(1, column, "missing column")
    for column in header:
        if column not in COLUMNS and column not in DERIVED_COLUMNS:
            report.problem(1, column or "(blank)", "unknown column (expected: " + ",".join(COLUMNS) + ")")
    for column in {c for c in header if header.count(c) > 1}:
        report.problem(1, column, "column appears more than once")


def _read_row(number: int, header: list[str], record: list[str], report: ImportReport) -> RosterRow | None:
    # Surrounding spaces go; then the formula escape (which may guard a leading tab or line feed).
    cells = {name: unescape_cell(value.strip()) for name, value in zip(header, record, strict=True)}
    row = RosterRow(number, cells)
    empty = [name for name in COLUMNS if BY_NAME[name].required and not cells[name]]
    for name in empty:
        report.problem(number, name, "this cell must not be empty")
    ok = not empty
    for name in COLUMNS:
        try:
            row.values[name] = BY_NAME[name].parse(cells[name])
        except ValueError as exc:
            report.problem(number, name, str(exc))
            ok = False
    return row if ok else None


def read_rows(data: bytes | str, report: ImportReport) -> list[RosterRow]:
    """Check the file's format; problems go to `report`, good rows come back parsed."""
    text = _decode(data, report)
    if text is None:
        return []
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as exc:
        report.problem(1, "(file)", f"the file is not valid CSV ({exc})")
        return []
    if not records or not any(cell.strip() for cell in records[0]):
        report.problem(1, "(file)", "the file is empty: it needs the header row " + ",".join(COLUMNS))
        return []
    header = [cell.strip() for cell in records[0]]
    _check_header(header, report)
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
        row = _read_row(number, header, record, report)
        if row is not None:
            rows.append(row)
    return rows


def check_rows_agree(rows: list[RosterRow], report: ImportReport) -> None:
    """Rows of one mission agree on the mission; rows of one person agree on the person; no seat twice."""
    seats: dict[tuple, RosterRow] = {}
    people: dict[tuple, RosterRow] = {}
    for row in rows:
        where = f"the {row['leg']} of {row['mission']}"
        first = seats.setdefault((row["mission"].lower(), row["leg"], row["seat"]), row)
        if first is not row:
            report.problem(
                row.number,
                "seat",
                f"seat {row['seat']} on {where} is also given to {first['crew_member']} in row {first.number}",
            )
        first = people.setdefault((row["mission"].lower(), row["leg"], row["crew_member"].lower()), row)
        if first is not row:
            report.problem(
                row.number, "crew_member", f"{row['crew_member']} is also on {where} in row {first.number}"
            )
    for record in (MISSION, PERSON):
        _check_group_agrees(rows, record, report)


def _check_group_agrees(rows: list[RosterRow], record: str, report: ImportReport) -> None:
    """The columns describing a mission (or a person) are the same on every row that names it."""
    key = KEYS[record]
    first: dict[str, RosterRow] = {}
    for row in rows:
        name = row[key].lower()
        if name not in first:
            first[name] = row
            continue
        for column in (c.name for c in grouped_by(record)):
            if row.cells[column] != first[name].cells[column]:
                report.problem(
                    row.number,
                    column,
                    f"“{row.cells[column]}” differs from “{first[name].cells[column]}” in row {first[name].number} "
                    f"for the same {record} ({row[key]})",
                )
