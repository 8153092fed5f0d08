"""Continuity where the record is silent: a landing not on file, the end of the record."""

import datetime as dt
import re

from django.urls import reverse

from crews.continuity.stays import Stay, bound, gaps, stays_from_flights
from crews.rules.data import MissionFacts, SeatFacts
from crews.rules.flights import flights_of, overlap_problems
from crews.tests.factories import SeatAssignmentFactory
from crews.tests.helpers import text
from missions.models import Mission, Spacecraft, Station
from missions.moments import Moment
from missions.tests.factories import MissionFactory


def t(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def mission_facts(name, launch, *, landing=None, seen_until=None, landing_by=None):
    return MissionFacts(
        key=name, name=name, status="launched" if landing is None else "landed", launch=Moment.parse(launch),
        landing=Moment.parse(landing) if landing else None, spacecraft="Soyuz", seat_count=3, operator_key="R",
        operator="Roscosmos", is_record=True, landing_by=landing_by, crew_seen_until=seen_until,
    )  # fmt: skip


def ascent(mission, person="p"):
    return SeatFacts(key=(mission.name, person), mission=mission, leg="ascent", seat=None, role="commander",
                     person_key=person, person=person, agency_key="R", agency="Roscosmos")  # fmt: skip


class TestALandingNotOnFile:
    def test_the_stay_ends_where_a_source_last_shows_the_crew(self):
        up = mission_facts("MS-17", "2020-10-14", seen_until=dt.date(2021, 1, 11))
        (flight,), _ = flights_of([ascent(up)])
        (stay,) = stays_from_flights([flight], {"MS-17": None}, {"p": "Roscosmos"})
        assert (stay.end, stay.end_known, stay.followed_to) == (t("2021-01-12"), False, dt.date(2021, 1, 11))

    def test_never_past_the_persons_next_flight(self):
        first = mission_facts("A", "2019-01-01", landing_by=dt.date(2019, 12, 31))
        second = mission_facts("B", "2019-06-01", landing="2019-07-01")
        flights, _ = flights_of([ascent(first), ascent(second)])
        stays = stays_from_flights(flights, {"A": None, "B": None}, {"p": "Roscosmos"})
        assert [(s.start, s.end) for s in stays] == [(t("2019-01-01"), t("2019-06-01")),
                                                    (t("2019-06-01"), t("2019-07-02"))]  # fmt: skip

    def test_a_plan_without_a_landing_stays_open_ended(self):
        assert bound(mission_facts("Plan", "2031-01-01")) is None

    def test_the_stretch_after_it_is_not_on_file_not_a_gap(self):
        stays = [
            Stay("a", "a", "NASA", t("2021-01-01"), t("2021-02-01"), None, None, end_known=False),
            Stay("b", "b", "NASA", t("2021-03-01"), t("2021-06-01"), None, None),
        ]
        found = gaps(stays, ["NASA"], t("2021-01-01"), t("2021-07-01"))
        assert [(g.start, g.end, g.not_on_file) for g in found] == [
            (t("2021-02-01"), t("2021-03-01"), True), (t("2021-06-01"), t("2021-07-01"), False)]  # fmt: skip


def gap_rows(page: str) -> list[tuple[str, ...]]:
    return re.findall(r'<tr class="[^"]*"><td>([^<]*)</td><td>(nobody aboard|not on file)</td><td>([^<]*)</td>'
                      r"<td>([^<]*)</td>", page)  # fmt: skip


class TestTheWholeRecord:
    def test_the_iss_today_shows_the_last_crews_and_where_the_record_ends(self, record, viewer_client):
        page = text(viewer_client.get(reverse("pages:station", args=["iss"])))
        assert "The record ends on 2026-04-13; landings after that are not on file." in page
        assert "Aboard on 2026-04-13 (the record's last day)" in page
        assert "Sophie Adenot" in page and "Nobody on file is aboard" not in page

    def test_a_planned_flight_after_the_record_opens_no_gap(self, record, viewer_client, monkeypatch):
        # The default period runs from a year before today to the last planned landing: today as it was written.
        monkeypatch.setattr("crews.views.stations.today", lambda: dt.date(2026, 11, 30))
        iss = Station.objects.get(short_name="ISS")
        mission = MissionFactory(name="Soyuz MS-31", spacecraft=Spacecraft.objects.get(name="Soyuz MS"),
                                 destination=iss, launch_date=dt.date(2027, 3, 1), landing_date=dt.date(2027, 9, 1),
                                 status=Mission.Status.PLANNED)  # fmt: skip
        SeatAssignmentFactory(mission=mission, seat=1, role="commander")
        page = viewer_client.get(reverse("pages:station", args=["iss"])).content.decode()
        rows = gap_rows(page)
        after = [r for r in rows if r[2] >= "2026-04-14"]
        assert after and all(r[1] == "not on file" for r in after), after

    def test_every_station_page_works_and_costs_a_few_queries(
        self, record, viewer_client, django_assert_max_num_queries
    ):
        for station in Station.objects.all():
            with django_assert_max_num_queries(12):
                response = viewer_client.get(reverse("pages:station", args=[station.slug]))
            assert response.status_code == 200, station


class TestOverlapsWhereTheLandingIsNotOnFile:
    def test_a_flight_a_source_followed_ends_before_the_next(self):
        first = mission_facts("MS-13", "2019-07-20", seen_until=dt.date(2019, 12, 31))
        later = mission_facts("Crew-9", "2024-09-28", landing="2025-03-18")
        problems = overlap_problems(flights_of([ascent(first), ascent(later)])[0])
        assert problems == []

    def test_it_overlaps_a_flight_launched_while_a_source_still_saw_them(self):
        first = mission_facts("MS-13", "2019-07-20", seen_until=dt.date(2019, 12, 31))
        later = mission_facts("MS-15", "2019-09-25", landing="2020-04-17")
        problems = overlap_problems(flights_of([ascent(first), ascent(later)])[0])
        assert [p.code for p in problems] == ["overlap"]

    def test_a_plan_with_no_landing_still_overlaps_what_follows(self):
        first = mission_facts("Plan", "2031-01-01")
        later = mission_facts("Later", "2031-06-01", landing="2031-07-01")
        problems = overlap_problems(flights_of([ascent(first), ascent(later)])[0])
        assert [p.code for p in problems] == ["overlap"]


def test_the_stations_pair_legs_as_the_careers_do(record):
    """Strekalov went up in Soyuz T-11 and came home in T-10 (1984), a year after his aborted T-8: with dates
    known only to the year, pairing by time alone would send T-8's crew home in T-10; the stations use the
    careers' pairing (which the source's own descent column checks, test_careers)."""
    from crews.continuity.station_record import station_record

    record_ = station_record(Station.objects.get(short_name="Salyut 7"))
    strekalov = [(s.ascent_vehicle.name, s.return_vehicle.name if s.return_vehicle else None)
                 for s in record_.stays if s.person == "Gennadi Strekalov"]  # fmt: skip
    assert ("Soyuz T-11", "Soyuz T-10") in strekalov
    assert ("Soyuz T-8", "Soyuz T-10") not in strekalov
