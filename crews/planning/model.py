"""The CP-SAT model of the hard rules, one small function per rule group.

Decisions: `x[(person, mission)]` (the person flies up on the mission) and `c[(person, mission)]` (as its
commander); `uses[pair]` says which agreement a cross-agency seat counts against. Seat numbers are not
decisions: `proposal` numbers the seats after the solve (commander in seat 1, seats on file kept).

Built twice at most: once to optimise (`explain=False`: every rule plain), and, when that is infeasible,
once to explain (`explain=True`: each rule group enforced only under its own assumption literal, so that
CP-SAT can name the groups that cannot hold together).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .index import AVAILABILITY, Index, Pair
from .world import ASCENT, COMMANDER, RETURN, Weights

#: An assumption's key: (rule group, subject …), e.g. ("crew", mission id), ("availability", person id).
Key = tuple


@dataclass
class Model:
    index: Index
    weights: Weights
    explain: bool
    cp: cp_model.CpModel = field(default_factory=cp_model.CpModel)
    x: dict[Pair, cp_model.IntVar] = field(default_factory=dict)
    c: dict[Pair, cp_model.IntVar] = field(default_factory=dict)
    uses: dict[Pair, list] = field(default_factory=dict)
    #: Why an on-file (or, when explaining, a merely unavailable) pair may not fly: forced to 0 by rule group.
    excluded: dict[Pair, list] = field(default_factory=dict)
    literals: dict[Key, cp_model.IntVar] = field(default_factory=dict)
    by_mission: dict[Hashable, list[Pair]] = field(default_factory=lambda: defaultdict(list))
    by_person: dict[Hashable, list[Pair]] = field(default_factory=lambda: defaultdict(list))
    #: (mission, agency): how many of the agency's people the mission carries under each agreement.
    carried: dict[tuple, list] = field(default_factory=lambda: defaultdict(list))
    _flown_before: dict[Pair, object] = field(default_factory=dict)

    def enforce(self, constraint, *keys: Key):
        """Hold `constraint` plainly, or (explaining) only under the assumption literals of `keys`."""
        if self.explain:
            for key in keys:
                if key not in self.literals:
                    self.literals[key] = self.cp.new_bool_var(repr(key))
            constraint.only_enforce_if([self.literals[key] for key in keys])
        return constraint

    def crew(self, mission: Hashable) -> list[Pair]:
        return self.by_mission[mission]

    def flown_before(self, pair: Pair):
        """1 if the person has flown before the mission's launch (on the record or earlier in the plan)."""
        if pair in self._flown_before:
            return self._flown_before[pair]
        person, mission = pair
        if self.index.people[person].veteran:
            value = 1
        else:
            launch = self.index.launch[mission]
            earlier = [
                self.x[other]
                for other in self.by_person[person]
                if other != pair and self.index.span(other)[1] <= launch
            ]
            value = 0
            if earlier:
                value = self.cp.new_bool_var(f"flown_before{pair}")
                self.cp.add_max_equality(value, earlier)
                self.cp.add(value <= sum(earlier))  # the same, stated linearly for the LP's bound
        self._flown_before[pair] = value
        return value


def build(index: Index, weights: Weights, *, explain: bool = False) -> Model:
    model = Model(index, weights, explain)
    _pairs(model)
    for pair in model.x:
        model.by_person[pair[0]].append(pair)
        model.by_mission[pair[1]].append(pair)
    _exclusions(model)
    _seat_map(model)
    _commanders(model)
    _record_and_pins(model)
    _one_flight_at_a_time(model)
    _agreements(model)
    _return_legs(model)
    _integrated_crews(model)
    return model


def _pairs(model: Model) -> None:
    """A decision for each (person, mission) that may fly: eligible, on file, or (explaining) only busy."""
    index = model.index
    for mission in index.world.missions:
        for person in index.world.candidates:
            pair = (person.id, mission.id)
            on_file = pair in index.ascents
            if mission.id in index.flown and not on_file:
                continue
            reasons = [] if on_file and index.ascents[pair].flown else index.why_not(pair)
            only_busy = model.explain and all(r.kind == AVAILABILITY for r in reasons)
            if reasons and not on_file and not only_busy:
                continue
            model.x[pair] = model.cp.new_bool_var(f"x{pair}")
            model.c[pair] = model.cp.new_bool_var(f"c{pair}")
            if reasons:
                model.excluded[pair] = reasons


def _exclusions(model: Model) -> None:
    """A pair that breaks a person's rule (qualification, agreement in force, availability) does not fly."""
    for pair, reasons in model.excluded.items():
        for kind in sorted({r.kind for r in reasons}):
            model.enforce(model.cp.add(model.x[pair] == 0), (kind, pair[0]))


def _seat_map(model: Model) -> None:
    """No more people up than seats; exactly the crew wanted on each ascent still to fly."""
    index = model.index
    for mission in index.world.missions:
        crew = [model.x[p] for p in model.crew(mission.id)]
        model.cp.add(sum(crew) <= mission.seat_count)
        if mission.id not in index.flown:
            model.enforce(model.cp.add(sum(crew) == mission.wanted), ("crew", mission.id))


def _commanders(model: Model) -> None:
    """One commander per ascent with anyone aboard, one of its crew; who has flown before, if asked (hard)."""
    index = model.index
    for pair, command in model.c.items():
        model.cp.add_implication(command, model.x[pair])
    for mission in index.world.missions:
        if mission.id in index.flown:
            continue
        pairs = model.crew(mission.id)
        commands = [model.c[p] for p in pairs]
        model.cp.add(sum(commands) <= 1)
        model.cp.add(mission.seat_count * sum(commands) >= sum(model.x[p] for p in pairs))
        if model.weights.experienced_commander_hard:
            for pair in pairs:
                before = model.flown_before(pair)
                if not isinstance(before, int) or before == 0:
                    model.enforce(
                        model.cp.add(model.c[pair] <= before), ("experienced_commander", mission.id)
                    )


def _record_and_pins(model: Model) -> None:
    """Flown legs are the record: kept as they are. Pinned seats are kept under their own assumption."""
    index = model.index
    for pair, seat in index.ascents.items():
        if seat.flown:
            model.cp.add(model.x[pair] == 1)
            model.cp.add(model.c[pair] == int(seat.role == COMMANDER))
        elif seat.pinned:
            key = ("pinned", seat.person, seat.mission, ASCENT)
            model.enforce(model.cp.add(model.x[pair] == 1), key)
            model.enforce(model.cp.add(model.c[pair] == int(seat.role == COMMANDER)), key)
    returns = [*index.returns.items(), *index.return_elsewhere.items()]
    for pair, seat in returns:
        if seat.kept:
            key = ("pinned", seat.person, seat.mission, RETURN)
            if seat.flown:
                model.cp.add(model.x[pair] == 1)
            else:
                model.enforce(model.cp.add(model.x[pair] == 1), key)


def _one_flight_at_a_time(model: Model) -> None:
    """Nobody on two flights at once: flights from launch to the landing they come home on. The flights of a
    person that hold one launch moment form the cliques of an interval graph: at most one of each."""
    index = model.index
    for pairs in model.by_person.values():
        if len(pairs) < 2:
            continue
        spans = {pair: index.span(pair) for pair in pairs}
        seen = set()
        for pair in pairs:
            moment = spans[pair][0]
            clique = frozenset(p for p in pairs if spans[p][0] <= moment < spans[p][1])
            if len(clique) > 1 and clique not in seen:
                seen.add(clique)
                model.cp.add_at_most_one(model.x[p] for p in clique)


def _agreements(model: Model) -> None:
    """A cross-agency seat counts against an agreement in force at launch with seats left that way. Counted by
    mission (`model.carried`), so that presolve sees at once that flights each needing one (integrated crews)
    outnumber the seats left: as a flat sum only search would find it out, slowly."""
    index = model.index
    by_way: dict[tuple, dict] = defaultdict(lambda: defaultdict(list))
    for pair, var in model.x.items():
        person, mission = index.people[pair[0]], index.missions[pair[1]]
        if person.agency == mission.operator:
            continue
        options = index.agreements_for(person, mission)
        if not options:
            continue
        if len(options) == 1:
            chosen = [(options[0], var)]
        else:
            chosen = [(g, model.cp.new_bool_var(f"u{pair}{g.id}")) for g in options]
            model.cp.add(sum(u for _, u in chosen) == var)
        model.uses[pair] = chosen
        for agreement, used in chosen:
            by_way[(agreement, person.agency, mission.operator)][mission.id].append(used)
    for (agreement, crew, operator), by_mission in by_way.items():
        counts = []
        for mission_id, used in by_mission.items():
            count = model.cp.new_int_var(0, len(used), f"carried{agreement.id}{crew}{mission_id}")
            model.cp.add(count == sum(used))
            model.carried[(mission_id, crew)].append(count)
            counts.append(count)
        left = max(0, agreement.seats_for(crew, operator) - agreement.used_for(crew, operator))
        model.enforce(model.cp.add(sum(counts) <= left), ("seats", agreement.id, crew, operator))


def _return_legs(model: Model) -> None:
    """No more people come home on a mission than it has seats: its own crew, unless their return is on file
    elsewhere, those whose return on it is on file, and those already in space who come home on it."""
    index = model.index
    home: dict[Hashable, list] = defaultdict(list)
    for pair, var in model.x.items():
        home[index.return_mission(pair)].append(var)
    fixed = defaultdict(int)
    for seat in index.incoming:
        fixed[seat.mission] += 1
    for mission in index.world.missions:
        model.cp.add(sum(home[mission.id]) + fixed[mission.id] <= mission.seat_count)


def _integrated_crews(model: Model) -> None:
    """A flight to a station with required agencies carries someone of each (when the planner keeps it hard)."""
    index = model.index
    if not model.weights.integrated_crews_hard:
        return
    for mission in index.world.missions:
        station = index.stations.get(mission.station)
        if station is None or mission.id in index.flown or mission.wanted == 0:
            continue
        for agency in station.required_agencies:
            ours = [p for p in model.crew(mission.id) if index.people[p[0]].agency == agency]
            # Cross-agency: by the counts under each agreement (see `_agreements`), and those without one.
            aboard = [
                *model.carried.get((mission.id, agency), ()),
                *(model.x[p] for p in ours if p not in model.uses),
            ]
            model.enforce(model.cp.add(sum(aboard) >= 1), ("integrated", mission.id))
            # The same given a full crew, said of the others so that presolve keeps it linear: the LP then
            # sees it (a clause it may not), which proves or bounds much sooner.
            others = [model.x[p] for p in model.crew(mission.id) if index.people[p[0]].agency != agency]
            full = ("crew", mission.id)
            model.enforce(model.cp.add(sum(others) <= mission.wanted - 1), ("integrated", mission.id), full)
