"""The station pages' data: the station's missions as vehicles, everyone's stays, the default period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from missions.models import Mission, Station

from .continuity import Stay, Vehicle, all_aboard_from, stays_from_flights
from .enforcement import FactBook
from .models import SeatAssignment
from .rules import flights_of


@dataclass
class StationRecord:
    station: Station
    required: list[str]
    vehicles: list[Vehicle]
    stays: list[Stay]

    def default_period(self) -> tuple[dt.datetime, dt.datetime] | None:
        """From the first moment every required agency is aboard to the last launch on record."""
        if not self.vehicles:
            return None
        start = all_aboard_from(self.stays, self.required) or min(v.start for v in self.vehicles)
        end = max(v.start for v in self.vehicles)
        return (start, end) if end > start else None


def _vehicle(mission: Mission) -> Vehicle:
    return Vehicle(
        key=mission.pk,
        name=mission.name,
        spacecraft_key=mission.spacecraft_id,
        spacecraft=mission.spacecraft.name,
        operator=mission.spacecraft.operator.short_name,
        seat_count=mission.spacecraft.seat_count,
        start=mission.launch.earliest,
        end=mission.landing.latest if mission.landing else None,
        status=mission.status,
        url=mission.get_absolute_url(),
        landing_label=mission.landing.isoformat() if mission.landing else "",
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
    vehicles = {m.pk: _vehicle(m) for m in missions}
    seats = list(
        SeatAssignment.objects.with_people().filter(
            crew_member__in=SeatAssignment.objects.filter(mission__destination=station).values(
                "crew_member_id"
            )
        )
    )
    book = FactBook()
    facts = [book.seat(s) for s in seats]
    by_person: dict = {}
    for seat in facts:
        by_person.setdefault(seat.person_key, []).append(seat)
    agency_of = {s.crew_member_id: s.crew_member.agency.short_name for s in seats}
    urls = {s.crew_member_id: s.crew_member.get_absolute_url() for s in seats}
    stays = []
    for person_seats in by_person.values():
        stays += stays_from_flights(flights_of(person_seats)[0], vehicles, agency_of, urls)
    return StationRecord(station=station, required=required, vehicles=list(vehicles.values()), stays=stays)
