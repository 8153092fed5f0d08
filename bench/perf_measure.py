"""One size of `perf_record`: build the synthetic record at N× in the database DATABASE_URL names (empty), then
measure the pages, the export beside `COPY`, the import and, when asked, the pages under load. Prints JSON.

Run by `perf_record.py` in a child process per size (each size gets a database of its own); by hand:
`DATABASE_URL=postgres://… python bench/perf_measure.py 100 [--load]`.
"""

from __future__ import annotations

import os
import sys

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-only-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LOG_LEVEL": "WARNING",
    }
)

import setup_django  # noqa: F401  (the project and Django)

# isort: split
import json
import re
import statistics
import time
import tracemalloc

import synthetic
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from load_phase import load_phase

FLOOR = "/bench/floor/"
#: A page measured as the first view after a change to the record: what is kept under the record's version
#: (list rows, filter menus, rule warnings, a station page: `crews.kept_rows`) is worked out again at each of its
#: requests.
AFTER_A_CHANGE = " after a change"
#: (label, address): what a planner opens most. The roster and the person are the demo's own.
PAGES = [
    ("floor (a view returning “ok”)", FLOOR),
    ("/missions/", "/missions/"),
    (f"/missions/{AFTER_A_CHANGE}", "/missions/"),
    ("/missions/ page 3", "/missions/?page=3"),
    ("/missions/ searched", "/missions/?q=soyuz"),
    ("/crews/", "/crews/"),
    (f"/crews/{AFTER_A_CHANGE}", "/crews/"),
    ("/crews/ by flights", "/crews/?sort=-flights"),
    ("/agreements/", "/agreements/"),
    (f"/agreements/{AFTER_A_CHANGE}", "/agreements/"),
    ("an agreement", "/agreements/nasa-roscosmos-integrated-crew-agreement/"),
    ("/stations/", "/stations/"),
    ("/stations/iss/ (default period)", "/stations/iss/"),
    (f"/stations/iss/ (default period){AFTER_A_CHANGE}", "/stations/iss/"),
    ("a roster (Soyuz MS-22)", "/missions/soyuz-ms-22/"),
    ("a person (Frank Rubio)", "/crews/frank-rubio/"),
    ("one roster as CSV", "/missions/soyuz-ms-22/roster.csv"),
]
#: Warm requests per page: this many, or fewer when a page is slow (at least `MIN_RUNS`, within `BUDGET_S`).
RUNS, MIN_RUNS, BUDGET_S = 30, 5, float(os.environ.get("BENCH_PAGE_BUDGET_S", "20"))
SVG = re.compile(rb"<svg\b.*?</svg>", re.S)


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure_page(client: Client, address: str, after_a_change: bool = False) -> dict:
    """Queries and median server time of warm requests (the first request, which warms caches, not counted).
    `after_a_change`: before each request the record gets a new version (`missions.versions.changed()`, outside
    the time measured), so nothing kept under the old one serves it: the first view after a planner's change."""
    from missions import versions

    def change() -> None:
        if after_a_change:
            versions.changed()  # outside a transaction: at once

    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    if after_a_change:
        client.get(address)  # the process's own warm-up (its compiled queries, templates)
    change()
    with connection.execute_wrapper(count):
        response = client.get(address)
        body = _body(response)
    assert response.status_code == 200, (address, response.status_code, body[:300])
    times: list[float] = []
    floor: list[float] = []
    started = time.perf_counter()
    while len(times) < RUNS and (len(times) < MIN_RUNS or time.perf_counter() - started < BUDGET_S):
        # The floor, then the page: each page's ratio is to the floor measured in the same seconds (this
        # machine's speed moves from minute to minute: the same page measured 3.3 and 5.3 ms in two runs).
        t0 = time.perf_counter()
        _body(client.get(FLOOR))
        floor.append(time.perf_counter() - t0)
        change()
        t0 = time.perf_counter()
        _body(client.get(address))
        times.append(time.perf_counter() - t0)
    svg = SVG.findall(body)
    return {
        "queries": len(queries),
        "median_ms": statistics.median(times) * 1000,
        "floor_ms": statistics.median(floor) * 1000,
        "runs": len(times),
        "kb": len(body) / 1000,
        "svg_kb": max((len(s) for s in svg), default=0) / 1000,
    }


def _export_rows(request) -> tuple[int, int]:
    from crews.views.rosters import roster_csv

    response = roster_csv(request)
    lines = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    return lines - 1, size


#: Passes of the export, and of COPY beside it: each figure is the median pass.
EXPORT_PASSES = 3


def measure_export(user) -> dict:
    """The all-launches export (the view, as the button calls it): rows/s (the median of `EXPORT_PASSES`), and
    the peak memory of a pass after those. Beside it, PostgreSQL's COPY of the export's own query, to the same
    rows, measured the same way."""
    request = RequestFactory().get("/missions/roster.csv")
    request.user = user
    passes = []
    for _ in range(EXPORT_PASSES):
        started = time.perf_counter()
        rows, size = _export_rows(request)
        passes.append(time.perf_counter() - started)
    seconds = statistics.median(passes)
    tracemalloc.start()
    _export_rows(request)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    result = {"rows": rows, "mb": size / 1e6, "rows_per_s": rows / seconds, "peak_kib": peak // 1024}
    if connection.vendor == "postgresql":
        result.update(copy_rows_per_s(rows))
    return result


def copy_rows_per_s(expected_rows: int) -> dict:
    """`COPY (the export's SQL for the seats, one row per line) TO STDOUT` on the same rows: what the database alone
    can produce."""
    from psycopg import ClientCursor

    from crews.roster_csv.export import export_queries
    from missions.models import Mission

    _launches, seats = export_queries(Mission.objects.all())  # one row per line of the file
    sql, params = seats.query.sql_with_params()
    connection.ensure_connection()
    raw = connection.connection
    statement = ClientCursor(raw).mogrify(sql, params)
    passes = []
    for _ in range(EXPORT_PASSES):
        started = time.perf_counter()
        copied = 0
        with raw.cursor() as cursor, cursor.copy(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                copied += bytes(block).count(b"\n")
        passes.append(time.perf_counter() - started)
        assert copied == expected_rows, (copied, expected_rows)
    return {"copy_rows_per_s": copied / statistics.median(passes)}


def measure_import() -> dict:
    """The roster import of 2,000 rows of planned missions (import_bench's file) into this record: rows/s."""
    from import_bench import roster

    from crews.roster_csv.importer import NameChoices, roster_import

    data = roster(2000)
    result = {}
    for label, dry_run in (("dry_run", True), ("import", False)):
        started = time.perf_counter()
        report = roster_import(data=data, dry_run=dry_run, names=NameChoices(all_new=True))
        assert report.ok, report.problems[:3]
        result[f"{label}_rows_per_s"] = 2000 / (time.perf_counter() - started)
    return result


def analyze() -> None:
    """Fresh planner statistics, as `load_record` leaves them after a load."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main(scale: int, with_load: bool) -> dict:
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    sizes = synthetic.build(scale)
    analyze()
    result = {"scale": scale, "sizes": sizes.__dict__, "build_s": time.perf_counter() - started}
    user = get_user_model().objects.create_superuser("bench", password="bench-pw-1")
    client = Client()
    client.force_login(user)
    result["pages"] = {
        label: measure_page(client, address, label.endswith(AFTER_A_CHANGE)) for label, address in PAGES
    }
    result["export"] = measure_export(user)
    if with_load:
        result["load"] = load_phase(client.cookies["sessionid"].value)
    result["import"] = measure_import()
    result["database"] = connection.vendor
    return result


if __name__ == "__main__":
    scale = int(sys.argv[1])
    print(json.dumps(main(scale, "--load" in sys.argv[2:])))
