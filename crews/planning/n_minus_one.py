"""The N-1 report (issue 14 §3): one failure at a time, and whether the plan survives it.

Scenarios, derived from a `World`: each spacecraft with a flight still to launch, grounded from a day (its
flights launching from then cannot fly; whoever was to come home on one of them has no way home), and each
crew member with a flight on file, unavailable from that day to the end of the horizon. For each:

- without re-planning: the seats lost, the days each station's required agencies have nobody aboard, who is
  stranded (in space, or sent up by the plan, with the way home on a grounded vehicle);
- the repair: the planning assistant solves again with the scenario applied, a strong weight on changing the
  plan and a short time limit (first changing only the flights the failure touches, then the whole plan);
  the changes it needs, the gap days left, who is still stranded, or, when no plan keeps the rules, why, in
  the rules' own sentences. The stranded are first given a way home: the flight to their station that lands
  nearest after their planned return, with one seat fewer up on it when its way down would be full.

The plan the scenarios break is the plan on file when it crews every flight; otherwise the plan on file
completed by the assistant (one solve first), since any re-plan must crew every flight and would otherwise
count the missing crews as changes. A vehicle already up when its kind is grounded still brings its own crew
home (only launches from the day are cut). Plain Python over plain data, like the rest of `crews.planning`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from .index import Index
from .proposal import ADDED, FEASIBLE, INFEASIBLE, OPTIMAL, Proposal, changes_of
from .solve import propose
from .world import ASCENT, RETURN, Aboard, Interval, Mission, SeatOnFile, Weights, World, moment

GROUNDED, UNAVAILABLE = "grounded", "unavailable"
#: The weight of a change to the plan while repairing it: above every soft rule but a day of continuity gap.
REPAIR_CHANGE_WEIGHT = 500
#: Why a person in the "unavailable" scenario cannot fly, as the explanations say it.
SCENARIO_REASON = "the N-1 scenario"


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def _listed(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


@dataclass(frozen=True)
class Scenario:
    kind: str  # GROUNDED or UNAVAILABLE
    #: The spacecraft's name, or the person's id.
    subject: Hashable
    #: How it is named: "Soyuz MS", "Anna Kikina".
    name: str
    on: dt.date

    @property
    def label(self) -> str:
        what = "grounded" if self.kind == GROUNDED else "unavailable"
        return f"{self.name} {what} from {self.on.isoformat()}"


@dataclass(frozen=True)
class Gap:
    """Days a station has nobody of one of its required agencies aboard."""

    station: str
    agency: str
    days: int

    @property
    def text(self) -> str:
        return f"{self.station}: no {self.agency} aboard for {_plural(self.days, 'day')}"


def _gaps_text(gaps) -> str:
    """ "ISS: no NASA aboard for 9 days and no Roscosmos aboard for 9 days"; empty without a gap."""
    by_station: dict[str, list[str]] = defaultdict(list)
    for gap in gaps:
        if gap.days:
            by_station[gap.station].append(f"no {gap.agency} aboard for {_plural(gap.days, 'day')}")
    return "; ".join(f"{station}: {_listed(said)}" for station, said in by_station.items())


@dataclass(frozen=True)
class Stranded:
    """Someone in space (or sent up by the plan) whose way home is on a vehicle that cannot fly."""

    person: Hashable
    name: str
    station: str
    #: The flight that was to bring them home.
    way_home: str
    #: Where the repair brings them home instead ("" when nothing can).
    home_on: str = ""

    @property
    def text(self) -> str:
        return f"{self.name} (aboard {self.station}, home on {self.way_home})"


@dataclass(frozen=True)
class Row:
    """One scenario: what breaks without re-planning, and the repair."""

    scenario: Scenario
    #: Seats on the flights that cannot fly (grounded, or the person's).
    lost: tuple[str, ...]
    gaps: tuple[Gap, ...]
    stranded: tuple[Stranded, ...]
    #: The repair: OPTIMAL or FEASIBLE (a plan found), INFEASIBLE, or UNKNOWN (none found in time).
    status: str
    gaps_after: tuple[Gap, ...] = ()
    changes: tuple[str, ...] = ()
    explanation: tuple[str, ...] = ()
    seconds: float = 0.0
    #: The gap days of the plan before the failure (the baseline), to compare with.
    baseline_gap_days: int = 0

    @property
    def label(self) -> str:
        return self.scenario.label

    @property
    def repaired(self) -> bool:
        return self.status in (OPTIMAL, FEASIBLE)

    @property
    def gap_days(self) -> int:
        return sum(g.days for g in self.gaps)

    @property
    def gap_days_after(self) -> int:
        """Days of gap left after the repair; without a repair, those without it."""
        return sum(g.days for g in self.gaps_after) if self.repaired else self.gap_days

    @property
    def continuity_holds(self) -> bool:
        """Without re-planning, no more gap days than the plan had before the failure."""
        return self.gap_days <= self.baseline_gap_days

    @property
    def stranded_after(self) -> tuple[Stranded, ...]:
        return tuple(s for s in self.stranded if not (self.repaired and s.home_on))

    @property
    def change_count(self) -> int | None:
        return len(self.changes) if self.repaired else None

    @property
    def sort_key(self) -> tuple:
        """Worst first: people stranded, gap days after the repair, no repair, changes it needs."""
        return (-len(self.stranded), -self.gap_days_after, self.repaired, -len(self.changes),
                -self.gap_days, self.label)  # fmt: skip

    @property
    def sentence(self) -> str:
        """The row in words, for a page or the shell."""
        parts = [f"{self.label}: {_plural(len(self.lost), 'seat')} lost"]
        if self.stranded:
            parts.append(f"stranded: {_listed([s.text for s in self.stranded])}")
        if self.continuity_holds:
            parts.append("continuity holds without re-planning" + (
                f" (the plan already had {_plural(self.baseline_gap_days, 'gap day')})"
                if self.baseline_gap_days else ""))  # fmt: skip
        else:
            parts.append(f"without re-planning {_gaps_text(self.gaps)}")
        parts.append(self._repair_text())
        return "; ".join(parts) + "."

    def _repair_text(self) -> str:
        if self.status == INFEASIBLE:
            return "no repair keeps every rule: " + " ".join(self.explanation).rstrip(".")
        if not self.repaired:
            return "the assistant found no repair within the time limit"
        left = _gaps_text(self.gaps_after)
        still = self.stranded_after
        repaired = f"repaired with {_plural(len(self.changes), 'change')}"
        if not left and not still:
            return f"{repaired}, no gap"
        if not still and self.gap_days_after <= self.baseline_gap_days:
            return f"{repaired}, no gap beyond the plan's own"
        text = f"the best re-plan ({_plural(len(self.changes), 'change')}) still leaves "
        return text + _listed(([left] if left else []) + [f"{s.name} stranded" for s in still])


@dataclass(frozen=True)
class Report:
    rows: tuple[Row, ...]
    on: dt.date
    #: How the plan the scenarios break was made, in words.
    baseline: str
    baseline_gap_days: int
    #: Scenarios found, and those left out by a limit.
    scenarios: int
    left_out: int
    seconds: float
    #: Seconds for the one solve that completed the plan on file (0 when it was complete).
    baseline_seconds: float = 0.0


# --- Scenarios --------------------------------------------------------------------------------------------


def scenarios_of(world: World, on: dt.date | None = None) -> list[Scenario]:
    """Each spacecraft with a flight still to launch from `on` (default: the horizon's first day), then each
    person with a flight on file still to launch from then, soonest first."""
    on = on or moment(world.start).date()
    index = Index(world)
    since = moment(on)
    crafts: dict[str, dt.datetime] = {}
    for mission in sorted(world.missions, key=lambda m: index.launch[m.id]):
        if mission.id not in index.flown and index.launch[mission.id] >= since:
            crafts.setdefault(mission.spacecraft, index.launch[mission.id])
    found = [Scenario(GROUNDED, craft, craft, on) for craft in crafts]
    people: dict[Hashable, dt.datetime] = {}
    for seat in sorted(index.ascents.values(), key=lambda s: index.launch[s.mission]):
        if not seat.flown and index.launch[seat.mission] >= since:
            people.setdefault(seat.person, index.launch[seat.mission])
    found += [Scenario(UNAVAILABLE, person, index.people[person].name, on) for person in people]
    return found


# --- The report -------------------------------------------------------------------------------------------


def n_minus_one(
    world: World,
    weights: Weights | None = None,
    *,
    on: dt.date | None = None,
    kinds: tuple[str, ...] = (GROUNDED, UNAVAILABLE),
    time_limit: float = 4.0,
    baseline_time_limit: float = 10.0,
    limit: int | None = None,
    workers: int = 2,
    repair_change_weight: int = REPAIR_CHANGE_WEIGHT,
    progress: Callable[[int, int, Row | None], None] | None = None,
) -> Report:
    """The N-1 table for `world`, worst first. Each repair gets `time_limit` seconds (an infeasible one a few
    more, to find why); scenarios run one after the other. `limit` keeps the first scenarios (vehicles first,
    then people by their next flight); `kinds` the kinds of scenario (GROUNDED, UNAVAILABLE). Raises
    ValueError for a world the solver cannot read or a plan on file it cannot complete. `progress`, when
    given, is called with (scenarios done, scenarios to run, the row just made) once the plan to break is
    known (0 done, no row) and after each scenario: what a background run saves for its page."""
    started = time.perf_counter()
    weights = weights or Weights()
    on = on or moment(world.start).date()
    base, baseline_text, baseline_seconds = _baseline(world, weights, baseline_time_limit, workers)
    base_index = Index(base)
    baseline_gap = sum(g.days for g in _gaps(base_index, _stays(base_index)))
    found = [s for s in scenarios_of(world, on) if s.kind in kinds]
    chosen = found if limit is None else found[:limit]
    repair_weights = dataclasses.replace(weights, change=max(weights.change, repair_change_weight))
    if progress is not None:
        progress(0, len(chosen), None)
    rows = []
    for scenario in chosen:
        rows.append(_row(base_index, scenario, repair_weights, time_limit, workers, baseline_gap))
        if progress is not None:
            progress(len(rows), len(chosen), rows[-1])
    return Report(
        rows=tuple(sorted(rows, key=lambda r: r.sort_key)),
        on=on,
        baseline=baseline_text,
        baseline_gap_days=baseline_gap,
        scenarios=len(found),
        left_out=len(found) - len(chosen),
        seconds=time.perf_counter() - started,
        baseline_seconds=baseline_seconds,
    )


def _baseline(world: World, weights: Weights, time_limit: float, workers: int) -> tuple[World, str, float]:
    """The plan the scenarios break: the plan on file if it crews every flight, else the assistant's
    completion of it (the plan on file kept where it can be)."""
    index = Index(world)
    crewed = Counter(s.mission for s in world.seats if s.leg == ASCENT)
    short = [m for m in world.missions if m.id not in index.flown and crewed[m.id] != m.wanted]
    if not short:
        return world, "the plan on file", 0.0
    proposal = propose(world, weights, time_limit=time_limit, workers=workers)
    if proposal.status not in (OPTIMAL, FEASIBLE):
        why = " ".join(proposal.explanation) or "no plan was found in time"
        raise ValueError(f"The plan on file leaves {_plural(len(short), 'flight')} short of crew and cannot "
                         f"be completed: {why}")  # fmt: skip
    added = sum(1 for c in proposal.changes if c.leg == ASCENT and c.kind == ADDED)
    text = (f"the plan on file, with {_plural(len(short), 'flight')} short of crew completed by the assistant "
            f"({_plural(added, 'seat')} added, {_plural(len(proposal.changes), 'change')} in all)")  # fmt: skip
    return _as_plan(world, proposal), text, proposal.wall_time


def _row(index: Index, scenario: Scenario, weights: Weights, time_limit: float, workers: int,
         baseline_gap: int) -> Row:  # fmt: skip
    started = time.perf_counter()
    since = moment(scenario.on)
    if scenario.kind == GROUNDED:
        cut = {m.id for m in index.world.missions if m.spacecraft == scenario.subject
               and m.id not in index.flown and index.launch[m.id] >= since}  # fmt: skip
        lost = {pair for pair in index.ascents if pair[1] in cut}
    else:
        cut = set()
        lost = {pair for pair, seat in index.ascents.items()
                if pair[0] == scenario.subject and not seat.flown and index.launch[pair[1]] >= since}  # fmt: skip
    stranded = _stranded(index, cut)
    gaps = _gaps(index, _stays(index, lost, cut))
    world, homes = _scenario_world(index, scenario, cut, stranded)
    stranded = [dataclasses.replace(s, home_on=homes[s.person].label if s.person in homes else "")
                for s in stranded]  # fmt: skip
    touched = {m for _, m in lost} | {m.id for m in homes.values()}
    proposal = _repair(world, weights, time_limit, workers, touched)
    lost_text = tuple(
        f"{index.people[p].name} on {index.missions[m].label}" for p, m in sorted(lost, key=str)
    )
    common = dict(scenario=scenario, lost=lost_text, gaps=tuple(gaps), stranded=tuple(stranded),
                  status=proposal.status, baseline_gap_days=baseline_gap)  # fmt: skip
    if proposal.status not in (OPTIMAL, FEASIBLE):
        return Row(**common, explanation=proposal.explanation, seconds=time.perf_counter() - started)
    return Row(**common, gaps_after=tuple(_gaps_of(world, proposal)),
               changes=tuple(_changes(index, proposal, lost, stranded)),
               seconds=time.perf_counter() - started)  # fmt: skip


def _repair(world: World, weights: Weights, time_limit: float, workers: int, touched: set) -> Proposal:
    """The best repair found in `time_limit` seconds: first changing only the flights the failure touches (the
    rest pinned: small, so found at once even on a busy machine), then the whole plan with the time left;
    the better of the two (the first when equal). When the first finds nothing, the second says why."""
    started = time.perf_counter()
    pinned = tuple(s if s.mission in touched or s.kept else dataclasses.replace(s, pinned=True)
                   for s in world.seats)  # fmt: skip
    local = propose(dataclasses.replace(world, seats=pinned), weights, time_limit=time_limit / 2,
                    workers=workers, explain_infeasible=False)  # fmt: skip
    found = local.status in (OPTIMAL, FEASIBLE)
    left = max(1.0, time_limit - (time.perf_counter() - started))
    whole = propose(world, weights, time_limit=left, workers=workers, explain_infeasible=not found)
    if not found or (whole.status in (OPTIMAL, FEASIBLE) and whole.objective < local.objective):
        return whole
    if whole.status == OPTIMAL and whole.objective == local.objective:
        return dataclasses.replace(local, status=OPTIMAL)
    return local


def _stranded(index: Index, cut: set) -> list[Stranded]:
    """Who is in space, or goes up on a flight that still flies, with the way home on a flight that cannot."""
    out = []
    for seat in index.incoming:
        if seat.mission in cut:
            out.append(_stranded_one(index, seat.person, seat.mission))
    for pair, seat in index.return_elsewhere.items():
        if seat.mission in cut and pair[1] not in cut:
            out.append(_stranded_one(index, pair[0], seat.mission))
    return sorted(out, key=lambda s: (s.name, str(s.person)))


def _stranded_one(index: Index, person: Hashable, way_home: Hashable) -> Stranded:
    mission = index.missions[way_home]
    station = index.stations.get(mission.station)
    return Stranded(person, index.people[person].name, station.name if station else "space", mission.label)


# --- Continuity, counted on stays -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stay:
    station: Hashable
    agency: str
    up: dt.datetime
    down: dt.datetime


def _stays(index: Index, lost: set = frozenset(), cut: set = frozenset()) -> list[_Stay]:
    """Who is aboard each station when, by the plan in `index` without the flights `lost`: someone whose way
    home is on a flight `cut` stays to the horizon's end."""
    stays = []
    for pair in index.ascents:
        if pair in lost:
            continue
        mission = index.missions[pair[1]]
        home = index.return_mission(pair)
        down = index.end if home in cut else index.landing[home]
        stays.append(_Stay(mission.station, index.people[pair[0]].agency, index.launch[pair[1]], down))
    for seat in index.incoming:
        down = index.end if seat.mission in cut else index.landing[seat.mission]
        station = index.missions[seat.mission].station
        stays.append(_Stay(station, index.people[seat.person].agency, index.start, down))
    for station in index.world.stations:
        stays += [_Stay(station.id, a.agency, index.start, moment(a.until)) for a in station.aboard]
    return stays


def _gaps(index: Index, stays: list[_Stay]) -> list[Gap]:
    """Days each station's required agencies have nobody aboard, as the score counts them."""
    by_key = defaultdict(list)
    for stay in stays:
        by_key[(stay.station, stay.agency)].append(stay)
    gaps = []
    for station in index.world.stations:
        for agency in station.required_agencies:
            ours = by_key[(station.id, agency)]
            days = sum(length for first, last, length in index.station_intervals(station)
                       if not any(s.up <= first and last <= s.down for s in ours))  # fmt: skip
            gaps.append(Gap(station.name, agency, days))
    return gaps


def _as_plan(world: World, proposal: Proposal, kept_from: World | None = None) -> World:
    """`world` with the proposal's seats as its plan on file (pins and flown legs as `kept_from` has them)."""
    on_file = {(s.person, s.mission, s.leg): s for s in (kept_from or world).seats}
    seats = []
    for seat in proposal.seats:
        was = on_file.get((seat.person, seat.mission, seat.leg))
        seats.append(SeatOnFile(seat.person, seat.mission, seat.leg, seat.seat, seat.role,
                                pinned=bool(was and was.pinned), flown=bool(was and was.flown)))  # fmt: skip
    return dataclasses.replace(world, seats=tuple(seats))


def _gaps_of(world: World, proposal: Proposal) -> list[Gap]:
    """The repaired plan's gaps (the count the score gives, by station and agency)."""
    index = Index(_as_plan(world, proposal))
    return _gaps(index, _stays(index))


# --- The world with the scenario applied ------------------------------------------------------------------


def _scenario_world(index: Index, scenario: Scenario, cut: set,
                    stranded: list[Stranded]) -> tuple[World, dict[Hashable, Mission]]:  # fmt: skip
    """The world to repair: without the flights cut (and their seats), or with the person unavailable (their
    seats still to fly no longer pinned); the stranded brought home on the flight to their station that
    lands nearest after their planned return (one seat fewer up on it when its way down would be full), or
    kept aboard to the horizon's end when there is none."""
    world = index.world
    if scenario.kind == UNAVAILABLE:
        person = index.people[scenario.subject]
        since = moment(scenario.on)
        # From the day, or from coming home if a flight that launched before it (by the plan) is still up.
        up = [index.span(p)[1] for p in index.ascents if p[0] == person.id and index.launch[p[1]] < since]
        first = max([since, *up]).date()
        spell = Interval(first, index.end.date(), SCENARIO_REASON)
        people = tuple(dataclasses.replace(p, unavailable=(*p.unavailable, spell)) if p is person else p
                       for p in world.candidates)  # fmt: skip
        seats = tuple(dataclasses.replace(s, pinned=False)
                      if s.person == person.id and not s.flown and index.launch[s.mission] >= since else s
                      for s in world.seats)  # fmt: skip
        return dataclasses.replace(world, candidates=people, seats=seats), {}
    missions = [m for m in world.missions if m.id not in cut]
    going = {pair for pair in index.ascents if pair[1] in cut}
    # Without the flights cut, and the ways home on file of those who went up on one (else read as in space).
    seats = [s for s in world.seats if s.mission not in cut
             and not any(p in going and r is s for p, r in index.return_elsewhere.items())]  # fmt: skip
    stations = {s.id: s for s in world.stations}
    homes: dict[Hashable, Mission] = {}
    for person in stranded:
        planned = _planned_return(index, person.person, cut)
        home = _way_home(index, missions, seats, planned, person.person)
        if home is None:
            station = index.missions[planned].station
            if station in stations:
                kept = Aboard(index.people[person.person].agency, index.end, person.person)
                stations[station] = dataclasses.replace(stations[station],
                                                        aboard=(*stations[station].aboard, kept))  # fmt: skip
            continue
        mission, number, smaller = home
        if smaller:
            missions = [dataclasses.replace(m, crew_size=m.wanted - 1) if m.id == mission.id else m
                        for m in missions]  # fmt: skip
        seats = [s for s in seats if not (s.mission == mission.id and s.leg == RETURN and s.seat == number)]
        seats.append(SeatOnFile(person.person, mission.id, RETURN, number, mission.role_of_seat(number)))
        homes[person.person] = mission
    changed = dataclasses.replace(world, missions=tuple(missions), seats=tuple(seats),
                                  stations=tuple(stations[s.id] for s in world.stations))  # fmt: skip
    return changed, homes


def _planned_return(index: Index, person: Hashable, cut: set) -> Hashable:
    for seat in [*index.incoming, *index.return_elsewhere.values()]:
        if seat.person == person and seat.mission in cut:
            return seat.mission
    raise LookupError(person)


def _way_home(index: Index, missions: list[Mission], seats: list[SeatOnFile], planned: Hashable,
              person: Hashable) -> tuple[Mission, int, bool] | None:  # fmt: skip
    """The flight to the same station that lands first after the planned return (else the last before it,
    after the horizon starts) with room on its way down, the seat, and whether its crew up must be one
    fewer to make that room. Someone who goes up on that flight already has their seat down in its crew's."""
    station, landing = index.missions[planned].station, index.landing[planned]
    options = [m for m in missions if m.station == station and index.landing[m.id] > index.start]
    options.sort(key=lambda m: (index.landing[m.id] < landing, abs(index.landing[m.id] - landing)))
    smallest = len(index.stations[station].required_agencies) if station in index.stations else 1
    for mission in options:
        down = [s for s in seats if s.mission == mission.id and s.leg == RETURN]
        others = sum(1 for s in down if (s.person, mission.id) not in index.ascents)
        own = mission.wanted if mission.id not in index.flown else sum(
            1 for p in index.ascents if p[1] == mission.id)  # fmt: skip
        smaller = own + others + ((person, mission.id) not in index.ascents) > mission.seat_count
        if smaller and (mission.id in index.flown or mission.wanted - 1 < max(1, smallest)):
            continue
        kept = {s.seat for s in down if s.kept or (s.person, mission.id) not in index.ascents}
        free = [n for n in range(mission.seat_count, 1, -1) if n not in kept]
        if free:
            return mission, free[0], smaller
    return None


def _changes(index: Index, proposal: Proposal, lost: set, stranded: list[Stranded]) -> list[str]:
    """The repair's changes to the plan the scenario broke: ascent seats added, moved or released on the
    flights that still fly (the seats lost are the scenario's, not the repair's), and each way home re-planned."""
    texts = [change.text for change in changes_of(index, list(proposal.seats))
             if change.leg == ASCENT and (change.person, change.mission) not in lost]  # fmt: skip
    texts += [f"{s.name} comes home on {s.home_on} instead of {s.way_home}." for s in stranded if s.home_on]
    return texts


def table(report: Report) -> list[str]:
    """The report as lines of text: a header, then one sentence per row, worst first, each with the repair's
    changes under it."""
    lines = [
        f"N-1 report from {report.on.isoformat()}: {_plural(len(report.rows), 'scenario')}"
        + (f" (of {report.scenarios}; {report.left_out} left out by the limit)" if report.left_out else "")
        + f" in {report.seconds:.1f} s.",
        f"The plan they break: {report.baseline}; {_plural(report.baseline_gap_days, 'gap day')} before any "
        "failure.",
    ]
    for n, row in enumerate(report.rows, start=1):
        lines.append(f"{n}. {row.sentence}")
        lines += [f"   - {change}" for change in row.changes]
    return lines


__all__ = ["GROUNDED", "UNAVAILABLE", "Gap", "Report", "Row", "Scenario", "Stranded", "n_minus_one",
           "scenarios_of", "table"]  # fmt: skip
