"""Station pages on the demo data: who is aboard, continuity, the grounding what-if, the SVG, the CSVs."""

import csv
import io
import re

from django.urls import reverse

from crews.tests.helpers import ISS, SVG, reports, svgs, text


class TestAboard:
    def test_on_2023_01_15(self, viewer_client, demo):
        html = text(viewer_client.get(ISS, {"date": "2023-01-15"}))
        table = html.split('class="table table-sm align-middle aboard"')[1].split("</table>")[0]
        rows = re.findall(
            r"<tr> <td>([^<]*)</td> <td><a [^>]*>([^<]*)</a></td> <td[^>]*>(.*?)</td> <td[^>]*>(.*?)</td> </tr>",
            table,
        )
        people = {
            name: (agency, re.sub(r"<[^>]+>", "", up), re.sub(r"<[^>]+>", "", down))
            for agency, name, up, down in rows
        }
        assert set(people) == {"Sergey Prokopyev", "Dmitry Petelin", "Frank Rubio", "Nicole Mann", "Josh Cassada",
                               "Koichi Wakata", "Anna Kikina"}  # fmt: skip
        for name in ("Sergey Prokopyev", "Dmitry Petelin", "Frank Rubio"):
            assert people[name][1:] == ("Soyuz MS-22", "Soyuz MS-23")
        assert people["Anna Kikina"] == ("Roscosmos", "SpaceX Crew-5", "SpaceX Crew-5")
        assert 'Vehicles at the station:</strong> <a href="/missions/soyuz-ms-22/">Soyuz MS-22</a>' in html

    def test_aboard_csv(self, viewer_client, demo):
        response = viewer_client.get(
            reverse("pages:station_aboard_csv", args=["iss"]), {"date": "2023-01-15"}
        )
        data = b"".join(response.streaming_content)
        assert data.startswith(
            b"\xef\xbb\xbfdate,agency,crew_member,brought_by,home_on,aboard_from_utc,aboard_until_utc\r\n"
        )
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 7
        rubio = next(r for r in rows if r["crew_member"] == "Frank Rubio")
        assert (rubio["home_on"], rubio["aboard_from_utc"], rubio["aboard_until_utc"]) == (
            "Soyuz MS-23", "2022-09-21T13:54Z", "2023-09-27T11:17Z",
        )  # fmt: skip
        assert response["Content-Disposition"] == 'attachment; filename="aboard-iss-2023-01-15.csv"'

    def test_bad_values_are_a_message(self, viewer_client, demo):
        response = viewer_client.get(ISS, {"date": "2023-13-45", "ground": "warp-drive", "period_start": "x"})
        assert response.status_code == 200
        assert "Some values were not used" in text(response)
        bad_csv = viewer_client.get(reverse("pages:station_gaps_csv", args=["iss"]), {"ground": "warp-drive"})
        assert bad_csv.status_code == 400

    def test_unknown_station_is_404(self, viewer_client, demo):
        assert viewer_client.get("/stations/mir/").status_code == 404


class TestContinuity:
    def test_the_record_has_no_gap_in_the_default_period(self, viewer_client, demo):
        """The demo's record ends with Soyuz MS-26's landing (2025-04-20 01:20) and nothing is planned: by default,
        the last year of it (issue 12; it used to run from 2022-04-27, when both agencies were first aboard)."""
        html = text(viewer_client.get(ISS))
        assert (
            "Period: 2024-04-20 00:00 UTC to 2025-04-20 01:20 UTC (the default: from a year before the end"
            in html
        )
        assert "No gap: every required agency has someone aboard throughout the period." in html

    def test_grounding_crew_dragon_leaves_nasa_aboard_on_soyuz(self, viewer_client, demo):
        html = text(viewer_client.get(ISS, {"ground": "crew-dragon", "from": "2023-01-01"}))
        recorded, grounded = reports(html)
        assert "No gap" in recorded and "No gap" in grounded
        assert "Taken out: " in html and "SpaceX Crew-6" in html.split("Taken out:")[1].split("</p>")[0]
        stranded = re.findall(r'<ul class="mb-2 stranded">(.*?)</ul>', html)[0]
        assert (
            "Barry Wilmore" in stranded and "Sunita Williams" in stranded
        )  # their ride, Crew-9, is grounded

    def test_grounding_soyuz_leaves_roscosmos_aboard_on_dragon_but_strands_the_ms22_crew(
        self, viewer_client, demo
    ):
        html = text(viewer_client.get(ISS, {"ground": "soyuz-ms", "from": "2023-01-01"}))
        recorded, grounded = reports(html)
        assert "No gap" in grounded
        stranded = re.findall(r'<ul class="mb-2 stranded">(.*?)</ul>', html)[0]
        names = re.findall(r'<a href="/crews/[^"]+/">([^<]+)</a>', stranded)
        assert sorted(names) == ["Dmitry Petelin", "Frank Rubio", "Sergey Prokopyev"]
        assert "was to come home on Soyuz MS-23" in stranded
        free = re.findall(r'<ul class="mb-0 free-seats">(.*?)</ul>', html)[0]
        assert "Soyuz MS-22</a> (Soyuz MS): 3 free seats, at the station 2022-09-21 – 2023-03-28" in free
        recorded_svg, grounded_svg = svgs(
            viewer_client.get(ISS, {"ground": "soyuz-ms", "from": "2023-01-01"}).content.decode()
        )
        markers = [g for g in grounded_svg.iter(f"{SVG}g") if g.get("class") == "marker"]
        assert len(markers) == 1 and markers[0].find(f"{SVG}text").text.strip() == "Soyuz MS grounded"
        assert not [g for g in recorded_svg.iter(f"{SVG}g") if g.get("class") == "marker"]
        bars = {g.get("data-mission") for g in grounded_svg.iter(f"{SVG}g") if g.get("class") == "mission"}
        assert "Soyuz MS-24" not in bars and "Soyuz MS-22" in bars  # grounded missions are taken out


class TestTimeline:
    def test_the_svg_has_a_bar_per_mission_lanes_and_a_legend(self, viewer_client, demo):
        # The period the page once showed by default (the default is now the record's last year).
        html = viewer_client.get(
            ISS, {"period_start": "2022-04-28", "period_end": "2024-09-29"}
        ).content.decode()
        (svg,) = svgs(html)
        missions = [g.get("data-mission") for g in svg.iter(f"{SVG}g") if g.get("class") == "mission"]
        assert len(missions) == 13 and missions[0] == "Soyuz MS-21" and missions[-1] == "SpaceX Crew-9"
        lanes = [g.get("data-agency") for g in svg.iter(f"{SVG}g") if g.get("class") == "lane"]
        assert lanes == ["NASA", "Roscosmos"]
        assert [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "gap"] == []
        legend = [
            t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "legend" for t in g.iter(f"{SVG}text")
        ]
        assert legend == [
            "NASA vehicle",
            "Roscosmos vehicle",
            "runs past the period",
            "someone aboard",
            "nobody aboard (gap)",
            "not on file",
        ]
        soyuz = next(g for g in svg.iter(f"{SVG}g") if g.get("data-mission") == "Soyuz MS-22")
        assert soyuz.find(f"{SVG}rect").get("fill") == "#6a3d9a"  # coloured by operator


class TestLedgers:
    def test_the_nasa_roscosmos_ledger(self, viewer_client, demo):
        html = text(viewer_client.get("/agreements/nasa-roscosmos-integrated-crew-agreement/"))
        assert (
            "NASA has flown 5 Roscosmos cosmonauts, Roscosmos 4 NASA astronauts: Roscosmos owes 1 seat."
            in html
        )
        rows = re.findall(r"<tr><td>([^<]*) crew on ([^<]*) vehicles</td>(.*?)</tr>", html)
        numbers = {(crew, op): re.findall(r">(-?\d+)<", cells) for crew, op, cells in rows}
        # Allotted, flown, planned; the agreement expired on 2025-12-31, so nothing is "left": one seat unused.
        assert numbers == {("NASA", "Roscosmos"): ["5", "4", "0"], ("Roscosmos", "NASA"): ["5", "5", "0"]}
        left = {
            (crew, op): re.sub(r"<[^>]+>", " ", cells.split("</td>")[-2]).split() for crew, op, cells in rows
        }
        assert left == {("NASA", "Roscosmos"): ["—", "1", "unused"], ("Roscosmos", "NASA"): ["—"]}
        seats = html.split("seats-under")[1]
        people = re.findall(r'<a href="/crews/[^"]+/">([^<]+)</a>', seats)
        assert people[:3] == [
            "Frank Rubio",
            "Anna Kikina",
            "Anna Kikina",
        ]  # in date order (Kikina up and down)
        assert "Outside the agreement" not in html

    def test_the_list_of_agreements(self, viewer_client, demo):
        html = text(viewer_client.get("/agreements/"))
        assert "NASA has flown 2 ESA astronauts (seats one way only: nothing is owed)." in html
        assert "Roscosmos owes 1 seat" in html

    def test_the_roster_links_each_cross_agency_seat_to_its_agreement(self, viewer_client, demo):
        html = text(viewer_client.get("/missions/soyuz-ms-22/"))
        ascent = html.split('data-leg="ascent"')[1].split("</table>")[0]
        assert (
            '<a href="/agreements/nasa-roscosmos-integrated-crew-agreement/">NASA–Roscosmos integrated crew agreement</a>'
            in ascent
        )
