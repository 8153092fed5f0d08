"""The real files, imported whole (`load_record`): the counts the closing note reports, and facts a planner
would check first."""

import io

import pytest
from django.core.management import call_command

from crews.models import Anomaly, CrewMember, RecordSource, SeatAssignment, SourceName
from crews.sources.astronaut_db import import_astronaut_db
from crews.sources.people_feed import import_people_feed
from missions.models import Mission, Station


def test_the_counts(record):
    assert CrewMember.objects.count() == 645
    assert Mission.objects.count() == 362
    assert Station.objects.count() == 10
    # Person-flights: the database's 1,275 and the feed's 139; the roster's 39 (2022–2025) are among the feed's.
    assert SeatAssignment.objects.filter(leg="ascent").count() == 1275 + 139
    roster = Mission.objects.filter(name__in=["Soyuz MS-22", "SpaceX Crew-9", "Boeing Crew Flight Test"])
    assert SeatAssignment.objects.filter(mission__in=roster, leg="ascent").count() == 3 + 2 + 2
    assert Anomaly.objects.filter(source="astronaut_db").count() == 283
    assert Anomaly.objects.filter(source="people_in_space").count() == 5
    assert not SourceName.objects.filter(status=SourceName.Status.PROPOSED).exists()
    # Up in one vehicle, down in another: 128 return legs from the database (its 148 rows where the two
    # columns differ, less 19 status words and 2 spellings of one flight, plus Farkas from his title, less
    # Gagarin's "Vostok 3").
    assert SeatAssignment.objects.filter(leg="return", mission__launch_date__year__lt=2020).count() == 128


def test_the_first_flights(record):
    vostok = Mission.objects.get(name="Vostok 1")
    assert (vostok.launch.shown(), vostok.status, vostok.launch_site.name) == (
        "1961",
        "landed",
        vostok.launch_site.name,
    )
    gagarin = SeatAssignment.objects.filter(crew_member__name="Yuri Gagarin")
    assert [(s.mission.name, s.leg) for s in gagarin] == [("Vostok 1", "ascent")]  # not down in Vostok 3
    assert Anomaly.objects.filter(kind="descent", subject="Yuri Gagarin Vostok 1").exists()
    assert Mission.objects.get(name="STS-51-L").outcome == "lost"
    sharma = SeatAssignment.objects.filter(crew_member__name="Rakesh Sharma").order_by("leg")
    assert [(s.mission.name, s.leg, str(s.hours)) for s in sharma] == [("Soyuz T-11", "ascent", "189.67"),
                                                                        ("Soyuz T-10", "return", "None")]  # fmt: skip
    assert Mission.objects.get(name="STS-107").outcome == "lost"


def test_the_identity_anomalies(record):
    texts = list(
        Anomaly.objects.filter(kind="identity", source="astronaut_db").values_list("text", flat=True)
    )
    assert any("person number 385 is shared by Pedro Duque and Yuri Baturin" in t for t in texts)
    assert any("two different people are named “Aleksandrov, Aleksandr”" in t for t in texts)
    assert CrewMember.objects.filter(name__in=["Aleksandr Pavlovich Aleksandrov",
                                               "Aleksandar Panayotov Aleksandrov"]).count() == 2  # fmt: skip


def test_one_person_across_the_three_sources(record):
    kononenko = CrewMember.objects.get(name="Oleg Kononenko")
    flights = kononenko.seat_assignments.filter(leg="ascent").order_by("mission__launch_date")
    assert [s.mission.name for s in flights] == [
        "Soyuz TMA-12",
        "Soyuz TMA-03M",
        "Soyuz TMA-17M",
        "Soyuz MS-11",
        "Soyuz MS-24",
    ]
    assert kononenko.other_names.filter(name="Oleg D. Kononenko").exists()
    assert not CrewMember.objects.filter(name="Oleg D. Kononenko").exists()


def test_the_record_ends_where_the_feed_does(record):
    feed = RecordSource.objects.get(key="people_in_space")
    assert str(feed.record_ends) == "2026-04-13" and "MIT" in feed.licence
    assert Mission.objects.get(name="Soyuz MS-28").status == "launched"


def test_loading_again_changes_nothing(record):
    for importer in (import_astronaut_db, import_people_feed):
        report = importer(dry_run=True)
        assert report.ok and not report.roster.changes_anything, report.roster.changed[:5]
    out = io.StringIO()
    call_command("load_record", stdout=out)
    assert "the record: 645 people, 362 missions, 10 stations" in out.getvalue()


ORDERS = [
    "roster db feed",
    "roster feed db",
    "db roster feed",
    "db feed roster",
    "feed roster db",
    "feed db roster",
]


def _load(step: str):
    from crews.demo.loader import demo_load
    from crews.sources.identity import confirm_from_file

    if step == "roster":
        report = demo_load()
        assert report.roster.ok and not report.held, (report.roster.problems[:3], report.held)
        return
    source, importer = {
        "db": ("astronaut_db", import_astronaut_db),
        "feed": ("people_in_space", import_people_feed),
    }[step]
    confirm_from_file(source)
    report = importer()
    assert report.ok and not report.held, (report.problems, report.held)


@pytest.mark.parametrize("order", ORDERS)
def test_one_person_one_flight_whichever_order(db, order):
    """The three sources in each of the six orders give the same record: the same people, the same flights."""
    for step in order.split():
        _load(step)
    assert CrewMember.objects.count() == 645
    assert SeatAssignment.objects.filter(leg="ascent").count() == 1275 + 139
    kononenko = CrewMember.objects.named("Oleg Kononenko").get()
    assert kononenko.seat_assignments.filter(leg="ascent").count() == 5
    assert CrewMember.objects.filter(name__icontains="Kimbrough").count() == 1
