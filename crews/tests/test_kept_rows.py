"""The list pages' rows kept whole under the record's version and the day (`crews.kept_rows`, issue 12): a page
shown again reads its ids and takes its rows from the cache; never stale after a change commits, whatever
changed; a new day writes them again (a launch "in N days", an agreement that expired); a transaction that
changed the record is shown its own change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from crews.models import CrewMember, OtherName
from crews.tests.factories import SeatAssignmentFactory
from crews.tests.helpers import text
from missions.models import Mission, Spacecraft

LAUNCHES = reverse("pages:mission_list")
CREWS = reverse("pages:crew_list")
AGREEMENTS = reverse("pages:agreement_list")

pytestmark = pytest.mark.django_db(transaction=True)


def tbody(html: str) -> str:
    return html.split("<tbody>")[1].split("</tbody>")[0]


def row_of(html: str, href: str) -> str:
    for row in re.findall(r"<tr>(.*?)</tr>", tbody(html), re.S):
        if f'href="{href}"' in row:
            return row
    raise AssertionError(f"no row links to {href}")


def reads(queries, table: str) -> list[str]:
    return [q["sql"] for q in queries if f'"{table}"' in q["sql"] and "COUNT(" not in q["sql"]]


@pytest.fixture
def planned(world):
    mission = world.soyuz_mission("Soyuz MS-30", "2030-03-01", "2030-09-01")
    SeatAssignmentFactory(mission=mission, crew_member=world.kikina, seat=1, role="commander")
    cache.clear()
    return mission


def at(day: dt.date):
    return lambda: dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)


def test_a_launch_row_is_kept_and_written_again_after_any_change(admin_client, world, planned):
    first = text(admin_client.get(LAUNCHES))
    with CaptureQueriesContext(connection) as again:
        html = text(admin_client.get(LAUNCHES))
    assert tbody(html) == tbody(first)
    assert reads(again, "crews_seatassignment") == []  # the rows' seats: not read again
    # A seat added (the crew chips), a spacecraft renamed (not the mission itself): each shows at once.
    SeatAssignmentFactory(mission=planned, crew_member=world.petelin, seat=2)
    assert ">Petelin</span>" in row_of(text(admin_client.get(LAUNCHES)), planned.get_absolute_url())
    soyuz = Spacecraft.objects.get(pk=world.soyuz.pk)
    soyuz.name = "Soyuz MS (renamed)"
    soyuz.save()
    assert "Soyuz MS (renamed)" in row_of(text(admin_client.get(LAUNCHES)), planned.get_absolute_url())


def test_a_launch_row_counts_down_from_the_day_it_is_shown(admin_client, world, monkeypatch):
    # (Days before the real one: the test client's session must not have expired on the clock set.)
    mission = world.soyuz_mission("Soyuz MS-28", "2026-03-01", "2026-09-01")
    monkeypatch.setattr(timezone, "now", at(dt.date(2026, 2, 27)))
    assert "in 2 days" in row_of(text(admin_client.get(LAUNCHES)), mission.get_absolute_url())
    monkeypatch.setattr(timezone, "now", at(dt.date(2026, 2, 28)))
    assert "tomorrow" in row_of(text(admin_client.get(LAUNCHES)), mission.get_absolute_url())


def test_a_person_row_is_kept_and_shows_a_new_flight_and_a_new_other_name(admin_client, world, planned):
    person = world.petelin.get_absolute_url()
    before = row_of(text(admin_client.get(CREWS)), person)
    with CaptureQueriesContext(connection) as again:
        assert row_of(text(admin_client.get(CREWS)), person) == before
    assert reads(again, "crews_othername") == []  # nor their careers
    assert not [q for q in again if "EXECUTE" in q["sql"] or "flights" in q["sql"]]
    # Each change on its own (one alone must give the record a new version): an other name, a nationality, a
    # flight.
    OtherName.objects.create(crew_member=world.petelin, name="Dmitriy Petelin")
    assert "Dmitriy Petelin" in row_of(text(admin_client.get(CREWS)), person)
    petelin = CrewMember.objects.get(pk=world.petelin.pk)
    petelin.nationality = "Russian Federation"
    petelin.save()
    assert "Russian Federation" in row_of(text(admin_client.get(CREWS)), person)
    flown = world.soyuz_mission("Soyuz MS-29", "2029-03-01T10:00Z", "2029-09-01T06:00Z", status="landed")
    SeatAssignmentFactory(mission=flown, crew_member=world.petelin, seat=2)
    after = row_of(text(admin_client.get(CREWS)), person)
    assert '<td class="text-end flights">1</td>' in after and after != before


def test_an_agreement_row_is_kept_shows_a_new_seat_and_expires_on_the_day(admin_client, world, monkeypatch):
    cache.clear()
    monkeypatch.setattr(timezone, "now", at(dt.date(2025, 12, 31)))
    href = world.integrated.get_absolute_url()
    html = text(admin_client.get(AGREEMENTS))
    assert "in force" in html.split(href)[1][:800]
    with CaptureQueriesContext(connection) as again:
        admin_client.get(AGREEMENTS)
    assert reads(again, "crews_seatassignment") == []  # the ledgers: not counted again
    mission = world.dragon_mission("SpaceX Crew-11", "2025-08-01", "2026-02-01")
    SeatAssignmentFactory(mission=mission, crew_member=world.kikina, seat=4, agreement=world.integrated)
    rows = text(admin_client.get(AGREEMENTS)).split(href)[1][:2500]
    assert '<td class="text-end">2</td><td class="text-end">0</td><td class="text-end">1</td>' in rows
    monkeypatch.setattr(timezone, "now", at(dt.date(2026, 1, 1)))
    assert "expired" in text(admin_client.get(AGREEMENTS)).split(href)[1][:800]


def test_a_transaction_that_changed_the_record_is_shown_its_change_and_keeps_nothing(admin_client, planned):
    admin_client.get(LAUNCHES)  # kept
    with transaction.atomic():
        Mission.objects.filter(pk=planned.pk).update(name="Soyuz MS-30 (moved)")
        Mission.objects.get(pk=planned.pk).save()  # a save: the record's version waits for the commit
        html = text(admin_client.get(LAUNCHES))
        assert "Soyuz MS-30 (moved)" in row_of(html, planned.get_absolute_url())
        transaction.set_rollback(True)
    assert "(moved)" not in text(admin_client.get(LAUNCHES))


def test_the_count_is_kept_per_filter_and_follows_a_change(admin_client, world, planned):
    def count(html: str) -> str:
        return re.search(r"(\d+) launch(es)? *\.", html.split("</table>")[1]).group(0)

    assert count(text(admin_client.get(LAUNCHES))) == "1 launch."
    with CaptureQueriesContext(connection) as again:
        admin_client.get(LAUNCHES)
    assert not [q for q in again if "COUNT(" in q["sql"]]
    # Another filter is counted on its own; a new mission shows in both at once.
    assert count(text(admin_client.get(LAUNCHES, {"q": "nothing like it"}))) == "0 launches."
    world.soyuz_mission("Soyuz MS-31", "2031-03-01", "2031-09-01")
    assert count(text(admin_client.get(LAUNCHES))) == "2 launches."
    assert count(text(admin_client.get(LAUNCHES, {"q": "ms31"}))) == "1 launch."


def test_a_long_search_in_cyrillic_is_kept_under_a_key_of_fixed_length(admin_client, world, planned):
    """A key of the cache is at most 250 characters (longer: a warning, an error in the tests); a search's query
    string, six characters a Cyrillic letter once encoded, stands in it as a hash."""
    query = {"q": "Александр Александрович Скворцов-Младший", "nationality": "Российская Федерация"}
    for _ in range(2):  # written and kept, then taken
        assert admin_client.get(CREWS, query).status_code == 200
        assert admin_client.get(LAUNCHES, query).status_code == 200
