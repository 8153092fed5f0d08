"""The lifeboat check (issue 14, §3): small worlds where the answer is known by hand, the station page's section and
`manage.py lifeboat_check` (the record as it stands: `test_lifeboat_record`)."""

import datetime as dt
import html
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from crews.continuity.lifeboat import FREE_SEAT, NO_WAY_HOME, Finding, lifeboat_check
from crews.continuity.stays import Period, Stay, Vehicle
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import text


def t(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)


def vehicle(name, start, end, seats=3, **kw) -> Vehicle:
    return Vehicle(
        name, name, "soyuz", "Soyuz MS", "Roscosmos", seats, t(start), t(end) if end else None, **kw
    )


def stay(person, start, end, up, home=None, **kw) -> Stay:
    return Stay(person, person, "Roscosmos", t(start), t(end) if end else None, up, home, **kw)


PERIOD = Period(t("2030-01-01"), t("2031-01-01"))


def rows(findings: list[Finding]) -> list[tuple]:
    """What a reader checks in each finding: what, when, who, the free seats (and on what), how many go short."""
    return [
        (f.kind, f.start.isoformat(), f.end.isoformat(), [s.person for s in f.people], f.seats,
         [v.name for v in f.free], f.short)
        for f in findings
    ]  # fmt: skip


class TestSmallWorlds:
    def test_everyone_with_their_own_seat_at_the_station_is_no_finding(self):
        a = vehicle("A", "2030-02-01", "2030-08-01")
        stays = [stay(p, "2030-02-01", "2030-08-01", a, a) for p in ("p", "q", "r")]
        assert lifeboat_check(stays, [a], PERIOD) == []

    def test_no_return_leg_on_file_means_a_seat_on_the_vehicle_that_brought_them(self):
        a = vehicle("A", "2030-02-01", "2030-08-01")
        assert lifeboat_check([stay("p", "2030-02-01", "2030-08-01", a)], [a], PERIOD) == []

    def test_a_seat_on_a_vehicle_not_yet_arrived_means_relying_on_a_free_seat(self):
        """Up on A (nobody to come home in it), home on B, which arrives later: A's seats carry them meanwhile."""
        a = vehicle("A", "2030-02-01T10:00", "2030-08-01")
        b = vehicle("B", "2030-05-01T06:00", "2030-11-01")
        stays = [stay(p, "2030-02-01T10:00", "2030-11-01", a, b) for p in ("p", "q")]
        assert rows(lifeboat_check(stays, [a, b], PERIOD)) == [
            (FREE_SEAT, "2030-02-01T10:00:00+00:00", "2030-05-01T06:00:00+00:00", ["p", "q"], 3, ["A"], 0)
        ]

    def test_two_people_and_one_free_seat_leave_one_with_no_way_home(self):
        """A seats three: r comes home in it; p and q, whose seats are on B, share the two left; then s, home
        on A too, comes up on C (full) and takes one of them."""
        a = vehicle("A", "2030-02-01", "2030-08-01")
        b = vehicle("B", "2030-06-01", "2030-11-01")
        c = vehicle("C", "2030-03-01", "2030-09-01", seats=1)
        stays = [
            stay("p", "2030-02-01", "2030-11-01", a, b),
            stay("q", "2030-02-01", "2030-11-01", a, b),
            stay("r", "2030-02-01", "2030-08-01", a, a),
            stay("c", "2030-03-01", "2030-09-01", c, c),
            stay("s", "2030-04-01", "2030-08-01", c, a),
        ]
        assert rows(lifeboat_check(stays, [a, b, c], PERIOD)) == [
            (NO_WAY_HOME, "2030-04-01T00:00:00+00:00", "2030-06-01T00:00:00+00:00", ["p", "q"], 1, ["A"], 1),
            (FREE_SEAT, "2030-02-01T00:00:00+00:00", "2030-04-01T00:00:00+00:00", ["p", "q"], 2, ["A"], 0),
        ]

    def test_a_vehicle_leaving_before_the_ride_home_arrives_leaves_a_gap(self):
        a = vehicle("A", "2030-02-01", "2030-04-01T12:00")
        b = vehicle("B", "2030-05-01", "2030-11-01")
        stays = [stay("p", "2030-02-01", "2030-11-01", a, b)]
        assert rows(lifeboat_check(stays, [a, b], PERIOD)) == [
            (NO_WAY_HOME, "2030-04-01T12:00:00+00:00", "2030-05-01T00:00:00+00:00", ["p"], 0, [], 1),
            (FREE_SEAT, "2030-02-01T00:00:00+00:00", "2030-04-01T12:00:00+00:00", ["p"], 3, ["A"], 0),
        ]

    def test_a_seat_assigned_to_someone_not_yet_aboard_is_free_until_they_come(self):
        """Soyuz MS-24 and MS-25, 2023–24: A's return seats are x's and y's, who come up on B; until then the two
        whose seats are on B rely on them (with the whole return leg counted, they would have none)."""
        a = vehicle("A", "2030-02-01", "2030-09-01")
        b = vehicle("B", "2030-06-01", "2030-12-01")
        stays = [
            stay("k", "2030-02-01", "2030-12-01", a, b),
            stay("c", "2030-02-01", "2030-12-01", a, b),
            stay("o", "2030-02-01", "2030-09-01", a, a),
            stay("x", "2030-06-01", "2030-09-01", b, a),
            stay("y", "2030-06-01", "2030-09-01", b, a),
        ]
        assert rows(lifeboat_check(stays, [a, b], PERIOD)) == [
            (FREE_SEAT, "2030-02-01T00:00:00+00:00", "2030-06-01T00:00:00+00:00", ["c", "k"], 2, ["A"], 0)
        ]

    def test_bounded_to_the_period(self):
        a = vehicle("A", "2029-06-01", "2029-09-01")
        b = vehicle("B", "2030-03-01", "2031-06-01")
        stays = [stay("p", "2029-06-01", "2031-06-01", a, b)]
        assert rows(lifeboat_check(stays, [a, b], PERIOD)) == [
            (NO_WAY_HOME, "2030-01-01T00:00:00+00:00", "2030-03-01T00:00:00+00:00", ["p"], 0, [], 1)
        ]

    def test_an_open_ended_stay_and_vehicle_run_to_the_periods_end(self):
        a = vehicle("A", "2030-10-01", None)
        b = vehicle("B", "2030-12-01", None)
        stays = [stay("p", "2030-10-01", None, a, b)]
        assert rows(lifeboat_check(stays, [a, b], PERIOD)) == [
            (FREE_SEAT, "2030-10-01T00:00:00+00:00", "2030-12-01T00:00:00+00:00", ["p"], 3, ["A"], 0)
        ]

    def test_what_rests_on_rough_dates_is_marked_and_comes_after_what_is_firm(self):
        """q went up on R, launched in 2030 (the day not known), to come home on H; p, later, on dates known to
        the minute."""
        r = vehicle("R", "2030-01-01", "2030-03-01", start_precise=False)
        h = vehicle("H", "2030-02-01", "2030-03-01")
        l = vehicle("L", "2030-06-01", "2030-07-01")  # noqa: E741
        m = vehicle("M", "2030-08-01", "2030-09-01")
        stays = [
            stay("q", "2030-01-01", "2030-03-01", r, h, start_precise=False),
            stay("p", "2030-06-01", "2030-09-01", l, m),
        ]
        found = lifeboat_check(stays, [r, h, l, m], PERIOD)
        assert [
            (f.kind, f.start.date().isoformat(), [s.person for s in f.people], f.rough) for f in found
        ] == [
            (NO_WAY_HOME, "2030-07-01", ["p"], False),
            (FREE_SEAT, "2030-06-01", ["p"], False),
            (FREE_SEAT, "2030-01-01", ["q"], True),
        ]

    def test_a_time_of_day_not_on_file_makes_no_interval(self):
        """A lands on 2030-05-01, time not known (at the station to the day's end); B launches that day at 06:00."""
        a = vehicle("A", "2030-02-01", "2030-05-02")  # `Moment.latest` of a date alone: the next midnight
        b = vehicle("B", "2030-05-01T06:00", "2030-11-01")
        stays = [stay("p", "2030-02-01", "2030-11-01", a, b), stay("q", "2030-02-01", "2030-05-02", a, a)]
        assert [f.kind for f in lifeboat_check(stays, [a, b], PERIOD)] == [FREE_SEAT]


def section_rows(response, table: str = "lifeboat-firm") -> list[list[str]]:
    """The cells of the lifeboat section's table (`lifeboat-firm`, or `lifeboat-rough`), as a reader sees them."""
    found = re.search(rf'<table class="[^"]*{table}">(.*?)</table>', response.content.decode(), re.S)
    if found is None:
        return []
    body = found.group(1).split("<tbody>")[1]
    return [
        [
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", cell)).split())
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _flight(mission, person, home=None):
    SeatAssignmentFactory(mission=mission, crew_member=person, seat=None)
    if home is not None:
        SeatAssignmentFactory(mission=home, crew_member=person, seat=None, leg="return")


class TestThePage:
    def test_the_section_lists_who_relies_on_a_free_seat_and_who_has_none(self, world, viewer_client):
        """MS-22's crew relies on its seats until MS-23 comes; Mann, up on a Dragon that leaves before the Dragon
        taking her home arrives, relies on its seats (and MS-22's) while it is there and has none in between:
        MS-23 is full with its own crew."""
        world.flown_rubio()
        up = world.dragon_mission("SpaceX Crew-90", "2023-03-01T10:00Z", "2023-04-01T12:00Z", status="landed")
        home = world.dragon_mission(
            "SpaceX Crew-91", "2023-04-20T08:00Z", "2023-09-01T10:00Z", status="landed"
        )
        _flight(up, world.mann, home)
        _flight(home, world.cassada, home)
        response = viewer_client.get(
            world.iss.get_absolute_url(), {"period_start": "2022-09-01", "period_end": "2023-10-01"}
        )
        assert section_rows(response) == [
            ["No way home", "2023-04-01 12:00", "2023-04-20 08:00", "18.8", "Nicole Mann (NASA)",
             "SpaceX Crew-91 (at the station 2023-04-20 – 2023-09-01)", "none"],
            ["Relies on a free seat", "2022-09-21 13:54", "2023-02-24 00:24", "155.4",
             "Dmitry Petelin (Roscosmos), Frank Rubio (NASA), Sergey Prokopyev (Roscosmos)",
             "Soyuz MS-23 (at the station 2023-02-24 – 2023-09-27)", "3 at the fewest, on Soyuz MS-22"],
            ["Relies on a free seat", "2023-03-01 10:00", "2023-04-01 12:00", "31.1", "Nicole Mann (NASA)",
             "SpaceX Crew-91 (at the station 2023-04-20 – 2023-09-01)",
             "4 at the fewest, on Soyuz MS-22, SpaceX Crew-90"],
        ]  # fmt: skip
        assert section_rows(response, "lifeboat-rough") == []

    def test_a_period_with_everyone_seated_says_so(self, world, viewer_client):
        mission = world.soyuz_mission(
            "Soyuz MS-60", "2030-02-01T10:00Z", "2030-08-01T10:00Z", status="planned"
        )
        _flight(mission, CrewMemberFactory(agency=world.roscosmos), mission)
        response = viewer_client.get(
            world.iss.get_absolute_url(), {"period_start": "2030-01-01", "period_end": "2031-01-01"}
        )
        assert (
            "Everyone aboard has their own seat home on a vehicle at the station throughout the period."
            in text(response)
        )

    def test_the_aboard_export_has_no_lifeboat_and_still_works(self, world, viewer_client):
        world.flown_rubio()
        response = viewer_client.get(f"{world.iss.get_absolute_url()}aboard.csv", {"date": "2022-12-01"})
        assert response.status_code == 200


class TestTheCommand:
    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--from", "2024-13-01"],
                "argument --from: “2024-13-01” is not a date: write it as YYYY-MM-DD.",
            ),
            (["--to", "next week"], "argument --to: “next week” is not a date"),
            (["--from", "0999-01-01"], "“0999-01-01” is out of range: choose a date from 1957 to 2200."),
            (["--from", "2024-02-01", "--to", "2024-01-01"], "The period must end after it starts."),
            (["--from", "2024-02-01", "--to", "2024-02-01"], "The period must end after it starts."),
            (["--station", "gateway"], "No station “gateway”. Stations on file: iss."),
        ],
    )
    def test_bad_input_is_a_clear_error(self, world, args, message):
        with pytest.raises(CommandError, match=message.replace("(", r"\(")):
            call_command("lifeboat_check", *args, stdout=io.StringIO())

    def test_a_world_with_its_default_period(self, world):
        world.flown_rubio()
        out = io.StringIO()
        call_command("lifeboat_check", stdout=out)
        lines = out.getvalue().splitlines()
        # The record ends with MS-23's landing (2023-09-27), nothing planned after: the year before it.
        assert lines[0] == (
            "Lifeboat check, International Space Station, 2022-09-27 00:00 – 2023-09-27 11:17 UTC (from a year "
            "before the end of the station's record to its end: nothing is planned after it)"
        )
        assert lines[1].startswith("relies on a free seat: 2022-09-27 00:00 – 2023-02-24 00:24 UTC")
        assert len(lines) == 2

    def test_a_station_with_no_flights(self, world):
        out = io.StringIO()
        call_command("lifeboat_check", stdout=out)
        assert out.getvalue() == f"No flight to {world.iss.name} is on file: nothing to check.\n"


def test_the_section_costs_no_query_more_however_many_findings(
    world, viewer_client, django_assert_num_queries
):
    """The page with MS-22's crew relying on free seats, then with ten more crews in the period each going up on
    one Soyuz and coming home on the next (a finding each): the same queries."""
    world.flown_rubio()
    url, period = world.iss.get_absolute_url(), {"period_start": "2022-09-01", "period_end": "2025-01-01"}
    with CaptureQueriesContext(connection) as first:
        assert viewer_client.get(url, period).status_code == 200
    previous = None
    for k in range(11):
        launch = dt.date(2023, 10, 1) + dt.timedelta(days=40 * k)
        mission = world.soyuz_mission(
            f"Soyuz Y-{k}", f"{launch.isoformat()}T06:00Z", f"{(launch + dt.timedelta(days=30)).isoformat()}T06:00Z",
            status="landed",
        )  # fmt: skip
        if previous is not None:
            _flight(previous, CrewMemberFactory(agency=world.roscosmos), mission)
        previous = mission
    with django_assert_num_queries(len(first.captured_queries)):
        response = viewer_client.get(url, period)
    found = [row[0] for row in section_rows(response)]
    # Each Soyuz leaves ten days before the next one comes.
    assert (found.count("No way home"), found.count("Relies on a free seat")) == (10, 11)
