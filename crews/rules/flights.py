"""Rule 2 on plain facts: a person's legs paired into flights, and flights that overlap.

A flight runs from the ascent mission's launch to the return mission's landing;
with no return leg on file, to the ascent mission's own landing; with no landing
at all, it is open-ended. Nobody is aboard two flights at once, and a return may
not come before its ascent. `flights_of` is also what the pages and the
continuity sweep use to know who was up there, and when.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from missions.moments import Moment

from .data import ASCENT, RETURN, Problem, SeatFacts

_END_OF_TIME = dt.datetime.max.replace(tzinfo=dt.UTC)


def seat_order(seat: SeatFacts) -> tuple:
    """Stored seats first, so that a clash is reported on the candidate; then by key (ids, or entry order)."""
    return (seat.pending, type(seat.key).__name__, seat.key)


@dataclass(frozen=True, eq=False)
class Flight:
    """One stay in flight of one person: up on `ascent`, down on `return_leg` (either may be missing)."""

    person_key: Hashable
    person: str
    ascent: SeatFacts | None
    return_leg: SeatFacts | None
    start: dt.datetime
    end: dt.datetime | None  # None: open-ended
    start_moment: Moment
    end_moment: Moment | None
    #: What is certain of the flight whatever its imprecise dates turn out to be: it has begun by `sure_start`
    #: (the latest its launch can be, and never after its landing) and lasts at least until `sure_end` (the
    #: earliest its landing can be, and never before its launch). With dates known to the day, `start` and
    #: `end`. When `sure_start` is not before `sure_end`, no instant of the flight is certain.
    sure_start: dt.datetime | None = None
    sure_end: dt.datetime | None = None
    #: Its landing is not on file, but a source followed it (`crew_seen_until`, `landing_by`): it ended before
    #: the person's next flight, which is not an overlap then.
    followed: bool = False

    @property
    def seats(self) -> tuple[SeatFacts, ...]:
        return tuple(s for s in (self.ascent, self.return_leg) if s is not None)

    @property
    def anchor(self) -> SeatFacts:
        """The seat a problem about this flight is reported on: the ascent, or the return if none."""
        return self.ascent or self.return_leg

    @property
    def pending(self) -> bool:
        return any(s.pending for s in self.seats)

    def describe(self) -> str:
        """`Soyuz MS-22 from 2022-09-21 to 2023-09-27 (returning on Soyuz MS-23)`."""
        first = self.anchor.mission.name
        end = (
            day(self.end_moment) if self.end_moment
            else "a landing not on file" if self.followed else "an open-ended landing"
        )  # fmt: skip
        text = f"{first} from {day(self.start_moment)} to {end}"
        if self.ascent and self.return_leg and self.return_leg.mission is not self.ascent.mission:
            text += f" (returning on {self.return_leg.mission.name})"
        elif self.ascent and not self.return_leg:
            text += " (no return leg on file)"
        return text

    def overlaps(self, other: Flight) -> bool:
        """The two may overlap (over all that their dates can mean)."""
        first, second = sorted((self, other), key=lambda f: f.start)
        has_flown = second.anchor.mission.is_record
        if first.followed and first.end is None and has_flown and second.start >= first.sure_end:
            return False  # lost sight of after a source's last view: the next flight says they had landed
        return (other.end is None or self.start < other.end) and (self.end is None or other.start < self.end)

    def surely_overlaps(self, other: Flight) -> bool:
        """The two overlap whatever their imprecise dates turn out to be: each has begun before the other can
        have ended."""
        return (other.sure_end is None or self.sure_start < other.sure_end) and (
            self.sure_end is None or other.sure_start < self.sure_end
        )


def day(moment: Moment) -> str:
    """`2022-09-21` (the time left out), or `Apr 1961`, `1961` when that is all that is known."""
    return moment.shown_date()


def _sure(moment: Moment, *, start: bool) -> dt.datetime:
    """A flight's certain bound: a date known to the day counts whole, as it always has; a date known only to
    the month or year counts from the end of its period (a launch) or up to its start (a landing)."""
    if not moment.is_approximate:
        return moment.earliest if start else moment.latest
    return moment.latest if start else moment.earliest


def _flight(person_key, person, ascent, return_leg) -> Flight:
    if ascent is not None:
        start_moment = ascent.mission.launch
        end_moment = return_leg.mission.landing if return_leg is not None else ascent.mission.landing
    else:  # a return with no ascent: the flight is known only by its landing
        start_moment = return_leg.mission.landing or return_leg.mission.launch
        end_moment = return_leg.mission.landing
    sure_start, sure_end = _sure(start_moment, start=True), None
    ending = (return_leg or ascent).mission
    followed = end_moment is None and bool(ending.crew_seen_until or ending.landing_by)
    end = end_moment.latest if end_moment else None
    if followed:  # the landing is not on file: certain up to a source's last sight, possible up to landing_by
        seen = ending.crew_seen_until
        sure_end = max(_midnight_after(seen), sure_start) if seen else sure_start
        end = _midnight_after(ending.landing_by) if ending.landing_by else None
        if ascent is not None and ascent.hours is not None:  # the person's own hours bound their stay
            own = start_moment.latest + dt.timedelta(hours=float(ascent.hours))
            end = min(end, own) if end else own
    if end_moment is not None:
        # A flight lands after it launches: its launch is at the latest its landing's latest, its landing at the
        # earliest its launch's earliest (a launch known to the year, a landing to the day in that year).
        sure_start = min(sure_start, end_moment.latest)
        sure_end = max(_sure(end_moment, start=False), start_moment.earliest)
    return Flight(
        person_key=person_key,
        person=person,
        ascent=ascent,
        return_leg=return_leg,
        start=start_moment.earliest,
        end=end,
        start_moment=start_moment,
        end_moment=end_moment,
        sure_start=sure_start,
        sure_end=sure_end,
        followed=followed,
    )


def _landing_bound(mission) -> dt.datetime | None:
    """Where a landing not on file is placed among a person's legs: the latest it can have been, else the end
    of the last day a source shows the crew up; None when the record says nothing (a plan)."""
    if mission.landing_by is not None:
        return _midnight_after(mission.landing_by)
    if mission.crew_seen_until is not None:
        return _midnight_after(mission.crew_seen_until)
    return None


def _midnight_after(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)


def _leg_order(seat: SeatFacts) -> tuple:
    mission = seat.mission
    if seat.leg == ASCENT:
        return (mission.launch.earliest, 1, mission.name)
    # A return is placed at its landing; with no landing known yet, after everything
    # (it is open-ended). At the same instant a return comes first: a handover.
    when = mission.landing.latest if mission.landing else _landing_bound(mission) or _END_OF_TIME
    return (when, 0, mission.name)


#: A person's return legs paired with their ascents: {return seat key: ascent seat key}.
Pairs = dict[Hashable, Hashable]


def _landed_by(ascent: SeatFacts, when: dt.datetime) -> bool:
    """The ascent's own mission has landed by `when`: its landing, or the latest it can have been."""
    landing, landed_by = ascent.mission.landing, ascent.mission.landing_by
    if landing is None and landed_by is not None:
        return dt.datetime.combine(landed_by + dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC) <= when
    return landing is not None and landing.latest <= when


def flights_of(seats: Iterable[SeatFacts], pairs: Pairs | None = None) -> tuple[list[Flight], list[Problem]]:
    """Pair one person's legs into flights, in time order; returns with no ascent are problems.

    A return closes the ascent of its own mission if the person went up on it,
    else the earliest ascent still open (an ascent whose own mission landed before
    the person's next launch counts as closed by that landing). `pairs` (from
    `pairings()` on the stored record) are kept first, so that a change being
    checked is measured against the flights as recorded and cannot re-pair them.
    Scrubbed missions carry nobody and are left out; a second seat of the same
    person on the same leg (a rule 1 clash) is left out too.
    """
    legs: list[SeatFacts] = []
    seen: set = set()
    for seat in sorted(seats, key=seat_order):
        if seat.mission.flies and (seat.mission.key, seat.leg) not in seen:
            seen.add((seat.mission.key, seat.leg))
            legs.append(seat)
    legs.sort(key=_leg_order)

    flights: list[Flight] = []
    problems: list[Problem] = []
    kept: set = set()
    if pairs:
        by_key = {seat.key: seat for seat in legs}
        for return_key, ascent_key in pairs.items():
            return_leg, ascent = by_key.get(return_key), by_key.get(ascent_key)
            if (
                return_leg
                and ascent
                and return_leg.leg == RETURN
                and ascent.leg == ASCENT
                and _leg_order(ascent) < _leg_order(return_leg)
            ):
                flights.append(_flight(return_leg.person_key, return_leg.person, ascent, return_leg))
                kept |= {return_key, ascent_key}

    open_ascents: list[SeatFacts] = []
    for seat in legs:
        if seat.key in kept:
            continue
        if seat.leg == ASCENT:
            # An ascent whose own mission landed before this launch came home with it.
            for ascent in [a for a in open_ascents if _landed_by(a, seat.mission.launch.earliest)]:
                flights.append(_flight(ascent.person_key, ascent.person, ascent, None))
                open_ascents.remove(ascent)
            open_ascents.append(seat)
            continue
        # A return closes the ascent of its own mission, else the earliest one still open.
        ascent = next((a for a in open_ascents if a.mission.key == seat.mission.key), None)
        if ascent is None and open_ascents:
            ascent = open_ascents[0]
        if ascent is not None:
            flights.append(_flight(seat.person_key, seat.person, ascent, seat))
            open_ascents.remove(ascent)
            continue
        landing = seat.mission.landing
        when = f"landing {landing}" if landing else "landing date not set"
        problems.append(
            Problem(
                rule=2,
                code="return_before_ascent",
                seat=seat,
                field="crew_member",
                message=(
                    f"A return may not come before its ascent: {seat.person} returns on "
                    f"{seat.mission.name} ({when}) with no ascent before it on file."
                ),
            )
        )
        flights.append(_flight(seat.person_key, seat.person, None, seat))
    for ascent in open_ascents:
        flights.append(_flight(ascent.person_key, ascent.person, ascent, None))
    flights.sort(key=lambda f: f.start)
    return flights, problems


def pairings(seats: Iterable[SeatFacts]) -> Pairs:
    """Which ascent each return closes, for every person among `seats`."""
    by_person: dict[Hashable, list[SeatFacts]] = defaultdict(list)
    for seat in seats:
        by_person[seat.person_key].append(seat)
    pairs: Pairs = {}
    for person_seats in by_person.values():
        for flight in flights_of(person_seats)[0]:
            if flight.ascent is not None and flight.return_leg is not None:
                pairs[flight.return_leg.key] = flight.ascent.key
    return pairs


def _why_uncertain(*flights: Flight) -> str:
    """Why two flights may or may not overlap: dates known only roughly, a landing not on file, or both."""
    rough = any(m is not None and m.is_approximate for f in flights for m in (f.start_moment, f.end_moment))
    unknown = any(f.end_moment is None for f in flights)
    if rough and unknown:
        return "dates known only roughly and a landing not on file"
    if unknown:
        return "a landing not on file"
    return "dates known only to the month or the year"


def overlap_problems(flights: list[Flight]) -> list[Problem]:
    problems = []
    ordered = sorted(flights, key=lambda f: f.start)
    active: list[Flight] = []
    for flight in ordered:
        active = [a for a in active if a.end is None or a.end > flight.start]
        for earlier in active:
            if not earlier.overlaps(flight):
                continue
            # Report on the flight being changed, naming the one already on file.
            target, other = (earlier, flight) if earlier.pending and not flight.pending else (flight, earlier)
            end = f"to {day(target.end_moment)}" if target.end_moment else "open-ended"
            sure = earlier.surely_overlaps(flight)
            problems.append(
                Problem(
                    rule=2,
                    code="overlap" if sure else "possible_overlap",
                    seat=target.anchor,
                    field="crew_member",
                    message=(
                        f"{target.person} {'is already' if sure else 'may be'} aboard {other.describe()}; this "
                        f"flight on {target.anchor.mission.name} runs from {day(target.start_moment)} {end}"
                        + ("." if sure else f" ({_why_uncertain(earlier, flight)}: a possible overlap).")
                    ),
                    others=other.seats,
                    possible=not sure,
                )
            )
        active.append(flight)
    return problems
