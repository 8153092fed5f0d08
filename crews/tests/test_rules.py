"""The rules engine on plain data: no database."""

import datetime as dt

from crews.rules import AgreementFacts, MissionFacts, SeatFacts, evaluate, flights_of, pairings
from missions.moments import Moment

SOYUZ, DRAGON = "Roscosmos", "NASA"


def mission(name, launch, landing=None, operator=SOYUZ, seats=3, status="planned"):
    return MissionFacts(
        key=name,
        name=name,
        status=status,
        launch=Moment.parse(launch),
        landing=Moment.parse(landing) if landing else None,
        spacecraft="Soyuz MS" if operator == SOYUZ else "Crew Dragon",
        seat_count=seats,
        operator_key=operator,
        operator=operator,
        is_record=status in {"launched", "landed"},
        flies=status != "scrubbed",
    )


def seat(
    m,
    person="Frank Rubio",
    leg="ascent",
    number=1,
    agency=None,
    role="flight_engineer",
    agreement=None,
    pending=False,
):
    agency = agency or m.operator_key  # an own-agency seat unless the test says otherwise
    return SeatFacts(
        key=(m.name, leg, number, person),
        mission=m,
        leg=leg,
        seat=number,
        role=role,
        person_key=person,
        person=person,
        agency_key=agency,
        agency=agency,
        agreement=agreement,
        pending=pending,
    )


def codes(problems):
    return sorted(p.code for p in problems)


class TestFlights:
    def test_a_return_on_another_mission_closes_the_ascent(self):
        ms22 = mission("Soyuz MS-22", "2022-09-21T13:54Z", "2023-03-28")
        ms23 = mission("Soyuz MS-23", "2023-02-24T00:24Z", "2023-09-27T11:17Z")
        (flight,), problems = flights_of([seat(ms23, leg="return"), seat(ms22)])
        assert problems == []
        assert flight.describe() == "Soyuz MS-22 from 2022-09-21 to 2023-09-27 (returning on Soyuz MS-23)"
        assert flight.end == dt.datetime(2023, 9, 27, 11, 17, tzinfo=dt.UTC)

    def test_a_date_without_a_time_covers_the_whole_day(self):
        m = mission("Soyuz MS-22", "2022-09-21", "2023-03-28")
        (flight,), _ = flights_of([seat(m)])
        assert flight.start == dt.datetime(2022, 9, 21, tzinfo=dt.UTC)
        assert flight.end == dt.datetime(2023, 3, 29, tzinfo=dt.UTC)

    def test_a_handover_at_the_same_instant_is_no_overlap(self):
        first = mission("A", "2030-01-01T10:00Z", "2030-06-01T12:00Z")
        second = mission("B", "2030-06-01T12:00Z", "2030-12-01T12:00Z")
        assert (
            evaluate([seat(first), seat(first, leg="return"), seat(second), seat(second, leg="return")]) == []
        )

    def test_a_minute_of_overlap_is_an_overlap(self):
        first = mission("A", "2030-01-01T10:00Z", "2030-06-01T12:01Z")
        second = mission("B", "2030-06-01T12:00Z", "2030-12-01T12:00Z")
        assert codes(evaluate([seat(first), seat(second)])) == ["overlap"]

    def test_no_landing_is_open_ended(self):
        first = mission("A", "2030-01-01", None)
        later = mission("B", "2045-01-01", "2045-06-01")
        (problem,) = evaluate([seat(first), seat(later)])
        assert "A from 2030-01-01 to an open-ended landing" in problem.message

    def test_a_person_who_flies_twice(self):
        flights, problems = flights_of(
            [
                seat(mission("A", "2030-01-01", "2030-06-01")),
                seat(mission("A", "2030-01-01", "2030-06-01"), leg="return"),
                seat(mission("B", "2032-01-01", "2032-06-01")),
                seat(mission("C", "2032-02-01", "2032-09-01"), leg="return"),
            ]
        )
        assert problems == []
        assert [(f.anchor.mission.name, f.end_moment.isoformat()) for f in flights] == [
            ("A", "2030-06-01"),
            ("B", "2032-09-01"),
        ]

    def test_an_ascent_whose_return_leg_is_missing_ends_at_its_own_landing(self):
        """A gap in the record (no return leg for an old flight) does not swallow the next flight's return."""
        old = mission("Old", "2010-01-01", "2010-06-01", status="landed")
        up = mission("Starliner CFT", "2024-06-05", "2024-09-07")
        down = mission("Crew-9", "2024-09-28", "2025-03-18")
        flights, problems = flights_of([seat(old), seat(up), seat(down, leg="return")])
        assert problems == []
        assert [f.describe() for f in flights] == [
            "Old from 2010-01-01 to 2010-06-01 (no return leg on file)",
            "Starliner CFT from 2024-06-05 to 2025-03-18 (returning on Crew-9)",
        ]

    def test_a_return_with_no_ascent_before_it_is_a_problem(self):
        (problem,) = evaluate([seat(mission("A", "2030-01-01", "2030-06-01"), leg="return")])
        assert problem.code == "return_before_ascent"

    def test_a_scrubbed_mission_carries_nobody(self):
        first = mission("A", "2030-01-01", "2030-06-01")
        scrubbed = mission("B", "2030-02-01", "2030-03-01", status="scrubbed")
        assert evaluate([seat(first), seat(scrubbed)]) == []

    def test_stored_pairs_are_kept_when_a_launch_moves(self):
        """Moving a planned launch between a recorded ascent and its return cannot re-pair them."""
        ms22 = mission("Soyuz MS-22", "2022-09-21", "2023-03-28", status="landed")
        ms23 = mission("Soyuz MS-23", "2023-02-24", "2023-09-27", status="landed")
        planned = mission("Crew-90", "2023-10-01", "2024-03-01", operator=DRAGON)
        before = [seat(ms22), seat(ms23, leg="return"), seat(planned)]
        pairs = pairings(before)
        moved = mission("Crew-90", "2023-09-01", "2024-03-01", operator=DRAGON)
        after = [seat(ms22), seat(ms23, leg="return"), seat(moved)]
        assert codes(evaluate(after, pairs=pairs)) == ["overlap"]

    def test_a_period_with_no_flights_has_no_problems(self):
        assert evaluate([]) == []
        assert flights_of([]) == ([], [])


class TestSeatsAndAgreements:
    agreement = AgreementFacts(
        key="integrated",
        name="Integrated",
        agency_a_key="NASA",
        agency_b_key="Roscosmos",
        agency_a="NASA",
        agency_b="Roscosmos",
        in_force_from=dt.date(2022, 7, 15),
        in_force_to=None,
        seats_a_on_b=1,
        seats_b_on_a=1,
    )

    def test_clashes_are_reported_on_the_candidate(self):
        m = mission("A", "2030-01-01", "2030-06-01")
        stored = seat(m, person="Sergey Prokopyev", agency="Roscosmos", role="commander")
        candidate = seat(m, person="Dmitry Petelin", agency="Roscosmos", role="commander", pending=True)
        problems = evaluate([candidate, stored])
        assert {p.code for p in problems} == {"seat_taken", "second_commander"}
        assert all(p.seat is candidate for p in problems)

    def test_the_later_seat_is_the_one_over_the_allotment(self):
        early = seat(
            mission("A", "2030-01-01", "2030-02-01"), agency="NASA", agreement=self.agreement, number=3
        )
        late = seat(
            mission("B", "2031-01-01", "2031-02-01"),
            person="Nicole Mann",
            agency="NASA",
            agreement=self.agreement,
            number=3,
        )
        (problem,) = evaluate([late, early])
        assert problem.code == "no_seats_left" and problem.seat is late

    def test_seats_are_counted_on_ascents_only(self):
        a = mission("A", "2030-01-01", "2030-02-01")
        assert (
            evaluate(
                [
                    seat(a, agency="NASA", agreement=self.agreement),
                    seat(a, leg="return", agency="NASA", agreement=self.agreement),
                ]
            )
            == []
        )
