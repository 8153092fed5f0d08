"""The roster pages: launches, one launch's roster, crew members, CSV export.

Every page needs a login (LoginRequiredMiddleware). The pages live in `crews`
because they show missions with their seats, and `crews` is the app that may
read both.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from missions.models import Mission

from ..filters import CrewMemberFilter, MissionFilter
from ..history import recent_changes
from ..models import CrewMember, SeatAssignment
from ..roster_csv.export import csv_response
from ..selectors import missions_for_list, profile_of, roster_of
from .common import download_refused, get_mission, page_of, query_without_page


@require_GET
def mission_list(request):
    filterset = MissionFilter(request.GET or None, queryset=missions_for_list())
    missions = filterset.qs
    return render(
        request,
        "crews/mission_list.html",
        {
            "filter": filterset,
            "page": page_of(request, missions),
            "query": query_without_page(request),
            "export_url": reverse("pages:export_all")
            + (f"?{query_without_page(request)}" if request.GET else ""),
        },
    )


@require_GET
def mission_roster(request, slug: str):
    mission = get_mission(slug)
    legs = mission.open_legs()
    can_change = any(request.user.has_perm(f"crews.{p}_seatassignment") for p in ("add", "change", "delete"))
    context = {
        "roster": roster_of(mission),
        "mission": mission,
        # Edit controls: only for someone allowed to change seats, and only on legs not flown.
        "can_plan_ascent": can_change and SeatAssignment.Leg.ASCENT in legs,
        "can_plan_return": can_change and SeatAssignment.Leg.RETURN in legs,
        "ascent_flown": mission.leg_has_flown(SeatAssignment.Leg.ASCENT),
        "return_flown": mission.leg_has_flown(SeatAssignment.Leg.RETURN),
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
        # Refused rather than export more than was asked for.
        lines = [
            f"{filterset.form[name].label}: {error}"
            for name, errors in filterset.errors.items()
            for error in errors
        ]
        return download_refused("Filters not applied, nothing exported:\n" + "\n".join(lines))
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
        {"filter": filterset, "page": page_of(request, filterset.qs), "query": query_without_page(request)},
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
