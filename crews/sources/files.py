"""Reading a source's file: the same decoding as the roster import (UTF-8 only; UTF-16, Latin-1 and binary
files refused with a message saying what to do), then its header checked."""

from __future__ import annotations

import csv
import io

from ..roster_csv.reading import FileProblem, decode
from .report import SourceReport


def read_source(data: bytes | str, columns: tuple[str, ...], what: str, report: SourceReport) -> list[dict]:
    """The file's rows as dicts, or [] with the problem reported (the file is not text, or not `what`)."""
    try:
        text = decode(data)
    except FileProblem as exc:
        report.problem(str(exc))
        return []
    try:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            report.problem(f"the file lacks the column(s) {', '.join(missing)}: is it {what}?")
            return []
        return [{k: v or "" for k, v in row.items() if k is not None} for row in reader]
    except csv.Error as exc:
        report.problem(f"the file cannot be read as CSV ({exc})")
        return []
