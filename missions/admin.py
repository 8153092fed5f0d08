"""The data-entry desk for agencies, spacecraft, sites, stations, missions and agreements."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from .forms import PrecisionChecks
from .models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station


class CarefulChangeList(ChangeList):
    """A changelist that refuses, as Django's "?e=1" page, what Django lets through as a 500: a NUL in a filter's
    value (PostgreSQL cannot compare text with one) and a date-hierarchy year too large for a date
    (`?launch_date__year=99999999999999999999`, an OverflowError where a bad date is already refused)."""

    def get_filters(self, request):
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            raise IncorrectLookupParameters("A filter's value holds a NUL character.")
        try:
            return super().get_filters(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


class CarefulAdmin(admin.ModelAdmin):
    """Every changelist of the desk: bad filter values are the admin's "?e=1" page, never a 500."""

    def get_changelist(self, request, **kwargs):
        return CarefulChangeList

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete's `term` reaches here unchecked (the changelist's `q` is a form field that refuses a
        # NUL): PostgreSQL cannot search for one, and no name holds one.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


def _valid_pk(field, value: str) -> None:
    """404 unless `value` (from the URL) can be `field`'s value: `abc`, `1e3` or a NUL are not an id."""
    try:
        field.to_python(unquote(value))
    except (ValidationError, ValueError, OverflowError) as error:
        raise Http404(f"No such {field.model._meta.verbose_name}.") from error


class CarefulHistoryAdmin(CarefulAdmin, SimpleHistoryAdmin):
    """simple-history's history list and history form answer 404 to an id that cannot be one (it queries the
    database with it as given, a ValueError: a 500)."""

    def history_view(self, request, object_id, extra_context=None):
        _valid_pk(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _valid_pk(self.model._meta.pk, object_id)
        _valid_pk(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view_title(self, request, obj):
        return self._named(super().history_view_title, request, obj)

    def history_form_view_title(self, request, obj):
        return self._named(super().history_form_view_title, request, obj)

    @staticmethod
    def _named(title, request, obj) -> str:
        """The page's title; an old version naming a deleted mission or person (a released seat's, once its
        mission and person are gone) is named by its id rather than failing to name them."""
        try:
            return title(request, obj)
        except ObjectDoesNotExist:
            return f"History: {obj._meta.verbose_name} {obj.pk} (what it refers to has since been deleted)"


class LaunchYearFilter(admin.SimpleListFilter):
    """Filter by the UTC year of launch; `path` points at the mission's launch date."""

    title = "launch year"
    parameter_name = "year"
    path = "launch_date"

    def lookups(self, request, model_admin):
        years = Mission.objects.dates("launch_date", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        # A year a date can hold: not 0, 10000, "²" (a digit to str.isdigit, not to int) or 1e20.
        if not (value.isascii() and value.isdigit() and len(value) <= 4 and int(value) >= 1):
            raise IncorrectLookupParameters(f"No launch year {value!r}.")
        return queryset.filter(**{f"{self.path}__year": int(value)})


@admin.register(Agency)
class AgencyAdmin(CarefulAdmin):
    list_display = ["short_name", "name", "country"]
    search_fields = ["short_name", "name", "country"]
    ordering = ["short_name"]


@admin.register(Spacecraft)
class SpacecraftAdmin(CarefulAdmin):
    list_display = ["name", "operator", "manufacturer", "seat_count", "in_service"]
    list_filter = ["in_service", ("operator", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["operator"]
    search_fields = ["name", "manufacturer", "operator__short_name"]
    autocomplete_fields = ["operator"]


@admin.register(LaunchSite)
class LaunchSiteAdmin(CarefulAdmin):
    list_display = ["name", "country", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name", "country"]


@admin.register(Station)
class StationAdmin(CarefulAdmin):
    list_display = ["short_name", "name", "required"]
    search_fields = ["short_name", "name"]
    autocomplete_fields = ["required_agencies"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("required_agencies")

    @admin.display(description="must always have someone aboard")
    def required(self, obj):
        return ", ".join(a.short_name for a in obj.required_agencies.all()) or "—"


class MissionAdminForm(PrecisionChecks, forms.ModelForm):
    """The admin's mission form: a date typed under a month or year precision is an error, not moved."""

    class Meta:
        model = Mission
        # What the checks read; the admin's fieldsets decide the fields shown.
        fields = ["launch_date", "launch_precision", "landing_date", "landing_precision"]


@admin.register(Mission)
class MissionAdmin(CarefulHistoryAdmin):
    form = MissionAdminForm
    list_display = ["name", "launch", "spacecraft", "vehicle", "launch_site", "status", "seats_filled"]
    list_filter = [
        "status",
        "spacecraft",
        ("spacecraft__operator", admin.RelatedOnlyFieldListFilter),
        ("seat_assignments__crew_member__agency", admin.RelatedOnlyFieldListFilter),
        LaunchYearFilter,
        "destination",
    ]
    list_select_related = ["spacecraft__operator", "launch_site", "destination"]
    search_fields = ["name", "vehicle"]
    # Stated, not left to Meta: the seat count's GROUP BY drops the model's ordering, and the autocomplete would
    # page an unordered list.
    ordering = Mission._meta.ordering
    autocomplete_fields = ["spacecraft", "launch_site", "destination"]
    date_hierarchy = "launch_date"
    fieldsets = [
        (None, {"fields": ["name", "slug", "status"]}),
        ("Vehicle", {"fields": ["spacecraft", "vehicle", "launch_site", "destination"]}),
        (
            "When (UTC; leave a time empty until it is known)",
            {
                "fields": [
                    ("launch_date", "launch_time", "launch_precision"),
                    ("landing_date", "landing_time", "landing_precision"),
                ]
            },
        ),
        (None, {"fields": ["notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_seats_filled=Count("seat_assignments"))

    @admin.display(description="launch (UTC)", ordering="launch_date")
    def launch(self, obj):
        return obj.launch.isoformat() if obj.launch else "—"

    @admin.display(description="landing (UTC)", ordering="landing_date")
    def landing(self, obj):
        return obj.landing.isoformat() if obj.landing else "—"

    @admin.display(description="seats (both legs)", ordering="_seats_filled")
    def seats_filled(self, obj):
        return obj._seats_filled


@admin.register(Agreement)
class AgreementAdmin(CarefulHistoryAdmin):
    list_display = [
        "name",
        "kind",
        "agency_a",
        "agency_b",
        "signed_on",
        "in_force_from",
        "in_force_to",
        "seats_a_on_b",
        "seats_b_on_a",
    ]
    list_filter = [
        "kind",
        ("agency_a", admin.RelatedOnlyFieldListFilter),
        ("agency_b", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["agency_a", "agency_b"]
    search_fields = ["name", "agency_a__short_name", "agency_b__short_name"]
    autocomplete_fields = ["agency_a", "agency_b"]
    date_hierarchy = "in_force_from"


def _careful_third_party_admins() -> None:
    """The login-throttling admin (django-axes, registered before this app) gets the same care with odd filter
    values (a huge `attempt_time__year` was a 500)."""
    for model, model_admin in list(admin.site._registry.items()):
        if model._meta.app_label == "axes" and not isinstance(model_admin, CarefulAdmin):
            admin.site.unregister(model)
            admin.site.register(
                model, type(type(model_admin).__name__, (CarefulAdmin, type(model_admin)), {})
            )


_careful_third_party_admins()
