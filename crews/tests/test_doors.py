"""Issue 11, doors: login throttling, Content Security Policy, private caching, password reset."""

import logging
import re
import runpy
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.http import HttpResponse
from django.test import Client, RequestFactory, override_settings

from seatswap.middleware import DoorsMiddleware

ROOT = Path(__file__).resolve().parents[2]
LOGIN = "/accounts/login/"
LOCKED = "Too many failed log-ins"


@pytest.fixture
def pilot(db):
    return get_user_model().objects.create_user("pilot", "pilot@example.org", "right-pw-pilot-1")


@pytest.fixture
def navigator(db):
    return get_user_model().objects.create_user("navigator", "nav@example.org", "right-pw-nav-1")


def log_in(client, username, password, **extra):
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail_until_locked(client, username="pilot", **extra):
    from django.conf import settings

    return [log_in(client, username, "wrong", **extra) for _ in range(settings.AXES_FAILURE_LIMIT)]


# --- #8 login throttling -------------------------------------------------------------------------


def test_after_n_wrong_passwords_the_right_one_is_refused_with_the_lockout_page(pilot, caplog, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    client = Client()
    with caplog.at_level(logging.WARNING, logger="axes"):
        responses = fail_until_locked(client)
    assert [r.status_code for r in responses[:-1]] == [200] * 4  # the form, with its error
    failures = [
        r for r in caplog.records if r.name.startswith("axes") and "login failure by" in r.getMessage()
    ]
    assert len(failures) == 5  # every failure logged

    response = log_in(client, "pilot", "right-pw-pilot-1")
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert LOCKED in page and "“pilot”" in page
    assert "Try again in 15 minutes" in page
    assert 'class="navbar-brand' in page  # the site's layout, not a bare error
    assert response["Retry-After"] == "900"


def test_below_the_limit_the_right_password_still_works(pilot):
    client = Client()
    for _ in range(4):
        log_in(client, "pilot", "wrong")
    assert log_in(client, "pilot", "right-pw-pilot-1").status_code == 302
    assert logged_in(client)


def test_the_lock_is_per_username_and_client(pilot, navigator):
    fail_until_locked(Client())
    other_user = Client()
    assert log_in(other_user, "navigator", "right-pw-nav-1").status_code == 302
    assert logged_in(other_user)
    same_user_elsewhere = Client(REMOTE_ADDR="10.9.8.7")
    assert log_in(same_user_elsewhere, "pilot", "right-pw-pilot-1").status_code == 302
    assert logged_in(same_user_elsewhere)


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(pilot, settings):
    assert settings.TRUSTED_PROXY_COUNT == 0
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "pilot", "wrong", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = log_in(client, "pilot", "right-pw-pilot-1", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not logged_in(client)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_configured_proxy_the_forwarded_client_is_the_client(pilot):
    proxy = Client()  # every request arrives from the proxy, 127.0.0.1
    fail_until_locked(proxy, HTTP_X_FORWARDED_FOR="203.0.113.5")
    # What the client wrote itself (left of what the proxy appended) does not help it escape.
    locked = log_in(proxy, "pilot", "right-pw-pilot-1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5")
    assert locked.status_code == 429
    other = log_in(Client(), "pilot", "right-pw-pilot-1", HTTP_X_FORWARDED_FOR="198.51.100.77")
    assert other.status_code == 302


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (0, "198.51.100.7", "127.0.0.1"),
        (1, "198.51.100.7", "198.51.100.7"),
        (1, "6.6.6.6, 198.51.100.7", "198.51.100.7"),
        (2, "6.6.6.6, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        (2, "198.51.100.7", "127.0.0.1"),  # fewer hops than proxies: not believed
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_the_client_address(count, forwarded, expected, settings):
    from seatswap.proxies import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == expected


def test_gunicorn_trusts_forwarded_headers_only_under_the_same_setting(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXY_COUNT", raising=False)
    monkeypatch.delenv("FORWARDED_ALLOW_IPS", raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"] == ""
    monkeypatch.setenv("TRUSTED_PROXY_COUNT", "1")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"] == "127.0.0.1,::1"
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "10.0.0.2")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["forwarded_allow_ips"] == "10.0.0.2"


# --- #9 Content Security Policy, Permissions-Policy, Cache-Control -----------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)


def assert_no_inline_script_or_style(url, html):
    assert not INLINE_SCRIPT.search(html), f"inline <script> on {url}: {INLINE_SCRIPT.search(html)[0]}"
    assert not STYLE_ATTRIBUTE.search(html), f"style= on {url}: {STYLE_ATTRIBUTE.search(html)[0]}"
    assert not STYLE_ELEMENT.search(html), f"<style> on {url}"


def test_the_inline_checks_catch_what_they_look_for():
    for html in ("<script>alert(1)</script>", '<p style="color:red">', "<style>p{}</style>"):
        with pytest.raises(AssertionError):
            assert_no_inline_script_or_style("/", html)
    assert_no_inline_script_or_style("/", '<script src="/static/x.js"></script><p class="x">')


def test_key_pages_have_no_inline_script_or_style(world, steward_client, pilot):
    ms22, _ = world.flown_rubio()
    urls = [
        "/missions/",
        ms22.get_absolute_url(),
        "/crews/",
        world.rubio.get_absolute_url(),
        "/stations/",
        "/stations/iss/",
        "/agreements/",
        "/record/",
        "/rosters/upload/",
        "/missions/new/",
    ]
    for url in urls:
        response = steward_client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_script_or_style(url, response.content.decode())
    anonymous = Client()
    login = anonymous.get(LOGIN)
    assert_no_inline_script_or_style(LOGIN, login.content.decode())
    locked = fail_until_locked(anonymous)[-1]
    assert locked.status_code == 429
    assert_no_inline_script_or_style("lockout page", locked.content.decode())
    with override_settings(MAIL_CONFIGURED=True):
        reset = Client().get("/accounts/password_reset/")
        assert_no_inline_script_or_style("password reset", reset.content.decode())


def test_the_policy_is_on_pages_and_on_the_admin(steward_client):
    for url in ("/missions/", "/admin/", "/admin/crews/seatassignment/", LOGIN):
        response = steward_client.get(url) if url != LOGIN else Client().get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "form-action 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "camera=()" in response["Permissions-Policy"]
        assert "microphone=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]
        assert "payment=()" in response["Permissions-Policy"]


def test_private_pages_and_exports_are_not_stored_but_anonymous_responses_may_be(world, viewer_client):
    world.flown_rubio()
    page = viewer_client.get("/missions/")
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    export = viewer_client.get("/missions/roster.csv")
    assert export.status_code == 200
    assert "no-store" in export["Cache-Control"] and "private" in export["Cache-Control"]
    # Anonymous: the way to the login page is not marked. (Django's own LoginView sends
    # never_cache on the login form, which carries a CSRF token: that stays.)
    anonymous = Client().get("/missions/")
    assert anonymous.status_code == 302
    assert "Cache-Control" not in anonymous


def test_an_export_is_not_stored_even_without_a_session_and_a_views_own_choice_stands():
    from django.contrib.auth.models import AnonymousUser

    def request():
        req = RequestFactory().get("/x")
        req.user = AnonymousUser()
        return req

    csv = DoorsMiddleware(lambda r: HttpResponse("a,b\n", content_type="text/csv"))(request())
    assert "no-store" in csv["Cache-Control"]
    attachment = HttpResponse("x")
    attachment["Content-Disposition"] = 'attachment; filename="x.txt"'
    assert "no-store" in DoorsMiddleware(lambda r: attachment)(request())["Cache-Control"]
    chosen = HttpResponse("a,b\n", content_type="text/csv")
    chosen["Cache-Control"] = "max-age=60"
    assert DoorsMiddleware(lambda r: chosen)(request())["Cache-Control"] == "max-age=60"


# --- #10 password reset only with mail --------------------------------------------------------------

RESET_URLS = ("/accounts/password_reset/", "/accounts/password_reset/done/", "/accounts/reset/done/")


def test_without_mail_password_reset_is_hidden(pilot, settings):
    assert settings.MAIL_CONFIGURED is False  # the test settings: production, no EMAIL_HOST
    client = Client()
    for url in (*RESET_URLS, "/accounts/reset/MQ/set-password/"):
        assert client.get(url).status_code == 404, url
    assert client.post("/accounts/password_reset/", {"email": "pilot@example.org"}).status_code == 404
    assert "password_reset" not in client.get(LOGIN).content.decode()
    assert len(mail.outbox) == 0


@override_settings(MAIL_CONFIGURED=True)
def test_with_mail_password_reset_sends_the_link(pilot):
    client = Client()
    login_page = client.get(LOGIN).content.decode()
    assert 'href="/accounts/password_reset/"' in login_page
    response = client.post("/accounts/password_reset/", {"email": "pilot@example.org"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password_reset/done/"
    assert client.get(response["Location"]).status_code == 200
    assert len(mail.outbox) == 1
    link = re.search(r"https?://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
    confirm = client.get(link, follow=True)
    assert confirm.status_code == 200 and "Choose a new password" in confirm.content.decode()


def test_mail_settings_come_from_the_environment():
    import os
    import subprocess
    import sys

    base = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_SETTINGS"))}
    base |= {"DEBUG": "0", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "seatswap.example.org"}
    show = "from django.conf import settings as s; print(s.MAIL_CONFIGURED, s.EMAIL_BACKEND, s.EMAIL_HOST)"

    def shown(**env):
        result = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", show],
            cwd=ROOT,
            env={**base, **env},
            capture_output=True,
            text=True,
            timeout=60,
        )
        return result.stdout.strip().splitlines()[-1]

    assert shown().startswith("False ")
    assert shown(EMAIL_HOST="smtp.example.org") == (
        "True django.core.mail.backends.smtp.EmailBackend smtp.example.org"
    )
    assert shown(DEBUG="1") == "True django.core.mail.backends.console.EmailBackend"
