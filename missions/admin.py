"""The data-entry desk for agencies, spacecraft, sites, stations, missions and agreements."""

from django import forms
from django.contrib import admin
from django.db.models import Count
from simple_history.admin import SimpleHistoryAdmin

from .forms import PrecisionChecks
from .models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station


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
        if value and value.isdigit():
            return queryset.filter(**{f"{self.path}__year": int(value)})
        return queryset


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name", "country"]
    search_fields = ["short_name", "name", "country"]
    ordering = ["short_name"]


@admin.register(Spacecraft)
class SpacecraftAdmin(admin.ModelAdmin):
    list_display = ["name", "operator", "manufacturer", "seat_count", "in_service"]
    list_filter = ["in_service", ("operator", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["operator"]
    search_fields = ["name", "manufacturer", "operator__short_name"]
    autocomplete_fields = ["operator"]


@admin.register(LaunchSite)
class LaunchSiteAdmin(admin.ModelAdmin):
    list_display = ["name", "country", "time_zone"]
    list_filter = ["country"]
    search_fields = ["name", "country"]


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
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
class MissionAdmin(SimpleHistoryAdmin):
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
class AgreementAdmin(SimpleHistoryAdmin):
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
