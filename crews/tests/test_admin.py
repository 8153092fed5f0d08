"""The admin data-entry desk: every model, searches, refusals shown as form errors, no queries per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.models import CrewMember, SeatAssignment
from crews.tests.factories import (
    CrewMemberFactory,
    OtherNameFactory,
    QualificationFactory,
    SeatAssignmentFactory,
)
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
]


def add_rows(world, n: int) -> None:
    """n more missions, each with a crew member, an other name, a qualification and a seat."""
    for _ in range(n):
        mission = MissionFactory(spacecraft=world.soyuz, launch_site=world.baikonur, destination=world.iss)
        person = CrewMemberFactory(agency=world.roscosmos)
        OtherNameFactory(crew_member=person)
        QualificationFactory(crew_member=person, spacecraft=world.soyuz)
        SeatAssignmentFactory(mission=mission, crew_member=person, seat=1)


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


def seat_post(seat_id="", **fields):
    data = {"leg": "ascent", "seat": "1", "role": "flight_engineer", "crew_member": "", "agreement": ""}
    data.update({k: str(v) for k, v in fields.items()})
    return data


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


def mission_post(world, *, name="Soyuz MS-90", seats=(), status="planned"):
    data = {
        "name": name,
        "slug": "",
        "status": status,
        "spacecraft": world.soyuz.pk,
        "vehicle": "",
        "launch_site": world.baikonur.pk,
        "destination": world.iss.pk,
        "launch_date": "2031-03-01",
        "launch_time": "",
        "landing_date": "2031-09-01",
        "landing_time": "",
        "notes": "",
        "seat_assignments-TOTAL_FORMS": str(len(seats)),
        "seat_assignments-INITIAL_FORMS": "0",
        "seat_assignments-MIN_NUM_FORMS": "0",
        "seat_assignments-MAX_NUM_FORMS": "1000",
    }
    for i, seat in enumerate(seats):
        for key, value in seat_post(**seat).items():
            data[f"seat_assignments-{i}-{key}"] = value
        data[f"seat_assignments-{i}-id"] = ""
    return data


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
