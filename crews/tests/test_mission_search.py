"""The launches' search by mission name (letters and digits: "ms22" finds Soyuz MS-22), compared by the database
on the compact name written with each mission (`Mission.search_name`), on every entry path."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.roster_csv.importer import roster_import
from crews.tests.helpers import HEADER, text
from missions.models import Mission
from missions.names import compact

LAUNCHES = reverse("pages:mission_list")


def found(client, q: str) -> list[str]:
    html = text(client.get(LAUNCHES, {"q": q}))
    return sorted(m.name for m in Mission.objects.all() if f'href="/missions/{m.slug}/"' in html)


def test_the_compact_name_is_written_with_the_mission_however_it_is_saved(world):
    mission = world.soyuz_mission("Soyuz MS-22", "2022-09-21", "2023-03-28", status="landed")
    assert Mission.objects.get(pk=mission.pk).search_name == "soyuzms22"
    mission.name = "Союз МС-22"
    mission.save()
    assert Mission.objects.get(pk=mission.pk).search_name == "союзмс22"
    made = Mission.objects.bulk_create(
        [
            Mission(
                name="Vostok 1", spacecraft=world.soyuz, launch_site=world.baikonur, launch_date="1961-04-12"
            )
        ]
    )
    assert Mission.objects.get(pk=made[0].pk).search_name == "vostok1"


def test_the_roster_import_writes_it_for_the_missions_it_makes(world):
    row = (
        "Soyuz MS-30,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2030-03-01,2030-09-01,"
        "ascent,2,flight engineer,Dmitry Petelin,Roscosmos,Russia,"
    )
    assert roster_import(data=f"{HEADER}\r\n{row}\r\n").ok
    assert Mission.objects.get(name="Soyuz MS-30").search_name == "soyuzms30"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("ms22", ["Soyuz MS-22"]),
        ("MS 22", ["Soyuz MS-22"]),
        ("ms-2", ["Soyuz MS-2", "Soyuz MS-22"]),
        ("мс22", ["Союз МС-22"]),
        ("crew9", ["SpaceX Crew-9"]),
    ],
)
def test_a_mission_is_found_by_its_letters_and_digits(viewer_client, world, q, expected):
    for name, launch in (
        ("Soyuz MS-22", "2022-09-21"),
        ("Soyuz MS-2", "2016-03-18"),
        ("Союз МС-22", "2040-01-01"),
    ):
        world.soyuz_mission(name, launch, None)
    world.dragon_mission("SpaceX Crew-9", "2024-09-28", None)
    assert found(viewer_client, q) == expected


def test_the_database_compares_the_names_not_python(viewer_client, world):
    """The page's query filters on the compact name; no query reads every mission's name."""
    world.soyuz_mission("Soyuz MS-22", "2022-09-21", None)
    with CaptureQueriesContext(connection) as queries:
        viewer_client.get(LAUNCHES, {"q": "ms22"})
    sql = [q["sql"] for q in queries]
    assert any('"search_name"' in s and " LIKE " in s for s in sql)
    assert not [
        s for s in sql if s.startswith('SELECT "missions_mission"."id", "missions_mission"."name" FROM')
    ]
    assert compact("  Soyuz MS-22 ") == "soyuzms22"


def test_a_save_of_the_name_alone_writes_the_compact_name_too(world):
    mission = world.soyuz_mission("Soyuz MS-22", "2022-09-21", None)
    mission.name = "Soyuz MS-22A"
    mission.save(update_fields=["name"])
    assert Mission.objects.get(pk=mission.pk).search_name == "soyuzms22a"
