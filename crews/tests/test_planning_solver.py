"""The planning assistant's solver (crews.planning): small worlds whose right answer is known by hand, and the
ISS-scale benchmark world checked rule by rule by an independent checker. Plain Python: no database."""

import dataclasses
import datetime as dt
import re
import time

import pytest

from crews.planning import (
    ASCENT,
    COMMANDER,
    FEASIBLE,
    IN_TRAINING,
    INFEASIBLE,
    OPTIMAL,
    RETURN,
    Aboard,
    Agreement,
    Candidate,
    Commitment,
    Interval,
    Mission,
    Qualification,
    SeatOnFile,
    Station,
    Weights,
    World,
    propose,
)
from crews.planning.example import iss_scale_world
from crews.planning.explain import _shrink
from crews.planning.index import Index
from crews.planning.model import build
from crews.tests.planning_checker import problems

DRAGON, SOYUZ = "Crew Dragon", "Soyuz MS"
SEPARATE = Weights(integrated_crews_hard=False)


def at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


def qualified(*spacecraft) -> tuple[Qualification, ...]:
    return tuple(Qualification(s) for s in spacecraft)


def person(pid, name, agency, quals, flights=0, **kw) -> Candidate:
    return Candidate(pid, name, agency, quals, prior_flights=flights, **kw)


SOYUZ_30 = Mission("s30", "Soyuz MS-30", SOYUZ, "Roscosmos", 3, at(2027, 1, 10, 8), at(2027, 7, 10, 6),
                   station="iss", seat_roles=(COMMANDER, "flight_engineer", "flight_engineer"))  # fmt: skip
CREW_14 = Mission(
    "c14", "SpaceX Crew-14", DRAGON, "NASA", 4, at(2027, 6, 1, 12), at(2027, 12, 1, 12), station="iss"
)
PEOPLE = (
    person("n1", "Nora Ames", "NASA", qualified(DRAGON), 2),
    person("n2", "Ben Cole", "NASA", qualified(DRAGON)),
    person("n3", "Cara Diaz", "NASA", qualified(DRAGON), 1),
    person("n4", "Dan Ellis", "NASA", qualified(DRAGON)),
    person("n5", "Eve Ford", "NASA", qualified(SOYUZ), 1),
    person("r1", "Oleg Artemyev", "Roscosmos", qualified(SOYUZ), 3),
    person("r2", "Anna Kikina", "Roscosmos", qualified(SOYUZ, DRAGON), 1),
    person("r3", "Ivan Bykov", "Roscosmos", qualified(SOYUZ)),
)
ISS = Station(
    "iss",
    "ISS",
    ("NASA", "Roscosmos"),
    (Aboard("NASA", at(2027, 1, 11)), Aboard("Roscosmos", at(2027, 1, 11))),
)
SWAP = Agreement(
    "g1", "NASA–Roscosmos integrated crews", "NASA", "Roscosmos", dt.date(2022, 7, 15), None, 5, 5, 2, 2
)


def iss_world(**changes) -> World:
    """A Soyuz up in January, a Crew Dragon in June: after the Soyuz lands in July only a cosmonaut on the
    Dragon keeps Roscosmos aboard. Anna Kikina is the one cosmonaut qualified on Crew Dragon."""
    world = World(
        at(2027, 1, 1), at(2027, 12, 1), (SOYUZ_30, CREW_14), PEOPLE, agreements=(SWAP,), stations=(ISS,)
    )
    return dataclasses.replace(world, **changes)


def crew(proposal, mission, leg=ASCENT) -> dict:
    return {s.person: (s.seat, s.role) for s in proposal.crew(mission, leg)}


def solved(world, weights=None, **kw):
    weights = weights or Weights()
    proposal = propose(world, weights, time_limit=20, **kw)
    assert proposal.status == OPTIMAL, proposal.explanation
    assert problems(world, weights, proposal) == []
    assert proposal.objective == sum(line.cost for line in proposal.score)
    return proposal


def line(proposal, rule):
    return next(line for line in proposal.score if line.rule == rule)


def both_legs(pid, mission, seat, role, pinned=False):
    return (SeatOnFile(pid, mission, ASCENT, seat, role, pinned=pinned),
            SeatOnFile(pid, mission, RETURN, seat, role, pinned=pinned))  # fmt: skip


# --- 1, 2: continuity and agreements ----------------------------------------------------------------------


def test_one_cross_agency_seat_closes_the_continuity_gap():
    proposal = solved(iss_world(), SEPARATE)
    assert crew(proposal, "c14")["r2"][0] in (2, 3, 4)
    assert next(s.agreement for s in proposal.crew("c14") if s.person == "r2") == "g1"
    assert crew(proposal, "c14", RETURN)["r2"] == crew(proposal, "c14")["r2"]  # home in the same seat
    assert line(proposal, "continuity").sentences == ("ISS: NASA gap: 0 days", "ISS: Roscosmos gap: 0 days")


def test_an_agreement_with_no_seats_left_forces_an_own_agency_crew_and_the_gap_is_reported():
    spent = dataclasses.replace(SWAP, used_b_on_a=5)
    proposal = solved(iss_world(agreements=(spent,)), SEPARATE)
    assert {PEOPLE_BY_ID[p].agency for p in crew(proposal, "c14")} == {"NASA"}
    assert "ISS: Roscosmos gap: 144 days (2027-07-10 to 2027-12-01)" in proposal.sentences
    assert line(proposal, "continuity").count == 144
    # With integrated crews hard (the default) there is no plan, and the agreement is the reason.
    refused = propose(iss_world(agreements=(spent,)), time_limit=20)
    assert refused.status == INFEASIBLE
    assert refused.explanation == (
        "SpaceX Crew-14 (2027-06-01) must carry a Roscosmos cosmonaut to ISS (integrated crews), but "
        "NASA–Roscosmos integrated crews has 0 seats left for Roscosmos crew on NASA's vehicles: 5 allotted, "
        "5 used before the horizon.",
    )


PEOPLE_BY_ID = {p.id: p for p in PEOPLE}


# --- 3: explanations ------------------------------------------------------------------------------------


def test_an_infeasible_world_is_explained_by_the_rule_that_fails_naming_mission_agency_spacecraft_date():
    crew_14 = dataclasses.replace(CREW_14, launch=at(2027, 3, 15, 12), landing=at(2027, 9, 15, 12))
    medical = (Interval(dt.date(2027, 2, 1), dt.date(2027, 4, 30), "medical"),)
    people = (
        *PEOPLE[:4],
        person("r1", "Oleg Artemyev", "Roscosmos", qualified(SOYUZ), 3),
        person("r2", "Anna Kikina", "Roscosmos", qualified(SOYUZ, DRAGON), 1, unavailable=medical),
        person("r3", "Ivan Bykov", "Roscosmos",
               (Qualification(SOYUZ), Qualification(DRAGON, IN_TRAINING, dt.date(2027, 4, 1)))),
    )  # fmt: skip
    world = World(at(2027, 1, 1), at(2027, 12, 1), (crew_14,), people, agreements=(SWAP,), stations=(ISS,))
    proposal = propose(world, time_limit=20)
    assert proposal.status == INFEASIBLE and proposal.seats == ()
    assert proposal.explanation == (
        "No Roscosmos cosmonaut qualified on Crew Dragon is free for SpaceX Crew-14 (2027-03-15), which must "
        "carry one to ISS (integrated crews): Ivan Bykov: in training on Crew Dragon until 2027-04-01; "
        "Oleg Artemyev: not qualified on Crew Dragon; Anna Kikina: unavailable (medical, 2027-02-01 to "
        "2027-04-30).",
    )


def test_the_clashing_rule_groups_are_shrunk_to_those_that_clash():
    world = World(at(2027, 1, 1), at(2027, 12, 1), (CREW_14,), PEOPLE, agreements=(SWAP,), stations=(ISS,))
    no_seats = dataclasses.replace(world, agreements=(dataclasses.replace(SWAP, used_b_on_a=5),))
    model = build(Index(no_seats), Weights(), explain=True)
    everything = sorted(model.literals, key=repr)
    assert len(everything) > 2
    clash = _shrink(model, everything, time.perf_counter() + 20, 2)
    assert sorted(clash) == [("integrated", "c14"), ("seats", "g1", "Roscosmos", "NASA")]


def test_an_iss_scale_world_short_of_agreement_seats_is_explained_by_the_agreement():
    world = iss_scale_world(1)
    swap = dataclasses.replace(world.agreements[0], used_a_on_b=6)  # 8 NASA seats left for 10 Soyuz
    proposal = propose(dataclasses.replace(world, agreements=(swap, *world.agreements[1:])), time_limit=30)
    assert proposal.status == INFEASIBLE
    first = proposal.explanation[0]
    assert re.match(
        r"9 Roscosmos flights to ISS must each carry a NASA astronaut \(integrated crews\): Soyuz", first
    )
    assert first.endswith(
        "but NASA–Roscosmos integrated crews has 8 seats left for NASA crew on Roscosmos's vehicles: "
        "14 allotted, 6 used before the horizon."
    )
    assert len(proposal.explanation) == 1


# --- 4, 5: the plan on file -------------------------------------------------------------------------------


def test_a_pinned_seat_is_kept_even_when_another_choice_would_score_better():
    dragon = dataclasses.replace(CREW_14, station=None)
    world = World(at(2027, 1, 1), at(2027, 12, 1), (dragon,), PEOPLE)
    free = solved(world)
    commander = next(s.person for s in free.crew("c14") if s.role == COMMANDER)
    assert commander in ("n1", "n3")  # one who has flown before commands
    pinned = solved(dataclasses.replace(world, seats=both_legs("n2", "c14", 1, COMMANDER, pinned=True)))
    assert crew(pinned, "c14")["n2"] == (1, COMMANDER)
    assert crew(pinned, "c14", RETURN)["n2"] == (1, COMMANDER)
    assert line(pinned, "commanders").sentences == (
        "1 commander who had not flown before: Ben Cole on SpaceX Crew-14 (2027-06-01)",
    )


def test_a_valid_plan_on_file_comes_back_unchanged():
    on_file = (
        *both_legs("r1", "s30", 1, COMMANDER), *both_legs("n5", "s30", 2, "flight_engineer"),
        *both_legs("r3", "s30", 3, "flight_engineer"),
        *both_legs("n2", "c14", 1, COMMANDER), *both_legs("r2", "c14", 2, "pilot"),
        *both_legs("n1", "c14", 3, "mission_specialist"), *both_legs("n4", "c14", 4, "mission_specialist"),
    )  # fmt: skip
    # Ben Cole commands without having flown (150); making Nora Ames commander instead moves two seats (200).
    proposal = solved(iss_world(seats=on_file), Weights(change=100))
    assert proposal.changes == ()
    assert {(s.person, s.mission, s.leg, s.seat, s.role) for s in proposal.seats} == {
        (s.person, s.mission, s.leg, s.seat, s.role) for s in on_file
    }
    assert line(proposal, "changes").sentences == ("0 changes",)
    assert proposal.objective == 150


# --- 6, 7: people -----------------------------------------------------------------------------------------


def dragon_crew_world(completes: dt.date) -> World:
    dragon = dataclasses.replace(CREW_14, station=None)
    people = (
        *PEOPLE[:3],
        person("t1", "Tara Kim", "NASA", (Qualification(DRAGON, IN_TRAINING, completes),)),
        person("u1", "Uma Lee", "NASA", (Qualification(DRAGON, IN_TRAINING, dt.date(2027, 7, 1)),)),
        person("v1", "Vic Moss", "NASA", qualified(SOYUZ), 4),
        person("w1", "Wes Nye", "NASA", qualified(DRAGON), 3,
               unavailable=(Interval(dt.date(2027, 5, 1), dt.date(2027, 8, 31), "medical"),)),
        person("x1", "Xan Orr", "NASA", qualified(DRAGON), 3),
    )  # fmt: skip
    busy = (Commitment("x1", dt.date(2027, 11, 20), dt.date(2028, 3, 1), "backup crew"),)
    return World(at(2027, 1, 1), at(2027, 12, 1), (dragon,), people, commitments=busy)


def test_unavailability_and_qualification_are_respected():
    proposal = solved(dragon_crew_world(completes=dt.date(2027, 5, 1)))
    # Tara Kim completes training before the launch; Uma Lee after it; Vic Moss is not qualified on Crew
    # Dragon; Wes Nye is on leave and Xan Orr on a backup crew while it flies (both have flown more).
    assert set(crew(proposal, "c14")) == {"n1", "n2", "n3", "t1"}
    late = propose(dragon_crew_world(completes=dt.date(2027, 6, 15)), time_limit=20)
    assert late.status == INFEASIBLE
    (sentence,) = late.explanation
    assert sentence.startswith(
        "SpaceX Crew-14 (2027-06-01) needs a crew of 4 on Crew Dragon, but only 3 can fly it"
    )
    assert "Tara Kim: in training on Crew Dragon until 2027-06-15" in sentence
    assert "Uma Lee: in training on Crew Dragon until 2027-07-01" in sentence
    assert "Wes Nye: unavailable (medical, 2027-05-01 to 2027-08-31)" in sentence
    assert "Xan Orr: busy (backup crew, 2027-11-20 to 2028-03-01)" in sentence
    assert "Vic Moss: not qualified on Crew Dragon" in sentence


def dragon(mid, name, launch, landing) -> Mission:
    return Mission(mid, name, DRAGON, "NASA", 4, launch, landing, crew_size=2)


ROOKIES = tuple(
    person(f"k{i}", name, "NASA", qualified(DRAGON)) for i, name in enumerate(["Dan", "Fay", "Gus", "Hal"])
)
NORA = person("n1", "Nora Ames", "NASA", qualified(DRAGON), 3)


def test_nobody_is_on_two_overlapping_flights():
    # Nora is the only one who has flown: each crew would like her (200 each), but the flights overlap.
    first = dragon("a", "Crew-A", at(2027, 1, 10), at(2027, 7, 10))
    second = dragon("b", "Crew-B", at(2027, 4, 1), at(2027, 10, 1))
    world = World(at(2027, 1, 1), at(2027, 12, 31), (first, second), (NORA, *ROOKIES))
    proposal = solved(world)
    assert ("n1" in crew(proposal, "a")) != ("n1" in crew(proposal, "b"))
    assert line(proposal, "veterans").count == 1


def test_a_return_on_file_on_another_mission_is_kept_and_keeps_its_flyer_up():
    up = dragon("a", "Crew-A", at(2027, 1, 10), at(2027, 6, 10))
    later = dragon("c", "Crew-C", at(2027, 5, 1), at(2027, 11, 1))
    between = dragon("b", "Crew-B", at(2027, 7, 1), at(2027, 12, 1))
    away = (Interval(dt.date(2027, 6, 11), dt.date(2027, 12, 31), "detached to headquarters"),)
    ben = person("n2", "Ben Cole", "NASA", qualified(DRAGON), unavailable=away)
    on_file = (
        SeatOnFile("n1", "a", ASCENT, 1, COMMANDER, pinned=True), SeatOnFile("n1", "c", RETURN, 3, "mission_specialist"),
        SeatOnFile("n2", "a", ASCENT, 2, "pilot", pinned=True), SeatOnFile("n2", "a", RETURN, 1, COMMANDER),
    )  # fmt: skip
    world = World(at(2027, 1, 1), at(2027, 12, 31), (up, between, later), (NORA, ben, *ROOKIES), on_file)
    proposal = solved(world)
    # Nora stays up until Crew-C lands in November: she cannot fly Crew-B in July, though every crew wants her
    # (Ben Cole, back from Crew-A in June, is away after it).
    assert [s.mission for s in proposal.seats if s.person == "n1" and s.leg == ASCENT] == ["a"]
    assert crew(proposal, "c", RETURN)["n1"] == (3, "mission_specialist")
    assert "n1" not in crew(proposal, "a", RETURN)
    assert {c.kind for c in proposal.changes} == {"added"}


# --- 8: the score -----------------------------------------------------------------------------------------


def test_the_score_of_a_known_plan_in_sentences():
    pinned = (
        *both_legs("r1", "s30", 1, COMMANDER, True), *both_legs("r3", "s30", 2, "flight_engineer", True),
        *both_legs("n5", "s30", 3, "flight_engineer", True),
        *both_legs("n2", "c14", 1, COMMANDER, True), *both_legs("n4", "c14", 2, "pilot", True),
        *both_legs("n1", "c14", 3, "mission_specialist", True), *both_legs("n3", "c14", 4, "mission_specialist", True),
    )  # fmt: skip
    proposal = solved(iss_world(seats=pinned), SEPARATE)
    assert proposal.sentences == [
        "ISS: NASA gap: 0 days",
        "ISS: Roscosmos gap: 144 days (2027-07-10 to 2027-12-01)",
        "NASA–Roscosmos integrated crews: balanced → NASA owes 1 seat (3 NASA on Roscosmos, 2 Roscosmos on NASA, "
        "of 5 and 5)",
        "0 changes",
        "every crew has someone who has flown before",
        "1 commander who had not flown before: Ben Cole on SpaceX Crew-14 (2027-06-01)",
        "nobody flies more than once",
    ]
    assert [(line.rule, line.count, line.cost) for line in proposal.score] == [
        ("continuity", 144, 144_000), ("ledger", 1, 100), ("changes", 0, 0), ("veterans", 0, 0),
        ("commanders", 1, 150), ("repeats", 0, 0),
    ]  # fmt: skip
    assert proposal.objective == 144_250 and proposal.gap == 0.0


def test_changes_are_listed_as_data_and_in_words():
    on_file = (*both_legs("n2", "c14", 1, COMMANDER), *both_legs("n4", "c14", 2, "pilot"))
    proposal = solved(iss_world(seats=on_file), SEPARATE)
    moved = [c for c in proposal.changes if c.kind == "moved" and c.leg == ASCENT]
    assert [(c.person, c.seat_before, c.role_before, c.seat_after) for c in moved] == [
        ("n2", 1, COMMANDER, 4)
    ]
    assert (
        moved[0].text
        == "Moved: Ben Cole from seat 1 (commander) to seat 4 (mission specialist) on the ascent of SpaceX Crew-14."
    )
    assert line(proposal, "changes").sentences == (
        "6 changes: 5 added, 1 moved (and 6 return seats following them)",
    )


# --- 9: the ISS-scale world -------------------------------------------------------------------------------


def test_the_iss_scale_world_gets_a_plan_that_passes_every_hard_rule():
    world = iss_scale_world(1)
    assert (len(world.missions), sum(m.seat_count for m in world.missions), len(world.candidates)) == (
        20,
        70,
        150,
    )
    heard = []
    weights = Weights()
    proposal = propose(world, weights, time_limit=30, workers=2, on_solution=heard.append)
    assert proposal.status in (OPTIMAL, FEASIBLE)
    assert problems(world, weights, proposal) == []
    assert proposal.objective == sum(line.cost for line in proposal.score)
    assert proposal.best_bound <= proposal.objective and proposal.first_feasible_time is not None
    assert heard and not any(p.final for p in heard) and heard[-1].objective >= proposal.objective
    assert all(problems(world, weights, p) == [] for p in heard[:1])
    kept = [s for s in world.seats if s.pinned]
    assert kept and all(any((p.person, p.mission, p.leg, p.seat) == (s.person, s.mission, s.leg, s.seat)
                            for p in proposal.seats) for s in kept)  # fmt: skip


def test_weights_say_what_they_weigh_and_a_world_that_cannot_be_read_is_refused():
    described = dict(Weights.describe())
    assert described["continuity_gap_day"].startswith("per day a station has nobody")
    assert set(described) >= {"ledger_seat", "change", "rookie_commander", "integrated_crews_hard"}
    stranger = (SeatOnFile("zz", "c14", ASCENT, 2, "pilot"),)
    with pytest.raises(ValueError, match="'zz', who is not among the candidates"):
        propose(iss_world(seats=stranger))
