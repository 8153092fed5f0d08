"""Benchmark: the all-launches CSV export at two sizes (time, queries, peak memory while writing and sending).

Run with `make bench`. Uses a throwaway SQLite file unless DATABASE_URL is set (then
that database must be empty: the benchmark writes rows and removes them after).
"""

import datetime as dt
import time
import tracemalloc

import setup_django  # noqa: F401  (first: the project and Django)

# isort: split
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from crews.models import CrewMember, SeatAssignment
from crews.views.rosters import roster_csv
from missions.models import Agency, LaunchSite, Mission, Spacecraft


def populate(missions: int) -> None:
    SeatAssignment.objects.all().delete()
    Mission.objects.all().delete()
    CrewMember.objects.all().delete()
    agency, _ = Agency.objects.get_or_create(short_name="BENCH", defaults={"name": "Bench agency"})
    craft, _ = Spacecraft.objects.get_or_create(
        name="Bench capsule", defaults={"operator": agency, "seat_count": 4}
    )
    site, _ = LaunchSite.objects.get_or_create(name="Bench pad")
    people = CrewMember.objects.bulk_create(
        [CrewMember(name=f"Crew {i}", slug=f"crew-{i}", agency=agency) for i in range(missions * 4)]
    )
    rows = Mission.objects.bulk_create(
        [
            Mission(
                name=f"Bench {i}", slug=f"bench-{i}", spacecraft=craft, launch_site=site, status="landed",
                launch_date=dt.date(2000, 1, 1) + dt.timedelta(days=i), launch_time=dt.time(12, 0),
                landing_date=dt.date(2000, 1, 1) + dt.timedelta(days=i + 1),
            )
            for i in range(missions)
        ]
    )  # fmt: skip
    SeatAssignment.objects.bulk_create(
        [
            SeatAssignment(
                mission=m, leg=leg, seat=s + 1, role="flight_engineer", crew_member=people[i * 4 + s]
            )
            for i, m in enumerate(rows)
            for s in range(4)
            for leg in ("ascent", "return")
        ]
    )


def _stream(request) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = roster_csv(request)
        size = lines = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")  # a CRLF may straddle two chunks: count the LFs
    return lines - 1, size, len(ctx.captured_queries)


def measure(missions: int) -> dict:
    populate(missions)
    request = RequestFactory().get("/missions/roster.csv")
    request.user = get_user_model()(username="bench", is_superuser=True)
    started = time.perf_counter()
    rows, size, queries = _stream(request)
    elapsed = time.perf_counter() - started
    tracemalloc.start()  # a second pass, for memory only (tracing slows Python down)
    _stream(request)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "bytes": size, "seconds": elapsed, "queries": queries, "peak_kib": peak // 1024}


def main() -> None:
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    print(f"{'rows':>8} {'MB':>6} {'seconds':>8} {'rows/s':>8} {'queries':>7} {'peak KiB':>9}")
    for missions in (250, 2500):
        r = measure(missions)
        print(
            f"{r['rows']:>8} {r['bytes'] / 1e6:>6.2f} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>8.0f} "
            f"{r['queries']:>7} {r['peak_kib']:>9}"
        )
    populate(0)


if __name__ == "__main__":
    main()
