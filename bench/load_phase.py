"""The pages under load: gunicorn (the production server, 2 workers) on loopback, against the database the
caller has built, and `wrk` (Debian's package: a bounded client, fixed connections for a fixed time).

Each address gets a short warm-up, then `DURATION` seconds with `CONNECTIONS` connections; req/s and the
latency percentiles are read from wrk's report. Only 127.0.0.1 is ever a target.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
WORKERS, CONNECTIONS, THREADS = 2, 16, 2
DURATION = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))
TARGETS = [
    ("floor", "/bench/floor/"),
    ("a roster (Soyuz MS-22)", "/missions/soyuz-ms-22/"),
    ("/missions/", "/missions/"),
    ("/stations/iss/", "/stations/iss/"),
]
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_up(base: str, cookie: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped before serving")
        try:
            request = urllib.request.Request(base + TARGETS[0][1], headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(report: str) -> dict:
    """Requests/s, p50 and p99 (ms), and the errors wrk counted, from `wrk --latency`'s report."""
    percent = dict(re.findall(r"^\s+(50|99)(?:\.0+)?%\s+(\S+)\s*$", report, re.M))
    if set(percent) != {"50", "99"}:
        raise RuntimeError(f"wrk's report has no latency distribution:\n{report}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    failed = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1)),
        "p50_ms": _ms(percent["50"]),
        "p99_ms": _ms(percent["99"]),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": sum(int(n) for n in failed.groups()) if failed else 0,
    }


def _wrk(url: str, cookie: str, seconds: int) -> str:
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "--timeout", "30s"]
    command += ["-H", f"Cookie: {cookie}", url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def load_phase(session_key: str) -> dict:
    """gunicorn on a free loopback port, each target warmed then loaded; returns wrk's figures per target."""
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (Debian: apt-get install -y wrk)"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings", "PYTHONPATH": str(BENCH)}
    command = [
        sys.executable, "-m", "gunicorn", "seatswap.wsgi:application", "--chdir", str(BENCH.parent),
        "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--access-logfile", "/dev/null",
        "--error-logfile", "-", "--log-level", "warning", "--timeout", "60",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, start_new_session=True)
    cookie = f"sessionid={session_key}"
    try:
        _wait_until_up(base, cookie, process)
        results = {}
        for label, path in TARGETS:
            _wrk(base + path, cookie, 2)  # warm every worker
            results[label] = parse_wrk(_wrk(base + path, cookie, DURATION))
        return {
            "workers": WORKERS,
            "connections": CONNECTIONS,
            "seconds": DURATION,
            "targets": results,
        }
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
