"""The planners' pages: create and edit missions, assign, move, swap and release seats, record returns.

Each view checks the permission its change needs (Planners have them, Viewers do
not: 403), hands the change to a service in `crews.services`, and shows a refusal
in the form with the planner's input kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from missions.forms import MissionForm
from missions.models import Mission

from .. import services
from ..forms import CrewReturnForm, ReturnForm, SeatAssignForm, SeatMoveForm, SeatSwapForm, add_service_errors
from ..history import merge_over_newer
from ..models import SeatAssignment
from ..returns import crew_without_return, plan_return
from ..seat_choices import in_words
from .common import get_mission, get_seat

MISSION_FIELDS = {name: name for name in MissionForm.Meta.fields}
T = TypeVar("T")


def _as_form_data(values: dict, version: int) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif isinstance(value, dt.time):
            data[name] = value.strftime("%H:%M:%S" if value.second else "%H:%M")
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    data["version"] = str(version)
    return data


def _attempt(
    form, fields: dict[str, str | None], write: Callable[[], T], *, refused: Callable = lambda: None
) -> T | None:
    """Run a write; a refusal goes into the form (each message on its field) and gives None."""
    try:
        return write()
    except ValidationError as exc:
        add_service_errors(form, exc, fields)
        refused()
        return None


def _seat_page(request, form, *, mission: Mission, action: str, assignment: SeatAssignment | None = None):
    context = {"form": form, "mission": mission, "assignment": assignment, "action": action}
    return render(request, "crews/planning/seat_form.html", context)


def _refused_here(request, mission: Mission, leg: str):
    """A flown leg: no form, a message and back to the roster."""
    try:
        mission.ensure_leg_open(leg)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(mission)
    return None


def on_open_seat(view):
    """The view gets the seat named in the URL (a 404 unless it is this mission's); a seat on a flown leg
    sends the planner back to the roster with the reason, before any form."""

    @wraps(view)
    def with_seat(request, slug: str, pk: int):
        assignment = get_seat(slug, pk)
        return _refused_here(request, assignment.mission, assignment.leg) or view(request, assignment)

    return with_seat


@require_http_methods(["GET", "POST"])
@permission_required("missions.add_mission", raise_exception=True)
def mission_create(request):
    form = MissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        mission = _attempt(form, MISSION_FIELDS, lambda: services.mission_create(mission=form.instance))
        if mission:
            messages.success(request, f"{mission.name} is planned. Assign its crew below.")
            return redirect(mission)
    return render(request, "crews/planning/mission_form.html", {"form": form, "mission": None})


def _stale_form(mission: Mission, loaded_version: int, fields: dict, refusal: ValidationError) -> MissionForm:
    """The mission as it is now, with this planner's own changes on top, and why it was refused.

    Saving that again is deliberate and loses nothing the other person saved.
    """
    merged, mine = merge_over_newer(mission, loaded_version, fields)
    current = Mission.objects.get(pk=mission.pk)
    form = MissionForm(_as_form_data(merged, current.version), instance=current)
    form.is_valid()
    add_service_errors(form, refusal, {})
    kept = ", ".join(mine) if mine else "none"
    form.add_error(None, f"Your changes are kept in the form ({kept}); check them and save again.")
    return form


@require_http_methods(["GET", "POST"])
@permission_required("missions.change_mission", raise_exception=True)
def mission_edit(request, slug: str):
    mission = get_mission(slug)
    form = MissionForm(request.POST or None, instance=mission)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name] for name in MissionForm.Meta.fields if name in form.cleaned_data
        }
        loaded_version = form.cleaned_data.get("version") or 0
        try:
            mission = services.mission_update(
                mission=get_mission(slug), expected_version=loaded_version, fields=fields
            )
        except services.StaleEdit as exc:
            form = _stale_form(mission, loaded_version, fields, exc)
        except ValidationError as exc:
            add_service_errors(form, exc, MISSION_FIELDS)
        else:
            messages.success(request, f"{mission.name} saved.")
            return redirect(mission)
    return render(request, "crews/planning/mission_form.html", {"form": form, "mission": mission})


@require_http_methods(["GET", "POST"])
@permission_required("crews.add_seatassignment", raise_exception=True)
def seat_assign(request, slug: str):
    mission = get_mission(slug)
    legs = mission.open_legs()
    if not legs:
        return _refused_here(request, mission, SeatAssignment.Leg.RETURN)
    asked = (
        f"{request.GET['leg']}:{request.GET['seat']}"
        if request.GET.get("leg") and request.GET.get("seat")
        else ""
    )
    form = SeatAssignForm(request.POST or None, mission=mission, legs=legs, asked=asked)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        leg, seat = data["position"]
        assigned = _attempt(form, SeatAssignForm.FIELDS, lambda: services.seat_assign(
            mission=mission, leg=leg, seat=seat, role=data["role"], crew_member=data["crew_member"],
            agreement=data["agreement"]))  # fmt: skip
        if assigned:
            messages.success(request, f"{assigned.crew_member.name} has {leg} seat {seat} on {mission.name}.")
            return redirect(mission)
        form.explain_refusal()
    return _seat_page(request, form, mission=mission, action="Assign a seat")


@require_http_methods(["GET", "POST"])
@permission_required("crews.change_seatassignment", raise_exception=True)
@on_open_seat
def seat_move(request, assignment: SeatAssignment):
    origin = assignment.mission
    form = SeatMoveForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # A refused move was made in memory first: the seat is read again to show it as it still is.
        moved = _attempt(form, SeatMoveForm.FIELDS, lambda: services.seat_move(
            assignment=assignment, mission=data["mission"], leg=data["leg"], seat=data["seat"], role=data["role"]),
            refused=assignment.refresh_from_db)  # fmt: skip
        if moved:
            messages.success(
                request, f"Moved {moved.crew_member.name} to {moved.mission.name}, {moved.place}."
            )
            return redirect(origin)
    return _seat_page(request, form, mission=origin, action="Move", assignment=assignment)


@require_http_methods(["GET", "POST"])
@permission_required("crews.change_seatassignment", raise_exception=True)
@on_open_seat
def seat_swap(request, assignment: SeatAssignment):
    origin = assignment.mission
    form = SeatSwapForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        other, keep = form.cleaned_data["other"], form.cleaned_data["keep_roles"]
        swapped = _attempt(form, {}, lambda: services.seat_swap(first=assignment, second=other, keep_roles=keep),
                           refused=assignment.refresh_from_db)  # fmt: skip
        if swapped:
            first, second = swapped
            messages.success(request, f"Swapped {first.crew_member.name} and {second.crew_member.name}: "
                             f"{_now_sits(first, origin)}; {_now_sits(second, origin)}.")  # fmt: skip
            return redirect(origin)
    return _seat_page(request, form, mission=origin, action="Swap", assignment=assignment)


def _now_sits(seat: SeatAssignment, origin: Mission) -> str:
    """ "Dmitry Petelin is now commander, ascent seat 1" (and the mission, when it is not the page's)."""
    where = seat.place if seat.mission_id == origin.pk else f"{seat.mission.name}, {seat.place}"
    return f"{seat.crew_member.name} is now {seat.get_role_display().lower()}, {where}"


@require_http_methods(["GET", "POST"])
@permission_required("crews.delete_seatassignment", raise_exception=True)
@on_open_seat
def seat_release(request, assignment: SeatAssignment):
    errors = []
    if request.method == "POST":
        try:
            services.seat_release(assignment=assignment)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Released {assignment.place} ({assignment.crew_member.name}).")
            return redirect(assignment.mission)
    context = {"mission": assignment.mission, "assignment": assignment, "errors": errors}
    return render(request, "crews/planning/seat_release.html", context)


@require_http_methods(["GET", "POST"])
@permission_required("crews.add_seatassignment", raise_exception=True)
def return_record(request, slug: str, pk: int):
    """The person of this ascent seat comes home on another mission (as the MS-22 crew did on MS-23)."""
    assignment = get_seat(slug, pk)
    person = assignment.crew_member
    form = ReturnForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        data, ride = form.cleaned_data, form.cleaned_data["mission"]
        agreement = assignment.agreement if person.agency_id != ride.spacecraft.operator_id else None
        recorded = _attempt(form, ReturnForm.FIELDS, lambda: services.seat_assign(
            mission=ride, leg=SeatAssignment.Leg.RETURN, seat=data["seat"], role=data["role"], crew_member=person,
            agreement=agreement))  # fmt: skip
        if recorded:
            messages.success(request, f"{person.name} returns on {ride.name}.")
            return redirect(assignment.mission)
    return _seat_page(
        request, form, mission=assignment.mission, action="Record the return of", assignment=assignment
    )


@require_http_methods(["GET", "POST"])
@permission_required("crews.add_seatassignment", raise_exception=True)
def crew_return(request, slug: str):
    """The ascent crew without a return on file comes home on one mission's return leg, in one step: the plan
    for the mission chosen (this one by default), then its confirmation, through `services.crew_return`."""
    ascent = get_mission(slug)
    chooser = CrewReturnForm(request.GET or None, ascent=ascent)
    ride = chooser.cleaned_data["mission"] if chooser.is_bound and chooser.is_valid() else ascent
    form = CrewReturnForm(request.POST or None, ascent=ascent, initial={"mission": ride.pk})
    if request.method == "POST" and form.is_valid():
        ride, expected = form.cleaned_data["mission"], form.cleaned_data["expected"]
        seats = _attempt(form, {"mission": "mission", "leg": "mission"}, lambda: services.crew_return(
            ascent=ascent, ride=ride, expected=expected))  # fmt: skip
        if seats:
            numbers = ", ".join(str(s.seat) for s in seats)
            messages.success(request, f"{in_words(s.crew_member.name for s in seats)} return{'s' if len(seats) == 1 else ''} on {ride.name} "
                             f"(return seat{'s' if len(seats) > 1 else ''} {numbers}).")  # fmt: skip
            return redirect(ascent)
    waiting = crew_without_return(ascent)
    plan = plan_return(waiting, ride) if waiting else None
    form.initial["expected"] = ",".join(str(s.crew_member_id) for s in waiting)
    context = {"mission": ascent, "ride": ride, "chooser": chooser, "form": form, "plan": plan}
    return render(request, "crews/planning/crew_return.html", context)
