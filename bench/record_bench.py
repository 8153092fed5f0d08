"""Benchmark: loading the whole record (reference data and the 2022–2025 roster, the Astronaut Database, the
people-in-space feed) into an empty database, then again (nothing changes), and the pages over it.

Run with `make bench` (or `python bench/record_bench.py`). Uses a throwaway SQLite
file unless DATABASE_URL is set (then that database must be empty). Prints seconds
per step and, for each page, its queries and seconds.
"""

import time

import setup_django  # noqa: F401  (first: the project and Django)

# isort: split
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, setup_test_environment

from crews.demo.loader import demo_load
from crews.sources.astronaut_db import import_astronaut_db
from crews.sources.identity import confirm_from_file
from crews.sources.loading import refresh_statistics
from crews.sources.people_feed import import_people_feed

PAGES = [
    "/missions/", "/missions/?page=15", "/missions/sts-61-a/", "/crews/", "/crews/?page=10",
    "/crews/oleg-kononenko/", "/stations/iss/", "/stations/mir/", "/missions/roster.csv",
]  # fmt: skip


def timed(label: str, load) -> None:
    started = time.perf_counter()
    report = load()
    seconds = time.perf_counter() - started
    ok = report.roster.ok if hasattr(report, "roster") and report.roster is not None else True
    assert ok and getattr(report, "ok", True), getattr(report, "problems", None)
    summary = report.summary() if hasattr(report, "summary") else report.roster.summary()
    print(f"{label:<34} {seconds:7.2f} s  {summary}")
    return seconds


def confirmed(source: str, importer):
    """As `load_record` does: the maintainers' confirmed names, then the import."""
    confirm_from_file(source)
    return importer()


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    for round_ in ("first load", "again (no-op)"):
        print(f"-- {round_}")
        total_round = sum(
            timed(label, load)
            for label, load in (
                ("reference data and 2022–2025 roster", demo_load),
                ("Astronaut Database 1961–2019", lambda: confirmed("astronaut_db", import_astronaut_db)),
                ("people-in-space feed 2020–2026", lambda: confirmed("people_in_space", import_people_feed)),
            )
        )
        print(f"{'all three sources':<34} {total_round:7.2f} s")
        refresh_statistics()  # as load_record does
    setup_test_environment()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("bench-pages", password="bench-pw-1")
    client = Client()
    client.force_login(user)
    for page in PAGES:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(page)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            seconds = time.perf_counter() - started
        print(f"{page:<34} {seconds:7.3f} s  {len(queries):3d} queries  {len(body) / 1e3:8.1f} kB  "
              f"status {response.status_code}")  # fmt: skip


if __name__ == "__main__":
    main()
