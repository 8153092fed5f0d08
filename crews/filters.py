"""List filters as forms: a bad value in the query string is a message on the page, never a 500."""

import django_filters
import django_filters.fields
from django import forms
from django.db.models import F, Q

from missions.models import Agency, Agreement, Mission, Spacecraft, Station

from .form_renderer import FAST_WIDGETS
from .kept_rows import kept
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


class ListedChoices(django_filters.fields.ModelChoiceIterator):
    """A menu's rows read in one go. (Django's iterator reads them with `QuerySet.iterator()`: on PostgreSQL a
    server-side cursor, declared WITH HOLD outside a transaction, then fetched and closed: three round trips to
    the database for a menu of a dozen agencies.)"""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


def kept_menu(field: forms.ModelChoiceField, token: str, where: str) -> list[tuple[str, str]]:
    """A menu's choices as (value, label) text, kept in the cache under the record's version `token`
    (`missions.versions`: agencies, spacecraft and stations are part of what it covers) and the filter it is
    (`where`: the filter set's class and the field's name, which decide its queryset and labels), so that a
    list page reads its menus once per change to the record rather than on every request."""
    return kept(
        f"filter-menu:{where}", token, lambda: [(str(value), str(label)) for value, label in field.choices]
    )


class StyledFilterSet(django_filters.FilterSet):
    """Bootstrap classes on the filter form's widgets; the widgets written by `FAST_WIDGETS` (the HTML of
    Django's widget templates, in a tenth of the time: every list page renders its filters).

    `record_version`: the record's version token (`missions.versions.current()`) when the page has read it
    already; the menus of agencies, spacecraft and stations are then taken from the cache under it
    (`kept_menu`). Without it (or with None: a transaction that changed the record), each menu is one query."""

    def __init__(self, *args, record_version: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.renderer = FAST_WIDGETS
        for name, field in self.form.fields.items():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")
            if isinstance(field, forms.ModelChoiceField):
                # What the widget shows (the field checks a value against its queryset, not these).
                field.iterator = ListedChoices
                where = f"{type(self).__module__}.{type(self).__qualname__}.{name}"
                field.widget.choices = (
                    kept_menu(field, record_version, where) if record_version else field.choices
                )


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


class AgreementFilter(StyledFilterSet):
    """The search of /agreements/: every word of it in the agreement's name or a party's name or short name."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        max_length=100,
        widget=SearchInput(attrs={"placeholder": "Agreement or agency"}),
    )

    class Meta:
        model = Agreement
        fields = ["q"]

    def search(self, queryset, name, value):
        for word in value.split():
            # The few agencies first: each agreement is then matched on its parties' ids.
            named = Q(short_name__icontains=word) | Q(name__icontains=word)
            agencies = Agency.objects.filter(named).values("pk")
            queryset = queryset.filter(
                Q(agency_a__in=agencies) | Q(agency_b__in=agencies) | Q(name__icontains=word)
            )
        return queryset


class LenientChoiceField(django_filters.fields.ChoiceField):
    """A choice that falls back to none (the default) when the value is not one of the choices: a sort order in
    an old link or a hand-made URL is not worth an error message."""

    def to_python(self, value):
        value = super().to_python(value)
        return value if self.valid_value(value) else ""

    def validate(self, value):
        pass


class SortFilter(django_filters.ChoiceFilter):
    """`?sort=days` (ascending) or `?sort=-days` (descending), one of `columns` ({name: ordering field}); ties by
    name. Anything else keeps the queryset's own order."""

    field_class = LenientChoiceField

    def __init__(self, *args, columns: dict[str, tuple[str, str, str]], **kwargs):
        self.columns = {key: field for key, (field, _up, _down) in columns.items()}
        choices = []
        for key, (_field, ascending, descending) in columns.items():
            choices += [(key, ascending), (f"-{key}", descending)]
        super().__init__(*args, choices=choices, empty_label=None, **kwargs)

    def filter(self, qs, value):
        key = (value or "").removeprefix("-")
        if key not in self.columns:
            return qs
        field = F(self.columns[key])
        order = field.desc(nulls_last=True) if value.startswith("-") else field.asc(nulls_last=True)
        return qs.order_by(order, "name", "pk")


class MinimumFilter(django_filters.NumberFilter):
    """At least this much of an annotated total: a number from 0 (a word, a negative number or 1e999 is a message
    on the page)."""

    def __init__(self, *args, whole: bool = False, **kwargs):
        if whole:
            self.field_class = forms.IntegerField
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 1_000_000)
        super().__init__(*args, **kwargs)


#: The columns /crews/ sorts on: ?sort= key → (annotation or field, ascending and descending in words). Flights,
#: days and spacewalk hours are `careers.with_careers`; the numbers sort with people who have none last.
CREW_SORTS = {
    "name": ("name", "Name, A–Z", "Name, Z–A"),
    "flights": ("flights", "Fewest flights", "Most flights"),
    "days": ("days_shown", "Fewest days in space", "Most days in space"),
    "eva": ("eva_total", "Fewest spacewalk hours", "Most spacewalk hours"),
}


class CrewMemberFilter(StyledFilterSet):
    """Filters of /crews/, for a queryset annotated by `careers.with_careers`."""

    q = django_filters.CharFilter(
        label="Search",
        method="search",
        widget=SearchInput(attrs={"placeholder": "Name or other name (any spelling)"}),
    )
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), to_field_name="short_name")
    nationality = django_filters.CharFilter(lookup_expr="iexact")
    status = django_filters.ChoiceFilter(choices=CrewMember.Status.choices)
    min_flights = MinimumFilter(field_name="flights", label="Minimum flights", whole=True)
    min_days = MinimumFilter(field_name="days_shown", label="Minimum days in space")
    min_eva = MinimumFilter(field_name="eva_total", label="Minimum spacewalk hours")
    sort = SortFilter(label="Sort by", columns=CREW_SORTS)

    class Meta:
        model = CrewMember
        fields = ["q", "agency", "nationality", "status", "min_flights", "min_days", "min_eva", "sort"]

    def search(self, queryset, name, value):
        return queryset.filter(crew_member_q(value)) if value.strip() else queryset

    @property
    def reads_careers(self) -> bool:
        """Whether choosing the page's people works out careers (sorted or filtered by flights, days or spacewalk
        hours): then the database works them out for every person, in `careers.reading_careers`. Otherwise only
        for the page's 25 (`selectors.careers_of`)."""
        if not self.is_bound:
            return False
        self.form.is_valid()
        data = self.form.cleaned_data
        minimums = ("min_flights", "min_days", "min_eva")
        return any(data.get(name) is not None for name in minimums) or self.sort_order.lstrip("-") in (
            "flights",
            "days",
            "eva",
        )

    @property
    def sort_order(self) -> str:
        """The sort in force: `days` or `-days`, or "" for the default (by name)."""
        if not self.is_bound:
            return ""
        self.form.is_valid()  # a bad value elsewhere leaves the sort in cleaned_data
        return self.form.cleaned_data.get("sort") or ""
