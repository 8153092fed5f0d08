"""The roster export written by PostgreSQL (`export.copy_statement`: each column's cell as its `in_sql` declares it)
against the one Python writes (`export.export_queries`, the cells' functions and `csv_line`): the same bytes over
values chosen to tell them apart, and each column's cell on its own (the whole public record:
`test_export_sql_record`)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import DataError, connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from crews.models import SeatAssignment
from crews.roster_csv import export
from crews.roster_csv.columns import ROSTER_COLUMNS
from crews.tests.factories import CrewMemberFactory
from crews.tests.test_export_values import _seat, varied
from missions.models import Mission

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the database writes the lines on PostgreSQL"
    ),
]


def written(monkeypatch, by_database: bool, missions=None) -> bytes:
    """The export of `missions` (all by default), its lines written by the database or by Python."""
    monkeypatch.setattr(export, "written_by_database", lambda alias: by_database)
    spool = io.BytesIO()
    with CaptureQueriesContext(connection) as ctx:
        export._write_roster(spool, Mission.objects.all() if missions is None else missions)
    # (each way its own queries: else the two would be one, and this test could not fail)
    assert by_database == any("export_cells" in q["sql"] for q in ctx.captured_queries)
    return spool.getvalue()


def both(monkeypatch, missions=None) -> tuple[bytes, bytes]:
    return written(monkeypatch, True, missions), written(monkeypatch, False, missions)


def hostile(world) -> None:
    """`varied` and more: every character a cell is escaped or quoted for, at its start and inside, in the
    launch's cells and the seat's; PostgreSQL's own end-of-data mark `\\.`; hours of every shape, one negative
    (as only a script could save it: `-` begins a formula); a mission with a hostile name and no seats."""
    w = world
    varied(w)
    people = [
        CrewMemberFactory(name=name, agency=agency, nationality=nationality)
        for name, agency, nationality in (
            ("\\.", w.nasa, ""), ("+Plus", w.esa, "+"), ("@At", w.roscosmos, "@"), ("\rCarriage", w.nasa, "\r"),
            ("'", w.esa, "''"), ("'''-x", w.roscosmos, "'\t"), ("quote \" inside", w.nasa, '"'),
            ("a,b", w.esa, ","), ("\x01=x", w.roscosmos, "\x01"), ("ends with\r\n", w.nasa, "\n"),
            ("Ωmega", w.esa, "日本"), (" space", w.roscosmos, " "),
        )
    ]  # fmt: skip
    odd = w.dragon_mission("=HYPERLINK(\"x\"), the \"Crew\"\n2", "2032-01-01T00:00:59Z", "2032-02", status="planned",
                           vehicle="@vehicle, \"one\"", outcome="")  # fmt: skip
    odd.landing_precision = "month"
    odd.save()
    hours = [("12.50", "0.5"), ("100", "100.00"), ("0.5", None), ("0.00", "0"), ("999999.99", "99999.99"),
             (None, "12.50"), ("1", "1.10"), ("0.05", "0.05"), ("10.10", "10"), ("7", None), ("3.00", "3"),
             (None, None)]  # fmt: skip
    for n, (person, (hour, eva)) in enumerate(zip(people, hours, strict=True)):
        mission = (
            odd if n < 4 else w.soyuz_mission(f"-Soyuz {n}", f"{2040 + n}", None, launch_precision="year")
        )
        _seat(mission, person, seat=n + 1 if n < 4 else 1, role="commander" if n == 0 else "flight_engineer",
              hours=hour and Decimal(hour), eva_hours=eva and Decimal(eva))  # fmt: skip
    SeatAssignment.objects.filter(crew_member=people[11]).update(
        hours=Decimal("-1.50"), eva_hours=Decimal("-0.5")
    )
    w.soyuz_mission("+Soyuz with no one", "2041-07", None, launch_precision="month", vehicle="\\.")
    w.dragon_mission("Crew at noon", "2031-03-01T12:00Z", "2031-03-02T12:00:01Z", status="planned")


def test_values_chosen_to_differ_are_written_the_same(world, monkeypatch):
    hostile(world)
    by_database, by_python = both(monkeypatch)
    assert by_database == by_python
    for text in (b",commander,\\.,NASA,,", b"\r\n\"'=HYPERLINK(\"\"x\"\"), the \"\"Crew\"\"\n2\",", b",'-1.5,'-0.5,", b",2032-01-01T00:00:59Z,2032-02,",
                 b",12.5,0.5,", b",100,100,", b",0,0,", b",999999.99,99999.99,", b",''''-x,", b",\"ends with\r\n\","):  # fmt: skip
        assert text in by_database, text
    for mission in Mission.objects.all():
        one = Mission.objects.filter(pk=mission.pk)
        assert written(monkeypatch, True, one) == written(monkeypatch, False, one), mission.name


def test_each_column_in_sql_writes_its_cell(world):
    """Each column's `in_sql` against its `cell`, on every seat of `hostile` (before escaping and quoting)."""
    hostile(world)
    seats = list(export.export_queryset())
    for column in ROSTER_COLUMNS:
        cell = export.cell_sql(column, ["{" + str(n) + "}" for n in range(len(column.reads))])
        in_sql = dict(
            SeatAssignment.objects.annotate(cell=export._Written(cell, *column.reads)).values_list(
                "pk", "cell"
            )
        )
        assert {seat.pk: column.export(seat) for seat in seats} == in_sql, column.name


def test_a_change_of_a_cell_shows(world, monkeypatch):
    """(That the comparisons above can fail: a date written otherwise by the database is told apart.)"""
    hostile(world)
    cell = next(c for c in ROSTER_COLUMNS if c.name == "landing_by").cell
    monkeypatch.setattr(cell, "sql", "coalesce(to_char({0}, 'DD.MM.YYYY'), '')")
    monkeypatch.setattr(export, "_LAUNCH_SQL", export.sql_line(export._LAUNCH_COLUMNS, "mission__", end=","))
    by_database, by_python = both(monkeypatch)
    assert by_database != by_python and b",01.01.1962," in by_database
    assert dt.date(1962, 1, 1).isoformat().encode() in by_python


def test_a_cell_the_database_cannot_write_stops_the_export(world, monkeypatch):
    """A cell's SQL gives NULL where its function raises (`role_to_csv` of a role that is not one, which the
    database's constraints keep out): the export stops rather than write a line without it."""
    hostile(world)
    cell = next(c for c in ROSTER_COLUMNS if c.name == "role").cell
    monkeypatch.setattr(cell, "sql", "CASE {0} WHEN 'commander' THEN 'commander' END")  # as if only one role
    monkeypatch.setattr(export, "_ROW_SQL", export.sql_line(export._ROW_COLUMNS, end="\r\n"))
    with pytest.raises(ValueError, match="a cell the export cannot write"):
        written(monkeypatch, True)


def test_one_roster_is_written_in_python_and_every_launch_by_the_database(viewer_client, world):
    """One launch's CSV is written by Python (planning the database's longer SQL costs more than a dozen lines);
    the all-launches export by the database. The same bytes either way (above)."""
    ms22, _ms23 = world.flown_rubio()
    for address, by_database in (
        (f"/missions/{ms22.slug}/roster.csv", False),
        ("/missions/roster.csv", True),
    ):
        with CaptureQueriesContext(connection) as ctx:
            response = viewer_client.get(address)
            b"".join(response.streaming_content)
        assert response.status_code == 200
        assert by_database == any("export_cells" in q["sql"] for q in ctx.captured_queries), address


def test_missions_chosen_through_their_seats_are_each_written_once(world, monkeypatch):
    """A queryset joining the missions' seats gives a mission once per seat; each launch is still written once
    (`copy_statement` reads the chosen missions by id), as Python writes it."""
    hostile(world)
    joined = Mission.objects.filter(seat_assignments__leg="ascent")
    for missions in (joined, joined.distinct()):
        by_database, by_python = both(monkeypatch, missions)
        assert by_database == by_python
        rows = list(csv.reader(io.StringIO(by_database.decode("utf-8-sig"), newline="")))
        chosen = Mission.objects.filter(seat_assignments__leg="ascent").values("pk")
        assert len(rows) - 1 == SeatAssignment.objects.filter(mission__in=chosen).count() > 0


def test_a_filter_django_escapes_a_percent_sign_in_is_read_as_it_means(world, monkeypatch):
    """Django writes `%%` for a `%` (here in `__startswith` of a column); psycopg turns it back only when it is
    given parameters, and this statement has none."""
    hostile(world)
    Mission.objects.filter(name="-Soyuz 4").update(vehicle="-So%")
    Mission.objects.filter(name="-Soyuz 5").update(vehicle="-Soyuz")
    missions = Mission.objects.filter(name__startswith=F("vehicle"))
    by_database, by_python = both(monkeypatch, missions)
    assert by_database == by_python
    assert b"-Soyuz 5," in by_database and b"-Soyuz 4," not in by_database


def test_seats_alike_in_every_key_come_in_the_order_they_were_entered(world, monkeypatch):
    """Two people of one name on one leg, neither with a seat number: the seat entered first comes first, however
    the database stores them (the first, changed after, is stored after the second)."""
    mission = world.soyuz_mission("Soyuz 2040", "2040-01-01", None)
    first, second = (
        _seat(
            mission, CrewMemberFactory(name="Ivan Ivanov", agency=world.roscosmos, nationality=n), seat=None
        )
        for n in ("one", "two")
    )
    SeatAssignment.objects.filter(pk=first.pk).update(hours=Decimal("1"))  # stored again, after the second
    by_database, by_python = both(monkeypatch)
    assert by_database == by_python
    assert by_database.index(b",Ivan Ivanov,Roscosmos,one,") < by_database.index(
        b",Ivan Ivanov,Roscosmos,two,"
    )
    assert first.pk < second.pk


def test_inside_a_transaction_of_the_caller_s_its_planner_setting_is_given_back(world, monkeypatch):
    """The export's statement is made with no parallel plan (`copy_statement`): in the caller's transaction (as
    every test runs), the caller's setting is back after it."""
    hostile(world)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 3")
        with CaptureQueriesContext(connection) as ctx:
            written(monkeypatch, True)
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "3"
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["SELECT", "COPY", "SELECT"]
    assert "set_config('max_parallel_workers_per_gather', '0', true)" in ctx.captured_queries[0]["sql"]


@pytest.mark.django_db(transaction=True)
def test_a_database_error_during_the_copy_is_django_s_and_leaves_the_connection_usable(world, monkeypatch):
    """An error the database raises half-way through the COPY (a division by zero in one seat's cell) comes as
    Django's, the export's transaction is rolled back, and the next query works."""
    hostile(world)
    monkeypatch.setattr(
        export,
        "_ROW_SQL",
        export._Written("CASE WHEN {0} = 2 THEN (1 / ({0} - 2))::text ELSE '' END", "seat"),
    )
    with pytest.raises(DataError, match="division by zero"):
        written(monkeypatch, True)
    assert not connection.in_atomic_block
    assert Mission.objects.filter(name="Crew at noon").exists()
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] != "0"
