"""`load_demo`: the reference data and the 2022–2025 integrated-crew roster, idempotent."""

import pytest
from django.core import serializers

from crews.models import CrewMember, OtherName, Qualification, SeatAssignment
from crews.tests.helpers import load_demo
from missions.models import Agreement, Mission, Station


def everything() -> str:
    models = [Mission, SeatAssignment, CrewMember, OtherName, Qualification, Agreement, Station]
    return "".join(serializers.serialize("json", m.objects.order_by("pk")) for m in models)


@pytest.fixture
def demo(db):
    return load_demo()


def crew(mission_name: str, leg: str) -> list[str]:
    return list(
        SeatAssignment.objects.filter(mission__name=mission_name, leg=leg)
        .order_by("seat")
        .values_list("crew_member__name", flat=True)
    )


def test_thirteen_missions(demo):
    assert Mission.objects.count() == 13
    assert Mission.objects.in_launch_order().first().name == "Soyuz MS-21"
    assert Mission.objects.in_launch_order().last().name == "SpaceX Crew-9"


def test_soyuz_ms22_crew_went_up_on_ms22_and_came_home_on_ms23(demo):
    assert crew("Soyuz MS-22", "ascent") == ["Sergey Prokopyev", "Dmitry Petelin", "Frank Rubio"]
    assert crew("Soyuz MS-22", "return") == []
    assert crew("Soyuz MS-23", "return") == ["Sergey Prokopyev", "Dmitry Petelin", "Frank Rubio"]
    assert crew("Soyuz MS-23", "ascent") == []


def test_the_starliner_crew_came_home_on_crew_9(demo):
    assert crew("SpaceX Crew-9", "return") == [
        "Nick Hague",
        "Aleksandr Gorbunov",
        "Barry Wilmore",
        "Sunita Williams",
    ]


def test_reference_data(demo):
    integrated = Agreement.objects.get(slug="nasa-roscosmos-integrated-crew-agreement")
    assert (integrated.seats_a_on_b, integrated.seats_b_on_a) == (5, 5)
    iss = Station.objects.get(slug="iss")
    assert sorted(a.short_name for a in iss.required_agencies.all()) == ["NASA", "Roscosmos"]
    assert CrewMember.objects.named("Francisco Rubio").get().slug == "frank-rubio"


def test_warnings_are_shown_not_hidden(demo):
    assert demo.count("warning:") == 2
    assert "warning: SpaceX Crew-6: Sultan Alneyadi (MBRSC) has a cross-agency seat" in demo
    assert "warning: Soyuz MS-25: Marina Vasilevskaya (Belarus) has a cross-agency seat" in demo


def test_a_second_run_changes_nothing(demo):
    before = everything()
    out = load_demo()
    assert "nothing created; 0 changed; 78 rows already on file" in out
    assert "created " not in out.replace("nothing created", "")
    assert everything() == before


def test_qualifications_come_from_flights_flown(demo):
    rubio = CrewMember.objects.get(name="Frank Rubio")
    assert [q.spacecraft.name for q in rubio.qualifications.all()] == ["Soyuz MS"]
