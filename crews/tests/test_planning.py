"""The planners' forms: missions, seats, swaps, releases, returns; refusals in the form; history; no lost updates."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.history import recent_changes
from crews.models import SeatAssignment
from crews.tests.factories import CrewMemberFactory, QualificationFactory
from crews.tests.helpers import field_errors, mission_form_data, text
from crews.tests.world import assign
from missions.models import LaunchSite, Mission


@pytest.fixture
def planned(world):
    return world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")


class TestMissionForms:
    def test_create_a_planned_mission(self, planner_client, world):
        data = {
            "name": "Soyuz MS-90", "spacecraft": world.soyuz.pk, "vehicle": "", "launch_site": world.baikonur.pk,
            "destination": world.iss.pk, "launch_date": "2031-03-01", "launch_time": "", "landing_date": "",
            "landing_time": "", "notes": "",
        }  # fmt: skip
        response = planner_client.post(reverse("pages:mission_create"), data)
        assert response.status_code == 302 and response["Location"] == "/missions/soyuz-ms-90/"
        mission = Mission.objects.get(name="Soyuz MS-90")
        assert mission.status == "planned" and mission.launch_time is None

    def edit(self, client, mission, **changes):
        return client.post(
            reverse("pages:mission_edit", args=[mission.slug]), mission_form_data(mission, **changes)
        )

    def test_edit_dates_and_vehicle(self, planner_client, planned):
        response = self.edit(planner_client, planned, launch_date="2031-04-01", vehicle="Tsiolkovsky")
        assert response.status_code == 302
        planned.refresh_from_db()
        assert (planned.launch_date, planned.vehicle) == (dt.date(2031, 4, 1), "Tsiolkovsky")

    def test_a_stale_form_is_refused_with_the_changes_listed(self, planner_client, planned, steward_client):
        loaded = Mission.objects.get(pk=planned.pk)  # the form as the second planner opened it
        assert self.edit(steward_client, planned, launch_date="2031-05-01").status_code == 302
        response = self.edit(planner_client, loaded, vehicle="Tsiolkovsky")
        assert response.status_code == 200
        stale, kept = response.context["form"].non_field_errors()
        assert stale.startswith(
            "Someone saved this mission after you opened the form, so your changes were not saved."
        )
        assert "launch date: 2031-03-01 → 2031-05-01 (steward," in stale
        assert kept == "Your changes are kept in the form (vehicle); check them and save again."
        planned.refresh_from_db()
        assert planned.vehicle == "" and planned.launch_date == dt.date(2031, 5, 1)
        # The form now holds the other person's launch date and this planner's vehicle:
        form = response.context["form"]
        assert form["vehicle"].value() == "Tsiolkovsky" and form["launch_date"].value() == "2031-05-01"
        data = {name: form[name].value() or "" for name in form.fields}
        response = planner_client.post(reverse("pages:mission_edit", args=[planned.slug]), data)
        assert response.status_code == 302
        planned.refresh_from_db()
        assert (planned.vehicle, planned.launch_date) == ("Tsiolkovsky", dt.date(2031, 5, 1))

    @pytest.mark.parametrize(
        ("start", "to", "allowed"),
        [
            ("planned", "scheduled", True),
            ("scheduled", "launched", True),
            ("launched", "landed", True),
            ("planned", "scrubbed", True),
            ("planned", "landed", False),
            ("landed", "planned", False),
        ],
    )
    def test_the_life_of_a_mission(self, planner_client, planned, start, to, allowed):
        Mission.objects.filter(pk=planned.pk).update(status=start)
        planned.refresh_from_db()
        response = self.edit(planner_client, planned, status=to)
        planned.refresh_from_db()
        assert (planned.status == to) is allowed
        if not allowed:
            assert response.status_code == 200 and field_errors(response, "status")

    def test_a_date_change_that_breaks_the_plan_is_a_form_error(self, planner_client, world):
        world.flown_rubio()
        planned = world.dragon_mission("SpaceX Crew-90", "2023-10-01", "2024-03-01")
        assign(planned, world.rubio, 1)
        response = self.edit(planner_client, planned, launch_date="2023-09-01")
        assert response.status_code == 200
        assert "Frank Rubio is already aboard Soyuz MS-22" in str(response.context["form"].non_field_errors())


def test_times_are_typed_on_a_24_hour_utc_clock_and_shown_as_read(planner_client, world):
    """Issue 13, item 14: <input type="time"> showed a 12-hour clock in an en-US browser; the seat form's header
    showed 2031-03-01T09:00Z."""
    page = planner_client.get(reverse("pages:mission_create")).content.decode()
    field = re.search(r'<input[^>]*name="launch_time"[^>]*>', page).group(0)
    assert 'type="text"' in field and 'placeholder="HH:MM (24-hour, UTC)"' in field and "pattern=" in field
    mission = world.soyuz_mission("Soyuz MS-96", "2031-03-01T09:00Z", "2031-09-01")
    page = text(planner_client.get(reverse("pages:seat_assign", args=[mission.slug])))
    assert "launch 2031-03-01 09:00 UTC" in page and "T09:00Z</" not in page and "T09:00Z " not in page
    roster = text(planner_client.get(mission.get_absolute_url()))
    assert '2031-09-01</time><small class="text-body-secondary"> · time not known</small>' in roster
    assert '<dd class="col-sm-9 col-lg-10 flight-duration">184 days (by the dates), as planned</dd>' in roster


class TestSeatForms:
    def test_the_form_offers_open_seats_and_qualified_people_first(self, planner_client, planned, world):
        assign(planned, world.prokopyev, 1, role="commander")
        QualificationFactory(crew_member=world.petelin, spacecraft=world.soyuz)
        response = planner_client.get(reverse("pages:seat_assign", args=[planned.slug]))
        form = response.context["form"]
        assert [value for value, _ in form.fields["position"].choices] == [
            "", "ascent:2", "ascent:3", "return:1", "return:2", "return:3",
        ]  # fmt: skip
        assert form["position"].value() == "ascent:2"  # nothing asked: the first open seat
        groups = dict(form.fields["crew_member"].choices[1:])
        assert [label for _, label in groups["Qualified on Soyuz MS"]] == ["Dmitry Petelin (Roscosmos)"]
        assert all(label != "Dmitry Petelin (Roscosmos)" for _, label in groups["Not trained on Soyuz MS"])

    def test_a_full_leg_says_so_and_offers_the_other_leg_only_as_a_choice(
        self, planner_client, planned, world
    ):
        """Issue 13, item 5: ?leg=ascent&seat=… on a full ascent preselected a return seat without a word."""
        for seat, person in enumerate((world.prokopyev, world.petelin, world.kikina), start=1):
            assign(planned, person, seat, role="commander" if seat == 1 else "flight_engineer")
        url = reverse("pages:seat_assign", args=[planned.slug])
        response = planner_client.get(url, {"leg": "ascent", "seat": 3})
        page = response.content.decode()
        assert "Ascent full (3 of 3): release or move someone first or choose a return seat." in page
        assert response.context["form"]["position"].value() in (None, "")
        assert '<option value="return:1">Return — seat 1</option>' in page  # offered, not chosen

        # Forcing a seat of the full leg: the reason, not "Select a valid choice".
        data = {
            "position": "ascent:5",
            "role": "flight_engineer",
            "crew_member": world.mann.pk,
            "agreement": "",
        }
        response = planner_client.post(url, data)
        errors = response.context["form"].errors["position"]
        assert errors == ["Ascent full (3 of 3): release or move someone first or choose a return seat."]
        assert planned.seat_assignments.count() == 3

    def test_a_taken_or_missing_seat_is_refused_saying_which_are_open(self, planner_client, planned, world):
        assign(planned, world.prokopyev, 1, role="commander")
        url = reverse("pages:seat_assign", args=[planned.slug])
        page = planner_client.get(url, {"leg": "ascent", "seat": 1}).content.decode()
        assert "Ascent seat 1 is taken: open ascent seats are 2 and 3." in page
        data = {
            "position": "ascent:7",
            "role": "flight_engineer",
            "crew_member": world.mann.pk,
            "agreement": "",
        }
        errors = planner_client.post(url, data).context["form"].errors["position"]
        assert errors == ["Soyuz MS has 3 seats: there is no seat 7."]
        data["position"] = "sideways:1"
        assert planner_client.post(url, data).context["form"].errors["position"] == [
            "Choose an open seat from the list."
        ]

    def test_the_role_follows_the_seat_as_this_spacecraft_has_been_crewed(self, planner_client, world):
        flown = world.dragon_mission("SpaceX Crew-5", "2022-10-05", "2023-03-12", status="landed")
        assign(flown, world.mann, 1, role="commander")
        assign(flown, world.cassada, 2, role="pilot")
        planned = world.dragon_mission("SpaceX Crew-90", "2031-03-01", "2031-09-01")
        url = reverse("pages:seat_assign", args=[planned.slug])
        roles = {seat: planner_client.get(url, {"leg": "ascent", "seat": seat}).context["form"]["role"].value()
                 for seat in (1, 2, 3)}  # fmt: skip
        assert roles == {1: "commander", 2: "pilot", 3: "flight_engineer"}

    def test_the_picker_marks_who_is_busy_on_another_flight_at_the_time(self, planner_client, planned, world):
        """Issue 13, item 8: people flying elsewhere while this mission flies are listed apart, saying where."""
        QualificationFactory(crew_member=world.kikina, spacecraft=world.soyuz)
        elsewhere = world.dragon_mission("SpaceX Crew-90", "2031-05-01", "2031-11-01")
        assign(elsewhere, world.mann, 1, role="commander")
        before = world.dragon_mission("SpaceX Crew-89", "2030-01-01", "2030-06-01")
        assign(before, world.cassada, 1, role="commander")
        form = planner_client.get(reverse("pages:seat_assign", args=[planned.slug])).context["form"]
        groups = dict(form.fields["crew_member"].choices[1:])
        assert [label for _, label in groups["Busy, unavailable or still in training at the time"]] == [
            "Nicole Mann (NASA) — not trained; busy: SpaceX Crew-90 (2031-05-01 → 2031-11-01)"
        ]
        assert "Josh Cassada (NASA)" in [label for _, label in groups["Not trained on Soyuz MS"]]
        assert "Anna Kikina (Roscosmos)" in [label for _, label in groups["Qualified on Soyuz MS"]]
        assert form.fields["crew_member"].widget.attrs["data-typeahead"]

    def test_the_picker_lists_who_is_already_on_this_mission_first(self, planner_client, planned, world):
        """The screenshot review: people holding seats 1 and 2 were offered for seat 3 with no mark."""
        assign(planned, world.prokopyev, 1, role="commander")
        assign(planned, world.prokopyev, 1, leg="return", role="commander")
        form = planner_client.get(reverse("pages:seat_assign", args=[planned.slug])).context["form"]
        first_group, people = form.fields["crew_member"].choices[1]
        assert first_group == "On this mission"
        assert [label for _, label in people] == [
            "Sergey Prokopyev (Roscosmos) — ascent seat 1, commander; return seat 1, commander"
        ]

    def test_the_picker_says_who_is_unavailable_and_why(self, planner_client, planned, world):
        """Issue 14's first need: unavailability, entered in the admin, shown where a planner picks a crew."""
        from crews.models import Unavailability

        Unavailability.objects.create(crew_member=world.kikina, starts_on=dt.date(2031, 2, 1),
                                      ends_on=dt.date(2031, 4, 30), reason="medical")  # fmt: skip
        Unavailability.objects.create(crew_member=world.petelin, starts_on=dt.date(2032, 1, 1),
                                      ends_on=dt.date(2032, 2, 1), reason="leave")  # fmt: skip
        form = planner_client.get(reverse("pages:seat_assign", args=[planned.slug])).context["form"]
        groups = dict(form.fields["crew_member"].choices[1:])
        assert [label for _, label in groups["Busy, unavailable or still in training at the time"]] == [
            "Anna Kikina (Roscosmos) — not trained; unavailable: medical (2031-02-01 → 2031-04-30)"
        ]

    def test_an_expired_agreement_is_named_with_the_reason_and_what_to_do(
        self, planner_client, steward_client, planned, world
    ):
        """Issue 13, item 1: the NASA–Roscosmos agreement ended on 2025-12-31; the form left it out silently and
        then asked for an agreement none could be picked for."""
        url = reverse("pages:seat_assign", args=[planned.slug])
        reason = (
            "NASA–Roscosmos integrated crew agreement (NASA crew): expired on 2025-12-31, before this launch on "
            "2031-03-01."
        )
        assert reason in re.sub(r"<[^>]+>", "", text(planner_client.get(url)))
        data = {"position": "ascent:1", "role": "commander", "crew_member": world.rubio.pk, "agreement": ""}
        errors = planner_client.post(url, data).context["form"].errors["agreement"]
        assert errors[-1] == (
            "NASA–Roscosmos integrated crew agreement cannot be used: expired on 2025-12-31, before this launch on "
            "2031-03-01. Extend the agreement (see below), or choose someone of Roscosmos or of an agency with "
            "seats left."
        )
        assert not planned.seat_assignments.exists()
        admin_link = reverse("admin:missions_agreement_change", args=[world.integrated.pk])
        assert admin_link in steward_client.get(url).content.decode()

    def test_an_agreement_with_no_seats_left_says_so(self, planner_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        for n, person in ((1, world.rubio), (2, world.mann)):
            assign(world.soyuz_mission(f"Soyuz MS-8{n}", f"2024-0{n}-01", f"2024-0{n}-20"), person, 3,
                   agreement=world.integrated)  # fmt: skip
        page = re.sub(
            r"<[^>]+>", "", text(planner_client.get(reverse("pages:seat_assign", args=[mission.slug])))
        )
        assert (
            "NASA–Roscosmos integrated crew agreement (NASA crew): no seats left: all 2 for NASA crew are used."
            in page
        )

    def test_the_form_offers_agreements_with_seats_left(self, planner_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        options = planner_client.get(reverse("pages:seat_assign", args=[mission.slug])).context["form"]
        labels = [label for _, label in options.fields["agreement"].choices]
        assert "NASA–Roscosmos integrated crew agreement — NASA crew: 2 of 2 left" in labels
        for n in (1, 2):
            assign(world.soyuz_mission(f"Soyuz MS-8{n}", f"2024-0{n}-01", f"2024-0{n}-20"), [world.rubio, world.mann][n - 1],
                   3, agreement=world.integrated)  # fmt: skip
        options = planner_client.get(reverse("pages:seat_assign", args=[mission.slug])).context["form"]
        assert [label for _, label in options.fields["agreement"].choices] == ["— none —"]
        assert "No agreement in force on 2024-03-01 has seats left on Roscosmos vehicles." in (
            options.fields["agreement"].help_text
        )

    def test_assign(self, planner_client, planned, world):
        data = {"position": "ascent:3", "role": "flight_engineer", "crew_member": world.rubio.pk,
                "agreement": world.integrated.pk}  # fmt: skip
        world.integrated.in_force_to = None
        world.integrated.save()
        response = planner_client.post(reverse("pages:seat_assign", args=[planned.slug]), data)
        assert response.status_code == 302
        assert planned.seat_assignments.get().crew_member == world.rubio

    def test_the_clash_is_shown_in_the_form_with_the_input_kept(self, planner_client, world):
        world.flown_rubio()
        planned = world.dragon_mission("SpaceX Crew-90", "2023-01-10", "2023-06-01")
        data = {"position": "ascent:1", "role": "commander", "crew_member": world.rubio.pk, "agreement": ""}
        response = planner_client.post(reverse("pages:seat_assign", args=[planned.slug]), data)
        assert response.status_code == 200
        (error,) = field_errors(response, "crew_member")
        assert error.startswith("Frank Rubio is already aboard Soyuz MS-22 from 2022-09-21 to 2023-09-27")
        assert response.context["form"]["crew_member"].value() == str(world.rubio.pk)
        assert response.context["form"]["role"].value() == "commander"
        assert not planned.seat_assignments.exists()

    def test_move_to_another_mission(self, planner_client, planned, world):
        other = world.soyuz_mission("Soyuz MS-91", "2032-03-01", "2032-09-01")
        seat = assign(planned, world.petelin, 2)
        data = {"mission": other.pk, "leg": "ascent", "seat": 2, "role": "flight_engineer"}
        response = planner_client.post(reverse("pages:seat_move", args=[planned.slug, seat.pk]), data)
        assert response.status_code == 302
        seat.refresh_from_db()
        assert seat.mission == other
        texts = [c.text for c in recent_changes(planned)]
        assert "moved Dmitry Petelin from Soyuz MS-90 to Soyuz MS-91, ascent seat 2" in texts
        assert recent_changes(other)[0].who == "ana"

    def test_swap_is_one_change(self, planner_client, planned, world):
        first = assign(planned, world.prokopyev, 1, role="commander")
        second = assign(planned, world.petelin, 2)
        url = reverse("pages:seat_swap", args=[planned.slug, first.pk])
        assert planner_client.post(url, {"other": second.pk}).status_code == 302
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.seat, first.role, second.seat, second.role) == (2, "flight_engineer", 1, "commander")
        texts = [c.text for c in recent_changes(planned)]
        assert (
            "moved Sergey Prokopyev on Soyuz MS-90 from ascent seat 1 to ascent seat 2; Sergey Prokopyev: commander → flight engineer (swapped with Dmitry Petelin)"
            in texts
        )
        assert (
            "moved Dmitry Petelin on Soyuz MS-90 from ascent seat 2 to ascent seat 1; Dmitry Petelin: flight engineer → commander (swapped with Sergey Prokopyev)"
            in texts
        )
        assert all(c.who == "ana" for c in recent_changes(planned)[:2])

    def test_a_swap_says_that_roles_go_with_the_seats_or_keeps_them(self, planner_client, planned, world):
        """Issue 13, item 6: the pilot became commander and nobody said so."""
        first = assign(planned, world.prokopyev, 1, role="commander")
        second = assign(planned, world.petelin, 2)
        url = reverse("pages:seat_swap", args=[planned.slug, first.pk])
        form_page = planner_client.get(url).content.decode()
        assert "Each takes the other’s seat and, unless you tick below, role." in form_page
        assert "Each keeps their own role (only the seats change)" in form_page
        response = planner_client.post(url, {"other": second.pk}, follow=True)
        assert (
            "Swapped Sergey Prokopyev and Dmitry Petelin: Sergey Prokopyev is now flight engineer, ascent seat 2; "
            "Dmitry Petelin is now commander, ascent seat 1." in response.content.decode()
        )
        # Swapped back, keeping roles: Prokopyev (now flight engineer in seat 2) goes to seat 1 and stays a
        # flight engineer; Petelin keeps command in seat 2.
        response = planner_client.post(url, {"other": second.pk, "keep_roles": "on"}, follow=True)
        assert (
            "Sergey Prokopyev is now flight engineer, ascent seat 1; Dmitry Petelin is now commander, ascent seat 2."
            in (response.content.decode())
        )
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.seat, first.role, second.seat, second.role) == (1, "flight_engineer", 2, "commander")

    def test_the_commanders_of_two_missions_swap(self, planner_client, planned, world):
        """Each takes the other's command: written one by one, a leg would have two commanders."""
        later = world.soyuz_mission("Soyuz MS-95", "2033-03-01", "2033-09-01")
        first = assign(planned, world.prokopyev, 1, role="commander")
        second = assign(later, world.petelin, 1, role="commander")
        url = reverse("pages:seat_swap", args=[planned.slug, first.pk])
        assert planner_client.post(url, {"other": second.pk}).status_code == 302
        assert list(planned.seat_assignments.values_list("crew_member__name", "role")) == [
            ("Dmitry Petelin", "commander")
        ]
        assert list(later.seat_assignments.values_list("crew_member__name", "role")) == [
            ("Sergey Prokopyev", "commander")
        ]
        assert (
            "moved Sergey Prokopyev from Soyuz MS-90 to Soyuz MS-95, ascent seat 1 (swapped with Dmitry Petelin)"
            in [c.text for c in recent_changes(later)]
        )

    def test_a_move_keeps_the_agreement_unless_told_otherwise(self, world):
        """UNCHANGED keeps the agreement; None means "no agreement", which a cross-agency seat cannot have."""
        from crews.services import UNCHANGED, seat_move

        world.integrated.in_force_to = None
        world.integrated.save()
        dragon = world.dragon_mission("SpaceX Crew-90", "2031-03-01", "2031-09-01")
        seat = assign(dragon, world.kikina, 1, agreement=world.integrated)
        seat_move(assignment=seat, mission=dragon, seat=2, agreement=UNCHANGED)
        seat.refresh_from_db()
        assert (seat.seat, seat.agreement) == (2, world.integrated)
        with pytest.raises(ValidationError, match="name an agreement between Roscosmos and NASA"):
            seat_move(assignment=seat, mission=dragon, seat=3, agreement=None)
        seat.refresh_from_db()
        assert (seat.seat, seat.agreement) == (2, world.integrated)

    def test_a_refused_swap_moves_neither(self, planner_client, world):
        world.flown_rubio()
        later = world.soyuz_mission("Soyuz MS-91", "2024-03-01", "2024-09-01")
        during = world.soyuz_mission("Soyuz MS-90", "2023-01-01", "2023-02-01")
        world.integrated.in_force_to = None
        world.integrated.save()
        rubio = assign(later, world.rubio, 3, agreement=world.integrated)
        kikina = assign(during, world.kikina, 3)
        url = reverse("pages:seat_swap", args=[later.slug, rubio.pk])
        response = planner_client.post(url, {"other": kikina.pk})
        assert response.status_code == 200
        assert "Frank Rubio is already aboard Soyuz MS-22" in str(response.context["form"].non_field_errors())
        rubio.refresh_from_db()
        kikina.refresh_from_db()
        assert (rubio.mission, kikina.mission) == (later, during)

    def test_release(self, planner_client, planned, world):
        seat = assign(planned, world.petelin, 2)
        response = planner_client.post(reverse("pages:seat_release", args=[planned.slug, seat.pk]))
        assert response.status_code == 302
        assert not SeatAssignment.objects.filter(pk=seat.pk).exists()
        assert recent_changes(planned)[0].text == "released Dmitry Petelin from Soyuz MS-90, ascent seat 2"

    def test_a_steward_restores_a_released_seat_from_its_history(
        self, planner_client, steward_client, planned, world
    ):
        seat = assign(planned, world.petelin, 2)
        planner_client.post(reverse("pages:seat_release", args=[planned.slug, seat.pk]))
        record = SeatAssignment.history.filter(id=seat.pk, history_type="+").get()
        url = reverse("admin:crews_seatassignment_simple_history", args=[seat.pk, record.history_id])
        data = {"mission": planned.pk, "leg": "ascent", "seat": 2, "role": "flight_engineer",
                "crew_member": world.petelin.pk, "agreement": ""}  # fmt: skip
        admin_page = text(steward_client.get(reverse("admin:missions_mission_change", args=[planned.pk])))
        assert "ascent seat 2: Dmitry Petelin</a> (released" in admin_page
        response = steward_client.post(url, data)
        assert response.status_code == 302
        assert SeatAssignment.objects.get(pk=seat.pk).crew_member == world.petelin

    def test_record_a_return_on_another_mission(self, planner_client, world):
        up = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        ride = world.soyuz_mission("Soyuz MS-91", "2031-08-01", "2032-03-01")
        seat = assign(up, world.prokopyev, 1, role="commander")
        data = {"mission": ride.pk, "seat": 1, "role": "commander"}
        response = planner_client.post(reverse("pages:return_record", args=[up.slug, seat.pk]), data)
        assert response.status_code == 302
        roster = planner_client.get(up.get_absolute_url())
        assert 'returns on <a href="/missions/soyuz-ms-91/">Soyuz MS-91</a>' in text(roster)

    def test_a_launched_ascent_is_the_record(self, planner_client, world):
        ms22, _ = world.flown_rubio()
        seat = ms22.seat_assignments.get(crew_member=world.rubio)
        response = planner_client.post(reverse("pages:seat_release", args=[ms22.slug, seat.pk]), follow=True)
        assert "Soyuz MS-22 has launched: its ascent crew is the record" in text(response)
        assert SeatAssignment.objects.filter(pk=seat.pk).exists()
        assert "Release" not in text(planner_client.get(ms22.get_absolute_url())).split("Recent changes")[
            0
        ].replace("Released", "")


def test_the_roster_shows_recent_changes(planner_client, planned, world):
    planner_client.post(
        reverse("pages:seat_assign", args=[planned.slug]),
        {"position": "ascent:1", "role": "commander", "crew_member": world.prokopyev.pk, "agreement": ""},
    )
    html = text(planner_client.get(planned.get_absolute_url()))
    assert re.search(
        r"UTC</time>, ana: assigned Sergey Prokopyev to Soyuz MS-90, ascent seat 1 \(commander\)", html
    )


class TestReviewedPlanningCases:
    def edit(self, client, mission, **changes):
        return TestMissionForms.edit(None, client, mission, **changes)

    @pytest.mark.parametrize(("field", "value"), [("launch_date", "9999-12-31"), ("landing_date", "9999-12-31"),
                                                  ("launch_date", "1900-01-01")])  # fmt: skip
    def test_dates_out_of_range_are_form_errors(self, planner_client, planned, field, value):
        response = self.edit(planner_client, planned, **{field: value})
        assert response.status_code == 200 and field_errors(response, field)

    def test_swapping_a_persons_own_two_seats_is_refused(self, planner_client, planned, world):
        up = assign(planned, world.petelin, 1)
        down = assign(planned, world.petelin, 2, leg="return")
        form = planner_client.get(reverse("pages:seat_swap", args=[planned.slug, up.pk])).context["form"]
        assert down.pk not in [pk for _, group in form.fields["other"].choices[1:] for pk, _ in group]
        response = planner_client.post(
            reverse("pages:seat_swap", args=[planned.slug, up.pk]), {"other": down.pk}
        )
        assert response.status_code == 200  # not offered: a form error, never a 500
        from crews.services import seat_swap

        with pytest.raises(Exception, match="Both seats are Dmitry Petelin's"):
            seat_swap(first=up, second=down)

    def test_a_stale_merge_keeps_the_other_persons_time_and_says_which_ids(
        self, planner_client, steward_client, world
    ):
        planned = world.soyuz_mission("Soyuz MS-90", "2031-03-01T10:20:30Z", "2031-09-01")
        loaded = Mission.objects.get(pk=planned.pk)
        assert self.edit(steward_client, planned, launch_time="11:00", spacecraft=world.dragon.pk,
                         launch_site=world.kennedy.pk).status_code == 302  # fmt: skip
        response = TestMissionForms.edit(
            None, planner_client, loaded, vehicle="Tsiolkovsky", launch_time="10:20:30"
        )
        stale, kept = response.context["form"].non_field_errors()
        assert "spacecraft: Soyuz MS → Crew Dragon" in stale
        assert kept == "Your changes are kept in the form (vehicle); check them and save again."
        assert response.context["form"]["launch_time"].value() == "11:00"  # the steward's time, not 10:20:30

    def test_a_refused_move_shows_the_seat_as_it_still_is(self, planner_client, planned, world):
        seat = assign(planned, world.petelin, 2)
        data = {"mission": planned.pk, "leg": "ascent", "seat": 9, "role": "flight_engineer"}
        response = planner_client.post(reverse("pages:seat_move", args=[planned.slug, seat.pk]), data)
        assert response.status_code == 200
        assert "Now: Soyuz MS-90, ascent seat 2" in text(response)

    def test_a_planner_cannot_rewrite_a_landed_mission(self, planner_client, world):
        ms22, _ = world.flown_rubio()
        response = self.edit(
            planner_client, ms22, spacecraft=world.dragon.pk, launch_date="2022-10-01", vehicle="Ural"
        )
        assert response.status_code == 302  # locked fields are disabled: what was posted for them is ignored
        ms22.refresh_from_db()
        assert (ms22.spacecraft, ms22.launch_date.isoformat(), ms22.vehicle) == (
            world.soyuz,
            "2022-09-21",
            "Ural",
        )
        from crews.services import mission_update

        with pytest.raises(Exception, match="has landed: this is the record"):
            mission_update(mission=ms22, expected_version=ms22.version, fields={"spacecraft": world.dragon})


class TestSeatWrites:
    """`services.seats_write`, the one path for seats that change together, when the record moved under it."""

    def test_a_conflict_met_while_writing_is_refused_in_the_rules_words(self, planned, world):
        from crews.services import seats_write

        assign(planned, world.prokopyev, 1)
        assign(planned, world.petelin, 2)
        released = assign(planned, world.kikina, 3)
        newcomers = [CrewMemberFactory(agency=world.roscosmos) for _ in range(2)]
        into_3 = SeatAssignment(mission=planned, seat=3, role="flight_engineer", crew_member=newcomers[0])
        into_2 = SeatAssignment(mission=planned, seat=2, role="flight_engineer", crew_member=newcomers[1])
        with pytest.raises(ValidationError) as exc:
            seats_write(
                saves=[into_3, into_2], releases=[released]
            )  # seat 2 was not checked: still Petelin's
        assert exc.value.messages == [
            "Seat 2 on the ascent of Soyuz MS-90 is already held by Dmitry Petelin."
        ]
        assert released.pk is not None and into_3.pk is None and into_3._state.adding
        assert list(planned.seat_assignments.values_list("seat", "crew_member__name")) == [
            (1, "Sergey Prokopyev"),
            (2, "Dmitry Petelin"),
            (3, "Anna Kikina"),
        ]

    def test_a_seat_released_meanwhile_is_not_put_back(self, planned, world):
        from crews.services import seat_move

        seat = assign(planned, world.petelin, 2)
        loaded = SeatAssignment.objects.with_people().get(pk=seat.pk)
        seat.delete()  # another planner releases it while this one's form is open
        with pytest.raises(
            ValidationError, match=r"Someone released this seat meanwhile: Dmitry Petelin \(Soyuz MS-90\)"
        ):
            seat_move(assignment=loaded, mission=planned, seat=3)
        assert not planned.seat_assignments.exists()


def test_a_missions_changes_are_told_in_one_sentence_wherever_shown(planner_client, steward_client, world):
    """The roster's recent changes and the stale-form message say the same, with the names of linked records
    (one deleted since reads as none), and the roster makes no more queries for them."""
    from crews.history import changes_since

    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    loaded = mission.version
    with CaptureQueriesContext(connection) as plain:
        planner_client.get(mission.get_absolute_url())
    site = LaunchSite.objects.create(name="Baikonur Cosmodrome Site 1", time_zone="Asia/Qyzylorda")
    TestMissionForms.edit(None, steward_client, mission, launch_site=site.pk, launch_date="2031-04-01",
                          notes="Backup crew trains in Star City.")  # fmt: skip
    mission.refresh_from_db()
    told = [
        "launch site: Baikonur Cosmodrome Site 31 → Baikonur Cosmodrome Site 1",
        "launch date: 2031-03-01 → 2031-04-01",
        "notes: (none) → Backup crew trains in Star City.",
    ]
    assert recent_changes(mission)[0].text == "; ".join(told)
    assert [line.split(" (steward, ")[0] for line in changes_since(mission, loaded)] == told
    with CaptureQueriesContext(connection) as edited:
        planner_client.get(mission.get_absolute_url())
    assert len(edited.captured_queries) == len(plain.captured_queries)
    mission.launch_site = world.baikonur
    mission.save()
    site.delete()
    assert recent_changes(mission)[0].text == "launch site: (none) → Baikonur Cosmodrome Site 31"
