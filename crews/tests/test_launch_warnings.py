"""Rule warnings on the launches list's rows (issue 13, item 9), kept under the record's version (issue 12):
shown on the row that breaks a rule, in the rules' own sentences; worked out once per version of the record,
never shown stale after a change commits, whatever the entry path."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews import services
from crews.models import SeatAssignment
from crews.roster_csv.importer import roster_import
from crews.tests.factories import SeatAssignmentFactory
from crews.tests.helpers import HEADER, text
from crews.tests.test_launch_lists import WARNINGS
from missions import versions
from missions.models import Agreement

LAUNCHES = reverse("pages:mission_list")


def flag_of(html: str, mission) -> str:
    """The rule-warning flag on `mission`'s row ("" when the row has none)."""
    for row in re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1]):
        if f'href="/missions/{mission.slug}/"' in row:
            found = re.search(r'<a class="badge rule-flag[^"]*"[^>]*>[^<]*</a>', row)
            return found.group(0) if found else ""
    raise AssertionError(f"{mission} is not on the page")


@pytest.fixture
def two_flights(world):
    """A Soyuz with a NASA astronaut under no agreement (breaks a rule), and one with a cosmonaut (does not)."""
    bad = world.soyuz_mission("Soyuz MS-22", "2022-09-21", "2023-03-28", status="landed")
    SeatAssignmentFactory(mission=bad, crew_member=world.rubio, seat=3)
    good = world.soyuz_mission("Soyuz MS-23", "2023-02-24", "2023-09-27", status="landed")
    SeatAssignmentFactory(mission=good, crew_member=world.kikina, seat=1)
    return bad, good


def test_the_row_that_breaks_a_rule_is_flagged_with_the_rules_sentence(viewer_client, world, two_flights):
    bad, good = two_flights
    html = text(viewer_client.get(LAUNCHES))
    flag = flag_of(html, bad)
    assert "⚠ 1 rule warning<" in flag and "text-bg-warning" in flag
    assert f'href="/missions/{bad.slug}/#rule-warnings"' in flag
    assert "Frank Rubio" in flag and "agreement" in flag  # the sentence, on hover
    assert flag_of(html, good) == ""
    # The roster it links to has the anchor, with the same sentence.
    roster = text(viewer_client.get(bad.get_absolute_url()))
    assert 'id="rule-warnings"' in roster


def test_an_overlap_that_is_only_possible_is_flagged_as_such(viewer_client, world):
    """Dates known only to the month: the clash may be so, or not; the row says 'possible', not a warning."""
    first = world.soyuz_mission("Soyuz A", "2010-03-01", "2010-08-15", status="landed")
    second = world.soyuz_mission(
        "Soyuz B", "2010-08-01", "2011-02-01", status="landed", launch_precision="month"
    )
    for mission in (first, second):
        SeatAssignmentFactory(mission=mission, crew_member=world.kikina, seat=1)
    html = text(viewer_client.get(LAUNCHES))
    flags = [flag_of(html, first), flag_of(html, second)]
    assert any("possible clash" in f for f in flags), flags
    assert not any("text-bg-warning" in f for f in flags)


@pytest.mark.django_db(transaction=True)
def test_warnings_are_kept_until_the_record_changes_and_never_shown_stale(
    admin_client, world, two_flights, django_assert_num_queries
):
    # (A superuser: a transactional test's flush empties the groups the migrations made.)
    viewer_client = admin_client
    bad, _good = two_flights
    cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert "1 rule warning" in flag_of(text(viewer_client.get(LAUNCHES)), bad)
    # Shown again: the record's version, the page's ids, and what was kept; not the reads of the record around
    # the rows, nor the filter form's three menus, nor the rows' missions and seats (the rows are kept whole:
    # `crews.kept_rows`), nor the count (kept too).
    with django_assert_num_queries(len(first) - WARNINGS - 3 - 2 - 1):
        assert "1 rule warning" in flag_of(text(viewer_client.get(LAUNCHES)), bad)
    # The planner puts the seat under an agreement in force at launch: the flag goes at once.
    seat = SeatAssignment.objects.get(mission=bad)
    seat.agreement = world.integrated
    seat.save()
    assert flag_of(text(viewer_client.get(LAUNCHES)), bad) == ""
    # The agreement comes into force after the launch (a change to an agreement, not to a seat): back again.
    agreement = Agreement.objects.get(pk=world.integrated.pk)
    agreement.in_force_from = bad.launch_date.replace(year=2023)
    agreement.save()
    assert "1 rule warning" in flag_of(text(viewer_client.get(LAUNCHES)), bad)


@pytest.mark.django_db(transaction=True)
def test_the_version_changes_once_per_committed_change_and_not_for_one_rolled_back(world):
    before = versions.current()
    with transaction.atomic():
        SeatAssignmentFactory(
            mission=world.soyuz_mission("X", "2030-01-01", None), crew_member=world.mann, seat=1
        )
        SeatAssignmentFactory(
            mission=world.soyuz_mission("Y", "2031-01-01", None), crew_member=world.mann, seat=1
        )
        # This transaction changed the record: what is kept is not for it.
        assert versions.current() is None
        renewals = [f for _s, f, _r in connection.run_on_commit if getattr(f, "record_version_of", None)]
        assert len(renewals) == 1
    after = versions.current()
    assert after and after != before
    with pytest.raises(RuntimeError), transaction.atomic():
        SeatAssignment.objects.all().delete()
        raise RuntimeError("the planner's change failed")
    assert versions.current() == after


@pytest.mark.django_db(transaction=True)
def test_writes_that_send_no_signals_change_the_version(world):
    """The roster import writes in bulk; moving seats aside is one UPDATE: both give the record a new version,
    and a dry run, which writes nothing, does not."""
    mission = world.soyuz_mission("Soyuz MS-30", "2030-03-01", "2030-09-01")
    seat = SeatAssignmentFactory(mission=mission, crew_member=world.kikina, seat=1)
    before = versions.current()
    with transaction.atomic():  # as the services do: set aside, then written back in place
        SeatAssignment.objects.filter(pk=seat.pk).set_aside()
        SeatAssignment.objects.filter(pk=seat.pk).update(mission=mission)
    moved_aside = versions.current()
    assert moved_aside != before
    SeatAssignment.objects.filter(pk=seat.pk).delete()
    deleted = versions.current()
    row = (
        "Soyuz MS-30,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,2030-03-01,2030-09-01,"
        "ascent,2,flight engineer,Dmitry Petelin,Roscosmos,Russia,"
    )
    assert roster_import(data=f"{HEADER}\r\n{row}\r\n", dry_run=True).ok
    assert versions.current() == deleted
    assert roster_import(data=f"{HEADER}\r\n{row}\r\n").ok
    assert versions.current() != deleted


@pytest.mark.django_db(transaction=True)
def test_a_seat_released_through_the_service_clears_the_flag(admin_client, world):
    viewer_client = admin_client
    planned = world.soyuz_mission("Soyuz MS-31", "2031-03-01", "2031-09-01")
    SeatAssignmentFactory(mission=planned, crew_member=world.kikina, seat=1)
    seat = SeatAssignmentFactory(mission=planned, crew_member=world.mann, seat=2)  # no agreement in force
    cache.clear()
    assert "1 rule warning" in flag_of(text(viewer_client.get(LAUNCHES)), planned)
    services.seat_release(assignment=seat)
    assert flag_of(text(viewer_client.get(LAUNCHES)), planned) == ""
