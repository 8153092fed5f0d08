"""Dates known to the year or month, and seats without numbers, after review: what is certain is refused,
what is only possible is warned; backward dates are form errors; the record's gaps never open a plan's."""

import pytest
from django.core.exceptions import ValidationError

from crews.rules import MissionFacts, SeatFacts, evaluate
from crews.rules.flights import flights_of
from crews.tests.world import assign
from missions.moments import Moment


def facts(name, launch, landing, *, status="landed", seats=3, flown=None):
    launch, landing = Moment.parse(launch), Moment.parse(landing) if landing else None
    if flown is None:
        flown = {"launched": {"ascent"}, "landed": {"ascent", "return"}}.get(status, set())
    return MissionFacts(key=name, name=name, status=status, launch=launch, landing=landing, spacecraft="Soyuz",
                        seat_count=seats, operator_key="R", operator="Roscosmos",
                        is_record=status in {"launched", "landed"}, flown_legs=frozenset(flown))  # fmt: skip


def aboard(mission, person="Sergey Prokopyev", leg="ascent", number=1, pending=False):
    return SeatFacts(key=(mission.name, leg, person, number), mission=mission, leg=leg, seat=number,
                     role="flight_engineer", person_key=person, person=person, agency_key="R", agency="Roscosmos",
                     pending=pending)  # fmt: skip


class TestWhatIsCertain:
    """Finding 1: a flight has surely begun by the latest its launch can be, and never after its landing."""

    def test_a_launch_known_to_the_year_has_happened_by_its_landing_day(self):
        # Launched some time in 1995, landed on 20 December 1995: aboard, surely, on 20 December.
        (flight,), _ = flights_of([aboard(facts("Soyuz TM-21", "1995", "1995-12-20"))])
        assert (flight.sure_start.date().isoformat(), flight.sure_end.date().isoformat()) == (
            "1995-12-21",
            "1995-12-21",
        )

    def test_flights_both_launched_in_1995_landing_five_days_apart_only_may_overlap(self):
        # Either may have been the first: the one landing on the 20th may have launched and landed before the
        # other launched on the 21st, or been up all year with it.
        first = aboard(facts("Soyuz TM-21", "1995", "1995-12-20"))
        second = aboard(facts("Soyuz TM-22", "1995", "1995-12-25"))
        (problem,) = evaluate([first, second])
        assert (problem.code, problem.possible) == ("possible_overlap", True)

    def test_a_flight_up_on_the_10th_surely_overlaps_one_landing_on_the_20th(self):
        first = aboard(facts("Soyuz TM-21", "1995", "1995-12-20"))
        second = aboard(facts("Soyuz TM-22", "1995-12-10", "1995-12-25"))
        (problem,) = evaluate([first, second])
        assert (problem.code, problem.possible) == ("overlap", False)
        assert problem.message == (
            "Sergey Prokopyev is already aboard Soyuz TM-21 from 1995 to 1995-12-20 (no return leg on file); this "
            "flight on Soyuz TM-22 runs from 1995-12-10 to 1995-12-25."
        )

    def test_a_plan_that_surely_overlaps_the_record_is_refused(self, world):
        old = world.soyuz_mission("Soyuz TM-21", "1995-01-01", "1995-12-20", status="landed")
        old.launch_precision = "year"
        old.save()
        assign(old, world.prokopyev, 1)
        planned = world.soyuz_mission("Soyuz TM-22", "1995-12-10", "1995-12-25")
        with pytest.raises(ValidationError, match="Sergey Prokopyev is already aboard Soyuz TM-21 from 1995 to"):
            assign(planned, world.prokopyev, 1)
        assert not planned.seat_assignments.exists()
