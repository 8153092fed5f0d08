"""Fixtures of the crews tests: the demo data, loaded once per module that asks for it (tests only read it)."""

import pytest

from crews.models import (
    Anomaly,
    CrewMember,
    OtherName,
    Qualification,
    RecordSource,
    SeatAssignment,
    SourceName,
)
from crews.tests.helpers import load_demo
from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_demo()
        yield
        wipe_domain_data()


def wipe_domain_data() -> None:
    """Remove what load_demo wrote (not the groups and permissions the migrations made)."""
    for model in (SeatAssignment, OtherName, Qualification, SourceName, Anomaly, RecordSource, CrewMember, Mission,
                  Agreement, Station, LaunchSite, Spacecraft, Agency):  # fmt: skip
        model.objects.all().delete()
        if hasattr(model, "history"):
            model.history.all().delete()


@pytest.fixture
def demo(demo_db, db):
    return None


@pytest.fixture(scope="module")
def record_db(django_db_setup, django_db_blocker):
    """The whole record (`load_record`: the demo, the Astronaut Database, the feed), once per module."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_record", verbosity=0)
        yield
        wipe_domain_data()


@pytest.fixture
def record(record_db, db):
    return None
