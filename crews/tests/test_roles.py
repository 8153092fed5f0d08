"""Who may change what: every change URL, for every role, as a table (URL, role) → status."""

import pytest
from django.urls import reverse

from crews.models import SeatAssignment
from crews.tests.world import assign
from missions.models import Mission

CHANGE_URLS = [
    # (name, needs a mission, needs a seat)
    ("pages:mission_create", False, False),
    ("pages:mission_edit", True, False),
    ("pages:seat_assign", True, False),
    ("pages:seat_move", True, True),
    ("pages:seat_swap", True, True),
    ("pages:seat_release", True, True),
    ("pages:return_record", True, True),
    ("pages:upload", False, False),
]
EXPECTED = {"anonymous": 302, "viewer": 403, "planner": 200}


#: The persona fixtures (conftest.py) whose client each role uses.
PERSONA_CLIENTS = {"anonymous": "client", "viewer": "viewer_client", "planner": "planner_client"}


@pytest.fixture
def client_for(request):
    """The logged-in client of a role's persona."""
    return lambda role: request.getfixturevalue(PERSONA_CLIENTS[role])


def url_for(
    name: str, mission: Mission, seat: SeatAssignment, *, needs_mission: bool, needs_seat: bool, slug=None
):
    if needs_seat:
        return reverse(name, args=[slug or mission.slug, seat.pk])
    if needs_mission:
        return reverse(name, args=[slug or mission.slug])
    return reverse(name)


def written(mission) -> tuple:
    return (
        Mission.objects.count(),
        list(SeatAssignment.objects.order_by("pk").values_list("pk", "mission_id", "seat", "role")),
        Mission.objects.get(pk=mission.pk).version,
        SeatAssignment.history.count(),
    )


@pytest.fixture
def scene(world):
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    seat = assign(mission, world.prokopyev, 1, role="commander")
    assign(mission, world.petelin, 2)
    return mission, seat


@pytest.mark.parametrize("role", ["anonymous", "viewer", "planner"])
@pytest.mark.parametrize(("name", "needs_mission", "needs_seat"), CHANGE_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_role_table(scene, client_for, role, name, needs_mission, needs_seat, method):
    mission, seat = scene
    client = client_for(role)
    url = url_for(name, mission, seat, needs_mission=needs_mission, needs_seat=needs_seat)
    before = written(mission)
    response = getattr(client, method)(url)
    expected = EXPECTED[role]
    if role == "planner":
        # GET shows the form; an empty POST is a form with errors (200), or a release (302).
        assert response.status_code in (200, 302), url
    else:
        assert response.status_code == expected, url
        if role == "anonymous":
            assert response["Location"].startswith(reverse("login"))
        assert written(mission) == before


@pytest.mark.parametrize(("name", "needs_mission", "needs_seat"), [u for u in CHANGE_URLS if u[1]])
@pytest.mark.parametrize("slug", ["no-such-mission", "%00", "soyuz-ms-90%2F"])
def test_unknown_or_malformed_objects_are_404(scene, client_for, name, needs_mission, needs_seat, slug):
    mission, seat = scene
    client = client_for("planner")
    path = url_for(name, mission, seat, needs_mission=needs_mission, needs_seat=needs_seat).replace(
        mission.slug, slug
    )
    assert client.get(path).status_code == 404
    if needs_seat:
        other_mission = reverse(name, args=["soyuz-ms-90", 999999])
        assert client.get(other_mission).status_code == 404
        assert client.get(f"/missions/soyuz-ms-90/seats/abc/{name.split('_')[-1]}/").status_code == 404


def test_a_viewer_sees_no_edit_controls(scene, client_for):
    mission, _ = scene
    client = client_for("viewer")
    for url in (mission.get_absolute_url(), reverse("pages:mission_list")):
        html = client.get(url).content.decode()
        for control in (
            "Edit mission",
            "New mission",
            ">Assign<",
            ">Move<",
            ">Swap<",
            ">Release<",
            "Upload a roster",
        ):
            assert control not in html, (url, control)


def test_a_planner_sees_them(scene, client_for):
    mission, _ = scene
    html = client_for("planner").get(mission.get_absolute_url()).content.decode()
    for control in ("Edit mission", ">Assign<", ">Move<", ">Swap<", ">Release<", "Upload a roster"):
        assert control in html, control
