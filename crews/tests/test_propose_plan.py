"""`manage.py propose_plan`: the planning assistant over the database (issue 14, from the shell): a plan that keeps
the rules for a small world whose answer is known, the rule that clashes when none can, and hostile input."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from crews.models import Unavailability
from crews.planning.from_db import world_from_db
from crews.tests.factories import QualificationFactory
from crews.tests.world import assign
from missions.tests.factories import AgreementFactory


def run(*args) -> str:
    out = io.StringIO()
    call_command("propose_plan", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def soyuz_2031(world):
    """Soyuz MS-90 to the ISS in 2031 (3 seats), Prokopyev already in command; trained on Soyuz: three
    cosmonauts and Rubio. The ISS needs NASA and Roscosmos aboard, so its crews are integrated."""
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01T12:00Z", "2031-09-01")
    for person in (world.prokopyev, world.petelin, world.kikina, world.rubio):
        QualificationFactory(crew_member=person, spacecraft=world.soyuz, status="qualified")
    assign(mission, world.prokopyev, 1, role="commander")
    return mission


def test_the_world_is_read_from_the_database(soyuz_2031, world):
    Unavailability.objects.create(crew_member=world.kikina, starts_on=dt.date(2031, 1, 1),
                                  ends_on=dt.date(2031, 12, 31), reason="medical")  # fmt: skip
    read = world_from_db(dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    assert [m.name for m in read.missions] == ["Soyuz MS-90"]
    assert {c.name for c in read.candidates} == {
        "Sergey Prokopyev",
        "Dmitry Petelin",
        "Anna Kikina",
        "Frank Rubio",
    }
    kikina = next(c for c in read.candidates if c.name == "Anna Kikina")
    assert [(i.why, i.dates) for i in kikina.unavailable] == [("medical", "2031-01-01 to 2031-12-31")]
    assert [(s.person, s.seat, s.role) for s in read.seats] == [(world.prokopyev.pk, 1, "commander")]
    assert read.stations[0].required_agencies == ("NASA", "Roscosmos")


def test_a_plan_that_keeps_the_rules_for_a_world_known_by_hand(soyuz_2031, world):
    """The NASA seat can only be Rubio's, under an agreement in force in 2031; Kikina is unavailable, so the
    third seat is Petelin's; Prokopyev keeps command."""
    AgreementFactory(name="Integrated crews 2030", agency_a=world.nasa, agency_b=world.roscosmos,
                     in_force_from=dt.date(2030, 1, 1), in_force_to=dt.date(2035, 12, 31),
                     seats_a_on_b=2, seats_b_on_a=2)  # fmt: skip
    Unavailability.objects.create(crew_member=world.kikina, starts_on=dt.date(2031, 2, 1),
                                  ends_on=dt.date(2031, 4, 1), reason="medical")  # fmt: skip
    out = run("--from", "2031-01-01", "--to", "2031-12-31", "--time-limit", "10")
    assert "Horizon 2031-01-01 to 2031-12-31: optimal" in out
    crew_line = next(line for line in out.splitlines() if line.startswith("Soyuz MS-90 (2031-03-01): "))
    assert crew_line.startswith("Soyuz MS-90 (2031-03-01): 1 Sergey Prokopyev (commander)")
    assert "Frank Rubio" in crew_line and "Dmitry Petelin" in crew_line and "Anna Kikina" not in crew_line
    assert "Changes to the plan on file: " in out
    assert not world.rubio.seat_assignments.exists()  # nothing written


def test_when_no_plan_keeps_the_rules_the_clash_is_said(soyuz_2031, world):
    """The only agreement ended in 2025: no NASA astronaut can fly the Soyuz in 2031, so the integrated crew
    cannot be made."""
    out = run("--from", "2031-01-01", "--to", "2031-12-31", "--time-limit", "10")
    assert "infeasible" in out and "No plan keeps every rule:" in out
    explanation = out.split("No plan keeps every rule:")[1]
    assert "NASA" in explanation and "Soyuz MS-90" in explanation


def test_hostile_input_is_refused_in_words(world):
    with pytest.raises(CommandError, match="is not a date"):
        run("--from", "2031-13-01")
    with pytest.raises(CommandError, match="NAME=VALUE"):
        run("--weight", "bogus=1")
    with pytest.raises(CommandError, match="whole number"):
        run("--weight", "change=lots")
    with pytest.raises(CommandError, match="ends before it starts"):
        run("--from", "2031-01-01", "--to", "2030-01-01")
    assert "No mission is planned" in run("--from", "2031-01-01", "--to", "2031-12-31")
    assert "continuity_gap_day = 1000" in run("--weights")


@pytest.mark.parametrize(
    ("command", "argument", "said"),
    [
        ("propose_plan", ["--from", "2027-13-01"], "“2027-13-01” is not a date"),
        ("n_minus_one", ["--time-limit", "soon"], "“soon” is not a number of seconds"),
        ("lifeboat_check", ["--to", "someday"], "“someday” is not a date"),
    ],
)
def test_bad_input_on_the_command_line_is_a_sentence_not_a_traceback(command, argument, said):
    """From the shell (not `call_command`): the arguments are read before any error handling Django adds."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    manage = Path(__file__).resolve().parents[2] / "manage.py"
    done = subprocess.run(
        [sys.executable, str(manage), command, *argument],
        capture_output=True, text=True, env={**os.environ, "DEBUG": "1"}, timeout=60,
    )  # fmt: skip
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["propose_plan", "n_minus_one"])
def test_a_horizon_from_29_february_ends_on_28_february_five_years_on(command):
    """The default end of a horizon from a 29th of February (no 29th five years on): not a traceback."""
    out = io.StringIO()
    call_command(command, "--from", "2028-02-29", stdout=out)
    assert out.getvalue().strip() == (
        "No mission is planned or scheduled to launch from 2028-02-29 to 2033-02-28."
    )
