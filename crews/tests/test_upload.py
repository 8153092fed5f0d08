"""The roster upload page: a dry run first, then the import once confirmed; all or nothing."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crews.forms import MAX_UPLOAD_BYTES
from crews.models import SeatAssignment
from crews.tests.helpers import GOOD, csv_text, text
from missions.models import Mission

URL = reverse("pages:upload")


def upload(client, content: bytes, name: str = "roster.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


def test_preview_then_confirm(data_steward_client, world):
    """A data steward adds flights that have flown (planners may add planned ones: test_import_trust)."""
    response = upload(data_steward_client, csv_text(*GOOD).encode("utf-8-sig"))
    html = text(response)
    assert "Preview of roster.csv" in html
    assert "Would create: seats (6)" in html and "seat Soyuz MS-22 ascent 3: Frank Rubio" in html
    assert not Mission.objects.exists()  # nothing written by the preview
    assert re.search(r">Import 6 rows<", html)
    payload = response.context["confirm"]["payload"].value()
    response = data_steward_client.post(URL, {"payload": payload}, follow=True)
    assert "Roster imported" in text(response)
    assert SeatAssignment.objects.count() == 6
    # An import is recorded in the history like any other change, with who made it.
    records = SeatAssignment.history.filter(history_type="+")
    assert records.count() == 6 and {r.history_user.username for r in records} == {"dora"}


def test_problems_are_listed_and_nothing_can_be_confirmed(data_steward_client, world):
    rows = [*GOOD[:2], GOOD[2].replace("NASA–Roscosmos integrated crew agreement", "Secret pact")]
    html = text(upload(data_steward_client, csv_text(*rows).encode()))
    assert "1 problem: nothing can be imported." in html
    assert "row 4, column agreement: unknown agreement “Secret pact”" in html
    assert not re.search(r">Import \d+ rows?<", html)
    assert not Mission.objects.exists()


def test_a_tampered_confirmation_is_refused(planner_client, world):
    response = planner_client.post(URL, {"payload": "not-a-signed-file"}, follow=True)
    assert "This preview cannot be read back: upload the file again." in text(response)
    assert not Mission.objects.exists()


def test_the_confirmed_import_still_refuses_what_changed_since_the_preview(data_steward_client, world):
    response = upload(data_steward_client, csv_text(*GOOD).encode())
    payload = response.context["confirm"]["payload"].value()
    other = upload(data_steward_client, csv_text(GOOD[0].replace("Sergey Prokopyev", "Anna Kikina")).encode())
    data_steward_client.post(URL, {"payload": other.context["confirm"]["payload"].value()})
    html = text(data_steward_client.post(URL, {"payload": payload}))
    assert "The import was refused" in html
    assert "is held by Anna Kikina" in html
    assert SeatAssignment.objects.count() == 1


def test_an_oversized_file_gets_a_message(planner_client, world):
    html = text(upload(planner_client, b"a" * (MAX_UPLOAD_BYTES + 1)))
    assert "roster files can be at most 2.0 MB" in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This file holds binary data: it is not a CSV file."),
        (
            "mission;status\r\n".encode("utf-16"),
            "This file is UTF-16 text, not UTF-8: in the spreadsheet, save it as “CSV UTF-8 (comma delimited)”",
        ),
        ("mission;status\r\n".encode("utf-16-le"), "This file is UTF-16 text, not UTF-8"),
        (
            "Prokop’yev".encode("cp1252"),
            "This file is not UTF-8 text (byte 6 cannot be read; it may be Latin-1",
        ),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_not_csv_gets_a_message(planner_client, world, content, message):
    response = upload(planner_client, content, name="roster.png")
    assert response.status_code == 200
    assert message in text(response)


def test_a_csv_without_the_roster_columns_is_explained(planner_client, world):
    html = text(upload(planner_client, b"name,age\r\nx,1\r\n"))
    assert "row 1, column mission: missing column" in html


def test_only_people_allowed_to_change_seats_may_upload(viewer_client, world):
    assert viewer_client.get(URL).status_code == 403
    assert upload(viewer_client, csv_text(*GOOD).encode()).status_code == 403
    assert not Mission.objects.exists()
