"""`manage.py n_minus_one`: the N-1 report from the shell (issue 14 §3): for each vehicle grounded and each
person on a planned flight unavailable from the horizon's first day, what breaks without re-planning, and the
planning assistant's repair with as few changes as it can, or why there is none. One table, worst first.
Writes nothing."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError

from crews.planning import Weights
from crews.planning.n_minus_one import GROUNDED, UNAVAILABLE, n_minus_one, table

from .propose_plan import _date, planned_world


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a number of seconds.") from None
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"“{text}”: give between 0 and 600 seconds.")
    return value


def _count(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"“{text}”: give a whole number of scenarios, at least 1.")
    return int(text)


class Command(BaseCommand):
    help = (
        "The N-1 report: each spacecraft grounded and each crew member on a planned flight unavailable from "
        "the first day of the horizon (default: today to five years on); what breaks, who is stranded, and "
        "the repair. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=_date, help="the day of the failure and first launch "
                            "day of the horizon (default: today, UTC)")  # fmt: skip
        parser.add_argument("--to", dest="end", type=_date, help="last launch day (default: five years on)")
        parser.add_argument("--time-limit", type=_positive, default=4.0,
                            help="seconds for each repair (4; an infeasible one takes a few more to say why)")  # fmt: skip
        parser.add_argument("--limit", type=_count, help="run only the first N scenarios (vehicles first)")
        parser.add_argument("--only", choices=(GROUNDED, UNAVAILABLE), help="only one kind of scenario")
        parser.add_argument("--workers", type=int, default=2)

    def handle(self, *args, start, end, time_limit, limit, only, workers, **options):
        planned = planned_world(self.stdout, start, end)
        if planned is None:
            return
        start, end, world = planned
        kinds = (only,) if only else (GROUNDED, UNAVAILABLE)
        try:
            report = n_minus_one(world, Weights(), on=start, kinds=kinds, time_limit=time_limit, limit=limit,
                                 workers=workers)  # fmt: skip
        except ValueError as error:
            raise CommandError(str(error)) from None
        if not report.rows:
            self.stdout.write(f"No vehicle or person has a flight to launch from {start} to {end}.")
            return
        for line in table(report):
            self.stdout.write(line)
