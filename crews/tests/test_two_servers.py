"""Two app servers, one PostgreSQL (issue 11 #12): the app keeps no state outside the database, so a session
opened on one server works on the other, and an upload previewed on one is confirmed on the other.

Real processes (`manage.py runserver`) on loopback, against the test database; PostgreSQL only (the SQLite
test database lives in this process's memory).
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from crews.tests.helpers import HEADER
from missions.models import Mission

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: two processes, one database"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "ALLOWED_HOSTS": "127.0.0.1"}
    return subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _wait(port: int) -> None:
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    raise AssertionError(f"the server on port {port} did not start")


class Browser:
    """One user's cookies, sent to whichever server is asked."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, url: str) -> str:
        return self.opener.open(url, timeout=10).read().decode()

    def post(self, url: str, body: bytes, content_type: str) -> tuple[int, str]:
        request = urllib.request.Request(url, data=body, method="POST", headers={
            "Content-Type": content_type, "X-CSRFToken": self.csrf(), "Referer": url})  # fmt: skip
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:  # say what the server said
            raise AssertionError(f"{error.code} from {url}: {error.read().decode()[:2000]}") from None
        return response.status, response.read().decode()


def _form(fields: dict) -> tuple[bytes, str]:
    return urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"


def _multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]  # fmt: skip
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 "Content-Type: text/csv\r\n\r\n".encode() + content + b"\r\n")  # fmt: skip
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def test_a_session_and_an_upload_confirmation_cross_servers(world):
    # A steward (another transactional test's flush may have emptied the groups the migrations made).
    get_user_model().objects.create_superuser("ana2", password="pw-ana-two-1")
    ports = [_free_port(), _free_port()]
    servers = [_serve(port) for port in ports]
    try:
        for port in ports:
            _wait(port)
        a, b = (f"http://127.0.0.1:{port}" for port in ports)
        browser = Browser()
        browser.get(f"{a}/accounts/login/")
        status, _ = browser.post(f"{a}/accounts/login/", *_form(
            {"username": "ana2", "password": "pw-ana-two-1", "csrfmiddlewaretoken": browser.csrf()}))  # fmt: skip
        assert status == 200
        assert "ana2" in browser.get(f"{b}/missions/")  # the session opened on A, read by B

        roster = (HEADER + "\r\nSoyuz MS-90,planned,Soyuz MS,,Roscosmos,Baikonur Cosmodrome Site 31,ISS,"
                  "2031-03-01,2031-09-01,ascent,1,commander,Sergey Prokopyev,Roscosmos,Russia,\r\n")  # fmt: skip
        status, preview = browser.post(f"{a}/rosters/upload/", *_multipart(
            {"csrfmiddlewaretoken": browser.csrf()}, "roster.csv", roster.encode()))  # fmt: skip
        payload = re.search(r'name="payload" value="([^"]+)"', preview).group(1)
        status, _ = browser.post(f"{b}/rosters/upload/", *_form(
            {"payload": payload, "csrfmiddlewaretoken": browser.csrf()}))  # fmt: skip
        assert status == 200
        assert Mission.objects.filter(name="Soyuz MS-90").exists()  # previewed on A, imported by B
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
