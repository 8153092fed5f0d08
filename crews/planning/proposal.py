"""What the assistant proposes: the seats, numbered; the changes to the plan on file; the score.

`seats_of` turns the solver's choice (who flies up on what, who commands, under which agreement) into
numbered seats on both legs: the commander in seat 1, everyone else where the plan on file had them when it
can, the crew home on the mission that took it up, in the same seats and roles, unless their return is on
file elsewhere.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

from .index import Index, Pair
from .world import ASCENT, COMMANDER, RETURN, Mission, SeatOnFile

OPTIMAL, FEASIBLE, INFEASIBLE, UNKNOWN = "optimal", "feasible", "infeasible", "unknown"
ADDED, MOVED, RELEASED = "added", "moved", "released"


@dataclass(frozen=True)
class ProposedSeat:
    person: Hashable
    mission: Hashable
    leg: str
    seat: int | None
    role: str
    #: The agreement a cross-agency ascent seat counts against.
    agreement: Hashable | None = None
    #: Kept as on file: pinned, flown, or a return on file that the plan must respect.
    kept: bool = False


@dataclass(frozen=True)
class Change:
    kind: str
    person: Hashable
    mission: Hashable
    leg: str
    seat_before: int | None = None
    role_before: str | None = None
    seat_after: int | None = None
    role_after: str | None = None
    text: str = ""


@dataclass(frozen=True)
class ScoreLine:
    rule: str
    label: str
    count: int
    weight: int
    sentences: tuple[str, ...]

    @property
    def cost(self) -> int:
        return self.count * self.weight


@dataclass(frozen=True)
class Proposal:
    status: str
    seats: tuple[ProposedSeat, ...] = ()
    changes: tuple[Change, ...] = ()
    score: tuple[ScoreLine, ...] = ()
    #: The solver's objective (the sum of the score's costs) and the best bound it proved.
    objective: int | None = None
    best_bound: float | None = None
    #: Seconds since `propose` was called: in all, and when the first plan was found.
    wall_time: float = 0.0
    first_feasible_time: float | None = None
    #: When infeasible: the rules that cannot hold together, as sentences about this world.
    explanation: tuple[str, ...] = ()
    #: False for the plans reported while the solver still works (`on_solution`).
    final: bool = True

    @property
    def gap(self) -> float | None:
        """The proven gap to the optimum, relative to the objective (0.0: proven optimal)."""
        if self.objective is None or self.best_bound is None:
            return None
        return max(0.0, self.objective - self.best_bound) / max(1, abs(self.objective))

    @property
    def sentences(self) -> list[str]:
        return [sentence for line in self.score for sentence in line.sentences]

    def crew(self, mission: Hashable, leg: str = ASCENT) -> list[ProposedSeat]:
        return sorted((s for s in self.seats if s.mission == mission and s.leg == leg), key=_seat_order)


def _seat_order(seat: ProposedSeat):
    return (seat.seat is None, seat.seat or 0, str(seat.person))


@dataclass(frozen=True)
class Choice:
    """The solver's decisions: by mission, who flies up ({person: commands?}); agreements of cross seats."""

    crews: dict[Hashable, dict[Hashable, bool]]
    agreements: dict[Pair, Hashable]


def seats_of(index: Index, choice: Choice) -> list[ProposedSeat]:
    ascents = {}
    for mission in index.world.missions:
        for seat in _ascent(index, mission, choice.crews.get(mission.id, {}), choice.agreements):
            ascents[(seat.person, seat.mission)] = seat
    seats = list(ascents.values())
    for mission in index.world.missions:
        seats += _return(index, mission, ascents)
    return seats


def _ascent(index: Index, mission: Mission, crew: dict, agreements: dict) -> list[ProposedSeat]:
    placed: dict[Hashable, tuple[int | None, str, bool]] = {}
    on_file = {p: index.ascents.get((p, mission.id)) for p in crew}
    for person, seat in on_file.items():
        if seat is not None and seat.kept:
            placed[person] = (seat.seat, seat.role, True)
    commander = next((p for p, commands in crew.items() if commands and p not in placed), None)
    if commander is not None:
        placed[commander] = (1, COMMANDER, False)
    taken = {seat for seat, _, _ in placed.values()}
    for person, seat in on_file.items():
        keep = seat is not None and seat.role != COMMANDER and not crew[person] and seat.seat not in taken
        if person not in placed and keep:
            placed[person] = (seat.seat, seat.role, False)
            taken.add(seat.seat)
    for person in sorted((p for p in crew if p not in placed), key=lambda p: (index.people[p].name, str(p))):
        number = _free(taken, mission)
        placed[person] = (number, mission.role_of_seat(number), False)
        taken.add(number)
    return [
        ProposedSeat(person, mission.id, ASCENT, number, role, agreements.get((person, mission.id)), kept)
        for person, (number, role, kept) in placed.items()
    ]


def _free(taken: set, mission: Mission) -> int:
    """The lowest free seat after the commander's (seat 1 only when it is the last one free)."""
    return next(n for n in [*range(2, mission.seat_count + 1), 1] if n not in taken)


def _return(index: Index, mission: Mission, ascents: dict[Pair, ProposedSeat]) -> list[ProposedSeat]:
    """The return leg: those already in space and those whose return on it is on file keep their seats; the
    mission's own crew comes home in their ascent seats and roles where they are free; one commander."""
    fixed: list[SeatOnFile] = [s for s in index.incoming if s.mission == mission.id]
    own = []
    for pair in ascents:
        if index.return_mission(pair) != mission.id:
            continue
        on_file = index.return_elsewhere.get(pair) or index.returns.get(pair)
        if pair[1] != mission.id or (on_file is not None and on_file.kept):
            fixed.append(on_file)
        else:
            own.append(pair)
    seats = {s.person: ProposedSeat(s.person, mission.id, RETURN, s.seat, s.role, kept=True) for s in fixed}
    taken = {s.seat for s in seats.values()}
    for pair in sorted(own, key=lambda p: ascents[p].seat or 0):
        number, role = _return_seat(index, pair, ascents[pair])
        commanded = any(s.role == COMMANDER for s in seats.values())
        if number in taken or (role == COMMANDER and commanded):
            number = _free(taken, mission)
            role = mission.role_of_seat(number) if role == COMMANDER or number == 1 else role
        seats[pair[0]] = ProposedSeat(pair[0], mission.id, RETURN, number, role)
        taken.add(number)
    _ensure_commander(seats, own, mission, taken)
    return list(seats.values())


def _return_seat(index: Index, pair: Pair, ascent: ProposedSeat) -> tuple[int | None, str]:
    """The return seat on file when the ascent stands as on file; otherwise the ascent's seat and role."""
    on_file, ascent_on_file = index.returns.get(pair), index.ascents.get(pair)
    unchanged = ascent_on_file is not None and (ascent_on_file.seat, ascent_on_file.role) == (
        ascent.seat,
        ascent.role,
    )
    if on_file is not None and unchanged:
        return on_file.seat, on_file.role
    return ascent.seat, ascent.role


def _ensure_commander(seats: dict, own: list[Pair], mission: Mission, taken: set) -> None:
    """A return leg whose ascent commander comes home elsewhere: the first of the crew takes seat 1."""
    if not seats or any(s.role == COMMANDER for s in seats.values()) or 1 in taken or not own:
        return
    first = min(own, key=lambda p: seats[p[0]].seat or 0)
    seats[first[0]] = ProposedSeat(first[0], mission.id, RETURN, 1, COMMANDER)


def changes_of(index: Index, seats: list[ProposedSeat]) -> list[Change]:
    """The plan against the seats on file: seats added, moved (another number or role), released."""
    now = {(s.person, s.mission, s.leg): s for s in seats}
    before = {(s.person, s.mission, s.leg): s for s in index.world.seats}
    changes = []
    for key in sorted(now.keys() | before.keys(), key=lambda k: _change_order(index, k)):
        old, new = before.get(key), now.get(key)
        if old is not None and new is not None and (old.seat, old.role) == (new.seat, new.role):
            continue
        kind = ADDED if old is None else RELEASED if new is None else MOVED
        change = Change(
            kind,
            *key,
            seat_before=old.seat if old else None,
            role_before=old.role if old else None,
            seat_after=new.seat if new else None,
            role_after=new.role if new else None,
        )
        changes.append(_with_text(index, change))
    return changes


def _change_order(index: Index, key: tuple) -> tuple:
    person, mission, leg = key
    return (leg != ASCENT, index.launch[mission], index.people[person].name, str(person))


def role_text(role: str | None) -> str:
    return (role or "").replace("_", " ")


def _with_text(index: Index, change: Change) -> Change:
    name = index.people[change.person].name
    where = f"the {change.leg} of {index.missions[change.mission].name}"
    before = f"seat {change.seat_before} ({role_text(change.role_before)})"
    after = f"seat {change.seat_after} ({role_text(change.role_after)})"
    text = {
        ADDED: f"Added: {name} in {after} on {where}.",
        MOVED: f"Moved: {name} from {before} to {after} on {where}.",
        RELEASED: f"Released: {name}'s {before} on {where}.",
    }[change.kind]
    return Change(**{**change.__dict__, "text": text})
