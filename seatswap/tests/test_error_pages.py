"""The error pages (400, 403, 404, 500, 503): the site's look, the reason in words, nothing leaked.

And the database down: a 503 page with Retry-After, no trace, logged once per outage,
over as soon as the database answers again.
"""

import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.backends.base.base import BaseDatabaseWrapper
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from crews.tests.helpers import text
from seatswap import errors
from seatswap import outage as outage_state

SIX_MB = 6 * 1024 * 1024
LOGIN = reverse("login")
#: What would tell an outsider how seatswap is built or where it runs.
LEAKS = (
    "Traceback",
    "OperationalError",
    "RuntimeError",
    "secret-detail",
    "/work/",
    "site-packages",
    "SECRET_KEY",
)


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    outage_state.reset()
    yield
    outage_state.reset()


def assert_error_page(response, status: int, *phrases: str) -> str:
    """The response is the site's error page with this status, saying these things and leaking nothing."""
    assert response.status_code == status
    html = text(response)
    assert '<a class="navbar-brand fw-semibold" href="/">Seatswap</a>' in html
    assert "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert f"Error {status}" in html and f"(error {status}) · Seatswap</title>" in html
    for phrase in phrases:
        assert phrase in html
    for leak in LEAKS:
        assert leak not in html
    return html


# --- 404 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/no/such/address/", "/missions/no-such-mission-xq/", "/crews/nobody-xq/"])
def test_an_unknown_address_gets_the_404_page(planner_client, world, path):
    html = assert_error_page(planner_client.get(path), 404, "Page not found")
    assert "xq" not in html and "address" in html  # the address asked for is not echoed
    assert "No Mission matches" not in html and "No CrewMember matches" not in html


def test_an_unknown_address_gets_the_404_page_before_logging_in(client, db):
    assert_error_page(client.get("/no/such/address/"), 404, "Page not found")


# --- 403 ------------------------------------------------------------------------------------------


def test_a_viewer_posting_a_planner_form_gets_the_403_page(viewer_client, world):
    response = viewer_client.post(reverse("pages:mission_create"), {"name": "Soyuz MS-99"})
    assert_error_page(response, 403, "You are not allowed to do this", "Nothing was changed")


def test_a_planner_on_the_record_page_gets_the_403_page(planner_client, world):
    assert_error_page(
        planner_client.get(reverse("pages:reconciliation")), 403, "You are not allowed to do this"
    )


def test_a_form_without_its_csrf_token_gets_the_403_page_saying_what_to_do(planner, world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(planner)
    response = client.post(reverse("pages:mission_create"), {"name": "Soyuz MS-99"})
    html = assert_error_page(response, 403, "it has expired", "reload the page and send the form again")
    assert "CSRF cookie not set" not in html


# --- 400 ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("enforce_csrf", [True, False], ids=["read-by-csrf-check", "read-by-view"])
def test_a_too_large_body_gets_the_400_page_with_the_reason(db, enforce_csrf):
    client = Client(enforce_csrf_checks=enforce_csrf)
    client.cookies["csrftoken"] = "a" * 32  # a browser that has seen a form: the check reads the body
    body = "username=" + "x" * SIX_MB
    response = client.post(LOGIN, body, content_type="application/x-www-form-urlencoded")
    assert_error_page(response, 400, "The form sent was too large (over 5 MB).", "nothing was saved")


def test_too_many_fields_get_the_400_page_with_the_reason(db):
    body = "&".join(f"f{i}=1" for i in range(2000))
    response = Client().post(LOGIN, body, content_type="application/x-www-form-urlencoded")
    assert_error_page(response, 400, "The form sent had too many fields (over 1000).")


def test_the_limit_named_is_the_configured_one(db, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1536 * 1024
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = Client().post(LOGIN, "u=" + "x" * SIX_MB, content_type="application/x-www-form-urlencoded")
    assert "too large (over 1.5 MB)" in text(response)
    response = Client().post(LOGIN, "&".join(["a=1"] * 11), content_type="application/x-www-form-urlencoded")
    assert "too many fields (over 10)" in text(response)


def test_another_bad_request_gets_the_generic_400_page(db):
    response = Client().get(LOGIN, HTTP_HOST="evil-xq.example")
    html = assert_error_page(response, 400, "could not understand the request")
    assert "evil-xq" not in html and "too large" not in html


@pytest.mark.parametrize(
    "size, words", [(5 * 1024 * 1024, "5 MB"), (1536 * 1024, "1.5 MB"), (2048, "2 KB"), (100, "100 bytes")]
)
def test_sizes_in_words(size, words):
    assert errors.size_in_words(size) == words


# --- 500 ------------------------------------------------------------------------------------------


def test_an_unexpected_error_gets_the_500_page_without_a_trace(planner, world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret-detail in /work/seatswap/settings.py")

    monkeypatch.setattr("crews.views.rosters.missions_for_list", broken)
    client = Client(raise_request_exception=False)
    client.force_login(planner)
    response = client.get(reverse("pages:mission_list"))
    assert_error_page(response, 500, "Something went wrong on our side")
    assert "Retry-After" not in response


# --- the database down ------------------------------------------------------------------------------


def database_down(self):
    """What a connection attempt does when the server is gone: the driver's error, wrapped by Django."""
    with self.wrap_database_errors:
        raise self.Database.OperationalError("connection to 127.0.0.1 refused: secret-detail")


@pytest.fixture
def outage(monkeypatch):
    """Switch the database off and on again (every query fails at the connection while off)."""

    class Switch:
        def off(self):
            monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", database_down)

        def on(self):
            monkeypatch.undo()

    switch = Switch()
    yield switch
    switch.on()


def outage_lines(caplog, level=logging.ERROR):
    return [r for r in caplog.records if r.name == "seatswap.outage" and r.levelno == level]


def django_errors(caplog):
    """Django's own per-request error lines ("Service Unavailable: /path", with a traceback)."""
    return [r for r in caplog.records if r.name.startswith("django") and r.levelno >= logging.ERROR]


def assert_unavailable(response):
    assert_error_page(response, 503, "Seatswap is temporarily unavailable", "Try again in 30 seconds")
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_the_database_down_gets_the_503_page_logged_once_per_outage(planner, world, outage, caplog):
    """The session and the user are loaded in middleware: the outage shows there first."""
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    client.force_login(planner)
    outage.off()
    for _ in range(4):
        assert_unavailable(client.get(reverse("pages:mission_list")))
    assert len(outage_lines(caplog)) == 1
    assert "Database unavailable" in outage_lines(caplog)[0].getMessage()
    assert not django_errors(caplog)

    outage.on()
    response = client.get(reverse("pages:mission_list"))
    assert response.status_code == 200 and "Soyuz" in text(response)
    assert len(outage_lines(caplog, logging.WARNING)) == 1  # "answering again"

    outage.off()
    assert_unavailable(client.get(reverse("pages:crew_list")))
    assert_unavailable(client.get(reverse("pages:crew_list")))
    assert len(outage_lines(caplog)) == 2  # a new outage is logged again, once


def test_the_database_down_in_a_view_gets_the_503_page(planner, world, outage, caplog):
    """Logging in queries the users table in the view itself (no session yet)."""
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    outage.off()
    for _ in range(3):
        assert_unavailable(client.post(LOGIN, {"username": "ana", "password": "pw-ana-1"}))
    assert len(outage_lines(caplog)) == 1
    assert not django_errors(caplog)
    outage.on()
    response = client.post(LOGIN, {"username": "ana", "password": "pw-ana-1"})
    assert response.status_code == 302 and response["Location"] == reverse("pages:mission_list")


def test_a_page_that_needs_no_database_does_not_end_the_outage(world, outage, caplog):
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    outage.off()
    assert_unavailable(client.post(LOGIN, {"username": "ana", "password": "x"}))
    assert client.get(LOGIN).status_code == 200  # the login form renders without the database
    assert_unavailable(client.post(LOGIN, {"username": "ana", "password": "x"}))
    assert len(outage_lines(caplog)) == 1 and not outage_lines(caplog, logging.WARNING)


@pytest.mark.parametrize("template", ["400.html", "403.html", "404.html", "500.html", "503.html"])
def test_every_error_page_renders_with_the_database_down(db, outage, template):
    outage.off()  # any query would raise
    html = render_to_string(template, {"reason": "r", "retry_after": 30})
    assert "Seatswap" in html and "bootstrap.min.css" in html


def test_the_500_handler_renders_with_the_database_down(rf, db, outage):
    outage.off()
    request = rf.get("/")
    request.user = AnonymousUser()
    try:
        raise RuntimeError("secret-detail")
    except RuntimeError:
        response = errors.server_error(request)
    assert_error_page(response, 500, "Something went wrong on our side")
