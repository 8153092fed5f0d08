"""The planning assistant's pages (issue 14): /planning/ asks for a run (horizon, weights, pins), a run's page
follows the background solve and shows the best plan so far as changes to the plan on file, with its score by
soft rule; a planner accepts it whole or mission by mission (`services.plan_accept`)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import plan_runs, services
from ..failure_checks import BASELINE_TIME_LIMIT
from ..models import FailureCheck, PlanRun
from ..plan_forms import FailureCheckForm, PlanRunForm
from ..tasks import run_failure_check, solve_plan_run

#: Proposing plans needs what assigning seats needs; accepting one, every seat change.
PROPOSE = "crews.add_seatassignment"
ACCEPT = ("crews.add_seatassignment", "crews.change_seatassignment", "crews.delete_seatassignment")
#: Runs listed on /planning/.
RECENT = 10
#: Seconds between two looks at a run that is still working.
REFRESH_SECONDS = 2
#: A run still running this long after its time limit has lost its worker (stopped, or the machine restarted).
GRACE = dt.timedelta(minutes=2)


@require_http_methods(["GET", "POST"])
@permission_required(PROPOSE, raise_exception=True)
def plan_home(request):
    form = PlanRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = PlanRun.objects.create(
            requested_by=request.user, starts_on=data["starts_on"], ends_on=data["ends_on"],
            weights=form.weights(), pins=form.pins(), time_limit=data["time_limit"],
        )  # fmt: skip
        solve_plan_run.enqueue(run.pk)
        messages.info(request, "The assistant is working on a plan: this page follows it.")
        return redirect(run)
    return _home(request, form, FailureCheckForm())


def _home(request, form: PlanRunForm, check_form: FailureCheckForm):
    runs = PlanRun.objects.select_related("requested_by").defer("best", "started_from")[:RECENT]
    checks = FailureCheck.objects.select_related("requested_by").defer("result")[:RECENT]
    context = {"form": form, "runs": runs, "check_form": check_form, "checks": checks}
    return render(request, "crews/assistant/home.html", context)


@require_POST
@permission_required(PROPOSE, raise_exception=True)
def plan_check_create(request):
    """Test the plan against one failure: queue an N-1 check and follow it on its page."""
    form = FailureCheckForm(request.POST)
    if not form.is_valid():
        return _home(request, PlanRunForm(), form)
    data = form.cleaned_data
    check = FailureCheck.objects.create(
        requested_by=request.user, starts_on=data["starts_on"], ends_on=data["ends_on"],
        limit=data["limit"], time_limit=data["time_limit"],
    )  # fmt: skip
    run_failure_check.enqueue(check.pk)
    messages.info(
        request, "The assistant is testing the plan against one failure at a time: this page follows it."
    )
    return redirect(check)


@require_GET
def plan_check(request, pk: int):
    """An N-1 check: its progress while it runs, then one table, worst first."""
    check = get_object_or_404(FailureCheck.objects.select_related("requested_by"), pk=pk)
    result = check.result or {}
    stations = result.get("stations", {})
    context = {
        "check": check,
        "result": result,
        "rows": result.get("rows", []),
        "empty": check.status == FailureCheck.Status.DONE and not result.get("missions"),
        "lifeboats": [{"name": name, "slug": slug} for name, slug in sorted(stations.items())],
        "refresh": None if check.finished else REFRESH_SECONDS,
        "lost": _check_lost(check),
    }
    return render(request, "crews/assistant/check.html", context)


def _check_lost(check: FailureCheck) -> bool:
    """Running for longer than its scenarios allow (a repair its time limit, an impossible one as much again
    and at least 5 s more to say why): the worker that had it is gone."""
    return _running_past(check, BASELINE_TIME_LIMIT + check.limit * (2 * check.time_limit + 5))


def _running_past(job, seconds: float) -> bool:
    """Still running `GRACE` after `seconds` from its start: the worker that had it is gone."""
    if job.status != job.Status.RUNNING or job.started_at is None:
        return False
    return timezone.now() > job.started_at + dt.timedelta(seconds=seconds) + GRACE


@require_GET
def plan_run(request, pk: int):
    run = get_object_or_404(PlanRun.objects.select_related("requested_by"), pk=pk)
    groups = plan_runs.grouped_changes(run.best, run.accepted) if run.best else []
    context = {
        "run": run,
        "groups": groups,
        "pending": [g for g in groups if not g["accepted"]],
        "can_accept": run.status == PlanRun.Status.DONE and request.user.has_perms(ACCEPT),
        "refresh": None if run.finished else REFRESH_SECONDS,
        "gap": _gap(run),
        "weights": _weights(run),
        "lost": _lost(run),
    }
    return render(request, "crews/assistant/run.html", context)


def _lost(run: PlanRun) -> bool:
    """Running for longer than its time limit allows: the worker that had it is gone."""
    return _running_past(run, run.time_limit)


def _gap(run: PlanRun) -> float | None:
    if run.best_objective is None or run.best_bound is None:
        return None
    return max(0.0, run.best_objective - run.best_bound) / max(1, abs(run.best_objective))


def _weights(run: PlanRun) -> list[tuple[str, object, object]]:
    """(what it weighs, chosen, default) for each weight the run was asked with."""
    chosen, defaults = plan_runs.weights_of(run), PlanRunForm.defaults()
    return [(text, getattr(chosen, name), defaults[name]) for name, text in PlanRunForm.described()]


@require_POST
@permission_required(ACCEPT, raise_exception=True)
def plan_accept(request, pk: int):
    run = get_object_or_404(PlanRun, pk=pk)
    which = request.POST.get("mission", "")
    if which != "all" and not which.isdigit():
        messages.error(request, "Choose a mission of the proposal to accept, or the whole proposal.")
        return redirect(run)
    try:
        accepted = services.plan_accept(
            run=run, missions=None if which == "all" else [int(which)], accepted_by=request.user
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        names = ", ".join(m.name for m in accepted)
        messages.success(request, f"Accepted the proposal for {names}: the seats are on the rosters.")
    return redirect(run)
