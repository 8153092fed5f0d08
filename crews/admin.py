"""The data-entry desk for crew members, their training and seats, and the roster inline of a mission."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from missions.admin import (
    CarefulAdmin,
    CarefulChangeList,
    CarefulHistoryAdmin,
    LaunchYearFilter,
    MissionAdmin,
)
from missions.models import Mission

from .models import (
    SEAT_ORDER,
    Anomaly,
    CrewMember,
    OtherName,
    Qualification,
    RecordSource,
    RosterUpload,
    SeatAssignment,
    SourceName,
    Unavailability,
    seat_place,
)
from .rules import breaking_problems, fitness_problems, mission_warnings, seat_key, seat_rules_deferred
from .search import crew_member_q, mission_name_q, mission_q
from .services import seats_write


class OtherNameFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen: dict[str, str] = {}
        for form in self.forms:
            name = (form.cleaned_data or {}).get("name") if form.is_valid() else None
            if not name or form in self.deleted_forms:
                continue
            if name.lower() in seen:
                form.add_error("name", f"“{name}” is listed twice (as “{seen[name.lower()]}”).")
            seen.setdefault(name.lower(), name)


class ForgivingSearch:
    """The admin's search finds what the pages' search finds (`crews.search`): people by their other names and
    close spellings ("Rubion" finds Frank Rubio), missions by letters and digits ("ms22"), on top of the admin's
    own `search_fields`. The autocomplete boxes that pick a person or a mission use it too."""

    #: The path from the admin's model to the crew member, and to the mission (None: not searched that way).
    crew_path: str | None = None
    mission_path: str | None = None
    #: Whether a mission is found by the people aboard too (the missions' list), or by its name only (seats).
    missions_by_crew = True

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.replace("\x00", "").strip()  # PostgreSQL's text cannot hold a NUL
        if not term:
            return results, may_have_duplicates
        forgiving = Q()
        if self.crew_path:
            people = CrewMember.objects.filter(crew_member_q(term)).values("pk")
            forgiving |= Q(**{f"{self.crew_path}__in": people})
        if self.mission_path:
            missions = Mission.objects.filter((mission_q if self.missions_by_crew else mission_name_q)(term))
            missions = missions.values("pk")
            forgiving |= Q(**{f"{self.mission_path}__in": missions})
        return results | queryset.filter(forgiving), may_have_duplicates


class OtherNameInline(admin.TabularInline):
    model = OtherName
    formset = OtherNameFormSet
    extra = 1


class UnavailabilityInline(admin.TabularInline):
    model = Unavailability
    extra = 0


class QualificationInline(admin.TabularInline):
    model = Qualification
    extra = 1
    autocomplete_fields = ["spacecraft"]


@admin.register(CrewMember)
class CrewMemberAdmin(ForgivingSearch, CarefulHistoryAdmin):
    crew_path = "pk"
    list_display = ["name", "other_names_list", "agency", "nationality", "status"]
    list_filter = [("agency", admin.RelatedOnlyFieldListFilter), "status", "nationality"]
    list_select_related = ["agency"]
    # Other names are searched too: "Francisco Rubio" finds Frank Rubio.
    search_fields = ["name", "other_names__name", "nationality", "agency__short_name"]
    autocomplete_fields = ["agency"]
    inlines = [OtherNameInline, QualificationInline, UnavailabilityInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("other_names")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(f.has_changed() for f in formsets if f.model in (Qualification, Unavailability)):
            warn_of_fitness(request, form.instance.pk)

    @admin.display(description="other names")
    def other_names_list(self, obj):
        return ", ".join(o.name for o in obj.other_names.all())


@admin.register(OtherName)
class OtherNameAdmin(ForgivingSearch, CarefulAdmin):
    crew_path = "crew_member"
    list_display = ["name", "crew_member", "note"]
    list_select_related = ["crew_member"]
    search_fields = ["name", "crew_member__name"]
    autocomplete_fields = ["crew_member"]


def warn_of_fitness(request, person_id: int) -> None:
    """After an unavailability or a training is saved: the flights of the person's it meets (rule 6). Saved all
    the same — it is a fact, not a plan — and listed among those missions' warnings, where a planner sees it."""
    for problem in fitness_problems(person_id):
        messages.warning(
            request, f"{problem.message} (Shown among the warnings of {problem.seat.mission.name}.)"
        )


class FitnessWarnings:
    """Say which flights a saved unavailability or qualification meets (`warn_of_fitness`)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_of_fitness(request, obj.crew_member_id)


@admin.register(Unavailability)
class UnavailabilityAdmin(FitnessWarnings, ForgivingSearch, CarefulAdmin):
    crew_path = "crew_member"
    list_display = ["crew_member", "starts_on", "ends_on", "reason"]
    list_select_related = ["crew_member"]
    list_filter = [("crew_member__agency", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["crew_member__name", "reason"]
    autocomplete_fields = ["crew_member"]
    date_hierarchy = "starts_on"


@admin.register(Qualification)
class QualificationAdmin(FitnessWarnings, ForgivingSearch, CarefulAdmin):
    crew_path = "crew_member"
    list_display = ["crew_member", "spacecraft", "status", "since", "planned_completion"]
    list_filter = ["status", "spacecraft", ("crew_member__agency", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["crew_member", "spacecraft"]
    search_fields = ["crew_member__name", "crew_member__other_names__name", "spacecraft__name"]
    autocomplete_fields = ["crew_member", "spacecraft"]


class MissionSeatYearFilter(LaunchYearFilter):
    path = "mission__launch_date"


@admin.register(SeatAssignment)
class SeatAssignmentAdmin(ForgivingSearch, CarefulHistoryAdmin):
    crew_path, mission_path, missions_by_crew = "crew_member", "mission", False
    list_display = ["mission", "leg", "seat", "role", "crew_member", "agency", "agreement", "cross_agency"]
    list_filter = [
        "leg",
        "role",
        "mission__status",
        ("crew_member__agency", admin.RelatedOnlyFieldListFilter),
        ("mission__spacecraft", admin.RelatedOnlyFieldListFilter),
        MissionSeatYearFilter,
    ]
    list_select_related = ["mission__spacecraft", "crew_member__agency", "agreement"]
    search_fields = ["crew_member__name", "crew_member__other_names__name", "mission__name"]
    autocomplete_fields = ["mission", "crew_member", "agreement"]
    ordering = ["-mission__launch_date", "mission__name", "leg", *SEAT_ORDER]

    @admin.display(description="agency", ordering="crew_member__agency__short_name")
    def agency(self, obj):
        return obj.crew_member.agency

    def get_deleted_objects(self, objs, request):
        """Releasing seats that the plan still needs (an ascent whose return is planned) is refused."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        problems = breaking_problems(released=list(objs))
        return deleted, counts, perms_needed, [*protected, *(p.message for p in problems)]

    @admin.display(description="cross-agency", boolean=True)
    def cross_agency(self, obj):
        return obj.is_cross_agency


class RosterFormSet(BaseInlineFormSet):
    """A mission's seats, checked as one change: all the rows together, after each row's own checks."""

    def full_clean(self):
        with seat_rules_deferred():
            super().full_clean()

    def validate_unique(self):
        # Clashes between rows (one seat twice, a second commander …) are stated with
        # names by the seat rules in clean(); Django's generic message would repeat them.
        pass

    def clean(self):
        super().clean()
        deleted = set(map(id, self.deleted_forms)) if self.can_delete else set()
        live = [
            f
            for f in self.forms
            if id(f) not in deleted and f.is_valid() and f.has_changed() and f.cleaned_data
        ]
        released = [f.instance for f in self.forms if id(f) in deleted and f.instance.pk]
        if not live and not released:
            return
        forms_by_key = {seat_key(f.instance): f for f in live}
        elsewhere = []
        for problem in breaking_problems(seats=[f.instance for f in live], released=released):
            form = forms_by_key.get(problem.seat.key)
            if form is None:
                elsewhere.append(problem.message)
            else:
                form.add_error(problem.field if problem.field in form.fields else None, problem.message)
        if elsewhere:
            raise ValidationError(elsewhere)


class SeatAssignmentInline(admin.TabularInline):
    model = SeatAssignment
    formset = RosterFormSet
    fields = ["leg", "seat", "role", "crew_member", "agreement"]
    autocomplete_fields = ["crew_member", "agreement"]
    ordering = ["leg", *SEAT_ORDER]
    extra = 0
    verbose_name = "seat (ascent and return)"
    verbose_name_plural = "Crew: ascent and return seats"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("crew_member__agency", "agreement")


# `missions` may not import `crews`, so the mission admin gets its crew inline here.
admin.site.unregister(Mission)


@admin.register(Mission)
class MissionWithCrewAdmin(ForgivingSearch, MissionAdmin):
    mission_path = "pk"
    inlines = [SeatAssignmentInline]

    class Media:
        css = {"all": ["css/admin.css"]}

    def save_formset(self, request, form, formset, change):
        """Write the roster's rows as one change (`services.seats_write`): they were checked together
        (RosterFormSet), and a swap or a hand-over of command among them is written, and recorded in the
        history, exactly as the planners' swap form writes it."""
        if formset.model is not SeatAssignment:
            return super().save_formset(request, form, formset, change)
        rows = formset.save(commit=False)
        seats_write(saves=rows, releases=formset.deleted_objects)
        formset.save_m2m()
        return None

    readonly_fields = ["rule_warnings", "released_seats"]
    fieldsets = [
        *MissionAdmin.fieldsets,
        ("Rule warnings", {"fields": ["rule_warnings"]}),
        (
            "Released seats (restore one from its history)",
            {"fields": ["released_seats"], "classes": ["collapse"]},
        ),
    ]

    @admin.display(description="released seats")
    def released_seats(self, obj):
        """Seats once on this mission and no longer on file, each linked to its history (where it can be restored)."""
        if obj is None or obj.pk is None:
            return "—"
        history = SeatAssignment.history.model.objects
        gone = (
            history.filter(mission_id=obj.pk, history_type="-")
            .exclude(id__in=SeatAssignment.objects.values("pk"))
            .select_related("crew_member")
            .order_by("-history_date")
        )
        if not gone:
            return "None."
        return format_html(
            "<ul class='rule-warnings'>{}</ul>",
            format_html_join(
                "",
                "<li><a href='{}'>{}: {}</a> (released {} UTC)</li>",
                (
                    (
                        reverse("admin:crews_seatassignment_history", args=[r.id]),
                        seat_place(r.leg, r.seat),
                        r.crew_member.name if r.crew_member else "?",
                        r.history_date.strftime("%Y-%m-%d %H:%M"),
                    )
                    for r in gone
                ),
            ),
        )

    @admin.display(description="rules this mission breaks")
    def rule_warnings(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        problems = mission_warnings(obj)
        if not problems:
            return "None: every seat keeps the rules."
        return format_html(
            "<ul class='rule-warnings'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((p.message,) for p in problems)),
        )


@admin.register(RosterUpload)
class RosterUploadAdmin(CarefulAdmin):
    """Who uploaded which roster, when it was previewed and imported, and what the import did (read only)."""

    list_display = ["filename", "user", "uploaded_at", "imported_at", "summary"]
    list_filter = [("imported_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["filename", "user__username"]
    fields = ["filename", "user", "uploaded_at", "previewed_at", "imported_at", "summary"]
    readonly_fields = fields
    date_hierarchy = "uploaded_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- What the source imports found (the stewards' page is /record/) -----------------------------------------


@admin.register(Anomaly)
class AnomalyAdmin(CarefulAdmin):
    """What a source gets wrong or leaves open; a steward marks it resolved (what was found stays as found)."""

    list_display = ["subject", "kind", "source", "rows", "found_at", "resolved"]
    list_filter = ["source", "kind", "resolved"]
    search_fields = ["subject", "text", "rows"]
    fields = ["source", "kind", "subject", "text", "rows", "found_at", "resolved"]
    readonly_fields = ["source", "kind", "subject", "text", "rows", "found_at"]
    date_hierarchy = "found_at"
    actions = ["mark_resolved"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Mark the selected anomalies resolved")
    def mark_resolved(self, request, queryset):
        count = queryset.filter(resolved=False).update(resolved=True)
        self.message_user(request, f"{count} anomal{'y' if count == 1 else 'ies'} marked resolved.")


@admin.register(SourceName)
class SourceNameAdmin(CarefulAdmin):
    """Who a source's person is on file; a change here is recorded as the steward's answer."""

    list_display = [
        "written",
        "source",
        "status",
        "crew_member",
        "proposed",
        "score",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "source"]
    list_select_related = ["crew_member", "proposed", "decided_by"]
    search_fields = ["written", "crew_member__name", "crew_member__other_names__name", "proposed__name"]
    autocomplete_fields = ["crew_member", "proposed"]
    readonly_fields = ["decided_by", "decided_at"]

    def save_model(self, request, obj, form, change):
        if form.has_changed():
            obj.decided_by, obj.decided_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(RecordSource)
class RecordSourceAdmin(CarefulAdmin):
    """The sources the record is imported from, as their last import left them (read only)."""

    list_display = ["name", "key", "record_ends", "imported_at", "summary"]
    search_fields = ["name", "key", "licence"]
    fields = ["key", "name", "licence", "url", "record_ends", "imported_at", "summary"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The background tasks' results (the planning assistant's solves), as django-tasks-db shows them, read-only; with
# the desk's careful changelist (a NUL in a filter's value is the "?e=1" page on PostgreSQL, not a 500).
class CarefulTaskResultAdmin(DBTaskResultAdmin):
    def get_changelist(self, request, **kwargs):
        return CarefulChangeList


admin.site.unregister(DBTaskResult)
admin.site.register(DBTaskResult, CarefulTaskResultAdmin)
