"""The choices a mission's fields take, apart so that the rules and the CSV can name them without the models."""

from __future__ import annotations

from django.db import models

from .moments import DAY, MONTH, YEAR


class Leg(models.TextChoices):
    """The two legs of a mission a person can have a seat on. Stored values sort ascent first."""

    ASCENT = "ascent", "Ascent"
    RETURN = "return", "Return"


class Precision(models.TextChoices):
    """How precisely a date is known: to the year, the month or the day (with the time when known)."""

    YEAR = YEAR, "Year"
    MONTH = MONTH, "Month"
    DAY = DAY, "Day"


class MissionStatus(models.TextChoices):
    """Where a mission stands: planned → scheduled → launched → landed, or scrubbed."""

    PLANNED = "planned", "Planned"
    SCHEDULED = "scheduled", "Scheduled"
    LAUNCHED = "launched", "Launched"
    LANDED = "landed", "Landed"
    SCRUBBED = "scrubbed", "Scrubbed"


class Outcome(models.TextChoices):
    """How a flown mission ended, when not as planned: recorded as an outcome, never as a made-up return leg."""

    NOMINAL = "", "As planned"
    LOST = "lost", "Lost with its crew"
    ABORTED = "aborted", "Launch aborted"
