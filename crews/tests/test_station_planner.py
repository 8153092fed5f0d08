"""The station page as a planner meets it (issue 13, items 2, 3, 4 and 12): continuity to the last planned landing
with today marked and the period's end labelled, the stranded first under a grounding, where the record ends
linked, and a summary of the gaps before the chart."""

import datetime as dt
import re

import pytest

from crews.tests.factories import SeatAssignmentFactory
from crews.tests.helpers import text

TODAY = dt.date(2026, 11, 30)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("crews.views.stations.today", lambda: TODAY)
    return TODAY


def flight(mission, person):
    SeatAssignmentFactory(mission=mission, crew_member=person, seat=None)
    SeatAssignmentFactory(mission=mission, crew_member=person, seat=None, leg="return")


@pytest.fixture
def planned(world):
    """NASA stays until 2028-01-10; the last Roscosmos crew lands on 2027-09-21: a Roscosmos gap after the last
    planned launch, found only if continuity runs to the last planned landing."""
    flight(world.dragon_mission("SpaceX Crew-90", "2026-01-05", "2026-07-01", status="landed"), world.mann)
    flight(world.soyuz_mission("Soyuz MS-90", "2026-01-01", "2026-07-02", status="landed"), world.prokopyev)
    flight(
        world.dragon_mission("SpaceX Crew-91", "2026-06-20", "2027-03-20", status="launched"), world.cassada
    )
    flight(world.soyuz_mission("Soyuz MS-91", "2026-06-25", "2027-03-25", status="launched"), world.petelin)
    flight(world.dragon_mission("SpaceX Crew-92", "2027-03-15", "2028-01-10"), world.rubio)
    flight(world.soyuz_mission("Soyuz MS-92", "2027-03-21", "2027-09-21"), world.kikina)
    return world


def test_continuity_runs_to_the_last_planned_landing_with_today_and_the_end_marked(
    viewer_client, planned, today
):
    page = text(viewer_client.get(planned.iss.get_absolute_url()))
    summary = re.search(r'<ul class="list-unstyled small gap-summary[^>]*>(.*?)</ul>', page).group(1)
    assert "Roscosmos 111.0 days from 2027-09-22" in re.sub(r"<[^>]+>", "", summary)
    # The period runs to the end of the last planned landing's day: midnight of 2028-01-11.
    assert 'name="period_end" id="id_period_end" class="form-control" value="2028-01-11"' in page
    assert 'stroke-width="3">today, 2026-11-30</text>' in page
    assert 'class="period-end-label"' in page and "end of the period, 2028-01-11 00:00 UTC" in page


def test_under_a_grounding_the_stranded_come_before_any_no_gap(viewer_client, world, today):
    """Cristoforetti goes up on a Soyuz and is to come home on a Crew Dragon launched after the grounding."""
    up = world.soyuz_mission("Soyuz MS-93", "2027-03-21", "2027-09-21")
    home = world.dragon_mission("SpaceX Crew-93", "2027-08-01", "2028-02-01")
    for person in (world.prokopyev, world.mann):  # both agencies aboard throughout: no gap either way
        flight(world.soyuz_mission(f"Soyuz {person.pk}", "2026-06-01", "2028-03-01"), person)
    SeatAssignmentFactory(mission=up, crew_member=world.cristoforetti, seat=None)
    SeatAssignmentFactory(mission=home, crew_member=world.cristoforetti, seat=None, leg="return")
    page = text(
        viewer_client.get(world.iss.get_absolute_url(), {"ground": "crew-dragon", "from": "2027-07-01"})
    )
    stranded = page.index("No ride home")
    assert "Samantha Cristoforetti" in page[stranded : stranded + 600]
    no_gap = page.find("No gap:")
    assert no_gap == -1 or stranded < no_gap
    assert re.search(r'<div class="alert alert-warning">\s*<h3 class="h6">No ride home</h3>', page)


def test_after_the_record_ends_the_page_says_so_and_links_to_its_last_day(viewer_client, world, monkeypatch):
    from crews.models import RecordSource

    flight(world.soyuz_mission("Soyuz MS-22", "2022-09-21", "2023-03-28", status="landed"), world.prokopyev)
    RecordSource.objects.create(key="feed", name="Feed", licence="CC0", record_ends=dt.date(2026, 4, 13))
    monkeypatch.setattr("crews.views.stations.today", lambda: dt.date(2026, 11, 30))
    page = text(viewer_client.get(world.iss.get_absolute_url()))
    assert "The record ends on 2026-04-13; landings after that are not on file." in page
    assert '<a href="?date=2026-04-13">its last day, 2026-04-13</a>' in page


def test_on_a_phone_the_timeline_says_it_scrolls(viewer_client, planned, today):
    page = text(viewer_client.get(planned.iss.get_absolute_url()))
    assert (
        '<p class="d-md-none scroll-hint text-body-secondary mb-1" aria-hidden="true">The timeline scrolls sideways'
        in page
    )
    assert page.index("gap-summary") < page.index('<div class="timeline-frame">')
