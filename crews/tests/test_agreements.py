"""The agreements list: its ledgers counted by the database agree with one agreement's page, which files every
seat; 25 agreements a page; a search by name or agency; odd values in the query string are no 500."""

import datetime as dt
import re

import pytest

from crews.ledgers import ledger_of, ledgers
from crews.models import SeatAssignment
from crews.tests.helpers import text
from missions.models import Agreement
from missions.tests.factories import AgencyFactory, AgreementFactory

LIST = "/agreements/"


def seat(mission, person, number, agreement, leg="ascent"):
    """A seat written as it stands (the ledgers count what is on file, whatever the rules would have said)."""
    return SeatAssignment.objects.create(
        mission=mission, leg=leg, seat=number, crew_member=person, agreement=agreement, role="flight_engineer"
    )


@pytest.fixture
def varied(world):
    """Seats of every kind under three agreements: both directions, flown and planned (planned and scheduled),
    a scrubbed mission, a return leg, a party's crew on its own vehicle and an agency not party to the agreement;
    one agreement one way only and over its seats, one with no seats allotted."""
    integrated, nasa, esa = world.integrated, world.nasa, world.esa
    ms22, _ms23 = world.flown_rubio()  # Rubio up on MS-22 (flown), down on MS-23 (a return leg)
    crew5 = world.dragon_mission("SpaceX Crew-5", "2022-10-05T16:00Z", "2023-03-12", status="landed")
    crew6 = world.dragon_mission("SpaceX Crew-6", "2023-03-02T05:34Z", None, status="launched")
    crew7 = world.dragon_mission("SpaceX Crew-7", "2023-08-26T07:27Z", None, status="scheduled")
    crew8 = world.dragon_mission("SpaceX Crew-8", "2024-03-04T03:53Z", None, status="planned")
    scrubbed = world.dragon_mission("SpaceX Crew-X", "2024-05-01T00:00Z", None, status="scrubbed")
    ms24 = world.soyuz_mission("Soyuz MS-24", "2023-09-15T15:44Z", None, status="planned")
    seat(crew5, world.kikina, 1, integrated)  # Roscosmos on NASA: flown
    seat(crew5, world.kikina, 1, integrated, leg="return")  # a return leg: not counted
    seat(crew6, world.petelin, 2, integrated)  # flown (launched, not landed)
    seat(crew7, world.prokopyev, 3, integrated)  # planned (scheduled)
    seat(crew8, world.kikina, 2, integrated)  # planned
    seat(scrubbed, world.petelin, 1, integrated)  # scrubbed: holds no seat
    seat(crew8, world.mann, 1, integrated)  # NASA on NASA: neither direction
    seat(ms24, world.cristoforetti, 2, integrated)  # ESA is no party to it
    seat(ms24, world.cassada, 3, integrated)  # NASA on Roscosmos: planned
    one_way = AgreementFactory(
        name="ESA on NASA vehicles", agency_a=esa, agency_b=nasa, seats_a_on_b=1, seats_b_on_a=0,
        in_force_from=dt.date(2021, 1, 1),
    )  # fmt: skip
    seat(crew6, world.cristoforetti, 3, one_way)  # flown
    seat(crew7, world.cristoforetti, 4, one_way)  # planned: one over
    seat(scrubbed, world.cristoforetti, 2, one_way)  # scrubbed
    nothing = AgreementFactory(
        name="Paper only", agency_a=nasa, agency_b=esa, seats_a_on_b=0, seats_b_on_a=0,
        in_force_from=dt.date(2024, 1, 1),
    )  # fmt: skip
    seat(ms22, world.mann, 4, nothing)  # NASA on Roscosmos under an agreement with ESA: neither direction
    return world


def figures(ledger) -> tuple:
    """What a reader sees of a ledger: each direction's numbers and the balance."""
    directions = [
        (d.crew.short_name, d.operator.short_name, d.allotted, d.flown, d.planned, d.left, d.over)
        for d in ledger.directions
    ]
    return ledger.agreement.name, directions, ledger.balance()


class TestCounting:
    def test_the_database_counts_as_the_agreement_page_files(self, varied):
        agreements = list(
            Agreement.objects.select_related("agency_a", "agency_b").order_by("in_force_from", "name")
        )
        counted = [figures(ledger) for ledger in ledgers(agreements)]
        filed = [figures(ledger_of(a)) for a in agreements]
        assert counted == filed
        assert counted == [
            (
                "ESA on NASA vehicles",
                [("ESA", "NASA", 1, 1, 1, -1, 1), ("NASA", "ESA", 0, 0, 0, 0, 0)],
                "NASA has flown 1 ESA astronaut (seats one way only: nothing is owed).",
            ),
            (
                "NASA–Roscosmos integrated crew agreement",
                [("NASA", "Roscosmos", 2, 1, 1, 0, 0), ("Roscosmos", "NASA", 2, 2, 2, -2, 2)],
                "NASA has flown 2 Roscosmos cosmonauts, Roscosmos 1 NASA astronaut: Roscosmos owes 1 seat.",
            ),
            (
                "Paper only",
                [("NASA", "ESA", 0, 0, 0, 0, 0), ("ESA", "NASA", 0, 0, 0, 0, 0)],
                "No seats are allotted either way.",
            ),
        ]

    def test_in_the_order_given_from_one_query(self, varied, django_assert_num_queries):
        first, _second, third = Agreement.objects.select_related("agency_a", "agency_b").order_by("name")
        with django_assert_num_queries(1):
            names = [ledger.agreement.name for ledger in ledgers([third, first])]
        assert names == ["Paper only", "ESA on NASA vehicles"]
        with django_assert_num_queries(0):
            assert ledgers([]) == []

    def test_the_list_shows_the_same_figures_as_each_agreement_page(self, varied, viewer_client):
        listed = text(viewer_client.get(LIST))
        for agreement in Agreement.objects.all():
            page = text(viewer_client.get(agreement.get_absolute_url()))
            balance = re.search(r'<p class="lead balance">([^<]*)</p>', page)[1]
            assert balance in listed
            for crew, operator, cells in re.findall(
                r"<tr><td>([^<]*) crew on ([^<]*) vehicles</td>((?:<td[^>]*>[^<]*</td>)+)</tr>", page
            ):
                row = re.search(
                    rf"<td>{crew} crew on {operator} vehicles</td> ((?:<td[^>]*>[^<]*</td>\s*)+)</tr>",
                    listed.split(f">{agreement.name}</a>")[1],
                )
                assert re.findall(r">(-?\d+)<", row[1]) == re.findall(r">(-?\d+)<", cells)


def many_agreements(count: int = 60) -> list[str]:
    """`count` agreements, some coming into force on the same day; their names in the list's order."""
    nasa, esa, jaxa = (AgencyFactory(short_name=name) for name in ("NASA", "ESA", "JAXA"))
    made = [
        AgreementFactory(
            name=f"{'Partner' if n % 2 else 'Exchange'} arrangement {n:02d}",
            agency_a=nasa,
            agency_b=esa if n % 3 else jaxa,
            in_force_from=dt.date(2000 + n // 4, 1, 1),
        )
        for n in reversed(range(count))
    ]
    return [a.name for a in sorted(made, key=lambda a: (a.in_force_from, a.name))]


def listed(response) -> list[str]:
    return re.findall(r'<td rowspan="2"><a href="/agreements/[^"]+/">([^<]+)</a>', text(response))


class TestPages:
    @pytest.mark.parametrize("query", [{}, {"page": "3"}, {"q": "partner esa"}])
    def test_queries_do_not_grow_with_the_agreements(
        self, db, viewer_client, django_assert_num_queries, query
    ):
        """Session, user, the count, the page's ids, its agreements with their parties, their seats counted, the
        viewer's permissions (of the user and of their groups, for the menu)."""
        many_agreements()
        with django_assert_num_queries(8):
            response = viewer_client.get(LIST, query)
        assert response.status_code == 200 and listed(response)

    def test_25_a_page_in_force_order_and_the_total(self, db, viewer_client):
        order = many_agreements()
        first = viewer_client.get(LIST)
        assert listed(first) == order[:25]
        assert "60 agreements." in text(first) and "Page 1 of 3" in text(first)
        last = viewer_client.get(LIST, {"page": "3"})
        assert listed(last) == order[50:]
        assert "Page 3 of 3" in text(last)

    def test_search_by_agency_short_name(self, db, viewer_client):
        order = many_agreements()
        response = viewer_client.get(LIST, {"q": "jaxa"})
        with_jaxa = [name for name in order if int(name[-2:]) % 3 == 0]
        assert listed(response) == with_jaxa  # 20 of them: one page
        assert f"{len(with_jaxa)} agreements matching “jaxa”." in text(response)

    def test_search_by_words_of_the_name_keeps_the_search_in_the_pager(self, db, viewer_client):
        order = many_agreements()
        partners = [name for name in order if name.startswith("Partner")]
        response = viewer_client.get(LIST, {"q": "  PARTNER   arrangement "})
        assert listed(response) == partners[:25]
        assert "?q=++PARTNER+++arrangement+&amp;page=2" in text(response)
        assert listed(viewer_client.get(LIST, {"q": "partner arrangement", "page": "2"})) == partners[25:]
        assert listed(viewer_client.get(LIST, {"q": "partner 07"})) == ["Partner arrangement 07"]
        assert listed(viewer_client.get(LIST, {"q": "partner jaxa"})) == [
            name for name in partners if int(name[-2:]) % 3 == 0
        ]

    def test_a_search_that_finds_nothing_says_so(self, db, viewer_client):
        many_agreements()
        page = text(viewer_client.get(LIST, {"q": "Artemis"}))
        assert "No agreement matches “Artemis”." in page and "0 agreements matching “Artemis”." in page
        assert "Page 1 of" not in page

    def test_an_empty_record_says_so(self, db, viewer_client):
        page = text(viewer_client.get(LIST))
        assert "No agreements on file." in page and "0 agreements." in page


class TestOddValues:
    @pytest.mark.parametrize(
        ("query", "shown"),
        [
            ({"page": "abc"}, slice(0, 25)),
            ({"page": "-1"}, slice(50, 60)),
            ({"page": "99999"}, slice(50, 60)),
            ({"page": "99999999999999999999999"}, slice(50, 60)),
        ],
    )
    def test_a_page_that_is_not_there_shows_one_that_is(self, db, viewer_client, query, shown):
        order = many_agreements()
        response = viewer_client.get(LIST, query)
        assert response.status_code == 200 and listed(response) == order[shown]

    def test_a_very_long_search_is_a_message_not_a_500(self, db, viewer_client):
        order = many_agreements()
        response = viewer_client.get(LIST, {"q": "nasa " * 2000})
        page = text(response)
        assert response.status_code == 200
        assert "Some filters were not applied" in page and "at most 100 characters" in page
        assert listed(response) == order[:25]

    def test_a_nul_in_the_search_is_a_message(self, db, viewer_client):
        order = many_agreements()
        response = viewer_client.get(LIST, {"q": "nasa\x00"})
        assert response.status_code == 200 and "Null characters are not allowed" in text(response)
        assert listed(response) == order[:25]

    @pytest.mark.parametrize("query", ["%", "_", "\\", "'; drop table x; --", "ｎａｓａ"])
    def test_wildcards_and_quotes_are_letters_like_any_other(self, db, viewer_client, query):
        many_agreements()
        response = viewer_client.get(LIST, {"q": query})
        assert response.status_code == 200 and listed(response) == []


def test_one_agreement_page_costs_the_same_with_more_seats(varied, viewer_client, django_assert_num_queries):
    """Session, user, the agreement, its seats, the viewer's permissions (two)."""
    with django_assert_num_queries(6):
        response = viewer_client.get(varied.integrated.get_absolute_url())
    assert (
        "NASA has flown 2 Roscosmos cosmonauts, Roscosmos 1 NASA astronaut: Roscosmos owes 1 seat."
        in text(response)
    )


def test_each_agreement_says_whether_it_is_in_force_and_nothing_is_left_on_an_expired_one(
    client, viewer, world
):
    """Issue 13, item 1: the NASA–Roscosmos agreement ended on 2025-12-31 and still said "Left: 1"."""
    AgreementFactory(name="A future agreement", agency_a=world.nasa, agency_b=world.roscosmos,
                     in_force_from=dt.date(2199, 1, 1), in_force_to=None, seats_a_on_b=1, seats_b_on_a=1)  # fmt: skip
    AgreementFactory(name="An open-ended agreement", agency_a=world.esa, agency_b=world.nasa,
                     in_force_from=dt.date(2020, 1, 1), in_force_to=None, seats_a_on_b=2, seats_b_on_a=0)  # fmt: skip
    client.force_login(viewer)
    page = re.sub(r"<[^>]+>", " ", text(client.get(LIST)))
    page = re.sub(r"\s+", " ", page)
    assert "NASA–Roscosmos integrated crew agreement" in page
    assert "expired expired on 2025-12-31" in page
    assert "not yet in force in force from 2199-01-01" in page
    assert "in force in force since 2020-01-01, no end date" in page
    html = client.get(LIST).content.decode()
    expired_rows = re.findall(
        r'title="The agreement has expired[^"]*">—<br><small>(\d+) unused</small>', html
    )
    assert expired_rows == ["2", "2"]  # two seats each way, none used: unused, not "left"
    detail = text(client.get(world.integrated.get_absolute_url()))
    assert "This agreement expired on 2025-12-31: nothing is left to fly under it." in detail
    assert "nothing is left" not in text(
        client.get(Agreement.objects.get(name="A future agreement").get_absolute_url())
    )
