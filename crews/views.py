"""The roster pages: launches, one launch's roster, crew members, CSV export and upload.

Every page needs a login (LoginRequiredMiddleware). The pages live in `crews`
because they show missions with their seats, and `crews` is the app that may
read both.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from missions.models import Mission

from .export import csv_response
from .filters import CrewMemberFilter, MissionFilter
from .forms import RosterConfirmForm, RosterUploadForm, plannable_legs
from .history import recent_changes
from .importer import roster_import
from .models import CrewMember, SeatAssignment
from .selectors import missions_for_list, profile_of, roster_of

PAGE_SIZE = 25


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def get_mission(slug: str) -> Mission:
    return get_object_or_404(
        Mission.objects.select_related("spacecraft__operator", "launch_site", "destination"), slug=slug
    )


@require_GET
def mission_list(request):
    filterset = MissionFilter(request.GET or None, queryset=missions_for_list())
    missions = filterset.qs
    return render(
        request,
        "crews/mission_list.html",
        {
            "filter": filterset,
            "page": _page(request, missions),
            "query": _query_without_page(request),
            "export_url": reverse("roster:export_all")
            + (f"?{_query_without_page(request)}" if request.GET else ""),
        },
    )


@require_GET
def mission_roster(request, slug: str):
    mission = get_mission(slug)
    legs = plannable_legs(mission)
    can_change = any(request.user.has_perm(f"crews.{p}_seatassignment") for p in ("add", "change", "delete"))
    context = {
        "roster": roster_of(mission),
        "mission": mission,
        # Edit controls: only for someone allowed to change seats, and only on legs not flown.
        "can_plan_ascent": can_change and "ascent" in legs,
        "can_plan_return": can_change and "return" in legs,
        "return_flown": mission.status == Mission.Status.LANDED,
        "changes": recent_changes(mission),
    }
    return render(request, "crews/mission_roster.html", context)


@require_GET
def mission_roster_csv(request, slug: str):
    mission = get_mission(slug)
    return csv_response(SeatAssignment.objects.filter(mission=mission), f"roster-{mission.slug}.csv")


@require_GET
def roster_csv(request):
    """Every launch matching the filters and search of /missions/, streamed."""
    filterset = MissionFilter(request.GET or None, queryset=Mission.objects.all())
    if filterset.is_bound and not filterset.is_valid():
        # A download cannot show a message: refuse rather than export more than was asked for.
        lines = [
            f"{filterset.form[name].label}: {error}"
            for name, errors in filterset.errors.items()
            for error in errors
        ]
        return HttpResponseBadRequest(
            "Filters not applied, nothing exported:\n" + "\n".join(lines),
            content_type="text/plain; charset=utf-8",
        )
    missions = filterset.qs
    today = timezone.now().date().isoformat()
    return csv_response(
        SeatAssignment.objects.filter(mission__in=missions.values("pk")), f"rosters-{today}.csv"
    )


@require_GET
def crew_list(request):
    people = (
        CrewMember.objects.select_related("agency")
        .prefetch_related("other_names")
        .annotate(flights=Count("seat_assignments", filter=Q(seat_assignments__leg="ascent")))
        .order_by("name", "pk")
    )
    filterset = CrewMemberFilter(request.GET or None, queryset=people)
    return render(
        request,
        "crews/crew_list.html",
        {"filter": filterset, "page": _page(request, filterset.qs), "query": _query_without_page(request)},
    )


@require_GET
def crew_detail(request, slug: str):
    person = get_object_or_404(
        CrewMember.objects.select_related("agency").prefetch_related("other_names"), slug=slug
    )
    qualifications = person.qualifications.select_related("spacecraft")
    return render(
        request,
        "crews/crew_detail.html",
        {"profile": profile_of(person), "person": person, "qualifications": qualifications},
    )


@require_http_methods(["GET", "POST"])
@permission_required("crews.add_seatassignment", raise_exception=True)
def roster_upload(request):
    """Upload a roster CSV: a dry run first, then the import once the planner confirms."""
    if request.method == "POST" and "payload" in request.POST:
        confirm = RosterConfirmForm(request.POST)
        if confirm.is_valid():
            report = roster_import(data=confirm.cleaned_data["payload"])
            if report.ok:
                messages.success(request, f"Roster imported: {report.summary()}.")
                for warning in report.warnings:
                    messages.warning(request, warning)
                return redirect("roster:mission_list")
            return render(request, "crews/roster_upload.html", {"form": RosterUploadForm(), "report": report})
        for error in confirm.errors.get("payload", []):
            messages.error(request, error)
        return redirect("roster:upload")

    if request.method == "POST":
        form = RosterUploadForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            report = roster_import(data=text, dry_run=True)
            context = {"form": RosterUploadForm(), "report": report, "filename": request.FILES["file"].name}
            if report.ok:
                context["confirm"] = RosterConfirmForm(initial={"payload": RosterConfirmForm.sign(text)})
            return render(request, "crews/roster_upload.html", context)
    else:
        form = RosterUploadForm()
    return render(request, "crews/roster_upload.html", {"form": form})
