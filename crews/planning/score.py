"""The score of a plan, rule by rule, recomputed in plain Python from its seats, with sentences a planner
reads: "ISS: NASA gap: 0 days", "NASA–Roscosmos: Roscosmos owes 1 seat → balanced", "2 changes: …"."""

from __future__ import annotations

from collections import Counter, defaultdict

from .index import Index, Pair, day
from .proposal import ADDED, MOVED, RELEASED, Change, ProposedSeat, ScoreLine
from .soft import CHANGES, COMMANDERS, CONTINUITY, LEDGER, REPEATS, VETERANS
from .world import ASCENT, COMMANDER, Weights


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def score_of(
    index: Index, weights: Weights, seats: list[ProposedSeat], changes: list[Change]
) -> list[ScoreLine]:
    flights = [(s.person, s.mission) for s in seats if s.leg == ASCENT]
    return [
        _line(CONTINUITY, "Station continuity", _continuity(index, flights), weights.continuity_gap_day),
        _line(LEDGER, "Agreement ledgers", _ledger(index, seats), weights.ledger_seat),
        _line(CHANGES, "Changes to the plan", _changes(changes), weights.change),
        _line(VETERANS, "Someone who has flown before on every crew", _veterans(index, flights),
              weights.crew_without_veteran),
        _line(COMMANDERS, "Experienced commanders", _commanders(index, seats, flights), weights.rookie_commander),
        _line(REPEATS, "Flights spread fairly", _repeats(index, flights), weights.repeat_flight),
    ]  # fmt: skip


def _line(rule: str, label: str, counted: tuple[int, list[str]], weight: int) -> ScoreLine:
    count, sentences = counted
    return ScoreLine(rule, label, count, weight, tuple(sentences))


def _continuity(index: Index, flights: list[Pair]) -> tuple[int, list[str]]:
    total, sentences = 0, []
    for station in index.world.stations:
        for agency in station.required_agencies:
            ours = [
                index.span(p)
                for p in flights
                if index.people[p[0]].agency == agency and index.missions[p[1]].station == station.id
            ]
            days, gaps = 0, []
            for first, last, length in index.station_intervals(station):
                covered = index.held(station, agency, first, last) or any(
                    up <= first and last <= down for up, down in ours
                )
                if covered or not length:
                    continue
                days += length
                if gaps and gaps[-1][1] == first:
                    gaps[-1] = (gaps[-1][0], last)
                else:
                    gaps.append((first, last))
            total += days
            when = f" ({', '.join(f'{day(a)} to {day(b)}' for a, b in gaps)})" if days else ""
            sentences.append(f"{station.name}: {agency} gap: {_plural(days, 'day')}{when}")
    return total, sentences


def _owes(first: str, second: str, first_on_second: int, second_on_first: int) -> str:
    if first_on_second == second_on_first:
        return "balanced"
    debtor = first if first_on_second > second_on_first else second
    return f"{debtor} owes {_plural(abs(first_on_second - second_on_first), 'seat')}"


def _ledger(index: Index, seats: list[ProposedSeat]) -> tuple[int, list[str]]:
    total, sentences = 0, []
    for agreement in index.agreements:
        if not agreement.two_way:
            continue
        a, b = agreement.parties
        used = Counter(index.people[s.person].agency for s in seats if s.agreement == agreement.id)
        a_on_b, b_on_a = agreement.used_a_on_b + used[a], agreement.used_b_on_a + used[b]
        total += abs(a_on_b - b_on_a)
        before = _owes(a, b, agreement.used_a_on_b, agreement.used_b_on_a)
        sentences.append(
            f"{agreement.name}: {before} → {_owes(a, b, a_on_b, b_on_a)} "
            f"({a_on_b} {a} on {b}, {b_on_a} {b} on {a}, of {agreement.seats_a_on_b} and {agreement.seats_b_on_a})"
        )
    return total, sentences


def _changes(changes: list[Change]) -> tuple[int, list[str]]:
    ascents = Counter(c.kind for c in changes if c.leg == ASCENT)
    count = sum(ascents.values())
    parts = [f"{ascents[k]} {k}" for k in (ADDED, MOVED, RELEASED) if ascents[k]]
    returns = sum(1 for c in changes if c.leg != ASCENT)
    sentence = _plural(count, "change") + (f": {', '.join(parts)}" if parts else "")
    if returns:
        sentence += f" (and {_plural(returns, 'return seat')} following them)"
    return count, [sentence]


def _flown_before(index: Index, flights: list[Pair], pair: Pair) -> bool:
    person, mission = pair
    if index.people[person].veteran:
        return True
    launch = index.launch[mission]
    return any(other[0] == person and other != pair and index.span(other)[1] <= launch for other in flights)


def _staffed(index: Index):
    return [m for m in index.world.missions if m.id not in index.flown and m.wanted > 0]


def _veterans(index: Index, flights: list[Pair]) -> tuple[int, list[str]]:
    crews = defaultdict(list)
    for pair in flights:
        crews[pair[1]].append(pair)
    lacking = [m for m in _staffed(index) if not any(_flown_before(index, flights, p) for p in crews[m.id])]
    if not lacking:
        return 0, ["every crew has someone who has flown before"]
    names = ", ".join(m.label for m in lacking)
    return len(lacking), [f"{_plural(len(lacking), 'crew')} without anyone who has flown before: {names}"]


def _commanders(index: Index, seats: list[ProposedSeat], flights: list[Pair]) -> tuple[int, list[str]]:
    commanders = {s.mission: s.person for s in seats if s.leg == ASCENT and s.role == COMMANDER}
    rookies = [
        (m, commanders.get(m.id))
        for m in _staffed(index)
        if commanders.get(m.id) is None or not _flown_before(index, flights, (commanders[m.id], m.id))
    ]
    if not rookies:
        return 0, ["every commander has flown before"]
    named = ", ".join(
        f"{index.people[p].name if p is not None else 'nobody'} on {m.label}" for m, p in rookies
    )
    return len(rookies), [f"{_plural(len(rookies), 'commander')} who had not flown before: {named}"]


def _repeats(index: Index, flights: list[Pair]) -> tuple[int, list[str]]:
    count = Counter(p for p, _ in flights)
    extra = {p: n for p, n in count.items() if n > 1}
    total = sum(n - 1 for n in extra.values())
    if not extra:
        return 0, ["nobody flies more than once"]
    names = ", ".join(f"{index.people[p].name} ×{n}" for p, n in sorted(extra.items(), key=lambda i: -i[1]))
    return total, [f"{_plural(total, 'flight')} beyond a first: {names}"]
