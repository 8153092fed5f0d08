"""Continuity computations on plain data (no database)."""

import datetime as dt

from crews.continuity.stays import (
    OPEN,
    Stay,
    Vehicle,
    aboard,
    all_aboard_from,
    coverage,
    docked,
    free_seats,
    gaps,
    ground,
)


def t(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


def vehicle(name, start, end, craft="dragon", seats=4, operator="NASA"):
    return Vehicle(name, name, craft, craft, operator, seats, t(start), t(end) if end else None)


def stay(person, agency, start, end, ascent_vehicle=None, return_vehicle=None):
    return Stay(person, person, agency, t(start), t(end) if end else None, ascent_vehicle, return_vehicle)


PERIOD = (t("2030-01-01"), t("2031-01-01"))


def test_a_handover_at_the_same_instant_leaves_no_gap():
    stays = [
        stay("a", "NASA", "2029-12-01", "2030-06-01T12:00"),
        stay("b", "NASA", "2030-06-01T12:00", "2031-06-01"),
    ]
    assert gaps(stays, ["NASA"], *PERIOD) == []


def test_a_gap_between_two_stays():
    stays = [stay("a", "NASA", "2029-12-01", "2030-06-01"), stay("b", "NASA", "2030-06-11", "2031-06-01")]
    (gap,) = gaps(stays, ["NASA"], *PERIOD)
    assert (gap.agency, gap.start, gap.end, gap.days) == ("NASA", t("2030-06-01"), t("2030-06-11"), 10.0)


def test_a_stay_with_no_known_landing_runs_on():
    stays = [stay("a", "NASA", "2029-12-01", None)]
    assert gaps(stays, ["NASA"], *PERIOD) == []
    assert coverage(stays) == [(t("2029-12-01"), OPEN, True)]


def test_a_person_who_flies_twice_counts_for_both_stays():
    stays = [
        stay("a", "NASA", "2029-12-01", "2030-05-01T08:00"),
        stay("a", "NASA", "2030-05-01T20:00", "2031-02-01"),
    ]
    assert [(g.start, g.end) for g in gaps(stays, ["NASA"], *PERIOD)] == [
        (t("2030-05-01T08:00"), t("2030-05-01T20:00"))
    ]
    assert [s.person for s in aboard(stays, dt.date(2030, 5, 1))] == ["a", "a"]


def test_a_period_with_no_flights_at_all_is_one_gap_per_agency():
    found = gaps([], ["NASA", "Roscosmos"], *PERIOD)
    assert [(g.agency, g.start, g.end) for g in found] == [
        ("NASA", *PERIOD),
        ("Roscosmos", *PERIOD),
    ]


def test_gaps_at_the_edges_of_the_period():
    stays = [stay("a", "Roscosmos", "2030-03-01", "2030-09-01")]
    assert [(g.start, g.end) for g in gaps(stays, ["Roscosmos"], *PERIOD)] == [
        (t("2030-01-01"), t("2030-03-01")),
        (t("2030-09-01"), t("2031-01-01")),
    ]


def test_overlapping_and_nested_stays_merge():
    stays = [
        stay("a", "NASA", "2030-01-01", "2030-12-01"),
        stay("b", "NASA", "2030-02-01", "2030-03-01"),
        stay("c", "NASA", "2030-11-01", "2031-02-01"),
    ]
    assert coverage(stays) == [(t("2030-01-01"), t("2031-02-01"), True)]


def test_the_first_moment_everyone_required_is_aboard():
    stays = [
        stay("a", "Roscosmos", "2030-03-18", "2030-09-29"),
        stay("b", "NASA", "2030-04-27", "2030-10-14"),
    ]
    assert all_aboard_from(stays, ["NASA", "Roscosmos"]) == t("2030-04-27")
    assert all_aboard_from(stays[:1], ["NASA", "Roscosmos"]) is None


def test_aboard_on_a_day_and_vehicles_docked():
    ride = vehicle("Crew-5", "2030-01-01", "2030-06-01")
    stays = [
        stay("b", "NASA", "2030-01-01", "2030-06-01", ride, ride),
        stay("a", "ESA", "2030-01-01", "2030-02-01T10:00"),
    ]
    assert [s.person for s in aboard(stays, dt.date(2030, 2, 1))] == ["a", "b"]  # by agency, then name
    assert [s.person for s in aboard(stays, dt.date(2030, 2, 2))] == ["b"]
    assert docked([ride], dt.date(2030, 5, 31)) == [ride] and docked([ride], dt.date(2030, 6, 1)) == []


class TestGrounding:
    soyuz_up = vehicle("MS-22", "2030-01-01", "2030-07-01", craft="soyuz", seats=3, operator="Roscosmos")
    soyuz_down = vehicle("MS-23", "2030-03-01", "2030-10-01", craft="soyuz", seats=3, operator="Roscosmos")
    dragon = vehicle("Crew-5", "2030-02-01", "2030-08-01")
    later_soyuz = vehicle("MS-24", "2030-09-01", "2031-03-01", craft="soyuz", seats=3, operator="Roscosmos")

    def stays(self):
        return [
            stay("Prokopyev", "Roscosmos", "2030-01-01", "2030-10-01", self.soyuz_up, self.soyuz_down),
            stay("Rubio", "NASA", "2030-01-01", "2030-10-01", self.soyuz_up, self.soyuz_down),
            stay("Mann", "NASA", "2030-02-01", "2030-08-01", self.dragon, self.dragon),
            stay("Kononenko", "Roscosmos", "2030-09-01", "2031-03-01", self.later_soyuz, self.later_soyuz),
        ]

    def vehicles(self):
        return [self.soyuz_up, self.soyuz_down, self.dragon, self.later_soyuz]

    def test_people_whose_ride_home_is_grounded_have_none(self):
        scenario = ground(self.stays(), self.vehicles(), "soyuz", t("2030-02-15"))
        assert [v.name for v in scenario.grounded] == ["MS-23", "MS-24"]
        assert [(s.person, s.grounded_ride.name, s.end) for s in scenario.stranded] == [
            ("Prokopyev", "MS-23", None),
            ("Rubio", "MS-23", None),
        ]
        assert "Kononenko" not in [s.person for s in scenario.stays]  # was to go up on a grounded mission

    def test_free_seats_on_the_vehicles_still_flying(self):
        scenario = ground(self.stays(), self.vehicles(), "soyuz", t("2030-02-15"))
        assert [(v.name, n) for v, n in free_seats(scenario, t("2030-02-15"))] == [
            ("MS-22", 3),
            ("Crew-5", 3),
        ]

    def test_grounding_the_other_vehicle_keeps_everyone_a_ride(self):
        scenario = ground(self.stays(), self.vehicles(), "dragon", t("2030-03-01"))
        assert scenario.grounded == [] and scenario.stranded == []

    def test_a_gap_appears_when_the_only_ride_up_is_grounded(self):
        recorded = gaps(self.stays(), ["Roscosmos"], t("2030-01-01"), t("2031-01-01"))
        assert recorded == []
        prokopyev_goes_home = [s for s in self.stays() if s.person != "Prokopyev"] + [
            stay("Prokopyev", "Roscosmos", "2030-01-01", "2030-07-01", self.soyuz_up, self.soyuz_up)
        ]
        scenario = ground(prokopyev_goes_home, self.vehicles(), "soyuz", t("2030-06-01"))
        (gap,) = gaps(scenario.stays, ["Roscosmos"], t("2030-01-01"), t("2031-01-01"))
        assert (gap.start, gap.end) == (t("2030-07-01"), t("2031-01-01"))


def test_free_seats_count_people_who_come_home_in_the_vehicle_that_brought_them():
    crew_90 = vehicle("Crew-90", "2030-01-01", "2030-06-01")
    stays = [stay(p, "NASA", "2030-01-01", "2030-06-01", crew_90, None) for p in "abc"]
    scenario = ground(stays, [crew_90], "soyuz", t("2030-02-01"))
    assert [(v.name, n) for v, n in free_seats(scenario, t("2030-02-01"))] == [("Crew-90", 1)]
