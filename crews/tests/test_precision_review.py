"""Dates known to the year or month, and seats without numbers, after review: what is certain is refused,
what is only possible is warned; backward dates are form errors; the record's gaps never open a plan's."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from crews.forms import agreement_choices, open_seat_choices
from crews.history import recent_changes
from crews.models import SeatAssignment
from crews.roster_csv.importer import roster_import
from crews.rules import MissionFacts, SeatFacts, evaluate, mission_warnings
from crews.rules.flights import flights_of
from crews.seat_choices import leg_seats
from crews.services import seats_write
from crews.tests.helpers import csv_text, field_errors, mission_form_data, mission_post, text
from crews.tests.world import assign
from missions.models import Mission
from missions.moments import Moment


def facts(name, launch, landing, *, status="landed", seats=3, flown=None):
    launch, landing = Moment.parse(launch), Moment.parse(landing) if landing else None
    if flown is None:
        flown = {"launched": {"ascent"}, "landed": {"ascent", "return"}}.get(status, set())
    return MissionFacts(key=name, name=name, status=status, launch=launch, landing=landing, spacecraft="Soyuz",
                        seat_count=seats, operator_key="R", operator="Roscosmos",
                        is_record=status in {"launched", "landed"}, flown_legs=frozenset(flown))  # fmt: skip


def aboard(mission, person="Sergey Prokopyev", leg="ascent", number=1, pending=False):
    return SeatFacts(key=(mission.name, leg, person, number), mission=mission, leg=leg, seat=number,
                     role="flight_engineer", person_key=person, person=person, agency_key="R", agency="Roscosmos",
                     pending=pending)  # fmt: skip


class TestWhatIsCertain:
    """Finding 1: a flight has surely begun by the latest its launch can be, and never after its landing."""

    def test_a_launch_known_to_the_year_has_happened_by_its_landing_day(self):
        # Launched some time in 1995, landed on 20 December 1995: aboard, surely, on 20 December.
        (flight,), _ = flights_of([aboard(facts("Soyuz TM-21", "1995", "1995-12-20"))])
        assert (flight.sure_start.date().isoformat(), flight.sure_end.date().isoformat()) == (
            "1995-12-21",
            "1995-12-21",
        )

    def test_flights_both_launched_in_1995_landing_five_days_apart_only_may_overlap(self):
        # Either may have been the first: the one landing on the 20th may have launched and landed before the
        # other launched on the 21st, or been up all year with it.
        first = aboard(facts("Soyuz TM-21", "1995", "1995-12-20"))
        second = aboard(facts("Soyuz TM-22", "1995", "1995-12-25"))
        (problem,) = evaluate([first, second])
        assert (problem.code, problem.possible) == ("possible_overlap", True)

    def test_a_flight_up_on_the_10th_surely_overlaps_one_landing_on_the_20th(self):
        first = aboard(facts("Soyuz TM-21", "1995", "1995-12-20"))
        second = aboard(facts("Soyuz TM-22", "1995-12-10", "1995-12-25"))
        (problem,) = evaluate([first, second])
        assert (problem.code, problem.possible) == ("overlap", False)
        assert problem.message == (
            "Sergey Prokopyev is already aboard Soyuz TM-21 from 1995 to 1995-12-20 (no return leg on file); this "
            "flight on Soyuz TM-22 runs from 1995-12-10 to 1995-12-25."
        )

    def test_a_plan_that_surely_overlaps_the_record_is_refused(self, world):
        old = world.soyuz_mission("Soyuz TM-21", "1995-01-01", "1995-12-20", status="landed")
        old.launch_precision = "year"
        old.save()
        assign(old, world.prokopyev, 1)
        planned = world.soyuz_mission("Soyuz TM-22", "1995-12-10", "1995-12-25")
        with pytest.raises(
            ValidationError, match="Sergey Prokopyev is already aboard Soyuz TM-21 from 1995 to"
        ):
            assign(planned, world.prokopyev, 1)
        assert not planned.seat_assignments.exists()


class TestALaunchedMissionsReturnIsAPlan:
    """Finding 3: a seat number may be left out on a leg that has flown, not on a launched mission's return."""

    def launched(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01", status="launched")
        assign(mission, world.prokopyev, None)  # the ascent has flown: the record may not say the seat
        return mission

    def test_its_return_seats_need_numbers(self, world):
        mission = self.launched(world)
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.prokopyev, None, leg="return")
        assert exc.value.message_dict["seat"] == [
            "Sergey Prokopyev needs a seat number on the return of Soyuz MS-90 (1 to 3): only a leg that has "
            "flown may leave it out."
        ]
        assign(mission, world.prokopyev, 2, leg="return")
        assert mission_warnings(mission) == []

    def test_nor_in_a_stewards_roster_file(self, world):
        self.launched(world)
        row = ("Soyuz MS-90,launched,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2031-03-01,2031-09-01,"
               "return,,commander,Sergey Prokopyev,Roscosmos,Russia,")  # fmt: skip
        report = roster_import(data=csv_text(row), may_change_record=True)
        assert [str(p) for p in report.problems] == [
            "row 2, column seat: Sergey Prokopyev needs a seat number on the return of Soyuz MS-90 (1 to 3): only "
            "a leg that has flown may leave it out."
        ]


class TestPeopleWithoutANumberTakeSeats:
    """Finding 4: the people the record gives no seat number count against the spacecraft's seats."""

    def flown(self, world, *people):
        mission = world.soyuz_mission("Soyuz 11", "1971-06-06", "1971-06-29", status="landed")
        for person in people:
            assign(mission, person, None)
        return mission

    def test_no_more_people_than_seats(self, world):
        mission = self.flown(world, world.prokopyev, world.petelin)
        assign(mission, world.kikina, 3)
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.rubio, None)
        assert exc.value.message_dict["seat"] == [
            "Soyuz MS has 3 seats, but the ascent of Soyuz 11 carries 4 people, counting 3 without a seat number "
            "(Sergey Prokopyev, Dmitry Petelin, Frank Rubio)."
        ]
        assert mission.seat_assignments.count() == 3

    def test_a_flown_leg_without_numbers_shows_its_people_and_no_made_up_empty_seat(
        self, viewer_client, world
    ):
        # Which of the three seats flew empty is not on file: no "seat 1 empty" is invented.
        mission = self.flown(world, world.prokopyev, world.petelin)
        page = text(viewer_client.get(mission.get_absolute_url()))
        ascent = page.split('data-leg="ascent"')[1].split("</table>")[0]
        assert ascent.count('class="open-seat"') == 0
        assert "Sergey Prokopyev" in ascent and "Dmitry Petelin" in ascent

    def test_a_return_leg_offers_only_the_seats_left(self, world):
        # The record had two people come home without seat numbers; a steward then set the mission back to
        # launched: its return is a plan again, and one of the three seats is left to offer.
        mission = self.flown(world)
        for person in (world.prokopyev, world.petelin):
            SeatAssignment.objects.create(mission=mission, leg="return", seat=None, role="flight_engineer",
                                          crew_member=person)  # fmt: skip
        mission.status = "launched"
        mission.save()
        assert open_seat_choices(mission, leg_seats(mission, ["return"])) == [("return:1", "Return — seat 1")]


class TestALandingBeforeItsLaunch:
    """Finding 2: a landing the day before the launch (or in a month before it) is a form error, not a 500."""

    def test_the_model_refuses_it(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-02", None)
        mission.landing_date = Moment.parse("2031-03-01").date
        with pytest.raises(ValidationError) as exc:
            mission.full_clean()
        assert exc.value.message_dict == {
            "landing_date": ["A mission cannot land (2031-03-01) before it launches (2031-03-02)."]
        }
        mission.landing_date, mission.landing_precision = Moment.parse("2031-02").date, "month"
        mission.status = "landed"
        with pytest.raises(ValidationError, match=r"cannot land \(2031-02\) before it launches"):
            mission.full_clean()

    @pytest.mark.parametrize(
        ("landing", "precision", "status"),
        [("2031-02-28", "day", "planned"), ("2031-02-01", "month", "landed")],
    )
    def test_the_admin_shows_a_form_error(self, steward_client, world, landing, precision, status):
        data = mission_post(world, status=status)
        data.update(launch_date="2031-03-01", landing_date=landing, landing_precision=precision)
        response = steward_client.post(reverse("admin:missions_mission_add"), data)
        assert response.status_code == 200
        assert (
            response.context["adminform"].form.errors["landing_date"][0].startswith("A mission cannot land")
        )
        assert not Mission.objects.exists()
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01", status=status)
        response = steward_client.post(reverse("admin:missions_mission_change", args=[mission.pk]), data)
        assert response.status_code == 200
        assert (
            response.context["adminform"].form.errors["landing_date"][0].startswith("A mission cannot land")
        )
        mission.refresh_from_db()
        assert mission.landing_date.isoformat() == "2031-09-01"

    def test_the_planners_form_shows_a_form_error(self, planner_client, world):
        data = mission_form_data(
            world.soyuz_mission("Soyuz MS-90", "2031-03-01", None), landing_date="2031-02-28"
        )
        response = planner_client.post(reverse("pages:mission_edit", args=["soyuz-ms-90"]), data)
        assert response.status_code == 200
        assert field_errors(response, "landing_date") == [
            "A mission cannot land (2031-02-28) before it launches (2031-03-01)."
        ]
        data.update(name="Soyuz MS-91", launch_date="2031-03-01")
        response = planner_client.post(reverse("pages:mission_create"), data)
        assert response.status_code == 200 and field_errors(response, "landing_date")
        assert not Mission.objects.filter(name="Soyuz MS-91").exists()


def test_a_precision_without_its_date_is_the_day(steward_client, world):
    """Finding 8: a landing precision with no landing date means nothing: it is stored as the day."""
    mission = world.soyuz_mission("Soyuz 1", "1967-04-23", None, status="landed")
    mission.landing_precision = "year"
    mission.save()
    mission.refresh_from_db()
    assert (mission.landing_precision, mission.landing) == ("day", None)
    data = mission_post(world, name="Soyuz 2", status="landed")
    data.update(launch_date="1968-10-26", landing_date="", landing_precision="month")
    assert steward_client.post(reverse("admin:missions_mission_add"), data).status_code == 302
    assert Mission.objects.get(name="Soyuz 2").landing_precision == "day"


class TestOnlyTheRecordIsImprecise:
    """Finding 7: a plan with dates known only to the month or year would have its overlaps only warned."""

    def test_a_plan_gives_its_days(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01", status="scheduled")
        mission.launch_precision = mission.landing_precision = "month"
        with pytest.raises(ValidationError) as exc:
            mission.full_clean()
        assert exc.value.message_dict == {
            "launch_precision": [
                "A launch date known only to the month is for the record of a mission that has launched: give "
                "the day of a launch still planned."
            ],
            "landing_precision": [
                "A landing date known only to the month is for the record of a mission that has landed: give the "
                "day of a landing still planned."
            ],
        }
        mission.status = "launched"  # the launch is the record now; the landing is still a plan
        assert list(pytest.raises(ValidationError, mission.full_clean).value.message_dict) == [
            "landing_precision"
        ]
        mission.status = "landed"
        mission.full_clean()

    def test_nor_in_the_admin(self, steward_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        data = mission_post(world)
        data.update(launch_precision="year")
        response = steward_client.post(reverse("admin:missions_mission_change", args=[mission.pk]), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["launch_precision"] == [
            "A launch date known only to the year is for the record of a mission that has launched: give the day "
            "of a launch still planned."
        ]
        mission.refresh_from_db()
        assert mission.launch_precision == "day"

    def test_a_planned_row_of_a_roster_file_gives_its_days(self, world):
        row = ("Soyuz MS-90,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2031-03,2031-09-01,"
               "ascent,1,commander,Anna Kikina,Roscosmos,Russia,")  # fmt: skip
        report = roster_import(data=csv_text(row))
        assert [str(p) for p in report.problems] == [
            "row 2, column launch_utc: A launch date known only to the month is for the record of a mission that "
            "has launched: give the day of a launch still planned."
        ]


class TestThePlannersMissionForm:
    """Finding 5: the form shows how precisely each date is known, keeps it, and never moves a day typed in."""

    def launched_in_1995(self, world):
        mission = world.soyuz_mission("Soyuz TM-21", "1995-01-01", None, status="launched")
        mission.launch_precision = "year"
        mission.save()
        return mission

    def edit(self, client, mission, **changes):
        data = mission_form_data(mission, **changes)
        return client.post(reverse("pages:mission_edit", args=[mission.slug]), data)

    def test_it_shows_the_precision(self, planner_client, world):
        mission = self.launched_in_1995(world)
        form = planner_client.get(reverse("pages:mission_edit", args=[mission.slug])).context["form"]
        field = form["launch_precision"]
        assert (field.value(), field.field.disabled, form["landing_precision"].value()) == (
            "year",
            True,
            "day",
        )

    @pytest.mark.parametrize("posted", [True, False])
    def test_editing_another_field_keeps_it(self, planner_client, world, posted):
        mission = self.launched_in_1995(world)
        changes = {} if posted else {"launch_precision": "", "landing_precision": ""}
        response = self.edit(planner_client, mission, notes="Mir EO-18", status="landed", landing_date="1995-07-07",
                             **changes)  # fmt: skip
        assert response.status_code == 302, response.context["form"].errors
        mission.refresh_from_db()
        assert (mission.launch.shown(), mission.landing.shown(), mission.notes) == (
            "1995",
            "1995-07-07",
            "Mir EO-18",
        )

    def test_a_day_typed_in_is_never_moved_to_the_first_of_its_month(self, planner_client, world):
        # Stored before plans had to give their days: a scheduled launch known to the month.
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", None, status="scheduled")
        mission.launch_precision = "month"
        mission.save()
        response = self.edit(planner_client, mission, launch_date="2031-03-15")
        assert field_errors(response, "launch_date") == [
            "2031-03-15 is a day, but the launch date is said to be known only to the month: set it known to the "
            "day, or give the first day of the month (2031-03-01)."
        ]
        response = self.edit(planner_client, mission, launch_date="2031-03-01")
        assert field_errors(response, "launch_precision") == [
            "A launch date known only to the month is for the record of a mission that has launched: give the day "
            "of a launch still planned."
        ]
        response = self.edit(planner_client, mission, launch_date="2031-03-15", launch_precision="day")
        assert response.status_code == 302
        mission.refresh_from_db()
        assert mission.launch.shown() == "2031-03-15"


class TestAnAgreementInForceForPartOfTheLaunchPeriod:
    """Finding 6: rule 3 for a launch known only to the year reads the whole year, not its first day."""

    def flown(self, world, launch, status="landed"):
        mission = world.soyuz_mission("Soyuz MS-21", launch, None, status=status)
        mission.launch_precision = "year"
        mission.save()
        return mission

    def test_in_force_for_part_of_the_year_is_a_possible_problem(self, world):
        # In force from 15 July 2022: a launch some time in 2022 may have been before it.
        mission = self.flown(world, "2022-01-01")
        assign(mission, world.rubio, 3, agreement=world.integrated)
        (warning,) = mission_warnings(mission)
        assert (warning.code, warning.possible) == ("agreement_maybe_not_in_force", True)
        assert warning.message == (
            "NASA–Roscosmos integrated crew agreement may not be in force at the launch of Soyuz MS-21, known only "
            "as 2022 (in force 2022-07-15 to 2025-12-31: for part of it)."
        )

    def test_in_force_for_none_of_it_is_a_problem(self, world):
        mission = self.flown(world, "2021-01-01")
        assign(mission, world.rubio, 3, agreement=world.integrated)
        (warning,) = mission_warnings(mission)
        assert (warning.code, warning.possible) == ("agreement_not_in_force", False)
        assert warning.message == (
            "NASA–Roscosmos integrated crew agreement is not in force in 2021, the launch of Soyuz MS-21 (in force "
            "2022-07-15 to 2025-12-31)."
        )

    def test_the_assign_form_offers_it_for_part_of_the_year(self, world):
        mission = self.flown(world, "2022-01-01", status="launched")  # the return leg is still planned
        assert agreement_choices(mission) == [
            ("", "— none —"),
            (world.integrated.pk, "NASA–Roscosmos integrated crew agreement — NASA crew: 2 of 2 left (in force for "
                                  "part of 2022)"),
        ]  # fmt: skip


def test_two_seats_without_numbers_are_not_swapped_when_their_roles_change(world):
    """Finding 9: a swap is two seat numbers exchanged; two people without one exchange no place."""
    mission = world.soyuz_mission("Soyuz 11", "1971-06-06", "1971-06-29", status="landed")
    first = assign(mission, world.prokopyev, None, role="commander")
    second = assign(mission, world.petelin, None)
    first.role, second.role = "flight_engineer", "commander"
    seats_write(saves=[first, second])
    assert sorted(c.text for c in recent_changes(mission)[:2]) == [
        "Dmitry Petelin: flight engineer → commander",
        "Sergey Prokopyev: commander → flight engineer",
    ]
    assert set(
        SeatAssignment.history.filter(history_type="~").values_list("history_change_reason", flat=True)
    ) == {None}


class TestAnEmptySeatCellOnAPlan:
    """Finding 10: an empty seat cell on a planned leg keeps the seat the person holds, and the import says so."""

    ROW = ("Soyuz MS-90,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2031-03-01,2031-09-01,ascent,,"
           "{role},Anna Kikina,Roscosmos,Russia,")  # fmt: skip

    def test_the_report_shows_the_number_kept(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(mission, world.kikina, 2)
        report = roster_import(data=csv_text(self.ROW.format(role="commander")))
        assert report.ok, report.problems
        assert report.changed == ["seat Soyuz MS-90 ascent 2 (Anna Kikina): role flight engineer → commander"]
        assert report.kept == [
            "row 2: Anna Kikina keeps seat 2 on the ascent of Soyuz MS-90 (the seat cell is empty)"
        ]
        assert list(mission.seat_assignments.values_list("seat", "role")) == [(2, "commander")]

    def test_the_upload_page_lists_it_and_says_what_the_column_means(self, planner_client, world):
        assign(world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01"), world.kikina, 2)
        content = csv_text(self.ROW.format(role="flight engineer")).encode()
        page = text(
            planner_client.post(reverse("pages:upload"), {"file": SimpleUploadedFile("r.csv", content)})
        )
        assert "Nothing to import" in page
        assert ('<ul class="small seats-kept"><li>row 2: Anna Kikina keeps seat 2 on the ascent of Soyuz MS-90 (the '
                "seat cell is empty)</li></ul>") in page  # fmt: skip
        assert "empty only where the person already holds a seat on it, which keeps its number" in page


def test_the_admin_never_moves_a_day_typed_under_a_year_either(steward_client, world):
    """Finding 5, in the admin: 1995-06-15 under "known to the year" is a form error, not stored as 1995-01-01."""
    mission = world.soyuz_mission(
        "Soyuz TM-21", "1995-01-01", "1995-09-11", status="landed", launch_precision="year"
    )
    data = mission_post(world, name="Soyuz TM-21", status="landed")
    data.update(launch_date="1995-06-15", launch_precision="year", landing_date="1995-09-11")
    response = steward_client.post(reverse("admin:missions_mission_change", args=[mission.pk]), data)
    assert response.context["adminform"].form.errors["launch_date"] == [
        "1995-06-15 is a day, but the launch date is said to be known only to the year: set it known to the day, "
        "or give the first day of the year (1995-01-01)."
    ]
    data.update(launch_precision="day")
    assert (
        steward_client.post(reverse("admin:missions_mission_change", args=[mission.pk]), data).status_code
        == 302
    )
    mission.refresh_from_db()
    assert mission.launch.shown() == "1995-06-15"
