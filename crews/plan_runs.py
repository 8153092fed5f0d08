"""The planning assistant's runs over the database (issue 14): the background solve behind /planning/, the seat
rules' check of every plan before it is stored, and what acceptance reads back.

`solve(run_id)` is the body of the background task (`crews.tasks.solve_plan_run`): it reads the world of the
run's horizon (`planning.from_db`), with the seats the planner pinned, notes the seats on file it starts from,
and solves in a thread of its own while this one stores each better plan (at most one a second) — only a plan
the project's own seat rules accept (`rules.check_change`: zero problems) is stored, so only such a plan is
ever shown. A run ends done (the best plan), infeasible (the rules that clash, in their own sentences) or
failed (why).

`changes_to_write(best, missions)` turns a stored plan's changes on some missions into the seat assignments to
save and release; `stale(run, missions)` names the missions whose seats changed since the run started.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import Count

from missions.models import Mission

from .background import finish as _finish
from .background import run_queued
from .background import update as _update
from .models import CrewMember, PlanRun, SeatAssignment
from .planning import ASCENT, INFEASIBLE, UNKNOWN, Proposal, Weights, World, propose
from .planning.from_db import world_from_db
from .rules import check_change

#: Seconds between two saves of the progress while the solver works.
SAVE_EVERY = 1.0
#: Solver threads (the machine has two cores).
WORKERS = 2


def weights_of(run: PlanRun) -> Weights:
    known = {f.name for f in dataclasses.fields(Weights)}
    return Weights(**{name: value for name, value in run.weights.items() if name in known})


def pinned_world(world: World, pins: Iterable[int]) -> World:
    """The world with the seats on file whose ids are in `pins` kept as they are (pinned)."""
    keys = set(
        SeatAssignment.objects.filter(pk__in=list(pins)).values_list("crew_member_id", "mission_id", "leg")
    )
    if not keys:
        return world
    seats = tuple(
        dataclasses.replace(s, pinned=True) if (s.person, s.mission, s.leg) in keys else s
        for s in world.seats
    )
    return dataclasses.replace(world, seats=seats)


def with_usual_roles(world: World) -> World:
    """Each mission's seats take the roles they usually have on its spacecraft's ascents on file (seat 2 of a
    Soyuz is a flight engineer's, of a Crew Dragon the pilot's: `seat_choices.usual_roles`, for all the
    spacecraft at once). Seats the record is silent on keep the assistant's default. One query."""
    crafts = {m.spacecraft for m in world.missions}
    counts: dict[tuple[str, int], Counter] = defaultdict(Counter)
    for craft, seat, role, n in (
        SeatAssignment.objects.filter(mission__spacecraft__name__in=crafts, leg=ASCENT, seat__isnull=False)
        .values_list("mission__spacecraft__name", "seat", "role")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[craft, seat][role] += n
    missions = []
    for mission in world.missions:
        roles = tuple(
            counts[mission.spacecraft, n].most_common(1)[0][0]
            if counts.get((mission.spacecraft, n)) and n > 1
            else mission.role_of_seat(n)
            for n in range(1, mission.seat_count + 1)
        )
        missions.append(dataclasses.replace(mission, seat_roles=roles))
    return dataclasses.replace(world, missions=tuple(missions))


def _seat_rows(mission_ids: Iterable[int]) -> dict[str, list[list]]:
    """The seats on file of these missions, as plain lists ({mission id: [[person, leg, seat, role, agreement]]}),
    in a fixed order: what a run starts from, compared again at acceptance."""
    rows: dict[str, list[list]] = {str(pk): [] for pk in mission_ids}
    for mission, person, leg, seat, role, agreement in (
        SeatAssignment.objects.filter(mission_id__in=[int(pk) for pk in rows])
        .order_by("mission_id", "leg", "crew_member_id")
        .values_list("mission_id", "crew_member_id", "leg", "seat", "role", "agreement_id")
    ):
        rows[str(mission)].append([person, leg, seat, role, agreement])
    return rows


def fingerprint(rows: dict) -> str:
    return hashlib.sha256(json.dumps(rows, sort_keys=True).encode()).hexdigest()


def as_json(proposal: Proposal, world: World, slugs: dict[int, str]) -> dict:
    """A plan as the run stores it: its seats, its changes, its score by soft rule, the solver's numbers, and
    the names and dates of its missions (so that the run's page reads nothing else)."""
    return {
        "status": proposal.status,
        "objective": proposal.objective,
        "bound": proposal.best_bound,
        "gap": proposal.gap,
        "wall_time": round(proposal.wall_time, 2),
        "first_feasible_time": proposal.first_feasible_time,
        "seats": [
            {
                "person": s.person,
                "mission": s.mission,
                "leg": s.leg,
                "seat": s.seat,
                "role": s.role,
                "agreement": s.agreement,
                "kept": s.kept,
            }
            for s in proposal.seats
        ],  # fmt: skip
        "changes": [
            {
                "kind": c.kind,
                "person": c.person,
                "mission": c.mission,
                "leg": c.leg,
                "seat_before": c.seat_before,
                "role_before": c.role_before,
                "seat_after": c.seat_after,
                "role_after": c.role_after,
                "text": c.text,
            }
            for c in proposal.changes
        ],  # fmt: skip
        "score": [
            {
                "rule": line.rule,
                "label": line.label,
                "count": line.count,
                "weight": line.weight,
                "cost": line.cost,
                "sentences": list(line.sentences),
            }
            for line in proposal.score
        ],  # fmt: skip
        "missions": {
            str(m.id): {"name": m.name, "slug": slugs.get(m.id, ""), "launch": m.launch.date().isoformat()}
            for m in world.missions
        },
    }


def changed_missions(best: dict) -> list[int]:
    """The missions (ids) a stored plan changes, in launch order."""
    ids = {c["mission"] for c in best["changes"]}
    return sorted(ids, key=lambda pk: (best["missions"][str(pk)]["launch"], pk))


def changes_to_write(
    best: dict, mission_ids: Iterable[int]
) -> tuple[list[SeatAssignment], list[SeatAssignment]]:
    """The seat assignments to save (added ones new, moved ones edited) and to release, for a stored plan's
    changes on these missions. A seat on file that is no longer there is left out (the staleness check
    refuses such a plan first)."""
    chosen = set(mission_ids)
    changes = [c for c in best["changes"] if c["mission"] in chosen]
    proposed = {(s["person"], s["mission"], s["leg"]): s for s in best["seats"]}
    missions = Mission.objects.select_related("spacecraft__operator").in_bulk(chosen)
    people = CrewMember.objects.select_related("agency").in_bulk({c["person"] for c in changes})
    on_file = {
        (s.crew_member_id, s.mission_id, s.leg): s
        for s in SeatAssignment.objects.filter(mission_id__in=chosen).select_related("agreement")
    }
    gone = sorted({c["person"] for c in changes} - set(people))
    if gone:
        raise ValidationError(
            f"{len(gone)} of the people this proposal seats {'is' if len(gone) == 1 else 'are'} no longer on "
            "file: propose again."
        )
    saves, releases = [], []
    for change in changes:
        key = (change["person"], change["mission"], change["leg"])
        row, seat = on_file.get(key), proposed.get(key)
        if change["kind"] == "released":
            if row is not None:
                releases.append(row)
            continue
        if row is None:
            row = SeatAssignment(mission=missions[change["mission"]], leg=change["leg"],
                                 crew_member=people[change["person"]])  # fmt: skip
        else:
            row.mission, row.crew_member = missions[row.mission_id], people[row.crew_member_id]
        row.seat, row.role = change["seat_after"], change["role_after"]
        if change["leg"] == ASCENT:
            row.agreement_id = seat["agreement"] if seat else None
        saves.append(row)
    return saves, releases


def refusals(best: dict, mission_ids: Iterable[int] | None = None) -> list[str]:
    """What the project's seat rules say against writing this plan (on these missions; all by default):
    nothing, or the sentences of each problem it would create."""
    ids = changed_missions(best) if mission_ids is None else list(mission_ids)
    saves, releases = changes_to_write(best, ids)
    if not saves and not releases:
        return []
    verdict = check_change(seats=saves, released=releases)
    return list(dict.fromkeys(p.message for p in verdict.refused))


def stale(run: PlanRun, missions: Iterable[Mission]) -> list[Mission]:
    """The missions whose seats on file are not those the run started from."""
    missions = list(missions)
    now = _seat_rows([m.pk for m in missions])
    return [m for m in missions if now[str(m.pk)] != run.started_from.get(str(m.pk), [])]


class _Latest:
    """The solver's thread hands each better plan here; the run's thread takes the latest to store it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.plan: Proposal | None = None
        self.count = 0
        self.final: Proposal | None = None
        self.error: BaseException | None = None

    def put(self, plan: Proposal) -> None:
        with self.lock:
            self.plan, self.count = plan, self.count + 1

    def take(self) -> tuple[Proposal | None, int]:
        with self.lock:
            plan, self.plan = self.plan, None
            return plan, self.count


def _progress(run: PlanRun, plan: Proposal, count: int, world: World, slugs: dict, started: float) -> None:
    fields = {"solutions": count, "best_objective": plan.objective, "best_bound": plan.best_bound,
              "elapsed": round(time.perf_counter() - started, 2)}  # fmt: skip
    stored = as_json(plan, world, slugs)
    if not refusals(stored):
        fields["best"] = stored
    _update(run, **fields)


def solve(run_id: int) -> str:
    """Run the planning assistant for a queued run; returns the run's status."""
    return run_queued(PlanRun, run_id, _solve, "The solve failed")


def _solve(run: PlanRun, started: float) -> None:
    world = with_usual_roles(pinned_world(world_from_db(run.starts_on, run.ends_on), run.pins))
    rows = _seat_rows([m.id for m in world.missions])
    _update(run, started_from=rows, fingerprint=fingerprint(rows))
    if not world.missions:
        _finish(run, started, PlanRun.Status.FAILED,
                explanation=[f"No mission is planned or scheduled to launch from {run.starts_on} to {run.ends_on}."])  # fmt: skip
        return
    slugs = dict(Mission.objects.filter(pk__in=[m.id for m in world.missions]).values_list("pk", "slug"))
    latest = _Latest()

    def work():
        try:
            latest.final = propose(world, weights_of(run), time_limit=run.time_limit, workers=WORKERS,
                                   on_solution=latest.put)  # fmt: skip
        except BaseException as error:  # handed to the run's thread
            latest.error = error

    solver = threading.Thread(target=work, name=f"plan-run-{run.pk}", daemon=True)
    solver.start()
    while solver.is_alive():
        solver.join(SAVE_EVERY)
        plan, count = latest.take()
        if plan is not None:
            _progress(run, plan, count, world, slugs, started)
    if latest.error is not None:
        raise latest.error
    final = latest.final
    if final.status == INFEASIBLE:
        _finish(run, started, PlanRun.Status.INFEASIBLE, explanation=list(final.explanation))
        return
    if final.status == UNKNOWN or final.objective is None:
        _finish(run, started, PlanRun.Status.FAILED, best=None,
                explanation=[f"No plan was found within {run.time_limit} s; give the solver more time."])  # fmt: skip
        return
    stored = as_json(final, world, slugs)
    refused = refusals(stored)
    if refused:
        _finish(run, started, PlanRun.Status.FAILED, best=None,
                explanation=["The seat rules refuse the proposal, so it is not shown:", *refused])  # fmt: skip
        return
    _finish(run, started, PlanRun.Status.DONE, best=stored, solutions=max(run.solutions, latest.count),
            best_objective=final.objective, best_bound=final.best_bound)  # fmt: skip


def grouped_changes(best: dict, accepted: Iterable[int] = ()) -> list[dict]:
    """The stored plan's changes by mission, in launch order, for the run's page."""
    accepted = set(accepted)
    by_mission = defaultdict(list)
    for change in best["changes"]:
        by_mission[change["mission"]].append(change)
    return [
        {"id": pk, **best["missions"][str(pk)], "changes": by_mission[pk], "accepted": pk in accepted}
        for pk in changed_missions(best)
    ]
