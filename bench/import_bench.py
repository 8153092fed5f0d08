"""Benchmark: the roster import of a large file of planned missions (dry run, import, the same file again).

Run with `make bench` (or `python bench/import_bench.py ROWS ...`). Uses a throwaway
SQLite file unless DATABASE_URL is set (then that database must be empty: the
benchmark loads the demo reference data and writes rows). Prints seconds, rows/s
and the process's peak memory (resident set size) after each step.

The file: Soyuz missions (Roscosmos crews) and Crew Dragon missions (NASA crews)
alternating every 9 days from 2031, each with its crew's ascent and return rows;
120 people per agency, so that nobody is on two flights at once.
"""

import datetime as dt
import resource
import sys
import time

import setup_django  # noqa: F401  (first: the project and Django)

# isort: split
from django.core.management import call_command
from django.db import connection

from crews.roster_csv.columns import COLUMNS, OPTIONAL_COLUMNS
from crews.roster_csv.importer import NameChoices, roster_import

PEOPLE = 120
SHAPES = [
    ("Soyuz", "Soyuz MS", "Roscosmos", "Baikonur Cosmodrome Site 31", "Cosmonaut", "Russia", 3),
    ("Dragon", "Crew Dragon", "NASA", "Kennedy Space Center LC-39A", "Astronaut", "United States", 4),
]


def roster(rows: int, *, start: dt.date = dt.date(2031, 1, 1)) -> str:
    lines = [",".join(c for c in COLUMNS if c not in OPTIONAL_COLUMNS)]
    m = 0
    while len(lines) - 1 < rows:
        short, craft, agency, site, word, nation, seats = SHAPES[m % 2]
        launch = start + dt.timedelta(days=9 * m)
        landing = launch + dt.timedelta(days=180)
        mission = f"Bench {short} {m}"
        for leg in ("ascent", "return"):
            for seat in range(1, seats + 1):
                person = f"Bench {word} {((m // 2) * seats + seat) % PEOPLE}"
                role = "commander" if seat == 1 else "flight engineer"
                lines.append(
                    f"{mission},planned,{craft},,{agency},{site},ISS,{launch.isoformat()},"
                    f"{landing.isoformat()},{leg},{seat},{role},{person},{agency},{nation},"
                )
        m += 1
    return "\r\n".join(lines[: rows + 1]) + "\r\n"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def step(label: str, rows: int, **kwargs) -> None:
    started = time.perf_counter()
    # The sizes' people have names alike ("Bench1 Astronaut 5", "Bench0 Astronaut 5"): all are new people.
    report = roster_import(names=NameChoices(all_new=True), **kwargs)
    seconds = time.perf_counter() - started
    assert report.ok, report.problems[:5]
    print(f"{rows:>7} {label:<22} {seconds:8.2f} {rows / seconds:9.0f} {peak_mb():8.0f}  {report.summary()}")


def upload_page(limit_bytes: int) -> None:
    """The upload page with a file just under the size limit: the preview, then the confirmation."""
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the client then keeps each response's context

    # Missions of their own, flown later (from 2105) by the people of the first size.
    text = (
        roster(20000, start=dt.date(2105, 1, 1))
        .replace("Bench ", "Bench0 ")
        .replace("Bench0 Soyuz", "Upload Soyuz")
    )
    text = text.replace("Bench0 Dragon", "Upload Dragon")
    while len(text.encode()) > limit_bytes:  # cut whole rows until the file fits
        text = text[: text.rstrip("\r\n").rfind("\r\n") + 2]
    rows = text.count("\r\n") - 1
    user = get_user_model().objects.create_superuser("bench-uploader", password="bench-pw-1")
    client = Client()
    client.force_login(user)
    started = time.perf_counter()
    file = SimpleUploadedFile("bench.csv", text.encode(), content_type="text/csv")
    preview = client.post("/rosters/upload/", {"file": file})
    seconds = time.perf_counter() - started
    context = preview.context
    report = context.get("report")
    assert preview.status_code == 200 and "confirm" in context, (
        context["form"].errors,
        report and report.problems[:3],
    )
    print(f"{rows:>7} {'upload page: preview':<22} {seconds:8.2f} {rows / seconds:9.0f} {peak_mb():8.0f}  "
          f"{len(text.encode()) / 1e6:.2f} MB file")  # fmt: skip
    started = time.perf_counter()
    done = client.post("/rosters/upload/", {"payload": preview.context["confirm"]["payload"].value()})
    seconds = time.perf_counter() - started
    assert done.status_code == 302, done.content[:500]
    print(f"{rows:>7} {'upload page: confirm':<22} {seconds:8.2f} {rows / seconds:9.0f} {peak_mb():8.0f}")


def main(sizes: list[int]) -> None:
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    print(f"database: {connection.vendor}")
    print(f"{'rows':>7} {'step':<22} {'seconds':>8} {'rows/s':>9} {'peak MB':>8}")
    for n, rows in enumerate(sizes):
        # Each size is a new set of missions and people (the same dates: nobody flies twice at once).
        data = roster(rows).replace("Bench ", f"Bench{n} ")
        step("dry run", rows, data=data, dry_run=True)
        step("import", rows, data=data)
        step("again (no-op)", rows, data=data)
    from crews.forms import MAX_UPLOAD_BYTES

    upload_page(MAX_UPLOAD_BYTES)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2000, 20000])
