"""`manage.py propose_plan`: the planning assistant from the shell: a proposal for the missions planned or
scheduled in a horizon, checked against every hard rule, with its changes to the plan on file and its score;
or, when no plan keeps every rule, the rules that clash. Writes nothing."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from crews.models import CrewMember
from crews.planning import INFEASIBLE, Weights, World, propose
from crews.planning.from_db import horizon, world_from_db
from missions.models import Mission


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date: write it as YYYY-MM-DD.") from None


def planned_world(
    stdout, start: dt.date | None, end: dt.date | None
) -> tuple[dt.date, dt.date, World] | None:
    """The horizon asked for (`from_db.horizon`: a bad one is the command's error) and the world of its planned
    missions; None, once `stdout` says so, when no mission is planned or scheduled in it."""
    try:
        start, end = horizon(start, end)
    except ValueError as error:
        raise CommandError(str(error)) from None
    world = world_from_db(start, end)
    if not world.missions:
        stdout.write(f"No mission is planned or scheduled to launch from {start} to {end}.")
        return None
    return start, end, world


class Command(BaseCommand):
    help = (
        "Propose crews for the planned missions in a horizon (default: the next five years). Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=_date, help="first launch day (default: today, UTC)")
        parser.add_argument("--to", dest="end", type=_date, help="last launch day (default: five years on)")
        parser.add_argument("--time-limit", type=float, default=30.0, help="seconds for the solver (30)")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--weight", action="append", default=[], metavar="NAME=VALUE",
                            help="change a weight, e.g. --weight change=0 (names: --weights)")  # fmt: skip
        parser.add_argument("--weights", action="store_true", help="list the weights and what each weighs")

    def handle(self, *args, start, end, time_limit, workers, weight, weights, **options):
        if weights:
            for name, text in Weights.describe():
                self.stdout.write(f"{name} = {getattr(Weights(), name)}: {text}")
            return
        chosen = self._weights(weight)
        planned = planned_world(self.stdout, start, end)
        if planned is None:
            return
        start, end, world = planned
        proposal = propose(world, chosen, time_limit=time_limit, workers=workers)
        self._report(proposal, start, end)

    def _weights(self, pairs: list[str]) -> Weights:
        known = {f.name: f for f in dataclasses.fields(Weights)}
        changes = {}
        for pair in pairs:
            name, _, value = pair.partition("=")
            if name not in known or not value:
                raise CommandError(f"“{pair}”: write NAME=VALUE with one of: {', '.join(known)}.")
            if known[name].type in ("bool", bool):
                changes[name] = value.lower() in {"1", "true", "yes", "on"}
            else:
                try:
                    changes[name] = int(value)
                except ValueError:
                    raise CommandError(f"“{pair}”: the weight must be a whole number.") from None
        return Weights(**changes)

    def _report(self, proposal, start: dt.date, end: dt.date) -> None:
        out = self.stdout.write
        out(f"Horizon {start} to {end}: {proposal.status} in {proposal.wall_time:.1f} s.")
        if proposal.status == INFEASIBLE:
            out("No plan keeps every rule:")
            for sentence in proposal.explanation:
                out(f"  - {sentence}")
            return
        if proposal.objective is not None:
            gap = f", proven gap {proposal.gap:.1%}" if proposal.gap is not None else ""
            out(f"Score {proposal.objective} (bound {proposal.best_bound:.0f}{gap}):")
        for line in proposal.score:
            for sentence in line.sentences:
                out(f"  - {sentence}")
        out(f"Changes to the plan on file: {len(proposal.changes)}")
        for change in proposal.changes:
            out(f"  - {change.text}")
        names = dict(CrewMember.objects.values_list("pk", "name"))
        for mission in Mission.objects.filter(pk__in={s.mission for s in proposal.seats}).order_by(
            "launch_date"
        ):
            crew = ", ".join(f"{s.seat} {names.get(s.person, s.person)} ({s.role.replace('_', ' ')})"
                             for s in proposal.crew(mission.pk))  # fmt: skip
            out(f"{mission.name} ({mission.launch_date}): {crew}")
