"""`manage.py n_minus_one`: the N-1 report over the database, for a small world known by hand, writing nothing;
and hostile input refused in words."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from crews.models import SeatAssignment
from crews.tests.factories import CrewMemberFactory, QualificationFactory
from crews.tests.world import assign
from missions.tests.factories import AgreementFactory


def run(*args) -> str:
    out = io.StringIO()
    call_command("n_minus_one", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan_2031(world):
    """Soyuz MS-90 (1 March to 1 September 2031): Prokopyev, Rubio, Petelin; Crew-90 (1 April to 1 October):
    Mann, Cassada, Kikina, Hague. Integrated crews under an agreement in force in 2031; nobody aboard the ISS
    before 1 March, so the plan itself leaves NASA and Roscosmos 59 days without anyone up."""
    agreement = AgreementFactory(name="Integrated crews 2030", agency_a=world.nasa, agency_b=world.roscosmos,
                                 in_force_from=dt.date(2030, 1, 1), in_force_to=dt.date(2035, 12, 31),
                                 seats_a_on_b=3, seats_b_on_a=3)  # fmt: skip
    hague = CrewMemberFactory(name="Nick Hague", agency=world.nasa)
    soyuz = world.soyuz_mission("Soyuz MS-90", "2031-03-01T12:00Z", "2031-09-01T06:00Z")
    dragon = world.dragon_mission("SpaceX Crew-90", "2031-04-01T12:00Z", "2031-10-01T06:00Z")
    for seat, person, role in ((1, world.prokopyev, "commander"), (2, world.rubio, "flight_engineer"),
                               (3, world.petelin, "flight_engineer")):  # fmt: skip
        QualificationFactory(crew_member=person, spacecraft=world.soyuz, status="qualified")
        for leg in ("ascent", "return"):
            assign(
                soyuz,
                person,
                seat,
                leg=leg,
                role=role,
                agreement=agreement if person == world.rubio else None,
            )
    for seat, person, role in ((1, world.mann, "commander"), (2, world.cassada, "pilot"),
                               (3, world.kikina, "mission_specialist"), (4, hague, "mission_specialist")):  # fmt: skip
        QualificationFactory(crew_member=person, spacecraft=world.dragon, status="qualified")
        for leg in ("ascent", "return"):
            assign(
                dragon,
                person,
                seat,
                leg=leg,
                role=role,
                agreement=agreement if person == world.kikina else None,
            )
    return soyuz, dragon


def test_grounding_each_vehicle_prints_the_table_worst_first_and_writes_nothing(plan_2031):
    seats = SeatAssignment.objects.count()
    out = run("--from", "2031-01-01", "--to", "2031-12-31", "--only", "grounded", "--time-limit", "10")
    lines = out.splitlines()
    assert lines[0].startswith("N-1 report from 2031-01-01: 2 scenarios in ")
    assert lines[1] == "The plan they break: the plan on file; 118 gap days before any failure."
    # Soyuz MS grounded: nobody up until Crew-90 on 1 April (90 days for each agency, not 59); nothing can
    # fly sooner. Crew Dragon grounded: nobody up from 1 September (the Soyuz lands) to 1 October (the end of
    # the horizon: Crew-90's landing): 59 + 30 days each.
    assert lines[2] == (
        "1. Soyuz MS grounded from 2031-01-01: 3 seats lost; without re-planning International Space Station: no NASA aboard for 90 "
        "days and no Roscosmos aboard for 90 days; the best re-plan (0 changes) still leaves International Space Station: no NASA "
        "aboard for 90 days and no Roscosmos aboard for 90 days."
    )
    assert lines[3] == (
        "2. Crew Dragon grounded from 2031-01-01: 4 seats lost; without re-planning International Space Station: no NASA aboard for 89 "
        "days and no Roscosmos aboard for 89 days; the best re-plan (0 changes) still leaves International Space Station: no NASA "
        "aboard for 89 days and no Roscosmos aboard for 89 days."
    )
    assert SeatAssignment.objects.count() == seats


def test_a_person_unavailable_is_replaced_from_the_database(plan_2031, world):
    """Cassada unavailable: Crew-90 needs a fourth NASA astronaut on Crew Dragon; Jessica Watkins is one."""
    watkins = CrewMemberFactory(name="Jessica Watkins", agency=world.nasa)
    QualificationFactory(crew_member=watkins, spacecraft=world.dragon, status="qualified")
    out = run("--from", "2031-01-01", "--to", "2031-12-31", "--only", "unavailable", "--time-limit", "10")
    lines = out.splitlines()
    at = next(n for n, line in enumerate(lines) if "Josh Cassada unavailable" in line)
    row = lines[at]
    assert row.endswith(
        "Josh Cassada unavailable from 2031-01-01: 1 seat lost; continuity holds without re-planning (the plan "
        "already had 118 gap days); repaired with 1 change, no gap beyond the plan's own."
    )
    assert lines[at + 1] == "   - Added: Jessica Watkins in seat 2 (pilot) on the ascent of SpaceX Crew-90."
    assert "7 scenarios" in lines[0]


def test_hostile_input_is_refused_in_words(world):
    with pytest.raises(CommandError, match="is not a date"):
        run("--from", "2031-02-30")
    with pytest.raises(CommandError, match="ends before it starts"):
        run("--from", "2031-01-01", "--to", "2030-01-01")
    with pytest.raises(CommandError, match="not a number of seconds"):
        run("--time-limit", "soon")
    with pytest.raises(CommandError, match="between 0 and 600 seconds"):
        run("--time-limit", "0")
    with pytest.raises(CommandError, match="whole number of scenarios"):
        run("--limit", "-3")
    with pytest.raises(CommandError):
        run("--only", "meteor")
    assert run("--from", "2031-01-01", "--to", "2031-12-31") == (
        "No mission is planned or scheduled to launch from 2031-01-01 to 2031-12-31.\n"
    )
