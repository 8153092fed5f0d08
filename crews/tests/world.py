"""A small copy of the integrated-crew world, for tests: NASA, Roscosmos, ESA, Soyuz, Dragon, the ISS.

`World.build()` makes the reference data and the people; missions and seats are
made by each test, through `full_clean()` when the test is about the rules.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from crews.models import CrewMember, SeatAssignment
from crews.tests.factories import CrewMemberFactory, OtherNameFactory
from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station
from missions.moments import Moment
from missions.tests.factories import (
    AgencyFactory,
    AgreementFactory,
    LaunchSiteFactory,
    MissionFactory,
    SpacecraftFactory,
    StationFactory,
)


@dataclass
class World:
    nasa: Agency
    roscosmos: Agency
    esa: Agency
    soyuz: Spacecraft
    dragon: Spacecraft
    baikonur: LaunchSite
    kennedy: LaunchSite
    iss: Station
    integrated: Agreement
    rubio: CrewMember
    prokopyev: CrewMember
    petelin: CrewMember
    kikina: CrewMember
    mann: CrewMember
    cassada: CrewMember
    cristoforetti: CrewMember

    @classmethod
    def build(cls) -> World:
        nasa = AgencyFactory(short_name="NASA", name="National Aeronautics and Space Administration")
        roscosmos = AgencyFactory(short_name="Roscosmos", name="State Space Corporation Roscosmos")
        esa = AgencyFactory(short_name="ESA", name="European Space Agency")
        iss = StationFactory()
        iss.required_agencies.set([nasa, roscosmos])
        rubio = CrewMemberFactory(name="Frank Rubio", agency=nasa, nationality="United States")
        OtherNameFactory(crew_member=rubio, name="Francisco Rubio")
        return cls(
            nasa=nasa,
            roscosmos=roscosmos,
            esa=esa,
            soyuz=SpacecraftFactory(name="Soyuz MS", operator=roscosmos, seat_count=3),
            dragon=SpacecraftFactory(name="Crew Dragon", operator=nasa, seat_count=4),
            baikonur=LaunchSiteFactory(name="Baikonur Cosmodrome Site 31", time_zone="Asia/Qyzylorda"),
            kennedy=LaunchSiteFactory(name="Kennedy Space Center LC-39A", time_zone="America/New_York"),
            iss=iss,
            integrated=AgreementFactory(
                name="NASA–Roscosmos integrated crew agreement",
                agency_a=nasa,
                agency_b=roscosmos,
                in_force_from=dt.date(2022, 7, 15),
                in_force_to=dt.date(2025, 12, 31),
                seats_a_on_b=2,
                seats_b_on_a=2,
            ),
            rubio=rubio,
            prokopyev=CrewMemberFactory(name="Sergey Prokopyev", agency=roscosmos, nationality="Russia"),
            petelin=CrewMemberFactory(name="Dmitry Petelin", agency=roscosmos, nationality="Russia"),
            kikina=CrewMemberFactory(name="Anna Kikina", agency=roscosmos, nationality="Russia"),
            mann=CrewMemberFactory(name="Nicole Mann", agency=nasa, nationality="United States"),
            cassada=CrewMemberFactory(name="Josh Cassada", agency=nasa, nationality="United States"),
            cristoforetti=CrewMemberFactory(name="Samantha Cristoforetti", agency=esa, nationality="Italy"),
        )

    def soyuz_mission(self, name: str, launch: str, landing: str | None, status="planned", **kw) -> Mission:
        return self._mission(name, self.soyuz, self.baikonur, launch, landing, status, **kw)

    def dragon_mission(self, name: str, launch: str, landing: str | None, status="planned", **kw) -> Mission:
        return self._mission(name, self.dragon, self.kennedy, launch, landing, status, **kw)

    def _mission(self, name, spacecraft, site, launch, landing, status, **kw) -> Mission:
        up = Moment.parse(launch)
        down = Moment.parse(landing) if landing else None
        return MissionFactory(
            name=name,
            spacecraft=spacecraft,
            launch_site=site,
            destination=self.iss,
            launch_date=up.date,
            launch_time=up.time,
            landing_date=down.date if down else None,
            landing_time=down.time if down else None,
            status=status,
            **kw,
        )

    def flown_rubio(self) -> tuple[Mission, Mission]:
        """The record: Rubio up on Soyuz MS-22 (with Prokopyev and Petelin), down on MS-23."""
        ms22 = self.soyuz_mission("Soyuz MS-22", "2022-09-21T13:54Z", "2023-03-28", status="landed")
        ms23 = self.soyuz_mission("Soyuz MS-23", "2023-02-24T00:24Z", "2023-09-27T11:17Z", status="landed")
        for seat, person, role in (
            (1, self.prokopyev, "commander"),
            (2, self.petelin, "flight_engineer"),
            (3, self.rubio, "flight_engineer"),
        ):
            agreement = self.integrated if person == self.rubio else None
            for mission, leg in ((ms22, "ascent"), (ms23, "return")):
                SeatAssignment.objects.create(
                    mission=mission, leg=leg, seat=seat, role=role, crew_member=person, agreement=agreement
                )
        return ms22, ms23


def assign(mission, person, seat, *, leg="ascent", role="flight_engineer", agreement=None) -> SeatAssignment:
    """A seat assignment through the model's rules: `full_clean()` then `save()`."""
    assignment = SeatAssignment(
        mission=mission, leg=leg, seat=seat, role=role, crew_member=person, agreement=agreement
    )
    assignment.full_clean()
    assignment.save()
    return assignment
