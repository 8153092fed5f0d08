"""The station pages' data: the station's missions as vehicles, everyone's stays, the default period,
and the continuity reports (as recorded, and with a spacecraft grounded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max

from missions.models import Mission, Spacecraft, Station

from ..careers import flight_columns
from ..models import RecordSource, SeatAssignment
from ..rules import FactBook, flights_of
from .stays import (
    Gap,
    Period,
    Scenario,
    Stay,
    Vehicle,
    all_aboard_from,
    bound,
    free_seats,
    gaps,
    ground,
    midnight,
    stays_from_flights,
)
from .timeline import Marker, Timeline, timeline


@dataclass
class StationRecord:
    station: Station
    required: list[str]
    vehicles: list[Vehicle]
    stays: list[Stay]

    #: The last day the sources know of (None when no source is on file): after it, nothing is on file.
    record_ends: dt.date | None = None

    def default_period(self) -> Period | None:
        """From the first moment every required agency is aboard, as far as launches known to the day show,
        to the last launch on record (or where the record ends, when later). Flights known only to the year
        or the month cannot show continuity: a period over them is for a user to ask for."""
        precise = [s for s in self.stays if s.start_precise]
        if not self.vehicles or not precise:
            return None
        start = all_aboard_from(precise, self.required) or min(s.start for s in precise)
        end = max(v.start for v in self.vehicles)
        if self.record_ends is not None:
            end = max(end, midnight(self.record_ends + dt.timedelta(days=1)))
        return Period(start, end) if end > start else None

    @property
    def as_recorded(self) -> Scenario:
        return Scenario(stays=self.stays, vehicles=self.vehicles)


@dataclass
class Grounding:
    """The what-if: `spacecraft` grounded from `day`, and who then has no ride home."""

    spacecraft: Spacecraft
    day: dt.date
    scenario: Scenario
    free_seats: list[tuple[Vehicle, int]]

    @property
    def start(self) -> dt.datetime:
        return midnight(self.day)

    @property
    def title(self) -> str:
        return f"{self.spacecraft.name} grounded from {self.day.isoformat()}"


@dataclass
class ContinuityReport:
    """One scenario's gaps over the period, and its timeline."""

    title: str
    scenario: Scenario
    gaps: list[Gap]
    svg_id: str
    timeline: Timeline | None = None


def _vehicle(mission: Mission, record_ends: dt.date | None) -> Vehicle:
    end = mission.landing.latest if mission.landing else bound(mission)
    if end is None and record_ends is not None and mission.is_record:
        end = midnight(record_ends + dt.timedelta(days=1))  # flown, landing not on file: followed to the end
    return Vehicle(
        key=mission.pk,
        name=mission.name,
        spacecraft_key=mission.spacecraft_id,
        spacecraft=mission.spacecraft.name,
        operator=mission.spacecraft.operator.short_name,
        seat_count=mission.spacecraft.seat_count,
        start=mission.launch.earliest,
        end=end,
        end_known=mission.landing is not None or end is None,
        status=mission.status,
        url=mission.get_absolute_url(),
        landing_label=mission.landing.shown_date() if mission.landing else "",
        launch_label=mission.launch.shown_date(),
    )


def station_record(station: Station) -> StationRecord:
    """The station's missions and every stay aboard. Four queries, whatever the number of missions."""
    required = sorted(a.short_name for a in station.required_agencies.all())
    missions = list(
        Mission.objects.filter(destination=station)
        .exclude(status=Mission.Status.SCRUBBED)
        .select_related("spacecraft__operator")
        .in_launch_order()
    )
    ends = RecordSource.objects.aggregate(last=Max("record_ends"))["last"]
    vehicles = {m.pk: _vehicle(m, ends) for m in missions}
    seats = list(
        SeatAssignment.objects.with_people().filter(
            crew_member__in=SeatAssignment.objects.filter(mission__destination=station).values(
                "crew_member_id"
            )
        )
    )
    book = FactBook()
    by_person: dict = {}
    for seat in (book.seat(s) for s in seats):
        by_person.setdefault(seat.person_key, []).append(seat)
    agency_of = {s.crew_member_id: s.crew_member.agency.short_name for s in seats}
    urls = {s.crew_member_id: s.crew_member.get_absolute_url() for s in seats}
    # Legs paired into flights as the careers pair them (one pairing for the person pages and the stations).
    ascents = SeatAssignment.objects.filter(
        pk__in=[s.pk for s in seats if s.leg == SeatAssignment.Leg.ASCENT]
    )
    pairs = {
        end: ascent
        for ascent, end in ascents.annotate(end=flight_columns()["end_seat_id"]).values_list("pk", "end")
        if end is not None and end != ascent
    }
    stays = []
    for person_seats in by_person.values():
        stays += stays_from_flights(flights_of(person_seats, pairs)[0], vehicles, agency_of, urls)
    return StationRecord(
        station=station, required=required, vehicles=list(vehicles.values()), stays=stays, record_ends=ends
    )


def grounding(record: StationRecord, spacecraft: Spacecraft, day: dt.date) -> Grounding:
    """The record with `spacecraft`'s missions from `day` on taken out."""
    scenario = ground(record.stays, record.vehicles, spacecraft.pk, midnight(day))
    return Grounding(spacecraft, day, scenario, free_seats(scenario, midnight(day)))


def continuity_reports(
    record: StationRecord, period: Period | None, what_if: Grounding | None = None
) -> list[ContinuityReport]:
    """Gaps as recorded and, with a grounding, under it; each with its timeline when there is a period."""
    scenarios = [("As recorded", record.as_recorded, None)]
    if what_if is not None:
        marker = Marker(what_if.start, f"{what_if.spacecraft.name} grounded")
        scenarios.append((what_if.title, what_if.scenario, marker))
    reports = []
    for i, (title, scenario, marker) in enumerate(scenarios):
        found = gaps(scenario.stays, record.required, period.start, period.end) if period else []
        report = ContinuityReport(title=title, scenario=scenario, gaps=found, svg_id=f"timeline-{i}")
        if period:
            report.timeline = timeline(scenario, record.required, found, period, marker=marker)
        reports.append(report)
    return reports
