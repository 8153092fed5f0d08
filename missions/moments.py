"""Moments: a UTC date known to the year, the month, the day, or with its time of day.

Launches and landings are often known only to the day at first, and the old
record of many flights only to the year; seatswap never invents what it does not
know. A `Moment` keeps the date, the time when known, and how precisely the date
is known, and answers the questions the rules ask: the earliest and the latest
instant it can stand for. An imprecise date is stored as the first day of the
period it covers (1961 → 1961-01-01, April 1961 → 1961-04-01).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

UTC = dt.UTC

#: How precisely a date is known, coarsest first. A moment with a time of day is known to the day.
YEAR, MONTH, DAY = "year", "month", "day"
PRECISIONS = (YEAR, MONTH, DAY)

_MOMENT_RE = re.compile(
    r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?Z)?)?)?$"
)


def period_start(date: dt.date, precision: str) -> dt.date:
    """The first day of the year or month `date` falls in (the date itself when known to the day)."""
    if precision == YEAR:
        return date.replace(month=1, day=1)
    if precision == MONTH:
        return date.replace(day=1)
    return date


@dataclass(frozen=True)
class Moment:
    """A UTC date, known to `precision`, with the UTC time of day when it is known."""

    date: dt.date
    time: dt.time | None = None
    precision: str = DAY

    def __post_init__(self):
        if self.precision not in PRECISIONS:
            raise ValueError(f"unknown precision {self.precision!r}")
        if self.time is not None and self.precision != DAY:
            raise ValueError("a moment with a time of day is known to the day")
        object.__setattr__(self, "date", period_start(self.date, self.precision))

    @property
    def has_time(self) -> bool:
        return self.time is not None

    @property
    def is_approximate(self) -> bool:
        """Known only to the month or the year."""
        return self.precision != DAY

    @property
    def earliest(self) -> dt.datetime:
        """The first instant this moment can mean (midnight UTC of its first day when the time is not known)."""
        return dt.datetime.combine(self.date, self.time or dt.time.min, tzinfo=UTC)

    @property
    def latest(self) -> dt.datetime:
        """The last instant this moment can mean: itself with a time; else the end of its day, month or year."""
        if self.time is not None:
            return self.earliest
        return dt.datetime.combine(self._period_end(), dt.time.min, tzinfo=UTC)

    @property
    def last_day(self) -> dt.date:
        """The last day this moment can fall on: the last of its year or month, or its date."""
        if self.precision == YEAR:
            return dt.date(self.date.year, 12, 31)
        if self.precision == MONTH:
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date

    def _period_end(self) -> dt.date:
        """The day after the period (capped at the last day dates can hold)."""
        end = self.last_day
        return end + dt.timedelta(days=1) if end < dt.date.max else end

    def isoformat(self) -> str:
        """`1961`, `1961-04`, `1961-04-12`, or `1961-04-12T06:07Z`: as much as is known."""
        if self.precision == YEAR:
            return f"{self.date.year:04d}"
        if self.precision == MONTH:
            return f"{self.date.year:04d}-{self.date.month:02d}"
        if self.time is None:
            return self.date.isoformat()
        spec = "seconds" if self.time.second else "minutes"
        return f"{self.date.isoformat()}T{self.time.isoformat(timespec=spec)}Z"

    __str__ = isoformat

    def shown(self) -> str:
        """For people: `1961`, `Apr 1961`, `1961-04-12`, `1961-04-12 06:07 UTC`."""
        if self.precision == YEAR:
            return str(self.date.year)
        if self.precision == MONTH:
            return self.date.strftime("%b %Y")
        if self.time is None:
            return self.date.isoformat()
        return f"{self.date.isoformat()} {self.time.strftime('%H:%M')} UTC"

    def shown_date(self) -> str:
        """The date as known, the time left out: `1961`, `Apr 1961`, `1961-04-12` (never a first of the month
        or of January that is not known)."""
        return self.shown() if self.is_approximate else self.date.isoformat()

    def on_or_in(self) -> str:
        """For a sentence: `on 1961-04-12` (the time left out), `in Apr 1961`, `in 1961`."""
        return f"{'in' if self.is_approximate else 'on'} {self.shown_date()}"

    def local(self, time_zone: str) -> dt.datetime | None:
        """This moment at a place's local time, or None when the time of day is not known."""
        if self.time is None:
            return None
        return self.earliest.astimezone(zoneinfo.ZoneInfo(time_zone))

    @classmethod
    def parse(cls, text: str) -> Moment:
        """Read `1961`, `1961-04`, `1961-04-12`, `2022-09-21T13:54Z` (or with seconds); ValueError with a
        sentence otherwise."""
        match = _MOMENT_RE.match(text.strip())
        if not match:
            raise ValueError(
                f"“{text}” is not a date: write 2022-09-21T13:54Z when the UTC time is known, 2022-09-21 when "
                "only the date is, 2022-09 or 2022 when only the month or the year is"
            )
        try:
            year, month, day = int(match["year"]), int(match["month"] or 1), int(match["day"] or 1)
            date = dt.date(year, month, day)
            time = None
            if match["hour"] is not None:
                time = dt.time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
        except ValueError as exc:
            raise ValueError(f"“{text}” is not a real date or time ({exc})") from None
        precision = DAY if match["day"] else MONTH if match["month"] else YEAR
        return cls(date, time, precision)

    @classmethod
    def of(cls, date: dt.date | None, time: dt.time | None = None, precision: str = DAY) -> Moment | None:
        return None if date is None else cls(date, time, precision or DAY)


def lands_before_launch(launch: Moment, landing: Moment) -> bool:
    """A landing that cannot come after the launch. With its time known, a landing may be at the very instant
    of a launch (the database holds the same); without, it covers its day, month or year, all of which must
    not be over when the launch can begin: a landing on 1 March is before a launch on 2 March."""
    if landing.has_time:
        return landing.latest < launch.earliest
    return landing.latest <= launch.earliest


class MissionMoments:
    """A mission's launch and landing as `Moment`s, and whether it is the record, from its date, time and
    precision fields: shared by the `Mission` model and plain rows read as tuples (`crews.continuity.loading`).
    A class using it has `launch_date`, `launch_time`, `launch_precision`, the same for `landing_`, `status` and
    `RECORD_STATUSES`."""

    @property
    def launch(self) -> Moment | None:
        return Moment.of(self.launch_date, self.launch_time, self.launch_precision)

    @property
    def landing(self) -> Moment | None:
        return Moment.of(self.landing_date, self.landing_time, self.landing_precision)

    @property
    def is_record(self) -> bool:
        """Launched or landed: its seats record what happened, and rules only warn."""
        return self.status in self.RECORD_STATUSES
