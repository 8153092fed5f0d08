"""The N-1 report over the database in the background (issue 14 §3): the body of `crews.tasks.run_failure_check`.

`run(check_id)` reads the world of the check's horizon (`planning.from_db`), runs `planning.n_minus_one` on it
with the check's weights, limit and time per scenario, and stores the report so far after each scenario (the
rows worst first, as plain JSON: the page reads nothing else). A check ends done (the table; or, for a horizon
with no planned mission, an empty report that says so) or failed (why).
"""

from __future__ import annotations

import time

from missions.models import Station

from .background import finish as _finish
from .background import run_queued
from .background import update as _update
from .models import FailureCheck
from .plan_runs import WORKERS, weights_of
from .planning.from_db import world_from_db
from .planning.n_minus_one import Gap, Report, Row, n_minus_one

#: Seconds the assistant may take to complete the plan on file before the scenarios (when it is short of crew).
BASELINE_TIME_LIMIT = 10.0


def _gaps(gaps: tuple[Gap, ...]) -> list[dict]:
    return [{"station": g.station, "agency": g.agency, "days": g.days} for g in gaps if g.days]


def row_json(row: Row) -> dict:
    """One scenario as the page shows it."""
    return {
        "label": row.label,
        "kind": row.scenario.kind,
        "on": row.scenario.on.isoformat(),
        "lost": list(row.lost),
        "gaps": _gaps(row.gaps),
        "gap_days": row.gap_days,
        "continuity_holds": row.continuity_holds,
        "baseline_gap_days": row.baseline_gap_days,
        "stranded": [
            {"name": s.name, "station": s.station, "way_home": s.way_home, "home_on": s.home_on}
            for s in row.stranded
        ],
        "status": row.status,
        "repaired": row.repaired,
        "changes": list(row.changes),
        "gaps_after": _gaps(row.gaps_after) if row.repaired else [],
        "gap_days_after": row.gap_days_after,
        "stranded_after": [s.name for s in row.stranded_after],
        "explanation": list(row.explanation),
        "seconds": round(row.seconds, 2),
        "sentence": row.sentence,
    }


def run(check_id: int) -> str:
    """Run a queued check; returns its status."""
    return run_queued(FailureCheck, check_id, _run, "The check failed")


def _run(check: FailureCheck, started: float) -> None:
    world = world_from_db(check.starts_on, check.ends_on)
    slugs = dict(Station.objects.filter(pk__in=[s.id for s in world.stations]).values_list("name", "slug"))
    header = {"missions": len(world.missions), "stations": slugs, "rows": []}
    if not world.missions:
        _finish(check, started, FailureCheck.Status.DONE, total=0, result=header)
        return
    rows: list[Row] = []

    def progress(done: int, total: int, row: Row | None) -> None:
        if row is not None:
            rows.append(row)
        ordered = sorted(rows, key=lambda r: r.sort_key)
        _update(check, done=done, total=total, elapsed=round(time.perf_counter() - started, 2),
                result={**header, "rows": [row_json(r) for r in ordered]})  # fmt: skip

    try:
        report = n_minus_one(world, weights_of(check), on=check.starts_on, time_limit=check.time_limit,
                             baseline_time_limit=BASELINE_TIME_LIMIT, limit=check.limit, workers=WORKERS,
                             progress=progress)  # fmt: skip
    except ValueError as error:  # the plan on file cannot be completed: said in the rules' words
        _finish(check, started, FailureCheck.Status.FAILED, explanation=[str(error)])
        return
    _finish(check, started, FailureCheck.Status.DONE, done=len(report.rows), total=len(report.rows),
            result=as_json(report, header))  # fmt: skip


def as_json(report: Report, header: dict) -> dict:
    """The report as the check stores it: the rows worst first, the plan they break, the scenarios left out."""
    return {
        **header,
        "rows": [row_json(r) for r in report.rows],
        "baseline": report.baseline,
        "baseline_gap_days": report.baseline_gap_days,
        "scenarios": report.scenarios,
        "left_out": report.left_out,
        "seconds": round(report.seconds, 2),
    }
