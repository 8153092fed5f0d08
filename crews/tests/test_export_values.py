"""The roster export written from values (`roster_csv.export`): the same bytes the export wrote from model
objects, one state of the record, a fixed number of queries, read in chunks."""

import csv
import datetime as dt
import io
import itertools
import random
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crews.filters import MissionFilter
from crews.models import Role, SeatAssignment
from crews.roster_csv import export
from crews.roster_csv.cells import escape_cell
from crews.roster_csv.columns import EXPORT_COLUMNS
from crews.tests.factories import CrewMemberFactory
from missions.models import Mission
from missions.tests.factories import AgreementFactory

#: The export as it was written from model objects, kept here to hold the new one to it: each cell as the
#: columns wrote it from a seat assignment with everything joined in.
OLD_CELLS = (
    lambda s: s.mission.name,
    lambda s: s.mission.status,
    lambda s: s.mission.spacecraft.name,
    lambda s: s.mission.vehicle,
    lambda s: s.mission.spacecraft.operator.short_name,
    lambda s: s.mission.launch_site.name,
    lambda s: s.mission.destination.short_name if s.mission.destination else "",
    lambda s: s.mission.launch.isoformat(),
    lambda s: s.mission.landing.isoformat() if s.mission.landing else "",
    lambda s: s.mission.landing_by.isoformat() if s.mission.landing_by else "",
    lambda s: s.mission.crew_seen_until.isoformat() if s.mission.crew_seen_until else "",
    lambda s: s.mission.outcome,
    lambda s: s.leg,
    lambda s: "" if s.seat is None else str(s.seat),
    lambda s: Role(s.role).label.lower(),
    lambda s: s.crew_member.name,
    lambda s: s.crew_member.agency.short_name,
    lambda s: s.crew_member.nationality,
    lambda s: s.agreement.name if s.agreement else "",
    lambda s: "" if s.hours is None else f"{s.hours.normalize():f}",
    lambda s: "" if s.eva_hours is None else f"{s.eva_hours.normalize():f}",
    lambda s: "yes" if s.is_cross_agency else "no",
)
OLD_JOINS = ("mission__spacecraft__operator", "mission__launch_site", "mission__destination", "crew_member__agency",
             "agreement")  # fmt: skip


def old_export(seats) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    out.write("\ufeff")
    writer.writerow(EXPORT_COLUMNS)
    for seat in seats.select_related(*OLD_JOINS).in_roster_order():
        writer.writerow([escape_cell(str(cell(seat))) for cell in OLD_CELLS])
    return out.getvalue().encode()


def download(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _seat(mission, person, leg="ascent", seat=1, role="flight_engineer", **kw):
    return SeatAssignment.objects.create(
        mission=mission, crew_member=person, leg=leg, seat=seat, role=role, **kw
    )


def varied(world) -> list[Mission]:
    """Missions and seats with everything a cell can hold: dates known to the year or month, times with and
    without seconds, seats without a number, agreements, hours, outcomes, names with accents, commas, quotes,
    line breaks and formula characters, a mission without a station and one without seats."""
    w = world
    odd = [
        CrewMemberFactory(name=name, agency=agency, nationality=nationality)
        for name, agency, nationality in (
            ('Ann, "Annie" O\'Hara', w.nasa, "United States"), ("Jérôme Éléonore-Ñúñez", w.esa, "France"),
            ("=HYPERLINK(\"x\")", w.roscosmos, ""), ("'=already", w.roscosmos, "Russia"), ("-Minus", w.nasa, ""),
            ("Line\nbreak", w.esa, "Italy, Republic of"), ("\tTab", w.roscosmos, "@home"), ("Юрий Гагарин", w.roscosmos, "USSR"),
        )
    ]  # fmt: skip
    year = w.soyuz_mission("Vostok 1 (year)", "1961", None, status="landed", landing_by=dt.date(1962, 1, 1),
                           vehicle='Vostok-3KA, "Swallow"', launch_precision="year")  # fmt: skip
    year.destination = None
    year.save()
    month = w.soyuz_mission("Soyuz 1 (month)", "1967-04", "1967-04", status="landed", outcome="lost",
                            crew_seen_until=dt.date(1967, 4, 23), launch_precision="month",
                            landing_precision="month")  # fmt: skip
    seconds = w.dragon_mission(
        "Crew-90 (seconds)", "2031-03-01T13:54:07Z", "2031-09-01T08:00Z", status="planned"
    )
    minutes = w.dragon_mission("Crew-91 (same day, later)", "2031-03-01T15:00Z", None, status="scheduled")
    no_time = w.soyuz_mission("Soyuz MS-90 (no time)", "2031-03-01", "2031-09-01", status="planned")
    scrubbed = w.soyuz_mission("Soyuz MS-91 (aborted)", "2031-05-01T10:00Z", "2031-05-01T10:20Z", status="landed",
                               outcome="aborted")  # fmt: skip
    w.soyuz_mission("Soyuz MS-99 (no seats)", "2031-06-01", None)
    agreement = AgreementFactory(name="ESA–Roscosmos, \"barter\" agreement", agency_a=w.esa, agency_b=w.roscosmos,
                                 in_force_from=dt.date(1960, 1, 1), seats_a_on_b=9, seats_b_on_a=9)  # fmt: skip
    _seat(year, odd[7], role="commander", seat=None, hours=Decimal("1.80"))
    _seat(year, odd[7], leg="return", role="commander", seat=None)
    _seat(month, w.prokopyev, role="commander", hours=Decimal("26.75"), eva_hours=Decimal("0.00"))
    _seat(month, odd[1], seat=2, agreement=agreement, hours=Decimal("100.00"), eva_hours=Decimal("12.5"))
    _seat(month, w.prokopyev, leg="return", role="commander")
    for n, person in enumerate(odd[:4], start=1):
        _seat(seconds, person, seat=n, role="commander" if n == 1 else "mission_specialist",
              agreement=w.integrated if person.agency == w.roscosmos else None)  # fmt: skip
    _seat(minutes, odd[5], seat=1)
    _seat(minutes, odd[6], seat=2, agreement=w.integrated)
    _seat(no_time, w.kikina, seat=3, role="spaceflight_participant")
    _seat(no_time, w.mann, seat=1, agreement=w.integrated)
    _seat(scrubbed, w.petelin, role="pilot", hours=Decimal("0.35"))
    _seat(scrubbed, w.petelin, leg="return", role="pilot")
    return [year, month, seconds, minutes, no_time, scrubbed]


def test_the_export_writes_the_bytes_it_wrote_from_model_objects(viewer_client, world):
    missions = varied(world)
    new = download(viewer_client, reverse("pages:export_all"))
    assert new == old_export(SeatAssignment.objects.all())
    assert new.count(b"\r\n") == 1 + SeatAssignment.objects.count()
    assert (
        b'"Vostok-3KA, ""Swallow""",' in new and b",1961,,1962-01-01," in new and b",1967-04,1967-04,," in new
    )
    assert (
        b",2031-03-01T13:54:07Z,2031-09-01T08:00Z," in new and b"'=HYPERLINK" in new and b"''=already" in new
    )
    for mission in missions:
        one = download(viewer_client, reverse("pages:export_one", args=[mission.slug]))
        assert one == old_export(SeatAssignment.objects.filter(mission=mission)), mission.name
    empty = Mission.objects.get(name="Soyuz MS-99 (no seats)")
    assert download(viewer_client, reverse("pages:export_one", args=[empty.slug])) == old_export(
        SeatAssignment.objects.none()
    )


@pytest.mark.parametrize(
    "params", [{"year": "2031", "agency": "NASA"}, {"q": "Éléonore"}, {"status": "landed"}]
)
def test_the_filters_choose_the_launches(viewer_client, world, params):
    varied(world)
    chosen = MissionFilter(params, queryset=Mission.objects.all()).qs
    assert chosen.exists()
    new = viewer_client.get(reverse("pages:export_all"), params)
    assert b"".join(new.streaming_content) == old_export(SeatAssignment.objects.filter(mission__in=chosen))


@pytest.mark.parametrize("q", ["0", "no such name at all", "zz"])
def test_a_search_that_finds_little_or_nothing(viewer_client, world, q):
    """(On SQLite, a search no name matches chooses missions `pk__in=[]`: no query to make.)"""
    varied(world)
    chosen = MissionFilter({"q": q}, queryset=Mission.objects.all()).qs
    response = viewer_client.get(reverse("pages:export_all"), {"q": q})
    assert b"".join(response.streaming_content) == old_export(
        SeatAssignment.objects.filter(mission__in=chosen)
    )
    if q != "0":
        assert not chosen.exists()


def test_read_a_few_rows_at_a_time_it_writes_the_same(viewer_client, world, monkeypatch):
    varied(world)
    whole = download(viewer_client, reverse("pages:export_all"))
    monkeypatch.setattr(export, "CHUNK", 2)
    monkeypatch.setattr(export, "LAUNCH_CHUNK", 1)
    monkeypatch.setattr(export, "COPY_LAUNCHES", 1)
    assert download(viewer_client, reverse("pages:export_all")) == whole
    monkeypatch.setattr(export, "SPOOL_IN_MEMORY", 100)  # in a temporary file after its first 100 bytes
    assert download(viewer_client, reverse("pages:export_all")) == whole


def test_a_row_is_written_as_csv_writer_writes_it():
    alphabet = ["a", "Z", " ", ",", '"', "'", "\r", "\n", "\t", "=", "+", "-", "@", "é", "Ω", "\x1f", "0"]
    rng = random.Random(12)
    for _ in range(3000):
        cells = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 4))) for _ in range(rng.randint(1, 12))
        ]
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow([escape_cell(c) for c in cells])
        assert export.csv_line(cells) + "\r\n" == out.getvalue(), cells


# --- queries -----------------------------------------------------------------------------------------------

#: The session and the user; the missions and their seats (one launch's CSV, and every launch's on SQLite); on
#: PostgreSQL every launch's is, inside a transaction (as the tests are), the planner's setting, the COPY and the
#: setting back (`export._copy_roster`).
EXPORT_QUERIES = 4
EXPORT_ALL_QUERIES = 5 if connection.vendor == "postgresql" else EXPORT_QUERIES


def test_the_export_costs_the_same_queries_whatever_it_holds(viewer_client, world, django_assert_num_queries):
    with django_assert_num_queries(EXPORT_ALL_QUERIES):
        download(viewer_client, reverse("pages:export_all"))
    varied(world)
    with django_assert_num_queries(EXPORT_ALL_QUERIES):
        download(viewer_client, reverse("pages:export_all"))
    one = reverse("pages:export_one", args=[Mission.objects.first().slug])
    with django_assert_num_queries(EXPORT_QUERIES + 1):  # and the mission
        download(viewer_client, one)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_postgresql_reads_in_its_own(steward_client, world):
    # (A superuser: a transactional test's flush empties the groups the migrations made.)
    """The export opens a transaction of its own: two statements more, which the tests, inside a transaction of
    their own, do not see. On PostgreSQL its one statement (a COPY) is made there without a parallel plan
    (`export.copy_statement`)."""
    varied(world)
    with CaptureQueriesContext(connection) as ctx:
        download(steward_client, reverse("pages:export_all"))
    if connection.vendor == "postgresql":
        assert [q["sql"].split()[0] for q in ctx.captured_queries[2:]] == ["BEGIN", "SET", "COPY", "COMMIT"]
        assert ctx.captured_queries[3]["sql"] == "SET LOCAL max_parallel_workers_per_gather = 0"
    assert len(ctx) == 2 + 4  # the session and the user; BEGIN, two statements, COMMIT


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: two connections writing")
def test_a_change_saved_between_the_two_queries_shows_in_neither(steward_client, world, monkeypatch):
    """The missions' query and their seats' (lines written by Python: on PostgreSQL, a launch's CSV; the
    all-launches export there is one statement, `COPY`) read one state of the record."""
    monkeypatch.setattr(export, "written_by_database", lambda alias: False)
    varied(world)
    before = download(steward_client, reverse("pages:export_all"))
    lines = export.roster_lines

    def meddling(launches, seats):
        seats = iter(seats)
        first = next(seats)  # the seats are being read; the missions not yet

        def change():
            early = Mission.objects.get(name="Vostok 1 (year)")  # moved from first to last
            early.launch_date, early.name = dt.date(2040, 1, 1), "Vostok 1 (moved)"
            early.save()
            _seat(world.soyuz_mission("Soyuz 0", "1950", None, status="landed"), world.kikina, seat=1)

        thread = threading.Thread(target=lambda: (change(), connections.close_all()))
        thread.start()
        thread.join()
        yield from lines(launches, itertools.chain([first], seats))

    monkeypatch.setattr(export, "roster_lines", meddling)
    assert download(steward_client, reverse("pages:export_all")) == before
    monkeypatch.setattr(export, "roster_lines", lines)
    after = download(steward_client, reverse("pages:export_all"))
    assert b"Vostok 1 (moved)" in after and b"Soyuz 0" in after
