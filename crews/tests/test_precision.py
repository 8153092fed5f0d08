"""Dates known only to the month or the year: stored as they are known, shown so, exported and imported so;
the rules refuse an overlap only when it is certain, and say when one is only possible."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crews.forms import mission_choices
from crews.history import recent_changes
from crews.models import SeatAssignment
from crews.roster_csv.columns import COLUMNS, export_cells
from crews.roster_csv.export import export_queryset
from crews.roster_csv.importer import roster_import
from crews.rules import mission_warnings
from crews.tests.helpers import SVG, csv_text, svgs, text
from crews.tests.world import assign
from missions.models import Mission

VOSTOK = "Vostok 1,landed,Vostok,,Soviet space program,Baikonur Cosmodrome Site 1,,{launch},{landing},{leg},1,commander,Yuri Gagarin,Soviet space program,Soviet Union,"


def vostok(launch: str, landing: str) -> str:
    return csv_text(*(VOSTOK.format(launch=launch, landing=landing, leg=leg) for leg in ("ascent", "return")))


class TestStoredAsKnown:
    def test_a_time_needs_a_date_known_to_the_day(self, world):
        mission = world.soyuz_mission("Soyuz 1", "1967-04-23", "1967-04-24", status="landed")
        mission.launch_precision, mission.launch_time = "month", dt.time(0, 35)
        with pytest.raises(ValidationError) as exc:
            mission.full_clean()
        assert exc.value.message_dict["launch_time"] == [
            "A launch time needs a launch date known to the day."
        ]

    def test_an_imprecise_date_is_saved_as_the_first_day_of_its_period(self, world):
        mission = world.soyuz_mission("Soyuz 1", "1967-04-23", None, status="landed")
        mission.launch_precision = "year"
        mission.save()
        mission.refresh_from_db()
        assert (mission.launch_date, mission.launch.shown()) == (dt.date(1967, 1, 1), "1967")

    def test_a_landing_known_to_the_month_may_be_in_the_month_of_the_launch(self, world):
        mission = world.soyuz_mission("Soyuz 1", "1967-04-23", None, status="landed")
        mission.landing_date, mission.landing_precision = dt.date(1967, 4, 1), "month"
        mission.full_clean()
        mission.save()
        mission.landing_date, mission.landing_precision = dt.date(1966, 1, 1), "year"
        with pytest.raises(ValidationError, match=r"cannot land \(1966\) before it launches \(1967-04-23\)"):
            mission.full_clean()


class TestTheRosterCSV:
    def test_imprecise_dates_import_and_export_as_written(self, world):
        report = roster_import(data=vostok("1961", "1961-04"), may_change_record=True)
        assert report.ok, report.problems
        mission = Mission.objects.get(name="Vostok 1")
        assert (mission.launch_precision, mission.landing_precision) == ("year", "month")
        seat = export_queryset(SeatAssignment.objects.filter(leg="ascent")).get()
        cells = dict(zip(COLUMNS, export_cells(seat), strict=False))
        assert (cells["launch_utc"], cells["landing_utc"]) == ("1961", "1961-04")
        again = roster_import(data=vostok("1961", "1961-04"), may_change_record=True)
        assert again.ok and not again.changed and again.unchanged_rows == 2

    def test_a_date_becomes_more_precise(self, world):
        assert roster_import(data=vostok("1961", "1961-04"), may_change_record=True).ok
        report = roster_import(data=vostok("1961-04-12T06:07Z", "1961-04-12T07:55Z"), may_change_record=True)
        assert report.ok, report.problems
        assert report.changed == [
            "mission Vostok 1: launch date 1961-01-01 → 1961-04-12; launch time (none) → 06:07:00; launch "
            "precision year → day; landing date 1961-04-01 → 1961-04-12; landing time (none) → 07:55:00; landing "
            "precision month → day"
        ]

    def test_the_pages_show_what_is_known(self, viewer_client, world):
        assert roster_import(data=vostok("1961", "1961-04"), may_change_record=True).ok
        mission = Mission.objects.get(name="Vostok 1")
        page = text(viewer_client.get(mission.get_absolute_url()))
        assert (
            '<time datetime="1961">1961</time>' in page and '<time datetime="1961-04">Apr 1961</time>' in page
        )
        person = mission.seat_assignments.first().crew_member
        profile = text(viewer_client.get(person.get_absolute_url()))
        # Launched some time in 1961, landed in April 1961: between 0 and 120 days, about 60.
        assert (
            "about 60 days" in profile
            and '≈ 60</span> <small class="text-body-secondary">(0 to 120)' in profile
        )


class TestOverlapsOnlyWhenCertain:
    def month(self, world, name, launch, landing, **kw):
        mission = world.soyuz_mission(name, launch, landing, **kw)
        mission.launch_precision = mission.landing_precision = "month"
        mission.save()
        return mission

    def test_a_possible_overlap_from_a_landing_not_on_file_says_so(self, world):
        """The screenshot review: exact dates, and yet the warning blamed "dates known only to the month or the
        year"; the doubt came from a landing the record does not have."""
        old = world.soyuz_mission(
            "Soyuz 89", "2031-01-10", None, status="landed", landing_by=dt.date(2031, 6, 1)
        )
        assign(old, world.prokopyev, 1)  # landed by 2031-06-01 at the latest: the day is not on file
        planned = world.soyuz_mission("Soyuz 91", "2031-03-20", "2031-03-25")
        assign(planned, world.prokopyev, 1)
        (warning,) = mission_warnings(planned)
        assert warning.code == "possible_overlap"
        assert warning.message.endswith("(a landing not on file: a possible overlap).")
        assert "month or the year" not in warning.message

    def test_a_possible_overlap_is_a_warning_not_a_refusal(self, world):
        old = self.month(world, "Soyuz 90", "2031-03-01", "2031-03-01", status="landed")  # some time in March
        assign(old, world.prokopyev, 1)
        planned = world.soyuz_mission("Soyuz 91", "2031-03-20", "2031-03-25")
        assign(planned, world.prokopyev, 1)  # accepted: he may have been home by then
        (warning,) = mission_warnings(planned)
        assert warning.code == "possible_overlap" and warning.possible
        assert warning.message == (
            "Sergey Prokopyev may be aboard Soyuz 90 from Mar 2031 to Mar 2031 (no return leg on file); this "
            "flight on Soyuz 91 runs from 2031-03-20 to 2031-03-25 (dates known only to the month or the year: "
            "a possible overlap)."
        )

    def test_a_certain_overlap_is_refused(self, world):
        old = self.month(
            world, "Soyuz 90", "2031-01-01", "2031-12-01", status="landed"
        )  # January to December
        assign(old, world.prokopyev, 1)
        planned = world.soyuz_mission("Soyuz 91", "2031-06-01", "2031-06-05")
        with pytest.raises(
            ValidationError, match="Sergey Prokopyev is already aboard Soyuz 90 from Jan 2031"
        ):
            assign(planned, world.prokopyev, 1)


class TestSeatNumbersTheRecordMayNotHave:
    """Old sources do not say who sat where: a flown leg may leave the number out; a plan may not."""

    def test_a_flown_leg_without_seat_numbers(self, viewer_client, world):
        flown = world.soyuz_mission("Soyuz 11", "1971-06-06", "1971-06-29", status="landed")
        for person in (world.prokopyev, world.petelin):
            assign(flown, person, None)
        assert mission_warnings(flown) == []
        page = text(viewer_client.get(flown.get_absolute_url()))
        assert page.count('<span title="the record does not say which seat">—</span>') == 2
        seat = export_queryset(SeatAssignment.objects.filter(crew_member=world.petelin)).get()
        assert dict(zip(COLUMNS, export_cells(seat), strict=False))["seat"] == ""
        assert str(seat) == "Soyuz 11 ascent, no seat number: Dmitry Petelin"
        assert "assigned Dmitry Petelin to Soyuz 11, ascent (no seat number) (flight engineer)" in [
            c.text for c in recent_changes(flown)
        ]

    def test_a_planned_seat_needs_its_number(self, world):
        planned = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        with pytest.raises(ValidationError) as exc:
            assign(planned, world.prokopyev, None)
        assert exc.value.message_dict["seat"] == [
            "Sergey Prokopyev needs a seat number on the ascent of Soyuz MS-90 (1 to 3): only a leg that has "
            "flown may leave it out."
        ]

    def test_the_roster_csv_leaves_the_number_out_and_fills_it_in_later(self, world):
        rows = vostok("1961-04-12T06:07Z", "1961-04-12T07:55Z").replace(",1,commander,", ",,commander,")
        report = roster_import(data=rows, may_change_record=True)
        assert report.ok, report.problems
        assert list(SeatAssignment.objects.values_list("seat", flat=True)) == [None, None]
        assert roster_import(data=rows, may_change_record=True).unchanged_rows == 2
        numbered = roster_import(data=rows.replace(",,commander,", ",1,commander,"), may_change_record=True)
        assert numbered.changed == [
            "seat Vostok 1 ascent 1 (Yuri Gagarin): seat (none) → 1",
            "seat Vostok 1 return 1 (Yuri Gagarin): seat (none) → 1",
        ]
        assert list(SeatAssignment.objects.values_list("seat", flat=True)) == [1, 1]

    def test_a_planned_row_without_a_number_is_a_problem_on_its_row(self, world):
        report = roster_import(
            data=csv_text("Soyuz MS-90,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2031-03-01,"
                          "2031-09-01,ascent,,commander,Anna Kikina,Roscosmos,Russia,")
        )  # fmt: skip
        assert [str(p) for p in report.problems] == [
            "row 2, column seat: Anna Kikina needs a seat number on the ascent of Soyuz MS-90 (1 to 3): only a "
            "leg that has flown may leave it out."
        ]


# --- After review: seats without numbers and dates as known, wherever they are shown ---------------------


class TestNoSeatNumberIsNeverSeatNone:
    """Nitpick: wherever a seat is named, one without a number says so."""

    @pytest.fixture
    def home(self, world):
        """The record of two people coming home without seat numbers, then set back to launched by a steward
        (its return a plan again, as stored before plans had to give numbers)."""
        mission = world.soyuz_mission("Soyuz 11", "1971-06-06", "1971-06-29", status="landed")
        seats = [SeatAssignment.objects.create(mission=mission, leg="return", seat=None, role=role, crew_member=person)
                 for person, role in ((world.prokopyev, "commander"), (world.petelin, "flight_engineer"))]  # fmt: skip
        mission.status = "launched"
        mission.save()
        return mission, seats

    def test_the_planners_pages(self, planner_client, home):
        mission, (first, second) = home
        pages = {action: text(planner_client.get(reverse(f"pages:seat_{action}", args=[mission.slug, first.pk])))
                 for action in ("move", "swap", "release")}  # fmt: skip
        assert "Now: Soyuz 11, return (no seat number) (commander)." in pages["move"]
        assert (
            f'<option value="{second.pk}">Return (no seat number): Dmitry Petelin (flight engineer)</option>'
            in pages["swap"]
        )
        assert '<h1 class="h3">Release return (no seat number)</h1>' in pages["release"]
        url = reverse("pages:seat_release", args=[mission.slug, first.pk])
        released = text(planner_client.post(url, follow=True))
        assert "Released return (no seat number) (Sergey Prokopyev)." in released
        assert not any("seat None" in page for page in (*pages.values(), released))

    def test_the_admins_released_seats(self, steward_client, home):
        mission, (first, _second) = home
        first._change_reason = "released"
        first.delete()
        page = text(steward_client.get(reverse("admin:missions_mission_change", args=[mission.pk])))
        assert "return (no seat number): Sergey Prokopyev</a>" in page and "seat None" not in page

    def test_the_rules(self, world):
        mission = world.soyuz_mission("Soyuz 11", "1971-06-06", "1971-06-29", status="landed")
        assign(mission, world.prokopyev, None)
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.prokopyev, None)
        assert exc.value.message_dict["crew_member"] == [
            "Sergey Prokopyev already has a seat (no number on file) on the ascent of Soyuz 11."
        ]


def test_a_launch_known_to_the_year_is_never_shown_as_its_first_day(viewer_client, world):
    """Nitpick: the mission choices, the roster's station link, the station page and its timeline say 1995."""
    tm21 = world.soyuz_mission(
        "Soyuz TM-21", "1995-01-01", "1995-09-11", status="landed", launch_precision="year"
    )
    sts71 = world.dragon_mission("STS-71", "1995-06-27", "1995-07-07", status="landed")
    assign(tm21, world.prokopyev, None)  # up some time in 1995, home on STS-71 (as Norman Thagard was)
    assign(sts71, world.prokopyev, None, leg="return")
    tm22 = world.soyuz_mission("Soyuz TM-22", "1995-09-01", None, status="launched", launch_precision="month")
    assert (tm22.pk, "Soyuz TM-22 (launched, Sep 1995)") in mission_choices()
    roster = text(viewer_client.get(tm21.get_absolute_url()))
    assert '<a href="/stations/iss/" title="launched in 1995: the day is not known">' in roster
    query = "?period_start=1995-01-01&period_end=1995-12-31&ground=crew-dragon&from=1995-06-01"
    page = viewer_client.get(world.iss.get_absolute_url() + query).content.decode()
    free = re.findall(r'<ul class="mb-0 free-seats">(.*?)</ul>', page, flags=re.S)[0]
    assert "Soyuz TM-21</a> (Soyuz MS): 3 free seats, at the station 1995 – 1995-09-11" in free
    titles = [t.text for svg in svgs(page) for t in svg.iter(f"{SVG}title")]
    assert "Soyuz TM-21 (Soyuz MS, Roscosmos): 1995 – 1995-09-11" in titles
    bars = [t for t in titles if t.startswith(("Soyuz", "STS"))]
    assert "Soyuz TM-22 (Soyuz MS, Roscosmos): Sep 1995 – landing not known" in bars
    assert not any("1995-01-01" in t or "1995-09-01" in t for t in bars), bars


def test_seats_without_numbers_come_last_by_name_on_every_database(steward_client, viewer_client, world):
    """Nitpick: SQLite sorts a missing number first, PostgreSQL last; seatswap says: last, then by name."""
    mission = world.soyuz_mission("Soyuz 11", "1971-06-06", "1971-06-29", status="landed")
    for person, number in ((world.prokopyev, None), (world.petelin, 1), (world.kikina, None)):
        assign(mission, person, number)
    expected = ["Dmitry Petelin", "Anna Kikina", "Sergey Prokopyev"]
    assert [s.crew_member.name for s in export_queryset()] == expected
    inline = steward_client.get(reverse("admin:missions_mission_change", args=[mission.pk]))
    forms = inline.context["inline_admin_formsets"][0].formset.forms
    assert [f.instance.crew_member.name for f in forms if f.instance.pk] == expected
    changelist = text(steward_client.get(reverse("admin:crews_seatassignment_changelist")))
    assert sorted(expected, key=changelist.index) == expected
    roster = text(viewer_client.get(mission.get_absolute_url()))
    assert sorted(expected, key=roster.index) == expected


def test_a_new_spacecrafts_seat_count_says_where_it_comes_from(world):
    """Nitpick: with seat numbers left out, the seat count is the most people on one leg, and it says so."""
    rows = [f"Voskhod 1,landed,Voskhod,,Roscosmos,Baikonur Cosmodrome Site 1,,1964,1964,ascent,,{role},{name},"
            "Roscosmos,Soviet Union," for role, name in (("commander", "Vladimir Komarov"),
                                                         ("flight engineer", "Konstantin Feoktistov"))]  # fmt: skip
    report = roster_import(data=csv_text(*rows), may_change_record=True, dry_run=True)
    assert report.ok, report.problems
    assert report.created["spacecraft"] == [
        "spacecraft Voskhod (operator Roscosmos, 2 seats: the most the file needs, its highest seat number or the "
        "most people on one leg; check it in the admin)"
    ]
