"""Writing a planned roster change in bulk: parents before children, each table in a few statements, and
every created or changed row of a model with history recorded in its history (who, when, "roster import")."""

from __future__ import annotations

from django.utils import timezone

from missions.models import Agency, LaunchSite, Mission, Spacecraft
from missions.names import compact
from missions.slugs import unique_slugs
from missions.versions import changed as record_changed

from ..models import CrewMember, SeatAssignment
from .plan import RosterPlan

REASON = "roster import"
#: In the order they are written: what a row points to is written before the row.
ORDER = (Agency, Spacecraft, LaunchSite, Mission, CrewMember, SeatAssignment)


def write_plan(plan: RosterPlan, *, user=None) -> None:
    """Write what `plan` would create and change. Call inside the transaction the plan was built in."""
    now = timezone.now()
    record_changed()  # bulk writes send no signals
    for model in ORDER:
        # The changed rows first: a new seat may take the command a changed one gives up.
        edits = plan.edits[model].values()
        if edits:
            changed = [edit.obj for edit in edits]
            fields = set().union(*(edit.fields for edit in edits))
            for obj in changed:
                obj.updated_at = now
                if isinstance(obj, Mission):
                    obj.version += 1  # as Mission.save() does: a form loaded before this is now stale
            # A mission's compact name is written with it (`Mission.search_name`: bulk_update does not ask). The
            # import does not rename missions today (a mission's name is how a row finds it): kept for when it does.
            extra = {"updated_at", "version", "search_name"} if model is Mission else {"updated_at"}
            if model is Mission:
                for obj in changed:
                    obj.search_name = compact(obj.name)
            if model is SeatAssignment and len(changed) > 1:
                # Roles can change hands (a new commander): seats are set aside, then written back in place.
                SeatAssignment.objects.filter(pk__in=[s.pk for s in changed]).set_aside()
                extra.add("mission")
            model.objects.bulk_update(changed, sorted(fields | extra))
            model.history.bulk_history_create(
                changed, update=True, default_user=user, default_change_reason=REASON
            )
        created = plan.new[model]
        if created:
            if hasattr(model, "slug_source"):
                unique_slugs(created, source=model.slug_source)
            model.objects.bulk_create(created)
            if hasattr(model, "history"):
                model.history.bulk_history_create(created, default_user=user, default_change_reason=REASON)
