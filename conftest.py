"""Fixtures shared by every app's tests: personas and a small integrated-crew world."""

import pytest
from django.contrib.auth import get_user_model

from crews.tests.world import World


@pytest.fixture
def steward(db):
    """A data steward: superuser of the admin desk."""
    return get_user_model().objects.create_superuser("steward", "steward@example.org", "pw-steward-1")


@pytest.fixture
def steward_client(client, steward):
    client.force_login(steward)
    return client


@pytest.fixture
def world(db) -> World:
    return World.build()
