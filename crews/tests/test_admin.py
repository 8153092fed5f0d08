"""The admin data-entry desk: every model, searches, refusals shown as form errors, no queries per row."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.history import recent_changes
from crews.models import CrewMember, SeatAssignment, Unavailability
from crews.tests.factories import (
    CrewMemberFactory,
    OtherNameFactory,
    QualificationFactory,
    SeatAssignmentFactory,
)
from crews.tests.helpers import mission_post, seat_post
from crews.tests.world import assign
from missions.models import Mission
from missions.tests.factories import MissionFactory

CHANGELISTS = [
    "missions_agency",
    "missions_spacecraft",
    "missions_launchsite",
    "missions_station",
    "missions_mission",
    "missions_agreement",
    "crews_crewmember",
    "crews_othername",
    "crews_qualification",
    "crews_seatassignment",
    "crews_unavailability",
]


def add_rows(world, n: int) -> None:
    """n more missions, each with a crew member, an other name, a qualification and a seat."""
    for _ in range(n):
        mission = MissionFactory(spacecraft=world.soyuz, launch_site=world.baikonur, destination=world.iss)
        person = CrewMemberFactory(agency=world.roscosmos)
        OtherNameFactory(crew_member=person)
        QualificationFactory(crew_member=person, spacecraft=world.soyuz)
        SeatAssignmentFactory(mission=mission, crew_member=person, seat=1)
        Unavailability.objects.create(
            crew_member=person, starts_on=dt.date(2031, 1, 1), ends_on=dt.date(2031, 2, 1), reason="leave"
        )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelists_do_not_query_per_row(steward_client, world, name, django_assert_max_num_queries):
    url = reverse(f"admin:{name}_changelist")
    add_rows(world, 3)
    few = count_queries(steward_client, url)
    add_rows(world, 30)
    # Session, user, counts, the page of rows with its related rows joined or
    # prefetched, and the filters' choices: none of them per row.
    with django_assert_max_num_queries(few):
        steward_client.get(url)
    assert few <= 14


@pytest.mark.parametrize("name", CHANGELISTS)
def test_add_pages_open(steward_client, world, name):
    assert steward_client.get(reverse(f"admin:{name}_add")).status_code == 200


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    url = reverse("admin:missions_mission_changelist")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"


def test_crew_search_matches_other_names(steward_client, world):
    response = steward_client.get(reverse("admin:crews_crewmember_changelist"), {"q": "Francisco"})
    assert response.status_code == 200
    assert "Frank Rubio" in response.content.decode()
    assert "Sergey Prokopyev" not in response.content.decode()


@pytest.mark.parametrize(
    ("changelist", "query", "found", "not_found"),
    [
        ("crews_crewmember", "Rubion", "Frank Rubio", "Sergey Prokopyev"),
        ("crews_crewmember", "Francisco Rubion", "Frank Rubio", "Sergey Prokopyev"),
        ("crews_qualification", "Rubion", "Frank Rubio", "Sergey Prokopyev"),
        ("crews_seatassignment", "Rubion", "Frank Rubio", "Sergey Prokopyev"),
        ("crews_seatassignment", "ms22", "Soyuz MS-22", "Soyuz MS-23"),
        ("missions_mission", "ms22", "Soyuz MS-22", "Soyuz MS-23"),
        ("missions_mission", "Rubion", "Soyuz MS-22", "SpaceX Crew-5"),
    ],
)
def test_admin_search_forgives_as_the_pages_do(steward_client, world, changelist, query, found, not_found):
    """Issue 13, item 10: /crews/?q=Rubion finds Frank Rubio; so does the admin (and "ms22" Soyuz MS-22)."""
    world.flown_rubio()
    world.dragon_mission("SpaceX Crew-5", "2022-10-05", "2023-03-12", status="landed")
    QualificationFactory(crew_member=world.rubio, spacecraft=world.soyuz)
    page = steward_client.get(reverse(f"admin:{changelist}_changelist"), {"q": query}).content.decode()
    assert found in page and not_found not in page


def test_the_person_picker_of_the_admin_forgives_misspellings(steward_client, world):
    url = reverse("admin:autocomplete")
    params = {
        "term": "Rubion",
        "app_label": "crews",
        "model_name": "seatassignment",
        "field_name": "crew_member",
    }
    names = [r["text"] for r in steward_client.get(url, params).json()["results"]]
    assert names == ["Frank Rubio"]


def test_mission_filters(steward_client, world):
    ms22, _ = world.flown_rubio()
    world.dragon_mission("SpaceX Crew-5", "2022-10-05", "2023-03-12", status="landed")
    url = reverse("admin:missions_mission_changelist")
    page = steward_client.get(url, {"year": "2023"}).content.decode()
    assert "Soyuz MS-23" in page and "Soyuz MS-22" not in page
    page = steward_client.get(url, {"spacecraft__id__exact": world.dragon.pk}).content.decode()
    assert "SpaceX Crew-5" in page and "Soyuz MS-23" not in page
    page = steward_client.get(
        url, {"seat_assignments__crew_member__agency__id__exact": world.nasa.pk}
    ).content
    assert b"Soyuz MS-22" in page and b"SpaceX Crew-5" not in page


def test_the_mission_page_shows_its_crew_and_rule_warnings(steward_client, world):
    mission = world.dragon_mission("SpaceX Crew-6", "2023-03-02", "2023-09-04", status="landed")
    alneyadi = CrewMemberFactory(name="Sultan Alneyadi", agency__short_name="MBRSC")
    assign(mission, alneyadi, 3)
    page = steward_client.get(reverse("admin:missions_mission_change", args=[mission.pk])).content.decode()
    assert "Sultan Alneyadi" in page
    assert (
        "Sultan Alneyadi (MBRSC) has a cross-agency seat on NASA&#x27;s Crew Dragon (SpaceX Crew-6)" in page
    )


def test_a_rule_violation_is_a_form_error_in_the_seat_admin(steward_client, world):
    world.flown_rubio()
    planned = world.dragon_mission("SpaceX Crew-90", "2023-01-10", "2023-06-01")
    data = seat_post(mission=planned.pk, crew_member=world.rubio.pk)
    response = steward_client.post(reverse("admin:crews_seatassignment_add"), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["crew_member"][0].startswith(
        "Frank Rubio is already aboard Soyuz MS-22 from 2022-09-21 to 2023-09-27"
    )
    assert not planned.seat_assignments.exists()


def test_a_new_mission_with_its_ascent_and_return_crew_in_one_save(steward_client, world):
    seats = [
        {"leg": "ascent", "seat": 1, "role": "commander", "crew_member": world.prokopyev.pk},
        {"leg": "ascent", "seat": 2, "crew_member": world.petelin.pk},
        {"leg": "return", "seat": 1, "role": "commander", "crew_member": world.prokopyev.pk},
        {"leg": "return", "seat": 2, "crew_member": world.petelin.pk},
    ]
    response = steward_client.post(reverse("admin:missions_mission_add"), mission_post(world, seats=seats))
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    mission = Mission.objects.get(name="Soyuz MS-90")
    assert mission.slug == "soyuz-ms-90"
    assert mission.seat_assignments.count() == 4


def test_clashes_between_rows_of_one_save_are_form_errors(steward_client, world):
    seats = [
        {"leg": "ascent", "seat": 1, "role": "commander", "crew_member": world.prokopyev.pk},
        {"leg": "ascent", "seat": 1, "role": "commander", "crew_member": world.petelin.pk},
        {"leg": "ascent", "seat": 4, "crew_member": world.kikina.pk},
    ]
    response = steward_client.post(reverse("admin:missions_mission_add"), mission_post(world, seats=seats))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[1].errors == {
        "seat": ["Seat 1 on the ascent of Soyuz MS-90 is already held by Sergey Prokopyev."],
        "role": ["Soyuz MS-90 already has a commander on the ascent: Sergey Prokopyev."],
    }
    assert formset.forms[2].errors == {
        "seat": ["Seat 4 does not exist on Soyuz MS-90: Soyuz MS has seats 1 to 3."]
    }
    assert not Mission.objects.filter(name="Soyuz MS-90").exists()


def test_a_refused_date_change_is_a_form_error(steward_client, world):
    world.flown_rubio()
    planned = world.dragon_mission("SpaceX Crew-90", "2023-10-01", "2024-03-01")
    assign(planned, world.rubio, 1)
    data = mission_post(world, name="SpaceX Crew-90")
    data.update(
        spacecraft=world.dragon.pk,
        launch_site=world.kennedy.pk,
        launch_date="2023-09-01",
        landing_date="2024-03-01",
    )
    data.update({"seat_assignments-TOTAL_FORMS": "1", "seat_assignments-INITIAL_FORMS": "1"})
    seat = planned.seat_assignments.get()
    for key, value in seat_post(seat=1, crew_member=world.rubio.pk, mission=planned.pk).items():
        data[f"seat_assignments-0-{key}"] = value
    data["seat_assignments-0-id"] = str(seat.pk)
    response = steward_client.post(reverse("admin:missions_mission_change", args=[planned.pk]), data)
    assert response.status_code == 200
    assert "Frank Rubio is already aboard Soyuz MS-22" in str(
        response.context["adminform"].form.non_field_errors()
    )
    planned.refresh_from_db()
    assert planned.launch_date.isoformat() == "2023-10-01"


def test_deleting_a_crew_member_who_has_flown_is_refused(steward_client, world):
    world.flown_rubio()
    url = reverse("admin:crews_crewmember_delete", args=[world.rubio.pk])
    page = steward_client.get(url).content.decode()
    assert "would require deleting the following protected related objects" in page
    response = steward_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert CrewMember.objects.filter(pk=world.rubio.pk).exists()
    assert SeatAssignment.objects.filter(crew_member=world.rubio).count() == 2


def test_names_are_shown_as_text(steward_client, world):
    CrewMemberFactory(name="<script>alert(1)</script>", agency=world.nasa)
    CrewMemberFactory(name="{{7*7}}", agency=world.nasa)
    page = steward_client.get(reverse("admin:crews_crewmember_changelist")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{7*7}}" in page and ">49<" not in page


def change_post(world, mission, rows):
    """The mission change form with its current fields and these seat rows (id, DELETE allowed)."""
    data = mission_post(world, name=mission.name, status=mission.status)
    data.update(
        spacecraft=mission.spacecraft_id,
        launch_site=mission.launch_site_id,
        launch_date=mission.launch_date.isoformat(),
        landing_date=mission.landing_date.isoformat() if mission.landing_date else "",
        slug=mission.slug,
    )
    data["seat_assignments-TOTAL_FORMS"] = str(len(rows))
    data["seat_assignments-INITIAL_FORMS"] = str(sum(1 for r in rows if r.get("id")))
    for i, row in enumerate(rows):
        row = dict(row)
        seat_id, delete = row.pop("id", ""), row.pop("DELETE", False)
        for key, value in seat_post(mission=mission.pk, **row).items():
            data[f"seat_assignments-{i}-{key}"] = value
        data[f"seat_assignments-{i}-id"] = str(seat_id)
        if delete:
            data[f"seat_assignments-{i}-DELETE"] = "on"
    return data


def seats_of(mission):
    return sorted(mission.seat_assignments.values_list("leg", "seat", "role", "crew_member__name"))


class TestRosterInlineSaves:
    """Changes that pass through two people in one seat if written row by row."""

    def post(self, client, mission, data):
        response = client.post(reverse("admin:missions_mission_change", args=[mission.pk]), data)
        assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors

    def test_swapping_two_seats(self, steward_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        a, b = assign(mission, world.prokopyev, 1), assign(mission, world.petelin, 2)
        rows = [
            {"id": a.pk, "seat": 2, "crew_member": world.prokopyev.pk},
            {"id": b.pk, "seat": 1, "crew_member": world.petelin.pk},
        ]
        self.post(steward_client, mission, change_post(world, mission, rows))
        assert seats_of(mission) == [
            ("ascent", 1, "flight_engineer", "Dmitry Petelin"),
            ("ascent", 2, "flight_engineer", "Sergey Prokopyev"),
        ]
        assert set(mission.seat_assignments.values_list("pk", flat=True)) == {a.pk, b.pk}

    def test_releasing_a_seat_and_moving_into_it(self, steward_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        a, b = assign(mission, world.prokopyev, 1), assign(mission, world.petelin, 2)
        rows = [
            {"id": a.pk, "seat": 2, "crew_member": world.prokopyev.pk},
            {"id": b.pk, "seat": 2, "crew_member": world.petelin.pk, "DELETE": True},
        ]
        self.post(steward_client, mission, change_post(world, mission, rows))
        assert seats_of(mission) == [("ascent", 2, "flight_engineer", "Sergey Prokopyev")]

    def test_handing_over_command(self, steward_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        a = assign(mission, world.prokopyev, 1, role="pilot")
        b = assign(mission, world.petelin, 2, role="commander")
        rows = [
            {"id": a.pk, "seat": 1, "role": "commander", "crew_member": world.prokopyev.pk},
            {"id": b.pk, "seat": 2, "role": "pilot", "crew_member": world.petelin.pk},
        ]
        self.post(steward_client, mission, change_post(world, mission, rows))
        assert ("ascent", 1, "commander", "Sergey Prokopyev") in seats_of(mission)

    def test_a_plain_edit_is_recorded_as_a_change_with_its_steward(self, steward_client, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        seat = assign(mission, world.prokopyev, 1, role="pilot")
        rows = [{"id": seat.pk, "seat": 1, "role": "commander", "crew_member": world.prokopyev.pk}]
        self.post(steward_client, mission, change_post(world, mission, rows))
        latest = SeatAssignment.history.filter(id=seat.pk).latest("history_date")
        assert (latest.history_type, latest.role, latest.history_user.username) == (
            "~",
            "commander",
            "steward",
        )

    def test_exchanging_the_people_of_two_seats(self, steward_client, world):
        """Each row keeps its seat and takes the other's person: two people on one leg, row by row."""
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        a, b = assign(mission, world.prokopyev, 1), assign(mission, world.petelin, 2)
        rows = [
            {"id": a.pk, "seat": 1, "crew_member": world.petelin.pk},
            {"id": b.pk, "seat": 2, "crew_member": world.prokopyev.pk},
        ]
        self.post(steward_client, mission, change_post(world, mission, rows))
        assert seats_of(mission) == [
            ("ascent", 1, "flight_engineer", "Dmitry Petelin"),
            ("ascent", 2, "flight_engineer", "Sergey Prokopyev"),
        ]
        assert sorted(SeatAssignment.objects.values_list("pk", flat=True)) == sorted([a.pk, b.pk])

    def test_a_swap_is_recorded_as_the_planners_swap_form_records_it(
        self, steward_client, planner_client, world
    ):
        """The same exchange (seat and role), once through the inline and once through the planner form."""
        by_admin = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        by_form = world.soyuz_mission("Soyuz MS-95", "2033-03-01", "2033-09-01")
        seats = {}
        for mission in (by_admin, by_form):
            seats[mission.pk] = (
                assign(mission, world.prokopyev, 1, role="commander"),
                assign(mission, world.petelin, 2),
            )
        first, second = seats[by_admin.pk]
        rows = [
            {"id": first.pk, "seat": 2, "role": "flight_engineer", "crew_member": world.prokopyev.pk},
            {"id": second.pk, "seat": 1, "role": "commander", "crew_member": world.petelin.pk},
        ]
        self.post(steward_client, by_admin, change_post(world, by_admin, rows))
        first, second = seats[by_form.pk]
        url = reverse("pages:seat_swap", args=[by_form.slug, first.pk])
        assert planner_client.post(url, {"other": second.pk}).status_code == 302

        def lines(mission):
            return [(c.text.replace(mission.name, "the mission"), c.who) for c in recent_changes(mission)[:2]]

        def records(mission):
            return list(
                SeatAssignment.history.filter(mission_id=mission.pk, history_type="~")
                .order_by("history_date")
                .values_list("history_change_reason", "seat", "role")
            )

        assert [text for text, _ in lines(by_admin)] == [text for text, _ in lines(by_form)]
        assert lines(by_form) == [
            ("moved Dmitry Petelin on the mission from ascent seat 2 to ascent seat 1; Dmitry Petelin: "
             "flight engineer → commander (swapped with Sergey Prokopyev)", "ana"),
            ("moved Sergey Prokopyev on the mission from ascent seat 1 to ascent seat 2; Sergey Prokopyev: "
             "commander → flight engineer (swapped with Dmitry Petelin)", "ana"),
        ]  # fmt: skip
        assert {who for _, who in lines(by_admin)} == {"steward"}
        assert (
            records(by_admin)
            == records(by_form)
            == [
                ("swapped with Dmitry Petelin", 2, "flight_engineer"),
                ("swapped with Sergey Prokopyev", 1, "commander"),
            ]
        )

    def test_releasing_an_ascent_whose_planned_return_remains_is_refused(self, steward_client, world):
        up = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        down = world.soyuz_mission("Soyuz MS-91", "2031-08-01", "2032-03-01")
        seat = assign(up, world.prokopyev, 1)
        assign(down, world.prokopyev, 1, leg="return")
        data = change_post(
            world, up, [{"id": seat.pk, "seat": 1, "crew_member": world.prokopyev.pk, "DELETE": True}]
        )
        response = steward_client.post(reverse("admin:missions_mission_change", args=[up.pk]), data)
        assert response.status_code == 200
        errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
        assert "A return may not come before its ascent: Sergey Prokopyev returns on Soyuz MS-91" in errors[0]
        assert SeatAssignment.objects.filter(pk=seat.pk).exists()


def test_the_seat_admin_refuses_a_release_the_plan_needs(steward_client, world):
    up = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    down = world.soyuz_mission("Soyuz MS-91", "2031-08-01", "2032-03-01")
    seat = assign(up, world.prokopyev, 1)
    assign(down, world.prokopyev, 1, leg="return")
    url = reverse("admin:crews_seatassignment_delete", args=[seat.pk])
    page = steward_client.get(url).content.decode()
    assert "A return may not come before its ascent" in page
    steward_client.post(url, {"post": "yes"})
    changelist = reverse("admin:crews_seatassignment_changelist")
    steward_client.post(
        changelist, {"action": "delete_selected", "_selected_action": [seat.pk], "post": "yes"}
    )
    assert SeatAssignment.objects.filter(pk=seat.pk).exists()


def test_a_seat_the_plan_does_not_need_can_be_released(steward_client, world):
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    seat = assign(mission, world.prokopyev, 1)
    response = steward_client.post(
        reverse("admin:crews_seatassignment_delete", args=[seat.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not SeatAssignment.objects.filter(pk=seat.pk).exists()


def test_the_same_other_name_twice_is_a_form_error(steward_client, world):
    person = world.prokopyev
    data = {
        "name": person.name, "slug": person.slug, "agency": world.roscosmos.pk, "nationality": "Russia",
        "status": "active", "notes": "",
        "other_names-TOTAL_FORMS": "2", "other_names-INITIAL_FORMS": "0",
        "other_names-MIN_NUM_FORMS": "0", "other_names-MAX_NUM_FORMS": "1000",
        "other_names-0-name": "Sergei Prokopiev", "other_names-0-note": "", "other_names-0-id": "",
        "other_names-1-name": "sergei prokopiev", "other_names-1-note": "", "other_names-1-id": "",
        "qualifications-TOTAL_FORMS": "0", "qualifications-INITIAL_FORMS": "0",
        "qualifications-MIN_NUM_FORMS": "0", "qualifications-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = steward_client.post(reverse("admin:crews_crewmember_change", args=[person.pk]), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.forms[1].errors == {
        "name": ["“sergei prokopiev” is listed twice (as “Sergei Prokopiev”)."]
    }
    assert not person.other_names.exists()


def test_roster_uploads_are_listed_read_only(steward_client, planner, django_assert_max_num_queries):
    from crews.models import RosterUpload

    url = reverse("admin:crews_rosterupload_changelist")
    RosterUpload.objects.create(user=planner, filename="first.csv", text="x")
    few = count_queries(steward_client, url)
    for n in range(20):
        RosterUpload.objects.create(user=planner, filename=f"roster-{n}.csv", text="x", summary="6 rows read")
    with django_assert_max_num_queries(few):  # the user is joined, not read per row
        page = steward_client.get(url).content.decode()
    assert "roster-19.csv" in page and "6 rows read" in page
    assert steward_client.get(reverse("admin:crews_rosterupload_add")).status_code == 403
    upload = RosterUpload.objects.get(filename="first.csv")
    change = steward_client.post(
        reverse("admin:crews_rosterupload_change", args=[upload.pk]), {"filename": "x"}
    )
    assert change.status_code == 403 and RosterUpload.objects.get(pk=upload.pk).filename == "first.csv"


def test_an_unavailability_ending_before_it_starts_is_a_form_error(steward_client, world):
    url = reverse("admin:crews_unavailability_add")
    data = {
        "crew_member": world.kikina.pk,
        "starts_on": "2031-05-01",
        "ends_on": "2031-04-01",
        "reason": "leave",
    }
    response = steward_client.post(url, data)
    assert response.status_code == 200
    assert "An unavailability cannot end before it starts." in response.content.decode()
    data["ends_on"] = "2031-06-01"
    assert steward_client.post(url, data).status_code == 302
    assert str(world.kikina.unavailable.get()) == "Anna Kikina: leave (2031-05-01 to 2031-06-01)"
