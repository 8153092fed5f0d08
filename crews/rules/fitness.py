"""Rule 6 on plain facts: the person can fly the flight. No database here.

- **Not unavailable.** Nobody flies while unavailable (`Unavailability`: from/to days and a reason): no stretch
  of theirs may meet a flight of theirs, a flight being what rule 2 calls one (from the ascent's launch to the
  landing of the mission that brings them home, open-ended without a landing). Dates are read as rule 2 reads
  them: certain only when certain whatever imprecise dates turn out to be; a meeting that is only possible (a
  flight on the record known to the month, a landing not on file that a source followed) is a warning that
  says why, never a refusal.
- **Trained by the launch.** A person in training on the spacecraft with a planned completion date after the
  launch may not fly up on it; a completion on the launch day or before is in time. In training with no date
  on file, or no training on file at all, is not refused: the record of training is not complete enough to
  refuse a seat on it (the planning assistant, which proposes rather than checks, is stricter: it proposes only
  people qualified, or in training with a date by the launch).

An unavailability or a training entered after the seat is a fact, not a plan: it is never refused for the seats
it meets (the admin saves it); the rule shows it as a problem of those missions, where it refuses further
changes that would make it worse and is listed among the mission's warnings (`record.problems_by_mission`).
"""

from __future__ import annotations

import datetime as dt

from .data import ASCENT, IN_TRAINING, Problem, SeatFacts
from .flights import Flight, _why_uncertain, day

_END_OF_TIME = dt.datetime.max.replace(tzinfo=dt.UTC)


def unavailable_problems(flights: list[Flight]) -> list[Problem]:
    """Each of one person's flights that meets a stretch when they are unavailable."""
    problems = []
    for flight in flights:
        anchor = flight.anchor
        for away in anchor.away:
            first, last = away.span
            if not (first < (flight.end or _END_OF_TIME) and flight.start < last):
                continue
            sure = flight.sure_start < last and (flight.sure_end is None or first < flight.sure_end)
            if sure:
                message = f"{flight.person} is unavailable {away.shown()}, which overlaps their flight on {flight.describe()}."
            else:
                message = (
                    f"{flight.person} may be unavailable during their flight on {flight.describe()}: they are "
                    f"unavailable {away.shown()} ({_why_uncertain(flight)}: a possible overlap)."
                )
            problems.append(
                Problem(
                    rule=6,
                    code="unavailable" if sure else "possibly_unavailable",
                    seat=anchor,
                    field="crew_member",
                    message=message,
                    others=tuple(s for s in flight.seats if s is not anchor),
                    possible=not sure,
                    # The same stretch and the same ascent on the same mission: the same problem, whatever
                    # return is planned (a person already up always needs one).
                    subject=(repr(away.key), repr(anchor.key), repr(anchor.mission.key), anchor.leg),
                )
            )
    return problems


def training_problems(seat: SeatFacts) -> list[Problem]:
    """An ascent of someone still in training on the spacecraft at the launch, by a completion date on file."""
    training, mission = seat.training, seat.mission
    if (
        seat.leg != ASCENT
        or not mission.flies
        or training is None
        or training.status != IN_TRAINING
        or training.completes is None
        or training.completes <= mission.launch.date
    ):
        return []
    launch, completes = mission.launch, training.completes.isoformat()
    sure = training.completes > launch.last_day
    if sure:
        message = (
            f"{seat.person} is in training on {mission.spacecraft} until {completes}, after the launch of "
            f"{mission.name} ({day(launch)}): training must be complete by the launch."
        )
    else:
        message = (
            f"{seat.person} may still be in training on {mission.spacecraft} at the launch of {mission.name}, "
            f"known only as {launch.shown()} (training until {completes})."
        )
    return [
        Problem(
            rule=6,
            code="in_training" if sure else "possibly_in_training",
            seat=seat,
            field="crew_member",
            message=message,
            possible=not sure,
            subject=(repr(seat.key), repr(mission.key)),
        )
    ]
