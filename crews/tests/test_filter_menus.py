"""The list pages' filter menus (agencies, spacecraft, stations): read in one go, and on the launches list kept in
the cache under the record's version (issue 12), so that a page shown again does not read them; never stale."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.filters import CrewMemberFilter, MissionFilter
from crews.tests.helpers import text
from missions import versions
from missions.models import Agency, Mission
from missions.tests.factories import SpacecraftFactory

LAUNCHES = reverse("pages:mission_list")
CREWS = reverse("pages:crew_list")
MENU_TABLES = ("missions_agency", "missions_spacecraft", "missions_station")


def menu(html: str, name: str) -> str:
    found = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert found, name
    return found.group(0)


def menu_reads(queries) -> list[str]:
    return [q["sql"] for q in queries if any(f'FROM "{table}"' in q["sql"] for table in MENU_TABLES)]


@pytest.mark.django_db(transaction=True)
def test_the_launches_lists_menus_are_kept_until_the_record_changes(admin_client, world):
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        html = text(admin_client.get(LAUNCHES))
    assert len(menu_reads(first)) == 3 and "Roscosmos" in menu(html, "agency")
    with CaptureQueriesContext(connection) as again:
        again_html = text(admin_client.get(LAUNCHES))
    for name in ("agency", "spacecraft", "station"):
        assert menu(again_html, name) == menu(html, name)
    assert menu_reads(again) == []  # kept: the menus cost no query
    # An agency renamed (through the admin or a form: a save) shows in the menu at the next view.
    agency = Agency.objects.get(pk=world.roscosmos.pk)
    agency.short_name = "Roskosmos"
    agency.save()
    html = text(admin_client.get(LAUNCHES))
    assert 'value="Roskosmos">Roskosmos</option>' in menu(html, "agency")
    assert ">Roscosmos</option>" not in menu(html, "agency")
    # A new spacecraft too.
    SpacecraftFactory(name="Starliner", operator=world.nasa)
    assert ">Starliner</option>" in menu(text(admin_client.get(LAUNCHES)), "spacecraft")


@pytest.mark.django_db(transaction=True)
def test_a_kept_menu_is_the_menu_read_from_the_record_with_the_choice_selected(world):
    token = versions.current()
    assert token
    chosen = {"agency": world.nasa.short_name, "spacecraft": world.soyuz.slug}
    for params in (chosen, None):
        read = MissionFilter(params, queryset=Mission.objects.all()).form
        for _ in range(2):  # worked out, then taken from the cache
            kept = MissionFilter(params, queryset=Mission.objects.all(), record_version=token).form
            for name in ("agency", "spacecraft", "station", "status"):
                assert str(kept[name]) == str(read[name])
            selected = f'<option value="{world.nasa.short_name}" selected>'
            assert (selected in str(kept["agency"])) == (params is not None)
    # A bad value is still checked against the record, with a message.
    bad = MissionFilter({"agency": "NOPE"}, queryset=Mission.objects.all(), record_version=token)
    assert not bad.form.is_valid() and "agency" in bad.form.errors


def test_menus_are_read_in_one_go_not_through_a_server_side_cursor(viewer_client, world):
    """Django reads a menu with `QuerySet.iterator()`: on PostgreSQL a cursor declared WITH HOLD, then fetched and
    closed. Read as a list, a menu is one round trip."""
    for address in (LAUNCHES, CREWS):
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(address).status_code == 200
        reads = menu_reads(queries)
        assert reads and not [sql for sql in reads if "DECLARE" in sql], reads
    form = CrewMemberFilter({"agency": world.nasa.short_name}, queryset=world.nasa.crew_members.all()).form
    assert f'<option value="{world.nasa.short_name}" selected>' in str(form["agency"])


class OnlyNasa(MissionFilter):
    """A filter whose agency menu is a part of the agencies: its own menu, not the launches list's."""

    agency = MissionFilter.declared_filters["agency"].__class__(
        queryset=Agency.objects.filter(short_name="NASA"), to_field_name="short_name", method="by_agency"
    )


@pytest.mark.django_db(transaction=True)
def test_each_filter_keeps_its_own_menu(world):
    token = versions.current()
    everyone = str(MissionFilter(None, queryset=Mission.objects.all(), record_version=token).form["agency"])
    nasa_only = str(OnlyNasa(None, queryset=Mission.objects.all(), record_version=token).form["agency"])
    assert ">Roscosmos</option>" in everyone and ">NASA</option>" in everyone
    assert ">Roscosmos</option>" not in nasa_only and ">NASA</option>" in nasa_only
