"""An agreement's terms as plain Python: who flies on whose vehicles, how many seats, and when.

Written once and shared by the `Agreement` model and the rules engine's plain
`AgreementFacts` (in `crews.rules`), so that the direction rule cannot drift
between the pages and the checks. A class using it provides `parties` (the keys
of agency A and agency B), `seats_a_on_b`, `seats_b_on_a`, `in_force_from` and
`in_force_to`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable


class AgreementTerms:
    parties: tuple[Hashable, Hashable]
    seats_a_on_b: int
    seats_b_on_a: int
    in_force_from: dt.date
    in_force_to: dt.date | None

    def seats_for(self, crew_agency: Hashable, operator: Hashable) -> int | None:
        """Seats allotted to `crew_agency`'s crew on `operator`'s vehicles; None if they are not its parties."""
        a, b = self.parties
        if (crew_agency, operator) == (a, b):
            return self.seats_a_on_b
        if (crew_agency, operator) == (b, a):
            return self.seats_b_on_a
        return None

    def in_force_on(self, day: dt.date) -> bool:
        return self.in_force_from <= day and (self.in_force_to is None or day <= self.in_force_to)

    def in_force_over(self, first: dt.date, last: dt.date) -> bool | None:
        """In force on every day from `first` to `last` (True), on none of them (False), or on some (None):
        whether it was in force at a launch known only to the month or the year."""
        if self.in_force_on(first) and self.in_force_on(last):
            return True
        if last < self.in_force_from or (self.in_force_to is not None and first > self.in_force_to):
            return False
        return None

    @property
    def in_force_text(self) -> str:
        end = self.in_force_to.isoformat() if self.in_force_to else "no end date"
        return f"{self.in_force_from.isoformat()} to {end}"

    # --- In force, as a planner reads it -------------------------------------------------------------

    IN_FORCE, NOT_YET, EXPIRED = "in_force", "not_yet", "expired"

    def state_on(self, day: dt.date) -> str:
        """In force on `day`, not yet (it starts later), or expired (it ended before)."""
        if day < self.in_force_from:
            return self.NOT_YET
        if self.in_force_to is not None and day > self.in_force_to:
            return self.EXPIRED
        return self.IN_FORCE

    def state_text(self, day: dt.date) -> str:
        """ "in force since 2022-07-15, until 2025-12-31", "expired on 2025-12-31", "in force from 2028-01-01"."""
        state = self.state_on(day)
        if state == self.NOT_YET:
            return f"in force from {self.in_force_from.isoformat()}"
        if state == self.EXPIRED:
            return f"expired on {self.in_force_to.isoformat()}"
        until = f", until {self.in_force_to.isoformat()}" if self.in_force_to else ", no end date"
        return f"in force since {self.in_force_from.isoformat()}{until}"
