"""Factories for the missions app. They save without `full_clean()`: tests of rules call it themselves."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"AG{n}")
    name = factory.LazyAttribute(lambda o: f"{o.short_name} Space Agency")
    country = "Testland"


class SpacecraftFactory(DjangoModelFactory):
    class Meta:
        model = Spacecraft
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Capsule {n}")
    operator = factory.SubFactory(AgencyFactory)
    seat_count = 3


class LaunchSiteFactory(DjangoModelFactory):
    class Meta:
        model = LaunchSite
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Pad {n}")
    country = "Testland"
    time_zone = "UTC"


class StationFactory(DjangoModelFactory):
    class Meta:
        model = Station
        django_get_or_create = ("short_name",)

    name = "International Space Station"
    short_name = "ISS"


class MissionFactory(DjangoModelFactory):
    class Meta:
        model = Mission

    name = factory.Sequence(lambda n: f"Flight {n}")
    spacecraft = factory.SubFactory(SpacecraftFactory)
    launch_site = factory.SubFactory(LaunchSiteFactory)
    launch_date = factory.Sequence(lambda n: dt.date(2030, 1, 1) + dt.timedelta(days=400 * n))
    landing_date = factory.LazyAttribute(lambda o: o.launch_date + dt.timedelta(days=180))
    status = Mission.Status.PLANNED


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement

    name = factory.Sequence(lambda n: f"Agreement {n}")
    kind = Agreement.Kind.INTEGRATED_CREWS
    agency_a = factory.SubFactory(AgencyFactory)
    agency_b = factory.SubFactory(AgencyFactory)
    in_force_from = dt.date(2020, 1, 1)
    in_force_to = None
    seats_a_on_b = 3
    seats_b_on_a = 3
