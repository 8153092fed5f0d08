"""Model basics: slugs, constraints with their sentences, time zones, deletion of what seats refer to."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from missions.models import Agency, Agreement, LaunchSite, Mission
from missions.tests.factories import (
    AgencyFactory,
    AgreementFactory,
    LaunchSiteFactory,
    MissionFactory,
    SpacecraftFactory,
)


@pytest.mark.django_db
class TestSlugs:
    def test_slugs_come_from_names(self):
        assert MissionFactory(name="Soyuz MS-22").slug == "soyuz-ms-22"
        assert SpacecraftFactory(name="Crew Dragon").slug == "crew-dragon"
        agreement = AgreementFactory(name="NASA–Roscosmos integrated crew agreement")
        assert agreement.slug == "nasa-roscosmos-integrated-crew-agreement"

    def test_a_slug_taken_gets_a_number(self):
        MissionFactory(name="Test Flight", slug="test-flight")
        assert MissionFactory(name="Test  Flight!").slug == "test-flight-2"

    def test_a_name_in_another_script_keeps_a_slug(self):
        assert MissionFactory(name="Шэньчжоу").slug == "шэньчжоу"

    def test_a_slug_does_not_change_on_rename(self):
        mission = MissionFactory(name="SpaceX Crew-5")
        mission.name = "SpaceX Crew-5 (Endurance)"
        mission.save()
        assert mission.slug == "spacex-crew-5"


@pytest.mark.django_db
class TestMissionDates:
    def test_landing_before_launch_is_refused_on_its_field(self):
        mission = MissionFactory.build(
            spacecraft=SpacecraftFactory(),
            launch_site=LaunchSiteFactory(),
            launch_date=dt.date(2030, 5, 1),
            landing_date=dt.date(2030, 4, 1),
        )
        with pytest.raises(ValidationError) as exc:
            mission.full_clean()
        assert exc.value.message_dict == {
            "landing_date": ["A mission cannot land (2030-04-01) before it launches (2030-05-01)."]
        }

    def test_the_database_holds_the_same_rule(self):
        mission = MissionFactory(launch_date=dt.date(2030, 5, 1), landing_date=dt.date(2030, 6, 1))
        with pytest.raises(IntegrityError), transaction.atomic():
            Mission.objects.filter(pk=mission.pk).update(landing_date=dt.date(2030, 4, 1))

    def test_same_day_landing_needs_a_later_time(self):
        mission = MissionFactory(
            launch_date=dt.date(2030, 5, 1),
            launch_time=dt.time(12, 0),
            landing_date=dt.date(2030, 5, 1),
            landing_time=dt.time(13, 0),
        )
        mission.full_clean()
        mission.landing_time = dt.time(11, 0)
        with pytest.raises(ValidationError) as exc:
            mission.full_clean()
        assert "landing_time" in exc.value.message_dict

    def test_a_landing_time_needs_a_landing_date(self):
        mission = MissionFactory(landing_date=None)
        mission.landing_time = dt.time(10, 0)
        with pytest.raises(ValidationError) as exc:
            mission.full_clean()
        assert exc.value.message_dict["landing_date"] == ["A landing time needs a landing date."]

    def test_names_are_unique_whatever_the_case(self):
        MissionFactory(name="Soyuz MS-22")
        duplicate = MissionFactory.build(
            name="soyuz ms-22", spacecraft=SpacecraftFactory(), launch_site=MissionFactory().launch_site
        )
        with pytest.raises(ValidationError, match="A mission with this name already exists"):
            duplicate.full_clean()


@pytest.mark.django_db
class TestReferenceData:
    def test_an_agreement_is_between_two_agencies(self):
        nasa = AgencyFactory(short_name="NASA")
        agreement = AgreementFactory.build(agency_a=nasa, agency_b=nasa)
        with pytest.raises(ValidationError) as exc:
            agreement.full_clean()
        assert exc.value.message_dict["agency_b"] == ["An agreement is between two different agencies."]

    def test_an_agreement_ends_after_it_starts(self):
        agreement = AgreementFactory.build(
            agency_a=AgencyFactory(),
            agency_b=AgencyFactory(),
            in_force_from=dt.date(2025, 1, 1),
            in_force_to=dt.date(2024, 1, 1),
        )
        with pytest.raises(ValidationError) as exc:
            agreement.full_clean()
        assert "in_force_to" in exc.value.message_dict

    def test_a_launch_site_needs_a_real_time_zone(self):
        site = LaunchSite(name="Baikonur", time_zone="Baikonur/Site31")
        with pytest.raises(ValidationError) as exc:
            site.full_clean()
        assert "is not an IANA time zone" in exc.value.message_dict["time_zone"][0]

    def test_agency_short_names_are_unique_whatever_the_case(self):
        AgencyFactory(short_name="NASA")
        with pytest.raises(ValidationError):
            Agency(short_name="nasa", name="Another").full_clean()

    def test_a_spacecraft_has_seats(self):
        craft = SpacecraftFactory.build(operator=AgencyFactory(), seat_count=0)
        with pytest.raises(ValidationError):
            craft.full_clean()

    def test_an_agreement_knows_its_directions(self):
        nasa, roscosmos = AgencyFactory(short_name="NASA"), AgencyFactory(short_name="Roscosmos")
        agreement = AgreementFactory(agency_a=nasa, agency_b=roscosmos, seats_a_on_b=3, seats_b_on_a=2)
        assert agreement.seats_for(nasa.pk, roscosmos.pk) == 3
        assert agreement.seats_for(roscosmos.pk, nasa.pk) == 2
        assert agreement.seats_for(nasa.pk, nasa.pk) is None
        assert agreement.in_force_on(dt.date(2020, 1, 1)) and not agreement.in_force_on(dt.date(2019, 12, 31))


@pytest.mark.django_db
def test_reference_data_in_use_cannot_be_deleted(world):
    ms22, _ = world.flown_rubio()
    for obj in (world.roscosmos, world.soyuz, world.baikonur, world.iss, ms22, world.integrated):
        with pytest.raises(ProtectedError), transaction.atomic():
            obj.delete()
    assert Agreement.objects.filter(pk=world.integrated.pk).exists()
