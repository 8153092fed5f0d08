"""A roster's recent changes kept under the record's version (`kept_rows.kept`): shown again, the history is not
read; a change to the mission or a seat, or to the name of a user who made one, shows at once; a login (which
saves only its time) does not throw what is kept away."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crews import services
from crews.models import SeatAssignment
from crews.tests.factories import SeatAssignmentFactory
from crews.tests.helpers import text
from missions import versions
from missions.models import Mission

pytestmark = pytest.mark.django_db(transaction=True)


def changes(html: str) -> str:
    return html.split('class="mt-4 recent-changes"')[1].split("</section>")[0]


@pytest.fixture
def roster(world, admin_user):
    """A planned launch with a seat assigned by the admin user (as the assign page records it: the history's
    user)."""
    mission = world.soyuz_mission("Soyuz MS-30", "2030-03-01", "2030-09-01")
    services.seat_assign(mission=mission, crew_member=world.kikina, leg="ascent", seat=1, role="commander")
    SeatAssignment.history.filter(mission_id=mission.pk).update(history_user=admin_user)
    cache.clear()
    return mission


def test_kept_changes_are_not_read_again_and_a_change_shows_at_once(admin_client, world, roster):
    first = text(admin_client.get(roster.get_absolute_url()))
    assert "Anna Kikina" in changes(first)
    with CaptureQueriesContext(connection) as again:
        assert changes(text(admin_client.get(roster.get_absolute_url()))) == changes(first)
    assert not [q for q in again if "historical" in q["sql"]]
    SeatAssignmentFactory(mission=roster, crew_member=world.petelin, seat=2)
    mission = Mission.objects.get(pk=roster.pk)
    mission.name = "Soyuz MS-30 (renamed)"
    mission.save()
    assert "Soyuz MS-30 (renamed)" in changes(text(admin_client.get(roster.get_absolute_url())))


def test_a_user_renamed_shows_under_the_new_name_and_a_login_keeps_what_is_kept(
    admin_client, admin_user, roster
):
    assert f"{admin_user.username}:" in changes(text(admin_client.get(roster.get_absolute_url())))
    before = versions.current()
    update_last_login(None, get_user_model().objects.get(pk=admin_user.pk))  # what a login saves: its time
    assert versions.current() == before
    user = get_user_model().objects.get(pk=admin_user.pk)
    user.username = "flight-director"
    user.save()
    assert versions.current() != before
    assert "flight-director:" in changes(text(admin_client.get(roster.get_absolute_url())))
