"""Rule 6 (issue 14's hard rules the seat rules did not hold yet): nobody flies while unavailable, nor flies up in
training with a planned completion after the launch. On plain data, through the services, the planners' form,
the admin, the roster import and the planning assistant; an unavailability entered after the seat is a warning.
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from crews import services
from crews.models import Qualification, SeatAssignment, Unavailability
from crews.planning import INFEASIBLE, propose
from crews.planning.from_db import world_from_db
from crews.roster_csv.importer import roster_import
from crews.rules import MissionFacts, SeatFacts, evaluate, mission_warnings
from crews.rules.data import AwayFacts, TrainingFacts
from crews.tests.factories import QualificationFactory
from crews.tests.helpers import PLANNED, csv_text, field_errors, seat_post, text
from crews.tests.world import assign
from missions.models import Mission
from missions.moments import Moment
from missions.tests.factories import AgreementFactory

MEDICAL = AwayFacts("m", dt.date(2027, 3, 1), dt.date(2027, 4, 15), "medical")


def mission(name, launch, landing=None, status="planned"):
    return MissionFacts(
        key=name, name=name, status=status, launch=Moment.parse(launch),
        landing=Moment.parse(landing) if landing else None, spacecraft="Crew Dragon", seat_count=4,
        operator_key="NASA", operator="NASA", is_record=status in {"launched", "landed"},
        flown_legs=frozenset({"ascent", "return"} if status == "landed" else ()),
    )  # fmt: skip


def seat(m, leg="ascent", away=(MEDICAL,), training=None, person="Frank Rubio"):
    return SeatFacts(
        key=(m.name, leg, person), mission=m, leg=leg, seat=2, role="pilot", person_key=person, person=person,
        agency_key="NASA", agency="NASA", away=away, training=training,
    )  # fmt: skip


CREW_14 = mission("SpaceX Crew-14", "2027-03-15", "2027-09-01")


# --- on plain data ------------------------------------------------------------------------------------------


class TestUnavailableOnPlainData:
    def test_a_flight_during_an_unavailability_is_a_problem_that_names_it(self):
        (problem,) = evaluate([seat(CREW_14)])
        assert (problem.rule, problem.code, problem.field, problem.possible) == (
            6,
            "unavailable",
            "crew_member",
            False,
        )
        assert problem.message == (
            "Frank Rubio is unavailable from 2027-03-01 to 2027-04-15 (medical), which overlaps their flight on "
            "SpaceX Crew-14 from 2027-03-15 to 2027-09-01 (no return leg on file)."
        )

    @pytest.mark.parametrize(
        "first, last, meets",
        [
            ("2027-01-01", "2027-03-14", False),  # ends the day before the launch
            ("2027-01-01", "2027-03-15", True),  # the launch day counts whole
            ("2027-09-01", "2027-10-01", True),  # so does the landing day
            ("2027-09-02", "2027-10-01", False),
        ],
    )
    def test_days_count_whole(self, first, last, meets):
        away = AwayFacts(1, dt.date.fromisoformat(first), dt.date.fromisoformat(last), "leave")
        assert bool(evaluate([seat(CREW_14, away=(away,))])) is meets

    def test_the_flight_runs_to_the_landing_of_the_mission_that_brings_them_home(self):
        later = mission("SpaceX Crew-15", "2027-08-15", "2028-02-01")
        leave = AwayFacts(2, dt.date(2027, 11, 1), dt.date(2027, 11, 30), "leave")
        assert evaluate([seat(CREW_14, away=(leave,)), seat(CREW_14, leg="return", away=(leave,))]) == []
        (problem,) = evaluate([seat(CREW_14, away=(leave,)), seat(later, leg="return", away=(leave,))])
        assert "(returning on SpaceX Crew-15)" in problem.message and problem.code == "unavailable"

    def test_rough_dates_on_the_record_make_it_a_possible_problem_that_never_refuses(self):
        flown = mission("Soyuz TM-9", "1990-02", "1990-08-09", status="landed")
        spell = AwayFacts(3, dt.date(1990, 2, 1), dt.date(1990, 2, 3), "medical")
        (problem,) = evaluate([seat(flown, away=(spell,))])
        assert problem.code == "possibly_unavailable" and problem.possible
        assert problem.message == (
            "Frank Rubio may be unavailable during their flight on Soyuz TM-9 from Feb 1990 to 1990-08-09 (no return leg on "
            "file): they "
            "are unavailable from 1990-02-01 to 1990-02-03 (medical) (dates known only to the month or the "
            "year: a possible overlap)."
        )


class TestTrainingOnPlainData:
    @pytest.mark.parametrize(
        "training, refused",
        [
            (TrainingFacts("in_training", dt.date(2027, 3, 16)), True),
            (
                TrainingFacts("in_training", dt.date(2027, 3, 15)),
                False,
            ),  # complete on the launch day: in time
            (TrainingFacts("in_training", None), False),  # no date on file: as before, not refused
            (TrainingFacts("qualified"), False),
            (None, False),  # no training on file: as before
        ],
    )
    def test_in_training_after_the_launch(self, training, refused):
        problems = evaluate([seat(CREW_14, away=(), training=training)])
        assert [p.code for p in problems] == (["in_training"] if refused else [])
        if refused:
            assert problems[0].message == (
                "Frank Rubio is in training on Crew Dragon until 2027-03-16, after the launch of SpaceX Crew-14 "
                "(2027-03-15): training must be complete by the launch."
            )

    def test_only_the_ascent_is_held_to_it(self):
        late = TrainingFacts("in_training", dt.date(2030, 1, 1))
        problems = evaluate([seat(CREW_14, leg="return", away=(), training=late)])
        assert [p for p in problems if p.rule == 6] == []


# --- through the models and the services --------------------------------------------------------------------


def unavailable(person, first, last, reason="medical") -> Unavailability:
    return Unavailability.objects.create(
        crew_member=person, starts_on=dt.date.fromisoformat(first), ends_on=dt.date.fromisoformat(last),
        reason=reason,
    )  # fmt: skip


@pytest.fixture
def crew_14(world):
    return world.dragon_mission("SpaceX Crew-14", "2027-03-15", "2027-09-01")


@pytest.fixture
def crew_15(world):
    return world.dragon_mission("SpaceX Crew-15", "2027-10-01", "2028-03-01")


RUBIO_AWAY = (
    "Frank Rubio is unavailable from 2027-03-01 to 2027-04-15 (medical), which overlaps their flight on "
    "SpaceX Crew-14 from 2027-03-15 to 2027-09-01 (no return leg on file)."
)


class TestServices:
    def test_assign_is_refused_on_the_persons_field(self, world, crew_14):
        unavailable(world.rubio, "2027-03-01", "2027-04-15")
        with pytest.raises(ValidationError) as exc:
            services.seat_assign(mission=crew_14, crew_member=world.rubio, seat=2, role="pilot")
        assert exc.value.message_dict == {"crew_member": [RUBIO_AWAY]}
        assert not SeatAssignment.objects.exists()

    def test_assign_outside_the_unavailability_is_allowed(self, world, crew_14):
        unavailable(world.rubio, "2027-09-02", "2027-12-31")
        assert services.seat_assign(mission=crew_14, crew_member=world.rubio, seat=2, role="pilot").pk

    def test_move_into_the_unavailability_is_refused(self, world, crew_14, crew_15):
        held = services.seat_assign(mission=crew_15, crew_member=world.rubio, seat=2, role="pilot")
        unavailable(world.rubio, "2027-03-01", "2027-04-15")
        with pytest.raises(ValidationError) as exc:
            services.seat_move(assignment=held, mission=crew_14, seat=2)
        assert RUBIO_AWAY in exc.value.messages
        held.refresh_from_db()
        assert held.mission == crew_15

    def test_swap_is_refused(self, world, crew_14, crew_15):
        mine = services.seat_assign(mission=crew_14, crew_member=world.mann, seat=2, role="pilot")
        theirs = services.seat_assign(mission=crew_15, crew_member=world.rubio, seat=2, role="pilot")
        unavailable(world.rubio, "2027-03-01", "2027-04-15")
        with pytest.raises(ValidationError) as exc:
            services.seat_swap(first=mine, second=theirs)
        assert exc.value.messages == [RUBIO_AWAY]
        assert set(crew_14.seat_assignments.values_list("crew_member", flat=True)) == {world.mann.pk}

    def test_a_planned_return_into_an_unavailability_is_refused(self, world):
        up = world.dragon_mission("SpaceX Crew-13", "2026-08-01", "2027-02-01", status="launched")
        SeatAssignment.objects.create(mission=up, leg="ascent", seat=2, role="pilot", crew_member=world.rubio)
        ride = world.dragon_mission("SpaceX Crew-14", "2027-01-15", "2027-07-01")
        unavailable(world.rubio, "2027-03-01", "2027-04-15")
        assert mission_warnings(up) == []  # home on Crew-13 on 2027-02-01: nothing meets
        with pytest.raises(ValidationError) as exc:
            services.crew_return(ascent=up, ride=ride)
        assert exc.value.messages == [
            "Frank Rubio is unavailable from 2027-03-01 to 2027-04-15 (medical), which overlaps their flight on "
            "SpaceX Crew-13 from 2026-08-01 to 2027-07-01 (returning on SpaceX Crew-14)."
        ]
        assert not ride.seat_assignments.exists()

    def test_moving_a_launch_into_an_unavailability_is_refused(self, world, crew_14):
        assign(crew_14, world.rubio, 2, role="pilot")
        unavailable(world.rubio, "2027-10-01", "2027-10-31")
        crew_14.landing_date = dt.date(2027, 10, 15)
        with pytest.raises(ValidationError) as exc:
            crew_14.full_clean()
        assert any("is unavailable from 2027-10-01 to 2027-10-31 (medical)" in m for m in exc.value.messages)

    def test_training_completing_after_the_launch_is_refused_on_the_launch_day_allowed(self, world, crew_14):
        training = QualificationFactory(crew_member=world.mann, spacecraft=world.dragon, status="in_training",
                                        planned_completion=dt.date(2027, 4, 1))  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            services.seat_assign(mission=crew_14, crew_member=world.mann, seat=2, role="pilot")
        assert exc.value.message_dict == {
            "crew_member": [
                "Nicole Mann is in training on Crew Dragon until 2027-04-01, after the launch of SpaceX Crew-14 "
                "(2027-03-15): training must be complete by the launch."
            ]
        }
        training.planned_completion = dt.date(2027, 3, 15)
        training.save()
        assert services.seat_assign(mission=crew_14, crew_member=world.mann, seat=2, role="pilot").pk

    def test_in_training_with_no_date_is_not_refused_as_before(self, world, crew_14):
        QualificationFactory(crew_member=world.mann, spacecraft=world.dragon, status="in_training")
        assert services.seat_assign(mission=crew_14, crew_member=world.mann, seat=2, role="pilot").pk

    def test_the_record_is_stored_and_warned(self, world):
        flown = world.dragon_mission("SpaceX Crew-5", "2022-10-05", "2023-03-12", status="landed")
        unavailable(world.mann, "2022-12-01", "2022-12-31", reason="ground role")
        assign(flown, world.mann, 1, role="commander")
        assert [p.code for p in mission_warnings(flown)] == ["unavailable"]


class TestAnUnavailabilityEnteredAfterTheSeat:
    """A fact, not a plan: saved, and shown among the mission's problems; it refuses only what makes it worse."""

    def test_it_is_a_warning_on_the_mission(self, world, crew_14, viewer_client):
        assign(crew_14, world.rubio, 2, role="pilot")
        unavailable(world.rubio, "2027-03-01", "2027-04-15")  # no clean() refuses it
        assert [p.message for p in mission_warnings(crew_14)] == [RUBIO_AWAY]
        assert RUBIO_AWAY in text(viewer_client.get(crew_14.get_absolute_url()))

    def test_other_changes_to_the_mission_go_on_but_not_a_move_elsewhere_into_it(self, world, crew_14):
        held = assign(crew_14, world.rubio, 2, role="pilot")
        unavailable(world.rubio, "2027-03-01", "2027-10-15")
        assert services.seat_assign(mission=crew_14, crew_member=world.mann, seat=1, role="commander").pk
        services.seat_move(assignment=held, mission=crew_14, seat=3)  # the same flight: no worse
        crew_15 = world.dragon_mission("SpaceX Crew-15", "2027-10-01", "2028-03-01")
        with pytest.raises(ValidationError, match="which overlaps their flight on SpaceX Crew-15"):
            services.seat_move(assignment=held, mission=crew_15, seat=2)

    def test_the_admin_saves_it_and_says_which_flights_it_meets(self, world, crew_14, steward_client):
        assign(crew_14, world.rubio, 2, role="pilot")
        data = {"crew_member": world.rubio.pk, "starts_on": "2027-03-01", "ends_on": "2027-04-15",
                "reason": "medical"}  # fmt: skip
        response = steward_client.post(reverse("admin:crews_unavailability_add"), data, follow=True)
        assert response.status_code == 200 and Unavailability.objects.count() == 1
        shown = [str(m) for m in response.context["messages"]]
        assert f"{RUBIO_AWAY} (Shown among the warnings of SpaceX Crew-14.)" in shown
        page = text(steward_client.get(reverse("admin:missions_mission_change", args=[crew_14.pk])))
        assert RUBIO_AWAY in page


# --- the planners' form, the admin, the import --------------------------------------------------------------


class TestEntryPaths:
    def form(self, world, person, role="pilot"):
        return {"position": "ascent:2", "role": role, "crew_member": person.pk, "agreement": ""}

    def test_the_planners_form_shows_the_refusal_on_the_person(self, world, crew_14, planner_client):
        unavailable(world.rubio, "2027-03-01", "2027-04-15")
        url = reverse("pages:seat_assign", args=[crew_14.slug])
        response = planner_client.post(url, self.form(world, world.rubio))
        assert response.status_code == 200
        assert field_errors(response, "crew_member") == [RUBIO_AWAY]
        assert not SeatAssignment.objects.exists()

    def test_the_picker_says_who_is_still_in_training_at_the_launch(self, world, crew_14, planner_client):
        QualificationFactory(crew_member=world.mann, spacecraft=world.dragon, status="in_training",
                             planned_completion=dt.date(2027, 5, 1))  # fmt: skip
        QualificationFactory(crew_member=world.cassada, spacecraft=world.dragon, status="in_training",
                             planned_completion=dt.date(2027, 3, 1))  # fmt: skip
        form = planner_client.get(reverse("pages:seat_assign", args=[crew_14.slug])).context["form"]
        groups = dict(form.fields["crew_member"].choices[1:])
        assert [label for _, label in groups["In training on Crew Dragon"]] == [
            "Josh Cassada (NASA) — in training until 2027-03-01"
        ]
        assert [label for _, label in groups["Busy, unavailable or still in training at the time"]] == [
            "Nicole Mann (NASA) — in training until 2027-05-01, after the launch"
        ]
        response = planner_client.post(
            reverse("pages:seat_assign", args=[crew_14.slug]), self.form(world, world.mann)
        )
        assert field_errors(response, "crew_member")[0].startswith(
            "Nicole Mann is in training on Crew Dragon"
        )

    def test_without_permission_nothing_is_assigned(self, world, crew_14, viewer_client):
        unavailable(world.rubio, "2027-03-01", "2027-04-15")
        url = reverse("pages:seat_assign", args=[crew_14.slug])
        assert viewer_client.post(url, self.form(world, world.mann)).status_code == 403
        assert not SeatAssignment.objects.exists()

    def test_the_seat_admin_shows_a_form_error(self, world, crew_14, steward_client):
        unavailable(world.rubio, "2027-03-01", "2027-04-15")
        data = seat_post(mission=crew_14.pk, crew_member=world.rubio.pk, seat=2, role="pilot")
        response = steward_client.post(reverse("admin:crews_seatassignment_add"), data)
        assert response.status_code == 200
        assert response.context["adminform"].form.errors["crew_member"] == [RUBIO_AWAY]
        assert not SeatAssignment.objects.exists()

    def test_the_roster_import_refuses_the_row(self, world):
        unavailable(world.prokopyev, "2024-05-01", "2024-05-10", reason="leave")
        report = roster_import(
            data=csv_text(f"{PLANNED},ascent,1,commander,Sergey Prokopyev,Roscosmos,Russia,")
        )
        assert not report.ok
        (problem,) = report.problems
        assert problem.column == "crew_member"
        assert problem.message == (
            "Sergey Prokopyev is unavailable from 2024-05-01 to 2024-05-10 (leave), which overlaps their flight "
            "on Soyuz MS-90 from 2024-03-01 to 2024-09-01 (no return leg on file)."
        )
        assert not Mission.objects.filter(name="Soyuz MS-90").exists()


# --- the planned completion date ----------------------------------------------------------------------------


class TestPlannedCompletion:
    def test_only_for_training_under_way(self, world):
        done = Qualification(crew_member=world.mann, spacecraft=world.dragon, status="qualified",
                             planned_completion=dt.date(2027, 1, 1))  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            done.full_clean()
        assert list(exc.value.message_dict) == ["planned_completion"]  # said once, on its field
        done.status = "in_training"
        done.full_clean()

    def test_the_database_holds_it_too(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            Qualification.objects.create(crew_member=world.mann, spacecraft=world.dragon, status="qualified",
                                         planned_completion=dt.date(2027, 1, 1))  # fmt: skip

    def test_the_admin_form_says_so(self, world, steward_client):
        data = {"crew_member": world.mann.pk, "spacecraft": world.dragon.pk, "status": "qualified",
                "since": "", "planned_completion": "2027-01-01"}  # fmt: skip
        response = steward_client.post(reverse("admin:crews_qualification_add"), data)
        assert response.status_code == 200
        assert (
            response.context["adminform"]
            .form.errors["planned_completion"][0]
            .startswith("A planned completion date is only for training under way")
        )
        data["status"] = "in_training"
        assert steward_client.post(reverse("admin:crews_qualification_add"), data).status_code == 302
        assert Qualification.objects.get().planned_completion == dt.date(2027, 1, 1)

    def test_a_slipped_training_is_saved_and_warned(self, world, crew_14, steward_client):
        assign(crew_14, world.mann, 2, role="pilot")
        data = {"crew_member": world.mann.pk, "spacecraft": world.dragon.pk, "status": "in_training",
                "since": "", "planned_completion": "2027-04-01"}  # fmt: skip
        response = steward_client.post(reverse("admin:crews_qualification_add"), data, follow=True)
        assert Qualification.objects.count() == 1
        assert any(
            "until 2027-04-01, after the launch of SpaceX Crew-14" in str(m)
            for m in response.context["messages"]
        )
        assert [p.code for p in mission_warnings(crew_14)] == ["in_training"]
        page = text(steward_client.get(crew_14.get_absolute_url()))
        assert "in training</span><br><small>until 2027-04-01</small>" in page

    def test_the_crew_members_page_in_the_admin_warns_too(self, world, crew_14, steward_client):
        assign(crew_14, world.rubio, 2, role="pilot")
        person = world.rubio
        management = {
            f"{prefix}-{name}": value
            for prefix in ("other_names", "qualifications", "unavailable")
            for name, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"), ("MIN_NUM_FORMS", "0"),
                                ("MAX_NUM_FORMS", "1000"))
        }  # fmt: skip
        other_name = person.other_names.get()
        data = {
            **management,
            "name": person.name, "slug": person.slug, "agency": world.nasa.pk, "nationality": "United States",
            "status": "active", "notes": "",
            "other_names-TOTAL_FORMS": "1", "other_names-INITIAL_FORMS": "1",
            "other_names-0-id": other_name.pk, "other_names-0-crew_member": person.pk,
            "other_names-0-name": other_name.name, "other_names-0-note": "",
            "unavailable-TOTAL_FORMS": "1", "unavailable-0-starts_on": "2027-03-01",
            "unavailable-0-ends_on": "2027-04-15", "unavailable-0-reason": "medical", "unavailable-0-id": "",
        }  # fmt: skip
        url = reverse("admin:crews_crewmember_change", args=[person.pk])
        response = steward_client.post(url, data, follow=True)
        assert person.unavailable.count() == 1, response.context.get("errors")
        assert f"{RUBIO_AWAY} (Shown among the warnings of SpaceX Crew-14.)" in [
            str(m) for m in response.context["messages"]
        ]

    def test_the_person_page_shows_it(self, world, viewer_client):
        QualificationFactory(crew_member=world.mann, spacecraft=world.dragon, status="in_training",
                             planned_completion=dt.date(2027, 5, 1))  # fmt: skip
        assert "Crew Dragon: in training until 2027-05-01" in text(
            viewer_client.get(world.mann.get_absolute_url())
        )


# --- the planning assistant over the database ---------------------------------------------------------------


@pytest.fixture
def soyuz_2031(world):
    """Soyuz MS-90 in 2031 (3 seats), Prokopyev in command; Rubio (NASA) may fly under an agreement; Petelin is
    unavailable; Kikina is in training."""
    mission = world.soyuz_mission("Soyuz MS-90", "2031-03-01T12:00Z", "2031-09-01")
    for person in (world.prokopyev, world.petelin, world.rubio):
        QualificationFactory(crew_member=person, spacecraft=world.soyuz, status="qualified")
    AgreementFactory(name="Integrated crews 2030", agency_a=world.nasa, agency_b=world.roscosmos,
                     in_force_from=dt.date(2030, 1, 1), in_force_to=dt.date(2035, 12, 31),
                     seats_a_on_b=2, seats_b_on_a=2)  # fmt: skip
    unavailable(world.petelin, "2031-06-01", "2031-06-30")
    assign(mission, world.prokopyev, 1, role="commander")
    return mission


def kikina_in_training(world, completes):
    QualificationFactory(crew_member=world.kikina, spacecraft=world.soyuz, status="in_training",
                         planned_completion=completes)  # fmt: skip


def test_from_db_reads_the_planned_completion(soyuz_2031, world):
    kikina_in_training(world, dt.date(2031, 2, 15))
    read = world_from_db(dt.date(2031, 1, 1), dt.date(2031, 12, 31))
    kikina = next(c for c in read.candidates if c.id == world.kikina.pk)
    ((training),) = kikina.qualifications
    assert (training.status, training.completes) == ("in_training", dt.date(2031, 2, 15))


@pytest.mark.parametrize(
    "completes", [dt.date(2031, 2, 15), dt.date(2031, 3, 1)]
)  # before, on the launch day
def test_the_assistant_proposes_someone_trained_by_the_launch_never_the_unavailable(
    soyuz_2031, world, completes
):
    kikina_in_training(world, completes)
    proposal = propose(world_from_db(dt.date(2031, 1, 1), dt.date(2031, 12, 31)), time_limit=10)
    assert {s.person for s in proposal.crew(soyuz_2031.pk)} == {
        world.prokopyev.pk,
        world.rubio.pk,
        world.kikina.pk,
    }


def test_the_assistant_proposes_no_one_whose_training_ends_after_the_launch(soyuz_2031, world):
    kikina_in_training(world, dt.date(2031, 3, 2))
    proposal = propose(world_from_db(dt.date(2031, 1, 1), dt.date(2031, 12, 31)), time_limit=10)
    assert proposal.status == INFEASIBLE
    (sentence,) = proposal.explanation
    assert "Anna Kikina: in training on Soyuz MS until 2031-03-02" in sentence
    assert "Dmitry Petelin: unavailable (medical, 2031-06-01 to 2031-06-30)" in sentence
