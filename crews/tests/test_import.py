"""`import_roster` and the import service: all or nothing, problems by row and column, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crews.models import CrewMember, SeatAssignment
from crews.roster_csv.importer import roster_import
from crews.tests.helpers import AGREEMENT, GOOD, HEADER, MS22, PLANNED, csv_text
from missions.models import Agency, LaunchSite, Mission, Spacecraft


def run_command(tmp_path, text: str | bytes, *args, steward: bool = True) -> tuple[str, str, int]:
    """`import_roster` on a file; as a data steward (`--change-record`: the files hold flown missions)."""
    args = (*args, "--change-record") if steward and "--change-record" not in args else args
    path = tmp_path / "roster.csv"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_roster", str(path), *args, stdout=out, stderr=err)
        code = 0
    except CommandError:
        code = 1
    return out.getvalue(), err.getvalue(), code


def snapshot():
    return sorted(
        SeatAssignment.objects.values_list(
            "mission__name", "leg", "seat", "role", "crew_member__name", "agreement_id"
        )
    ), sorted(
        Mission.objects.values_list(
            "name", "status", "launch_date", "launch_time", "landing_date", "updated_at"
        )
    )


@pytest.fixture
def filed(world):
    """The world with the crew members the good file names, so they are matched, not created."""
    return world


class TestGoodFile:
    def test_imports_missions_and_seats(self, tmp_path, filed):
        out, err, code = run_command(tmp_path, csv_text(*GOOD))
        assert code == 0, err
        assert "created 2 missions, 6 seats" in out
        ms22 = Mission.objects.get(name="Soyuz MS-22")
        assert ms22.launch.isoformat() == "2022-09-21T13:54Z"
        assert ms22.landing.isoformat() == "2023-03-28" and ms22.landing_time is None  # never invent a time
        assert [s.crew_member.name for s in ms22.seat_assignments.order_by("seat")] == [
            "Sergey Prokopyev",
            "Dmitry Petelin",
            "Frank Rubio",
        ]
        assert set(
            Mission.objects.get(name="Soyuz MS-23").seat_assignments.values_list("leg", flat=True)
        ) == {"return"}

    def test_a_second_import_changes_nothing(self, tmp_path, filed):
        run_command(tmp_path, csv_text(*GOOD))
        before = snapshot()
        out, _err, code = run_command(tmp_path, csv_text(*GOOD))
        assert code == 0
        assert "nothing created; 0 changed; 6 rows already on file" in out
        assert snapshot() == before

    def test_byte_order_mark_and_either_line_ending(self, tmp_path, filed):
        data = "\ufeff" + csv_text(*GOOD).replace("\r\n", "\n")
        _out, err, code = run_command(tmp_path, data.encode("utf-8"))
        assert code == 0, err
        assert SeatAssignment.objects.count() == 6

    def test_people_are_matched_by_other_names(self, tmp_path, filed):
        rows = [r.replace("Frank Rubio", "Francisco Rubio") for r in GOOD]
        run_command(tmp_path, csv_text(*rows))
        assert not CrewMember.objects.filter(name="Francisco Rubio").exists()
        assert filed.rubio.seat_assignments.count() == 2

    def test_new_people_agencies_sites_and_spacecraft_are_created(self, tmp_path, filed):
        row = (
            "Shenzhou-90,planned,Shenzhou,,CMSA,Jiuquan LA-4,,2031-04-01,2031-10-01,"
            "ascent,1,commander,Yang Liwei,CMSA,China,"
        )
        out, err, code = run_command(tmp_path, csv_text(row), "-v", "2")
        assert code == 0, err
        assert Agency.objects.filter(short_name="CMSA").exists()
        assert Spacecraft.objects.get(name="Shenzhou").seat_count == 1
        assert LaunchSite.objects.get(name="Jiuquan LA-4").time_zone == "UTC"
        assert "created crew member Yang Liwei (CMSA)" in out
        assert "check it in the admin" in out

    def test_a_changed_row_updates_and_says_what_changed(self, tmp_path, filed):
        run_command(tmp_path, csv_text(*GOOD))
        changed = [GOOD[0].replace("commander", "flight engineer"), *GOOD[1:]]
        changed[1] = changed[1].replace("flight engineer", "commander")
        out, err, code = run_command(tmp_path, csv_text(*changed), "-v", "2", "--change-record")
        assert code == 0, err
        assert "changed seat Soyuz MS-22 ascent 1 (Sergey Prokopyev): role commander → flight engineer" in out

    def test_flown_missions_are_stored_with_their_warnings(self, tmp_path, filed):
        row = f"{MS22.replace('MS-22', 'MS-91')},ascent,3,flight engineer,Nicole Mann,NASA,United States,"
        out, _err, code = run_command(tmp_path, csv_text(row))
        assert code == 0
        assert "warning: Soyuz MS-91: Nicole Mann (NASA) has a cross-agency seat" in out

    def test_formula_escapes_are_removed(self, tmp_path, filed):
        row = f"{PLANNED},ascent,1,commander,'=Evil Name,Roscosmos,Russia,"
        _out, err, code = run_command(tmp_path, csv_text(row))
        assert code == 0, err
        assert CrewMember.objects.filter(name="=Evil Name").exists()

    def test_a_return_row_before_its_ascent_row_is_paired(self, tmp_path, filed):
        """Row order does not matter: ascents are taken first."""
        up = PLANNED + ",ascent,3,flight engineer,Frank Rubio,NASA,United States," + AGREEMENT
        down = (
            PLANNED.replace("MS-90", "MS-91")
            .replace("2024-03-01", "2024-08-01")
            .replace("2024-09-01", "2024-12-01")
        )
        down += ",return,3,flight engineer,Frank Rubio,NASA,United States,"
        _out, err, code = run_command(tmp_path, csv_text(down, up))
        assert code == 0, err

    def test_dry_run_reports_and_writes_nothing(self, tmp_path, filed):
        out, _err, code = run_command(tmp_path, csv_text(*GOOD), "--dry-run")
        assert code == 0
        assert "would create mission Soyuz MS-22" in out
        assert "would create seat Soyuz MS-22 ascent 3: Frank Rubio" in out
        assert "dry run, nothing written" in out
        assert not Mission.objects.exists()


class TestBadFile:
    """Each bad file writes nothing, exits non-zero and names row and column."""

    def assert_refused(self, tmp_path, text, *expected: str):
        before = snapshot()
        _out, err, code = run_command(tmp_path, text)
        assert code == 1
        lines = err.strip().splitlines()
        for line in expected:
            assert line in lines, lines
        assert snapshot() == before
        assert not Mission.objects.filter(name__in=["Soyuz MS-22", "Soyuz MS-90"]).exists()
        return lines

    def test_unknown_agreement(self, tmp_path, filed):
        rows = [*GOOD[:2], GOOD[2].replace(AGREEMENT, "Secret pact")]
        self.assert_refused(
            tmp_path,
            csv_text(*rows),
            "row 4, column agreement: unknown agreement “Secret pact”: agreements must be on file before a roster "
            "names them",
        )

    def test_seat_5_on_a_soyuz(self, tmp_path, filed):
        rows = [*GOOD[:2], GOOD[2].replace(",3,flight engineer", ",5,flight engineer")]
        self.assert_refused(
            tmp_path,
            csv_text(*rows),
            "row 4, column seat: Seat 5 does not exist on Soyuz MS-22: Soyuz MS has seats 1 to 3.",
        )

    def test_double_booking(self, tmp_path, filed):
        rows = [*GOOD[:2], GOOD[2].replace(",3,flight engineer", ",2,flight engineer")]
        self.assert_refused(
            tmp_path,
            csv_text(*rows),
            "row 4, column seat: seat 2 on the ascent of Soyuz MS-22 is also given to Dmitry Petelin in row 3",
        )

    def test_a_seat_held_by_someone_else_on_file(self, tmp_path, filed):
        run_command(tmp_path, csv_text(*GOOD))
        before = snapshot()
        row = GOOD[0].replace("Sergey Prokopyev", "Anna Kikina")
        _out, err, code = run_command(tmp_path, csv_text(row))
        assert code == 1
        assert "row 2, column seat: seat 1 on the ascent of Soyuz MS-22 is held by Sergey Prokopyev" in err
        assert snapshot() == before

    def test_bad_date(self, tmp_path, filed):
        rows = [GOOD[0].replace("2022-09-21T13:54Z", "2022-09-31T13:54Z"), *GOOD[1:]]
        lines = self.assert_refused(tmp_path, csv_text(*rows))
        assert lines[0].startswith("row 2, column launch_utc: “2022-09-31T13:54Z” is not a real date or time")

    def test_a_date_in_another_format(self, tmp_path, filed):
        rows = [GOOD[0].replace("2022-09-21T13:54Z", "21/09/2022"), *GOOD[1:]]
        lines = self.assert_refused(tmp_path, csv_text(*rows))
        assert lines[0].startswith("row 2, column launch_utc: “21/09/2022” is not a date")

    def test_missing_column(self, tmp_path, filed):
        header = HEADER.replace(",nationality", "")
        rows = [",".join(r.split(",")[:14] + r.split(",")[15:]) for r in GOOD]
        self.assert_refused(
            tmp_path, csv_text(*rows, header=header), "row 1, column nationality: missing column"
        )

    def test_one_bad_row_among_good_ones_writes_nothing(self, tmp_path, filed):
        rows = [*GOOD, f"{PLANNED},ascent,1,astronaut,Anna Kikina,Roscosmos,Russia,"]
        self.assert_refused(
            tmp_path,
            csv_text(*rows),
            "row 8, column role: “astronaut” is not a role (use one of commander, pilot, flight engineer, "
            "mission specialist, spaceflight participant)",
        )

    def test_a_planned_seat_that_breaks_a_rule(self, tmp_path, filed):
        row = f"{PLANNED},ascent,3,flight engineer,Frank Rubio,NASA,United States,"
        self.assert_refused(
            tmp_path,
            csv_text(row),
            "row 2, column agreement: Frank Rubio (NASA) has a cross-agency seat on Roscosmos's Soyuz MS "
            "(Soyuz MS-90): name an agreement between NASA and Roscosmos.",
        )

    def test_rows_of_one_mission_that_disagree(self, tmp_path, filed):
        rows = [GOOD[0], GOOD[1].replace("2023-03-28", "2023-03-29")]
        self.assert_refused(
            tmp_path,
            csv_text(*rows),
            "row 3, column landing_utc: “2023-03-29” differs from “2023-03-28” in row 2 for the same mission "
            "(Soyuz MS-22)",
        )

    def test_not_utf8(self, tmp_path, filed):
        data = csv_text(GOOD[0].replace("Prokopyev", "Prokop’yev")).encode("cp1252")
        _out, err, code = run_command(tmp_path, data)
        assert code == 1
        assert "row 1, column (file): the file is not UTF-8 text" in err

    def test_every_problem_is_listed(self, tmp_path, filed):
        rows = [
            GOOD[0].replace(",1,commander", ",x,commander"),
            GOOD[1].replace(",ascent,", ",sideways,"),
            GOOD[2].replace(",3,flight engineer", ",²,flight engineer"),
        ]
        lines = self.assert_refused(tmp_path, csv_text(*rows))
        assert lines == [
            "row 2, column seat: “x” is not a seat number (1, 2, 3 …)",
            "row 3, column leg: “sideways” is not a leg (use ascent or return)",
            "row 4, column seat: “²” is not a seat number (1, 2, 3 …)",
        ]


def test_the_service_reports_without_a_command(filed):
    report = roster_import(data=csv_text(*GOOD), dry_run=True, may_change_record=True)
    assert report.ok and report.dry_run
    assert len(report.created["seats"]) == 6
    assert not SeatAssignment.objects.exists()
