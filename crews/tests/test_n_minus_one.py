"""The N-1 report (issue 14 §3) on a small world whose answers are worked out by hand, and at ISS scale.

The world (2027): the ISS needs NASA and Roscosmos aboard; crews are not required to be integrated (the
pre-2022 way), so that grounding a vehicle can leave one agency with nobody up.
- Aboard at the start: Sergey Prokopyev (Roscosmos) until 5 March, on a Soyuz outside the horizon; Frank Rubio
  (NASA), in space already, comes home in seat 3 of Soyuz MS-30.
- Soyuz MS-30: 1 March to 1 September, two cosmonauts up (its third seat brings Rubio home).
- SpaceX Crew-14: 1 August 2027 to 1 February 2028, four NASA astronauts.
- Soyuz MS-31: 20 August 2027 to 20 February 2028, three cosmonauts.
- Spare: Eve Ford (NASA, qualified on Soyuz), Anna Kikina (Roscosmos, qualified on Crew Dragon too), Gil
  Hart (NASA, Crew Dragon); a NASA–Roscosmos agreement with two seats each way, none used.
The plan on file crews every flight and has no gap, so it is the plan the scenarios break.
"""

import dataclasses
import datetime as dt
import re

from crews.planning import (
    ASCENT,
    COMMANDER,
    INFEASIBLE,
    OPTIMAL,
    RETURN,
    Aboard,
    Agreement,
    Candidate,
    Mission,
    Qualification,
    SeatOnFile,
    Station,
    Weights,
    World,
)
from crews.planning.example import iss_scale_world
from crews.planning.n_minus_one import GROUNDED, UNAVAILABLE, n_minus_one, scenarios_of, table

DRAGON, SOYUZ = "Crew Dragon", "Soyuz MS"
SEPARATE = Weights(integrated_crews_hard=False)
FE = "flight_engineer"


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def person(pid, name, agency, *crafts, flights=0) -> Candidate:
    return Candidate(pid, name, agency, tuple(Qualification(c) for c in crafts), prior_flights=flights)


def soyuz(mid, name, launch, landing, **kw) -> Mission:
    return Mission(mid, name, SOYUZ, "Roscosmos", 3, launch, landing, "iss",
                   seat_roles=(COMMANDER, FE, FE), **kw)  # fmt: skip


def crew(mission, *people_and_roles):
    seats = []
    for number, (pid, role) in enumerate(people_and_roles, start=1):
        seats += [
            SeatOnFile(pid, mission, ASCENT, number, role),
            SeatOnFile(pid, mission, RETURN, number, role),
        ]
    return seats


PEOPLE = (
    person("rubio", "Frank Rubio", "NASA", SOYUZ, DRAGON, flights=1),
    person("r1", "Oleg Artemyev", "Roscosmos", SOYUZ, flights=3),
    person("r2", "Denis Matveev", "Roscosmos", SOYUZ),
    person("r3", "Sergey Kud-Sverchkov", "Roscosmos", SOYUZ, flights=1),
    person("r4", "Ivan Vagner", "Roscosmos", SOYUZ),
    person("r5", "Dmitry Petelin", "Roscosmos", SOYUZ),
    person("r6", "Anna Kikina", "Roscosmos", SOYUZ, DRAGON),
    person("n1", "Nicole Mann", "NASA", DRAGON, flights=2),
    person("n2", "Josh Cassada", "NASA", DRAGON),
    person("n3", "Jasmin Moghbeli", "NASA", DRAGON),
    person("n4", "Loral O'Hara", "NASA", DRAGON),
    person("n5", "Eve Ford", "NASA", SOYUZ),
    person("n6", "Gil Hart", "NASA", DRAGON),
)
S30 = soyuz("s30", "Soyuz MS-30", at(2027, 3, 1, 8), at(2027, 9, 1, 6), crew_size=2)
C14 = Mission("c14", "SpaceX Crew-14", DRAGON, "NASA", 4, at(2027, 8, 1, 12), at(2028, 2, 1, 12), "iss")
S31 = soyuz("s31", "Soyuz MS-31", at(2027, 8, 20, 8), at(2028, 2, 20, 6))
ISS = Station("iss", "ISS", ("NASA", "Roscosmos"), (Aboard("Roscosmos", at(2027, 3, 5), None),))
SWAP = Agreement(
    "g1", "NASA–Roscosmos integrated crews", "NASA", "Roscosmos", dt.date(2022, 7, 15), None, 2, 2
)
SEATS = (
    *crew("s30", ("r1", COMMANDER), ("r2", FE)),
    SeatOnFile("rubio", "s30", RETURN, 3, FE),  # in space already: home on Soyuz MS-30
    *crew("c14", ("n1", COMMANDER), ("n2", "pilot"), ("n3", "mission_specialist"), ("n4", "mission_specialist")),
    *crew("s31", ("r3", COMMANDER), ("r4", FE), ("r5", FE)),
)  # fmt: skip
WORLD = World(at(2027, 1, 1), at(2028, 1, 1), (S30, C14, S31), PEOPLE, SEATS, (SWAP,), (ISS,))


def gaps(gap_list) -> dict:
    return {g.agency: g.days for g in gap_list}


def test_the_scenarios_are_each_vehicle_then_each_person_on_a_flight_by_their_next_launch():
    labels = [s.label for s in scenarios_of(WORLD)]
    assert labels[:2] == ["Soyuz MS grounded from 2027-01-01", "Crew Dragon grounded from 2027-01-01"]
    assert labels[2:4] == [
        "Oleg Artemyev unavailable from 2027-01-01",
        "Denis Matveev unavailable from 2027-01-01",
    ]
    assert len(labels) == 2 + 9 and "Frank Rubio unavailable from 2027-01-01" not in labels  # he is in space
    # From 10 August Soyuz MS-30 and Crew-14 are up by the plan: only Soyuz MS-31 and its crew are still to fly.
    assert [s.label for s in scenarios_of(WORLD, dt.date(2027, 8, 10))] == [
        "Soyuz MS grounded from 2027-08-10",
        "Sergey Kud-Sverchkov unavailable from 2027-08-10",
        "Ivan Vagner unavailable from 2027-08-10",
        "Dmitry Petelin unavailable from 2027-08-10",
    ]


def test_grounding_each_vehicle_the_table_known_by_hand_worst_first():
    report = n_minus_one(WORLD, SEPARATE, kinds=(GROUNDED,), time_limit=10)
    assert report.baseline == "the plan on file" and report.baseline_gap_days == 0
    soyuz_row, dragon_row = report.rows  # worst first: someone stranded comes before a gap
    assert [soyuz_row.label, dragon_row.label] == [
        "Soyuz MS grounded from 2027-01-01",
        "Crew Dragon grounded from 2027-01-01",
    ]

    # Soyuz MS grounded: both Soyuz flights cannot fly (5 seats); Rubio's way home is gone, so he stays aboard
    # (NASA keeps someone up); Roscosmos has nobody after Prokopyev leaves on 5 March: 302 days to the end.
    assert len(soyuz_row.lost) == 5
    assert [s.text for s in soyuz_row.stranded] == [
        "Frank Rubio (aboard ISS, home on Soyuz MS-30 (2027-03-01))"
    ]
    assert gaps(soyuz_row.gaps) == {"NASA": 0, "Roscosmos": 302} and not soyuz_row.continuity_holds
    # The repair brings Rubio home on Crew-14 (one seat fewer up on it) and sends Anna Kikina, the one
    # cosmonaut qualified on Crew Dragon, on it under the agreement: Roscosmos is aboard again from 1 August,
    # but from 5 March to 1 August (149 days) nothing flies. Changes: 2 NASA seats released, Kikina added,
    # Rubio's way home.
    assert soyuz_row.status == OPTIMAL
    assert gaps(soyuz_row.gaps_after) == {"NASA": 0, "Roscosmos": 149} and soyuz_row.gap_days_after == 149
    assert soyuz_row.stranded_after == ()
    assert soyuz_row.stranded[0].home_on == "SpaceX Crew-14 (2027-08-01)"
    assert len(soyuz_row.changes) == 4
    assert any(re.match(r"Added: Anna Kikina in seat [2-4] \(\w+( \w+)?\) on the ascent of SpaceX Crew-14\.$", c)
               for c in soyuz_row.changes)  # fmt: skip
    assert sum(c.startswith("Released: ") and "SpaceX Crew-14" in c for c in soyuz_row.changes) == 2
    assert soyuz_row.changes[-1] == (
        "Frank Rubio comes home on SpaceX Crew-14 (2027-08-01) instead of Soyuz MS-30 (2027-03-01)."
    )

    # Crew Dragon grounded: its 4 NASA seats are lost; nobody is stranded; NASA has nobody after Rubio comes
    # home on 1 September: 122 days. One cross-agency seat closes it: Eve Ford (NASA, qualified on Soyuz) on
    # Soyuz MS-31 in place of one of its two flight engineers.
    assert len(dragon_row.lost) == 4 and dragon_row.stranded == ()
    assert gaps(dragon_row.gaps) == {"NASA": 122, "Roscosmos": 0}
    assert dragon_row.status == OPTIMAL and dragon_row.gap_days_after == 0
    assert len(dragon_row.changes) == 2
    assert (
        "Added: Eve Ford in seat" in dragon_row.changes[0]
        or "Added: Eve Ford in seat" in dragon_row.changes[1]
    )
    assert any(re.match(r"Released: (Ivan Vagner|Dmitry Petelin)'s seat \d \(flight engineer\) on the ascent "
                        r"of Soyuz MS-31\.", c) for c in dragon_row.changes)  # fmt: skip
    assert dragon_row.sentence == (
        "Crew Dragon grounded from 2027-01-01: 4 seats lost; without re-planning ISS: no NASA aboard for 122 "
        "days; repaired with 2 changes, no gap."
    )
    assert soyuz_row.sentence.startswith(
        "Soyuz MS grounded from 2027-01-01: 5 seats lost; stranded: Frank Rubio (aboard ISS, home on Soyuz "
        "MS-30 (2027-03-01)); without re-planning ISS: no Roscosmos aboard for 302 days; the best re-plan "
        "(4 changes) still leaves ISS: no Roscosmos aboard for 149 days."
    )
    lines = table(report)
    assert lines[1] == "The plan they break: the plan on file; 0 gap days before any failure."
    numbered = [line for line in lines if not line.startswith("   - ")]
    assert numbered[2].startswith("1. Soyuz MS grounded") and numbered[3].startswith(
        "2. Crew Dragon grounded"
    )


def test_a_crew_member_unavailable_is_replaced_by_a_substitute():
    report = n_minus_one(WORLD, SEPARATE, kinds=(UNAVAILABLE,), time_limit=10)
    row = next(r for r in report.rows if r.label == "Josh Cassada unavailable from 2027-01-01")
    assert row.lost == ("Josh Cassada on SpaceX Crew-14 (2027-08-01)",)
    assert row.continuity_holds and row.stranded == ()
    # Gil Hart is the one spare NASA astronaut on Crew Dragon (Anna Kikina could fly it, but would put the
    # agreement's ledger out of balance): one change, in Cassada's seat.
    assert row.status == OPTIMAL
    assert row.changes == ("Added: Gil Hart in seat 2 (pilot) on the ascent of SpaceX Crew-14.",)
    assert row.sentence == (
        "Josh Cassada unavailable from 2027-01-01: 1 seat lost; continuity holds without re-planning; "
        "repaired with 1 change, no gap."
    )


def test_a_repair_that_no_plan_allows_is_explained_and_comes_before_those_repaired():
    """Integrated crews required (the default): each Soyuz carries a NASA astronaut. Eve Ford flies both (Soyuz
    MS-31 now launches after MS-30 lands); Rubio, also qualified on Soyuz, is in space until MS-30 brings him
    home. With her unavailable nobody can fly MS-30 for NASA: no repair, and the rule that fails is said. The
    same for Anna Kikina, now on Crew-14: the one cosmonaut qualified on Crew Dragon."""
    s31 = dataclasses.replace(S31, launch=at(2027, 9, 10, 8))
    seats = (
        *crew("s30", ("r1", COMMANDER), ("n5", FE)),
        SeatOnFile("rubio", "s30", RETURN, 3, FE),
        *crew("c14", ("n1", COMMANDER), ("r6", "pilot"), ("n3", "mission_specialist"), ("n4", "mission_specialist")),
        *crew("s31", ("r3", COMMANDER), ("n5", FE), ("r5", FE)),
    )  # fmt: skip
    world = dataclasses.replace(WORLD, missions=(S30, C14, s31), seats=seats)
    report = n_minus_one(world, kinds=(UNAVAILABLE,), time_limit=10)
    kikina, first = report.rows[:2]
    assert kikina.label == "Anna Kikina unavailable from 2027-01-01" and kikina.status == INFEASIBLE
    assert "SpaceX Crew-14 (2027-08-01)" in kikina.explanation[0]
    assert first.label == "Eve Ford unavailable from 2027-01-01"
    assert first.status == INFEASIBLE and first.change_count is None
    assert len(first.lost) == 2 and first.continuity_holds
    assert "Soyuz MS-30 (2027-03-01)" in first.explanation[0]
    assert "Eve Ford: unavailable (the N-1 scenario, 2027-01-01 to 2028-01-01)" in first.explanation[0]
    assert first.sentence.startswith(
        "Eve Ford unavailable from 2027-01-01: 2 seats lost; continuity holds without re-planning; no repair "
        "keeps every rule: "
    )
    assert all(row.repaired for row in report.rows[2:])


def test_at_iss_scale_the_report_runs_and_sorts_worst_first():
    """The plumbing at ISS scale (how long it takes is `make bench`'s: bench/planning_bench.py, not a test's)."""
    world = iss_scale_world(1)
    report = n_minus_one(world, limit=4, time_limit=2)
    assert len(report.rows) == 4 and report.left_out == report.scenarios - 4
    assert report.baseline.startswith("the plan on file, with 16 flights short of crew completed")
    assert [r.scenario.kind for r in report.rows].count(GROUNDED) == 2
    assert [r.sort_key for r in report.rows] == sorted(r.sort_key for r in report.rows)


def test_a_repair_that_must_reach_beyond_the_flight_that_lost_someone():
    """Cassada unavailable, and the one other NASA astronaut on Crew Dragon, Eve Ford, is on Soyuz MS-31 (which
    overlaps Crew-14): she moves to Crew-14 and Anna Kikina (on Soyuz only, here) takes her Soyuz seat. Changing
    Crew-14 alone cannot do it, so the whole plan is solved again. Ivan Vagner is left out of this world: free
    too, he would tie with her, and the solver's workers may pick either."""
    people = tuple(
        person("n5", "Eve Ford", "NASA", SOYUZ, DRAGON) if p.id == "n5"
        else person("r6", "Anna Kikina", "Roscosmos", SOYUZ) if p.id == "r6" else p
        for p in PEOPLE if p.id not in ("n6", "r4")
    )  # fmt: skip
    seats = (*SEATS[:-6], *crew("s31", ("r3", COMMANDER), ("n5", FE), ("r5", FE)))
    world = dataclasses.replace(WORLD, candidates=people, seats=seats)
    report = n_minus_one(world, SEPARATE, kinds=(UNAVAILABLE,), time_limit=10)
    row = next(r for r in report.rows if r.label == "Josh Cassada unavailable from 2027-01-01")
    assert row.status == OPTIMAL
    assert sorted(row.changes) == [
        "Added: Anna Kikina in seat 2 (flight engineer) on the ascent of Soyuz MS-31.",
        "Added: Eve Ford in seat 2 (pilot) on the ascent of SpaceX Crew-14.",
        "Released: Eve Ford's seat 2 (flight engineer) on the ascent of Soyuz MS-31.",
    ]
