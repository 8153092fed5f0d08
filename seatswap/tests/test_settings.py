"""Configuration from the environment: safe production defaults, and SQLite writers that wait."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-for-this-test-only-0123456789abcdef",
    "ALLOWED_HOSTS": "seatswap.example.org",
}


def manage(*args: str, env: dict, timeout: int = 60) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = manage("check", env={"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_command_run_by_hand_without_debug_says_what_to_set_without_a_traceback():
    """README's manage.py commands outside `make run`: one line saying what to set, not a page of traceback."""
    result = manage("import_roster", "--help", env={})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "DEBUG=1 python manage.py" in result.stderr


def test_make_run_serves_on_the_port_asked_for_and_prints_that_address():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8001"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    commands = result.stdout
    assert "PORT=8001 sh scripts/run-dev.sh" in commands  # which serves on 127.0.0.1:$PORT (below)
    assert "demo_login --url http://127.0.0.1:8001/" in commands
    assert ":8000" not in commands


def _ours(marker: str) -> list[int]:
    """The processes whose environment holds `marker` (this test's database)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:  # gone meanwhile, or not ours to read
                continue
    return found


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_run_serves_with_the_worker_beside_it_and_ctrl_c_stops_both(tmp_path):
    """`make run`'s last step (scripts/run-dev.sh): the server answers on the port asked for, the background
    worker runs beside it, and Ctrl-C (SIGINT to the terminal's process group) stops both, reloader included."""
    import signal
    import urllib.request

    database = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env = {"DEBUG": "1", "DATABASE_URL": database}
    assert manage("migrate", "-v0", env=env).returncode == 0
    port = _free_port()
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE"}}
    script = subprocess.Popen(
        ["sh", "scripts/run-dev.sh"], cwd=ROOT, env={**clean, **env, "PYTHON": sys.executable, "PORT": str(port)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )  # fmt: skip
    try:
        status = None
        for _ in range(60):
            try:
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2).status
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200
        commands = [(Path("/proc") / str(pid) / "cmdline").read_bytes() for pid in _ours(database)]
        assert any(b"db_worker" in c for c in commands) and any(b"runserver" in c for c in commands)
        os.killpg(script.pid, signal.SIGINT)
        assert script.wait(timeout=30) == 130
        for _ in range(20):
            if not _ours(database):
                break
            time.sleep(0.5)
        assert _ours(database) == []
    finally:
        for pid in _ours(database):
            os.kill(pid, signal.SIGKILL)


def test_debug_is_off_unless_asked_for():
    result = manage("shell", "-c", "from django.conf import settings; print(settings.DEBUG)", env=PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "False", result.stderr


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deploy_checks_catch_debug_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "DEBUG": "1"})
    assert result.returncode != 0


def test_a_second_sqlite_writer_waits_for_the_first(tmp_path):
    """Two processes write to one SQLite file at once: the second waits; neither fails with 'database is locked'."""
    env = {"DEBUG": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    assert manage("migrate", "-v0", env=env).returncode == 0
    writer = textwrap.dedent(
        """
        import os, time
        from django.db import transaction
        from missions.models import Agency
        name = os.environ["WRITER"]
        with transaction.atomic():
            Agency.objects.create(short_name=name, name=name + " agency")
            time.sleep(float(os.environ["HOLD"]))
        """
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
    command = [sys.executable, "manage.py", "shell", "-c", writer]
    first = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**clean, **env, "WRITER": "FIRST", "HOLD": "3"},
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # the first holds its write transaction open now
    second = manage("shell", "-c", writer, env={**env, "WRITER": "SECOND", "HOLD": "0"})
    _out, err = first.communicate(timeout=60)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    count = manage(
        "shell", "-c", "from missions.models import Agency; print(Agency.objects.count())", env=env
    )
    assert count.stdout.strip().splitlines()[-1] == "2"


def test_the_cache_holds_many_pages_of_rows():
    """Kept list rows (crews.kept_rows) need far more than Django's default 300 entries: a page is 25."""
    from django.core.cache import caches

    cache = caches["default"]
    cache.clear()
    cache.set_many({f"row-{n}": "<tr></tr>" for n in range(1000)})
    assert len(cache.get_many([f"row-{n}" for n in range(1000)])) == 1000
    cache.clear()
