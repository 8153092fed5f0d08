"""The mission table's constraints: what the database holds of a mission whatever writes it (`Mission.clean()`
states the same in words for forms)."""

from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from .choices import MissionStatus, Outcome, Precision

MISSION_CONSTRAINTS = [
    models.UniqueConstraint(
        Lower("name"),
        name="missions_mission_unique_name",
        violation_error_message="A mission with this name already exists.",
    ),
    models.CheckConstraint(
        condition=Q(status__in=MissionStatus.values), name="missions_mission_status_valid"
    ),
    models.CheckConstraint(
        condition=Q(landing_time__isnull=True) | Q(landing_date__isnull=False),
        name="missions_mission_landing_time_needs_date",
        violation_error_message="A landing time needs a landing date.",
    ),
    models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="missions_mission_outcome_valid"),
    models.CheckConstraint(
        condition=Q(launch_precision__in=Precision.values),
        name="missions_mission_launch_precision_valid",
    ),
    models.CheckConstraint(
        condition=Q(landing_precision__in=Precision.values),
        name="missions_mission_landing_precision_valid",
    ),
    models.CheckConstraint(
        condition=Q(launch_time__isnull=True) | Q(launch_precision=Precision.DAY),
        name="missions_mission_launch_time_needs_day",
        violation_error_message="A launch time needs a launch date known to the day.",
    ),
    models.CheckConstraint(
        condition=Q(landing_time__isnull=True) | Q(landing_precision=Precision.DAY),
        name="missions_mission_landing_time_needs_day",
        violation_error_message="A landing time needs a landing date known to the day.",
    ),
    models.CheckConstraint(
        # A landing known only to the month or year may begin before a launch in it: clean() compares
        # the periods.
        condition=(
            Q(landing_date__isnull=True)
            | ~Q(landing_precision=Precision.DAY)
            | Q(landing_date__gt=F("launch_date"))
            | (
                Q(landing_date=F("launch_date"))
                & (
                    Q(landing_time__isnull=True)
                    | Q(launch_time__isnull=True)
                    | Q(landing_time__gte=F("launch_time"))
                )
            )
        ),
        name="missions_mission_landing_after_launch",
        violation_error_message="A mission cannot land before it launches.",
    ),
]
