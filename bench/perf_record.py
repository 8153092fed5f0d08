"""The project's performance record (`make bench`): every page at 1×, 10× and 100× the demo (1000× with
`--huge`), as queries, median server time and the ratio to the floor measured in the same run; the pages
under load (gunicorn and wrk, at the load size); the all-launches export beside PostgreSQL's COPY; the import;
the planning assistant at ISS scale (`planning_bench.py`). Writes `bench/results.md`, committed so that a change's effect shows in review.

Each size is measured in a child process (`perf_measure.py`) against a database of its own: a throwaway
PostgreSQL database on BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432, the production
database), or, when PostgreSQL does not answer, a throwaway SQLite file (and no COPY).

    python bench/perf_record.py [--huge] [--sizes 1,10,100] [--load-size 100] [--out bench/results.md]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from planning_bench import measure as measure_planning
from report import write_results

BENCH = Path(__file__).resolve().parent
ADMIN_URL = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def _postgres(sql: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{ADMIN_URL}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)
        return True
    except psycopg.OperationalError:
        return False


def _database(scale: int) -> tuple[str, callable]:
    """The DATABASE_URL for one size, and what removes it after."""
    name = f"seatswap_bench_{scale}x_{os.getpid()}"
    if _postgres(f'CREATE DATABASE "{name}"'):
        return f"{ADMIN_URL}/{name}", lambda: _postgres(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    folder = tempfile.mkdtemp(prefix="seatswap-bench-")
    return f"sqlite:///{folder}/bench.sqlite3", lambda: None


def measure(scale: int, with_load: bool) -> dict:
    url, drop = _database(scale)
    print(f"-- {scale}×: building and measuring ({url.rsplit('/', 1)[0]}/…)", flush=True)
    try:
        command = [sys.executable, str(BENCH / "perf_measure.py"), str(scale)] + (
            ["--load"] if with_load else []
        )
        done = subprocess.run(
            command, env={**os.environ, "DATABASE_URL": url}, capture_output=True, text=True, cwd=BENCH.parent
        )
        if done.returncode:
            sys.stderr.write(done.stderr)
            raise SystemExit(f"{scale}×: the measurement failed (above)")
        return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        drop()


def collect_static() -> None:
    """The production stack serves hashed static files (whitenoise's manifest): collect them once, for every size."""
    os.environ["STATIC_ROOT"] = tempfile.mkdtemp(prefix="seatswap-bench-static-")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings", "DEBUG": "0", "SECRET_KEY": "bench-only"}
    env["PYTHONPATH"] = str(BENCH)
    manage = [
        sys.executable,
        str(BENCH.parent / "manage.py"),
        "collectstatic",
        "--noinput",
        "--verbosity",
        "0",
    ]
    subprocess.run(manage, env=env, check=True, cwd=BENCH.parent)


def machine() -> dict:
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--huge", action="store_true", help="also 1000× (several minutes more)")
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated multiples of the demo")
    parser.add_argument("--load-size", type=int, default=100, help="the size measured under load (0: none)")
    parser.add_argument("--out", default=str(BENCH / "results.md"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")] + ([1000] if args.huge else [])
    collect_static()
    runs = [measure(scale, scale == args.load_size) for scale in sizes]
    print("-- the planning assistant at ISS scale", flush=True)
    text = write_results(runs, machine(), measure_planning([1, 2, 3]))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
