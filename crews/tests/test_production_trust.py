"""Trusted in production (issue 11): slugs the web addresses use are refused; a revert raises the version."""

import pytest
from django.urls import reverse

from crews.tests.helpers import mission_post
from missions.models import Mission


def test_the_admin_refuses_a_mission_slug_the_urls_use(steward_client, world):
    data = {**mission_post(world, name="Soyuz MS-90"), "slug": "new"}
    response = steward_client.post(reverse("admin:missions_mission_add"), data)
    assert response.status_code == 200
    assert "is a word the web addresses use" in response.content.decode()
    assert not Mission.objects.filter(name="Soyuz MS-90").exists()


def test_a_mission_named_new_gets_a_slug_its_page_answers_to(steward_client, world, viewer_client):
    response = steward_client.post(reverse("admin:missions_mission_add"), mission_post(world, name="New"))
    assert response.status_code == 302
    mission = Mission.objects.get(name="New")
    assert mission.slug == "new-2"
    assert viewer_client.get(mission.get_absolute_url()).status_code == 200
    assert viewer_client.get(reverse("pages:mission_create")).status_code in (
        302,
        403,
    )  # still the form's URL


def test_a_revert_from_the_admin_history_raises_the_version(steward_client, world):
    """Reverting carried the old version back, so a planner's form loaded before the revert was taken for
    current and overwrote it."""
    steward_client.post(reverse("admin:missions_mission_add"), mission_post(world, name="Soyuz MS-90"))
    mission = Mission.objects.get(name="Soyuz MS-90")
    first = mission.history.earliest("history_date")
    for notes in ("one", "two"):
        mission.notes = notes
        mission.save()
    assert mission.version == 3
    url = reverse("admin:missions_mission_simple_history", args=[mission.pk, first.history_id])
    response = steward_client.post(url, {**mission_post(world, name="Soyuz MS-90"), "notes": ""})
    assert response.status_code == 302, response.content.decode()[:500]
    mission.refresh_from_db()
    assert (mission.notes, mission.version) == ("", 4)


@pytest.mark.django_db(transaction=True)
def test_migrating_the_groups_back_and_forward_keeps_who_is_in_them():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    try:
        # Made by the migration (another transactional test's flush may have removed them), then a member.
        call_command("migrate", "crews", "0002", verbosity=0)
        call_command("migrate", "crews", verbosity=0)
        ana = get_user_model().objects.create_user("ana", password="pw-ana-1")
        ana.groups.add(Group.objects.get(name="Planners"))
        call_command("migrate", "crews", "0002", verbosity=0)
        call_command("migrate", "crews", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)
    assert list(ana.groups.values_list("name", flat=True)) == ["Planners"]
    assert Group.objects.get(name="Planners").permissions.filter(codename="add_seatassignment").exists()
