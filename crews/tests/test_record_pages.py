"""With the whole record loaded (~645 people, 362 missions, 1,414 person-flights): every page costs what it
shows, not what the record holds."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from crews.tests.helpers import text
from missions.models import Mission, Station


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        # The page's ids, then its rows, then their seats (figures, crew, agencies), then the record's version
        # and (the first time) the three reads of the record around the rows for their rule warnings.
        ("/missions/", 15),
        ("/missions/?page=12", 15),
        ("/missions/?q=soyuz", 18),  # SQLite compares names in Python: three queries of names
        # The session and the user, then the missions and their seats; on PostgreSQL (inside the tests'
        # transaction) the planner's setting, the one COPY and the setting back (`export._copy_roster`).
        ("/missions/roster.csv", 5 if connection.vendor == "postgresql" else 4),
        ("/agreements/", 10),
    ],
)
def test_list_pages_and_the_export(record, viewer_client, django_assert_max_num_queries, url, limit):
    with django_assert_max_num_queries(limit):
        response = viewer_client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200 and body


def test_every_mission_page_costs_the_same(record, viewer_client, django_assert_max_num_queries):
    """The biggest crews (STS-61-A's eight), the oldest (year only), a lost one, one still up."""
    for name in ("STS-61-A", "Vostok 1", "STS-107", "Soyuz MS-28", "Soyuz TM-31"):
        mission = Mission.objects.get(name=name)
        with django_assert_max_num_queries(14):
            response = viewer_client.get(mission.get_absolute_url())
        assert response.status_code == 200, name


def words(response) -> str:
    """What a reader sees: the page's text without its tags, white space folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def test_a_lost_mission_says_so_and_makes_up_no_empty_seats(record, viewer_client):
    page = words(viewer_client.get(Mission.objects.get(name="STS-51-L").get_absolute_url()))
    assert "Landing Lost with its crew" in page and "Launch 1986" in page
    assert "empty" not in page  # seven people, eight seats: which one flew empty is not on file


def test_a_landing_not_on_file_says_what_the_record_knows(record, viewer_client):
    page = words(viewer_client.get(Mission.objects.get(name="Soyuz MS-28").get_absolute_url()))
    assert "Landing not on file (a source last shows the crew in space on 2026-04-13)" in page
    page = words(viewer_client.get(Mission.objects.get(name="Vostok 1").get_absolute_url()))
    assert "Landing not on file (landed by 1962-01-01 at the latest)" in page


def test_every_station_has_a_page(record, viewer_client):
    for station in Station.objects.all():
        assert viewer_client.get(reverse("pages:station", args=[station.slug])).status_code == 200


def test_the_stations_list_in_the_order_they_were_first_visited(
    record, viewer_client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        response = viewer_client.get(reverse("pages:station_list"))
    page = words(response)
    names = re.findall(r'<tr> <td><a href="/stations/[^"]+/">([^<]+)</a>', text(response))
    assert names[:3] == ["Salyut 1", "Skylab", "Salyut 3"] and names.index("Mir") < names.index(
        "International Space Station"
    )
    assert "International Space Station (ISS) NASA, Roscosmos" in page
