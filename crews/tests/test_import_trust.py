"""The roster import as the trusted front door: the record is the stewards', no silent reverts, every problem
in one pass, no people made from typos, one confirmation per preview, any spreadsheet's CSV."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from crews.models import CrewMember, RosterUpload, SeatAssignment
from crews.roster_csv.importer import NameChoices, roster_import
from crews.tests.helpers import (
    AGREEMENT,
    FULL_HEADER,
    GOOD,
    PLANNED,
    csv_text,
    mission_form_data,
    text,
)
from missions.models import Mission

URL = reverse("pages:upload")
#: A planned Soyuz with its Roscosmos crew, up and down: what planners upload.
CREW = [
    f"{PLANNED},{leg},{seat},{role},{name},Roscosmos,Russia,"
    for leg in ("ascent", "return")
    for seat, role, name in ((1, "commander", "Anna Kikina"), (2, "flight engineer", "Dmitry Petelin"))
]


def upload(client, content: str | bytes, name: str = "roster.csv"):
    data = content.encode() if isinstance(content, str) else content
    return client.post(URL, {"file": SimpleUploadedFile(name, data, content_type="text/csv")})


def confirm(client, preview):
    return client.post(URL, {"payload": preview.context["confirm"]["payload"].value()})


def problems(response) -> list[str]:
    return [str(p) for p in response.context["report"].problems]


def rewrite(*rows: str) -> str:
    """The flown MS-22 back to planned, a new launch time and vehicle, Rubio's agreement dropped, Prokopyev's
    agency and nationality changed: what a planner's file did to the record."""
    changed = []
    for row in rows:
        row = row.replace("Soyuz MS-22,landed,Soyuz MS,,", "Soyuz MS-22,planned,Soyuz MS,Tsiolkovsky,")
        row = row.replace("2022-09-21T13:54Z", "2022-09-21T14:00Z").replace(
            f"NASA,United States,{AGREEMENT}", "NASA,United States,"
        )
        row = row.replace("Sergey Prokopyev,Roscosmos,Russia", "Sergey Prokopyev,ESA,Belarus")
        changed.append(row)
    return csv_text(*changed)


@pytest.fixture
def on_file(world):
    report = roster_import(data=csv_text(*GOOD), may_change_record=True)
    assert report.ok, report.problems
    return world


@pytest.fixture
def data_steward_client(db):
    """A planner in the Data stewards group: may change the record through an upload."""
    user = get_user_model().objects.create_user("dora", password="pw-dora-1")
    user.groups.add(Group.objects.get(name="Data stewards"))
    client = Client()
    client.force_login(user)
    return client


class TestTheRecordIsTheStewards:
    def test_a_planner_cannot_rewrite_a_flown_mission_its_seats_or_who_someone_is(
        self, planner_client, on_file
    ):
        before = list(
            SeatAssignment.objects.order_by("pk").values_list("mission__status", "agreement", "role")
        )
        response = upload(planner_client, rewrite(*GOOD[:3]))
        found = problems(response)
        assert found == [
            "row 2, column mission_status: Soyuz MS-22 has landed: changing it (status landed → planned) rewrites "
            "the record of what happened; a data steward can make this change",
            "row 2, column vehicle: Soyuz MS-22 has landed: changing it (vehicle (none) → Tsiolkovsky) rewrites "
            "the record of what happened; a data steward can make this change",
            "row 2, column launch_utc: Soyuz MS-22 has landed: changing it (launch time 13:54:00 → 14:00:00) "
            "rewrites the record of what happened; a data steward can make this change",
            "row 2, column crew_agency: changing who Sergey Prokopyev is (agency Roscosmos → ESA) rewrites the "
            "record; a data steward can make this change",
            "row 2, column nationality: changing who Sergey Prokopyev is (nationality Russia → Belarus) rewrites "
            "the record; a data steward can make this change",
            "row 4, column agreement: the ascent of Soyuz MS-22 has flown: its crew is the record (agreement "
            f"{AGREEMENT} → (none)); a data steward can make this change",
        ]
        assert "confirm" not in response.context
        assert (
            list(SeatAssignment.objects.order_by("pk").values_list("mission__status", "agreement", "role"))
            == before
        )
        assert CrewMember.objects.get(name="Sergey Prokopyev").agency.short_name == "Roscosmos"

    def test_the_planner_forms_steps_hold_for_a_mission_not_flown(self, planner_client, world):
        assert roster_import(data=csv_text(f"{PLANNED},ascent,1,commander,Anna Kikina,Roscosmos,Russia,")).ok
        response = upload(
            planner_client,
            csv_text(
                f"{PLANNED.replace('planned', 'landed')},ascent,1,commander,Anna Kikina,Roscosmos,Russia,"
            ),
        )
        assert problems(response) == [
            "row 2, column mission_status: a planned mission cannot become landed in one step (next steps: "
            "scheduled, scrubbed); a data steward can make this change"
        ]

    def test_a_data_steward_sees_the_record_changes_old_to_new_with_their_warnings(
        self, data_steward_client, on_file
    ):
        corrected = [
            row.replace("Soyuz MS-22,landed,Soyuz MS,,", "Soyuz MS-22,landed,Soyuz MS,Tsiolkovsky,")
            .replace("2022-09-21T13:54Z", "2022-09-21T13:54:30Z")
            .replace(f"NASA,United States,{AGREEMENT}", "NASA,United States,")
            .replace("Sergey Prokopyev,Roscosmos,Russia", "Sergey Prokopyev,Roscosmos,Russian Federation")
            for row in GOOD[:3]
        ]
        response = upload(data_steward_client, csv_text(*corrected))
        report = response.context["report"]
        assert report.ok, report.problems
        assert "Changes to the record (as a data steward)" in text(response)
        assert report.record_changes == [
            "mission Soyuz MS-22: vehicle (none) → Tsiolkovsky; launch time 13:54:00 → 13:54:30",
            "crew member Sergey Prokopyev: nationality Russia → Russian Federation",
            f"seat Soyuz MS-22 ascent 3 (Frank Rubio): agreement {AGREEMENT} → (none)",
        ]
        assert report.warnings == [
            "Soyuz MS-22: Frank Rubio (NASA) has a cross-agency seat on Roscosmos's Soyuz MS (Soyuz MS-22): name an "
            "agreement between NASA and Roscosmos."
        ]
        confirm(data_steward_client, response)
        ms22 = Mission.objects.get(name="Soyuz MS-22")
        assert (ms22.vehicle, ms22.launch_time.isoformat(), ms22.version) == ("Tsiolkovsky", "13:54:30", 2)
        assert ms22.history.latest("history_date").history_user.username == "dora"


class TestNoSilentReverts:
    def test_a_confirmation_after_another_edit_is_refused_with_what_changed(
        self, planner_client, steward_client, world
    ):
        world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        row = f"{PLANNED},ascent,1,commander,Anna Kikina,Roscosmos,Russia,"
        preview = upload(planner_client, csv_text(row))
        assert (
            preview.context["report"]
            .summary()
            .startswith("1 row read; would create 1 seat; would change nothing")
        )
        mission = Mission.objects.get(name="Soyuz MS-90")
        edited = steward_client.post(
            reverse("pages:mission_edit", args=[mission.slug]),
            mission_form_data(mission, launch_date="2024-02-01"),
        )
        assert edited.status_code == 302
        response = confirm(planner_client, preview)
        (problem,) = problems(response)
        assert problem.startswith(
            "row 1, column (file): what this file touches changed since your preview, so nothing was imported: "
        )
        assert "Soyuz MS-90: launch date: 2024-03-01 → 2024-02-01 (steward, " in problem
        mission.refresh_from_db()
        assert mission.launch_date.isoformat() == "2024-02-01" and not mission.seat_assignments.exists()

    def test_a_confirmation_is_used_once(self, planner_client, world):
        preview = upload(planner_client, csv_text(*CREW))
        assert confirm(planner_client, preview).status_code == 302
        again = confirm(planner_client, preview)
        assert again.status_code == 302
        follow = planner_client.get(again["Location"])
        assert "This preview was already imported" in text(follow)
        assert SeatAssignment.objects.count() == 4
        assert SeatAssignment.history.filter(history_type="+").count() == 4

    def test_another_users_confirmation_is_refused(self, planner_client, world):
        preview = upload(planner_client, csv_text(*CREW))
        other = get_user_model().objects.create_user("ben", password="pw-ben-1")
        other.groups.add(Group.objects.get(name="Planners"))
        ben = Client()
        ben.force_login(other)
        response = confirm(ben, preview)
        assert "This preview is not yours" in text(ben.get(response["Location"]))
        assert not SeatAssignment.objects.exists()
        assert RosterUpload.objects.get().imported_at is None


class TestEveryProblemInOnePass:
    def test_a_bad_role_and_seat_5_on_a_soyuz_are_reported_together(self, world):
        rows = [
            CREW[0].replace(",commander,", ",astronaut,"),
            CREW[1].replace(",2,flight engineer", ",5,flight engineer"),
        ]
        report = roster_import(data=csv_text(*rows), dry_run=True)
        assert [str(p) for p in report.problems] == [
            "row 2, column role: “astronaut” is not a role (use one of commander, pilot, flight engineer, mission "
            "specialist, spaceflight participant)",
            "row 3, column seat: Seat 5 does not exist on Soyuz MS-90: Soyuz MS has seats 1 to 3.",
        ]


class TestNames:
    ROW = f"{PLANNED},ascent,1,commander,Nicole Man,NASA,United States,{AGREEMENT}"

    def test_a_close_misspelling_is_asked_about_and_creates_nobody(self, planner_client, world):
        response = upload(planner_client, csv_text(self.ROW))
        assert problems(response) == [
            "row 2, column crew_member: “Nicole Man” is not on file: did you mean Nicole Mann (NASA)? Say whether it "
            "is that person or a new one"
        ]
        assert "confirm" not in response.context and "Preview again with these answers" in text(response)
        assert not CrewMember.objects.filter(name="Nicole Man").exists()

    def test_the_planner_says_it_is_the_person_on_file(self, planner_client, world):
        preview = upload(planner_client, csv_text(self.ROW))
        form = preview.context["name_form"]
        answered = planner_client.post(
            URL, {"payload": form["payload"].value(), "name_0": str(world.mann.pk), "names": "1"}
        )
        report = answered.context["report"]
        assert report.ok, report.problems
        assert report.created["seats"] == ["seat Soyuz MS-90 ascent 1: Nicole Mann"]
        confirm(planner_client, answered)
        assert SeatAssignment.objects.get().crew_member == world.mann
        assert not CrewMember.objects.filter(name="Nicole Man").exists()

    def test_or_a_new_person(self, planner_client, world):
        preview = upload(planner_client, csv_text(self.ROW))
        form = preview.context["name_form"]
        answered = planner_client.post(
            URL, {"payload": form["payload"].value(), "name_0": "new", "names": "1"}
        )
        assert answered.context["report"].created["crew members"] == ["crew member Nicole Man (NASA)"]

    def test_the_command_says_how_to_answer(self, tmp_path, world):
        from django.core.management import call_command
        from django.core.management.base import CommandError

        path = tmp_path / "roster.csv"
        path.write_text(csv_text(self.ROW))
        err = io.StringIO()
        with pytest.raises(CommandError):
            call_command("import_roster", str(path), stderr=err)
        assert "--same-person 'NAME=PERSON' or --new-person 'NAME'" in err.getvalue()
        out = io.StringIO()
        call_command(
            "import_roster", str(path), "--dry-run", "--new-person", "Nicole Man", "-v", "2", stdout=out
        )
        assert "would create crew member Nicole Man (NASA)" in out.getvalue()
        assert roster_import(data=path.read_text(), dry_run=True, names=NameChoices(new={"NICOLE MAN"})).ok
        call_command(
            "import_roster", str(path), "--same-person", "Nicole Man=Nicole Mann", stdout=io.StringIO()
        )
        assert SeatAssignment.objects.get().crew_member == world.mann


class TestAnySpreadsheet:
    @pytest.mark.parametrize("separator", [";", "\t"])
    def test_semicolon_and_tab_files_import(self, world, separator):
        rows = list(csv.reader(io.StringIO(csv_text(*CREW))))
        out = io.StringIO()
        # As LibreOffice writes it with "quote all text cells": the header's names quoted too.
        csv.writer(out, delimiter=separator, lineterminator="\r\n", quoting=csv.QUOTE_ALL).writerows(rows)
        report = roster_import(data=out.getvalue().encode("utf-8-sig"))
        assert report.ok, report.problems
        assert SeatAssignment.objects.count() == 4

    def test_utf16_gets_a_message_that_says_what_to_do(self, world):
        report = roster_import(data=csv_text(*GOOD).encode("utf-16"))
        assert [str(p) for p in report.problems] == [
            "row 1, column (file): the file is UTF-16 text, not UTF-8: in the spreadsheet, save it as “CSV UTF-8 "
            "(comma delimited)” and use that file"
        ]

    def test_the_template_lists_the_columns_and_imports(self, planner_client, world):
        page = text(planner_client.get(URL))
        assert "<code>launch_utc</code>" in page and "Download a template" in page
        response = planner_client.get(reverse("pages:roster_template"))
        data = b"".join(response.streaming_content)
        header, example = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert ",".join(header) == FULL_HEADER and example[:2] == ["Soyuz MS-34", "planned"]
        report = roster_import(data=data, dry_run=True)
        assert report.ok, report.problems

    def test_the_dry_run_counts_in_words_and_a_file_on_file_offers_no_import(self, planner_client, world):
        first = upload(
            planner_client, csv_text(f"{PLANNED},ascent,1,commander,Anna Kikina,Roscosmos,Russia,")
        )
        assert "1 row read; would create 1 mission, 1 seat; would change nothing" in text(first)
        confirm(planner_client, first)
        again = upload(
            planner_client, csv_text(f"{PLANNED},ascent,1,commander,Anna Kikina,Roscosmos,Russia,")
        )
        assert "Nothing to import: every row is already on file as it is." in text(again)
        assert "confirm" not in again.context and "Import 1 row" not in text(again)
        assert "Import 1 row" in text(first)


def test_a_planners_import_records_the_uploader_in_the_history(planner_client, world):
    confirm(planner_client, upload(planner_client, csv_text(*CREW)))
    users = {r.history_user.username for model in (Mission, SeatAssignment) for r in model.history.all()}
    assert users == {"ana"} and SeatAssignment.objects.count() == 4


class TestReviewedImportCases:
    """Inputs a hostile review sent: each once a 500, a way past the stewards' rule, or a wrong answer."""

    def test_a_new_agency_site_or_spacecraft_for_what_is_on_file_is_a_change_not_an_error(self, world):
        assert roster_import(data=csv_text(*CREW)).ok
        agency = CREW[0].replace(",Roscosmos,Russia,", ",Roscosmos State Corporation,Russia,")
        report = roster_import(data=csv_text(agency), dry_run=True)
        assert [str(p) for p in report.problems] == [
            "row 2, column crew_agency: changing who Anna Kikina is (agency Roscosmos → Roscosmos State "
            "Corporation) rewrites the record; a data steward can make this change"
        ]
        moved = [row.replace("Baikonur Cosmodrome Site 31", "Baikonur Cosmodrome Site 1") for row in CREW]
        report = roster_import(data=csv_text(*moved))
        assert report.ok, report.problems
        assert Mission.objects.get(name="Soyuz MS-90").launch_site.name == "Baikonur Cosmodrome Site 1"
        assert (
            "mission Soyuz MS-90: launch site Baikonur Cosmodrome Site 31 → Baikonur Cosmodrome Site 1"
            in report.changed
        )

    def test_refused_dates_out_of_range_are_problems_not_errors(self, world):
        world.soyuz_mission("Soyuz MS-91", "2031-03-01", "2031-09-01", status="launched")
        row = (
            "Soyuz MS-91,launched,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,9999-12-30,9999-12-31,"
            "return,1,commander,Anna Kikina,Roscosmos,Russia,"
        )
        report = roster_import(data=csv_text(row))
        found = [str(p) for p in report.problems]
        assert any(
            p.startswith("row 2, column launch_utc: Soyuz MS-91 has launched: changing it") for p in found
        )
        assert not Mission.objects.filter(launch_date__year=9999).exists()

    def test_a_new_commander_while_the_old_one_steps_down(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        from crews.tests.world import assign

        assign(mission, world.kikina, 1, role="commander")
        report = roster_import(
            data=csv_text(
                f"{PLANNED},ascent,1,flight engineer,Anna Kikina,Roscosmos,Russia,",
                f"{PLANNED},ascent,2,commander,Sergey Prokopyev,Roscosmos,Russia,",
            )
        )
        assert report.ok, report.problems
        assert sorted(mission.seat_assignments.values_list("seat", "role", "crew_member__name")) == [
            (1, "flight_engineer", "Anna Kikina"),
            (2, "commander", "Sergey Prokopyev"),
        ]

    def test_a_planner_cannot_launch_a_mission_and_add_to_its_flown_ascent_in_one_file(self, world):
        world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01", status="scheduled")
        row = f"{PLANNED.replace('planned', 'launched')},ascent,1,commander,Nicole Mann,NASA,United States,"
        report = roster_import(data=csv_text(row))
        assert [str(p) for p in report.problems] == [
            "row 2, column crew_member: the ascent of Soyuz MS-90 has flown: its crew is the record (Nicole Mann "
            "added); a data steward can make this change"
        ]

    def test_a_planner_cannot_add_a_flight_that_has_flown(self, on_file):
        row = (
            "Fake-1,landed,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2022-10-01,2022-12-01,ascent,1,"
            "commander,Frank Rubio,NASA,United States,"
        )
        report = roster_import(data=csv_text(row))
        assert [str(p) for p in report.problems] == [
            "row 2, column mission_status: Fake-1 would be added as landed: a flight that has flown is part of the "
            "record; a data steward can make this change (or add it as planned)"
        ]
        steward = roster_import(data=csv_text(row), dry_run=True, may_change_record=True)
        assert "mission Fake-1 added as landed" in steward.record_changes

    def test_a_planner_records_a_landing_but_not_a_new_vehicle(self, world):
        mission = world.soyuz_mission("Soyuz MS-91", "2031-03-01", "2031-09-01", status="launched")
        SeatAssignment.objects.create(
            mission=mission, leg="return", seat=1, role="commander", crew_member=world.kikina
        )
        flown = "Soyuz MS-91,{status},Soyuz MS,{vehicle},Roscosmos,Baikonur Cosmodrome Site 31,ISS,2031-03-01,{landing},"
        crew = "return,1,commander,Anna Kikina,Roscosmos,Russia,"
        landed = roster_import(
            data=csv_text(flown.format(status="landed", vehicle="", landing="2031-09-02") + crew),
            dry_run=True,
        )
        assert landed.ok, landed.problems
        assert (
            landed.changed[0]
            == "mission Soyuz MS-91: status launched → landed; landing date 2031-09-01 → 2031-09-02"
        )
        renamed = roster_import(
            data=csv_text(flown.format(status="launched", vehicle="Ural", landing="2031-09-01") + crew),
            dry_run=True,
        )
        assert [p.column for p in renamed.problems] == ["vehicle"]

    def test_names_in_any_script_match_on_sqlite_too(self, world):
        person = CrewMember.objects.create(name="Ёлкин Пётр", agency=world.roscosmos, nationality="Russia")
        world.soyuz_mission("Ørsted-1", "2024-03-01", "2024-09-01")
        row = (
            "Ørsted-1,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2024-03-01,2024-09-01,ascent,1,"
            "commander,Ёлкин Пётр,Roscosmos,Russia,"
        )
        assert roster_import(data=csv_text(row)).ok
        again = roster_import(data=csv_text(row.replace("Ёлкин Пётр", "ЁЛКИН ПЁТР")), dry_run=True)
        assert again.ok and again.unchanged_rows == 1 and not again.close_names
        assert person.seat_assignments.count() == 1

    def test_two_new_agencies_with_one_short_name_are_a_problem(self, world):
        rows = [
            f"{PLANNED},ascent,1,commander,Sultan Alneyadi,Mohammed Bin Rashid Space Centre Dubai,UAE,",
            f"{PLANNED},ascent,2,flight engineer,Hazzaa Almansoori,Mohammed Bin Rashid Space Centre UAE,UAE,",
        ]
        report = roster_import(data=csv_text(*rows))
        clash = [p for p in report.problems if (p.row, p.column) == (3, "crew_agency")]
        assert "would have the short name “Mohammed Bin Rashid Space Cent”" in clash[0].message
        assert not any("could not be saved" in p.message for p in report.problems)

    def test_an_unanswered_name_question_shows_the_preview_again(self, planner_client, world):
        preview = upload(planner_client, csv_text(TestNames.ROW))
        payload = preview.context["name_form"]["payload"].value()
        response = planner_client.post(URL, {"payload": payload, "names": "1"})
        assert response.status_code == 200
        assert response.context["name_form"].errors["name_0"] == ["This field is required."]
        assert "“Nicole Man” is not on file: did you mean Nicole Mann (NASA)?" in text(response)

    def test_a_flown_missions_warnings_are_listed_each_time(self, world):
        without = [row.replace(f",{AGREEMENT}", ",") for row in GOOD]
        first = roster_import(data=csv_text(*without), may_change_record=True)
        again = roster_import(data=csv_text(*without), may_change_record=True)
        assert (
            first.warnings == again.warnings and len(again.warnings) == 1
        )  # a cross-agency ascent, no agreement
        assert again.warnings[0].startswith("Soyuz MS-22: Frank Rubio (NASA) has a cross-agency seat")

    def test_filling_in_a_missing_nationality_is_not_a_rewrite(self, world):
        world.kikina.nationality = ""
        world.kikina.save()
        report = roster_import(data=csv_text(*CREW))
        assert report.ok and "crew member Anna Kikina: nationality (none) → Russia" in report.changed
        assert not report.record_changes

    def test_braces_and_nul_bytes_are_data(self, world):
        world.soyuz_mission("{7*7} {x}", "2031-03-01", "2031-09-01", status="landed")
        row = (
            "{7*7} {x},landed,Soyuz MS,Ural,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2031-03-01,2031-09-01,"
        )
        report = roster_import(data=csv_text(row + "ascent,1,commander,Anna Kikina,Roscosmos,Russia,"))
        assert report.problems[0].message.startswith(
            "{7*7} {x} has landed: changing it (vehicle (none) → Ural)"
        )
        nul = roster_import(data=csv_text(*CREW).replace("Kikina", "Kiki\x00na"))
        assert [str(p) for p in nul.problems] == [
            "row 1, column (file): the file holds binary data: it is not a CSV file"
        ]


def test_a_misspelt_name_does_not_hide_the_rest_of_its_rows_problems(world):
    """The name is asked about, and its row is still checked (as for a new person): nothing waits for a second
    round. Problems come in the order of the file."""
    rows = [
        f"{PLANNED},ascent,1,astronaut,Anna Kikina,Roscosmos,Russia,",
        f"{PLANNED},ascent,3,flight engineer,Nicole Man,NASA,United States,{AGREEMENT}",
        f"{PLANNED},ascent,5,flight engineer,Dmitry Petelin,Roscosmos,Russia,",
    ]
    world.integrated.in_force_to = None
    world.integrated.seats_a_on_b = 0
    world.integrated.save()
    report = roster_import(data=csv_text(*rows), dry_run=True)
    assert [(p.row, p.column) for p in report.problems] == [
        (2, "role"),
        (3, "crew_member"),
        (3, "agreement"),
        (4, "seat"),
    ]
    assert report.problems[2].message.startswith("No seats left for NASA crew on Roscosmos vehicles")
    assert not report.created.get("crew members")
