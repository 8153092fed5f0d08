"""The mission table's constraints: what the database holds of a mission whatever writes it (`Mission.clean()`
states the same in words for forms); and the launches list's order, with the index that reads the table in it."""

from django.db import models
from django.db.models import Case, F, IntegerField, Q, Value, When
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


#: Not yet flown (`Mission.UPCOMING_STATUSES`), in a fixed order: a query that names them is written the same way
#: in every process, as the index below is.
UPCOMING = (MissionStatus.PLANNED, MissionStatus.SCHEDULED)


def _case(condition: Q, then, default=None) -> Case:
    if default is None:
        return Case(When(condition, then=then))
    return Case(When(condition, then=then), default=default, output_field=IntegerField())


def _list_order() -> list:
    """Not yet flown first, soonest first; then the rest, latest first; on one day, a launch whose time is not
    on file comes first among those not yet flown and last among the rest; then by name (unique, so one order).

    Said without NULLS FIRST / LAST (a flag for "time on file" instead): SQLite's indexes cannot say it, and
    PostgreSQL and SQLite put nulls at opposite ends. Within each group the other group's columns are all null.
    PostgreSQL uses the index because it receives the constants written into the query (psycopg's client-side
    binding, Django's default); SQLite receives them as parameters and sorts (`test_launch_lists` checks the
    plan on PostgreSQL).
    """
    upcoming, timed = Q(status__in=UPCOMING), Q(launch_time__isnull=False)
    past = ~upcoming
    return [
        _case(upcoming, Value(0), Value(1)).asc(),
        _case(upcoming, F("launch_date")).asc(),
        _case(upcoming & timed, Value(1), Value(0)).asc(),
        _case(upcoming, F("launch_time")).asc(),
        _case(past, F("launch_date")).desc(),
        _case(past & timed, Value(1), Value(0)).desc(),
        _case(past, F("launch_time")).desc(),
        F("name").asc(),
    ]


#: The launches list's order (`MissionQuerySet.in_list_order`).
LIST_ORDER = _list_order()

MISSION_INDEXES = [
    # The list's order as an index: a page near the top reads its 25 rows, not every mission to sort them.
    models.Index(*_list_order(), name="missions_mission_list_order"),
    # The station pages read by period: what is still there after a day, and a station's last landing.
    models.Index(fields=["destination", "landing_date"], name="missions_mission_dest_landing"),
    models.Index(fields=["landing_date"], name="missions_mission_landing"),
]
