"""The roster pages, as a logged-in planner and as an anonymous visitor."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import mission_links, text
from missions.models import Mission
from missions.tests.factories import AgreementFactory, MissionFactory

PAGES = [
    ("pages:mission_list", []),
    ("pages:mission", ["soyuz-ms-22"]),
    ("pages:crew_list", []),
    ("pages:crew", ["frank-rubio"]),
    ("pages:export_all", []),
    ("pages:export_one", ["soyuz-ms-22"]),
    ("pages:upload", []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, db, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_home_page_goes_to_the_launches(viewer_client):
    response = viewer_client.get("/")
    assert response.status_code == 302 and response["Location"] == "/missions/"


def test_the_login_page_logs_in(client, viewer):
    response = client.post(reverse("login"), {"username": "viewer", "password": "pw-viewer-1"}, follow=True)
    assert response.redirect_chain[-1][0] == "/missions/"
    assert "Launches" in text(response)


class TestWithoutDemo:
    def test_paginated(self, viewer_client, world):
        for n in range(30):
            MissionFactory(
                name=f"Flight {n:02}", spacecraft=world.soyuz, launch_site=world.baikonur, status="landed"
            )
        first = text(viewer_client.get(reverse("pages:mission_list")))
        assert "Page 1 of 2" in first and len(mission_links(first)) == 25
        second = text(viewer_client.get(reverse("pages:mission_list"), {"page": 2}))
        assert len(mission_links(second)) == 5

    def test_no_qualification_is_a_visible_warning(self, viewer_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        SeatAssignmentFactory(mission=mission, crew_member=world.prokopyev, seat=1)
        html = text(viewer_client.get(mission.get_absolute_url()))
        assert 'qualification-none">none</span>' in html

    def test_an_unknown_mission_is_404(self, viewer_client, db):
        assert viewer_client.get("/missions/no-such-mission/").status_code == 404
        assert viewer_client.get("/missions/%3Cscript%3E/").status_code == 404

    def test_a_flight_whose_landing_is_unknown_says_so(self, viewer_client, world):
        mission = world.dragon_mission("SpaceX Crew-90", "2031-03-01", None, status="scheduled")
        SeatAssignmentFactory(mission=mission, crew_member=world.mann, seat=1)
        html = text(viewer_client.get(world.mann.get_absolute_url()))
        assert "not known yet" in html
        assert re.search(r'id="days-in-flight"> 0 days', html)  # a planned flight does not count
        assert "Upcoming assignments" in html and "SpaceX Crew-90</a>, ascent seat 1" in html

    def test_an_unknown_person_is_404(self, viewer_client, db):
        assert viewer_client.get("/crews/nobody/").status_code == 404
        assert viewer_client.get("/crews/%00/").status_code == 404
        assert viewer_client.get("/missions/%00/").status_code == 404
        assert viewer_client.get("/missions/%00/roster.csv").status_code == 404

    def test_a_flight_in_progress_is_not_counted_yet(self, viewer_client, world):
        mission = world.dragon_mission("SpaceX Crew-90", "2026-09-01", "2027-03-01", status="launched")
        SeatAssignmentFactory(mission=mission, crew_member=world.mann, seat=1)
        html = text(viewer_client.get(world.mann.get_absolute_url()))
        assert re.search(r'id="days-in-flight"> 0 days', html)
        assert "not counting 1 flight launched but not landed on file" in html and "(in flight)" in html

    @pytest.mark.parametrize(
        "params",
        [
            {"year": "abc"},
            {"agency": "NOPE"},
            {"status": "exploded"},
            {"spacecraft": "<b>x</b>"},
            {"page": "999"},
            {"year": "0"},
            {"year": "-1"},
            {"year": "99999"},
            {"year": "2022.5"},
        ],
    )
    def test_a_bad_filter_value_is_a_message_not_an_error(self, viewer_client, world, params):
        response = viewer_client.get(reverse("pages:mission_list"), params)
        assert response.status_code == 200
        if "page" not in params:
            assert "Some filters were not applied" in text(response)
        assert "<b>x</b>" not in response.content.decode()


def test_names_are_data_on_every_page(viewer_client, steward_client, world):
    mission = world.soyuz_mission("<i>Soyuz</i> {{7*7}}", "2031-03-01", "2031-09-01")
    evil = CrewMemberFactory(name="<script>alert(1)</script>", agency=world.roscosmos, nationality="{{7*7}}")
    SeatAssignmentFactory(mission=mission, crew_member=evil, seat=1)
    urls = [
        reverse("pages:mission_list"),
        mission.get_absolute_url(),
        reverse("pages:crew_list"),
        evil.get_absolute_url(),
        reverse("pages:mission_list") + "?q=%3Cscript%3E",
    ]
    for url in urls:
        html = viewer_client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in html, url
        assert "<i>Soyuz</i>" not in html, url
        assert "49" not in re.sub(r"\d{3,}", "", html) or "{{7*7}}" in html, url
    admin_html = steward_client.get(
        reverse("admin:missions_mission_change", args=[mission.pk])
    ).content.decode()
    assert "<script>alert(1)</script>" not in admin_html


def _make_missions(world, n: int) -> None:
    for _ in range(n):
        mission = MissionFactory(
            spacecraft=world.soyuz, launch_site=world.baikonur, destination=world.iss, status="landed"
        )
        for seat in (1, 2):
            person = CrewMemberFactory(agency=world.roscosmos)
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=seat)
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=seat, leg="return")
        SeatAssignmentFactory(
            mission=mission,
            crew_member=CrewMemberFactory(agency=world.nasa),
            seat=3,
            agreement=world.integrated,
        )


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url",
    [
        "/missions/",
        "/missions/?q=Crew&agency=NASA",
        "/missions/roster.csv",
        "/missions/roster.csv?year=2030",
        "/crews/",
        "/crews/?q=member",
    ],
)
def test_lists_and_exports_do_not_query_per_row(viewer_client, world, url, django_assert_max_num_queries):
    _make_missions(world, 10)
    ten = _queries(viewer_client, url)
    _make_missions(world, 90)
    with django_assert_max_num_queries(ten):
        response = viewer_client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)


def test_object_pages_do_not_query_per_seat_or_flight(viewer_client, world, django_assert_max_num_queries):
    """A roster and a person's page: the same count with 1 and with 12 flights on file."""
    _make_missions(world, 1)
    mission = Mission.objects.get()
    person = mission.seat_assignments.first().crew_member
    roster, profile = (
        _queries(viewer_client, mission.get_absolute_url()),
        _queries(viewer_client, person.get_absolute_url()),
    )
    for _ in range(11):
        other = MissionFactory(spacecraft=world.soyuz, launch_site=world.baikonur, status="landed")
        SeatAssignmentFactory(mission=other, crew_member=person, seat=1)
        SeatAssignmentFactory(mission=other, crew_member=person, seat=1, leg="return")
    # Seats under two more agreements: their agencies come in the same query.
    second, third = (
        AgreementFactory(agency_a=world.nasa, agency_b=world.roscosmos, name=f"Agreement {n}") for n in (2, 3)
    )
    SeatAssignmentFactory(mission=mission, crew_member=CrewMemberFactory(agency=world.nasa), seat=3, leg="return",
                          agreement=second)  # fmt: skip
    mission.seat_assignments.filter(leg="ascent", seat=3).update(agreement=third)
    with django_assert_max_num_queries(roster):
        viewer_client.get(mission.get_absolute_url())
    with django_assert_max_num_queries(profile):
        viewer_client.get(person.get_absolute_url())
