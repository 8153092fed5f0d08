"""An independent check of every hard rule over a planning assistant's proposal, in plain Python.

It reads only the world's dataclasses and the proposed seats (nothing of `crews.planning`'s index, model or
numbering), so that a mistake there shows here. `problems(world, weights, proposal)` lists what is wrong.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from crews.planning import ASCENT, COMMANDER, RETURN, Proposal, Weights, World


def _utc(value, end=False):
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    start = dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC)
    return start + dt.timedelta(days=1) if end else start


def problems(world: World, weights: Weights, proposal: Proposal) -> list[str]:
    found = []
    for check in (_seat_map, _kept, _flights, _agreements, _qualified_and_free, _integrated, _commanders):
        found += check(world, weights, proposal)
    return found


def _legs(proposal: Proposal):
    legs = defaultdict(list)
    for seat in proposal.seats:
        legs[(seat.mission, seat.leg)].append(seat)
    return legs


def _seat_map(world, weights, proposal):
    missions = {m.id: m for m in world.missions}
    flown = {s.mission for s in world.seats if s.flown and s.leg == ASCENT}
    out = []
    legs = _legs(proposal)
    for (mission_id, leg), seats in legs.items():
        mission = missions[mission_id]
        numbers = [s.seat for s in seats if s.seat is not None]
        if any(not 1 <= n <= mission.seat_count for n in numbers) or len(set(numbers)) != len(numbers):
            out.append(f"seat map broken on the {leg} of {mission.name}: {sorted(numbers)}")
        if len({s.person for s in seats}) != len(seats) or len(seats) > mission.seat_count:
            out.append(f"too many people or someone twice on the {leg} of {mission.name}")
        commanders = [s for s in seats if s.role == COMMANDER]
        if mission_id not in flown and seats and (len(commanders) != 1 or commanders[0].seat != 1):
            out.append(f"the {leg} of {mission.name} needs one commander, in seat 1: {commanders}")
    for mission in world.missions:
        crew = len(legs.get((mission.id, ASCENT), ()))
        if mission.id not in flown and crew != mission.wanted:
            out.append(f"{mission.name} carries {crew} up, not the {mission.wanted} wanted")
    return out


def _kept(world, weights, proposal):
    """Pinned and flown seats stay as on file; a return on file on another mission stays while its flyer flies."""
    now = {(s.person, s.mission, s.leg): s for s in proposal.seats}
    missions = {m.id: m for m in world.missions}
    out = []
    for seat in world.seats:
        held = now.get((seat.person, seat.mission, seat.leg))
        if (seat.pinned or seat.flown) and (held is None or (held.seat, held.role) != (seat.seat, seat.role)):
            out.append(f"kept seat changed: {seat}")
        own_ascent = any(s.person == seat.person and s.mission == seat.mission and s.leg == ASCENT
                         for s in world.seats)  # fmt: skip
        if seat.leg == RETURN and not own_ascent:
            landing = _utc(missions[seat.mission].landing)
            flies = any(s.person == seat.person and s.leg == ASCENT and _utc(missions[s.mission].launch) < landing
                        for s in proposal.seats)  # fmt: skip
            came_before = not any(s.person == seat.person and s.leg == ASCENT for s in world.seats)
            if (flies or came_before) and held is None:
                out.append(f"the return on file of {seat.person} on {seat.mission} was not respected")
    return out


def flights_of(world: World, proposal: Proposal) -> dict:
    """person → [(launch, landing, mission)]: each ascent to the landing of the return seat that brings them
    home (on the same mission, or the first later return of theirs on another)."""
    missions = {m.id: m for m in world.missions}
    returns = defaultdict(list)
    for seat in proposal.seats:
        if seat.leg == RETURN:
            returns[seat.person].append(missions[seat.mission])
    flights = defaultdict(list)
    for seat in proposal.seats:
        if seat.leg != ASCENT:
            continue
        up = missions[seat.mission]
        options = [m for m in returns[seat.person] if m.id == up.id or _utc(m.landing) > _utc(up.launch)]
        home = up if up in options else min(options, key=lambda m: _utc(m.landing), default=None)
        landing = _utc(home.landing) if home else _utc(up.landing)
        flights[seat.person].append((_utc(up.launch), landing, up.id))
    return flights


def _flights(world, weights, proposal):
    out = []
    for person, spans in flights_of(world, proposal).items():
        spans.sort()
        for (_, end, one), (start, _, other) in zip(spans, spans[1:], strict=False):
            if start < end:
                out.append(f"{person} is on {one} and {other} at once")
    return out


def _agreements(world, weights, proposal):
    missions = {m.id: m for m in world.missions}
    people = {c.id: c for c in world.candidates}
    agreements = {g.id: g for g in world.agreements}
    used = Counter()
    out = []
    for seat in proposal.seats:
        mission, person = missions[seat.mission], people[seat.person]
        if seat.leg != ASCENT or person.agency == mission.operator:
            continue
        agreement = agreements.get(seat.agreement)
        launch = _utc(mission.launch).date()
        if agreement is None or not (agreement.seats_for(person.agency, mission.operator) or 0):
            out.append(f"{person.name} flies {mission.name} cross-agency without an agreement")
            continue
        if not agreement.in_force_on(launch):
            out.append(f"{agreement.name} is not in force when {mission.name} launches")
        used[(agreement.id, person.agency, mission.operator)] += 1
    for (agreement_id, crew, operator), count in used.items():
        agreement = agreements[agreement_id]
        if agreement.used_for(crew, operator) + count > agreement.seats_for(crew, operator):
            out.append(f"{agreement.name} has too few seats for {count} {crew} on {operator}")
    return out


def _busy(world, person):
    spells = [(_utc(i.start), _utc(i.end, end=True), i.why) for i in person.unavailable]
    spells += [
        (_utc(c.start), _utc(c.end, end=True), c.what) for c in world.commitments if c.person == person.id
    ]
    for station in world.stations:
        spells += [
            (_utc(world.start), _utc(a.until), "aboard") for a in station.aboard if a.person == person.id
        ]
    return spells


def _qualified_and_free(world, weights, proposal):
    missions = {m.id: m for m in world.missions}
    people = {c.id: c for c in world.candidates}
    kept = {(s.person, s.mission) for s in world.seats if s.leg == ASCENT and s.flown}
    out = []
    for person_id, spans in flights_of(world, proposal).items():
        person = people[person_id]
        for start, end, mission_id in spans:
            if (person_id, mission_id) in kept:
                continue
            mission = missions[mission_id]
            q = person.qualification(mission.spacecraft)
            ready = q is not None and (
                q.status == "qualified" or (q.completes and q.completes <= start.date())
            )
            if not ready:
                out.append(f"{person.name} is not qualified on {mission.spacecraft} for {mission.name}")
            for first, last, why in _busy(world, person):
                if first < end and start < last:
                    out.append(f"{person.name} flies {mission.name} while {why}")
    return out


def _integrated(world, weights, proposal):
    if not weights.integrated_crews_hard:
        return []
    stations = {s.id: s for s in world.stations}
    people = {c.id: c for c in world.candidates}
    flown = {s.mission for s in world.seats if s.flown and s.leg == ASCENT}
    out = []
    for mission in world.missions:
        station = stations.get(mission.station)
        if station is None or mission.id in flown or not mission.wanted:
            continue
        agencies = {people[s.person].agency for s in proposal.crew(mission.id)}
        for agency in station.required_agencies:
            if agency not in agencies:
                out.append(f"{mission.name} carries nobody of {agency} to {station.name}")
    return out


def _commanders(world, weights, proposal):
    if not weights.experienced_commander_hard:
        return []
    people = {c.id: c for c in world.candidates}
    flights = flights_of(world, proposal)
    missions = {m.id: m for m in world.missions}
    out = []
    for seat in proposal.seats:
        if seat.leg == ASCENT and seat.role == COMMANDER:
            launch = _utc(missions[seat.mission].launch)
            before = any(end <= launch for _, end, _ in flights[seat.person])
            if not people[seat.person].veteran and not before:
                out.append(f"{people[seat.person].name} commands {seat.mission} without having flown")
    return out
