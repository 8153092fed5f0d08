"""Agencies, spacecraft, launch sites, stations, missions and seat-swap agreements."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from .addresses import address
from .base import DomainModel, SluggedModel
from .choices import Leg, MissionStatus, Outcome, Precision
from .constraints import LIST_ORDER, MISSION_CONSTRAINTS, MISSION_INDEXES, UPCOMING
from .moments import MissionMoments, lands_before_launch, period_start
from .names import CompactNameField
from .signals import (
    agreement_changing,
    mission_changing,
    raise_receiver_errors,
    spacecraft_changing,
)
from .terms import AgreementTerms


class Agency(DomainModel):
    """A space agency whose crews fly, or whose vehicles carry them: NASA, Roscosmos, ESA …"""

    name = models.CharField(
        max_length=120, help_text="Full name, e.g. National Aeronautics and Space Administration."
    )
    short_name = models.CharField(max_length=30, help_text="As used in rosters: NASA, Roscosmos, JAXA …")
    country = models.CharField(max_length=80, blank=True, help_text="Country, or a group such as “Europe”.")

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "agencies"
        constraints = [
            models.UniqueConstraint(
                Lower("short_name"),
                name="missions_agency_unique_short_name",
                violation_error_message="An agency with this short name already exists.",
            ),
            models.UniqueConstraint(
                Lower("name"),
                name="missions_agency_unique_name",
                violation_error_message="An agency with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.short_name


class Spacecraft(SluggedModel):
    """A crewed vehicle type (Soyuz MS, Crew Dragon …) and the agency that flies crews on it."""

    name = models.CharField(max_length=80)
    operator = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="spacecraft",
        help_text="The agency whose vehicle this is for seat purposes (NASA buys its Crew Dragon seats from SpaceX).",
    )
    manufacturer = models.CharField(max_length=80, blank=True)
    seat_count = models.PositiveSmallIntegerField(help_text="Crew seats on a station mission.")
    in_service = models.BooleanField(default=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "spacecraft"
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="missions_spacecraft_unique_name",
                violation_error_message="A spacecraft with this name already exists.",
            ),
            models.CheckConstraint(
                condition=Q(seat_count__gte=1),
                name="missions_spacecraft_has_seats",
                violation_error_message="A crewed spacecraft has at least one seat.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        raise_receiver_errors(spacecraft_changing, self)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            "“%(value)s” is not an IANA time zone (e.g. Asia/Almaty, America/New_York).",
            params={"value": value},
        )


class LaunchSite(DomainModel):
    """A launch pad, with the time zone its local times are given in."""

    name = models.CharField(max_length=120)
    country = models.CharField(max_length=80, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="IANA time zone of the site, e.g. Asia/Almaty for Baikonur, America/New_York for Florida.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="missions_launchsite_unique_name",
                violation_error_message="A launch site with this name already exists.",
            ),
        ]

    def __str__(self):
        return self.name


class Station(SluggedModel):
    """A destination in orbit, and the agencies that must always have someone aboard."""

    slug_source = "short_name"  # iss

    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=30, help_text="As used in rosters: ISS.")
    required_agencies = models.ManyToManyField(
        Agency,
        blank=True,
        related_name="required_at_stations",
        help_text="Agencies that must always have at least one crew member aboard.",
    )

    class Meta:
        ordering = ["short_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("short_name"),
                name="missions_station_unique_short_name",
                violation_error_message="A station with this short name already exists.",
            ),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return address("pages:station", self.slug)


#: Crewed flights begin in 1961; plans beyond 2200 are typing mistakes (and would overflow date arithmetic).
FIRST_DAY = dt.date(1957, 1, 1)
LAST_DAY = dt.date(2200, 12, 31)
DATE_RANGE = [
    MinValueValidator(FIRST_DAY, message="Dates start in 1957 (the first launch into orbit)."),
    MaxValueValidator(LAST_DAY, message="Dates end in 2200: check the year."),
]


class MissionQuerySet(models.QuerySet):
    def in_launch_order(self):
        """Earliest launch first; on the same day a launch without a known time sorts first."""
        return self.order_by("launch_date", F("launch_time").asc(nulls_first=True), "name")

    def in_list_order(self):
        """The launches list's order: not yet flown first (soonest first), then the rest (latest first); see
        `constraints.LIST_ORDER`, which an index follows."""
        return self.order_by(*LIST_ORDER)

    def upcoming(self):
        """Missions not yet flown (planned or scheduled)."""
        return self.filter(status__in=Mission.UPCOMING_STATUSES)

    def plannable(self):
        """Missions with a leg still open to planners (not those on which every leg has flown)."""
        return self.exclude(status__in=frozenset.intersection(*Mission.LEG_FLOWN_IN.values()))


def _precision_field(what: str) -> models.CharField:
    return models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, blank=True,
        help_text=f"How precisely the {what} date is known (empty: to the day). A date known only to the month or "
        "the year is stored as the first day of it.",
    )  # fmt: skip


class Mission(MissionMoments, SluggedModel):
    """One crewed flight: its vehicle, where it launches from, where it goes and when."""

    Status = MissionStatus
    Outcome = Outcome

    reserved_slugs = ("new",)

    #: Not yet flown: the whole mission is still a plan. (A scrubbed mission is neither this nor the record.)
    UPCOMING_STATUSES = frozenset(UPCOMING)
    #: Statuses of missions that have flown: their seats are the record of what happened.
    RECORD_STATUSES = frozenset({Status.LAUNCHED, Status.LANDED})
    #: From which statuses a leg has flown: its seats are then the record, and planners may not change them.
    LEG_FLOWN_IN = {Leg.ASCENT: RECORD_STATUSES, Leg.RETURN: frozenset({Status.LANDED})}
    #: What planners may no longer change once a mission has launched, or landed (stewards may, in the admin).
    LOCKED_FIELDS = {
        Status.LAUNCHED: ("spacecraft", "launch_site", "launch_date", "launch_time", "launch_precision"),
        Status.LANDED: ("spacecraft", "launch_site", "launch_date", "launch_time", "launch_precision",
                        "destination", "landing_date", "landing_time", "landing_precision"),
    }  # fmt: skip
    #: Where a planner may take a mission next; data stewards may set any status in the admin.
    NEXT_STATUSES = {
        Status.PLANNED: [Status.SCHEDULED, Status.SCRUBBED],
        Status.SCHEDULED: [Status.PLANNED, Status.LAUNCHED, Status.SCRUBBED],
        Status.LAUNCHED: [Status.LANDED],
        Status.LANDED: [],
        Status.SCRUBBED: [Status.PLANNED],
    }

    name = models.CharField(max_length=120, help_text="As the operator names it: Soyuz MS-22, SpaceX Crew-5.")
    #: The name's letters and digits, lower-cased, written with the row: what the launches' search compares.
    search_name = CompactNameField(max_length=120, source="name")
    spacecraft = models.ForeignKey(Spacecraft, on_delete=models.PROTECT, related_name="missions")
    vehicle = models.CharField(
        max_length=80, blank=True, help_text="The individual vehicle's name, if any: Endurance."
    )
    launch_site = models.ForeignKey(LaunchSite, on_delete=models.PROTECT, related_name="missions")
    destination = models.ForeignKey(
        Station, on_delete=models.PROTECT, null=True, blank=True, related_name="missions"
    )
    launch_date = models.DateField(help_text="UTC date.", validators=DATE_RANGE)
    launch_time = models.TimeField(null=True, blank=True, help_text="UTC time, when known. Never guess it.")
    landing_date = models.DateField(
        null=True, blank=True, help_text="UTC date, planned or actual.", validators=DATE_RANGE
    )
    landing_time = models.TimeField(null=True, blank=True, help_text="UTC time, when known.")
    launch_precision = _precision_field("launch")
    landing_precision = _precision_field("landing")
    landing_by = models.DateField(
        "latest possible landing", null=True, blank=True, validators=DATE_RANGE,
        help_text="When the landing is not on file but a source shows the crew gone: they had landed by then.",
    )  # fmt: skip
    crew_seen_until = models.DateField(
        "crew last seen aboard", null=True, blank=True, validators=DATE_RANGE,
        help_text="When the landing is not on file: the last day a source shows the crew in space. After it, "
        "until a landing is on file, where they are is not on file.",
    )  # fmt: skip
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    outcome = models.CharField(
        max_length=8, choices=Outcome.choices, default=Outcome.NOMINAL, blank=True,
        help_text="How a flown mission ended when not as planned (lost with its crew, launch aborted).",
    )  # fmt: skip
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    #: Goes up by one at every save; a form carries the version it was loaded at,
    #: so that a save over someone else's newer change is refused (no lost updates).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MissionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    constraints_stated_in_clean = frozenset(
        {
            "missions_mission_landing_after_launch",
            "missions_mission_landing_time_needs_date",
            "missions_mission_launch_time_needs_day",
            "missions_mission_landing_time_needs_day",
        }
    )

    class Meta:
        ordering = ["launch_date", F("launch_time").asc(nulls_first=True), "name"]
        constraints = MISSION_CONSTRAINTS
        indexes = MISSION_INDEXES

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            # Above the stored one, whatever this object carries: a revert from the admin history carries the
            # old version, and a planner's stale form would then be taken for current.
            stored = type(self).objects.filter(pk=self.pk).values_list("version", flat=True).first() or 0
            self.version = max(self.version or 0, stored) + 1
        self.normalise_dates()
        fields = kwargs.get("update_fields")
        if fields is not None and "name" in fields and "search_name" not in fields:
            kwargs["update_fields"] = [*fields, "search_name"]  # written from the name (`CompactNameField`)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("pages:mission", self.slug)

    def normalise_dates(self) -> None:
        """An empty precision means the day, and so does a precision without its date (a landing not known);
        an imprecise date is stored as the first day of its period."""
        self.launch_precision = (self.launch_date and self.launch_precision) or Precision.DAY
        self.landing_precision = (self.landing_date and self.landing_precision) or Precision.DAY
        if self.launch_date:
            self.launch_date = period_start(self.launch_date, self.launch_precision)
        if self.landing_date:
            self.landing_date = period_start(self.landing_date, self.landing_precision)

    @property
    def flies(self) -> bool:
        """False for a scrubbed mission, which carries nobody and holds no agreement seat."""
        return self.status != self.Status.SCRUBBED

    @property
    def is_upcoming(self) -> bool:
        return self.status in self.UPCOMING_STATUSES

    # --- what planners may still change (data stewards may change anything, in the admin) ---

    def leg_has_flown(self, leg: str) -> bool:
        return self.status in self.LEG_FLOWN_IN[leg]

    def open_legs(self) -> list[Leg]:
        """The legs whose seats are still a plan: the ascent until launch, the return until landing."""
        return [leg for leg in Leg if not self.leg_has_flown(leg)]

    def ensure_leg_open(self, leg: str) -> None:
        """Refuse a planner's change to a leg that has flown, saying why and who can correct it."""
        if self.leg_has_flown(leg):
            what = "launched: its ascent crew" if leg == Leg.ASCENT else "landed: its return crew"
            raise ValidationError(
                f"{self.name} has {what} is the record of what happened and cannot be changed here. "
                "A data steward can correct it in the admin."
            )

    def locked_fields(self) -> tuple[str, ...]:
        """Fields a planner may no longer change: the launch once launched, the landing too once landed."""
        return self.LOCKED_FIELDS.get(self.status, ())

    def locked_field_message(self) -> str:
        return (
            f"{self.name} has {self.get_status_display().lower()}: this is the record of what happened and "
            "cannot be changed here. A data steward can correct it in the admin."
        )

    @property
    def dates_in_range(self) -> bool:
        return all(FIRST_DAY <= d <= LAST_DAY for d in (self.launch_date, self.landing_date) if d)

    def date_errors(self) -> dict[str, str]:
        """What is wrong with the launch and landing as given, by field (no database needed)."""
        self.normalise_dates()
        errors = {}
        if self.landing_time is not None and self.landing_date is None:
            errors["landing_date"] = "A landing time needs a landing date."
        for what in ("launch", "landing"):
            if (
                getattr(self, f"{what}_time") is not None
                and getattr(self, f"{what}_precision") != Precision.DAY
            ):
                errors[f"{what}_time"] = f"A {what} time needs a {what} date known to the day."
        errors.update(self._precision_errors())
        if errors:
            return errors
        launch, landing = self.launch, self.landing
        if launch and landing and self.dates_in_range and lands_before_launch(launch, landing):
            field = "landing_time" if landing.date == launch.date else "landing_date"
            errors[field] = f"A mission cannot land ({landing}) before it launches ({launch})."
        return errors

    def _precision_errors(self) -> dict[str, str]:
        """Dates known only to the month or the year are for the record: a plan gives the day (so that the
        rules can tell whether its flights overlap). The launch may be imprecise once the ascent has flown,
        the landing once the return has."""
        errors = {}
        for what, leg in (("launch", Leg.ASCENT), ("landing", Leg.RETURN)):
            precision = getattr(self, f"{what}_precision")
            if precision != Precision.DAY and not self.leg_has_flown(leg):
                known = "year" if precision == Precision.YEAR else "month"
                has = "launched" if leg == Leg.ASCENT else "landed"
                errors[f"{what}_precision"] = (
                    f"A {what} date known only to the {known} is for the record of a mission that has {has}: "
                    f"give the day of a {what} still planned."
                )
        return errors

    def clean(self):
        if errors := self.date_errors():
            raise ValidationError(errors)
        if self.dates_in_range:
            raise_receiver_errors(mission_changing, self)


class Agreement(AgreementTerms, SluggedModel):
    """An arrangement under which one agency's crews fly on another agency's vehicles."""

    class Kind(models.TextChoices):
        INTEGRATED_CREWS = "integrated_crews", "Integrated crews (no exchange of funds)"
        PARTNER_ALLOCATION = "partner_allocation", "Partner crew allocation"
        SEAT_PURCHASE = "seat_purchase", "Seat purchase"

    name = models.CharField(max_length=160)
    kind = models.CharField(max_length=24, choices=Kind.choices)
    agency_a = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="agency A")
    agency_b = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="agency B")
    signed_on = models.DateField(null=True, blank=True)
    in_force_from = models.DateField()
    in_force_to = models.DateField(null=True, blank=True, help_text="Empty while no end date is set.")
    seats_a_on_b = models.PositiveSmallIntegerField(
        default=0, verbose_name="seats for A's crew on B's vehicles", help_text="Counted on ascents."
    )
    seats_b_on_a = models.PositiveSmallIntegerField(
        default=0, verbose_name="seats for B's crew on A's vehicles", help_text="Counted on ascents."
    )
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    constraints_stated_in_clean = frozenset(
        {"missions_agreement_two_agencies", "missions_agreement_ends_after_start"}
    )

    class Meta:
        ordering = ["in_force_from", "name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="missions_agreement_unique_name",
                violation_error_message="An agreement with this name already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(agency_a=F("agency_b")),
                name="missions_agreement_two_agencies",
                violation_error_message="An agreement is between two different agencies.",
            ),
            models.CheckConstraint(
                condition=Q(in_force_to__isnull=True) | Q(in_force_to__gte=F("in_force_from")),
                name="missions_agreement_ends_after_start",
                violation_error_message="An agreement cannot end before it comes into force.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("pages:agreement", self.slug)

    def clean(self):
        errors = {}
        if self.agency_a_id and self.agency_a_id == self.agency_b_id:
            errors["agency_b"] = "An agreement is between two different agencies."
        if self.in_force_from and self.in_force_to and self.in_force_to < self.in_force_from:
            errors["in_force_to"] = "An agreement cannot end before it comes into force."
        if errors:
            raise ValidationError(errors)
        raise_receiver_errors(agreement_changing, self)

    @property
    def parties(self) -> tuple[int, int]:
        """Agency A's and agency B's ids (for `AgreementTerms`: seats, direction, dates)."""
        return self.agency_a_id, self.agency_b_id


class RecordVersion(models.Model):
    """One row whose `token` changes after every committed change to what the rules read or a kept page shows
    (missions, agreements, spacecraft, people and their other names, training, seats, the record's sources:
    `missions.versions.changed`, connected by `crews.record_changes`). What is worked out from the record and
    kept between requests (rule warnings, list rows, counts, filter menus, a station page) is kept under the
    token it was worked out at, so a change makes it be worked out again rather than shown stale."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = "record version"

    def __str__(self) -> str:
        return self.token
