"""Why no plan exists: the rule groups that cannot hold together, in the rules' own sentences.

The model is built again with one assumption literal per rule group (`model.build(explain=True)`): a full
crew for each mission, an integrated crew for each, seats left under each agreement each way, each person's
availability (and, for seats on file, qualification and agreement), each pinned seat. With all of them as
assumptions (`add_assumptions`), CP-SAT's `sufficient_assumptions_for_infeasibility` names a set that cannot
all hold. Enforcement literals weaken presolve and the LP, so on a large world that proof may take long: past
a share of the time, the set is found instead by solving copies of the model with the literals fixed (a
group held: 1, dropped: 0), which presolve as well as the plain model does. Either way the set is then
shrunk, chunks of groups dropped at a time and then one by one, while the rest still clash: a minimal set
when time allows. `sentences` turns it into sentences about this world.
"""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from .index import Index
from .model import Key, Model, build
from .sentences import sentences
from .world import Weights

#: The order in which groups are dropped when shrinking the set: facts about people first, so that what
#: remains is said in terms of the missions that cannot be crewed.
_DROP_FIRST = ("pinned", "availability", "qualification", "agreement", "seats", "experienced_commander")
#: The share of the time the assumption solve may take before the fixed-literal search takes over.
_ASSUMPTION_SHARE = 0.25


def explain(index: Index, weights: Weights, time_limit: float, workers: int = 2) -> tuple[str, ...]:
    started = time.perf_counter()
    deadline = started + max(1.0, time_limit)
    model = build(index, weights, explain=True)
    keys = sorted(model.literals, key=_drop_order)
    status, core = _assumed(model, keys, started + _ASSUMPTION_SHARE * (deadline - started), workers)
    if status != cp_model.INFEASIBLE or _holds(model, core, deadline, workers) is not False:
        # Not proven in time, or the set named does not clash on its own (it may name presolved literals).
        if _holds(model, keys, deadline, workers) is not False:
            return ("The solver could not tell, within the time limit, which rules clash.",)
        core = keys
    core = _shrink(model, core, deadline, workers)
    return tuple(sentences(index, weights, model, core))


def _drop_order(key: Key) -> tuple:
    rank = _DROP_FIRST.index(key[0]) if key[0] in _DROP_FIRST else len(_DROP_FIRST)
    return (rank, repr(key))


def _assumed(model: Model, keys: list[Key], deadline: float, workers: int) -> tuple[int, list[Key]]:
    """Solve with every group assumed: the status, and when infeasible the groups CP-SAT names."""
    model.cp.clear_assumptions()
    model.cp.add_assumptions([model.literals[k] for k in keys])
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    status = solver.solve(model.cp)
    model.cp.clear_assumptions()
    if status != cp_model.INFEASIBLE:
        return status, []
    named = set(solver.sufficient_assumptions_for_infeasibility())
    return status, [k for k in keys if model.literals[k].index in named]


def _holds(model: Model, keys: list[Key], deadline: float, workers: int) -> bool | None:
    """Can the groups `keys` (and the rules that have no group) all hold? None: not known in time."""
    copy = model.cp.clone()
    held = set(keys)
    for key, literal in model.literals.items():
        copy.add(copy.get_bool_var_from_proto_index(literal.index) == int(key in held))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.perf_counter())
    status = solver.solve(copy)
    if status == cp_model.INFEASIBLE:
        return False
    return True if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _shrink(model: Model, core: list[Key], deadline: float, workers: int) -> list[Key]:
    """Drop chunks of groups (halving their size down to one) while the rest still clash."""
    core = sorted(core, key=_drop_order)
    chunk = max(1, len(core) // 2)
    while True:
        at = 0
        while at < len(core) and time.perf_counter() < deadline:
            trial = core[:at] + core[at + chunk :]
            if _holds(model, trial, deadline, workers) is False:
                core = trial
            else:
                at += chunk
        if chunk == 1 or time.perf_counter() >= deadline:
            return core
        chunk = max(1, chunk // 2)
