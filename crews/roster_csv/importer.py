"""Roster import: the one service every caller uses (`import_roster`, `load_demo`, the upload page).

`roster_import(data=…)` reads a roster CSV (see `columns`), plans the change in
memory (`plan`) and, when the plan has no problem, writes it in bulk in one
transaction (`writing`):

- missions, people, spacecraft, launch sites and agencies are matched by name
  (people also by their other names) and created when new; stations and
  agreements must already exist; a name close to someone on file is asked
  about, never made into a new person unless the caller says so (`names`);
- a row identical to what is stored changes nothing; a seat held by someone
  else is a problem, never a silent replacement;
- the seat rules apply exactly as in the admin, once over the whole change:
  problems on missions not yet flown refuse the import, what the record breaks
  is reported as warnings;
- the record (flown missions and seats, who a person is) changes only with
  `may_change_record` (the data stewards' permission);
- all or nothing: every problem of the file is reported, `row N, column C:
  message` (row 1 is the header), and then nothing is written. With `dry_run`
  nothing is written either, and nothing is locked.

A confirmation of a preview passes `since` (when the preview was made) and
`expected` (the preview's digest): if anything the file touches changed since,
or the file would now do something else, it is refused and says what changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from contextlib import nullcontext

from django.db import DatabaseError, IntegrityError, transaction

from ..history import changes_since_moment
from ..models import CrewMember
from .names import NameChoices
from .plan import RosterPlan
from .reading import check_rows_agree, read_rows
from .report import ImportReport, RowProblem
from .writing import write_plan

__all__ = ["ImportReport", "NameChoices", "RowProblem", "roster_import"]


def _digest(report: ImportReport) -> str:
    """What the file would do, for telling a preview from a later run of the same file."""
    text = repr((sorted((k, sorted(v)) for k, v in report.created.items()), sorted(report.changed)))
    return hashlib.sha256(text.encode()).hexdigest()


def _stale(plan: RosterPlan, report: ImportReport, since: dt.datetime, expected: str | None) -> None:
    people = [p for p in plan.people.values() if isinstance(p, CrewMember) and p.pk is not None]
    lines = changes_since_moment(list(plan.stored.values()), people, since)
    if lines or (expected is not None and report.digest != expected):
        report.problem(
            1, "(file)",
            "what this file touches changed since your preview, so nothing was imported: "
            + ("; ".join(lines) if lines else "the file would now create or change something else")
            + ". Preview the file again to see what it would do now.",
        )  # fmt: skip


def roster_import(
    *,
    data: bytes | str,
    dry_run: bool = False,
    user=None,
    may_change_record: bool = False,
    names: NameChoices | None = None,
    since: dt.datetime | None = None,
    expected: str | None = None,
) -> ImportReport:
    """Import a roster CSV, all or nothing; see the module docstring. `user` is recorded in the history."""
    report = ImportReport(dry_run=dry_run)
    rows = read_rows(data, report)
    if not rows:
        return report
    left_out = check_rows_agree(rows, report)
    try:
        # A dry run reads without locking anything (no transaction of its own); an import plans and writes
        # in one transaction, under the locks the plan takes.
        with nullcontext() if dry_run else transaction.atomic():
            plan = RosterPlan(
                report, names=names or NameChoices(), may_change_record=may_change_record, lock=not dry_run
            )
            plan.build(rows, left_out=left_out)
            report.digest = _digest(report)
            if since is not None and not report.problems:
                _stale(plan, report, since, expected)
            if not (report.problems or dry_run):
                write_plan(plan, user=user)
            report.problems.sort(key=lambda p: p.row)  # in the order of the file (a row's own order kept)
    except IntegrityError as exc:
        report.problem(
            1, "(file)",
            f"could not be saved: the database refused it ({exc}); another change to the same record may "
            "have been stored at the same time. Nothing was written: preview the file again",
        )  # fmt: skip
    except DatabaseError as exc:  # e.g. a deadlock with a concurrent import, detected by PostgreSQL
        report.problem(
            1, "(file)", f"the database refused the import ({exc}); nothing was written, try again"
        )
    return report
