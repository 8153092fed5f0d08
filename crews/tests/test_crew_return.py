"""Bringing a crew home in one step (issue 13, item 7): the same crew on this mission's return, or on another
mission's; the same rules as one seat at a time; a stale confirmation and a planner without the permission
refused."""

import pytest
from django.urls import reverse

from crews.history import recent_changes
from crews.models import SeatAssignment
from crews.tests.world import assign


@pytest.fixture
def up(world):
    """Soyuz MS-90 (2024): Prokopyev commands, Petelin, and Rubio under the integrated-crew agreement; nobody
    has a return leg yet."""
    mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01T12:00Z", "2024-09-01")
    assign(mission, world.prokopyev, 1, role="commander")
    assign(mission, world.petelin, 2)
    assign(mission, world.rubio, 3, agreement=world.integrated)
    return mission


def url(mission) -> str:
    return reverse("pages:crew_return", args=[mission.slug])


def returns(mission) -> list[tuple]:
    seats = mission.seat_assignments.filter(leg="return").order_by("seat")
    return list(seats.values_list("seat", "role", "crew_member__name", "agreement__name"))


def test_the_roster_offers_to_bring_the_crew_home_until_everyone_has_a_return(
    planner_client, viewer_client, up
):
    assert "Bring the crew home…" in planner_client.get(up.get_absolute_url()).content.decode()
    assert "Bring the crew home…" not in viewer_client.get(up.get_absolute_url()).content.decode()
    for ascent in list(up.seat_assignments.all()):
        SeatAssignment.objects.create(mission=up, leg="return", seat=ascent.seat, role=ascent.role,
                                      crew_member=ascent.crew_member, agreement=ascent.agreement)  # fmt: skip
    assert "Bring the crew home…" not in planner_client.get(up.get_absolute_url()).content.decode()


def test_the_same_crew_comes_home_on_the_same_mission_in_one_step(planner_client, up, world):
    page = planner_client.get(url(up)).content.decode()
    assert "The plan: Soyuz MS-90, return leg" in page
    assert "Bring them home on Soyuz MS-90" in page
    response = planner_client.post(
        url(up), {"mission": up.pk, "expected": f"{world.prokopyev.pk},{world.petelin.pk},{world.rubio.pk}"},
        follow=True,
    )  # fmt: skip
    assert (
        "Sergey Prokopyev, Dmitry Petelin and Frank Rubio return on Soyuz MS-90 (return seats 1, 2, 3)."
        in response.content.decode()
    )
    assert returns(up) == [
        (1, "commander", "Sergey Prokopyev", None),
        (2, "flight_engineer", "Dmitry Petelin", None),
        (3, "flight_engineer", "Frank Rubio", "NASA–Roscosmos integrated crew agreement"),
    ]
    texts = [c.text for c in recent_changes(up)]
    assert sum(t.startswith("assigned") for t in texts) == 6


def test_the_crew_comes_home_on_another_mission(planner_client, up, world):
    """As the MS-22 crew came home on MS-23: the ride's own crew comes home later, on another vehicle."""
    ride = world.soyuz_mission("Soyuz MS-91", "2024-08-20T12:00Z", "2025-02-01")
    page = planner_client.get(url(up), {"mission": ride.pk}).content.decode()
    assert "The plan: Soyuz MS-91, return leg" in page
    response = planner_client.post(url(up), {"mission": ride.pk}, follow=True)
    assert "return on Soyuz MS-91 (return seats 1, 2, 3)." in response.content.decode()
    assert [row[:3] for row in returns(ride)] == [
        (1, "commander", "Sergey Prokopyev"),
        (2, "flight_engineer", "Dmitry Petelin"),
        (3, "flight_engineer", "Frank Rubio"),
    ]
    assert returns(up) == []


def test_a_ride_without_room_for_everyone_says_who_has_no_seat(planner_client, up, world):
    ride = world.soyuz_mission("Soyuz MS-91", "2024-08-20T12:00Z", "2025-02-01")
    assign(ride, world.kikina, 1, role="commander")
    assign(ride, world.kikina, 2, leg="return", role="commander")
    page = planner_client.get(url(up), {"mission": ride.pk}).content.decode().replace("&#x27;", "'")
    # Prokopyev keeps seat 1 and Rubio seat 3; Petelin's seat 2 is Kikina's, and no other is left.
    message = "Soyuz MS-91's return has 2 open seats for 3 people: no seat for Dmitry Petelin."
    assert message in page
    assert "Bring them home on" not in page
    response = planner_client.post(url(up), {"mission": ride.pk})
    assert message in response.content.decode().replace("&#x27;", "'")
    assert [row[2] for row in returns(ride)] == ["Anna Kikina"]


def test_own_seats_first_and_one_commander(world):
    """Seat 1 of the ride's return is free but its commander sits in seat 3: the ascent's commander keeps seat 1
    as a flight engineer; someone whose seat is taken takes the lowest seat left."""
    from crews.returns import crew_without_return, plan_return

    up = world.soyuz_mission("Soyuz MS-93", "2024-03-01T12:00Z", "2024-09-01")
    assign(up, world.prokopyev, 1, role="commander")
    assign(up, world.petelin, 3)
    ride = world.soyuz_mission("Soyuz MS-94", "2024-08-20T12:00Z", "2025-02-01")
    assign(ride, world.kikina, 3, role="commander")
    assign(ride, world.kikina, 3, leg="return", role="commander")
    plan = plan_return(crew_without_return(up), ride)
    assert [(s.seat, s.role, s.crew_member.name) for s in plan.seats] == [
        (1, "flight_engineer", "Sergey Prokopyev"),
        (2, "flight_engineer", "Dmitry Petelin"),
    ]
    assert plan.left_out == []


def test_a_confirmation_of_a_crew_that_changed_since_is_refused(planner_client, up, world):
    seen = f"{world.prokopyev.pk},{world.petelin.pk}"  # the preview, before Rubio was added
    response = planner_client.post(url(up), {"mission": up.pk, "expected": seen})
    assert response.status_code == 200
    assert (
        "crew waiting for a return changed since you looked: nothing was changed" in response.content.decode()
    )
    assert returns(up) == []


def test_the_rules_still_decide(planner_client, up, world):
    """Petelin flies again on MS-95 before the chosen ride lands: the rules refuse in their own words, and
    nobody is written."""
    ride = world.soyuz_mission("Soyuz MS-91", "2024-08-20T12:00Z", "2025-02-01")
    later = world.soyuz_mission("Soyuz MS-95", "2024-10-01T12:00Z", "2025-03-01")
    assign(later, world.petelin, 2)
    assign(later, world.petelin, 2, leg="return")
    response = planner_client.post(url(up), {"mission": ride.pk})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("Dmitry Petelin" in e and "Soyuz MS-95" in e for e in errors), errors
    assert str(errors[0]) in response.content.decode().replace("&#x27;", "'")
    assert returns(ride) == []


def test_a_planner_without_the_permission_is_refused(viewer_client, up):
    assert viewer_client.get(url(up)).status_code == 403
    assert viewer_client.post(url(up), {"mission": up.pk}).status_code == 403
    assert returns(up) == []


def test_everyone_home_already_says_so(planner_client, world):
    ms22, _ = world.flown_rubio()
    page = planner_client.get(url(ms22)).content.decode()
    assert "Everyone of Soyuz MS-22’s ascent crew has a return on file." in page
