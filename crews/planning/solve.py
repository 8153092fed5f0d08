"""`propose(world)`: the best plan CP-SAT finds within the time limit, or why there is none."""

from __future__ import annotations

import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .explain import explain
from .index import Index
from .model import Model, build
from .proposal import FEASIBLE, INFEASIBLE, OPTIMAL, UNKNOWN, Choice, Proposal, changes_of, seats_of
from .score import score_of
from .soft import add_objective
from .world import Weights, World

_STATUS = {cp_model.OPTIMAL: OPTIMAL, cp_model.FEASIBLE: FEASIBLE, cp_model.INFEASIBLE: INFEASIBLE}


def propose(
    world: World,
    weights: Weights | None = None,
    *,
    time_limit: float = 30.0,
    workers: int = 2,
    on_solution: Callable[[Proposal], None] | None = None,
    explain_infeasible: bool = True,
) -> Proposal:
    """Solve `world`: every hard rule kept, the weighed soft rules as low as found within `time_limit`
    seconds on `workers` threads. `on_solution(proposal)` hears each better plan as it is found (`final` is
    False on those), for a background task to store the best so far; `explain_infeasible=False` says that a
    world is infeasible without looking for why (the N-1 report's quick local repair). Raises ValueError for a
    world it cannot read (a seat naming an unknown person or mission, a seat number the vehicle has not …)."""
    started = time.perf_counter()
    weights = weights or Weights()
    index = Index(world)
    model = build(index, weights)
    add_objective(model)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    progress = _Progress(index, model, started, on_solution)
    status = solver.solve(model.cp, progress)
    if progress.error is not None:
        raise progress.error
    name = _STATUS.get(status, UNKNOWN)
    if name in (OPTIMAL, FEASIBLE):
        return read(index, model, solver.value, name, started, progress.first,
                    objective=round(solver.objective_value), bound=solver.best_objective_bound)  # fmt: skip
    explanation = ()
    if name == INFEASIBLE and explain_infeasible:
        explanation = explain(index, weights, max(5.0, time_limit - (time.perf_counter() - started)), workers)
    return Proposal(
        name,
        wall_time=time.perf_counter() - started,
        first_feasible_time=progress.first,
        explanation=explanation,
    )


def read(index: Index, model: Model, value, status: str, started: float, first: float | None, *,
         objective: int, bound: float, final: bool = True) -> Proposal:  # fmt: skip
    """The plan in a solution (`value(var)` reads it: the solver's, or a callback's)."""
    crews: dict = {}
    for pair, var in model.x.items():
        if value(var):
            crews.setdefault(pair[1], {})[pair[0]] = bool(value(model.c[pair]))
    agreements = {
        pair: agreement.id for pair, chosen in model.uses.items() for agreement, used in chosen if value(used)
    }
    seats = seats_of(index, Choice(crews, agreements))
    changes = changes_of(index, seats)
    return Proposal(
        status,
        seats=tuple(seats),
        changes=tuple(changes),
        score=tuple(score_of(index, model.weights, seats, changes)),
        objective=objective,
        best_bound=bound,
        wall_time=time.perf_counter() - started,
        first_feasible_time=first,
        final=final,
    )


class _Progress(cp_model.CpSolverSolutionCallback):
    """Notes when the first plan came, and hands each better plan to `on_solution`."""

    def __init__(self, index: Index, model: Model, started: float, on_solution):
        super().__init__()
        self.index, self.model, self.started, self.on_solution = index, model, started, on_solution
        self.first: float | None = None
        self.error: Exception | None = None

    def on_solution_callback(self) -> None:
        if self.first is None:
            self.first = time.perf_counter() - self.started
        if self.on_solution is None or self.error is not None:
            return
        try:
            plan = read(self.index, self.model, self.value, FEASIBLE, self.started, self.first,
                        objective=round(self.objective_value), bound=self.best_objective_bound, final=False)  # fmt: skip
            self.on_solution(plan)
        except Exception as error:  # handed back to the caller once the solver stops
            self.error = error
            self.stop_search()
