"""/missions/ and /crews/ cost the page they show: a fixed number of queries, the figures worked out for the
page's rows only (and right on every page), the order read through an index, rule warnings for a page from the
record around it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.models import CrewMember
from crews.selectors import launch_rows, launch_warnings, missions_for_list
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import mission_links, text
from missions.models import Mission
from missions.tests.factories import MissionFactory

LAUNCHES = reverse("pages:mission_list")
CREWS = reverse("pages:crew_list")
#: Every page: the session, the user, the viewer's permissions (two: the menu asks).
PER_REQUEST = 4
#: The rows' rule warnings worked out from the record around them (`rules.record_around`); in a test that made
#: its data, without the record's version (the test's transaction has not committed: nothing kept is used).
WARNINGS = 3
#: The count, the page's ids, its rows, their seats (figures, crew, agencies), the filter form's three menus,
#: the rows' warnings.
LIST = 7 + WARNINGS
#: A search compares the missions' compact names in the database (no query more); on SQLite the crew names and
#: other names are read and compared in Python.
SEARCH = 0 if connection.vendor == "postgresql" else 2
#: /crews/ by name: the count, the page's ids, its people with their careers, their other names, the agency menu
#: (no transaction without JIT: only a sort or filter by careers needs one, `careers.reading_careers`).
CREW_LIST = 5


def landed(world, n: int, **kw) -> Mission:
    """A landed Soyuz flight; a higher `n` launched later (so it comes earlier in the list)."""
    launch = dt.date(2000, 1, 1) + dt.timedelta(days=30 * n)
    return MissionFactory(
        name=kw.pop("name", f"Flight {n:02}"),
        spacecraft=kw.pop("spacecraft", world.soyuz),
        launch_site=world.baikonur,
        launch_date=launch,
        landing_date=launch + dt.timedelta(days=10),
        status="landed",
        **kw,
    )


def crew(world, count: int) -> None:
    """`count` landed flights, each with two people up and down, and many people without flights."""
    for n in range(count):
        mission = landed(world, n + 1)
        for seat in (1, 2):
            person = CrewMemberFactory(agency=world.roscosmos)
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=seat)
            SeatAssignmentFactory(mission=mission, crew_member=person, seat=seat, leg="return")


def row_of(html: str, mission: Mission) -> str:
    """The table row of `mission` (its cells as HTML), or "" when the page does not show it."""
    for row in re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1]):
        if f'href="/missions/{mission.slug}/"' in row:
            return row
    return ""


# --- the number of queries -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "queries"),
    [({}, LIST), ({"page": "2"}, LIST), ({"page": "3"}, LIST), ({"q": "Flight"}, LIST + SEARCH)],
    ids=["first page", "page 2", "last page", "search"],
)
def test_the_launches_list_reads_a_fixed_number_of_queries(
    viewer_client, world, django_assert_num_queries, params, queries
):
    crew(world, 60)
    with django_assert_num_queries(PER_REQUEST + queries):
        html = text(viewer_client.get(LAUNCHES, params))
    assert len(mission_links(html)) == (10 if params.get("page") == "3" else 25)


def test_the_crew_list_reads_a_fixed_number_of_queries(viewer_client, world, django_assert_num_queries):
    crew(world, 30)
    for page in ("1", "3"):
        with django_assert_num_queries(PER_REQUEST + CREW_LIST):
            response = viewer_client.get(CREWS, {"page": page})
        assert response.status_code == 200 and "Page " + page in text(response)


# --- the figures of a page's rows ------------------------------------------------------------------------


def test_the_figures_of_a_row_on_page_two_are_its_own(viewer_client, world):
    """Seats filled and the cross-agency badge are worked out for the page's rows: right on page 2 too."""
    # The earliest launch comes last (flown launches are listed latest first): on page 2.
    far = landed(world, 0, name="Crew-Far", spacecraft=world.dragon)
    # Kikina: Roscosmos, on NASA's Dragon.
    for seat, person in ((1, world.mann), (2, world.cassada), (3, world.kikina)):
        agreement = world.integrated if person == world.kikina else None
        SeatAssignmentFactory(mission=far, crew_member=person, seat=seat, agreement=agreement)
    for seat, person in ((1, world.mann), (2, world.cassada)):
        SeatAssignmentFactory(mission=far, crew_member=person, seat=seat, leg="return")
    near = landed(world, 30, name="Soyuz-Near")  # the latest launch: first on page 1
    SeatAssignmentFactory(mission=near, crew_member=world.prokopyev, seat=1)
    SeatAssignmentFactory(mission=near, crew_member=world.prokopyev, seat=1, leg="return")
    empty = landed(world, 29, name="Soyuz-Empty")
    for n in range(1, 29):
        landed(world, n)

    first = text(viewer_client.get(LAUNCHES))
    second = text(viewer_client.get(LAUNCHES, {"page": "2"}))
    assert row_of(first, far) == "" and mission_links(second)[-1] == far.slug

    row = row_of(second, far)
    assert "3 / 4<br>" in row and "2 back" in row
    assert '<span class="badge text-bg-info">cross-agency: Roscosmos</span>' in row
    assert "· cross-agency: Roscosmos" in row
    assert [chip for chip in re.findall(r'<span class="crew-chip" title="([^"]+)">', row)] == [
        "Nicole Mann (NASA)", "Josh Cassada (NASA)", "Anna Kikina (Roscosmos)",
    ]  # fmt: skip

    row = row_of(first, near)
    assert "1 / 3</td>" in row and "back" not in row and "cross-agency" not in row
    row = row_of(first, empty)
    assert "0 / 3</td>" in row and "cross-agency" not in row


def test_an_upcoming_launch_counts_down_and_an_unplanned_return_is_a_dash(viewer_client, world):
    """Issue 13, item 9: "in 112 days" on upcoming launches, "—" (not "0 back") for a return not yet planned."""
    from django.utils import timezone

    day = timezone.now().date() + dt.timedelta(days=112)
    mission = world.soyuz_mission("Soyuz MS-99", day.isoformat(), (day + dt.timedelta(days=180)).isoformat())
    SeatAssignmentFactory(mission=mission, crew_member=world.prokopyev, seat=1, role="commander")
    row = row_of(text(viewer_client.get(LAUNCHES)), mission)
    assert '<small class="countdown">in 112 days</small>' in row
    assert "back: —" in row and "0 back" not in row
    assert '<span class="crew-chip" title="Sergey Prokopyev (Roscosmos)">Prokopyev</span>' in row


@pytest.mark.parametrize(
    ("offset", "said"),
    [(0, "today"), (1, "tomorrow"), (2, "in 2 days"), (-1, "1 day ago"), (-3, "3 days ago")],
)
def test_the_countdown_in_words(offset, said):
    from missions.moments import Moment
    from missions.templatetags.moments import countdown

    today = dt.date(2026, 11, 30)
    assert countdown(Moment.parse((today + dt.timedelta(days=offset)).isoformat()), today) == said
    assert countdown(Moment.parse("2027-03"), today) == "in ≈ 3 months"
    assert countdown(Moment.parse("2027"), today) == ""


def test_launch_rows_keep_the_order_asked_and_leave_out_what_is_gone(world):
    first, second, third = (landed(world, n) for n in (1, 2, 3))
    keys = [third.pk, first.pk, second.pk]
    second.delete()
    assert [m.pk for m in launch_rows(keys)] == [third.pk, first.pk]


def test_the_list_order(world):
    """Not yet flown first, soonest first, an unknown time first on its day; then the rest, latest first, an
    unknown time last on its day; then by name. (Said without NULLS FIRST / LAST, for the index.)"""
    day, later = "2031-03-01", "2031-04-01"
    made = [
        world.soyuz_mission("Up later", later, None),
        world.soyuz_mission("Up 10:00", f"{day}T10:00Z", None, status="scheduled"),
        world.soyuz_mission("Up no time B", day, None),
        world.soyuz_mission("Up no time A", day, None),
        world.soyuz_mission("Up 08:00", f"{day}T08:00Z", None),
        world.soyuz_mission("Down no time", "2020-03-01", "2020-09-01", status="landed"),
        world.soyuz_mission("Down 08:00", "2020-03-01T08:00Z", "2020-09-01", status="landed"),
        world.soyuz_mission("Down 10:00", "2020-03-01T10:00Z", "2020-09-01", status="launched"),
        world.soyuz_mission("Down scrubbed", "2020-03-01", None, status="scrubbed"),
        world.soyuz_mission("Down later", "2021-01-01", "2021-06-01", status="landed"),
    ]
    names = list(missions_for_list().values_list("name", flat=True))
    assert names == [
        "Up no time A", "Up no time B", "Up 08:00", "Up 10:00", "Up later",
        "Down later", "Down 10:00", "Down 08:00", "Down no time", "Down scrubbed",
    ]  # fmt: skip
    assert len(made) == len(names)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite is sent the ORDER BY's constants as parameters and cannot match them to an index's expressions",
)
@pytest.mark.django_db
def test_the_lists_are_read_in_the_order_of_their_indexes():
    """The list's ORDER BY is the index's expressions: a change to one without the other fails here."""
    plans = []
    with transaction.atomic(), connection.cursor() as cursor:
        # A few rows: else the table is read whole and sorted.
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in (
            missions_for_list().values_list("pk", flat=True)[:25],
            CrewMember.objects.order_by("name", "pk").values_list("pk", flat=True)[:25],
        ):
            sql, params = query.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plans.append(" ".join(row[0] for row in cursor.fetchall()))
    launches, people = plans
    assert "missions_mission_list_order" in launches and "Sort" not in launches
    assert "crews_crewmember_list_order" in people and "Sort" not in people


# --- warnings for a page ---------------------------------------------------------------------------------


def _queries(function, *args) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args)
    return len(captured)


def test_warnings_for_a_page_come_from_the_record_around_it_in_a_fixed_number_of_queries(world):
    """A page's warnings: the same queries for 25 launches, their people's other flights and their agreements
    as for two launches (one launch's roster reads its agreements with its seats: a query fewer still); each
    launch gets its own."""
    lone = landed(world, 99)  # one seat under an agreement: every read the rules make
    SeatAssignmentFactory(mission=lone, crew_member=world.mann, seat=1, agreement=world.integrated)
    other = landed(world, 98)
    SeatAssignmentFactory(mission=other, crew_member=world.kikina, seat=1)
    two = _queries(launch_warnings, [lone, other])
    assert _queries(launch_warnings, [lone]) <= two
    # A NASA astronaut on a Soyuz without an agreement: a warning on that launch only.
    bad = landed(world, 1)
    SeatAssignmentFactory(mission=bad, crew_member=world.cassada, seat=1)
    page = [bad]
    for n in range(2, 26):
        mission = landed(world, n)
        person = CrewMemberFactory(agency=world.nasa)
        SeatAssignmentFactory(mission=mission, crew_member=person, seat=1, agreement=world.integrated)
        SeatAssignmentFactory(mission=landed(world, 100 + n), crew_member=person, seat=1)  # another flight
        page.append(mission)
    assert 0 < two <= 6
    with CaptureQueriesContext(connection) as captured:
        warnings = launch_warnings(page)
    assert len(captured) == two
    assert [p.code for p in warnings[bad.pk]] == ["no_agreement"] and "Cassada" in str(warnings[bad.pk][0])
    assert set(warnings) == {m.pk for m in page}
