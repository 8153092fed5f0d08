"""The soft rules as CP-SAT expressions, each counted in its own unit (days, seats, changes, crews, flights)
and weighed by `Weights`. Every count is defined exactly (not merely bounded), so that the objective of any
solution equals the score `score.py` recomputes from its seats."""

from __future__ import annotations

from .index import Pair
from .model import Model
from .world import COMMANDER

CONTINUITY, LEDGER, CHANGES, VETERANS, COMMANDERS, REPEATS = (
    "continuity",
    "ledger",
    "changes",
    "veterans",
    "commanders",
    "repeats",
)


def add_objective(model: Model) -> dict[str, object]:
    """Minimise the weighed soft rules; the counts by rule, for the record."""
    weights = model.weights
    counts = {
        CONTINUITY: (_continuity(model), weights.continuity_gap_day),
        LEDGER: (_ledger(model), weights.ledger_seat),
        CHANGES: (_changes(model), weights.change),
        VETERANS: (_crews_without_veteran(model), weights.crew_without_veteran),
        COMMANDERS: (_rookie_commanders(model), weights.rookie_commander),
        REPEATS: (_repeat_flights(model), weights.repeat_flight),
    }
    model.cp.minimize(sum(weight * count for count, weight in counts.values() if weight))
    _hint_current_plan(model)
    return {rule: count for rule, (count, _) in counts.items()}


def _continuity(model: Model):
    """Days each station's required agencies have nobody aboard: per interval between launches and landings,
    covered by anyone of the agency whose flight to the station spans it."""
    index = model.index
    gap = []
    for station in index.world.stations:
        flights = [(p, index.span(p)) for p in model.x if index.missions[p[1]].station == station.id]
        for agency in station.required_agencies:
            ours = [(p, span) for p, span in flights if index.people[p[0]].agency == agency]
            for first, last, days in index.station_intervals(station):
                if not days or index.held(station, agency, first, last):
                    continue
                covering = [model.x[p] for p, (up, down) in ours if up <= first and last <= down]
                if not covering:
                    gap.append(days)
                    continue
                covered = model.cp.new_bool_var(f"covered{station.id}{agency}{first}")
                model.cp.add_max_equality(covered, covering)
                model.cp.add(covered <= sum(covering))  # the same, stated linearly for the LP's bound
                gap.append(days * (1 - covered))
    return sum(gap)


def _ledger(model: Model):
    """Each agreement with seats both ways: |seats A on B − seats B on A|, counting those used already."""
    index = model.index
    total = []
    for agreement in index.agreements:
        if not agreement.two_way:
            continue
        a, b = agreement.parties
        ways = {a: [agreement.used_a_on_b], b: [agreement.used_b_on_a]}
        for pair, chosen in model.uses.items():
            crew = index.people[pair[0]].agency
            for used_agreement, used in chosen:
                if used_agreement is agreement:
                    ways[crew].append(used)
        bound = agreement.seats_a_on_b + agreement.seats_b_on_a + len(model.uses)
        off = model.cp.new_int_var(0, bound, f"imbalance{agreement.id}")
        model.cp.add_abs_equality(off, sum(ways[a]) - sum(ways[b]))
        model.cp.add(off >= sum(ways[a]) - sum(ways[b]))  # the same, stated linearly for the LP's bound
        model.cp.add(off >= sum(ways[b]) - sum(ways[a]))
        total.append(off)
    return sum(total)


def _changes(model: Model):
    """Ascent seats on file dropped or moved (a commander no longer one, or one made commander), seats added.
    Return seats follow their ascents and are not counted again."""
    index = model.index
    changes = []
    for pair, var in model.x.items():
        seat = index.ascents.get(pair)
        if seat is None:
            changes.append(var)
        elif not seat.kept:
            command = model.c[pair]
            changes.append((1 - var) + ((var - command) if seat.role == COMMANDER else command))
    return sum(changes)


def _veteran_aboard(model: Model, pair: Pair, var):
    """1 if `var` (flying, or commanding) holds and the person has flown before the launch."""
    before = model.flown_before(pair)
    if isinstance(before, int):
        return var if before else 0
    both = model.cp.new_bool_var(f"veteran{pair}")
    model.cp.add_min_equality(both, [var, before])
    model.cp.add(both <= var)  # the same, stated linearly for the LP's bound
    model.cp.add(both <= before)
    return both


def _never_flown(before) -> bool:
    return isinstance(before, int) and not before


def _missions_to_staff(model: Model):
    index = model.index
    return [m for m in index.world.missions if m.id not in index.flown and m.wanted > 0]


def _crews_without_veteran(model: Model):
    count = []
    for mission in _missions_to_staff(model):
        veterans = [_veteran_aboard(model, p, model.x[p]) for p in model.crew(mission.id)]
        veterans = [v for v in veterans if not isinstance(v, int)]
        if not veterans:
            count.append(1)
            continue
        any_veteran = model.cp.new_bool_var(f"has_veteran{mission.id}")
        model.cp.add_max_equality(any_veteran, veterans)
        # Weaker but linear, for the LP's bound (which may not see `veteran ≤ flies` once presolved to a clause).
        may = [model.x[p] for p in model.crew(mission.id) if not _never_flown(model.flown_before(p))]
        model.cp.add(any_veteran <= sum(may))
        count.append(1 - any_veteran)
    return sum(count)


def _rookie_commanders(model: Model):
    """Missions whose commander has not flown before: 1 if the commander is someone who had not by launch.
    Stated exactly (a max) and, for the LP's bound, linearly: at least each `commands − has flown before`,
    and at least the sum of the commands of those who cannot have flown before."""
    count = []
    for mission in _missions_to_staff(model):
        never, maybe = [], []
        for pair in model.crew(mission.id):
            before = model.flown_before(pair)
            if isinstance(before, int):
                if not before:
                    never.append(model.c[pair])
            else:
                maybe.append(model.c[pair] - before)
        if not never and not maybe:
            continue
        rookie = model.cp.new_bool_var(f"rookie_commander{mission.id}")
        model.cp.add_max_equality(rookie, [0, sum(never), *maybe])
        model.cp.add(rookie >= sum(never))
        for expression in maybe:
            model.cp.add(rookie >= expression)
        count.append(rookie)
    return sum(count)


def _repeat_flights(model: Model):
    """Flights of one person beyond their first in the horizon."""
    extra = []
    for person, pairs in model.by_person.items():
        if len(pairs) < 2:
            continue
        more = model.cp.new_int_var(0, len(pairs) - 1, f"repeats{person}")
        model.cp.add_max_equality(more, [0, sum(model.x[p] for p in pairs) - 1])
        model.cp.add(more >= sum(model.x[p] for p in pairs) - 1)
        extra.append(more)
    return sum(extra)


def _hint_current_plan(model: Model) -> None:
    """Start from the plan on file: most of it usually stands."""
    index = model.index
    for pair, var in model.x.items():
        seat = index.ascents.get(pair)
        keep = seat is not None and pair not in model.excluded
        model.cp.add_hint(var, int(keep))
        model.cp.add_hint(model.c[pair], int(keep and seat.role == COMMANDER))
