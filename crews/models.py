"""Crew members, their other names and training, and who sits in which seat of which launch."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from missions.addresses import address
from missions.models import Agency, Agreement, DomainModel, Leg, Mission, SluggedModel, Spacecraft
from missions.versions import changed as record_changed


class CrewMemberQuerySet(models.QuerySet):
    def named(self, name: str):
        """Crew members called `name` (any case), by the name their agency uses or by an other name."""
        name = name.strip()
        return self.filter(Q(name__iexact=name) | Q(other_names__name__iexact=name)).distinct()


class CrewMemberStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"
    DECEASED = "deceased", "Deceased"


class CrewMember(SluggedModel):
    """An astronaut, cosmonaut or spaceflight participant."""

    Status = CrewMemberStatus

    name = models.CharField(max_length=120, help_text="As their agency writes it: Frank Rubio.")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="crew_members")
    nationality = models.CharField(max_length=80, blank=True, help_text="Country of citizenship.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.ACTIVE)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CrewMemberQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CrewMemberStatus.values), name="crews_crewmember_status_valid"
            ),
        ]
        # /crews/ in its order (`selectors.crew_for_list`): a page reads its 25 rows, not every name to sort them.
        indexes = [models.Index(fields=["name", "id"], name="crews_crewmember_list_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("pages:crew", self.slug)

    def clean(self):
        if self.pk and self.agency_id:
            from .rules import refuse_breaking_changes

            refuse_breaking_changes(crew_member=self)


class OtherName(DomainModel):
    """Another spelling or form of a crew member's name seen in the press or other sources."""

    crew_member = models.ForeignKey(CrewMember, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=120)
    note = models.CharField(max_length=200, blank=True, help_text="Where it is used, e.g. “Roscosmos, TASS”.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "crew_member",
                Lower("name"),
                name="crews_othername_unique_per_member",
                violation_error_message="This crew member already has this other name.",
            ),
        ]

    def __str__(self):
        return self.name


class QualificationStatus(models.TextChoices):
    IN_TRAINING = "in_training", "In training"
    QUALIFIED = "qualified", "Qualified"


_COMPLETION_ONLY_IN_TRAINING = (
    "A planned completion date is only for training under way: clear it, or set the status to in training "
    "(the day someone qualified goes in “since”)."
)


class Qualification(DomainModel):
    """A crew member's training on a spacecraft."""

    Status = QualificationStatus

    crew_member = models.ForeignKey(CrewMember, on_delete=models.CASCADE, related_name="qualifications")
    spacecraft = models.ForeignKey(Spacecraft, on_delete=models.PROTECT, related_name="qualifications")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.IN_TRAINING)
    since = models.DateField(null=True, blank=True, help_text="Empty when not on file.")
    planned_completion = models.DateField(
        null=True,
        blank=True,
        help_text="In training: the day training is planned to be complete (UTC). A seat on a launch before it "
        "is refused; with no date, the seat is not refused but the planning assistant proposes no one.",
    )

    constraints_stated_in_clean = frozenset({"crews_qualification_completion_only_in_training"})

    class Meta:
        ordering = ["crew_member__name", "spacecraft__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["crew_member", "spacecraft"],
                name="crews_qualification_one_per_spacecraft",
                violation_error_message="This crew member already has a qualification on this spacecraft.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=QualificationStatus.values), name="crews_qualification_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(planned_completion__isnull=True) | Q(status=QualificationStatus.IN_TRAINING),
                name="crews_qualification_completion_only_in_training",
                violation_error_message=_COMPLETION_ONLY_IN_TRAINING,
            ),
        ]

    def __str__(self):
        return f"{self.crew_member} — {self.spacecraft}: {self.get_status_display().lower()}"

    def clean(self):
        # Refused rather than ignored: a date left on a qualified person would say their training is still
        # planned. (Qualifying since a day is what `since` says.) The constraint holds the same in the database.
        if self.planned_completion is not None and self.status != QualificationStatus.IN_TRAINING:
            raise ValidationError({"planned_completion": _COMPLETION_ONLY_IN_TRAINING})


class Unavailability(DomainModel):
    """A stretch when a crew member cannot fly (illness, leave, another assignment): the seat rules refuse a flight
    that meets it (rule 6), the planning assistant never proposes them then, and the seat picker says so. Never
    refused itself: entered after a seat, it is a warning on that mission (`rules.fitness`)."""

    crew_member = models.ForeignKey(CrewMember, on_delete=models.CASCADE, related_name="unavailable")
    starts_on = models.DateField("from", help_text="UTC date, the first day they cannot fly.")
    ends_on = models.DateField("to", help_text="UTC date, the last day they cannot fly.")
    reason = models.CharField(
        max_length=200, help_text="As a planner would say it: medical, leave, a ground role …"
    )

    class Meta:
        ordering = ["crew_member__name", "starts_on"]
        verbose_name_plural = "unavailability"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="crews_unavailability_ends_after_start",
                violation_error_message="An unavailability cannot end before it starts.",
            ),
        ]

    def __str__(self):
        return (
            f"{self.crew_member}: {self.reason} ({self.starts_on.isoformat()} to {self.ends_on.isoformat()})"
        )


#: One leg's seats in order: by number, those without one last (SQLite would put them first, PostgreSQL last),
#: then by name. (`SeatAssignment.Meta.ordering` still says "seat": changing it needs a migration.)
SEAT_ORDER = (models.F("seat").asc(nulls_last=True), "crew_member__name")


class SeatAssignmentQuerySet(models.QuerySet):
    def with_people(self):
        return self.select_related(
            "mission__spacecraft__operator",
            "crew_member__agency",
            "agreement__agency_a",
            "agreement__agency_b",
        )

    def in_roster_order(self):
        """By launch, mission, leg (ascent first), seat; people without a seat number last, by name (alike on
        every database)."""
        return self.order_by(
            "mission__launch_date",
            models.F("mission__launch_time").asc(nulls_first=True),
            "mission__name",
            "leg",
            *SEAT_ORDER,
        )

    def set_aside(self) -> int:
        """Park these seats, within a transaction, where no rule of the database can meet them, until each
        is saved in its place: the one way seats that change together are written (`services.seats_write`,
        the roster import).

        Written one by one, seats that exchange places or roles (a swap, a hand-over of command) would pass
        through a moment with two people in one seat or two commanders on a leg, which the unique rules
        refuse. So each seat is first moved to mission id `-id`, which no mission has: every unique rule
        includes the mission, so nothing can match it. The foreign key to the mission is checked only at
        commit (Django creates it DEFERRABLE INITIALLY DEFERRED on SQLite and PostgreSQL alike), by when
        every seat is back on a real mission. One UPDATE, not recorded in the history; the same on both
        databases.
        """
        record_changed()  # an UPDATE sends no signals
        return self.update(mission_id=models.F("id") * -1)

    def on_open_legs(self):
        """Seats a planner may still change: on legs that have not flown (see `Mission.LEG_FLOWN_IN`)."""
        still_open = Q()
        for leg, flown in Mission.LEG_FLOWN_IN.items():
            still_open |= Q(leg=leg) & ~Q(mission__status__in=flown)
        return self.filter(still_open)


def seat_place(leg: str, seat: int | None) -> str:
    """`ascent seat 3`, or `ascent (no seat number)` when the record does not say which seat."""
    return f"{leg} seat {seat}" if seat is not None else f"{leg} (no seat number)"


class Role(models.TextChoices):
    COMMANDER = "commander", "Commander"
    PILOT = "pilot", "Pilot"
    FLIGHT_ENGINEER = "flight_engineer", "Flight engineer"
    MISSION_SPECIALIST = "mission_specialist", "Mission specialist"
    SPACEFLIGHT_PARTICIPANT = "spaceflight_participant", "Spaceflight participant"


class SeatAssignment(DomainModel):
    """One person in one seat on one leg (ascent or return) of a mission."""

    Leg = Leg  # a mission's legs, declared in missions.models
    Role = Role

    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, related_name="seat_assignments")
    leg = models.CharField(max_length=6, choices=Leg.choices, default=Leg.ASCENT)
    seat = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="From 1 to the spacecraft's seat count. May be empty on a leg that has flown (old records do "
        "not say who sat where); a planned seat needs one.",
    )
    role = models.CharField(max_length=24, choices=Role.choices)
    crew_member = models.ForeignKey(CrewMember, on_delete=models.PROTECT, related_name="seat_assignments")
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seat_assignments",
        help_text="Required on an ascent when the crew member's agency does not operate the spacecraft.",
    )
    hours = models.DecimalField(
        "hours in flight", max_digits=8, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text="This person's hours on this flight, as a source records them (on the ascent seat).",
    )  # fmt: skip
    eva_hours = models.DecimalField(
        "spacewalk hours", max_digits=7, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
        help_text="Hours of spacewalks (EVA) on this flight, as a source records them (on the ascent seat).",
    )  # fmt: skip
    updated_at = models.DateTimeField(auto_now=True)

    objects = SeatAssignmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    # Rule 1 is stated, with names, by the rules engine that `clean()` calls.
    constraints_stated_in_clean = frozenset(
        {
            "crews_seatassignment_one_person_per_seat",
            "crews_seatassignment_person_once_per_leg",
            "crews_seatassignment_one_commander_per_leg",
            "crews_seatassignment_seat_from_one",
        }
    )

    class Meta:
        ordering = ["mission__launch_date", "mission__name", "leg", "seat"]
        permissions = [
            ("change_record", "Can change the record: flown missions and seats, who a crew member is"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "leg", "seat"],
                name="crews_seatassignment_one_person_per_seat",
                violation_error_message="This seat is already taken on this leg.",
            ),
            models.UniqueConstraint(
                fields=["mission", "leg", "crew_member"],
                name="crews_seatassignment_person_once_per_leg",
                violation_error_message="This person already has a seat on this leg.",
            ),
            models.UniqueConstraint(
                fields=["mission", "leg"],
                condition=Q(role=Role.COMMANDER),
                name="crews_seatassignment_one_commander_per_leg",
                violation_error_message="This leg already has a commander.",
            ),
            models.CheckConstraint(
                condition=Q(seat__gte=1),
                name="crews_seatassignment_seat_from_one",
                violation_error_message="Seats are numbered from 1.",
            ),
            models.CheckConstraint(condition=Q(leg__in=Leg.values), name="crews_seatassignment_leg_valid"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="crews_seatassignment_role_valid"),
        ]

    def __str__(self):
        seat = f"seat {self.seat}" if self.seat is not None else "no seat number"
        return (
            f"{self._named('mission')} {self.get_leg_display().lower()}, {seat}: {self._named('crew_member')}"
        )

    def _named(self, relation: str) -> str:
        """The related mission or person; in an old version (a released seat's history), one deleted since is
        named as deleted rather than failing the page that shows it."""
        try:
            return str(getattr(self, relation))
        except ObjectDoesNotExist:
            return f"(deleted {self._meta.get_field(relation).related_model._meta.verbose_name})"

    @property
    def place(self) -> str:
        """`ascent seat 3`, or `ascent (no seat number)`: for messages and pages."""
        return seat_place(self.leg, self.seat)

    @property
    def is_cross_agency(self) -> bool:
        """The person's agency does not operate the spacecraft."""
        return self.crew_member.agency_id != self.mission.spacecraft.operator_id

    def clean(self):
        if self.mission_id is None or self.crew_member_id is None:
            return  # the missing field is reported on its own
        from .rules import refuse_breaking_changes

        refuse_breaking_changes(seats=[self])


class RosterUpload(models.Model):
    """A roster file a user previewed: what it said, what they chose for its names, and whether it was
    imported (a preview is confirmed by the user who made it, once)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roster_uploads"
    )
    filename = models.CharField(max_length=255)
    text = models.TextField()
    #: What the user said about names close to someone on file (`roster_csv.names.NameChoices`).
    names = models.JSONField(default=dict, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    previewed_at = models.DateTimeField(null=True, blank=True)
    #: What the preview said the file would do (`ImportReport.digest`).
    digest = models.CharField(max_length=64, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self):
        return f"{self.filename} ({self.user}, {self.uploaded_at:%Y-%m-%d %H:%M} UTC)"


class RecordSource(models.Model):
    """A public source the record is imported from: what it is, its licence, and how far it reaches."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    licence = models.CharField(max_length=300)
    url = models.URLField(blank=True)
    #: The last day the source knows about: after it, what it left open is not on file.
    record_ends = models.DateField(null=True, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(blank=True)

    class Meta:
        ordering = ["record_ends", "key"]

    def __str__(self):
        return self.name


class NameMatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed (a steward has not answered)"
    SAME = "same", "The same person"
    NEW = "new", "A different person"


class SourceName(models.Model):
    """A person as one source writes them, and who that is on file: decided by the importer when the match is
    exact, proposed with its score when only close, and remembered once a steward answers, so that a
    re-import asks nothing again."""

    Status = NameMatchStatus

    source = models.CharField(max_length=40)
    written = models.CharField(
        max_length=200, help_text="As the source writes the person (or its key for them)."
    )
    crew_member = models.ForeignKey(
        CrewMember, on_delete=models.CASCADE, null=True, blank=True, related_name="source_names"
    )
    proposed = models.ForeignKey(
        CrewMember, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        help_text="The close match proposed to a steward.",
    )  # fmt: skip
    score = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source", "written"]
        constraints = [
            models.UniqueConstraint(fields=["source", "written"], name="crews_sourcename_once_per_source"),
            models.CheckConstraint(
                condition=Q(status__in=NameMatchStatus.values), name="crews_sourcename_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.written} ({self.source}): {self.get_status_display().lower()}"


class Anomaly(models.Model):
    """Something a source gets wrong or leaves open, found on import and listed for the data stewards."""

    source = models.CharField(max_length=40)
    kind = models.CharField(max_length=40)
    subject = models.CharField(max_length=200, help_text="What it is about: a person, a mission, a value.")
    text = models.TextField()
    rows = models.CharField(max_length=200, blank=True, help_text="The source's rows it was found in.")
    found_at = models.DateTimeField(auto_now_add=True)
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["source", "kind", "subject"]
        verbose_name_plural = "anomalies"
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "subject"], name="crews_anomaly_once"),
        ]

    def __str__(self):
        return f"{self.source}: {self.kind}: {self.subject}"


class BackgroundWork(models.Model):
    """What the planning assistant's background work keeps beside its own fields (`crews.background`): seconds
    spent, why it failed (or why nothing was found), and when it was asked for, started and finished."""

    #: The statuses in which the work is over (the page stops following it).
    FINISHED: frozenset = frozenset()

    elapsed = models.FloatField(default=0.0)
    explanation = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class PlanRunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    INFEASIBLE = "infeasible", "No plan keeps every rule"
    FAILED = "failed", "Failed"


class PlanRun(BackgroundWork):
    """One run of the planning assistant (issue 14): what a planner asked for, how the background solve is
    going, the best plan found so far (checked by the seat rules before it is stored), and which of its
    missions were accepted. Written by `crews.tasks.solve_plan_run`; read by the /planning/ pages."""

    Status = PlanRunStatus
    FINISHED = frozenset({Status.DONE, Status.INFEASIBLE, Status.FAILED})

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="plan_runs"
    )
    starts_on = models.DateField(help_text="The first launch day of the horizon.")
    ends_on = models.DateField(help_text="The last launch day of the horizon.")
    #: `crews.planning.Weights` as chosen: {name: value}.
    weights = models.JSONField(default=dict)
    #: Seat assignments (ids) the planner pinned: the assistant keeps them as they are.
    pins = models.JSONField(default=list, blank=True)
    time_limit = models.PositiveSmallIntegerField(default=30, help_text="Seconds the solver may take.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: Progress: better plans found so far, the best objective, the bound the solver proved, seconds spent.
    solutions = models.PositiveIntegerField(default=0)
    best_objective = models.BigIntegerField(null=True, blank=True)
    best_bound = models.FloatField(null=True, blank=True)
    #: The best plan so far that the seat rules accept: seats, changes, score (`crews.plan_runs.as_json`).
    best = models.JSONField(null=True, blank=True)
    # `explanation`: when no plan keeps every rule, the clashing rules in their own sentences; when it failed, why.
    #: The seats on file for the horizon's missions when the run started ({mission id: [seat, …]}), and their
    #: fingerprint: acceptance compares a mission's seats now with these.
    started_from = models.JSONField(default=dict, blank=True)
    fingerprint = models.CharField(max_length=64, blank=True)
    #: Missions (ids) whose changes a planner accepted.
    accepted = models.JSONField(default=list, blank=True)

    class Meta(BackgroundWork.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlanRunStatus.values), name="crews_planrun_status_valid"
            ),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="crews_planrun_horizon"),
        ]

    def __str__(self):
        return f"Planning run {self.pk} ({self.starts_on} to {self.ends_on}): {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return address("pages:plan_run", self.pk)


class FailureCheckStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class FailureCheck(BackgroundWork):
    """One run of the N-1 report (issue 14 §3, `crews.planning.n_minus_one`) in the background: each vehicle
    grounded and each person on a planned flight unavailable from the horizon's first day, what breaks and
    the assistant's repair. Written by `crews.tasks.run_failure_check`; read by the /planning/ pages."""

    Status = FailureCheckStatus
    FINISHED = frozenset({Status.DONE, Status.FAILED})

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="failure_checks"
    )
    starts_on = models.DateField(help_text="The day of the failure and the first launch day of the horizon.")
    ends_on = models.DateField(help_text="The last launch day of the horizon.")
    #: `crews.planning.Weights` for the repairs: {name: value} (empty: the assistant's defaults).
    weights = models.JSONField(default=dict, blank=True)
    limit = models.PositiveSmallIntegerField(default=10, help_text="Scenarios run at most (vehicles first).")
    time_limit = models.PositiveSmallIntegerField(default=4, help_text="Seconds for each repair.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    #: Progress: scenarios run of those to run, seconds spent.
    done = models.PositiveSmallIntegerField(default=0)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    #: The report so far (`crews.failure_checks.as_json`): the rows worst first, the plan they break.
    result = models.JSONField(null=True, blank=True)
    # `explanation`: when it failed, why.

    class Meta(BackgroundWork.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=FailureCheckStatus.values), name="crews_failurecheck_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="crews_failurecheck_horizon"
            ),
        ]

    def __str__(self):
        return f"N-1 check {self.pk} ({self.starts_on} to {self.ends_on}): {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return address("pages:plan_check", self.pk)
