"""`manage.py n_minus_one`: the N-1 report over the database, for a small world known by hand, writing nothing;
and hostile input refused in words."""

import io

import pytest
from django.core.management import CommandError, call_command

from crews.models import SeatAssignment
from crews.tests import plan_scenes
from crews.tests.factories import CrewMemberFactory, QualificationFactory


def run(*args) -> str:
    out = io.StringIO()
    call_command("n_minus_one", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def plan_2031(world):
    return plan_scenes.plan_2031(world)


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
