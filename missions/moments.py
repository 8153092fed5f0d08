"""Moments: a UTC date with the time of day when it is known.

Launches and landings are often known only to the day at first; seatswap never
invents a time. A `Moment` keeps the two apart and answers the questions the
rules ask: the earliest and the latest instant it can stand for.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

UTC = dt.UTC

_MOMENT_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?Z)?$"
)


@dataclass(frozen=True)
class Moment:
    """A UTC date, with the UTC time of day when it is known."""

    date: dt.date
    time: dt.time | None = None

    @property
    def has_time(self) -> bool:
        return self.time is not None

    @property
    def earliest(self) -> dt.datetime:
        """The first instant this moment can mean (midnight UTC when only the date is known)."""
        return dt.datetime.combine(self.date, self.time or dt.time.min, tzinfo=UTC)

    @property
    def latest(self) -> dt.datetime:
        """The last instant this moment can mean (the end of the UTC day when only the date is known)."""
        if self.time is not None:
            return self.earliest
        return dt.datetime.combine(self.date + dt.timedelta(days=1), dt.time.min, tzinfo=UTC)

    def isoformat(self) -> str:
        """`2022-09-21T13:54Z` when the time is known, `2022-09-21` when it is not."""
        if self.time is None:
            return self.date.isoformat()
        spec = "seconds" if self.time.second else "minutes"
        return f"{self.date.isoformat()}T{self.time.isoformat(timespec=spec)}Z"

    __str__ = isoformat

    def local(self, time_zone: str) -> dt.datetime | None:
        """This moment at a place's local time, or None when the time of day is not known."""
        if self.time is None:
            return None
        return self.earliest.astimezone(zoneinfo.ZoneInfo(time_zone))

    @classmethod
    def parse(cls, text: str) -> Moment:
        """Read `2022-09-21T13:54Z` (or with seconds) or `2023-03-28`; ValueError with a sentence otherwise."""
        match = _MOMENT_RE.match(text.strip())
        if not match:
            raise ValueError(
                f"“{text}” is not a date: write 2022-09-21T13:54Z when the UTC time is known, "
                "2022-09-21 when only the date is"
            )
        try:
            date = dt.date.fromisoformat(match["date"])
            time = None
            if match["hour"] is not None:
                time = dt.time(int(match["hour"]), int(match["minute"]), int(match["second"] or 0))
        except ValueError as exc:
            raise ValueError(f"“{text}” is not a real date or time ({exc})") from None
        return cls(date, time)

    @classmethod
    def of(cls, date: dt.date | None, time: dt.time | None = None) -> Moment | None:
        return None if date is None else cls(date, time)
