"""A station page's content kept whole under the record's version, the day and its address (`kept_page`,
issue 12): shown again it reads the record's version only; never stale after a change commits (a crew, where
the record ends); a new day or another address is worked out afresh; a transaction that changed the record is
shown its change and keeps nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from crews.models import RecordSource
from crews.tests.factories import SeatAssignmentFactory
from crews.tests.helpers import text
from crews.views import stations

pytestmark = pytest.mark.django_db(transaction=True)
DAY = dt.date(2030, 5, 1)


@pytest.fixture
def station_page(world, monkeypatch):
    monkeypatch.setattr(stations, "today", lambda: DAY)
    mission = world.soyuz_mission("Soyuz MS-30", "2030-03-01T08:00Z", "2030-09-01T06:00Z", status="launched")
    SeatAssignmentFactory(mission=mission, crew_member=world.kikina, seat=1, role="commander")
    cache.clear()
    return world.iss.get_absolute_url(), mission


def aboard(html: str) -> str:
    return html.split('aria-labelledby="aboard-heading"')[1].split("</section>")[0]


def test_shown_again_it_reads_nothing_but_the_version_and_a_change_shows_at_once(
    admin_client, world, station_page
):
    url, mission = station_page
    first = text(admin_client.get(url))
    assert "Anna Kikina" in aboard(first) and "Dmitry Petelin" not in aboard(first)
    with CaptureQueriesContext(connection) as again:
        assert aboard(text(admin_client.get(url))) == aboard(first)
    reads = [
        q["sql"]
        for q in again
        if ("missions_" in q["sql"] or "crews_" in q["sql"]) and "recordversion" not in q["sql"]
    ]
    assert reads == [], reads  # the session, the user, the record's version: nothing of the station
    SeatAssignmentFactory(mission=mission, crew_member=world.petelin, seat=2)
    assert "Dmitry Petelin" in aboard(text(admin_client.get(url)))


def test_where_the_record_ends_is_a_change_too(admin_client, station_page):
    url, _mission = station_page
    assert "The record ends on" not in text(admin_client.get(url))
    RecordSource.objects.create(key="feed", name="A feed", licence="CC0", record_ends=dt.date(2030, 4, 1))
    assert "The record ends on 2030-04-01" in text(admin_client.get(url))


def test_another_day_or_another_address_is_worked_out_afresh(admin_client, station_page, monkeypatch):
    url, _mission = station_page
    assert "Aboard on 2030-05-01" in text(admin_client.get(url))
    monkeypatch.setattr(stations, "today", lambda: DAY + dt.timedelta(days=1))
    assert "Aboard on 2030-05-02" in text(admin_client.get(url))
    assert "Aboard on 2030-02-01" in text(admin_client.get(url, {"date": "2030-02-01"}))
    assert "Anna Kikina" not in aboard(text(admin_client.get(url, {"date": "2030-02-01"})))


def test_a_transaction_that_changed_the_record_is_shown_its_change(admin_client, world, station_page):
    url, mission = station_page
    admin_client.get(url)  # kept
    with transaction.atomic():
        SeatAssignmentFactory(mission=mission, crew_member=world.petelin, seat=2)
        assert "Dmitry Petelin" in aboard(text(admin_client.get(url)))
        transaction.set_rollback(True)
    assert "Dmitry Petelin" not in aboard(text(admin_client.get(url)))


def test_a_long_made_up_address_is_not_kept(admin_client, station_page):
    url, _mission = station_page
    junk = {"x": "y" * (stations.LONGEST_KEPT_QUERY + 1)}
    admin_client.get(url, junk)
    with CaptureQueriesContext(connection) as again:
        assert admin_client.get(url, junk).status_code == 200
    assert [q for q in again if "crews_seatassignment" in q["sql"]]


def test_an_address_longer_than_a_cache_key_is_kept_under_its_hash(admin_client, station_page):
    url, _mission = station_page
    query = {"date": "2030-05-01", "ground": "", "note": "Ж" * 60}  # 360 characters encoded: kept, hashed
    first = text(admin_client.get(url, query))
    with CaptureQueriesContext(connection) as again:
        assert aboard(text(admin_client.get(url, query))) == aboard(first)
    assert not [q for q in again if "crews_seatassignment" in q["sql"]]
