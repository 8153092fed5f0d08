"""/planning/ (issue 14): a planner asks for a plan, the background task solves it, the run's page shows the
best plan as changes with its score by soft rule (or the rules that clash), and the planner accepts it whole or
per mission through the services, the history saying who accepted what the assistant proposed."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django_tasks_db.models import DBTaskResult

from crews import plan_runs
from crews.models import CrewMember, PlanRun, SeatAssignment
from crews.planning.from_db import five_years_on
from crews.tests.browser.test_flows import ensure_groups
from crews.tests.plan_scenes import HORIZON, one_soyuz, queued_run, run_worker, two_soyuz
from crews.tests.world import assign

FORM = {
    "starts_on": "2031-01-01",
    "ends_on": "2031-12-31",
    "time_limit": "10",
    "continuity_gap_day": "1000",
    "ledger_seat": "100",
    "change": "30",
    "crew_without_veteran": "200",
    "rookie_commander": "150",
    "repeat_flight": "20",
    "integrated_crews_hard": "on",
}


def solved(user, **kw) -> PlanRun:
    run = queued_run(user, **kw)
    plan_runs.solve(run.pk)
    run.refresh_from_db()
    return run


def texts(run: PlanRun) -> list[str]:
    return [c["text"] for c in run.best["changes"]]


# --- who may do what ---------------------------------------------------------------------------------------


def test_a_viewer_may_not_propose_nor_accept(viewer_client, world, planner):
    ms90, _ = one_soyuz(world)
    assert viewer_client.get("/planning/").status_code == 403
    assert viewer_client.post("/planning/", FORM).status_code == 403
    assert not PlanRun.objects.exists()
    run = solved(planner)
    page = viewer_client.get(run.get_absolute_url())
    assert page.status_code == 200 and "Accept the changes" not in page.content.decode()
    assert viewer_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": ms90.pk}).status_code == 403
    assert list(ms90.seat_assignments.values_list("crew_member__name", flat=True)) == ["Sergey Prokopyev"]


def test_the_page_is_linked_for_planners_only(planner_client, viewer_client):
    assert 'href="/planning/">Planning</a>' in planner_client.get("/missions/").content.decode()
    assert 'href="/planning/"' not in viewer_client.get("/missions/").content.decode()


# --- the form -----------------------------------------------------------------------------------------------


def test_the_form_is_filled_with_the_defaults(planner_client, world):
    mission, _ = one_soyuz(world)
    page = planner_client.get("/planning/").content.decode()
    today = dt.date.today()
    assert f'value="{today.isoformat()}"' in page
    assert f'value="{five_years_on(today).isoformat()}"' in page
    assert 'name="continuity_gap_day" id="id_continuity_gap_day" value="1000"' in page
    assert "Per day a station has nobody of one of its required agencies aboard (weighs most)" in page
    assert 'name="integrated_crews_hard" id="id_integrated_crews_hard" checked' in page
    assert "Soyuz MS-90 (2031-03-01): ascent seat 1, Sergey Prokopyev (commander)" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": "2030-12-31"}, "ends_on", "The horizon ends before it starts"),
        ({"starts_on": "2031-02-30"}, "starts_on", "Enter a valid date."),
        ({"ends_on": "2045-01-01"}, "ends_on", "A horizon covers at most 10 years."),
        ({"starts_on": "1900-01-01"}, "starts_on", "Choose a day from 1957-01-01"),
        ({"ledger_seat": "-1"}, "ledger_seat", "greater than or equal to 0"),
        ({"change": "lots"}, "change", "Enter a whole number."),
        ({"repeat_flight": "99999999999"}, "repeat_flight", "less than or equal to 1000000"),
        ({"time_limit": "1"}, "time_limit", "greater than or equal to 5"),
        ({"pinned_seats": "999999"}, "pinned_seats", "A seat to keep is no longer planned (999999)"),
        ({"pinned_missions": "x"}, "pinned_missions", "A mission to keep has no planned seat now (x)"),
    ],
)
def test_bad_input_is_a_form_error_never_a_500(planner_client, world, changes, field, message):
    response = planner_client.post("/planning/", {**FORM, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split("1957")[0] in response.content.decode()
    assert not PlanRun.objects.exists() and not DBTaskResult.objects.exists()


def test_proposing_queues_a_run_with_what_was_asked(planner_client, planner, world):
    mission, _ = one_soyuz(world)
    seat = mission.seat_assignments.get()
    response = planner_client.post("/planning/", {**FORM, "change": "0", "pinned_missions": str(mission.pk)})
    run = PlanRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/planning/runs/{run.pk}/"
    assert (run.status, run.requested_by, run.starts_on, run.ends_on) == ("queued", planner, *HORIZON)
    assert run.weights["change"] == 0 and run.weights["integrated_crews_hard"] is True
    assert run.pins == [seat.pk]
    task = DBTaskResult.objects.get()
    assert task.task_path == "crews.tasks.solve_plan_run" and task.args_kwargs["args"] == [run.pk]
    page = planner_client.get(response["Location"]).content.decode()
    assert "Waiting for the background worker." in page and 'data-refresh-seconds="2"' in page
    assert "js/refresh.js" in page


# --- the background task, end to end through the queue and the real worker -------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_worker_solves_the_run_and_the_seat_that_closes_the_gap_is_proposed(client):
    """Without integrated crews as a hard rule, only the continuity weight puts Rubio (NASA) on the Soyuz: his
    cross-agency seat closes NASA's gap on the ISS, under the agreement in force in 2031."""
    ensure_groups()
    from django.contrib.auth import get_user_model

    from crews.tests.world import World

    world = World.build()
    mission, agreement = one_soyuz(world)
    user = get_user_model().objects.create_user("ana", password="pw-ana-1")
    user.groups.add(Group.objects.get(name="Planners"))
    client.force_login(user)
    form = {**FORM}
    form.pop("integrated_crews_hard")
    client.post("/planning/", form)
    run = PlanRun.objects.get()
    run_worker()
    run.refresh_from_db()
    assert run.status == "done", run.explanation
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    rubio = [s for s in run.best["seats"] if s["person"] == world.rubio.pk and s["leg"] == "ascent"]
    assert rubio and rubio[0]["mission"] == mission.pk and rubio[0]["agreement"] == agreement.pk
    assert run.solutions >= 1 and run.best_objective is not None and run.finished_at is not None
    assert run.started_from == {str(mission.pk): [[world.prokopyev.pk, "ascent", 1, "commander", None]]}
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Added: Frank Rubio in seat" in page and "on the ascent of Soyuz MS-90." in page
    assert "NASA gap: 59 days (2031-01-01 to 2031-03-01)" in page  # only before the launch
    assert "Integrated crews 2030: balanced → NASA owes 1 seat" in page
    assert "data-refresh-seconds" not in page
    # The same world with the continuity weight at 0: the ledger alone counts, and Rubio stays home.
    client.post("/planning/", {**form, "continuity_gap_day": "0"})
    run_worker()
    second = PlanRun.objects.latest("pk")
    assert second.status == "done"
    assert world.rubio.pk not in {s["person"] for s in second.best["seats"]}


def test_an_infeasible_world_is_explained_by_the_rule_that_clashes(world, planner, planner_client):
    """The only agreement ended in 2025: nobody of NASA can fly the Soyuz in 2031, and the ISS's crews are
    integrated."""
    world.soyuz_mission("Soyuz MS-90", "2031-03-01T12:00Z", "2031-09-01")
    from crews.tests.plan_scenes import qualify

    qualify(world, world.prokopyev, world.petelin, world.rubio)
    run = solved(planner)
    assert run.status == "infeasible" and run.best is None
    page = planner_client.get(run.get_absolute_url()).content.decode()
    assert "No plan keeps every rule. These rules cannot all hold:" in page
    assert any("NASA" in s and "Soyuz MS-90" in s for s in run.explanation)


def test_a_pinned_seat_is_kept(world, planner):
    """Pinned: Prokopyev in command. Unpinned with a heavy rookie-commander weight, the assistant would hand
    command to Rubio, who has flown."""
    world.flown_rubio()
    mission, _ = one_soyuz(world)
    seat = mission.seat_assignments.get()
    free = solved(planner, weights={"rookie_commander": 100000, "change": 0})
    assert any("Frank Rubio in seat 1 (commander)" in t for t in texts(free))
    kept = solved(planner, weights={"rookie_commander": 100000, "change": 0}, pins=[seat.pk])
    assert kept.status == "done"
    assert not any(c["person"] == world.prokopyev.pk and c["leg"] == "ascent" for c in kept.best["changes"])


def test_an_empty_horizon_says_so(world, planner):
    run = solved(planner)
    assert run.status == "failed"
    assert run.explanation == ["No mission is planned or scheduled to launch from 2031-01-01 to 2031-12-31."]


def test_a_plan_the_seat_rules_refuse_is_never_stored(world, planner, monkeypatch):
    """The last word is the project's own rules engine: when it refuses the plan, the run shows why, not it."""
    one_soyuz(world)
    monkeypatch.setattr(plan_runs, "refusals", lambda best, missions=None: ["Seat 2 is already held by X."])
    run = solved(planner)
    assert run.status == "failed" and run.best is None
    assert run.explanation == [
        "The seat rules refuse the proposal, so it is not shown:",
        "Seat 2 is already held by X.",
    ]


# --- the run's page for each status, in a fixed number of queries ------------------------------------------------


BEST = {
    "status": "feasible", "objective": 160, "bound": 100.0, "gap": 0.375, "wall_time": 1.0,
    "first_feasible_time": 0.1, "seats": [],
    "changes": [{"kind": "added", "person": 1, "mission": 7, "leg": "ascent", "seat_before": None,
                 "role_before": None, "seat_after": 3, "role_after": "flight_engineer",
                 "text": "Added: Frank Rubio in seat 3 (flight engineer) on the ascent of Soyuz MS-90."}],
    "score": [{"rule": "continuity", "label": "Station continuity", "count": 0, "weight": 1000, "cost": 0,
               "sentences": ["ISS: NASA gap: 0 days"]},
              {"rule": "changes", "label": "Changes to the plan", "count": 2, "weight": 30, "cost": 60,
               "sentences": ["2 changes: 2 added"]}],
    "missions": {"7": {"name": "Soyuz MS-90", "slug": "soyuz-ms-90", "launch": "2031-03-01"}},
}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "shown", "not_shown"),
    [
        ({"status": "queued"}, ["Queued", "Waiting for the background worker.", "looks again every 2 seconds"],
         ["The best plan so far"]),
        ({"status": "running", "solutions": 3, "best_objective": 160, "best_bound": 100.0, "elapsed": 4.2,
          "best": BEST},
         ["Running", "3 better plans found; best score 160, proven bound 100 (gap to the optimum at most 38 %); 4.2 s.",
          "The best plan so far", "Station continuity", "ISS: NASA gap: 0 days", "2 changes: 2 added",
          "Added: Frank Rubio in seat 3 (flight engineer) on the ascent of Soyuz MS-90.", "looks again"],
         ["Accept the changes"]),
        ({"status": "done", "solutions": 4, "best_objective": 160, "best_bound": 160.0, "best": BEST},
         ["Done", "The proposal", "Accept the changes to Soyuz MS-90", "gap to the optimum at most 0 %"],
         ["looks again", "data-refresh-seconds"]),
        ({"status": "done", "best": {**BEST, "changes": []}},
         ["The plan on file already is the best the assistant found: nothing to change."], ["Accept"]),
        ({"status": "infeasible", "explanation": ["no Roscosmos cosmonaut qualified on Crew Dragon is free"]},
         ["No plan keeps every rule", "no Roscosmos cosmonaut qualified on Crew Dragon is free"], ["looks again"]),
        ({"status": "failed", "explanation": ["The solve failed: boom"]}, ["Failed", "The solve failed: boom"],
         ["looks again"]),
    ],
)  # fmt: skip
def test_the_run_page_for_each_status(planner_client, planner, fields, shown, not_shown,
                                      django_assert_num_queries):  # fmt: skip
    run = PlanRun.objects.create(requested_by=planner, starts_on=HORIZON[0], ends_on=HORIZON[1], **fields)
    # The session, the user, the run with who asked, the user's and their groups' permissions: whatever the plan.
    with django_assert_num_queries(5):
        response = planner_client.get(run.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    for text in shown:
        assert text in page, text
    for text in not_shown:
        assert text not in page, text


def test_a_run_whose_worker_stopped_says_so(planner_client, planner):
    from django.utils import timezone

    started = timezone.now() - dt.timedelta(seconds=30 + 150)
    run = PlanRun.objects.create(requested_by=planner, starts_on=HORIZON[0], ends_on=HORIZON[1],
                                 status="running", started_at=started, time_limit=30)  # fmt: skip
    assert (
        "the background worker that had it has stopped"
        in planner_client.get(run.get_absolute_url()).content.decode()
    )
    PlanRun.objects.filter(pk=run.pk).update(started_at=timezone.now())
    assert (
        "the background worker that had it has stopped"
        not in planner_client.get(run.get_absolute_url()).content.decode()
    )


def test_an_unknown_run_is_a_404(planner_client):
    assert planner_client.get("/planning/runs/999/").status_code == 404


def test_the_recent_runs_are_listed(planner_client, planner, django_assert_max_num_queries):
    for _ in range(12):
        PlanRun.objects.create(requested_by=planner, starts_on=HORIZON[0], ends_on=HORIZON[1])
    with django_assert_max_num_queries(8):
        page = planner_client.get("/planning/").content.decode()
    assert page.count('href="/planning/runs/') == 10


# --- acceptance -----------------------------------------------------------------------------------------------


@pytest.fixture
def proposal(world, planner):
    ms90, ms91, agreement = two_soyuz(world)
    planner.first_name, planner.last_name = "Ana", "Planner"
    planner.save()
    run = solved(planner)
    assert run.status == "done", run.explanation
    assert plan_runs.changed_missions(run.best) == [ms90.pk, ms91.pk]
    return run, ms90, ms91


def _crew(mission, leg="ascent"):
    return sorted(mission.seat_assignments.filter(leg=leg).values_list("seat", "crew_member__name", "role"))


def _proposed(run, mission, leg="ascent"):
    names = dict(CrewMember.objects.values_list("pk", "name"))
    return sorted((s["seat"], names[s["person"]], s["role"]) for s in run.best["seats"]
                  if s["mission"] == mission.pk and s["leg"] == leg)  # fmt: skip


def test_accepting_one_mission_writes_its_seats_with_the_history_saying_so(proposal, planner_client):
    run, ms90, ms91 = proposal
    response = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": ms90.pk}, follow=True)
    assert "Accepted the proposal for Soyuz MS-90: the seats are on the rosters." in response.content.decode()
    assert _crew(ms90) == _proposed(run, ms90) and len(_crew(ms90)) == 3
    assert _crew(ms90, "return") == _proposed(run, ms90, "return")
    assert _crew(ms91) == [(1, "Anna Kikina", "commander")]  # the other mission untouched
    reasons = set(SeatAssignment.history.filter(mission_id=ms90.pk, history_type="+")
                  .exclude(crew_member__name="Sergey Prokopyev", leg="ascent")
                  .values_list("history_change_reason", flat=True))  # fmt: skip
    assert reasons == {"proposed by the planning assistant, accepted by Ana Planner"}
    run.refresh_from_db()
    assert run.accepted == [ms90.pk]
    page = response.content.decode()
    assert "Accept the changes to Soyuz MS-90" not in page and "Accept the changes to Soyuz MS-91" in page
    roster = planner_client.get(ms90.get_absolute_url()).content.decode()
    assert "(proposed by the planning assistant, accepted by Ana Planner)" in roster
    # Accepted once: not twice.
    again = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": ms90.pk}, follow=True)
    assert "That mission has no change left to accept in this proposal." in again.content.decode()


def test_accepting_the_whole_proposal(proposal, planner_client):
    run, ms90, ms91 = proposal
    response = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": "all"}, follow=True)
    assert "Accepted the proposal for Soyuz MS-90, Soyuz MS-91" in response.content.decode()
    assert _crew(ms90) == _proposed(run, ms90) and _crew(ms91) == _proposed(run, ms91)
    assert SeatAssignment.objects.filter(mission__in=[ms90, ms91]).count() == 12
    run.refresh_from_db()
    assert sorted(run.accepted) == sorted([ms90.pk, ms91.pk])


def test_a_stale_proposal_is_refused_and_nothing_is_written(proposal, planner_client, world):
    """Someone put Petelin in seat 3 of MS-90 after the proposal was made."""
    run, ms90, ms91 = proposal
    assign(ms90, world.petelin, 2)
    before = _crew(ms90)
    response = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": "all"}, follow=True)
    page = response.content.decode()
    assert "The seats of Soyuz MS-90 changed since the proposal was made, so nothing was accepted" in page
    assert "What changed: Soyuz MS-90: assigned" in page
    assert _crew(ms90) == before and _crew(ms91) == [(1, "Anna Kikina", "commander")]
    run.refresh_from_db()
    assert run.accepted == []


def test_a_rule_that_refuses_now_is_said_and_nothing_is_written(proposal, planner_client, world):
    """After the proposal, the 2030 agreement was cut to no NASA seat on Roscosmos vehicles: the NASA seats the
    assistant proposed are refused by the seat rules, in their words."""
    run, ms90, ms91 = proposal
    from missions.models import Agreement

    Agreement.objects.filter(name="Integrated crews 2030").update(seats_a_on_b=0)
    response = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": ms90.pk}, follow=True)
    page = response.content.decode()
    assert "Integrated crews 2030" in page and "alert-danger" in page
    assert _crew(ms90) == [(1, "Sergey Prokopyev", "commander")]


@pytest.mark.parametrize("mission", ["", "bogus", "999999"])
def test_a_bad_mission_to_accept_is_refused_in_words(proposal, planner_client, mission):
    run, ms90, _ = proposal
    response = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": mission}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose a mission of the proposal" in page or "no change left to accept" in page
    assert _crew(ms90) == [(1, "Sergey Prokopyev", "commander")]


def test_a_run_without_a_proposal_cannot_be_accepted(planner_client, planner):
    run = PlanRun.objects.create(
        requested_by=planner, starts_on=HORIZON[0], ends_on=HORIZON[1], status="running"
    )
    response = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": "all"}, follow=True)
    assert "This run has no proposal to accept." in response.content.decode()
    assert planner_client.get(f"/planning/runs/{run.pk}/accept/").status_code == 405


def test_proposed_seats_take_the_roles_they_usually_have_on_the_spacecraft(world, planner):
    """On the record, seats 2 and 3 of the Soyuz are flight engineers' (MS-22): so are the seats proposed."""
    world.flown_rubio()
    mission, _ = one_soyuz(world)
    run = solved(planner)
    added = [s for s in run.best["seats"] if s["mission"] == mission.pk and s["leg"] == "ascent"]
    assert sorted((s["seat"], s["role"]) for s in added) == [
        (1, "commander"),
        (2, "flight_engineer"),
        (3, "flight_engineer"),
    ]
    assert any("in seat 2 (flight engineer) on the ascent of Soyuz MS-90." in t for t in texts(run))


def test_a_proposal_seating_someone_deleted_since_is_refused_in_words(proposal, planner_client):
    run, ms90, ms91 = proposal
    added = next(c for c in run.best["changes"] if c["mission"] == ms91.pk and c["kind"] == "added")
    CrewMember.objects.filter(pk=added["person"]).delete()
    response = planner_client.post(f"/planning/runs/{run.pk}/accept/", {"mission": ms91.pk}, follow=True)
    assert response.status_code == 200
    assert (
        "1 of the people this proposal seats is no longer on file: propose again."
        in response.content.decode()
    )
    assert _crew(ms91) == [(1, "Anna Kikina", "commander")]
