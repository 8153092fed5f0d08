"""Fixtures shared by every app's tests: personas and a small integrated-crew world."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from crews.tests.world import World


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _member_of(group: str, username: str):
    user = get_user_model().objects.create_user(username, password=f"pw-{username}-1")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def steward(db):
    """A data steward: superuser of the admin desk."""
    return get_user_model().objects.create_superuser("steward", "steward@example.org", "pw-steward-1")


@pytest.fixture
def steward_client(steward):
    return _logged_in(steward)


@pytest.fixture
def world(db) -> World:
    return World.build()


@pytest.fixture
def planner(db):
    """A planner (Ana, in the Planners group): plans missions and seats, uploads rosters; not a steward."""
    return _member_of("Planners", "ana")


@pytest.fixture
def planner_client(planner):
    return _logged_in(planner)


@pytest.fixture
def data_steward(db):
    """A data steward (Dora, in the Data stewards group): a planner who may also correct the record."""
    return _member_of("Data stewards", "dora")


@pytest.fixture
def data_steward_client(data_steward):
    return _logged_in(data_steward)


@pytest.fixture
def viewer(db):
    """A viewer (in the Viewers group): reads every page, changes nothing."""
    return _member_of("Viewers", "viewer")


@pytest.fixture
def viewer_client(viewer):
    return _logged_in(viewer)
