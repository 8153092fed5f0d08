"""What a launch's roster page costs: the same queries whatever the mission and the record around it, reads
whose SQL is written once (`crews.prepared`), and links that are what `reverse()` gives."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.db.models import Count
from django.template import engines
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse, set_script_prefix

from crews.history import Change, recent_changes
from crews.models import CrewMember, Qualification, SeatAssignment
from crews.prepared import Prepared
from crews.rules import FactBook, evaluate, stored_seats
from crews.rules.record import _seats_around, _stored_around, record_around
from crews.services import seat_move
from crews.tests.factories import CrewMemberFactory, SeatAssignmentFactory
from crews.tests.helpers import text
from crews.views.rosters import seat_links
from missions.addresses import address
from missions.models import Mission
from missions.tests.factories import AgreementFactory

#: The roster page's queries: the session and the user (every page), the user's permissions and its groups'
#: (a planner or a viewer: `has_perm`), then the mission, the seats around it with their agreements, the
#: unavailability of the people aboard (rule 6), and the history of its seats and of the mission.
ROSTER_QUERIES = 9


def _flown_with_an_agreement(world):
    ms22, ms23 = world.flown_rubio()
    Qualification.objects.create(crew_member=world.rubio, spacecraft=world.soyuz, status="qualified")
    return ms22


def _grow_the_record(world, mission: Mission) -> None:
    """More of everything the page reads around `mission`: flights of the people aboard, seats under the
    agreement they fly under, history of its seats."""
    person = mission.seat_assignments.filter(leg="ascent").first().crew_member
    for n in range(4):
        other = world.soyuz_mission(f"Soyuz TMA-{n}", f"201{n}-03-01", f"201{n}-09-01", status="landed")
        SeatAssignment.objects.create(
            mission=other, leg="ascent", seat=1, crew_member=person, role="commander"
        )
        SeatAssignment.objects.create(
            mission=other, leg="return", seat=1, crew_member=person, role="commander"
        )
        SeatAssignment.objects.create(
            mission=other, leg="ascent", seat=2, crew_member=CrewMemberFactory(agency=world.nasa),
            agreement=world.integrated, role="flight_engineer",
        )  # fmt: skip
    second = AgreementFactory(agency_a=world.nasa, agency_b=world.roscosmos, name="A second agreement")
    mission.seat_assignments.filter(crew_member=world.rubio, leg="ascent").update(agreement=second)


@pytest.mark.parametrize("who", ["viewer_client", "planner_client"])
def test_the_roster_page_costs_the_same_queries_whatever_the_record_holds(
    request, world, who, django_assert_num_queries
):
    client = request.getfixturevalue(who)
    flown = _flown_with_an_agreement(world)
    planned = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    seat = SeatAssignmentFactory(mission=planned, crew_member=world.kikina, seat=1)
    empty = world.dragon_mission("SpaceX Crew-90", "2031-04-01", None)
    for mission in (flown, planned, empty):
        with django_assert_num_queries(ROSTER_QUERIES):
            assert client.get(mission.get_absolute_url()).status_code == 200
    _grow_the_record(world, flown)
    seat_move(assignment=seat, mission=planned, seat=2)
    for mission in (flown, planned, empty):
        with django_assert_num_queries(ROSTER_QUERIES):
            assert client.get(mission.get_absolute_url()).status_code == 200


def test_a_planners_links_on_each_seat_are_what_reverse_gives(planner_client, world):
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01", slug="союз-мс-90")
    seats = [SeatAssignmentFactory(mission=mission, crew_member=p, seat=n) for n, p in enumerate(
        (world.prokopyev, world.petelin), start=1)]  # fmt: skip
    html = text(planner_client.get(mission.get_absolute_url()))
    for seat in seats:
        for name in ("seat_move", "seat_swap", "seat_release", "return_record"):
            assert f'href="{reverse(f"pages:{name}", args=[mission.slug, seat.pk])}"' in html, name
    assert f'href="{reverse("pages:seat_assign", args=[mission.slug])}?leg=ascent&amp;seat=3"' in html


def test_seat_links_for_any_id(world):
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01", slug="ms-0-0")

    class Seat:
        def __init__(self, pk):
            self.assignment = SeatAssignment(pk=pk)

    seats = [Seat(pk) for pk in (1, 10, 0, 12345678901)]
    seat_links(mission, seats)
    for seat in seats:
        assert seat.links["move"] == reverse("pages:seat_move", args=[mission.slug, seat.assignment.pk])
        assert seat.links["return"] == reverse("pages:return_record", args=[mission.slug, seat.assignment.pk])


def test_the_page_shows_each_persons_training_on_the_spacecraft(viewer_client, world):
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    for seat, (person, status) in enumerate(
        ((world.prokopyev, "qualified"), (world.petelin, "in_training"), (world.kikina, None)), start=1
    ):
        SeatAssignmentFactory(mission=mission, crew_member=person, seat=seat)
        if status:
            Qualification.objects.create(crew_member=person, spacecraft=world.soyuz, status=status)
    Qualification.objects.create(crew_member=world.kikina, spacecraft=world.dragon, status="qualified")
    html = text(viewer_client.get(mission.get_absolute_url()))
    assert re.findall(r'<span class="badge text-bg-[a-z- ]+">(qualified|in training|none)</span>', html) == [
        "qualified",
        "in training",
        "none",
    ]


# --- the seats around a mission, read in one query ----------------------------------------------


def _around(world):
    """A flown mission with an agreement seat, its people's other flights, and other ascents under the
    agreement (by people never aboard)."""
    ms22 = _flown_with_an_agreement(world)
    _grow_the_record(world, ms22)
    elsewhere = world.dragon_mission("SpaceX Crew-5", "2022-10-05T16:00Z", "2023-03-12", status="landed")
    SeatAssignment.objects.create(mission=elsewhere, leg="ascent", seat=4, crew_member=world.kikina,
                                  agreement=world.integrated, role="mission_specialist")  # fmt: skip
    unrelated = world.dragon_mission("SpaceX Crew-6", "2023-03-02", "2023-09-04", status="landed")
    SeatAssignment.objects.create(
        mission=unrelated, leg="ascent", seat=1, crew_member=world.mann, role="commander"
    )
    return ms22, elsewhere


@pytest.mark.parametrize("together", [False, True])
def test_the_seats_around_are_those_the_rules_read_before_a_change(world, together):
    ms22, elsewhere = _around(world)
    missions = {ms22.pk, elsewhere.pk} if together else {ms22.pk}
    people = set(
        SeatAssignment.objects.filter(mission_id__in=missions).values_list("crew_member_id", flat=True)
    )
    expected, agreements = stored_seats(missions, people, set())
    rows, _away = _stored_around(missions)
    assert sorted(r.pk for r in rows) == sorted(r.pk for r in expected)
    assert {r.agreement_id for r in rows} - {None} == agreements
    kikina = next(r for r in rows if r.crew_member_id == world.kikina.pk)
    assert (
        kikina.agreement.agency_b.short_name == "Roscosmos" and kikina.mission.spacecraft.operator.short_name
    )
    assert len({id(r.mission) for r in rows}) == len({r.mission_id for r in rows})  # one object each


def test_the_record_around_warns_as_the_rules_do_on_what_a_change_reads(world):
    ms22, _ = _around(world)
    people = set(ms22.seat_assignments.values_list("crew_member_id", flat=True))
    rows, agreements = stored_seats({ms22.pk}, people, set())
    book = FactBook()
    expected = evaluate(
        [book.seat(r) for r in rows], missions={ms22.pk}, people=people, agreements=agreements
    )
    problems = record_around([ms22]).problems
    assert sorted(map(repr, (p.key for p in problems))) == sorted(map(repr, (p.key for p in expected)))
    assert "no_seats_left" in {
        p.code for p in problems
    }  # four NASA seats on Soyuz where the agreement has two


# --- Prepared ------------------------------------------------------------------------------------


@pytest.mark.parametrize("by_index", [False, True])
def test_a_prepared_read_gives_what_the_queryset_gives(world, by_index):
    ms22, ms23 = world.flown_rubio()
    build = (  # noqa: E731
        lambda pk: (
            SeatAssignment.objects.filter(mission_id=pk, leg="ascent")
            .select_related("mission__spacecraft__operator", "crew_member__agency", "agreement")
            .order_by("seat")
        )
    )
    prepared = Prepared(build, int, by_index=by_index)
    for mission in (ms22, ms23, ms22):
        got, expected = prepared(mission.pk), list(build(mission.pk))
        assert [s.pk for s in got] == [s.pk for s in expected]
        for mine, theirs in zip(got, expected, strict=True):
            for field in SeatAssignment._meta.concrete_fields:
                assert getattr(mine, field.attname) == getattr(theirs, field.attname)
            assert (
                mine.mission.launch == theirs.mission.launch
                and mine.mission.landing == theirs.mission.landing
            )
            assert mine.crew_member.agency.short_name == theirs.crew_member.agency.short_name
            assert (mine.agreement and mine.agreement.name) == (theirs.agreement and theirs.agreement.name)
            assert mine._state.adding is False and mine._state.db == "default"
    assert prepared(0) == []
    assert len({id(s.mission) for s in prepared(ms22.pk)}) == 1  # joined rows shared


@pytest.mark.django_db(transaction=True)  # outside a transaction, as a page reads
def test_a_read_by_index_is_planned_for_reads_by_key_for_that_statement_only(world):
    """On PostgreSQL the roster's seats around a mission are planned with random reads costed as in memory (else
    it reads every person and mission on file to join a dozen seats); the setting does not outlive the read."""
    ms22, ms23 = world.flown_rubio()
    settings = "SELECT current_setting('random_page_cost'), current_setting('enable_hashjoin'), current_setting('jit')"
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(settings)
            before = cursor.fetchone()
    for mission in (ms22, ms23, ms22):
        with CaptureQueriesContext(connection) as captured:
            seats, _away = _stored_around({mission.pk})
        assert {s.mission_id for s in seats} >= {mission.pk}
        assert {s.pk for s in seats} == {s.pk for s in _seats_around({"mission_id": mission.pk})}
        read, _unavailability = (q["sql"] for q in captured.captured_queries)
        if connection.vendor != "postgresql":
            assert "random_page_cost" not in read
            continue
        assert (
            "SET LOCAL random_page_cost = 1.1; SET LOCAL enable_hashjoin = off; SET LOCAL jit = off; EXECUTE "
            in read
        )
        with connection.cursor() as cursor:
            cursor.execute(settings)
            assert cursor.fetchone() == before  # the settings did not outlive the read


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_prepared_read_is_planned_once_per_connection(world):
    """The statement is prepared with its first call on a connection and only executed after; on a new connection
    (a restart of the database, CONN_MAX_AGE) it is prepared again. The rows are the same each time."""
    ms22, ms23 = world.flown_rubio()
    build = lambda pk: SeatAssignment.objects.filter(mission_id=pk).select_related("crew_member")  # noqa: E731
    prepared = Prepared(build, int)

    def read(pk) -> tuple[list, str]:
        with CaptureQueriesContext(connection) as captured:
            got = prepared(pk)
        (sql,) = (q["sql"] for q in captured.captured_queries)
        assert [(s.pk, s.crew_member.name) for s in got] == [(s.pk, s.crew_member.name) for s in build(pk)]
        return got, sql

    _, first = read(ms22.pk)
    _, second = read(ms23.pk)
    connection.close()
    _, after_reconnecting = read(ms22.pk)
    if connection.vendor != "postgresql":
        assert all(sql.startswith("SELECT") for sql in (first, second, after_reconnecting))
        return
    assert first.startswith("PREPARE ") and second.startswith("EXECUTE ")
    assert after_reconnecting.startswith("PREPARE ")


@pytest.mark.django_db(transaction=True)
def test_behind_a_transaction_pooler_nothing_is_prepared(world, settings):
    """With DISABLE_SERVER_SIDE_CURSORS (Django's setting for PgBouncer's transaction mode) a statement prepared on
    one connection may be run on another: nothing is prepared."""
    ms22, _ = world.flown_rubio()
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        prepared = Prepared(lambda pk: SeatAssignment.objects.filter(mission_id=pk), int)
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                assert len(prepared(ms22.pk)) == ms22.seat_assignments.count()
            assert captured.captured_queries[0]["sql"].startswith("SELECT")
    finally:
        connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = False


def test_a_prepared_read_shares_a_row_joined_in_by_two_ways(world):
    mission = world.dragon_mission("SpaceX Crew-90", "2031-03-01", None)
    SeatAssignmentFactory(mission=mission, crew_member=world.mann, seat=1, role="commander")
    (seat,) = Prepared(
        lambda pk: SeatAssignment.objects.filter(mission_id=pk).select_related(
            "mission__spacecraft__operator", "crew_member__agency"
        ),
        int,
    )(mission.pk)
    assert seat.crew_member.agency is seat.mission.spacecraft.operator  # NASA's, read once
    assert seat.mission.spacecraft.operator.short_name == "NASA"


def test_a_prepared_read_writes_its_sql_once(world):
    built = []

    def build(slug):
        built.append(slug)
        return CrewMember.objects.filter(slug=slug).annotate(seats=Count("seat_assignments"))

    prepared = Prepared(build, str)
    assert [p.name for p in prepared(world.rubio.slug)] == ["Frank Rubio"]
    assert prepared("nobody-by-this-name") == [] and prepared(world.mann.slug)[0].seats == 0
    assert len(built) == 1 and built[0] not in {world.rubio.slug, world.mann.slug}


@pytest.mark.parametrize(
    ("build", "kind", "key"),
    [
        (lambda pk: Mission.objects.filter(pk__in=[pk, pk + 1]), int, 1),  # a value made from the key
        (lambda slug: Mission.objects.filter(slug__startswith=slug), str, "soyuz"),
        (lambda pk: Mission.objects.filter(slug__startswith=pk), int, 1),
        (lambda pk: Mission.objects.filter(pk=pk).values("name"), int, 1),
        (lambda pk: Mission.objects.filter(pk=pk).prefetch_related("seat_assignments"), int, 1),
    ],
)
def test_a_prepared_read_refuses_what_it_cannot_do(db, build, kind, key):
    with pytest.raises((ValueError, TypeError)):
        Prepared(build, kind)(key)


def test_a_slice_with_a_key_is_refused(db):
    with pytest.raises((ValueError, TypeError, AssertionError)):
        Prepared(lambda pk: Mission.objects.all()[:pk], int)(3)


# --- addresses and times --------------------------------------------------------------------------


def test_addresses_are_what_reverse_gives(world):
    assert world.rubio.get_absolute_url() == reverse("pages:crew", args=[world.rubio.slug])
    assert address("pages:station", "iss") == reverse("pages:station", args=["iss"]) == "/stations/iss/"
    set_script_prefix("/seatswap/")
    try:
        assert address("pages:station", "iss") == "/seatswap/stations/iss/"
    finally:
        set_script_prefix("/")
    assert address("pages:station", "iss") == "/stations/iss/"


@override_settings(ROOT_URLCONF="crews.tests.other_urls")
def test_addresses_follow_a_changed_urlconf(db):
    assert address("pages:station", "iss") == "/elsewhere/iss/"


def test_a_change_is_shown_as_the_date_filter_would(planner, world):
    when = dt.datetime(2026, 11, 30, 7, 30, 45, 66460, tzinfo=dt.UTC)
    change = Change(when, "ana", "x")
    template = engines["django"].from_string("""{{ when|date:'c' }} {{ when|date:"Y-m-d H:i" }}""")
    assert f"{change.when_iso} {change.when_shown}" == template.render({"when": when})
    assert Change(dt.datetime(999, 1, 2, 3, 4, tzinfo=dt.UTC), "", "").when_shown == "0999-01-02 03:04"


def test_recent_changes_name_people_and_missions_no_longer_on_file(world):
    ms90 = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
    ms91 = world.soyuz_mission("Soyuz MS-91", "2031-10-01", "2032-03-01")
    person = CrewMemberFactory(name="Ivan Gone", agency=world.roscosmos)
    seat = SeatAssignmentFactory(mission=ms90, crew_member=person, seat=1)
    seat_move(assignment=seat, mission=ms91, seat=2)
    with CaptureQueriesContext(connection) as ctx:
        texts = [c.text for c in recent_changes(ms90)]
    assert len(ctx) == 2
    assert texts[0] == "moved Ivan Gone from Soyuz MS-90 to Soyuz MS-91, ascent seat 2"
    SeatAssignment.objects.filter(crew_member=person).delete()
    CrewMember.objects.filter(pk=person.pk).delete()
    ms91.delete()
    assert (
        recent_changes(ms90)[0].text
        == "moved someone no longer on file from Soyuz MS-90 to another mission, ascent seat 2"
    )


# --- the person page ----------------------------------------------------------------------------------


#: The session and the user, the user's permissions and its groups', the person with their career, their other
#: names, their training, their seats.
PERSON_QUERIES = 8


def test_the_person_page_costs_the_same_queries_whatever_the_career(
    viewer_client, world, django_assert_num_queries
):
    ms22 = _flown_with_an_agreement(world)
    with django_assert_num_queries(PERSON_QUERIES):
        first = viewer_client.get(world.rubio.get_absolute_url())
    _grow_the_record(world, ms22)  # four more flights of Prokopyev's
    person = ms22.seat_assignments.filter(leg="ascent").first().crew_member
    with django_assert_num_queries(PERSON_QUERIES):
        response = viewer_client.get(person.get_absolute_url())
    assert first.status_code == response.status_code == 200
    assert re.search(r'id="flight-count">\s*5\b', response.content.decode())
    assert viewer_client.get("/crews/nobody-of-that-name/").status_code == 404
