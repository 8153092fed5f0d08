"""Careers: flights, days in space and spacewalk hours, on /crews/ (sorted, filtered) and on a person's page.

The first tests build their own small worlds with factories (agencies and missions no source uses, so they hold
whether or not the whole record is loaded); the last ones read the whole record (`record`, loaded once for the
module).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Sum
from django.urls import reverse

from crews.careers import Career, flight_columns, with_careers
from crews.models import CrewMember, SeatAssignment
from crews.sources import astronaut_db
from crews.sources.report import SourceReport
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import text
from missions.models import Mission
from missions.moments import Moment
from missions.tests.factories import AgencyFactory, MissionFactory

LIST = reverse("pages:crew_list")
#: Every page: the session, the user, the viewer's permissions (two: the menu asks).
PER_REQUEST = 4
#: On PostgreSQL, when the list is sorted or filtered by careers, it chooses its page in a transaction without JIT
#: (`careers.reading_careers`): in a test, a savepoint, the SET and the savepoint's release. (The page's own
#: careers are read with JIT off in their statement.)
NO_JIT = 3 if connection.vendor == "postgresql" else 0


def mission(launch: str, landing: str | None = None, status: str = "landed", by: str = "", **kw) -> Mission:
    """A mission with its dates as the roster CSV writes them (`1961`, `1961-04`, `2022-09-21T13:54Z`); `by`,
    its latest possible landing when the landing is not on file."""
    up = Moment.parse(launch)
    down = Moment.parse(landing) if landing else None
    return MissionFactory(
        launch_date=up.date, launch_time=up.time, launch_precision=up.precision,
        landing_date=down.date if down else None, landing_time=down.time if down else None,
        landing_precision=down.precision if down else "day", status=status,
        landing_by=dt.date.fromisoformat(by) if by else None, **kw,
    )  # fmt: skip


def seat(person, on: Mission, leg: str = "ascent", **kw) -> SeatAssignment:
    """A seat as the record has it: no seat number unless given."""
    kw.setdefault("seat", None)
    return SeatAssignmentFactory(mission=on, crew_member=person, leg=leg, **kw)


def days_of(ascent: SeatAssignment) -> tuple[float, float | None]:
    row = SeatAssignment.objects.annotate(**flight_columns()).get(pk=ascent.pk)
    return row.days_fewest, row.days_most


def career(person) -> Career:
    return Career.of(with_careers(CrewMember.objects.filter(pk=person.pk)).get())


def rows(html: str) -> list[dict[str, str]]:
    """The rows of /crews/ as a reader sees them: slug, flights, days and spacewalk hours (tags dropped)."""
    found = []
    for row in re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>")[1]):
        cells = dict(re.findall(r'<td class="text-end[^"]*? (flights|days|eva)">(.*?)</td>', row))
        slug = re.search(r'href="/crews/([^/"]+)/"', row)
        if slug:
            found.append(
                {"slug": slug[1], **{k: re.sub(r"<[^>]+>", "", v).strip() for k, v in cells.items()}}
            )
    return found


def flight_rows(html: str) -> list[str]:
    """The person page's flights table, one line of text per flight."""
    table = html.split('<table class="table table-sm align-middle flights">')[1].split("</table>")[0]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip()
        for r in table.split('<tr class="flight">')[1:]
    ]


# --- one flight's days ----------------------------------------------------------------------------

HOURS_AFTER = (dt.datetime(2023, 3, 28, 11, 0) - dt.datetime(2022, 9, 21, 13, 54)).total_seconds() / 86400


@pytest.mark.parametrize(
    ("launch", "landing", "status", "extra", "expected"),
    [
        # Both to the minute: the time between them.
        ("2022-09-21T13:54Z", "2023-03-28T11:00Z", "landed", {}, (HOURS_AFTER, HOURS_AFTER)),
        # Known to the day (one time missing): whole days, as the rules count them.
        ("2022-09-21", "2023-03-28", "landed", {}, (188, 188)),
        ("2022-09-21T13:54Z", "2023-03-28", "landed", {}, (188, 188)),
        # Some time in 1961, landed in April 1961: between 0 and 120 days.
        ("1961", "1961-04", "landed", {}, (0, 120)),
        # The source's hours win over imprecise dates.
        ("1995", None, "landed", {"hours": Decimal("4000")}, (4000 / 24, 4000 / 24)),
        ("1961", "1961-04", "landed", {"hours": Decimal("1.8")}, (0.075, 0.075)),
        # Landing not on file, but the crew was home by 2023-05-30 (the whole of that day).
        ("2023-05-21T19:37Z", None, "landed", {"by": "2023-05-30"}, (0, 9 + 263 / 1440)),
        # Landing not on file and no bound; a flight still up (its hours are only as far as the source went).
        ("2023-05-21T19:37Z", None, "landed", {}, (0, None)),
        ("2025-11-27T08:27Z", None, "launched", {"hours": Decimal("100")}, (0, None)),
    ],
)
def test_the_days_of_one_flight(db, launch, landing, status, extra, expected):
    extra = dict(extra)
    hours = extra.pop("hours", None)
    ascent = seat(CrewMemberFactory(), mission(launch, landing, status, **extra), hours=hours)
    fewest, most = days_of(ascent)
    assert fewest == pytest.approx(expected[0], abs=1e-6)
    assert most == (None if expected[1] is None else pytest.approx(expected[1], abs=1e-6))


def test_a_flight_ends_on_the_mission_that_brought_the_person_home(db):
    person = CrewMemberFactory()
    up = mission("2022-09-21T13:54Z", "2023-03-28", "landed")  # came down empty
    home = mission("2023-02-24T00:24Z", "2023-09-27T11:17Z", "landed")
    ascent, return_leg = seat(person, up), seat(person, home, "return")
    row = SeatAssignment.objects.annotate(**flight_columns()).get(pk=ascent.pk)
    assert row.end_seat_id == return_leg.pk
    assert row.days_fewest == pytest.approx(370.8910, abs=1e-4) == row.days_most


def test_a_return_on_an_older_vehicle_closes_the_visit_not_an_earlier_flight(db):
    """A visiting crew goes up in the new Soyuz and comes home in the old one, launched the year before."""
    person = CrewMemberFactory()
    earlier = seat(person, mission("2002", by="2003-01-12"), hours=Decimal(260))
    old = mission("2004", by="2005-07-06")
    visit = seat(person, mission("2005", by="2006-04-09"), hours=Decimal(236))
    return_leg = seat(person, old, "return")
    ends = dict(SeatAssignment.objects.annotate(**flight_columns()).values_list("pk", "end_seat_id"))
    assert (ends[earlier.pk], ends[visit.pk]) == (earlier.pk, return_leg.pk)


def test_returns_known_only_to_the_year_close_their_own_stays(viewer_client, db):
    """Landings not on file sort last in the rules' pairing; here each return closes the stay it ended."""
    person = CrewMemberFactory(name="Stay Keeper")
    ascents = [seat(person, mission(year, name=f"Up {year}", by=f"{int(year) + 1}-06-01")) for year in
               ("2002", "2007", "2016")]  # fmt: skip
    seat(person, mission("2002", name="Down 2002", by="2003-07-04"), "return")
    seat(person, mission("2017", name="Down 2017", by="2018-05-16"), "return")
    lines = flight_rows(text(viewer_client.get(person.get_absolute_url())))
    assert [line.split(" not on file")[0] for line in lines] == [
        "2002 Up 2002 flight engineer Down 2002",
        "2007 Up 2007 flight engineer the same",
        "2016 Up 2016 flight engineer Down 2017",
    ]
    assert len(ascents) == career(person).flights == 3


def test_a_planned_or_scrubbed_flight_is_not_a_flight(db):
    person = CrewMemberFactory()
    seat(person, mission("2031-03-01", "2031-09-01", "scheduled"))
    seat(person, mission("2031-10-01", "2032-03-01", "scrubbed"))
    assert career(person) == Career(flights=0, days_fewest=0.0, days_most=None, days_uncounted=0,
                                    eva_total=None, eva_unknown=0)  # fmt: skip


# --- totals ---------------------------------------------------------------------------------------


@pytest.fixture
def crew(db):
    """Four people of one agency no source uses, whose careers differ in each column."""
    agency = AgencyFactory()
    people = {
        name: CrewMemberFactory(name=name, agency=agency)
        for name in ("Ada Exact", "Bea Approx", "Cy Atleast", "Dee Grounded")
    }
    ada, bea, cy = people["Ada Exact"], people["Bea Approx"], people["Cy Atleast"]
    seat(ada, mission("2022-09-21", "2023-09-27"), eva_hours=Decimal("12.5"))  # 371 days
    seat(ada, mission("2010"), hours=Decimal("4800"), eva_hours=Decimal("20"))  # 200 days
    seat(bea, mission("1961", "1961-04"), eva_hours=Decimal("0"))  # 0 to 120 days
    seat(cy, mission("2020-01-01", "2020-01-11"), hours=Decimal("240"))  # 10 days, no EVA on file
    seat(cy, mission("2025-11-27T08:27Z", None, "launched"))  # in flight
    seat(people["Dee Grounded"], mission("2031-01-01", "2031-06-01", "planned"))
    return agency, people


def test_totals_say_how_well_they_are_known(crew):
    _agency, people = crew
    ada, bea, cy, dee = (career(p) for p in people.values())
    assert (ada.flights, ada.days_fewest, ada.days_approximate, ada.days_at_least) == (2, 571.0, False, False)
    assert (ada.eva_total, ada.eva_at_least) == (32.5, False)
    assert (bea.days_approximate, bea.days_middle, bea.days_most) == (True, 60.0, 120.0)
    assert (cy.flights, cy.days_fewest, cy.days_uncounted, cy.days_at_least) == (2, 10.0, 1, True)
    assert (cy.eva_total, dee.flights) == (None, 0)


def test_the_list_shows_totals_honestly(viewer_client, crew):
    agency, _people = crew
    html = text(viewer_client.get(LIST, {"agency": agency.short_name}))
    assert rows(html) == [
        {"slug": "ada-exact", "flights": "2", "days": "571.0", "eva": "32.5"},
        {"slug": "bea-approx", "flights": "1", "days": "≈ 60.0", "eva": "0.0"},
        {"slug": "cy-atleast", "flights": "2", "days": "at least 10.0", "eva": "not on file"},
        {"slug": "dee-grounded", "flights": "0", "days": "—", "eva": "—"},
    ]
    assert 'title="between 0.0 and 120.0 days"' in html
    assert 'title="not counting 1 flight in flight or whose landing is not on file"' in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["ada-exact", "bea-approx", "cy-atleast", "dee-grounded"]),
        ("-name", ["dee-grounded", "cy-atleast", "bea-approx", "ada-exact"]),
        ("-flights", ["ada-exact", "cy-atleast", "bea-approx", "dee-grounded"]),
        ("flights", ["dee-grounded", "bea-approx", "ada-exact", "cy-atleast"]),
        # What is shown is what sorts: 571, ≈ 60, at least 10; nobody's days last either way.
        ("-days", ["ada-exact", "bea-approx", "cy-atleast", "dee-grounded"]),
        ("days", ["cy-atleast", "bea-approx", "ada-exact", "dee-grounded"]),
        ("-eva", ["ada-exact", "bea-approx", "cy-atleast", "dee-grounded"]),
        ("eva", ["bea-approx", "ada-exact", "cy-atleast", "dee-grounded"]),
    ],
)
def test_sorting_by_each_column(viewer_client, crew, sort, expected):
    agency, _people = crew
    html = text(viewer_client.get(LIST, {"agency": agency.short_name, "sort": sort}))
    assert [row["slug"] for row in rows(html)] == expected
    column = sort.removeprefix("-")
    direction = "descending" if sort.startswith("-") else "ascending"
    assert re.findall(r'aria-sort="(\w+)"><a href="[^"]*" class="sort-link" data-sort="(\w+)"', html) == [
        (direction, column)
    ]
    # The filter form carries the sort, so that applying a filter keeps it.
    assert f'<option value="{sort}" selected>' in html


def test_column_links_keep_the_other_parameters_and_go_back_to_page_one(viewer_client, crew):
    agency, _people = crew
    html = viewer_client.get(LIST, {"agency": agency.short_name, "q": "a", "sort": "-days", "page": "1"})
    links = dict(
        (column, href.replace("&amp;", "&"))
        for href, column in re.findall(r'<a href="\?([^"]*)" class="sort-link" data-sort="(\w+)"', text(html))
    )
    assert links == {
        "name": f"agency={agency.short_name}&q=a&sort=name",
        "flights": f"agency={agency.short_name}&q=a&sort=-flights",
        "days": f"agency={agency.short_name}&q=a&sort=days",  # sorted by it: the link reverses
        "eva": f"agency={agency.short_name}&q=a&sort=-eva",
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_flights": "2"}, ["ada-exact", "cy-atleast"]),
        ({"min_days": "60"}, ["ada-exact", "bea-approx"]),  # ≈ 60 counts as 60; at least 10 does not
        ({"min_days": "10", "sort": "-days"}, ["ada-exact", "bea-approx", "cy-atleast"]),
        ({"min_eva": "0.5"}, ["ada-exact"]),
        ({"min_eva": "0"}, ["ada-exact", "bea-approx"]),  # "not on file" is not 0
        ({"q": "Bea", "min_days": "1"}, ["bea-approx"]),
    ],
)
def test_minimum_filters(viewer_client, crew, params, expected):
    agency, _people = crew
    html = text(viewer_client.get(LIST, {"agency": agency.short_name, **params}))
    assert "Some filters were not applied" not in html
    assert [row["slug"] for row in rows(html)] == expected


@pytest.mark.parametrize("sort", ["password", "-password", "", "-", "days;DROP TABLE", "name'", "--days"])
def test_a_sort_that_is_not_a_column_falls_back_to_names(viewer_client, crew, sort):
    agency, _people = crew
    response = viewer_client.get(LIST, {"agency": agency.short_name, "sort": sort})
    html = text(response)
    assert response.status_code == 200 and "Some filters were not applied" not in html
    assert [row["slug"] for row in rows(html)] == ["ada-exact", "bea-approx", "cy-atleast", "dee-grounded"]
    assert 'aria-sort="ascending"><a href="?agency=' in html and html.count("aria-sort=") == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"min_days": "abc"}, "Minimum days in space: Enter a number."),
        ({"min_days": "NaN"}, "Minimum days in space: Enter a number."),
        ({"min_days": "1e999"}, "Minimum days in space: Ensure this value is less than or equal to 1000000."),
        ({"min_flights": "2.5"}, "Minimum flights: Enter a whole number."),
        ({"min_flights": "-1"}, "Minimum flights: Ensure this value is greater than or equal to 0."),
        ({"min_eva": "<b>x</b>"}, "Minimum spacewalk hours: Enter a number."),
    ],
)
def test_a_bad_minimum_is_a_message_not_an_error(viewer_client, crew, params, message):
    agency, _people = crew
    response = viewer_client.get(LIST, {"agency": agency.short_name, "sort": "-flights", **params})
    html = text(response)
    assert response.status_code == 200
    assert "Some filters were not applied" in html and f"<li>{message}</li>" in html
    assert "<b>x</b>" not in response.content.decode()
    # The other filters and the sort still apply.
    assert [row["slug"] for row in rows(html)][:2] == ["ada-exact", "cy-atleast"]


# --- one person -----------------------------------------------------------------------------------


def test_the_person_page_lists_every_flight_as_known(viewer_client, db):
    person = CrewMemberFactory(name="Long Career")
    seat(person, mission("1961", "1961-04", name="Vostok Nine"), role="pilot")
    seat(person, mission("1986", name="Shuttle Lost", outcome="lost"), hours=Decimal("0.61"))
    seat(person, mission("2018-10-11T08:40Z", "2018-10-11T08:59Z", name="Soyuz Aborted", outcome="aborted"),
         hours=Decimal("0"), eva_hours=Decimal("0"))  # fmt: skip
    up = mission("2022-09-21T13:54Z", "2023-03-28", name="Up Ship")
    seat(person, up, seat=3, role="commander", eva_hours=Decimal("7.25"))
    seat(person, mission("2023-02-24T00:24Z", "2023-09-27T11:17Z", name="Home Ship"), "return", seat=1)
    seat(person, mission("2031-03-01", "2031-09-01", "scheduled", name="Next Ship"))
    html = text(viewer_client.get(person.get_absolute_url()))
    assert flight_rows(html) == [
        "1961 Vostok Nine pilot the same Apr 1961 — — ≈ 60 (0 to 120)",
        "1986 Shuttle Lost lost with its crew flight engineer the same not on file 0.61 — 0.0",
        "2018-10-11 08:40 UTC Soyuz Aborted launch aborted flight engineer the same 2018-10-11 08:59 UTC 0 0 0.0",
        "2022-09-21 13:54 UTC Up Ship seat 3 commander Home Ship seat 1 2023-09-27 11:17 UTC — 7.25 370.9",
        "2031-03-01 Next Ship flight engineer the same 2031-09-01 — — — (planned)",
    ]
    assert '<dd class="col-sm-9 col-lg-10" id="flight-count">4 <small' in html
    assert re.search(r'id="days-in-flight"> about 431 days <small[^>]*>\(371 to 491:', html)
    assert re.search(
        r'id="eva-hours">at least 7.25 <small[^>]*>\(2 flights without spacewalk hours on file', html
    )
    assert '<a href="/missions/home-ship/">Home Ship</a>' in html


def test_the_person_page_reads_a_fixed_number_of_queries(viewer_client, db, django_assert_max_num_queries):
    person = CrewMemberFactory()
    seat(person, mission("2001"), hours=Decimal(100))
    # The person with their totals, other names, qualifications, the flights.
    with django_assert_max_num_queries(PER_REQUEST + 4):
        assert viewer_client.get(person.get_absolute_url()).status_code == 200
    for year in range(2002, 2016):
        seat(person, mission(str(year), by=f"{year + 1}-06-01"))
        if year % 3 == 0:
            seat(person, mission(str(year)), "return")
    with django_assert_max_num_queries(PER_REQUEST + 4):
        html = text(viewer_client.get(person.get_absolute_url()))
    assert len(flight_rows(html)) == 15


# --- the whole record -----------------------------------------------------------------------------


def test_sorted_by_spacewalk_hours_the_record_holders_come_first(viewer_client, record):
    html = text(viewer_client.get(LIST, {"sort": "-eva"}))
    top = rows(html)[:5]
    assert [(row["slug"], row["eva"]) for row in top] == [
        ("anatoly-solovyev", "132.8"),
        ("michael-e-lopez-alegria", "at least 67.7"),  # two feed flights without spacewalk hours on file
        ("andrew-j-feustel", "61.8"),
        ("peggy-a-whitson", "at least 60.3"),
        ("fyodor-yurchikhin", "59.4"),
    ]
    # The same as the sources' spacewalk hours summed over the flights, asked the plain way.
    summed = (
        SeatAssignment.objects.filter(leg="ascent", mission__status__in=["launched", "landed"])
        .values("crew_member__slug")
        .annotate(eva=Sum("eva_hours"))
        .filter(eva__isnull=False)
        .order_by("-eva")
    )
    assert [row["slug"] for row in top] == [r["crew_member__slug"] for r in summed[:5]]


def test_sorted_by_flights_and_days(viewer_client, record):
    by_flights = rows(text(viewer_client.get(LIST, {"sort": "-flights"})))
    most = (
        SeatAssignment.objects.filter(leg="ascent", mission__status__in=["launched", "landed"])
        .values("crew_member")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["n"]
    )
    assert most == 7 and [(r["slug"], r["flights"]) for r in by_flights[:2]] == [
        ("franklin-r-chang-diaz", "7"),
        ("jerry-l-ross", "7"),
    ]
    assert [int(r["flights"]) for r in by_flights] == sorted(
        (int(r["flights"]) for r in by_flights), reverse=True
    )
    by_days = rows(text(viewer_client.get(LIST, {"sort": "-days"})))
    assert [(r["slug"], r["days"]) for r in by_days[:3]] == [
        ("oleg-kononenko", "1043.9"),
        ("gennady-padalka", "878.4"),
        ("sergei-krikalev", "803.3"),
    ]
    shown = [float(re.sub(r"[^\d.]", "", r["days"])) for r in by_days]
    assert shown == sorted(shown, reverse=True) and len(shown) == 25


@pytest.mark.parametrize(
    ("params", "queries", "shown"),
    [
        # The count, the page (in order, keys only), its people with their careers, their other names, the
        # agencies (the filter's menu).
        ({}, 5, 25), ({"sort": "-flights"}, 5, 25), ({"sort": "-days"}, 5, 25), ({"sort": "days"}, 5, 25),
        ({"sort": "-eva"}, 5, 25), ({"sort": "name", "page": "9"}, 5, 25), ({"sort": "-days", "page": "26"}, 5, 20),
        # The agency asked for is looked up once more (the filter form checks it).
        ({"min_days": "100", "min_eva": "10", "agency": "NASA", "sort": "-days"}, 6, 25),
    ],
)  # fmt: skip
def test_the_list_reads_one_page_in_a_fixed_number_of_queries(
    viewer_client, record, params, queries, shown, django_assert_max_num_queries
):
    by_careers = any(key.startswith("min_") for key in params) or params.get("sort", "name") != "name"
    cache.clear()  # the rows written, not taken from what an earlier test kept (`crews.kept_rows`)
    # The record's version is read first (+1), under which the rows and the agency menu are then kept.
    expected = PER_REQUEST + 1 + queries + (NO_JIT if by_careers else 0)
    with django_assert_max_num_queries(expected) as captured:
        response = viewer_client.get(LIST, params)
    sql = [query["sql"] for query in captured.captured_queries]
    if NO_JIT:
        # A transaction without JIT only where every person's career is worked out to choose the page.
        assert ("SET LOCAL jit = off" in sql) == by_careers
        careers_read = [q for q in sql if "EXECUTE" in q]
        assert careers_read and all("SET LOCAL jit = off" in q for q in careers_read)
        if by_careers:  # the page's ids chosen (the read JIT would slow) inside that transaction
            start = sql.index("SET LOCAL jit = off")
            end = next(i for i, q in enumerate(sql) if i > start and q.startswith("RELEASE SAVEPOINT"))
            ids = [i for i, q in enumerate(sql) if q.startswith('SELECT "crews_crewmember"."id" AS "pk"')]
            assert ids and all(start < i < end for i in ids), sql
    assert len(rows(text(response))) == shown


def test_search_still_works_sorted(viewer_client, record, django_assert_max_num_queries):
    # Search also reads the names (SQLite compares them in Python: two more queries).
    with django_assert_max_num_queries(PER_REQUEST + 5 + 2 + NO_JIT):
        html = text(viewer_client.get(LIST, {"q": "Padalka", "sort": "-days"}))
    assert [(r["slug"], r["flights"], r["days"]) for r in rows(html)] == [("gennady-padalka", "5", "878.4")]


def test_a_long_career_page(viewer_client, record, django_assert_max_num_queries):
    url = reverse("pages:crew", args=["oleg-kononenko"])
    with django_assert_max_num_queries(PER_REQUEST + 4):
        html = text(viewer_client.get(url))
    lines = flight_rows(html)
    assert [line.split(" Soyuz")[0] for line in lines] == [
        "2008",
        "2011",
        "2015",
        "2018",
        "2023-09-15 15:44 UTC",
    ]
    # Before, the rules' pairing sent him home from his 2008 flight on Soyuz MS-25, 5,928 days later.
    assert (
        lines[0] == "2008 Soyuz TMA-12 flight engineer the same not on file (by 2009-07-18) 3168 12.20 132.0"
    )
    assert lines[4].startswith(
        "2023-09-15 15:44 UTC Soyuz MS-24 seat 1 commander Soyuz MS-25 seat 1 2024-09-23"
    )
    assert lines[4].endswith("373.9")
    assert re.search(r'id="days-in-flight"> 1044 days', html)


def test_the_person_pages_agree_with_the_list(viewer_client, record):
    whitson = text(viewer_client.get(reverse("pages:crew", args=["peggy-a-whitson"])))
    assert re.search(r'id="days-in-flight"> about 692 days <small[^>]*>\(666 to 719:', whitson)
    assert [line.split(" not on file")[0] for line in flight_rows(whitson)][:3] == [
        "2002 STS-111 mission specialist STS-113",
        "2007 Soyuz TMA-11 flight engineer the same",
        "2016 Soyuz MS-03 flight engineer Soyuz MS-04",
    ]
    listed = rows(text(viewer_client.get(LIST, {"q": "Peggy Whitson"})))
    assert listed == [{"slug": "peggy-a-whitson", "flights": "5", "days": "≈ 692.4", "eva": "at least 60.3"}]
    padalka = text(viewer_client.get(reverse("pages:crew", args=["gennady-padalka"])))
    assert re.search(r'id="days-in-flight"> 878 days', padalka) and 'id="eva-hours">37.95<' in padalka


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("yuri-gagarin", "1961 Vostok 1 pilot the same not on file (by 1962-01-01) 1.77 0 0.1"),
        ("kalpana-chawla", "2003 STS-107 lost with its crew mission specialist the same not on file"),
        ("nick-hague", "2018 Soyuz MS-10 launch aborted flight engineer the same not on file (by 2019-12-31) 0"),
        ("frank-rubio", "2022-09-21 13:54 UTC Soyuz MS-22 seat 3 flight engineer Soyuz MS-23 seat 3 "
                        "2023-09-27 11:17 UTC — — 370.9"),
    ],
)  # fmt: skip
def test_flights_of_the_record_as_a_planner_reads_them(viewer_client, record, slug, expected):
    lines = flight_rows(text(viewer_client.get(reverse("pages:crew", args=[slug]))))
    assert any(line.startswith(expected) for line in lines), lines


def test_every_return_is_paired_as_the_astronaut_database_says(record):
    """The database's rows say which vehicle each person came home in: the careers pair every return leg of
    1961–2019 the same, but one — Aleksei Yeliseyev flew Soyuz 5 and Soyuz 8 both in 1969, known only to the
    year, and came home from Soyuz 5 on Soyuz 4: the dates cannot tell which."""
    report = SourceReport(source=astronaut_db.SOURCE)
    rows_ = astronaut_db.reconcile(astronaut_db.read(astronaut_db.FILE.read_bytes(), report), report)
    truth = {(f.ascent, f.descent) for f in rows_.flights if f.descent}
    ascents = SeatAssignment.objects.filter(leg="ascent").select_related("mission", "crew_member")
    ends = dict(SeatAssignment.objects.values_list("pk", "mission__name"))
    paired = [(a.crew_member.name, a.mission.name, ends[a.end_seat_id], a.mission.launch_date.year)
              for a in ascents.annotate(**flight_columns()) if a.end_seat_id != a.pk]  # fmt: skip
    own_ascent = SeatAssignment.objects.filter(
        leg="ascent", mission=OuterRef("mission"), crew_member=OuterRef("crew_member")
    )
    returns = SeatAssignment.objects.filter(leg="return").exclude(Exists(own_ascent))
    assert len(paired) == returns.count() == 139  # every return on another mission closes one ascent
    wrong = [p[:3] for p in paired if p[1:3] not in truth and p[3] < 2020]
    assert wrong == [("Aleksei Yeliseyev", "Soyuz 8", "Soyuz 4")]
