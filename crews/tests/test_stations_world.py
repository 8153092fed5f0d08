"""Station and agreement pages on worlds built for the case (no demo data)."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import ISS, SVG, reports, svgs, text
from missions.tests.factories import MissionFactory


class TestWorlds:
    def test_a_grounding_that_opens_a_gap(self, viewer_client, world):
        """Roscosmos rides only Soyuz here: grounding Soyuz leaves it with nobody aboard."""
        up = world.soyuz_mission("Soyuz MS-90", "2031-01-01", "2031-07-01", status="scheduled")
        later = world.soyuz_mission("Soyuz MS-91", "2031-06-01", "2032-06-01")
        for mission, person in ((up, world.prokopyev), (later, world.petelin)):
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=1)
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=1, leg="return")
        for name, launch, landing, person in (("SpaceX Crew-90", "2031-01-01", "2032-12-01", world.mann),
                                               ("SpaceX Crew-91", "2032-01-01", "2032-06-01", world.cassada)):  # fmt: skip
            SeatAssignmentFactory(
                mission=world.dragon_mission(name, launch, landing), crew_member=person, seat=1
            )
        # The period the page once showed by default: from both agencies aboard (2031-01-01) to the last launch.
        asked = {
            "ground": "soyuz-ms",
            "from": "2031-05-01",
            "period_start": "2031-01-01",
            "period_end": "2032-01-01",
        }
        html = text(viewer_client.get(world.iss.get_absolute_url(), asked))
        recorded, grounded = reports(html)
        assert "No gap" in recorded
        rows = re.findall(
            r'<tr class="table-danger"><td>([^<]*)</td><td>nobody aboard</td><td>([^<]*)</td><td>([^<]*)</td>',
            grounded,
        )
        assert rows == [("Roscosmos", "2031-07-02 00:00", "2032-01-01 00:00")]
        gaps_csv = viewer_client.get(reverse("pages:station_gaps_csv", args=["iss"]), asked)
        assert gaps_csv["Content-Disposition"] == 'attachment; filename="gaps-iss-2031-01-01-2032-01-01.csv"'
        lines = b"".join(gaps_csv.streaming_content).decode("utf-8-sig").splitlines()
        assert lines == [
            "scenario,agency,what,gap_start_utc,gap_end_utc,days",
            "Soyuz MS grounded from 2031-05-01,Roscosmos,nobody aboard,2031-07-02T00:00Z,2032-01-01T00:00Z,183.00",
        ]

    def test_gaps_are_red_in_the_svg(self, viewer_client, world):
        first = world.soyuz_mission("Soyuz MS-90", "2031-01-01", "2031-03-01", status="scheduled")
        second = world.soyuz_mission("Soyuz MS-91", "2031-05-01", "2031-09-01")
        for mission, person in ((first, world.prokopyev), (second, world.petelin)):
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=1)
        nasa = world.dragon_mission("SpaceX Crew-90", "2030-12-01", "2032-01-01", status="scheduled")
        SeatAssignmentFactory(mission=nasa, crew_member=world.mann, seat=1)
        asked = {"period_start": "2031-01-01", "period_end": "2031-05-01"}  # the old default period
        (svg,) = svgs(viewer_client.get(world.iss.get_absolute_url(), asked).content.decode())
        gaps = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "gap"]
        assert len(gaps) == 1 and gaps[0].get("fill") == "#d62728"
        assert (
            "Roscosmos: nobody aboard 2031-03-02T00:00+00:00 – 2031-05-01T00:00+00:00"
            in gaps[0].find(f"{SVG}title").text
        )


def test_names_in_the_svg_are_text(viewer_client, world):
    mission = world.soyuz_mission("<script>x</script>", "2031-01-01", "2031-03-01")
    SeatAssignmentFactory(mission=mission, crew_member=CrewMemberFactory(agency=world.roscosmos), seat=1)
    html = viewer_client.get(world.iss.get_absolute_url(), {"date": "2031-02-01"}).content.decode()
    assert "<script>x</script>" not in html
    svgs(html)  # still well-formed XML


def _crewed(world, n: int) -> None:
    for _ in range(n):
        mission = MissionFactory(
            spacecraft=world.soyuz, launch_site=world.baikonur, destination=world.iss, status="landed"
        )
        for seat, agency in ((1, world.roscosmos), (2, world.nasa)):
            person = CrewMemberFactory(agency=agency)
            SeatAssignmentFactory(
                mission=mission,
                crew_member=person,
                seat=seat,
                agreement=world.integrated if seat == 2 else None,
            )
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=seat, leg="return")


@pytest.mark.parametrize(
    "url",
    [ISS, ISS + "?ground=soyuz-ms&from=2031-01-01", ISS + "gaps.csv", ISS + "aboard.csv?date=2031-01-01",
     "/agreements/", "/agreements/nasa-roscosmos-integrated-crew-agreement/"],
)  # fmt: skip
def test_station_and_agreement_pages_do_not_query_per_mission(
    viewer_client, world, url, django_assert_max_num_queries
):
    _crewed(world, 10)
    with CaptureQueriesContext(connection) as ctx:
        response = viewer_client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    _crewed(world, 90)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        response = viewer_client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)


def test_a_ledger_warns_of_seats_over_the_allotment_and_outside_the_dates(viewer_client, world):
    world.integrated.seats_b_on_a = 1
    world.integrated.save()
    for name, launch, person in (
        ("SpaceX Crew-1", "2022-10-05", world.kikina),
        ("SpaceX Crew-2", "2026-03-01", world.petelin),
    ):
        mission = world.dragon_mission(name, launch, None, status="launched")
        SeatAssignmentFactory(mission=mission, crew_member=person, seat=4, agreement=world.integrated)
    html = text(viewer_client.get(world.integrated.get_absolute_url()))
    warnings = html.split("Outside the agreement")[1].split("</ul>")[0]
    assert "NASA–Roscosmos integrated crew agreement is not in force on 2026-03-01" in warnings
    assert "No seats left for Roscosmos crew on NASA vehicles" in warnings
    assert re.search(
        r"<td>Roscosmos crew on NASA vehicles</td><td[^>]*>1</td><td[^>]*>2</td><td[^>]*>0</td><td[^>]*>—"
        r'<br><small class="text-danger fw-bold">1 over</small></td>',  # expired since: over, not "left"
        html,
    )


def test_an_agency_never_aboard_has_a_gap_throughout_the_default_period(viewer_client, world, monkeypatch):
    """There used to be no period at all when the required agencies were never aboard together; now the default
    period is the same whatever the stays, and says so."""
    monkeypatch.setattr("crews.views.stations.today", lambda: dt.date(2031, 3, 1))
    mission = world.soyuz_mission("Soyuz MS-90", "2031-01-01", "2031-07-01", status="scheduled")
    SeatAssignmentFactory(mission=mission, crew_member=world.prokopyev, seat=1)
    html = text(viewer_client.get(world.iss.get_absolute_url()))
    rows = re.findall(r'<tr class="table-danger"><td>([^<]*)</td><td>nobody aboard</td><td>([^<]*)</td><td>([^<]*)</td>',
                      html)  # fmt: skip
    assert ("NASA", "2030-03-01 00:00", "2031-07-02 00:00") in rows


def test_no_period_when_nothing_is_on_file_for_the_station(viewer_client, world):
    html = text(viewer_client.get(world.iss.get_absolute_url()))
    assert "No period to check: the record has no flights to this station." in html
    html = text(viewer_client.get(world.iss.get_absolute_url(), {"period_start": "2031-01-01"}))
    assert "No period to check: the period chosen is empty." in html
