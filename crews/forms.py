"""Forms of the roster pages."""

import datetime as dt

from crispy_forms.helper import FormHelper
from django import forms
from django.core import signing
from django.db.models import Count, Q
from django.template.defaultfilters import filesizeformat

from missions.models import FIRST_DAY, LAST_DAY, Agreement, Mission, Spacecraft

from .models import CrewMember, Qualification, SeatAssignment
from .roster_csv.reading import FileProblem, decode
from .seat_choices import LegSeats, busy_people, leg_seats, on_this_mission, usual_roles, why_not_open

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_SALT = "crews.roster-upload"
#: How long a previewed upload can wait for its confirmation.
CONFIRM_WITHIN_SECONDS = 3600


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="Roster CSV",
        help_text="UTF-8 CSV (comma, semicolon or tab separated) with the columns listed below, at most 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"This file is {filesizeformat(upload.size)}; roster files can be at most "
                f"{filesizeformat(MAX_UPLOAD_BYTES)}. Split it into several files."
            )
        try:
            text = decode(upload.read())
        except FileProblem as exc:
            raise forms.ValidationError(str(exc).replace("the file", "This file", 1) + ".") from None
        if not text.strip():
            raise forms.ValidationError("This file is empty.")
        return text


class _SignedUpload(forms.Form):
    """Names a previewed upload, signed, so that a form cannot point at another one."""

    payload = forms.CharField(widget=forms.HiddenInput)

    @staticmethod
    def sign(upload_id) -> str:
        return signing.dumps(str(upload_id), salt=UPLOAD_SALT)

    def clean_payload(self) -> str:
        try:
            return signing.loads(
                self.cleaned_data["payload"], salt=UPLOAD_SALT, max_age=CONFIRM_WITHIN_SECONDS
            )
        except signing.SignatureExpired:
            raise forms.ValidationError(
                "This preview is more than an hour old: upload the file again."
            ) from None
        except signing.BadSignature:
            raise forms.ValidationError("This preview cannot be read back: upload the file again.") from None


class RosterConfirmForm(_SignedUpload):
    """Confirms a preview: the upload it names is imported, by the user who previewed it, once."""


class NameChoiceForm(_SignedUpload):
    """For each name of the file close to someone on file: that person, or a new one."""

    def __init__(self, *args, asked: dict[str, list], **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = asked
        for i, (name, offered) in enumerate(sorted(asked.items())):
            choices = [(str(pk), label) for pk, label in offered] + [("new", f"a new person called “{name}”")]
            self.fields[f"name_{i}"] = forms.ChoiceField(
                label=f"“{name}” is", choices=choices, widget=forms.RadioSelect
            )

    def choices(self) -> tuple[dict[str, int], set[str]]:
        """(name → the chosen person's id, names that are new people)."""
        same, new = {}, set()
        for i, name in enumerate(sorted(self.asked)):
            value = self.cleaned_data[f"name_{i}"]
            if value == "new":
                new.add(name)
            else:
                same[name] = int(value)
        return same, new


# --- Planner forms ------------------------------------------------------------------------------
# They offer what is possible; the services (crews.services) decide, through the rules, and
# their refusals come back into the form by `add_service_errors`.


def add_service_errors(form: forms.Form, exc, fields: dict[str, str]) -> None:
    """Put a service's ValidationError on the form: each message on its field, or on the whole form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            target = fields.get(name)
            for message in errors:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def open_seat_choices(mission: Mission, seats: dict[str, LegSeats]) -> list[tuple[str, str]]:
    """The open seats of the legs open to planning (people the record gives no number take seats too)."""
    return [
        (f"{leg.leg}:{n}", f"{leg.label} — seat {n}")
        for leg in seats.values()
        if not leg.flown
        for n in leg.open
    ]


def crew_choices(
    spacecraft,
    busy: dict[int, str] | None = None,
    aboard: dict[int, str] | None = None,
    launch: dt.date | None = None,
) -> list:
    """People qualified on the spacecraft first, then those in training (with their planned completion), then
    everyone else; then those busy on another flight at the time (`busy`: person id → where), or in training
    until after the `launch` day (which the rules refuse), with their training and where they are; first of
    all, those already on this mission (`aboard`: person id → their seats), the crew a return is planned for."""
    busy, aboard = busy or {}, aboard or {}
    training = {
        person: (status, completes)
        for person, status, completes in Qualification.objects.filter(spacecraft=spacecraft).values_list(
            "crew_member_id", "status", "planned_completion"
        )
    }
    groups: dict[str, list] = {"aboard": [], "qualified": [], "in_training": [], "none": [], "busy": []}
    words = {"qualified": "qualified", "in_training": "in training", "none": "not trained"}
    people = CrewMember.objects.select_related("agency").exclude(status=CrewMember.Status.DECEASED)
    for person in people.order_by("name"):
        status, completes = training.get(person.pk, ("none", None))
        label = f"{person.name} ({person.agency.short_name})"
        trained = words[status] + (f" until {completes.isoformat()}" if completes else "")
        late = launch is not None and completes is not None and completes > launch
        if person.pk in aboard:
            groups["aboard"].append((person.pk, f"{label} — {aboard[person.pk]}"))
        elif person.pk in busy:
            groups["busy"].append((person.pk, f"{label} — {trained}; {busy[person.pk]}"))
        elif late:
            groups["busy"].append((person.pk, f"{label} — {trained}, after the launch"))
        elif completes:
            groups[status].append((person.pk, f"{label} — {trained}"))
        else:
            groups[status].append((person.pk, label))
    choices = [("", "—")]
    if groups["aboard"]:
        choices.append(("On this mission", groups["aboard"]))
    choices += [
        (f"Qualified on {spacecraft.name}", groups["qualified"]),
        (f"In training on {spacecraft.name}", groups["in_training"]),
        (f"Not trained on {spacecraft.name}", groups["none"]),
    ]
    if groups["busy"]:
        choices.append(("Busy, unavailable or still in training at the time", groups["busy"]))
    return choices


def agreement_choices(mission: Mission) -> list:
    """Agreements giving some agency seats on this mission's vehicle, in force at launch, with seats left.

    A launch known only to the month or the year: agreements in force on some of its days are offered, said
    to be in force for part of it (the rules warn of them); those in force on none are not."""
    operator = mission.spacecraft.operator_id
    launch = mission.launch
    agreements = Agreement.objects.filter(Q(agency_a_id=operator) | Q(agency_b_id=operator)).filter(
        Q(in_force_from__lte=launch.last_day), Q(in_force_to__isnull=True) | Q(in_force_to__gte=launch.date)
    )
    used = seats_used(agreements, operator)
    choices = [("", "— none —")]
    for agreement in agreements.select_related("agency_a", "agency_b"):
        crew = agreement.agency_b if agreement.agency_a_id == operator else agreement.agency_a
        allotted = agreement.seats_for(crew.pk, operator)
        left = allotted - used.get(agreement.pk, 0)
        if left > 0:
            part = (
                ""
                if agreement.in_force_over(launch.date, launch.last_day)
                else f" (in force for part of {launch.shown()})"
            )
            choices.append(
                (agreement.pk, f"{agreement.name} — {crew.short_name} crew: {left} of {allotted} left{part}")
            )
    return choices


def seats_used(agreements, operator: int) -> dict[int, int]:
    """Agreement id → its ascent seats on `operator`'s vehicles, scrubbed missions left out. One query."""
    return dict(
        SeatAssignment.objects.filter(agreement__in=agreements, leg=SeatAssignment.Leg.ASCENT)
        .exclude(mission__status=Mission.Status.SCRUBBED)
        .exclude(mission__spacecraft__operator__isnull=True)
        .filter(mission__spacecraft__operator_id=operator)
        .values_list("agreement_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def unusable_agreements(mission: Mission) -> list[tuple[Agreement, str, str]]:
    """Agreements giving some agency seats on this mission's vehicle that cannot be used for its launch, and
    why: (agreement, the crew agency, "expired on 2025-12-31, before this launch on 2027-03-15" or "no seats
    left: all 5 used"). Two queries."""
    operator, launch = mission.spacecraft.operator_id, mission.launch
    agreements = Agreement.objects.filter(Q(agency_a_id=operator) | Q(agency_b_id=operator))
    agreements = list(agreements.select_related("agency_a", "agency_b").order_by("name"))
    used = seats_used(agreements, operator)
    unusable = []
    for agreement in agreements:
        crew = agreement.agency_b if agreement.agency_a_id == operator else agreement.agency_a
        allotted = agreement.seats_for(crew.pk, operator)
        if not allotted:
            continue
        if agreement.in_force_over(launch.date, launch.last_day) is False:
            when = "before" if agreement.state_on(launch.date) == Agreement.EXPIRED else "after"
            reason = f"{agreement.state_text(launch.date)}, {when} this launch {launch.on_or_in()}"
        elif allotted - used.get(agreement.pk, 0) <= 0:
            reason = f"no seats left: all {allotted} for {crew.short_name} crew are used"
        else:
            continue
        unusable.append((agreement, crew.short_name, reason))
    return unusable


class PlannerForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class PositionField(forms.ChoiceField):
    """`leg:seat` among the open seats. A seat that is not open is refused saying why (`explain`), not with
    "Select a valid choice"."""

    explain = None

    def validate(self, value):
        try:
            super().validate(value)
        except forms.ValidationError as error:
            if error.code != "invalid_choice" or self.explain is None:
                raise
            raise forms.ValidationError(self.explain(value), code="invalid_choice") from error


class SeatAssignForm(PlannerForm):
    position = PositionField(label="Seat", help_text="Open seats only.")
    role = forms.ChoiceField(choices=SeatAssignment.Role.choices)
    crew_member = forms.TypedChoiceField(coerce=int, label="Crew member")
    agreement = forms.TypedChoiceField(coerce=int, required=False, empty_value=None, label="Agreement")

    #: Service error fields → form fields.
    FIELDS = {"seat": "position", "leg": "position", "crew_member": "crew_member", "role": "role",
              "agreement": "agreement", "mission": "position"}  # fmt: skip

    def __init__(self, *args, mission: Mission, legs: list[str] | None = None, asked: str = "", **kwargs):
        """`asked`: the seat the planner came for (`ascent:5`, from the roster's Assign button)."""
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.seats = leg_seats(mission, legs or mission.open_legs())
        position = self.fields["position"]
        position.choices = [("", "— choose a seat —"), *open_seat_choices(mission, self.seats)]
        position.explain = lambda value: why_not_open(self.seats, value, mission.spacecraft.name)
        #: Said above the form: why the seat asked for is not the one offered.
        self.notices = []
        self._start_at(asked, position)
        crew = self.fields["crew_member"]
        crew.choices = crew_choices(
            mission.spacecraft, busy_people(mission), on_this_mission(mission), launch=mission.launch_date
        )
        crew.widget.attrs["data-typeahead"] = "Type a name, an agency or “qualified” to narrow the list"
        self.fields["agreement"].choices = agreement_choices(mission)
        agreement = self.fields["agreement"]
        agreement.help_text = "Needed when the person's agency does not operate the spacecraft."
        if len(agreement.choices) == 1:
            agreement.help_text += (
                f" No agreement in force {mission.launch.on_or_in()} has seats left on "
                f"{mission.spacecraft.operator.short_name} vehicles."
            )
        #: Agreements on this vehicle that cannot be used for this launch, and why (shown under the form).
        self.unusable = unusable_agreements(mission)

    def explain_refusal(self) -> None:
        """A cross-agency seat refused for want of an agreement, when one exists but cannot be used: say which
        and what to do, rather than ask for an agreement the list cannot offer."""
        person = self.cleaned_data.get("crew_member")
        if person is None or "agreement" not in self.errors:
            return
        for agreement, crew, reason in self.unusable:
            if crew == person.agency.short_name:
                self.add_error(
                    "agreement",
                    f"{agreement.name} cannot be used: {reason}. Extend the agreement (see below), or choose "
                    f"someone of {self.mission.spacecraft.operator.short_name} or of an agency with seats left.",
                )

    def _start_at(self, asked: str, position: forms.ChoiceField) -> None:
        """The seat asked for when it is open; otherwise none, with the reason (never another leg's seat
        without saying so). With nothing asked, the first open seat."""
        offered = [value for value, _ in position.choices[1:]]
        chosen = asked if asked in offered else ("" if asked else next(iter(offered), ""))
        if asked and not chosen:
            self.notices.append(why_not_open(self.seats, asked, self.mission.spacecraft.name))
        if chosen:
            self.initial.setdefault("position", chosen)
            seat = int(chosen.partition(":")[2])
            self.initial.setdefault(
                "role", usual_roles(self.mission).get(seat, SeatAssignment.Role.FLIGHT_ENGINEER)
            )

    def clean_position(self) -> tuple[str, int]:
        leg, _, seat = self.cleaned_data["position"].partition(":")
        return leg, int(seat)

    def clean_crew_member(self) -> CrewMember:
        person = CrewMember.objects.filter(pk=self.cleaned_data["crew_member"]).first()
        if person is None:
            raise forms.ValidationError("Choose a crew member from the list.")
        return person

    def clean_agreement(self) -> Agreement | None:
        pk = self.cleaned_data["agreement"]
        return None if pk is None else Agreement.objects.get(pk=pk)


def mission_choices() -> list[tuple[int, str]]:
    """Missions a seat can still be planned on (a leg not yet flown), in launch order."""
    missions = Mission.objects.select_related("spacecraft").plannable().in_launch_order()
    return [(m.pk, f"{m.name} ({m.get_status_display().lower()}, {m.launch.shown_date()})") for m in missions]


class SeatMoveForm(PlannerForm):
    mission = forms.TypedChoiceField(coerce=int, label="To mission")
    leg = forms.ChoiceField(choices=SeatAssignment.Leg.choices)
    seat = forms.IntegerField(min_value=1, max_value=99)
    role = forms.ChoiceField(choices=SeatAssignment.Role.choices)

    FIELDS = {"mission": "mission", "leg": "leg", "seat": "seat", "role": "role", "crew_member": None,
              "agreement": None}  # fmt: skip

    def __init__(self, *args, assignment: SeatAssignment, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "mission": assignment.mission_id,
                "leg": assignment.leg,
                "seat": assignment.seat,
                "role": assignment.role,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["mission"].choices = mission_choices()

    def clean_mission(self) -> Mission:
        return Mission.objects.select_related("spacecraft__operator").get(pk=self.cleaned_data["mission"])


class SeatSwapForm(PlannerForm):
    other = forms.TypedChoiceField(
        coerce=int,
        label="Swap with",
        help_text="Each takes the other’s seat and, unless you tick below, role.",
    )
    keep_roles = forms.BooleanField(
        required=False,
        label="Each keeps their own role (only the seats change)",
        help_text="Unticked, a pilot who takes the commander's seat becomes commander.",
    )

    def __init__(self, *args, assignment: SeatAssignment, **kwargs):
        super().__init__(*args, **kwargs)
        seats = (
            SeatAssignment.objects.with_people()
            .on_open_legs()
            .exclude(crew_member=assignment.crew_member_id)
            .in_roster_order()
        )
        groups: dict[str, list] = {}
        for seat in seats:
            label = f"{seat.place.capitalize()}: {seat.crew_member.name} ({seat.get_role_display().lower()})"
            groups.setdefault(seat.mission.name, []).append((seat.pk, label))
        same = groups.pop(assignment.mission.name, [])
        ordered = [(assignment.mission.name, same)] if same else []
        self.fields["other"].choices = [("", "—"), *ordered, *groups.items()]

    def clean_other(self) -> SeatAssignment:
        return SeatAssignment.objects.with_people().get(pk=self.cleaned_data["other"])


class ReturnForm(PlannerForm):
    mission = forms.TypedChoiceField(coerce=int, label="Returns on")
    seat = forms.IntegerField(min_value=1, max_value=99)
    role = forms.ChoiceField(choices=SeatAssignment.Role.choices)

    FIELDS = {"mission": "mission", "seat": "seat", "role": "role", "crew_member": None, "agreement": None,
              "leg": "mission"}  # fmt: skip

    def __init__(self, *args, assignment: SeatAssignment, **kwargs):
        kwargs.setdefault("initial", {"role": assignment.role, "seat": assignment.seat})
        super().__init__(*args, **kwargs)
        self.fields["mission"].choices = [("", "—"), *mission_choices()]

    def clean_mission(self) -> Mission:
        return Mission.objects.select_related("spacecraft__operator").get(pk=self.cleaned_data["mission"])


class CrewReturnForm(PlannerForm):
    mission = forms.TypedChoiceField(coerce=int, label="Returns on")
    #: The people shown in the preview (ids, comma-separated): a confirmation of another crew is refused.
    expected = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, ascent: Mission, **kwargs):
        kwargs.setdefault("initial", {"mission": ascent.pk})
        super().__init__(*args, **kwargs)
        self.fields["mission"].choices = mission_choices()
        self.fields[
            "mission"
        ].help_text = (
            "Usually the mission that took them up; another, when they come home on a later vehicle."
        )

    def clean_mission(self) -> Mission:
        return Mission.objects.select_related("spacecraft__operator").get(pk=self.cleaned_data["mission"])

    def clean_expected(self) -> list[int] | None:
        text = self.cleaned_data["expected"].strip()
        if not text:
            return None
        try:
            return [int(pk) for pk in text.split(",")]
        except ValueError:
            raise forms.ValidationError("The preview was damaged: look at the plan again.") from None


# --- The station page's query -----------------------------------------------------------------


class StationQuery(forms.Form):
    """The station page's query string, validated: a bad value is a message, never a 500."""

    date = forms.DateField(
        required=False, label="Aboard on (UTC)", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_start = forms.DateField(
        required=False, label="Continuity from", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}))
    ground = forms.ModelChoiceField(
        queryset=Spacecraft.objects.all(), to_field_name="slug", required=False, label="Ground spacecraft"
    )
    ground_from = forms.DateField(
        required=False, label="from", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        if "from" in data:  # ?ground=<slug>&from=YYYY-MM-DD, as documented
            data["ground_from"] = data.pop("from")[-1]
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")

    def clean(self):
        data = super().clean()
        for name in ("date", "period_start", "period_end", "ground_from"):
            day = data.get(name)
            if day and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, f"Choose a date from {FIRST_DAY.year} to {LAST_DAY.year}.")
        if data.get("ground") and not data.get("ground_from"):
            self.add_error("ground_from", "Say from which date the spacecraft is grounded.")
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The period must end after it starts.")
        return data
