"""/planning/'s second form (issue 14 §3): test the plan against one failure. The N-1 check runs in the
background (the real worker, through the queue), saves its progress after each scenario, and its page shows one
table, worst first: the scenario, the seats lost, continuity without re-planning, who is stranded, the repair
and its changes; or says that the horizon has no plan to test."""

import datetime as dt
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from crews import failure_checks
from crews.models import FailureCheck, SeatAssignment
from crews.planning.from_db import five_years_on
from crews.planning.n_minus_one import n_minus_one
from crews.tests.browser.test_flows import ensure_groups
from crews.tests.factories import CrewMemberFactory, QualificationFactory
from crews.tests.plan_scenes import HORIZON, plan_2031, run_worker, swapped_2031
from crews.tests.test_n_minus_one import SEPARATE, WORLD

FORM = {"check-starts_on": "2031-01-01", "check-ends_on": "2031-12-31", "check-limit": "10",
        "check-time_limit": "4"}  # fmt: skip


def with_watkins(world):
    """plan_2031 and a spare: Jessica Watkins (NASA), qualified on Crew Dragon."""
    watkins = CrewMemberFactory(name="Jessica Watkins", agency=world.nasa)
    QualificationFactory(crew_member=watkins, spacecraft=world.dragon, status="qualified")
    return plan_2031(world)


def scenarios(page: str) -> list[str]:
    return [unescape(t) for t in re.findall(r'<th scope="row" class="check-scenario">([^<]*)</th>', page)]


def cells(page: str, label: str) -> str:
    """The text of the table row of one scenario, tags dropped, spaces squeezed."""
    row = re.search(rf'<tr class="check-row[^"]*">\s*<td>\d+</td>\s*<th scope="row" class="check-scenario">'
                    rf"{re.escape(label)}</th>(.*?)</tr>", page, re.S)  # fmt: skip
    assert row, label
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", row.group(1))).split())


def check_of(user, **fields) -> FailureCheck:
    return FailureCheck.objects.create(requested_by=user, starts_on=HORIZON[0], ends_on=HORIZON[1], **fields)


# --- the callback the background check saves its progress with ----------------------------------------------


def test_n_minus_one_reports_progress_after_each_scenario_without_changing_its_results():
    calls = []
    report = n_minus_one(WORLD, SEPARATE, kinds=("grounded",), time_limit=10,
                         progress=lambda done, total, row: calls.append((done, total, row and row.label)))  # fmt: skip
    assert calls == [
        (0, 2, None),
        (1, 2, "Soyuz MS grounded from 2027-01-01"),
        (2, 2, "Crew Dragon grounded from 2027-01-01"),
    ]
    plain = n_minus_one(WORLD, SEPARATE, kinds=("grounded",), time_limit=10)
    assert [r.sentence for r in report.rows] == [r.sentence for r in plain.rows]


# --- who may do what ---------------------------------------------------------------------------------------


def test_a_viewer_may_not_test_the_plan(viewer_client, planner, world):
    assert viewer_client.post("/planning/checks/", FORM).status_code == 403
    assert not FailureCheck.objects.exists() and not DBTaskResult.objects.exists()
    # As a run's page, a check's page is for everyone who may read the plan; the way back is for planners.
    check = check_of(planner, status="done", result={"missions": 0, "stations": {}, "rows": []})
    page = viewer_client.get(check.get_absolute_url())
    assert page.status_code == 200 and "← Planning assistant" not in page.content.decode()


def test_the_form_only_posts(planner_client):
    assert planner_client.get("/planning/checks/").status_code == 405


# --- the form -----------------------------------------------------------------------------------------------


def test_the_form_is_filled_with_the_defaults(planner_client):
    page = planner_client.get("/planning/").content.decode()
    today = dt.date.today()
    assert "Test the plan against one failure" in page
    assert f'name="check-starts_on" id="id_check-starts_on" value="{today.isoformat()}"' in page
    assert f'name="check-ends_on" id="id_check-ends_on" value="{five_years_on(today).isoformat()}"' in page
    assert 'name="check-limit" id="id_check-limit" value="10"' in page
    assert 'name="check-time_limit" id="id_check-time_limit" value="4"' in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"check-ends_on": "2030-12-31"}, "ends_on", "The horizon ends before it starts"),
        ({"check-starts_on": "2031-02-30"}, "starts_on", "Enter a valid date."),
        ({"check-starts_on": ""}, "starts_on", "This field is required."),
        ({"check-ends_on": "2045-01-01"}, "ends_on", "A horizon covers at most 10 years."),
        ({"check-starts_on": "1900-01-01"}, "starts_on", "Choose a day from 1957-01-01"),
        ({"check-limit": "0"}, "limit", "greater than or equal to 1"),
        ({"check-limit": "51"}, "limit", "less than or equal to 50"),
        ({"check-limit": "all"}, "limit", "Enter a whole number."),
        ({"check-time_limit": "0"}, "time_limit", "greater than or equal to 1"),
        ({"check-time_limit": "99999999999999999999"}, "time_limit", "less than or equal to 60"),
        ({"check-time_limit": "2.5"}, "time_limit", "Enter a whole number."),
    ],
)
def test_bad_input_is_a_form_error_never_a_500(planner_client, changes, field, message):
    response = planner_client.post("/planning/checks/", {**FORM, **changes})
    assert response.status_code == 200
    assert message in " ".join(response.context["check_form"].errors[field])
    page = response.content.decode()
    assert unescape(message.split("1957")[0]) in unescape(page)
    assert "Propose a plan" in page  # the rest of the page is there, the proposal's form unbound
    assert not response.context["form"].is_bound
    assert not FailureCheck.objects.exists() and not DBTaskResult.objects.exists()


def test_testing_the_plan_queues_a_check_with_what_was_asked(planner_client, planner):
    response = planner_client.post("/planning/checks/", {**FORM, "check-limit": "3", "check-time_limit": "7"})
    check = FailureCheck.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/planning/checks/{check.pk}/"
    assert (check.status, check.requested_by, check.starts_on, check.ends_on) == ("queued", planner, *HORIZON)
    assert (check.limit, check.time_limit, check.weights) == (3, 7, {})
    task = DBTaskResult.objects.get()
    assert task.task_path == "crews.tasks.run_failure_check" and task.args_kwargs["args"] == [check.pk]
    page = planner_client.get(response["Location"]).content.decode()
    assert "Waiting for the background worker." in page and 'data-refresh-seconds="2"' in page
    assert "js/refresh.js" in page and "at most 3 scenarios, 7 s for each repair" in page
    listed = planner_client.get("/planning/").content.decode()
    assert "Recent failure tests" in listed and f'href="/planning/checks/{check.pk}/"' in listed


# --- the background task, end to end through the queue and the real worker -------------------------------------


SOYUZ = "Soyuz MS grounded from 2031-01-01"
DRAGON = "Crew Dragon grounded from 2031-01-01"
ORDER = [
    SOYUZ,
    DRAGON,
    "Frank Rubio unavailable from 2031-01-01",
    "Anna Kikina unavailable from 2031-01-01",
    "Dmitry Petelin unavailable from 2031-01-01",
    "Sergey Prokopyev unavailable from 2031-01-01",
    "Josh Cassada unavailable from 2031-01-01",
    "Nick Hague unavailable from 2031-01-01",
    "Nicole Mann unavailable from 2031-01-01",
]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_check_and_the_page_shows_the_table_worst_first(client):
    """plan_2031, known by hand (as `manage.py n_minus_one` prints it): nobody is up before 1 March, so the plan
    itself has 59 gap days for each agency. The Soyuz grounded: nobody up until Crew-90 on 1 April (90 days each)
    and nothing else can fly; the Dragon grounded: nobody from 1 September to 1 October (89 days each). Each
    flight carries the only one of the other agency qualified on it, and the Soyuz's crew is the only one
    trained on it: without one of them, no repair keeps every rule. A NASA astronaut of Crew-90 unavailable:
    Jessica Watkins, the one spare on Crew Dragon, takes the seat."""
    ensure_groups()
    from django.contrib.auth import get_user_model

    from crews.tests.world import World

    world = World.build()
    with_watkins(world)
    seats = SeatAssignment.objects.count()
    user = get_user_model().objects.create_user("ana", password="pw-ana-1")
    user.groups.add(Group.objects.get(name="Planners"))
    client.force_login(user)
    client.post("/planning/checks/", FORM)
    check = FailureCheck.objects.get()
    run_worker()
    check.refresh_from_db()
    assert check.status == "done", check.explanation
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert (check.done, check.total, check.result["scenarios"], check.result["left_out"]) == (9, 9, 9, 0)
    assert check.finished_at is not None and SeatAssignment.objects.count() == seats  # nothing written
    page = client.get(check.get_absolute_url()).content.decode()
    assert scenarios(page) == ORDER
    assert "9 of 9 scenarios run" in page and "data-refresh-seconds" not in page
    assert (
        "The plan the failures break: the plan on file; 118 days of continuity gap before any failure."
        in page
    )
    soyuz = cells(page, SOYUZ)
    assert soyuz.startswith("3 whose ") and "Frank Rubio on Soyuz MS-90 (2031-03-01)" in soyuz
    assert soyuz.endswith(
        "International Space Station: no NASA aboard for 90 days International Space Station: no Roscosmos aboard "
        "for 90 days nobody 0 changes; still International Space Station: no NASA aboard for 90 days, "
        "International Space Station: no Roscosmos aboard for 90 days"
    )
    assert cells(page, DRAGON).endswith(
        "no NASA aboard for 89 days International Space Station: no Roscosmos aboard for 89 days nobody 0 changes; "
        "still International Space Station: no NASA aboard for 89 days, International Space Station: no Roscosmos "
        "aboard for 89 days"
    )
    kikina = cells(page, "Anna Kikina unavailable from 2031-01-01")
    assert (
        "No repair keeps every rule: No Roscosmos cosmonaut qualified on Crew Dragon is free for SpaceX Crew-90 (2031-04-01)"
        in kikina
    )
    assert cells(page, "Josh Cassada unavailable from 2031-01-01") == (
        "1 whose Josh Cassada on SpaceX Crew-90 (2031-04-01) holds (the plan already had 118 gap days) nobody "
        "1 change; no gap beyond the plan’s own The changes Added: Jessica Watkins in seat 2 (pilot) on the "
        "ascent of SpaceX Crew-90."
    )
    # The lifeboat check of the station, over the horizon, is a link away.
    link = re.search(r'<a href="(/stations/[^"]+#lifeboat-heading)">International Space Station</a>', page)
    assert link and "period_start=2031-01-01&amp;period_end=2031-12-31" in link.group(1)
    station = client.get(unescape(link.group(1)).split("#")[0])
    assert station.status_code == 200 and 'id="lifeboat-heading"' in station.content.decode()


@pytest.mark.django_db(transaction=True)
def test_who_is_stranded_and_brought_home_by_the_repair(client):
    """swapped_2031, by hand. The Soyuz grounded: Kikina goes up on Crew-90 with her way home on MS-90 gone;
    nobody is up until 1 April (90 days each); the repair brings her home on Crew-90 itself, one change, the
    same 90 days. The Dragon grounded: Rubio goes up on MS-90 with his way home on Crew-90 gone; kept aboard,
    NASA is up to the end (Roscosmos: 59 + 30 days, no more than the plan's 148); brought home on MS-90,
    nobody is up from 1 September: 89 days each. The seat each comes home in is their own flight's: no seat is
    given up for it."""
    ensure_groups()
    from django.contrib.auth import get_user_model

    from crews.tests.world import World

    world = World.build()
    swapped_2031(world)
    user = get_user_model().objects.create_user("ana", password="pw-ana-1")
    user.groups.add(Group.objects.get(name="Planners"))
    client.force_login(user)
    client.post("/planning/checks/", {**FORM, "check-limit": "2"})
    run_worker()
    check = FailureCheck.objects.get()
    assert check.status == "done", check.explanation
    assert (check.done, check.total, check.result["scenarios"], check.result["left_out"]) == (2, 2, 9, 7)
    page = client.get(check.get_absolute_url()).content.decode()
    assert scenarios(page) == [SOYUZ, DRAGON]
    assert "2 of 9 scenarios; 7 left out by the limit." in page
    assert (
        "The plan the failures break: the plan on file; 148 days of continuity gap before any failure."
        in page
    )
    soyuz = cells(page, SOYUZ)
    assert soyuz.endswith(
        "International Space Station: no NASA aboard for 90 days International Space Station: no Roscosmos aboard "
        "for 90 days Anna Kikina (aboard International Space Station, home on Soyuz MS-90 (2031-03-01)) — the "
        "repair brings them home on SpaceX Crew-90 (2031-04-01) 1 change; still International Space Station: no "
        "NASA aboard for 90 days, International Space Station: no Roscosmos aboard for 90 days The changes Anna "
        "Kikina comes home on SpaceX Crew-90 (2031-04-01) instead of Soyuz MS-90 (2031-03-01)."
    )
    assert cells(page, DRAGON).endswith(
        "holds (the plan already had 148 gap days) Frank Rubio (aboard International Space Station, home on SpaceX "
        "Crew-90 (2031-04-01)) — the repair brings them home on Soyuz MS-90 (2031-03-01) 1 change; still "
        "International Space Station: no NASA aboard for 89 days, International Space Station: no Roscosmos "
        "aboard for 89 days The changes Frank Rubio comes home on Soyuz MS-90 (2031-03-01) instead of SpaceX "
        "Crew-90 (2031-04-01)."
    )


def test_a_horizon_with_no_planned_mission_says_so(planner_client, planner, world):
    with_watkins(world)  # in 2031, not in 2035
    check = FailureCheck.objects.create(requested_by=planner, starts_on=dt.date(2035, 1, 1),
                                        ends_on=dt.date(2035, 12, 31))  # fmt: skip
    assert failure_checks.run(check.pk) == "done"
    check.refresh_from_db()
    assert (check.total, check.result["missions"], check.result["rows"]) == (0, 0, [])
    page = planner_client.get(check.get_absolute_url()).content.decode()
    assert (
        "No mission is planned or scheduled to launch from 2035-01-01 to 2035-12-31: there is no plan to test."
        in page
    )
    assert "check-table" not in page


def test_a_plan_that_cannot_be_completed_fails_in_words(planner, world, monkeypatch):
    with_watkins(world)

    def refuse(*args, **kwargs):
        raise ValueError("The plan on file leaves 1 flight short of crew and cannot be completed: why.")

    monkeypatch.setattr(failure_checks, "n_minus_one", refuse)
    check = check_of(planner)
    assert failure_checks.run(check.pk) == "failed"
    check.refresh_from_db()
    assert check.explanation == [
        "The plan on file leaves 1 flight short of crew and cannot be completed: why."
    ]
    monkeypatch.setattr(failure_checks, "n_minus_one", lambda *a, **k: 1 / 0)
    other = check_of(planner)
    assert failure_checks.run(other.pk) == "failed"
    other.refresh_from_db()
    assert other.explanation == ["The check failed: division by zero"] and other.finished_at is not None
    # A check already taken is not run twice.
    assert failure_checks.run(other.pk) == "failed"


def test_progress_is_saved_after_each_scenario(planner, world, monkeypatch):
    """What the page reads while the check runs: scenarios done of those to run, and the rows so far."""
    with_watkins(world)
    seen = []
    real = failure_checks._update

    def update(check, **fields):
        real(check, **fields)
        if "done" in fields and check.status == "running":
            stored = FailureCheck.objects.get(pk=check.pk)
            seen.append((stored.done, stored.total, len(stored.result["rows"])))

    monkeypatch.setattr(failure_checks, "_update", update)
    check = check_of(planner, limit=3)
    failure_checks.run(check.pk)
    assert seen == [(0, 3, 0), (1, 3, 1), (2, 3, 2), (3, 3, 3)]


# --- the check's page for each status, in a fixed number of queries -----------------------------------------------


ROW_STRANDED = {
    "label": "Soyuz MS grounded from 2027-01-01", "kind": "grounded", "on": "2027-01-01",
    "lost": ["Oleg Artemyev on Soyuz MS-30 (2027-03-01)"],
    "gaps": [{"station": "ISS", "agency": "Roscosmos", "days": 302}], "gap_days": 302,
    "continuity_holds": False, "baseline_gap_days": 0,
    "stranded": [{"name": "Frank Rubio", "station": "ISS", "way_home": "Soyuz MS-30 (2027-03-01)",
                  "home_on": "SpaceX Crew-14 (2027-08-01)"}],
    "status": "optimal", "repaired": True,
    "changes": ["Added: Anna Kikina in seat 2 (pilot) on the ascent of SpaceX Crew-14.",
                "Frank Rubio comes home on SpaceX Crew-14 (2027-08-01) instead of Soyuz MS-30 (2027-03-01)."],
    "gaps_after": [{"station": "ISS", "agency": "Roscosmos", "days": 149}], "gap_days_after": 149,
    "stranded_after": [], "explanation": [], "seconds": 0.1, "sentence": "",
}  # fmt: skip
ROW_INFEASIBLE = {
    **ROW_STRANDED, "label": "Eve Ford unavailable from 2027-01-01", "kind": "unavailable",
    "lost": ["Eve Ford on Soyuz MS-30 (2027-03-01)", "Eve Ford on Soyuz MS-31 (2027-09-10)"], "gaps": [],
    "gap_days": 0, "continuity_holds": True, "stranded": [], "status": "infeasible", "repaired": False,
    "changes": [], "gaps_after": [], "gap_days_after": 0,
    "explanation": ["No NASA astronaut qualified on Soyuz MS is free for Soyuz MS-30 (2027-03-01)."],
}  # fmt: skip
RESULT = {"missions": 3, "stations": {"ISS": "iss"}, "rows": [ROW_STRANDED, ROW_INFEASIBLE],
          "baseline": "the plan on file", "baseline_gap_days": 0, "scenarios": 11, "left_out": 9, "seconds": 2.0}  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "shown", "not_shown"),
    [
        ({"status": "queued"}, ["Queued", "Waiting for the background worker.", "looks again every 2 seconds"],
         ["check-table"]),
        ({"status": "running", "elapsed": 1.5},
         ["Running", "Reading the plan and completing it where it is short of crew; 1.5 s.", "looks again"],
         ["check-table"]),
        ({"status": "running", "done": 1, "total": 2, "elapsed": 3.0,
          "result": {"missions": 3, "stations": {"ISS": "iss"}, "rows": [ROW_STRANDED]}},
         ["1 of 2 scenarios run; 3.0 s.", "The scenarios so far, worst first", "Soyuz MS grounded from 2027-01-01",
          "Frank Rubio (aboard ISS, home on Soyuz MS-30 (2027-03-01))", "looks again"],
         ["Eve Ford"]),
        ({"status": "done", "done": 2, "total": 2, "result": RESULT},
         ["Done", "2 of 2 scenarios run", "The scenarios, worst first", "2 of 11 scenarios; 9 left out by the limit.",
          "The plan the failures break: the plan on file; 0 days of continuity gap before any failure.",
          "ISS: no Roscosmos aboard for 302 days",
          "the repair brings them home on SpaceX Crew-14 (2027-08-01)",
          "2 changes; still ISS: no Roscosmos aboard for 149 days",
          "Frank Rubio comes home on SpaceX Crew-14 (2027-08-01) instead of Soyuz MS-30 (2027-03-01).",
          "No repair keeps every rule:", "No NASA astronaut qualified on Soyuz MS is free for Soyuz MS-30",
          "/stations/iss/?period_start=2031-01-01&amp;period_end=2031-12-31#lifeboat-heading"],
         ["looks again", "data-refresh-seconds", "there is no plan to test"]),
        ({"status": "done", "total": 0, "result": {"missions": 0, "stations": {}, "rows": []}},
         ["No mission is planned or scheduled to launch from 2031-01-01 to 2031-12-31: there is no plan to test."],
         ["check-table", "looks again"]),
        ({"status": "failed", "explanation": ["The check failed: boom"]}, ["Failed", "The check failed: boom"],
         ["looks again", "check-table"]),
    ],
)  # fmt: skip
def test_the_check_page_for_each_status(planner_client, planner, fields, shown, not_shown,
                                        django_assert_num_queries):  # fmt: skip
    check = check_of(planner, **fields)
    # The session, the user, the check with who asked, the user's and their groups' permissions: whatever rows.
    with django_assert_num_queries(5):
        response = planner_client.get(check.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    for text in shown:
        assert text in page, text
    for text in not_shown:
        assert text not in page, text
    if fields.get("result", {}).get("rows") == RESULT["rows"]:
        assert scenarios(page) == [
            "Soyuz MS grounded from 2027-01-01",
            "Eve Ford unavailable from 2027-01-01",
        ]


def test_a_check_whose_worker_stopped_says_so(planner_client, planner):
    started = timezone.now() - dt.timedelta(seconds=10 + 2 * (2 * 4 + 5) + 125)
    check = check_of(planner, status="running", started_at=started, limit=2, time_limit=4)
    lost = "the background worker that had it has stopped"
    assert lost in planner_client.get(check.get_absolute_url()).content.decode()
    # 10 s to complete the plan, 2 × 4 s and 5 s more for each of 2 scenarios, 2 minutes' grace: 156 s.
    FailureCheck.objects.filter(pk=check.pk).update(started_at=timezone.now() - dt.timedelta(seconds=150))
    assert lost not in planner_client.get(check.get_absolute_url()).content.decode()


def test_an_unknown_check_is_a_404(planner_client):
    assert planner_client.get("/planning/checks/999/").status_code == 404


def test_the_recent_checks_are_listed(planner_client, planner, django_assert_max_num_queries):
    for _ in range(12):
        check_of(planner, result=RESULT)
    check_of(planner, status="running", done=1, total=4)
    with django_assert_max_num_queries(9):
        page = planner_client.get("/planning/").content.decode()
    assert page.count('href="/planning/checks/') == 10
    assert "Running (1 of 4)" in page
