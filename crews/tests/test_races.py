"""Concurrent writers on PostgreSQL, with real connections: exactly one wins a contested seat."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from crews.models import SeatAssignment
from crews.roster_csv.importer import roster_import
from crews.services import seat_assign
from crews.tests.helpers import HEADER
from missions.models import Mission

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises writers"
    ),
]

REPEATS = 20


def race(*jobs):
    """Run the jobs at the same moment, each in its own thread and database connection."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except Exception as exc:  # the result, error or not, is what the test looks at
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def roster(mission: str, person: str, year: int) -> str:
    row = (
        f"{mission},planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,{year}-03-01,{year}-09-01,"
        f"ascent,2,flight engineer,{person},Roscosmos,Russia,"
    )
    return f"{HEADER}\r\n{row}\r\n"


def test_two_imports_racing_for_one_open_seat(world):
    for n in range(REPEATS):
        year = 2031 + n
        mission = world.soyuz_mission(f"Soyuz MS-{100 + n}", f"{year}-03-01", f"{year}-09-01")
        reports = race(
            lambda m=mission.name, y=year: roster_import(data=roster(m, "Dmitry Petelin", y)),
            lambda m=mission.name, y=year: roster_import(data=roster(m, "Anna Kikina", y)),
        )
        assert sorted(r.ok for r in reports) == [False, True], reports
        loser = next(r for r in reports if not r.ok)
        assert "row 2, column seat" in str(loser.problems[0])
        holders = SeatAssignment.objects.filter(mission=mission, leg="ascent", seat=2)
        assert holders.count() == 1


def test_two_imports_creating_the_same_mission(world):
    for n in range(REPEATS):
        name, year = f"Soyuz MS-{200 + n}", 2031 + n
        reports = race(
            lambda m=name, y=year: roster_import(data=roster(m, "Dmitry Petelin", y)),
            lambda m=name, y=year: roster_import(data=roster(m, "Anna Kikina", y)),
        )
        assert sorted(r.ok for r in reports) == [False, True], reports
        assert SeatAssignment.objects.filter(mission__name=name).count() == 1


def test_two_planners_taking_an_agreements_last_seat(world):
    world.integrated.in_force_to = None
    world.integrated.save()
    for n in range(REPEATS):
        world.integrated.seats_a_on_b = SeatAssignment.objects.filter(agreement=world.integrated).count() + 1
        world.integrated.save()
        first = world.soyuz_mission(f"Soyuz MS-{300 + n}a", f"{2040 + n}-01-01", f"{2040 + n}-02-01")
        second = world.soyuz_mission(f"Soyuz MS-{300 + n}b", f"{2040 + n}-03-01", f"{2040 + n}-04-01")
        results = race(
            lambda m=first: seat_assign(
                mission=m, crew_member=world.rubio, seat=3, role="flight_engineer", agreement=world.integrated
            ),
            lambda m=second: seat_assign(
                mission=m, crew_member=world.mann, seat=3, role="flight_engineer", agreement=world.integrated
            ),
        )
        assert sorted(isinstance(r, ValidationError) for r in results) == [False, True], results
        error = next(r for r in results if isinstance(r, ValidationError))
        assert (
            "No seats left for NASA crew on Roscosmos vehicles"
            in error.message_dict.get("agreement", [""])[0]
        ), error.message_dict
        assert SeatAssignment.objects.filter(mission__in=[first, second]).count() == 1


def test_a_date_change_waits_for_a_seat_being_added(world):
    """A mission's date change and a new seat on it at once: the change sees the new person's other flights."""
    other = world.soyuz_mission("Soyuz MS-80", "2031-01-01", "2031-03-01")
    SeatAssignment.objects.create(
        mission=other, leg="ascent", seat=1, role="commander", crew_member=world.kikina
    )
    mission = world.soyuz_mission("Soyuz MS-90", "2031-06-01", "2031-09-01")
    added, release = threading.Event(), threading.Event()

    def add_kikina():
        try:
            with transaction.atomic():
                seat_assign(
                    mission=Mission.objects.get(pk=mission.pk), crew_member=world.kikina, seat=2, role="pilot"
                )
                added.set()
                release.wait(10)  # still uncommitted while the other request checks
        finally:
            connections.close_all()

    thread = threading.Thread(target=add_kikina)
    thread.start()
    assert added.wait(10)
    threading.Timer(0.5, release.set).start()
    moved = Mission.objects.get(pk=mission.pk)
    moved.launch_date = dt.date(2031, 2, 1)  # into Kikina's flight on MS-80
    with pytest.raises(ValidationError) as exc, transaction.atomic():
        moved.full_clean()
    thread.join(10)
    assert "Anna Kikina is already aboard Soyuz MS-80" in str(exc.value)


def test_two_planners_claiming_the_same_open_seat(world):
    """Through the planners' service: exactly one holder in every repetition; the other gets the form error."""
    for n in range(REPEATS):
        year = 2050 + n
        mission = world.soyuz_mission(f"Soyuz MS-{400 + n}", f"{year}-03-01", f"{year}-09-01")
        results = race(
            lambda m=mission: seat_assign(
                mission=m, crew_member=world.petelin, seat=2, role="flight_engineer"
            ),
            lambda m=mission: seat_assign(
                mission=m, crew_member=world.kikina, seat=2, role="flight_engineer"
            ),
        )
        assert sorted(isinstance(r, ValidationError) for r in results) == [False, True], results
        error = next(r for r in results if isinstance(r, ValidationError))
        assert error.message_dict["seat"][0].startswith(
            f"Seat 2 on the ascent of Soyuz MS-{400 + n} is already held by"
        )
        assert SeatAssignment.objects.filter(mission=mission, leg="ascent", seat=2).count() == 1
