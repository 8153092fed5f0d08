"""Factories for the crews app. They save without `full_clean()`: tests of rules call it themselves."""

import factory
from factory.django import DjangoModelFactory

from crews.models import CrewMember, OtherName, Qualification, SeatAssignment
from missions.tests.factories import AgencyFactory, MissionFactory, SpacecraftFactory


class CrewMemberFactory(DjangoModelFactory):
    class Meta:
        model = CrewMember

    name = factory.Sequence(lambda n: f"Crew Member {n}")
    agency = factory.SubFactory(AgencyFactory)
    nationality = "Testland"


class OtherNameFactory(DjangoModelFactory):
    class Meta:
        model = OtherName

    crew_member = factory.SubFactory(CrewMemberFactory)
    name = factory.Sequence(lambda n: f"Other Name {n}")


class QualificationFactory(DjangoModelFactory):
    class Meta:
        model = Qualification

    crew_member = factory.SubFactory(CrewMemberFactory)
    spacecraft = factory.SubFactory(SpacecraftFactory)
    status = Qualification.Status.QUALIFIED


class SeatAssignmentFactory(DjangoModelFactory):
    class Meta:
        model = SeatAssignment

    mission = factory.SubFactory(MissionFactory)
    leg = SeatAssignment.Leg.ASCENT
    seat = factory.Sequence(lambda n: n % 3 + 1)
    role = SeatAssignment.Role.FLIGHT_ENGINEER
    crew_member = factory.SubFactory(CrewMemberFactory)
    agreement = None
