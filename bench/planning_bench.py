"""Benchmark: the planning assistant at ISS scale (issue 14's speed targets), on this machine's cores.

The world is `crews.planning.example.iss_scale_world(seed)`: five years, 20 missions (70 seats), 150 candidates.
For each seed: the time to the first plan that keeps every hard rule, the best plan within a 30 s limit, the
gap to the optimum the solver proves (objective against best bound), and the plan checked by the tests'
independent checker. Then the N-1 report over its first 10 scenarios (both vehicles grounded, eight people
unavailable), one after the other, each repair within 4 s.

`make bench` runs it through `perf_record.py` (a section of bench/results.md); on its own it prints the same
section (`--out FILE` also writes it there; never bench/results.md):

    python bench/planning_bench.py [--seeds 1,2,3] [--time-limit 30] [--out /tmp/planning.md]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crews.planning import Weights, propose  # after the project is on the path
from crews.planning.example import iss_scale_world
from crews.planning.n_minus_one import n_minus_one
from crews.tests.planning_checker import problems

WORKERS = 2
SCENARIOS = 10
REPAIR_SECONDS = 4.0


def solve(seed: int, time_limit: float) -> dict:
    world = iss_scale_world(seed)
    weights = Weights()
    started = time.perf_counter()
    proposal = propose(world, weights, time_limit=time_limit, workers=WORKERS)
    return {
        "seed": seed,
        "missions": len(world.missions),
        "seats": sum(m.seat_count for m in world.missions),
        "candidates": len(world.candidates),
        "status": proposal.status,
        "first_s": proposal.first_feasible_time,
        "best_s": time.perf_counter() - started,
        "objective": proposal.objective,
        "bound": proposal.best_bound,
        "gap": proposal.gap,
        "problems": len(problems(world, weights, proposal)) if proposal.seats else None,
    }


def n_minus_one_run(seed: int) -> dict:
    report = n_minus_one(iss_scale_world(seed), limit=SCENARIOS, time_limit=REPAIR_SECONDS, workers=WORKERS)
    rows = [
        {"label": r.label, "status": r.status, "lost": len(r.lost), "stranded": len(r.stranded),
         "gap_days": r.gap_days, "gap_days_after": r.gap_days_after, "changes": r.change_count,
         "seconds": r.seconds}
        for r in report.rows
    ]  # fmt: skip
    return {"seed": seed, "seconds": report.seconds, "baseline_s": report.baseline_seconds,
            "baseline": report.baseline, "scenarios": report.scenarios, "rows": rows}  # fmt: skip


def measure(seeds: list[int], time_limit: float = 30.0) -> dict:
    """What `report.planning_lines` reads (plain data, JSON-able)."""
    return {
        "workers": WORKERS,
        "time_limit": time_limit,
        "solves": [solve(seed, time_limit) for seed in seeds],
        "n_minus_one": n_minus_one_run(seeds[0]),
        "repair_seconds": REPAIR_SECONDS,
    }


def main() -> None:
    from report import planning_lines

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated seeds of the ISS-scale world")
    parser.add_argument("--time-limit", type=float, default=30.0)
    parser.add_argument("--out", help="also write the section to this file (not bench/results.md)")
    args = parser.parse_args()
    seeds = [int(s) for s in args.seeds.split(",")]
    text = "\n".join(planning_lines(measure(seeds, args.time_limit))) + "\n"
    print(text)
    if args.out:
        if Path(args.out).resolve() == (Path(__file__).resolve().parent / "results.md"):
            raise SystemExit("planning_bench: bench/results.md is written by perf_record.py only")
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"written to {args.out}")


if __name__ == "__main__":
    main()
