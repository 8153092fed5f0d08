"""The seat rules through the model layer: allowed, refused on a planned mission, warned on a flown one."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from crews.models import SeatAssignment
from crews.rules import mission_warnings
from crews.selectors import profile_of
from crews.tests.factories import CrewMemberFactory
from crews.tests.world import assign


def messages(exc: ValidationError) -> list[str]:
    return [m for ms in exc.message_dict.values() for m in ms]


def warnings_of(mission) -> list[str]:
    return [p.message for p in mission_warnings(mission)]


# --- Rule 1: seats ---------------------------------------------------------------------------


class TestSeatNumbers:
    def test_seat_within_the_spacecraft_is_allowed(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assert assign(mission, world.prokopyev, 3).pk

    def test_seat_beyond_the_spacecraft_is_refused_on_a_planned_mission(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.prokopyev, 4)
        assert exc.value.message_dict["seat"] == [
            "Seat 4 does not exist on Soyuz MS-90: Soyuz MS has seats 1 to 3."
        ]
        assert not SeatAssignment.objects.exists()

    def test_seat_beyond_the_spacecraft_is_refused_on_a_flown_mission_too(self, world):
        """A seat the vehicle does not have cannot have been flown: refused whatever the status."""
        mission = world.soyuz_mission("Soyuz MS-19", "2021-10-05", "2022-03-30", status="landed")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.prokopyev, 4)
        assert "seat" in exc.value.message_dict
        with pytest.raises(ValidationError):
            assign(mission, world.prokopyev, 0)

    def test_a_flown_seat_beyond_a_lowered_seat_count_is_warned(self, world):
        """Lowering a spacecraft's seat count never rewrites the record: flown missions show a warning."""
        mission = world.dragon_mission("SpaceX Crew-5", "2022-10-05", "2023-03-12", status="landed")
        assign(mission, world.mann, 4)
        world.dragon.seat_count = 3
        world.dragon.full_clean()
        world.dragon.save()
        assert warnings_of(mission) == [
            "Seat 4 does not exist on SpaceX Crew-5: Crew Dragon has seats 1 to 3."
        ]

    def test_a_held_seat_is_refused_with_the_holders_name(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(mission, world.prokopyev, 1, role="commander")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.petelin, 1)
        assert exc.value.message_dict["seat"] == [
            "Seat 1 on the ascent of Soyuz MS-90 is already held by Sergey Prokopyev."
        ]

    def test_a_held_seat_is_refused_on_a_flown_mission_too(self, world):
        """Two people in one seat cannot have happened: the database refuses it whatever the status."""
        mission = world.soyuz_mission("Soyuz MS-19", "2021-10-05", "2022-03-30", status="landed")
        assign(mission, world.prokopyev, 1)
        with pytest.raises(ValidationError):
            assign(mission, world.petelin, 1)
        with pytest.raises(IntegrityError), transaction.atomic():
            SeatAssignment.objects.create(
                mission=mission, leg="ascent", seat=1, role="pilot", crew_member=world.petelin
            )

    def test_the_same_seat_on_the_other_leg_is_allowed(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(mission, world.prokopyev, 1)
        assign(mission, world.petelin, 2)
        assert assign(mission, world.petelin, 1, leg="return").pk

    def test_a_person_twice_on_one_leg_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(mission, world.prokopyev, 1)
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.prokopyev, 2)
        assert exc.value.message_dict["crew_member"] == [
            "Sergey Prokopyev already has seat 1 on the ascent of Soyuz MS-90."
        ]

    def test_a_second_commander_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(mission, world.prokopyev, 1, role="commander")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.petelin, 2, role="commander")
        assert exc.value.message_dict["role"] == [
            "Soyuz MS-90 already has a commander on the ascent: Sergey Prokopyev."
        ]
        with pytest.raises(IntegrityError), transaction.atomic():
            SeatAssignment.objects.create(
                mission=mission, leg="ascent", seat=2, role="commander", crew_member=world.petelin
            )

    def test_one_commander_on_each_leg_is_allowed(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(mission, world.prokopyev, 1, role="commander")
        assert assign(mission, world.prokopyev, 1, leg="return", role="commander").pk

    def test_editing_a_seat_in_place_is_allowed(self, world):
        """A seat is not a clash with itself: its own stored row does not hold the seat against it."""
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        seat = assign(mission, world.prokopyev, 1)
        seat.role = "commander"
        seat.full_clean()
        seat.save()
        assert list(mission.seat_assignments.values_list("pk", "seat", "role", "crew_member__name")) == [
            (seat.pk, 1, "commander", "Sergey Prokopyev")
        ]
        assert mission_warnings(mission) == []

    def test_cutting_a_spacecrafts_seats_below_a_planned_seat_is_refused(self, world):
        mission = world.dragon_mission("SpaceX Crew-90", "2031-03-01", "2031-09-01")
        assign(mission, world.mann, 4)
        world.dragon.seat_count = 3
        with pytest.raises(ValidationError) as exc:
            world.dragon.full_clean()
        assert "Seat 4 does not exist on SpaceX Crew-90: Crew Dragon has seats 1 to 3." in messages(exc.value)


# --- Rule 2: nobody aboard two flights at once -------------------------------------------------


class TestFlightsInTime:
    def test_the_conflict_is_named(self, world):
        world.flown_rubio()
        planned = world.dragon_mission("SpaceX Crew-90", "2023-01-10", "2023-06-01")
        with pytest.raises(ValidationError) as exc:
            assign(planned, world.rubio, 1)
        (message,) = exc.value.message_dict["crew_member"]
        assert message.startswith(
            "Frank Rubio is already aboard Soyuz MS-22 from 2022-09-21 to 2023-09-27 (returning on Soyuz MS-23)"
        )
        assert "SpaceX Crew-90 runs from 2023-01-10 to 2023-06-01" in message
        assert not planned.seat_assignments.exists()

    def test_a_flight_after_the_return_is_allowed(self, world):
        world.flown_rubio()
        planned = world.dragon_mission("SpaceX Crew-90", "2023-09-28", "2024-03-01")
        assert assign(planned, world.rubio, 1).pk

    def test_without_a_return_leg_the_flight_runs_to_its_own_landing(self, world):
        world.integrated.in_force_to = None
        world.integrated.save()
        first = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(first, world.rubio, 3, agreement=world.integrated)
        clash = world.dragon_mission("SpaceX Crew-90", "2031-08-01", "2032-01-01")
        with pytest.raises(ValidationError) as exc:
            assign(clash, world.rubio, 1)
        assert (
            "Frank Rubio is already aboard Soyuz MS-90 from 2031-03-01 to 2031-09-01 (no return leg on file)"
            in (exc.value.message_dict["crew_member"][0])
        )
        later = world.dragon_mission("SpaceX Crew-91", "2031-09-02", "2032-01-01")
        assert assign(later, world.rubio, 1).pk

    def test_with_no_landing_at_all_the_flight_is_open_ended(self, world):
        first = world.dragon_mission("SpaceX Crew-90", "2031-03-01", None)
        assign(first, world.mann, 1)
        much_later = world.dragon_mission("SpaceX Crew-91", "2039-01-01", "2039-06-01")
        with pytest.raises(ValidationError) as exc:
            assign(much_later, world.mann, 1)
        assert "from 2031-03-01 to an open-ended landing" in exc.value.message_dict["crew_member"][0]

    def test_a_return_on_another_mission_extends_the_flight(self, world):
        up = world.dragon_mission("SpaceX Crew-90", "2031-03-01", "2031-04-01")
        down = world.dragon_mission("SpaceX Crew-91", "2031-03-15", "2031-12-01")
        assign(up, world.mann, 1)
        assign(down, world.mann, 3, leg="return")
        between = world.dragon_mission("SpaceX Crew-92", "2031-06-01", "2031-07-01")
        with pytest.raises(ValidationError) as exc:
            assign(between, world.mann, 1)
        assert (
            "Nicole Mann is already aboard SpaceX Crew-90 from 2031-03-01 to 2031-12-01 (returning on SpaceX Crew-91)"
            in (exc.value.message_dict["crew_member"][0])
        )

    def test_a_return_before_any_ascent_is_refused(self, world):
        down = world.dragon_mission("SpaceX Crew-90", "2031-01-01", "2031-03-01")
        up = world.dragon_mission("SpaceX Crew-91", "2031-05-01", "2031-09-01")
        assign(up, world.mann, 1)
        with pytest.raises(ValidationError) as exc:
            assign(down, world.mann, 1, leg="return")
        assert exc.value.message_dict["crew_member"] == [
            "A return may not come before its ascent: Nicole Mann returns on SpaceX Crew-90 (landing 2031-03-01) "
            "with no ascent before it on file."
        ]

    def test_overlap_on_the_record_is_stored_and_warned_on_both_missions(self, world):
        ms22, _ms23 = world.flown_rubio()
        other = world.dragon_mission(
            "SpaceX Crew-5", "2022-10-05T16:00Z", "2023-03-12T02:02Z", status="landed"
        )
        assign(other, world.rubio, 4)
        expected = (
            "Frank Rubio is already aboard Soyuz MS-22 from 2022-09-21 to 2023-09-27 (returning on Soyuz MS-23); "
            "this flight on SpaceX Crew-5 runs from 2022-10-05 to 2023-03-12."
        )
        assert expected in warnings_of(other)
        assert expected in warnings_of(ms22)

    def test_moving_a_planned_launch_into_another_flight_is_refused(self, world):
        world.flown_rubio()
        planned = world.dragon_mission("SpaceX Crew-90", "2023-10-01", "2024-03-01")
        assign(planned, world.rubio, 1)
        planned.launch_date = dt.date(2023, 9, 1)
        with pytest.raises(ValidationError) as exc:
            planned.full_clean()
        assert any(m.startswith("Frank Rubio is already aboard Soyuz MS-22") for m in messages(exc.value))

    def test_a_scrubbed_mission_does_not_count(self, world):
        world.flown_rubio()
        scrubbed = world.dragon_mission("SpaceX Crew-90", "2023-01-10", "2023-06-01", status="scrubbed")
        assert assign(scrubbed, world.rubio, 1).pk


# --- Rule 3: cross-agency seats and agreements --------------------------------------------------


class TestCrossAgencySeats:
    def test_a_cross_agency_seat_under_an_agreement_is_allowed(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        assert assign(mission, world.rubio, 3, agreement=world.integrated).pk

    def test_a_cross_agency_seat_without_an_agreement_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.rubio, 3)
        assert exc.value.message_dict["agreement"] == [
            "Frank Rubio (NASA) has a cross-agency seat on Roscosmos's Soyuz MS (Soyuz MS-90): "
            "name an agreement between NASA and Roscosmos."
        ]

    def test_a_cross_agency_seat_without_an_agreement_is_warned_on_a_flown_mission(self, world):
        mission = world.dragon_mission("SpaceX Crew-6", "2023-03-02", "2023-09-04", status="landed")
        alneyadi = CrewMemberFactory(name="Sultan Alneyadi", agency__short_name="MBRSC")
        assign(mission, alneyadi, 3)
        assert warnings_of(mission) == [
            "Sultan Alneyadi (MBRSC) has a cross-agency seat on NASA's Crew Dragon (SpaceX Crew-6): "
            "name an agreement between MBRSC and NASA."
        ]

    def test_a_return_leg_needs_no_agreement(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        assign(mission, world.rubio, 3, agreement=world.integrated)
        assert assign(mission, world.rubio, 3, leg="return").pk

    def test_an_agreement_not_in_force_on_the_launch_date_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2027-03-01", "2027-09-01")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.rubio, 3, agreement=world.integrated)
        assert exc.value.message_dict["agreement"] == [
            "NASA–Roscosmos integrated crew agreement is not in force on 2027-03-01, the launch of Soyuz MS-90 "
            "(in force 2022-07-15 to 2025-12-31)."
        ]

    def test_an_agreement_between_other_agencies_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.cristoforetti, 3, agreement=world.integrated)
        assert exc.value.message_dict["agreement"] == [
            "NASA–Roscosmos integrated crew agreement is between NASA and Roscosmos; "
            "it does not cover ESA crew on Roscosmos vehicles."
        ]

    def test_an_agreement_on_an_own_agency_seat_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-90", "2024-03-01", "2024-09-01")
        with pytest.raises(ValidationError) as exc:
            assign(mission, world.prokopyev, 1, agreement=world.integrated)
        assert "no agreement applies" in exc.value.message_dict["agreement"][0]

    def test_no_seats_left_is_refused_and_names_the_holders(self, world):
        """Two seats each way: NASA's third Soyuz seat is refused; Roscosmos's direction is separate."""
        for n, person in enumerate([world.rubio, world.mann], start=1):
            mission = world.soyuz_mission(f"Soyuz MS-9{n}", f"202{2 + n}-03-01", f"202{2 + n}-09-01")
            assign(mission, person, 3, agreement=world.integrated)
        third = world.soyuz_mission("Soyuz MS-93", "2025-10-01", "2026-03-01")
        with pytest.raises(ValidationError) as exc:
            assign(third, world.cassada, 3, agreement=world.integrated)
        assert exc.value.message_dict["agreement"] == [
            "No seats left for NASA crew on Roscosmos vehicles under NASA–Roscosmos integrated crew agreement: "
            "all 2 are taken: Frank Rubio (Soyuz MS-91); Nicole Mann (Soyuz MS-92)."
        ]
        dragon = world.dragon_mission("SpaceX Crew-90", "2025-10-01", "2026-03-01")
        assert assign(dragon, world.kikina, 4, agreement=world.integrated).pk

    def test_seats_over_the_allotment_on_the_record_are_warned(self, world):
        world.integrated.seats_b_on_a = 1
        world.integrated.save()
        for n, person in enumerate([world.kikina, world.petelin], start=1):
            mission = world.dragon_mission(
                f"SpaceX Crew-{n}", f"202{2 + n}-10-01", f"202{3 + n}-03-01", status="landed"
            )
            assign(mission, person, 4, agreement=world.integrated)
        second = world.petelin.seat_assignments.get().mission
        assert warnings_of(second) == [
            "No seats left for Roscosmos crew on NASA vehicles under NASA–Roscosmos integrated crew agreement: "
            "all 1 are taken: Anna Kikina (SpaceX Crew-1)."
        ]

    def test_a_scrubbed_mission_gives_its_agreement_seat_back(self, world):
        world.integrated.seats_a_on_b = 1
        world.integrated.save()
        first = world.soyuz_mission("Soyuz MS-91", "2024-03-01", "2024-09-01")
        assign(first, world.rubio, 3, agreement=world.integrated)
        second = world.soyuz_mission("Soyuz MS-92", "2024-10-01", "2025-03-01")
        with pytest.raises(ValidationError):
            assign(second, world.mann, 3, agreement=world.integrated)
        first.status = "scrubbed"
        first.full_clean()
        first.save()
        assert assign(second, world.mann, 3, agreement=world.integrated).pk

    def test_cutting_an_agreement_below_its_planned_seats_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-91", "2024-03-01", "2024-09-01")
        assign(mission, world.rubio, 3, agreement=world.integrated)
        world.integrated.seats_a_on_b = 0
        with pytest.raises(ValidationError) as exc:
            world.integrated.full_clean()
        assert "No seats left for NASA crew on Roscosmos vehicles" in messages(exc.value)[0]

    def test_ending_an_agreement_before_a_planned_flight_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-91", "2025-03-01", "2025-09-01")
        assign(mission, world.rubio, 3, agreement=world.integrated)
        world.integrated.in_force_to = dt.date(2024, 12, 31)
        with pytest.raises(ValidationError) as exc:
            world.integrated.full_clean()
        assert "is not in force on 2025-03-01" in messages(exc.value)[0]

    def test_moving_a_crew_member_to_another_agency_that_breaks_a_planned_seat_is_refused(self, world):
        mission = world.soyuz_mission("Soyuz MS-91", "2025-03-01", "2025-09-01")
        assign(mission, world.rubio, 3, agreement=world.integrated)
        world.rubio.agency = world.esa
        with pytest.raises(ValidationError) as exc:
            world.rubio.full_clean()
        assert "does not cover ESA crew on Roscosmos vehicles" in messages(exc.value)[0]


class TestRecordChanges:
    def test_recording_a_flown_mission_is_never_refused_for_what_it_breaks(self, world):
        """Marking a mission launched stores it as it happened; the broken rules become warnings."""
        mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01", "2031-09-01")
        assign(mission, world.prokopyev, 1)
        SeatAssignment.objects.create(
            mission=mission, leg="ascent", seat=3, role="flight_engineer", crew_member=world.rubio
        )
        mission.status = "launched"
        mission.full_clean()
        mission.save()
        assert len(warnings_of(mission)) == 1


class TestReviewedCases:
    def test_moving_a_planned_mission_into_an_earlier_flown_one_is_refused(self, world):
        """The overlap is reported on the flown flight's seat; it still refuses the planned change."""
        flown = world.soyuz_mission("Soyuz MS-80", "2023-03-01", "2023-09-01", status="landed")
        assign(flown, world.prokopyev, 1)
        assign(flown, world.prokopyev, 1, leg="return")
        planned = world.soyuz_mission("Soyuz MS-99", "2024-01-01", "2024-06-01")
        assign(planned, world.prokopyev, 1)
        assign(planned, world.prokopyev, 1, leg="return")
        planned.launch_date = dt.date(2023, 2, 1)
        with pytest.raises(ValidationError) as exc:
            planned.full_clean()
        assert (
            "Sergey Prokopyev is already aboard Soyuz MS-99 from 2023-02-01 to 2024-06-01"
            in messages(exc.value)[0]
        )

    def test_a_return_on_a_mission_whose_landing_is_not_set_yet(self, world):
        """The return vehicle launched before the person's ascent; its landing is not known: open-ended."""
        ride_home = world.soyuz_mission("Soyuz MS-91", "2024-01-01", None)
        up = world.dragon_mission("SpaceX Crew-91", "2024-02-01", "2024-08-01")
        assign(up, world.prokopyev, 1, agreement=world.integrated)
        assert assign(ride_home, world.prokopyev, 1, leg="return").pk

    def test_moving_a_return_to_another_mission_pairs_it_afresh(self, world):
        first = world.soyuz_mission("Soyuz MS-90", "2031-01-01", "2031-06-01")
        second = world.soyuz_mission("Soyuz MS-91", "2031-04-01", "2031-10-01")
        later = world.soyuz_mission("Soyuz MS-94", "2032-01-01", "2032-06-01")
        assign(first, world.prokopyev, 1)
        return_leg = assign(second, world.prokopyev, 1, leg="return")
        assign(later, world.prokopyev, 1)
        return_leg.mission = later
        return_leg.full_clean()  # the same end state as releasing it and adding it on MS-94
        return_leg.save()
        # MS-90's crew now comes home with MS-90 (no return leg on file), MS-94's return closes MS-94's ascent.
        flights = [line.flight.describe() for line in profile_of(world.prokopyev).flights]
        assert flights == [
            "Soyuz MS-90 from 2031-01-01 to 2031-06-01 (no return leg on file)",
            "Soyuz MS-94 from 2032-01-01 to 2032-06-01",
        ]
        assert [mission_warnings(m) for m in (first, second, later)] == [[], [], []]
