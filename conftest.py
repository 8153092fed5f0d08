"""Fixtures shared by every app's tests: personas and a small integrated-crew world."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from crews.tests.world import World


@pytest.fixture
def steward(db):
    """A data steward: superuser of the admin desk."""
    return get_user_model().objects.create_superuser("steward", "steward@example.org", "pw-steward-1")


@pytest.fixture
def steward_client(steward):
    client = Client()
    client.force_login(steward)
    return client


@pytest.fixture
def world(db) -> World:
    return World.build()


@pytest.fixture
def viewer(db):
    """A logged-in user with no special rights: reads every page, changes nothing."""
    return get_user_model().objects.create_user("viewer", password="pw-viewer-1")


@pytest.fixture
def viewer_client(viewer):
    client = Client()
    client.force_login(viewer)
    return client
