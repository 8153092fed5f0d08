"""Reading a roster file: its encoding and separator found, each cell read by its column, rows checked together.

Problems go to the `ImportReport` as `row N, column C: message` (row 1 is the
header). A file whose header cannot be read stops there; otherwise every row is
read, the rows that read cleanly come back with their values typed, and the
others are reported, so that the plan can report the good rows' problems too.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from typing import Any

from .cells import unescape_cell
from .columns import BY_NAME, COLUMNS, DERIVED_COLUMNS, KEYS, MISSION, OPTIONAL_COLUMNS, PERSON, grouped_by
from .report import ImportReport

#: What spreadsheets write: comma, semicolon (where the comma is the decimal mark) or tab.
SEPARATORS = (",", ";", "\t")
SAVE_AS_UTF8 = "in the spreadsheet, save it as “CSV UTF-8 (comma delimited)” and use that file"


class FileProblem(ValueError):
    """The file cannot be read as text at all (its message says why and what to do)."""


def decode(data: bytes | str) -> str:
    """The file's text: UTF-8, with or without a byte-order mark; UTF-16 and other encodings are refused."""
    if isinstance(data, str):
        if "\x00" in data:
            raise FileProblem("the file holds binary data: it is not a CSV file")
        return data[1:] if data.startswith("\ufeff") else data
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        b"\x00" in data[:4096] and _utf16_like(data)
    ):
        raise FileProblem(f"the file is UTF-16 text, not UTF-8: {SAVE_AS_UTF8}")
    if b"\x00" in data:
        raise FileProblem("the file holds binary data: it is not a CSV file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileProblem(
            f"the file is not UTF-8 text (byte {exc.start} cannot be read; it may be Latin-1 or Windows-1252): "
            f"{SAVE_AS_UTF8}"
        ) from None


def _utf16_like(data: bytes) -> bool:
    """Text in UTF-16 without a byte-order mark: every other byte of Latin letters is zero."""
    sample = data[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def separator(header_line: str) -> str:
    """The separator that splits the header into the most roster columns (a comma if none does)."""
    known = set(COLUMNS) | set(DERIVED_COLUMNS)
    scored = [
        (sum(cell.strip() in known for cell in next(csv.reader([header_line], delimiter=sep), [])), sep)
        for sep in SEPARATORS
    ]
    best, sep = max(scored, key=lambda s: s[0])
    return sep if best else ","


@dataclass
class RosterRow:
    """One row of the file: `cells` as written (spaces and the formula escape removed), `values` as read."""

    number: int
    cells: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, column: str) -> Any:
        return self.values[column]


def _check_header(header: list[str], report: ImportReport) -> None:
    for column in COLUMNS:
        if column not in header and column not in OPTIONAL_COLUMNS:
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
    for name in (name for name in COLUMNS if name in cells):
        try:
            row.values[name] = BY_NAME[name].parse(cells[name])
        except ValueError as exc:
            report.problem(number, name, str(exc))
            ok = False
    return row if ok else None


def read_rows(data: bytes | str, report: ImportReport) -> list[RosterRow]:
    """Check the file's format; problems go to `report`, the rows that read cleanly come back parsed."""
    try:
        text = decode(data)
    except FileProblem as exc:
        report.problem(1, "(file)", str(exc))
        return []
    first_line = text.split("\n", 1)[0]
    try:
        records = csv.reader(io.StringIO(text, newline=""), delimiter=separator(first_line), strict=True)
        header = [cell.strip() for cell in next(records, [])]
        if not any(header):
            report.problem(1, "(file)", "the file is empty: it needs the header row " + ",".join(COLUMNS))
            return []
        _check_header(header, report)
        if report.problems:
            return []
        rows = []
        for number, record in enumerate(records, start=2):
            if not any(cell.strip() for cell in record):
                continue  # a blank line
            report.rows += 1
            if len(record) != len(header):
                report.problem(number, "(row)", f"expected {len(header)} cells, found {len(record)}")
                continue
            if (row := _read_row(number, header, record, report)) is not None:
                rows.append(row)
    except csv.Error as exc:
        report.problem(1, "(file)", f"the file is not valid CSV ({exc})")
        return []
    return rows


def check_rows_agree(rows: list[RosterRow], report: ImportReport) -> set[int]:
    """Rows of one mission agree on the mission; rows of one person agree on the person; no seat twice.

    Returns the numbers of the rows that repeat a seat or a person of an earlier row (left out of the plan).
    """
    seats: dict[tuple, RosterRow] = {}
    people: dict[tuple, RosterRow] = {}
    repeated = set()
    for row in rows:
        where = f"the {row['leg']} of {row['mission']}"
        first = seats.setdefault((row["mission"].lower(), row["leg"], row["seat"]), row)
        if first is not row and row["seat"] is not None:
            report.problem(
                row.number,
                "seat",
                f"seat {row['seat']} on {where} is also given to {first['crew_member']} in row {first.number}",
            )
            repeated.add(row.number)
        first = people.setdefault((row["mission"].lower(), row["leg"], row["crew_member"].lower()), row)
        if first is not row:
            report.problem(
                row.number, "crew_member", f"{row['crew_member']} is also on {where} in row {first.number}"
            )
            repeated.add(row.number)
    for record in (MISSION, PERSON):
        _check_group_agrees(rows, record, report)
    return repeated


def _check_group_agrees(rows: list[RosterRow], record: str, report: ImportReport) -> None:
    """The columns describing a mission (or a person) are the same on every row that names it."""
    key = KEYS[record]
    first: dict[str, RosterRow] = {}
    for row in rows:
        name = row[key].lower()
        if name not in first:
            first[name] = row
            continue
        for column in (c.name for c in grouped_by(record) if c.name in row.cells):
            if row.cells[column] != first[name].cells[column]:
                report.problem(
                    row.number,
                    column,
                    f"“{row.cells[column]}” differs from “{first[name].cells[column]}” in row {first[name].number} "
                    f"for the same {record} ({row[key]})",
                )
