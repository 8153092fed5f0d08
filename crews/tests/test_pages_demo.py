"""The roster pages on the demo data (loaded once for this module; every test only reads)."""

import re

import pytest
from django.urls import reverse

from crews.tests.helpers import mission_links, text
from missions.models import Mission


class TestMissionList:
    def test_the_thirteen_launches_latest_first(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:mission_list")))
        assert mission_links(html) == [
            "spacex-crew-9",
            "soyuz-ms-26",
            "boeing-crew-flight-test",
            "soyuz-ms-25",
            "spacex-crew-8",
            "soyuz-ms-24",
            "spacex-crew-7",
            "spacex-crew-6",
            "soyuz-ms-23",
            "spacex-crew-5",
            "soyuz-ms-22",
            "spacex-crew-4",
            "soyuz-ms-21",
        ]
        assert "13 launches" in html

    def test_upcoming_launches_come_first_soonest_first(self, viewer_client, demo):
        dragon = Mission.objects.get(name="SpaceX Crew-9")
        for name, day in (("SpaceX Crew-99", "2031-06-01"), ("SpaceX Crew-98", "2031-02-01")):
            Mission.objects.create(
                name=name,
                spacecraft=dragon.spacecraft,
                launch_site=dragon.launch_site,
                launch_date=day,
                status="planned",
            )
        links = mission_links(text(viewer_client.get(reverse("pages:mission_list"))))
        assert links[:3] == ["spacex-crew-98", "spacex-crew-99", "spacex-crew-9"]

    def test_a_row_shows_utc_and_local_time_seats_and_the_cross_agency_badge(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:mission_list"), {"q": "MS-22"}))
        assert (
            '<time datetime="2022-09-21T13:54Z" title="2022-09-21 18:54 local (UTC+05:00), Asia/Qyzylorda">'
            in html
        )
        assert "2022-09-21 13:54 UTC" in html
        assert "3 / 3" in html
        assert "cross-agency" in html

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({"agency": "JAXA"}, {"spacex-crew-5", "spacex-crew-7"}),
            ({"spacecraft": "starliner"}, {"boeing-crew-flight-test"}),
            ({"year": "2022", "agency": "Roscosmos"}, {"soyuz-ms-21", "soyuz-ms-22", "spacex-crew-5"}),
            ({"status": "scrubbed"}, set()),
            ({"station": "iss", "q": "Crew-4"}, {"spacex-crew-4"}),
        ],
    )
    def test_filters(self, viewer_client, demo, params, expected):
        assert set(mission_links(text(viewer_client.get(reverse("pages:mission_list"), params)))) == expected


class TestSearch:
    @pytest.mark.parametrize(
        ("query", "person"),
        [
            ("Francisco Rubion", "frank-rubio"),
            ("Francisco Rubio", "frank-rubio"),
            ("Hoburgh", "warren-hoburg"),
            ("Woody", "warren-hoburg"),
            ("suni williams", "sunita-williams"),
            ("Вагнер", None),
            ("Кикина", "anna-kikina"),
        ],
    )
    def test_crew_search_tolerates_other_names_and_misspellings(self, viewer_client, demo, query, person):
        html = text(viewer_client.get(reverse("pages:crew_list"), {"q": query}))
        found = re.findall(r'href="/crews/([^/"]+)/"', html)
        assert found == ([person] if person else [])

    def test_mission_search_finds_the_launches_of_a_misspelt_person(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:mission_list"), {"q": "Francisco Rubion"}))
        assert mission_links(html) == ["soyuz-ms-23", "soyuz-ms-22"]

    def test_punctuation_alone_finds_nothing(self, viewer_client, demo):
        assert mission_links(text(viewer_client.get(reverse("pages:mission_list"), {"q": "!!!"}))) == []

    def test_mission_search_by_name_ignores_punctuation_but_not_digits(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:mission_list"), {"q": "crew 9"}))
        assert mission_links(html) == ["spacex-crew-9"]
        html = text(viewer_client.get(reverse("pages:mission_list"), {"q": "MS22"}))
        assert mission_links(html) == ["soyuz-ms-22"]


class TestRoster:
    def test_ms22_shows_its_ascent_crew_and_their_return_on_ms23(self, viewer_client, demo):
        response = viewer_client.get(reverse("pages:mission", args=["soyuz-ms-22"]))
        html = text(response)
        ascent = html.split('data-leg="ascent"')[1].split("</table>")[0]
        for name in ("Sergey Prokopyev", "Dmitry Petelin", "Frank Rubio"):
            assert name in ascent
        assert ascent.count('returns on <a href="/missions/soyuz-ms-23/">Soyuz MS-23</a>') == 3
        returning = html.split('data-leg="return"')[1].split("</table>")[0]
        assert returning.count(">empty<") == 3  # a flown leg's free seats are empty, not open

    def test_the_header(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:mission", args=["soyuz-ms-22"])))
        assert "Roscosmos" in html and "Baikonur Cosmodrome Site 31" in html
        assert "2022-09-21 13:54 UTC" in html and "2022-09-21 18:54 local (UTC+05:00)" in html
        assert "2023-03-28" in html and "2023-03-28 00:00" not in html  # a date alone stays a date
        assert "NASA–Roscosmos integrated crew agreement" in html
        assert 'href="/missions/soyuz-ms-22/roster.csv"' in html

    def test_crew_9_returns_four_two_of_whom_launched_on_starliner(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:mission", args=["spacex-crew-9"])))
        returning = html.split('data-leg="return"')[1].split("</table>")[0]
        assert re.findall(r'href="/crews/([^/"]+)/"', returning) == [
            "nick-hague",
            "aleksandr-gorbunov",
            "barry-wilmore",
            "sunita-williams",
        ]
        assert (
            returning.count(
                'launched on <a href="/missions/boeing-crew-flight-test/">Boeing Crew Flight Test</a>'
            )
            == 2
        )
        ascent = html.split('data-leg="ascent"')[1].split("</table>")[0]
        assert ascent.count(">empty<") == 2

    def test_cross_agency_seat_qualification_and_warnings(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:mission", args=["spacex-crew-6"])))
        assert "no agreement on file" in html  # Alneyadi
        assert "Rule warnings" in html and "Sultan Alneyadi (MBRSC) has a cross-agency seat" in html
        assert "qualified" in html

    def test_admin_link_only_for_staff(self, viewer_client, steward_client, demo):
        url = reverse("pages:mission", args=["soyuz-ms-22"])
        assert "Edit in admin" not in text(viewer_client.get(url))
        assert "Edit in admin" in text(steward_client.get(url))


class TestCrewPages:
    def test_rubio_lists_both_legs_and_about_371_days(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:crew", args=["frank-rubio"])))
        assert "Francisco Rubio" in html
        assert '<a href="/missions/soyuz-ms-22/">Soyuz MS-22</a>' in html
        assert '<a href="/missions/soyuz-ms-23/">Soyuz MS-23</a>' in html
        assert re.search(r'id="days-in-flight"> 371 days', html)
        assert "370.9" in html
        assert "Soyuz MS: qualified" in html

    def test_crew_list_filters(self, viewer_client, demo):
        html = text(viewer_client.get(reverse("pages:crew_list"), {"agency": "ESA"}))
        assert re.findall(r'href="/crews/([^/"]+)/"', html) == ["andreas-mogensen", "samantha-cristoforetti"]
        html = text(viewer_client.get(reverse("pages:crew_list"), {"nationality": "japan"}))
        assert re.findall(r'href="/crews/([^/"]+)/"', html) == ["koichi-wakata", "satoshi-furukawa"]
        response = viewer_client.get(reverse("pages:crew_list"), {"status": "sleeping"})
        assert response.status_code == 200 and "Some filters were not applied" in text(response)
