"""The roster pages: launches, one launch's roster, crew members, CSV export.

Every page needs a login (LoginRequiredMiddleware). The pages live in `crews`
because they show missions with their seats, and `crews` is the app that may
read both.
"""

from __future__ import annotations

import contextlib

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from missions import versions
from missions.addresses import address
from missions.models import Mission

from ..careers import Career, reading_careers
from ..filters import CREW_SORTS, CrewMemberFilter, MissionFilter
from ..history import recent_changes
from ..kept_rows import kept, kept_rows
from ..models import SeatAssignment
from ..roster_csv.export import csv_response
from ..selectors import (
    career_by_slug,
    careers_of,
    crew_for_list,
    launch_rows,
    launch_warnings,
    missions_for_list,
    profile_of,
    roster_of,
)
from ..templatetags.list_rows import NO_LAUNCHES, NO_PEOPLE, crew_row, joined, mission_row
from .common import download_refused, get_mission, page_of, query_without_page


@require_GET
def mission_list(request):
    """Launches, filtered and searched; 25 a page. The filters, the order, the count and the page are worked out
    over the bare missions; the seats filled and the cross-agency badge only for the page's rows (`launch_rows`),
    so that the last page costs what the first does, whatever the record holds. The rule warnings on the rows
    come from `launch_warnings`: the record around those rows, kept under the record's version."""
    token = versions.current()  # before the record is read: what is kept under it is never stale
    filterset = MissionFilter(request.GET or None, queryset=missions_for_list(), record_version=token)
    page = page_of(request, filterset.qs.values_list("pk", flat=True), kept_as="launches", token=token)

    def write(keys: list[int]) -> dict[int, str]:
        missions = launch_rows(keys)
        # (Kept per mission too: after midnight the rows are written again, their warnings are not.)
        warnings = launch_warnings(missions, token)
        for mission in missions:
            mission.warnings = warnings[mission.pk]
            mission.only_possible = all(w.possible for w in mission.warnings)
        return {mission.pk: mission_row(mission) for mission in missions}

    rows = kept_rows("launch", list(page.object_list), write, token)
    return render(
        request,
        "crews/mission_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": joined(rows, NO_LAUNCHES),
            "query": query_without_page(request),
            "export_url": reverse("pages:export_all")
            + (f"?{query_without_page(request)}" if request.GET else ""),
        },
    )


#: A planner's links on a seat row: the URL names, by the name the template uses.
SEAT_LINKS = {"move": "seat_move", "swap": "seat_swap", "release": "seat_release", "return": "return_record"}


def seat_links(mission: Mission, seats) -> None:
    """Give each held seat its planner's links. One address per link, not per seat (a `reverse()` takes about
    35 µs): the seat's id is the last thing in each of these URLs, and is put in after."""
    prefixes = {}
    for key, name in SEAT_LINKS.items():
        head, found, tail = address(f"pages:{name}", mission.slug, 0).rpartition("/0/")
        assert found, name
        prefixes[key] = (f"{head}/", f"/{tail}")
    for seat in seats:
        if seat.assignment is not None:
            pk = seat.assignment.pk
            seat.links = {key: f"{head}{pk}{tail}" for key, (head, tail) in prefixes.items()}


def seat_tables(mission: Mission, may: dict[str, bool]) -> dict:
    """What the roster page's seat tables are written from (`{% seat_table %}`), for a user with these
    permissions on seats (`may`: add, change, delete)."""
    legs = mission.open_legs()
    can_change = any(may.values())
    roster = roster_of(mission)
    assign_url = None
    if can_change and legs:
        seat_links(mission, [*roster.ascent, *roster.return_leg])
        assign_url = address("pages:seat_assign", mission.slug)
    return {
        "roster": roster,
        "assign_url": assign_url,
        "may": may,
        "mission": mission,
        # Edit controls: only for someone allowed to change seats, and only on legs not flown.
        "can_plan_ascent": can_change and SeatAssignment.Leg.ASCENT in legs,
        "can_plan_return": can_change and SeatAssignment.Leg.RETURN in legs,
        "ascent_flown": mission.leg_has_flown(SeatAssignment.Leg.ASCENT),
        "return_flown": mission.leg_has_flown(SeatAssignment.Leg.RETURN),
    }


@require_GET
def mission_roster(request, slug: str):
    """One launch's roster. Its recent changes (two reads of the history, and the changes worked out field by
    field) are kept under the record's version: every save of a mission or a seat (which writes their history),
    and of a user (whose name says who), gives the record a new one. The rest is the user's (links, the print
    header's time and name) and is read each time."""
    token = versions.current()  # before the record is read: what is kept under it is never stale
    mission = get_mission(slug)
    # What the user may do to seats (`perms.crews.*` in the template, asked once rather than on every row).
    may = {p: request.user.has_perm(f"crews.{p}_seatassignment") for p in ("add", "change", "delete")}
    context = seat_tables(mission, may)
    context["changes"] = kept(f"recent-changes:{mission.pk}", token, lambda: recent_changes(mission))
    return render(request, "crews/mission_roster.html", context)


@require_GET
def mission_roster_csv(request, slug: str):
    mission = get_mission(slug)
    return csv_response(
        Mission.objects.filter(pk=mission.pk), f"roster-{mission.slug}.csv", by_database=False
    )


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
    today = timezone.now().date().isoformat()
    return csv_response(filterset.qs, f"rosters-{today}.csv")


def _sort_headers(request, current: str) -> dict[str, dict]:
    """For each column /crews/ sorts on: the link that sorts by it (the other query parameters kept, from page
    1) and its `aria-sort` when the list is sorted by it. A column's first click sorts names A–Z and numbers most
    first; a second click reverses."""
    current = current or "name"
    headers = {}
    for key in CREW_SORTS:
        first = key if key == "name" else f"-{key}"
        state, following = None, first
        if current.removeprefix("-") == key:
            state = "descending" if current.startswith("-") else "ascending"
            following = key if state == "descending" else f"-{key}"
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = following
        arrow = {"ascending": "▲", "descending": "▼"}.get(state, "")
        headers[key] = {"href": f"?{params.urlencode()}", "aria_sort": state, "arrow": arrow}
    return headers


@require_GET
def crew_list(request):
    """Crew members with their careers: search, filters, sorting by a column; 25 a page."""
    token = versions.current()  # before the record is read: what is kept under it is never stale
    filterset = CrewMemberFilter(request.GET or None, queryset=crew_for_list(), record_version=token)
    # Without JIT where the careers of every person are worked out to choose the page (a transaction: three round
    # trips); the page's own careers are read with JIT off in their statement (`careers_of`).
    with reading_careers() if filterset.reads_careers else contextlib.nullcontext():
        # The order and the page first (the database works out only what it sorts and filters on), then the
        # careers of the people on the page: a page far down the list costs what the first one does.
        page = page_of(request, filterset.qs.values_list("pk", flat=True), kept_as="people", token=token)
        # Read here: the page is a lazy slice, and reading it is the read JIT would slow.
        keys = list(page.object_list)

    def write(keys: list[int]) -> dict[int, str]:
        people = careers_of(keys)  # with their other names; someone deleted meanwhile is left out
        for person in people.values():
            person.career = Career.of(person)
        return {pk: crew_row(person) for pk, person in people.items()}

    rows = kept_rows("person", keys, write, token)
    context = {
        "filter": filterset,
        "page": page,
        "rows": joined(rows, NO_PEOPLE),
        "query": query_without_page(request),
        "sort": _sort_headers(request, filterset.sort_order),
    }
    return render(request, "crews/crew_list.html", context)


@require_GET
def crew_detail(request, slug: str):
    """One person: every flight since their first, with the same career totals as the list."""
    person = career_by_slug(slug)  # one person: far below the cost at which PostgreSQL's JIT starts
    if person is None:
        raise Http404("No crew member here.")
    qualifications = person.qualifications.select_related("spacecraft")
    context = {
        "profile": profile_of(person),
        "person": person,
        "career": Career.of(person),
        "qualifications": qualifications,
    }
    return render(request, "crews/crew_detail.html", context)
