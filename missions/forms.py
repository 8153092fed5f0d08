"""The planners' mission form (create a planned mission; edit dates, vehicle, site and status)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms

from .models import Mission


class TimeOfDayInput(forms.TimeInput):
    """An <input type="time"> showing HH:MM, or HH:MM:SS when the seconds are on file (none are lost)."""

    input_type = "time"

    def format_value(self, value):
        if hasattr(value, "second") and value.second:
            self.attrs["step"] = "1"
            return value.strftime("%H:%M:%S")
        return super().format_value(value)


class MissionForm(forms.ModelForm):
    """With `version`, the mission's version when the form was loaded (refuses lost updates)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
            "landing_date",
            "landing_time",
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
            del self.fields["status"]  # a new mission is planned
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
                Row(Column("launch_date", css_class="col-6 col-md-3"), Column("launch_time", css_class="col-6 col-md-3"),
                    Column("landing_date", css_class="col-6 col-md-3"), Column("landing_time", css_class="col-6 col-md-3")),
            ),
            Field("notes"),
            Field("version"),
            Submit("save", "Save mission"),
        )  # fmt: skip
