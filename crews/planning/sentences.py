"""The rule groups that clash, said about this world: for a mission that cannot be crewed, who could have
flown it and why each is out (not qualified, in training, unavailable and why, busy with what, no agreement
or no seats left under it, flying elsewhere)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable

from .index import AGREEMENT, AVAILABILITY, QUALIFICATION, Index, noun
from .model import Key, Model
from .world import ASCENT, Candidate, Mission, Weights

_PERSONAL = (AVAILABILITY, QUALIFICATION, AGREEMENT)


def sentences(index: Index, weights: Weights, model: Model, core: list[Key]) -> list[str]:
    said: set[Hashable] = set()  # people whose reasons a mission's sentence already gives
    short = _short_of_seats(index, core)
    out = [_seats_short(index, model, core, key, missions, said) for key, missions in short.items()]
    merged = {m for missions in short.values() for m in missions}
    missions = sorted({k[1] for k in core if k[0] in ("crew", "integrated", "experienced_commander")},
                      key=lambda m: index.launch[m])  # fmt: skip
    for mission_id in missions:
        mission = index.missions[mission_id]
        for kind in ("integrated", "crew", "experienced_commander"):
            if (kind, mission_id) in core and not (kind == "integrated" and mission_id in merged):
                out.append(_MISSION_SENTENCES[kind](index, core, mission, said))
    out += [_seats_left(index, model, core, key) for key in core if key[0] == "seats" and key not in short]
    out += _pins_and_people(index, model, core, said)
    if not out:
        out.append(
            "The seats kept on file (flown legs, pinned seats and the returns of those already in space) "
            "break the seat map or overlap on their own."
        )
    return out


def _seats_text(agreement, crew: str, operator: str) -> str:
    return f"no seats left under {agreement.name} for {crew} on {operator}"


def _short_of_seats(index: Index, core: list[Key]) -> dict[Key, list[Hashable]]:
    """The flights that must carry someone of an agency (integrated crews) whom only the seats left under an
    agreement keep off: by the agreement's direction, those flights."""
    short: dict[Key, list[Hashable]] = {}
    for key in core:
        if key[0] != "integrated":
            continue
        mission = index.missions[key[1]]
        agency = _needed_agency(index, core, mission)
        reasons = {why_out(index, core, p, mission) for p in index.world.candidates if p.agency == agency}
        for seats in core:
            if seats[0] == "seats" and seats[2:] == (agency, mission.operator):
                agreement = _agreement(index, seats[1])
                if _seats_text(agreement, agency, mission.operator) in reasons:
                    short.setdefault(seats, []).append(mission.id)
                    break
    return short


def why_out(index: Index, core: list[Key], person: Candidate, mission: Mission) -> str | None:
    """Why `person` cannot fly up on `mission` given the clashing groups; None if nothing stops them."""
    pair = (person.id, mission.id)
    reasons = [r.text for r in index.why_not(pair)]
    if reasons:
        return "; ".join(reasons)
    if person.agency != mission.operator:
        for agreement in index.agreements_for(person, mission):
            if ("seats", agreement.id, person.agency, mission.operator) in core:
                return _seats_text(agreement, person.agency, mission.operator)
    for other, seat in index.ascents.items():
        if other[0] == person.id and other != pair and seat.kept and index.overlap(pair, other):
            return f"flying on {index.missions[other[1]].label}"
    for key in core:
        other = (person.id, key[1])
        elsewhere = key[0] in ("crew", "integrated") and key[1] != mission.id
        if elsewhere and not index.why_not(other) and index.overlap(pair, other):
            return f"needed on {index.missions[key[1]].label}"
    return None


def _grouped(index: Index, core: list[Key], people: list[Candidate], mission: Mission, said: set) -> str:
    """'A, B: not qualified on Crew Dragon; C: unavailable (medical, …)'; long groups counted."""
    groups: dict[str, list[str]] = defaultdict(list)
    for person in sorted(people, key=lambda p: p.name):
        reason = why_out(index, core, person, mission)
        groups[reason or "could fly"].append(person.name)
        said.add(person.id)
    parts = []
    for reason, names in sorted(groups.items(), key=lambda g: (len(g[1]), g[0])):
        shown = ", ".join(names) if len(names) <= 4 else f"{len(names)} people ({', '.join(names[:3])} …)"
        parts.append(f"{shown}: {reason}")
    return "; ".join(parts)


def _needed_agency(index: Index, core: list[Key], mission: Mission) -> str:
    """The station's required agency with the fewest people free to fly the mission."""
    station = index.stations[mission.station]

    def free(agency: str) -> int:
        return sum(
            1 for p in index.world.candidates if p.agency == agency and not why_out(index, core, p, mission)
        )

    return min(station.required_agencies, key=free)


def _integrated(index: Index, core: list[Key], mission: Mission, said: set) -> str:
    station = index.stations[mission.station]
    agency = _needed_agency(index, core, mission)
    people = [p for p in index.world.candidates if p.agency == agency]
    who = f"{agency} {noun(agency)}"
    if not people:
        return f"{mission.label} must carry a {who} to {station.name} (integrated crews), but there is none."
    free_now = [p for p in people if why_out(index, core, p, mission) is None]
    if not free_now:
        head = (
            f"No {who} qualified on {mission.spacecraft} is free for {mission.label}, which must carry one to "
            f"{station.name} (integrated crews)"
        )
    else:
        names = ", ".join(p.name for p in free_now)
        head = (
            f"{mission.label} must carry a {who} on {mission.spacecraft} to {station.name} (integrated crews), "
            f"but those who could ({names}) cannot all be spared with the rules below"
        )
    return f"{head}: {_grouped(index, core, people, mission, said)}."


def _crew(index: Index, core: list[Key], mission: Mission, said: set) -> str:
    people = list(index.world.candidates)
    able = [p for p in people if why_out(index, core, p, mission) is None]
    wanted = mission.wanted
    if len(able) < wanted:
        head = (
            f"{mission.label} needs a crew of {wanted} on {mission.spacecraft}, "
            f"but only {len(able)} can fly it"
        )
    else:
        head = (
            f"{mission.label} needs a crew of {wanted} on {mission.spacecraft}, and those who can fly it "
            f"cannot all be spared with the rules below"
        )
    return f"{head}: {_grouped(index, core, people, mission, said)}."


def _experienced(index: Index, core: list[Key], mission: Mission, said: set) -> str:
    veterans = [p for p in index.world.candidates if p.veteran]
    head = (
        f"{mission.label} needs a commander who has flown before (a hard rule, as set), but none can fly it"
    )
    if not veterans:
        return f"{head}: nobody among the candidates has flown before."
    return f"{head}: {_grouped(index, core, veterans, mission, said)}."


_MISSION_SENTENCES = {"integrated": _integrated, "crew": _crew, "experienced_commander": _experienced}


def _agreement(index: Index, agreement_id: Hashable):
    return next(g for g in index.agreements if g.id == agreement_id)


def _seats_held(index: Index, model: Model, core: list[Key], key: Key) -> tuple[int, str]:
    """How many of the seats left that way the record (flown legs) and the clashing pins already hold."""
    _, agreement_id, crew, operator = key
    held = {"flown": 0, "pinned": 0}
    for pair, seat in index.ascents.items():
        under = any(g.id == agreement_id for g, _ in model.uses.get(pair, ()))
        if not under or index.people[pair[0]].agency != crew:
            continue
        if seat.flown:
            held["flown"] += 1
        elif seat.pinned and ("pinned", seat.person, seat.mission, ASCENT) in core:
            held["pinned"] += 1
    text = "".join(f", {n} held by {kind} seats" for kind, n in held.items() if n)
    return sum(held.values()), text


def _seats_left(index: Index, model: Model, core: list[Key], key: Key) -> str:
    _, agreement_id, crew, operator = key
    agreement = _agreement(index, agreement_id)
    allotted, used = agreement.seats_for(crew, operator), agreement.used_for(crew, operator)
    held, text = _seats_held(index, model, core, key)
    return (
        f"{agreement.name} has {max(0, allotted - used - held)} seats left for {crew} crew on {operator}'s "
        f"vehicles: {allotted} allotted, {used} used before the horizon{text}."
    )


def _seats_short(index: Index, model: Model, core: list[Key], key: Key, missions: list, said: set) -> str:
    """'9 flights must each carry a NASA astronaut (integrated crews): …; but NASA–Roscosmos has 8 seats left
    for NASA crew on Roscosmos's vehicles: 14 allotted, 6 used before the horizon.'"""
    _, _, crew, operator = key
    flights = sorted((index.missions[m] for m in missions), key=lambda m: index.launch[m.id])
    stations = sorted({index.stations[m.station].name for m in flights})
    said.update(p.id for p in index.world.candidates if p.agency == crew)
    left = _seats_left(index, model, core, key)
    who = f"{crew} {noun(crew)}"
    if len(flights) == 1:
        return f"{flights[0].label} must carry a {who} to {stations[0]} (integrated crews), but {left}"
    return (
        f"{len(flights)} {operator} flights to {', '.join(stations)} must each carry a {who} "
        f"(integrated crews): {', '.join(m.label for m in flights)}; but {left}"
    )


def _pins_and_people(index: Index, model: Model, core: list[Key], said: set) -> list[str]:
    out = []
    pins = [k for k in core if k[0] == "pinned"]
    by_person = defaultdict(list)
    for key in pins:
        by_person[key[1]].append(key)
    for person_id, keys in by_person.items():
        person = index.people[person_id]
        named = [f"seat {_seat_of(index, k)} on the {k[3]} of {index.missions[k[2]].label}" for k in keys]
        reasons = [
            r.text
            for k in keys
            if k[3] == ASCENT
            for r in model.excluded.get((person_id, k[2]), ())
            if (r.kind, person_id) in core
        ]
        if reasons:
            out.append(f"{person.name} is pinned to {named[0]}, but is {'; '.join(dict.fromkeys(reasons))}.")
        elif len(keys) > 1:
            out.append(f"{person.name} is pinned to {' and to '.join(named)}, and those flights overlap.")
        else:
            out.append(f"{person.name} is pinned to {named[0]}.")
        said.add(person_id)
    for key in core:
        if key[0] in _PERSONAL and key[1] not in said:
            person = index.people[key[1]]
            texts = {
                r.text
                for pair, rs in model.excluded.items()
                if pair[0] == key[1]
                for r in rs
                if r.kind == key[0]
            }
            out.append(f"{person.name} is {'; '.join(sorted(texts))}.")
            said.add(key[1])
    return out


def _seat_of(index: Index, key: Key) -> int | None:
    _, person, mission, leg = key
    seat = next(s for s in index.world.seats if (s.person, s.mission, s.leg) == (person, mission, leg))
    return seat.seat
