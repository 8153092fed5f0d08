"""Roster CSV export: format, order, escaping, streaming, and the byte-identical round trip."""

import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.models import CrewMember, OtherName, Qualification, SeatAssignment
from crews.roster_csv.cells import escape_cell, unescape_cell
from crews.roster_csv.columns import COLUMNS, EXPORT_COLUMNS
from crews.roster_csv.importer import roster_import
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import load_demo
from missions.models import Mission


def download(client, url: str, params=None) -> tuple[StreamingHttpResponse, bytes]:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response, b"".join(response.streaming_content)


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.fixture
def demo(db):
    load_demo()


class TestFormat:
    def test_one_launch(self, viewer_client, demo):
        response, data = download(viewer_client, reverse("pages:export_one", args=["soyuz-ms-22"]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == 'attachment; filename="roster-soyuz-ms-22.csv"'
        assert data.startswith(b"\xef\xbb\xbf" + ",".join(EXPORT_COLUMNS).encode() + b"\r\n")
        assert data.count(b"\r\n") == 4 and b"\n" not in data.replace(b"\r\n", b"")
        table = rows(data)
        assert table[0] == list(COLUMNS) + ["cross_agency"]
        assert [r[COLUMNS.index("crew_member")] for r in table[1:]] == [
            "Sergey Prokopyev",
            "Dmitry Petelin",
            "Frank Rubio",
        ]
        assert table[3] == [
            "Soyuz MS-22", "landed", "Soyuz MS", "", "Roscosmos", "Baikonur Cosmodrome Site 31", "ISS",
            "2022-09-21T13:54Z", "2023-03-28", "", "", "", "ascent", "3", "flight engineer", "Frank Rubio", "NASA",
            "United States", "NASA–Roscosmos integrated crew agreement", "", "", "yes",
        ]  # fmt: skip

    def test_all_launches_in_roster_order(self, viewer_client, demo, monkeypatch):
        response, data = download(viewer_client, reverse("pages:export_all"))
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Disposition"].startswith('attachment; filename="rosters-')
        table = rows(data)[1:]
        assert len(table) == 78
        at = {name: COLUMNS.index(name) for name in ("launch_utc", "mission", "leg", "seat")}
        keys = [(r[at["launch_utc"]], r[0], r[at["leg"]], int(r[at["seat"]])) for r in table]
        assert keys == sorted(keys)  # launch, mission, leg (ascent first), seat
        assert table[0][:1] == ["Soyuz MS-21"] and table[-1][0] == "SpaceX Crew-9"

    def test_the_filters_of_the_list_apply(self, viewer_client, demo):
        _, data = download(viewer_client, reverse("pages:export_all"), {"spacecraft": "starliner"})
        assert {r[0] for r in rows(data)[1:]} == {"Boeing Crew Flight Test"}
        _, data = download(viewer_client, reverse("pages:export_all"), {"q": "Francisco Rubion"})
        assert {r[0] for r in rows(data)[1:]} == {"Soyuz MS-22", "Soyuz MS-23"}

    @pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "99999"}, {"status": "bogus"}])
    def test_a_bad_filter_exports_nothing_and_says_why(self, viewer_client, demo, params):
        response = viewer_client.get(reverse("pages:export_all"), params)
        assert response.status_code == 400
        assert response.content.decode().startswith("Filters not applied, nothing exported:")

    def test_quoting(self, viewer_client, world):
        mission = world.soyuz_mission('Soyuz "Test", MS-90', "2031-03-01", "2031-09-01")
        SeatAssignmentFactory(mission=mission, crew_member=world.prokopyev, seat=1)
        _, data = download(viewer_client, reverse("pages:export_one", args=[mission.slug]))
        assert b'"Soyuz ""Test"", MS-90",planned' in data
        assert rows(data)[1][0] == 'Soyuz "Test", MS-90'

    @pytest.mark.parametrize("name", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "\nLF"])
    def test_formula_cells_are_escaped(self, viewer_client, world, name):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        SeatAssignmentFactory(
            mission=mission, crew_member=CrewMemberFactory(name=name, agency=world.roscosmos), seat=1
        )
        _, data = download(viewer_client, reverse("pages:export_one", args=[mission.slug]))
        assert rows(data)[1][COLUMNS.index("crew_member")] == "'" + name


def test_escaping_is_undone_exactly():
    for text in ["=1", "+1", "-1", "@x", "\tx", "\rx", "\nx", "'=1", "O'Hara", "'plain", ""]:
        assert unescape_cell(escape_cell(text)) == text
    assert unescape_cell("'plain") == "'plain"  # only the escape is removed, not any apostrophe


def test_a_name_beginning_with_equals_survives_export_and_import(viewer_client, world):
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    SeatAssignmentFactory(
        mission=mission, crew_member=CrewMemberFactory(name="=Evil, Name", agency=world.roscosmos), seat=1
    )
    _, data = download(viewer_client, reverse("pages:export_one", args=[mission.slug]))
    SeatAssignment.objects.all().delete()
    CrewMember.objects.filter(name="=Evil, Name").delete()
    report = roster_import(data=data)
    assert report.ok, report.problems
    assert SeatAssignment.objects.get(mission=mission).crew_member.name == "=Evil, Name"


@pytest.mark.parametrize(
    "name", ["\tTab", "\nLine feed", "\rReturn", "'=Quoted", "-Minus", 'Ann, "Annie" O\'Hara']
)
def test_names_round_trip_through_export_and_import(viewer_client, world, name):
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    SeatAssignmentFactory(
        mission=mission, crew_member=CrewMemberFactory(name=name, agency=world.roscosmos), seat=1
    )
    _, data = download(viewer_client, reverse("pages:export_one", args=[mission.slug]))
    SeatAssignment.objects.all().delete()
    CrewMember.objects.filter(name=name).delete()
    assert roster_import(data=data).ok
    assert SeatAssignment.objects.get(mission=mission).crew_member.name == name


def test_the_all_launches_csv_round_trips_byte_identically(viewer_client, demo):
    """Export everything, import into a database holding only the reference data, export again."""
    _, first = download(viewer_client, reverse("pages:export_all"))
    for model in (SeatAssignment, Qualification, OtherName, CrewMember, Mission):
        model.objects.all().delete()
    report = roster_import(data=first, may_change_record=True)  # the flown record, as a data steward
    assert report.ok, report.problems
    assert len(report.created["seats"]) == 78
    _, second = download(viewer_client, reverse("pages:export_all"))
    assert second == first


def test_the_export_is_written_whole_from_one_query_and_sent_with_its_length(viewer_client, world):
    """Every row comes from a single query, read before the first byte goes out; the length is declared, so a
    cut transfer is always seen as cut."""
    _make = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    for seat, person in enumerate([world.prokopyev, world.petelin], start=1):
        SeatAssignmentFactory(mission=_make, crew_member=person, seat=seat)
    with CaptureQueriesContext(connection) as ctx:
        response = viewer_client.get(reverse("pages:export_all"))
    assert len([q for q in ctx.captured_queries if "crews_seatassignment" in q["sql"]]) == 1
    with CaptureQueriesContext(connection) as later:
        body = b"".join(response.streaming_content)
    assert later.captured_queries == []
    assert body.startswith("\ufeffmission,".encode()) and body.count(b"\r\n") == 3
    assert int(response["Content-Length"]) == len(body)


def test_a_database_failure_half_way_is_an_error_never_a_shorter_file(viewer_client, world, monkeypatch):
    """Killing the database during an export gave status 200 and a file ending cleanly after 18,000 of 24,000
    rows (over HTTP/1.0). Now the failure comes before the first byte: an error page."""
    from django.db import OperationalError

    from crews.roster_csv import export

    for seat, person in enumerate([world.prokopyev, world.petelin], start=1):
        SeatAssignmentFactory(mission=world.soyuz_mission(f"Soyuz MS-9{seat}", "2031-03-01", None),
                              crew_member=person, seat=1)  # fmt: skip

    def cut(read):
        def reading(*args):
            for n, line in enumerate(read(*args)):
                if n == 1:  # the connection lost while the second row is read
                    raise OperationalError("server closed the connection unexpectedly")
                yield line

        return reading

    # (each launch's lines as PostgreSQL writes them, each seat's line as Python does)
    monkeypatch.setattr(export, "copied_launches", cut(export.copied_launches))
    monkeypatch.setattr(export, "roster_lines", cut(export.roster_lines))
    viewer_client.raise_request_exception = False
    response = viewer_client.get(reverse("pages:export_all"))
    assert response.status_code >= 500 and not response.get("Content-Disposition")
