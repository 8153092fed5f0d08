"""List filters as forms: a bad value in the query string is a message on the page, never a 500."""

import django_filters
from django import forms
from django.db.models import Q

from missions.models import Agency, Mission, Spacecraft, Station

from .models import CrewMember
from .search import crew_member_q, mission_q


class SearchInput(forms.TextInput):
    input_type = "search"


class YearFilter(django_filters.NumberFilter):
    """A whole year in a range dates can hold (not 0, 2022.5 or 99999)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1900)
        kwargs.setdefault("max_value", 2200)
        super().__init__(*args, **kwargs)


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter form's widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")


class MissionFilter(StyledFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        widget=SearchInput(attrs={"placeholder": "Mission or crew member (any spelling)"}),
    )
    agency = django_filters.ModelChoiceFilter(
        label="Agency (crew or operator)",
        queryset=Agency.objects.all(),
        to_field_name="short_name",
        method="by_agency",
    )
    spacecraft = django_filters.ModelChoiceFilter(queryset=Spacecraft.objects.all(), to_field_name="slug")
    status = django_filters.ChoiceFilter(choices=Mission.Status.choices)
    year = YearFilter(field_name="launch_date", lookup_expr="year", label="Launch year (UTC)")
    station = django_filters.ModelChoiceFilter(
        field_name="destination", queryset=Station.objects.all(), to_field_name="slug", label="Station"
    )

    class Meta:
        model = Mission
        fields = ["q", "agency", "spacecraft", "status", "year", "station"]

    def search(self, queryset, name, value):
        return queryset.filter(mission_q(value)) if value.strip() else queryset

    def by_agency(self, queryset, name, agency):
        crewed = Mission.objects.filter(seat_assignments__crew_member__agency=agency).values("pk")
        return queryset.filter(Q(spacecraft__operator=agency) | Q(pk__in=crewed))


class CrewMemberFilter(StyledFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method="search",
        widget=SearchInput(attrs={"placeholder": "Name or other name (any spelling)"}),
    )
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), to_field_name="short_name")
    nationality = django_filters.CharFilter(lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=CrewMember.Status.choices)

    class Meta:
        model = CrewMember
        fields = ["q", "agency", "nationality", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(crew_member_q(value)) if value.strip() else queryset
