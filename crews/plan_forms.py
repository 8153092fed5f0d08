"""The /planning/ form: the horizon, the weights of the soft rules (the assistant's defaults filled in), the
seats to pin, the solver's time limit."""

from __future__ import annotations

import dataclasses

from django import forms
from django.utils import timezone

from missions.models import FIRST_DAY, LAST_DAY, Mission

from .models import SeatAssignment
from .planning import Weights
from .planning.from_db import five_years_on

#: The longest horizon a run may cover, and the solver's time limits a planner may choose (seconds).
MAX_HORIZON_YEARS = 10
MIN_TIME_LIMIT, MAX_TIME_LIMIT, DEFAULT_TIME_LIMIT = 5, 300, 30
#: The N-1 check: scenarios run at most, and the seconds each repair may take.
MAX_SCENARIOS, DEFAULT_SCENARIOS = 50, 10
MIN_REPAIR_SECONDS, MAX_REPAIR_SECONDS, DEFAULT_REPAIR_SECONDS = 1, 60, 4
#: The largest weight accepted (a continuity day weighs 1000 by default).
MAX_WEIGHT = 1_000_000


def planned_seats():
    """The seats on file of missions still planned, on legs that have not flown: those a planner may pin."""
    return (
        SeatAssignment.objects.filter(mission__status__in=Mission.UPCOMING_STATUSES)
        .select_related("mission", "crew_member")
        .order_by("mission__launch_date", "mission__name", "mission_id", "leg", "seat", "pk")
    )


def check_horizon(form: forms.Form, data: dict) -> dict:
    """The horizon's days within the record's range, in order, and at most MAX_HORIZON_YEARS apart."""
    start, end = data.get("starts_on"), data.get("ends_on")
    for name in ("starts_on", "ends_on"):
        day = data.get(name)
        if day is not None and not FIRST_DAY <= day <= LAST_DAY:
            form.add_error(name, f"Choose a day from {FIRST_DAY} to {LAST_DAY}.")
    if start and end and FIRST_DAY <= start <= LAST_DAY and FIRST_DAY <= end <= LAST_DAY:
        if end < start:
            form.add_error("ends_on", "The horizon ends before it starts: choose a later last launch day.")
        elif (end - start).days > MAX_HORIZON_YEARS * 366:
            form.add_error("ends_on", f"A horizon covers at most {MAX_HORIZON_YEARS} years.")
    return data


class PlanRunForm(forms.Form):
    starts_on = forms.DateField(label="First launch day", widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label="Last launch day", widget=forms.DateInput(attrs={"type": "date"}))
    time_limit = forms.IntegerField(
        label="Time limit (seconds)", min_value=MIN_TIME_LIMIT, max_value=MAX_TIME_LIMIT,
        initial=DEFAULT_TIME_LIMIT, help_text="The best plan found within it is shown; the page follows the solve.",
    )  # fmt: skip
    pinned_seats = forms.TypedMultipleChoiceField(
        label="Keep these seats", required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "A seat to keep is no longer planned (%(value)s): choose again."},
    )  # fmt: skip
    pinned_missions = forms.TypedMultipleChoiceField(
        label="Keep every current seat of these missions", required=False, coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "A mission to keep has no planned seat now (%(value)s): choose again."},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.now().date()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = five_years_on(today)
        defaults = Weights()
        self.weight_names = []
        for field, (name, text) in zip(dataclasses.fields(Weights), Weights.describe(), strict=True):
            if field.type in ("bool", bool):
                self.fields[name] = forms.BooleanField(
                    required=False, label=text, initial=getattr(defaults, name)
                )
            else:
                self.fields[name] = forms.IntegerField(min_value=0, max_value=MAX_WEIGHT, label=text,
                                                       initial=getattr(defaults, name))  # fmt: skip
            self.weight_names.append(name)
        self.seats = list(planned_seats())
        self.fields["pinned_seats"].choices = [(s.pk, self.seat_label(s)) for s in self.seats]
        missions = {s.mission_id: s.mission for s in self.seats}
        self.fields["pinned_missions"].choices = [
            (m.pk, f"{m.name} ({m.launch_date})") for m in missions.values()
        ]

    @staticmethod
    def seat_label(seat: SeatAssignment) -> str:
        return (f"{seat.mission.name} ({seat.mission.launch_date}): {seat.leg} seat {seat.seat or '—'}, "
                f"{seat.crew_member.name} ({seat.get_role_display().lower()})")  # fmt: skip

    @staticmethod
    def defaults() -> dict:
        return dataclasses.asdict(Weights())

    @staticmethod
    def described() -> list[tuple[str, str]]:
        return Weights.describe()

    def weight_fields(self):
        return [self[name] for name in self.weight_names]

    def clean(self):
        return check_horizon(self, super().clean())

    def weights(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.weight_names}

    def pins(self) -> list[int]:
        """The seat ids to keep: those ticked, and every seat of the missions ticked."""
        missions = set(self.cleaned_data["pinned_missions"])
        chosen = set(self.cleaned_data["pinned_seats"])
        return sorted(chosen | {s.pk for s in self.seats if s.mission_id in missions})


class FailureCheckForm(forms.Form):
    """/planning/'s second form: test the plan against one failure (the N-1 report) over a horizon."""

    starts_on = forms.DateField(label="Day of the failure (first launch day)",
                                widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    ends_on = forms.DateField(label="Last launch day", widget=forms.DateInput(attrs={"type": "date"}))
    limit = forms.IntegerField(
        label="Scenarios at most", min_value=1, max_value=MAX_SCENARIOS, initial=DEFAULT_SCENARIOS,
        help_text="Vehicles first, then people by their next flight.",
    )  # fmt: skip
    time_limit = forms.IntegerField(
        label="Seconds for each repair", min_value=MIN_REPAIR_SECONDS, max_value=MAX_REPAIR_SECONDS,
        initial=DEFAULT_REPAIR_SECONDS, help_text="An impossible repair takes a few more, to say why.",
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "check")
        super().__init__(*args, **kwargs)
        today = timezone.now().date()
        self.fields["starts_on"].initial = today
        self.fields["ends_on"].initial = five_years_on(today)

    def clean(self):
        return check_horizon(self, super().clean())
