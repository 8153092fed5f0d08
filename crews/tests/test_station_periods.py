"""Station pages by period (issue 12): the default period, the links to other periods, what a period reads (the
stays that touch it, by a range query, in a fixed number of queries) and a timeline bounded whatever it holds."""

import datetime as dt
import html as html_lib
import re

import pytest
from django.urls import reverse

from crews.continuity.station_record import station_record
from crews.continuity.stays import Period, midnight
from crews.continuity.timeline import MAX_BARS, MAX_LANE_BARS, MAX_TICKS
from crews.models import CrewMember, RecordSource, SeatAssignment
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import SVG, svgs, text
from missions.models import Mission

TODAY = dt.date(2031, 3, 15)


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr("crews.views.stations.today", lambda: TODAY)
    return TODAY


def flight(world, mission, person, *, home=None):
    """`person` up on `mission` and home on `home` (the same mission when not given)."""
    SeatAssignmentFactory(mission=mission, crew_member=person, seat=None)
    SeatAssignmentFactory(mission=home or mission, crew_member=person, seat=None, leg="return")


def period_line(page: str) -> str:
    return re.search(r'<p class="small text-body-secondary period">(.*?)</p>', page).group(1)


def date_fields(page: str) -> tuple[str, str]:
    start = re.search(r'name="period_start" id="id_period_start" [^>]*value="([^"]*)"', page).group(1)
    end = re.search(r'name="period_end" id="id_period_end" [^>]*value="([^"]*)"', page).group(1)
    return start, end


def links(page: str) -> dict[str, str]:
    nav = re.search(r'<nav class="[^"]*period-links"[^>]*>(.*?)</nav>', page).group(1)
    return {
        label.strip("←→ "): html_lib.unescape(href).removeprefix("?")
        for href, label in re.findall(r'<a class="me-3" href="([^"]*)">([^<]*)</a>', nav)
    }


class TestTheDefaultPeriod:
    def test_from_a_year_before_today_to_the_last_planned_landing(self, viewer_client, world, today):
        flight(
            world,
            world.dragon_mission("SpaceX Crew-90", "2030-06-01", "2030-12-01", status="landed"),
            world.mann,
        )
        flight(world, world.soyuz_mission("Soyuz MS-91", "2031-06-01", "2032-06-01T10:00Z"), world.petelin)
        page = text(viewer_client.get(world.iss.get_absolute_url()))
        assert period_line(page).startswith(
            "Period: 2030-03-15 00:00 UTC to 2032-06-01 10:00 UTC "
            "(the default: from a year before today to the last planned landing)"
        )
        assert date_fields(page) == ("2030-03-15", "2032-06-01")

    def test_a_year_before_the_end_of_the_record_when_nothing_is_planned(self, viewer_client, world, today):
        flight(
            world,
            world.dragon_mission("SpaceX Crew-90", "2030-06-01", "2030-12-01", status="landed"),
            world.mann,
        )
        page = text(viewer_client.get(world.iss.get_absolute_url()))
        assert period_line(page).startswith(
            "Period: 2029-12-02 00:00 UTC to 2030-12-02 00:00 UTC (the default: from a year before the end of the "
            "station&#x27;s record to its end: nothing is planned after it)"
        )
        # A plan the record has already passed is no plan: the same period.
        world.soyuz_mission("Soyuz MS-89", "2030-01-01", "2030-06-01")
        assert period_line(text(viewer_client.get(world.iss.get_absolute_url()))).startswith(
            "Period: 2029-12-02 00:00 UTC to 2030-12-02 00:00 UTC"
        )

    def test_a_year_ahead_when_a_crew_is_still_up_and_nothing_is_planned(self, viewer_client, world, today):
        up = world.dragon_mission("SpaceX Crew-90", "2030-06-01", None, status="launched")
        flight(world, up, world.mann)
        page = text(viewer_client.get(world.iss.get_absolute_url()))
        assert period_line(page).startswith(
            "Period: 2030-03-15 00:00 UTC to 2032-03-15 00:00 UTC (the default: from a year before today to a year "
            "ahead: nothing is planned)"
        )

    def test_where_the_sources_end_the_record_ends(self, viewer_client, world, today):
        """A crew still up when the sources end is followed to that day: the period is the year before it, and
        the page still says where the record ends."""
        RecordSource.objects.create(key="feed", name="Feed", licence="CC0", record_ends=dt.date(2030, 8, 31))
        flight(
            world, world.dragon_mission("SpaceX Crew-90", "2030-06-01", None, status="launched"), world.mann
        )
        page = text(viewer_client.get(world.iss.get_absolute_url()))
        assert period_line(page).startswith("Period: 2029-09-01 00:00 UTC to 2030-09-01 00:00 UTC")
        assert "The record ends on 2030-08-31; landings after that are not on file." in page
        assert "Aboard on 2030-08-31 (the record's last day)" in page

    def test_a_grounding_before_the_period_stretches_it_back_to_the_grounding(
        self, viewer_client, world, today
    ):
        up, home = (
            world.soyuz_mission(name, launch, landing, status="landed")
            for name, launch, landing in (("Soyuz MS-80", "2028-01-01", "2028-07-01"),
                                          ("Soyuz MS-81", "2028-06-01", "2028-12-01"))
        )  # fmt: skip
        flight(world, up, world.petelin, home=home)
        flight(world, world.soyuz_mission("Soyuz MS-91", "2031-06-01", "2032-06-01"), world.prokopyev)
        page = text(
            viewer_client.get(world.iss.get_absolute_url(), {"ground": "soyuz-ms", "from": "2028-03-01"})
        )
        assert period_line(page).startswith(
            "Period: 2028-03-01 00:00 UTC to 2032-06-02 00:00 UTC (the default: "
        )
        stranded = re.search(r'<ul class="mb-2 stranded">(.*?)</ul>', page).group(1)
        assert (
            "Dmitry Petelin" in stranded
        )  # up on MS-80 before the grounding, to come home on MS-81 after it


class TestOtherPeriods:
    def test_earlier_and_later_periods_of_the_same_length_are_a_link_away(self, viewer_client, world, today):
        flight(
            world,
            world.dragon_mission("SpaceX Crew-90", "2030-06-01", "2030-12-01", status="landed"),
            world.mann,
        )
        flight(world, world.soyuz_mission("Soyuz MS-91", "2031-06-01", "2032-06-01T10:00Z"), world.petelin)
        url = world.iss.get_absolute_url()
        page = text(viewer_client.get(url, {"date": "2030-07-01"}))
        shown = links(page)
        length = (dt.date(2032, 6, 1) - dt.date(2030, 3, 15)).days
        assert shown["Earlier period"] == (
            f"date=2030-07-01&period_end=2030-03-15&period_start={dt.date(2030, 3, 15) - dt.timedelta(days=length)}"
        )
        assert shown["Later period"] == (
            f"date=2030-07-01&period_end={dt.date(2032, 6, 1) + dt.timedelta(days=length)}&period_start=2032-06-01"
        )
        later = text(viewer_client.get(f"{url}?{shown['Later period']}"))
        assert period_line(later).startswith("Period: 2032-06-01 00:00 UTC to 2034-08-19 00:00 UTC.")
        assert date_fields(later) == ("2032-06-01", "2034-08-19")
        assert "Aboard on 2030-07-01" in later and "Nicole Mann" in later  # the day shown is kept
        earlier = text(viewer_client.get(f"{url}?{shown['Earlier period']}"))
        assert links(earlier)["Later period"].endswith("period_end=2032-06-01&period_start=2030-03-15")
        zoomed = text(viewer_client.get(f"{url}?{shown['Zoom in']}"))
        assert period_line(zoomed).startswith("Period: 2030-10-03 00:00 UTC to 2031-11-12 00:00 UTC.")

    def test_a_day_outside_the_period_still_shows_who_was_aboard(self, viewer_client, world, today):
        flight(
            world,
            world.dragon_mission("SpaceX Crew-80", "2025-06-01", "2025-12-01", status="landed"),
            world.mann,
        )
        flight(world, world.soyuz_mission("Soyuz MS-91", "2031-06-01", "2032-06-01"), world.petelin)
        page = text(viewer_client.get(world.iss.get_absolute_url(), {"date": "2025-07-01"}))
        aboard = page.split('class="table table-sm align-middle aboard"')[1].split("</table>")[0]
        assert "Nicole Mann" in aboard and "Dmitry Petelin" not in aboard
        assert "SpaceX Crew-80</a> (Crew Dragon)" in page  # docked that day
        assert period_line(page).startswith("Period: 2030-03-15 00:00 UTC")

    def test_the_gaps_csv_follows_the_period(self, viewer_client, world, today):
        flight(world, world.soyuz_mission("Soyuz MS-91", "2031-06-01", "2032-06-01"), world.petelin)
        flight(world, world.dragon_mission("SpaceX Crew-91", "2031-05-01", "2032-05-01"), world.mann)
        url = reverse("pages:station_gaps_csv", args=["iss"])
        asked = viewer_client.get(url, {"period_start": "2031-01-01", "period_end": "2031-12-31"})
        assert asked["Content-Disposition"] == 'attachment; filename="gaps-iss-2031-01-01-2031-12-31.csv"'
        lines = b"".join(asked.streaming_content).decode("utf-8-sig").splitlines()
        assert lines[1:] == [
            "As recorded,NASA,nobody aboard,2031-01-01T00:00Z,2031-05-01T00:00Z,120.00",
            "As recorded,Roscosmos,nobody aboard,2031-01-01T00:00Z,2031-06-01T00:00Z,151.00",
        ]
        default = viewer_client.get(url)  # the default period: from 2030-03-15 to 2032-06-02
        assert default["Content-Disposition"] == 'attachment; filename="gaps-iss-2030-03-15-2032-06-02.csv"'
        rows = b"".join(default.streaming_content).decode("utf-8-sig").splitlines()[1:]
        assert rows[0] == "As recorded,NASA,nobody aboard,2030-03-15T00:00Z,2031-05-01T00:00Z,412.00"


class TestWhatAPeriodReads:
    def test_the_stays_that_touch_it_and_only_those(self, world):
        window = Period(midnight(dt.date(2031, 3, 1)), midnight(dt.date(2031, 4, 1)))
        before = world.soyuz_mission("Soyuz MS-70", "2025-01-01", "2025-07-01", status="landed")
        flight(world, before, world.kikina)  # over long before
        # Up on a vehicle gone before the window, home on one launched after it (as Wilmore and Williams were).
        starliner = world.dragon_mission("Starliner-1", "2031-01-01", "2031-02-01", status="landed")
        ride = world.dragon_mission("SpaceX Crew-95", "2031-04-20", "2031-09-01", status="landed")
        flight(world, starliner, world.cassada, home=ride)
        # Landing not on file, but a source saw the crew up into the window.
        seen = world.soyuz_mission("Soyuz MS-90", "2030-10-01", None, status="launched")
        Mission.objects.filter(pk=seen.pk).update(crew_seen_until=dt.date(2031, 3, 10))
        flight(world, seen, world.prokopyev)
        # A plan launched before the window with no landing: open-ended.
        flight(world, world.soyuz_mission("Soyuz MS-91", "2031-02-15", None), world.petelin)
        flight(world, world.dragon_mission("SpaceX Crew-99", "2031-05-01", "2031-11-01"), world.mann)  # after
        record = station_record(world.iss, [window])
        assert sorted(s.person for s in record.stays) == [
            "Dmitry Petelin",
            "Josh Cassada",
            "Sergey Prokopyev",
        ]
        cassada = next(s for s in record.stays if s.person == "Josh Cassada")
        assert (cassada.ascent_vehicle.name, cassada.return_vehicle.name) == ("Starliner-1", "SpaceX Crew-95")
        assert "Soyuz MS-70" not in [v.name for v in record.vehicles]
        assert (
            len(station_record(world.iss).stays) == 5
        )  # the whole record, as the tests of the rules read it


def _crewed(world, first: dt.date, n: int) -> None:
    """`n` Soyuz flights from `first`, one a month, each with a Roscosmos and a NASA crew member up and down."""
    for k in range(n):
        launch = first + dt.timedelta(days=30 * k)
        mission = world.soyuz_mission(f"Soyuz X-{first.year}-{n}-{k}", launch.isoformat(),
                                      (launch + dt.timedelta(days=180)).isoformat(), status="landed")  # fmt: skip
        for agency in (world.roscosmos, world.nasa):
            flight(world, mission, CrewMemberFactory(agency=agency))


@pytest.mark.parametrize(
    ("asked", "queries"),
    [({}, 10), ({"period_start": "2030-06-01", "period_end": "2031-06-01"}, 9)],
    ids=["default period", "period asked"],
)
def test_a_station_page_reads_a_fixed_number_of_queries(
    viewer_client, world, today, asked, queries, django_assert_num_queries
):
    """Session, user, the user's permissions (two, for the menu); the station with its required agencies; the
    record's end; the default period's query (when no period is asked); the station's missions in the period;
    the seats of whoever can be aboard; the spacecraft to ground. The same with ten times the stays, in the
    period and out of it."""
    url = world.iss.get_absolute_url()
    for size in (2, 20):
        _crewed(world, dt.date(2030, 6, 1), size)
        _crewed(world, dt.date(1990 + size, 1, 1), size)  # long before the period
        with django_assert_num_queries(queries):
            response = viewer_client.get(url, asked)
        assert response.status_code == 200 and f"Soyuz X-2030-{size}-1" in text(response)


def _many_flights(world, n: int) -> None:
    """`n` flights in 2031 (bulk-written: the test is about the drawing): long Soyuz flights that overlap, each
    with a NASA crew member, and one-day Dragon flights three days apart, each with a Roscosmos one (a gap between
    each two)."""
    start = dt.date(2031, 1, 1)
    missions = []
    for k in range(n):
        day = start + dt.timedelta(days=k)
        missions.append(Mission(name=f"Long {k}", slug=f"long-{k}", spacecraft=world.soyuz, status="landed",
                                launch_site=world.baikonur, destination=world.iss, launch_date=day,
                                landing_date=day + dt.timedelta(days=200)))  # fmt: skip
        short = start + dt.timedelta(days=3 * k)
        missions.append(Mission(name=f"Short {k}", slug=f"short-{k}", spacecraft=world.dragon, status="landed",
                                launch_site=world.kennedy, destination=world.iss, launch_date=short,
                                landing_date=short, landing_time=dt.time(23, 0), launch_time=dt.time(1, 0)))  # fmt: skip
    missions = Mission.objects.bulk_create(missions)
    people = CrewMember.objects.bulk_create(
        CrewMember(name=f"Crew {k}", slug=f"crew-{k}", agency=world.nasa if k % 2 == 0 else world.roscosmos)
        for k in range(2 * n)
    )
    SeatAssignment.objects.bulk_create(
        SeatAssignment(mission=mission, crew_member=person, leg=leg, seat=1, role="commander")
        for mission, person in zip(missions, people, strict=True)
        for leg in ("ascent", "return")
    )


def test_the_timeline_is_bounded_whatever_the_period_holds(viewer_client, world):
    _many_flights(world, 300)
    page = viewer_client.get(
        world.iss.get_absolute_url(), {"period_start": "2031-01-01", "period_end": "2034-01-01"}
    )
    html = page.content.decode()
    (svg_text,) = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svg_text.encode()) <= 200_000
    (svg,) = svgs(html)
    bars = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "mission"]
    assert len(bars) == MAX_BARS
    assert f"{600 - MAX_BARS} more flights in this period are not drawn: narrow the period" in text(page)
    lanes = {g.get("data-agency"): g for g in svg.iter(f"{SVG}g") if g.get("class") == "lane"}
    roscosmos = [r for r in lanes["Roscosmos"].iter(f"{SVG}rect") if r.get("class") in ("aboard", "gap")]
    assert 1 <= len(roscosmos) <= MAX_LANE_BARS  # 300 one-day stays, 300 gaps: drawn by stretches
    titles = [r.find(f"{SVG}title").text for r in roscosmos if r.get("class") == "gap"]
    assert all("narrow the period to see each gap" in t for t in titles)
    nasa = [r for r in lanes["NASA"].iter(f"{SVG}rect") if r.get("class") in ("aboard", "gap")]
    assert [r.get("class") for r in nasa] == [
        "aboard",
        "gap",
    ]  # overlapping stays: one stretch aboard, then none
    # A narrower period draws every flight in it.
    narrow = viewer_client.get(
        world.iss.get_absolute_url(), {"period_start": "2031-01-01", "period_end": "2031-01-10"}
    )
    (svg,) = svgs(narrow.content.decode())
    assert "more flight" not in text(narrow)
    assert 0 < len([g for g in svg.iter(f"{SVG}g") if g.get("class") == "mission"]) < MAX_BARS


def test_a_record_reaching_the_end_of_the_calendar_is_no_error(viewer_client, world, today):
    """A plan written for the year 9998 (past what the forms take): the default period runs to it, the drawing
    keeps its ticks few, and there is no other period to link to."""
    plan = world.soyuz_mission("Soyuz MS-99", "2031-06-01", "2031-12-01")
    flight(world, plan, world.petelin)
    Mission.objects.filter(pk=plan.pk).update(
        launch_date=dt.date(9998, 1, 1), landing_date=dt.date(9998, 12, 31)
    )
    response = viewer_client.get(world.iss.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert period_line(page).startswith("Period: 2030-03-15 00:00 UTC to 9999-01-01 00:00 UTC")
    assert "period-links" not in page  # every other period would leave the dates the forms take
    (svg,) = svgs(response.content.decode())
    ticks = [t for g in svg.iter(f"{SVG}g") if g.get("class") == "ticks" for t in g.iter(f"{SVG}text")]
    assert 0 < len(ticks) <= MAX_TICKS
    assert viewer_client.get(reverse("pages:station_gaps_csv", args=["iss"])).status_code == 200


class TestCompiledQueries:
    def test_built_once_and_run_with_fresh_values(self, world):
        from crews.continuity.compiled import CompiledQuery

        built = []

        def build(shape, values):
            built.append(shape)
            return (
                Mission.objects.filter(launch_date__gte=values["after"]).order_by("name").values_list("name")
            )

        query = CompiledQuery(build)
        for name, launch in (("Soyuz MS-90", "2031-01-01"), ("Soyuz MS-91", "2032-01-01")):
            world.soyuz_mission(name, launch, None)
        assert query.rows("after", {"after": dt.date(2030, 1, 1)}) == [("Soyuz MS-90",), ("Soyuz MS-91",)]
        assert query.rows("after", {"after": dt.date(2031, 6, 1)}) == [("Soyuz MS-91",)]
        assert built == ["after"]

    def test_a_value_written_into_the_text_is_refused(self, world):
        from crews.continuity.compiled import CompiledQuery

        query = CompiledQuery(
            lambda shape, values: Mission.objects.extra(
                where=[f"launch_date > '{values['after']}'"]
            ).values_list("pk")
        )
        with pytest.raises(ValueError, match="in the compiled query's text"):
            query.rows("after", {"after": dt.date(2030, 1, 1)})


def test_the_legend_stays_inside_the_drawing_whatever_the_operators():
    """The screenshot review: the legend's last item ran off the right edge ("not o…"). Eight operators'
    vehicles: the legend wraps onto further lines, each item inside the drawing, and the drawing grows to hold
    them."""
    from crews.continuity.timeline import LEFT, LEGEND_CHAR, RIGHT, _legend

    operators = ["China Manned Space Agency", "Roscosmos", "NASA", "SpaceX", "Boeing", "ESA", "ISRO", "JAXA"]
    legend = _legend(operators, 1000)
    assert max(item.row for item in legend) >= 1
    for item in legend:
        assert item.x >= LEFT and item.x + 18 + LEGEND_CHAR * len(item.label) <= 1000 - RIGHT, item.label
    assert [item.label for item in legend][-1] == "not on file"
