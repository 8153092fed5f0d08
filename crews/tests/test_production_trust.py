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


def test_releasing_an_ascent_whose_return_stays_is_refused(world, planner_client):
    """Up on A (2035, no return leg), up on B (2063), home on C (2063): releasing the B seat let C's return
    close A — a 10,380-day flight that then blocked the person from every mission between."""
    from crews.tests.world import assign

    a = world.soyuz_mission("Soyuz MS-91", "2035-03-01", "2035-09-01")
    b = world.soyuz_mission("Soyuz MS-92", "2063-03-01", None)
    c = world.soyuz_mission("Soyuz MS-93", "2063-06-01", "2063-09-01")
    assign(a, world.prokopyev, 1)
    up = assign(b, world.prokopyev, 1)
    assign(c, world.prokopyev, 1, leg="return")
    response = planner_client.post(reverse("pages:seat_release", args=[b.slug, up.pk]), follow=True)
    page = response.content.decode()
    assert "comes home on Soyuz MS-93 from this flight: release that return first" in page
    assert up.__class__.objects.filter(pk=up.pk).exists()


def test_healthz_answers_anonymous_load_balancers(db, client):
    response = client.get("/healthz")
    assert (response.status_code, response.content, response["Cache-Control"].count("no-cache")) == (
        200,
        b"ok\n",
        1,
    )


def test_healthz_says_when_migrations_are_pending(db, client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("crews", "0099")])
    response = client.get("/healthz")
    assert (response.status_code, response.content, response["Retry-After"]) == (
        503, b"1 migrations not applied\n", "30")  # fmt: skip


def test_healthz_says_when_the_database_is_down(db, client, monkeypatch):
    from django.db import OperationalError, connection

    def down():
        raise OperationalError("connection refused")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "ensure_connection", down)
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unavailable\n")


def test_gunicorn_trusts_no_forwarded_header_unless_told(monkeypatch):
    import runpy
    from pathlib import Path

    config = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.5")
    assert runpy.run_path(str(config))["forwarded_allow_ips"] == ""
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    assert runpy.run_path(str(config))["forwarded_allow_ips"] == "10.0.0.5"
