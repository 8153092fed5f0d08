"""The planners' mission form (create a planned mission; edit dates, vehicle, site and status)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms

from .choices import Precision
from .models import Mission
from .moments import period_start


class TimeOfDayInput(forms.TimeInput):
    """A 24-hour UTC time typed as HH:MM (HH:MM:SS when the seconds are on file: none are lost).

    Not <input type="time">: a browser shows that in its own locale's clock (a 12-hour one with AM/PM in
    en-US), which invites a local time typed into a UTC field."""

    input_type = "text"

    def __init__(self, attrs=None, format=None):
        attrs = {
            "placeholder": "HH:MM (24-hour, UTC)",
            "pattern": r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?",
            "inputmode": "numeric",
            "autocomplete": "off",
            "title": "A 24-hour time in UTC, e.g. 14:30",
            **(attrs or {}),
        }
        super().__init__(attrs, format)

    def format_value(self, value):
        if hasattr(value, "second") and value.second:
            return value.strftime("%H:%M:%S")
        return super().format_value(value)


def _precision_field(what: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=Precision.choices, required=False, label=f"{what.capitalize()} date known to",
        help_text="Month or year: only for the record of an old flight (the date is then the first day of it).",
    )  # fmt: skip


class PrecisionChecks:
    """For a mission's forms (the planners', the admin's): a precision left empty keeps the mission's, and a date
    that is not the first day of the month or year it is said to be known to is an error, never silently moved
    to it (the model stores an imprecise date as the first day of its period)."""

    def _clean_precision(self, what: str) -> str:
        """The precision given, else the mission's; the date must be the first day of its month or year."""
        precision = self.cleaned_data.get(f"{what}_precision") or getattr(self.instance, f"{what}_precision")
        precision = precision or Precision.DAY
        date = self.cleaned_data.get(f"{what}_date")
        if date and period_start(date, precision) != date:
            known = Precision(precision).label.lower()
            self.add_error(
                f"{what}_date",
                f"{date.isoformat()} is a day, but the {what} date is said to be known only to the {known}: set it "
                f"known to the day, or give the first day of the {known} ({period_start(date, precision).isoformat()}).",
            )
        return precision

    def clean_launch_precision(self) -> str:
        return self._clean_precision("launch")

    def clean_landing_precision(self) -> str:
        return self._clean_precision("landing")


class MissionForm(PrecisionChecks, forms.ModelForm):
    """With `version`, the mission's version when the form was loaded (refuses lost updates).

    How precisely each date is known is part of the form (a new mission is planned: its dates are days). A
    precision left out keeps the mission's; a date that is not the first day of the month or year it is said to
    be known to is an error, never silently moved to it.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    launch_precision = _precision_field("launch")
    landing_precision = _precision_field("landing")

    class Meta:
        model = Mission
        fields = [
            "name",
            "status",
            "spacecraft",
            "vehicle",
            "launch_site",
            "destination",
            "launch_date",
            "launch_time",
            "launch_precision",
            "landing_date",
            "landing_time",
            "landing_precision",
            "notes",
        ]
        widgets = {
            "launch_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "landing_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "launch_time": TimeOfDayInput(format="%H:%M"),
            "landing_time": TimeOfDayInput(format="%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "launch_date": "Launch date (UTC)",
            "launch_time": "Launch time (UTC)",
            "landing_date": "Landing date (UTC)",
            "landing_time": "Landing time (UTC)",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        mission = self.instance
        if mission.pk is None:
            for name in ("status", "launch_precision", "landing_precision"):
                del self.fields[name]  # a new mission is planned, its dates days
        else:
            allowed = [mission.status, *Mission.NEXT_STATUSES[mission.status]]
            self.fields["status"].choices = [(s, Mission.Status(s).label) for s in allowed]
            self.fields["status"].help_text = "Planned → scheduled → launched → landed, or scrubbed."
            self.fields["version"].initial = mission.version
        if mission.pk is not None:
            for name in mission.locked_fields():
                self.fields[name].disabled = True
                self.fields[name].help_text = "The record: a data steward can correct it in the admin."
        self.fields["launch_time"].help_text = "Leave empty until the time is known."
        self.fields["landing_time"].help_text = "Leave empty until the time is known."
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-6"), Column("status", css_class="col-md-3")
                if "status" in self.fields else Column(css_class="col-md-3")),
            Fieldset(
                "Vehicle",
                Row(
                    Column("spacecraft", css_class="col-md-4"),
                    Column("vehicle", css_class="col-md-4"),
                    Column("launch_site", css_class="col-md-4"),
                ),
                Row(Column("destination", css_class="col-md-4")),
            ),
            Fieldset(
                "When",
                *(Row(*(Column(f"{what}_{part}", css_class="col-6 col-md-4") for part in ("date", "time", "precision")
                        if f"{what}_{part}" in self.fields))
                  for what in ("launch", "landing")),
            ),
            Field("notes"),
            Field("version"),
            Submit("save", "Save mission"),
        )  # fmt: skip
