"""On PostgreSQL the reads written once (`crews.prepared`) run as prepared statements of the connection: planned
once, not at every request (the careers' planning cost more than running them). Counted like any query, and
giving what the QuerySet gives."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crews.careers import Career
from crews.prepared import Prepared
from crews.selectors import _listed_missions, career_by_slug, careers_of, crew_for_list, launch_rows
from missions.models import Mission

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's (SQLite reads as before)"
)


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [statement for (statement,) in cursor.fetchall()]


def test_a_prepared_read_is_a_prepared_statement_of_the_connection_and_counted(world):
    ms22, _ms23 = world.flown_rubio()
    read = Prepared(lambda slug: type(ms22).objects.filter(slug=slug), str)

    def by_slug() -> int:  # (other reads of the connection may be prepared already: the pages' own)
        return len([s for s in _prepared_statements() if '"missions_mission"."slug" = $1' in s])

    before = by_slug()
    with CaptureQueriesContext(connection) as queries:
        assert [m.pk for m in read(ms22.slug)] == [ms22.pk]
        assert read("no-such-mission") == []
    assert len(queries) == 2  # counted as every query is (the query-count pins see them)
    assert by_slug() == before + 1  # prepared once, run twice


def test_careers_read_prepared_are_the_careers_the_list_sorts_on(world):
    ms22, ms23 = world.flown_rubio()
    people = list(crew_for_list())
    for _ in range(7):  # past PostgreSQL's five custom plans: the generic plan gives the same careers
        read = careers_of([p.pk for p in people])
        assert {pk: Career.of(p) for pk, p in read.items()} == {p.pk: Career.of(p) for p in people}
    assert Career.of(career_by_slug(world.rubio.slug)) == Career.of(read[world.rubio.pk])
    assert read[world.rubio.pk].flights == 1


def test_the_launches_lists_rows_read_prepared_are_the_missions_in_the_pages_order(world):
    """`launch_rows` reads its missions 25 at a time by SQL written once (`ByIds`): more than that many, in the
    page's order, a mission deleted meanwhile left out, the same missions the ORM reads (past PostgreSQL's five
    custom plans too)."""
    missions = [
        world.soyuz_mission(f"Soyuz T-{n}", f"{1980 + n}-03-01", f"{1980 + n}-09-01", status="landed")
        for n in range(_listed_missions.at_once + 5)
    ]
    keys = [m.pk for m in reversed(missions)] + [10**9]  # the last: deleted meanwhile
    for _ in range(7):
        rows = launch_rows(keys)
        assert [m.pk for m in rows] == keys[:-1]
    expected = Mission.objects.select_related("spacecraft__operator", "launch_site", "destination")
    for row, mission in zip(rows, expected.filter(pk__in=keys).order_by("-launch_date"), strict=True):
        assert (row.name, row.launch_date, row.status) == (mission.name, mission.launch_date, mission.status)
        assert row.spacecraft.operator.short_name == mission.spacecraft.operator.short_name
        assert row.launch_site.name == mission.launch_site.name
        assert (row.ascent_filled, row.return_filled, row.crew) == (0, 0, [])
