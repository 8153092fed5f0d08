"""`manage.py lifeboat_check`: the station page's lifeboat check from the shell (`crews.continuity.lifeboat`):
every interval in a period in which someone aboard has no way home on a vehicle at the station, then every one in
which someone relies on a free seat. Reads what the station page reads; writes nothing."""

from __future__ import annotations

import argparse
import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from crews.continuity.lifeboat import NO_WAY_HOME, Finding, lifeboat_report
from crews.continuity.station_record import default_period, record_ends, station_by_slug, station_record
from crews.continuity.stays import Period, midnight
from crews.continuity.timeline import drawn_until
from missions.models import FIRST_DAY, LAST_DAY, Station


def _date(text: str) -> dt.date:
    """A day as the options give it (an error names the option: argparse says which)."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date: write it as YYYY-MM-DD.") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise argparse.ArgumentTypeError(
            f"“{text}” is out of range: choose a date from {FIRST_DAY.year} to {LAST_DAY.year}."
        )
    return day


def _when(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def describe(finding: Finding) -> str:
    """One finding, on one line."""
    people = ", ".join(f"{stay.person} ({stay.agency})" for stay in finding.people)
    if finding.kind == NO_WAY_HOME:
        what = "NO WAY HOME" + (
            f" for {finding.short} of {len(finding.people)}" if finding.short < len(finding.people) else ""
        )
    else:
        what = "relies on a free seat"
    rides = "; ".join(
        f"{v.name} (at the station {v.launch_label or v.start.date().isoformat()} – "
        f"{v.landing_label or 'landing not on file'})"
        for v in finding.rides
    )
    free = (
        f"{finding.seats} at the fewest, on {', '.join(v.name for v in finding.free)}"
        if finding.free
        else "none"
    )
    rough = " [dates known only roughly: possible, not certain]" if finding.rough else ""
    return (
        f"{what}: {_when(finding.start)} – {_when(finding.end)} UTC ({finding.days:.1f} days): {people}; "
        f"own seat home on {rides or 'none on file'}; free seats at the station: {free}{rough}"
    )


class Command(BaseCommand):
    help = (
        "The lifeboat check: every interval in which someone aboard a station has no way home on a vehicle "
        "there (no way home first), then every one in which someone relies on a free seat. Writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--station", default="iss", help="the station's slug (default: iss)")
        parser.add_argument("--from", dest="start", type=_date,
                            help="first day, from 00:00 UTC (default: as on the station page)")  # fmt: skip
        parser.add_argument("--to", dest="end", type=_date,
                            help="the day the period ends, at 00:00 UTC, as on the station page (default: as there)")  # fmt: skip

    def handle(self, *args, station, start, end, **options):
        found = station_by_slug(station)
        if found is None:
            known = ", ".join(Station.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"No station “{station}”. Stations on file: {known}.")
        station, required = found
        ends = record_ends()
        default = None
        if start is None or end is None:
            default = default_period(station, ends, dt.datetime.now(dt.UTC).date())
            if default is None:
                self.stdout.write(f"No flight to {station.name} is on file: nothing to check.")
                return
        period = Period(
            midnight(start) if start else default.period.start, midnight(end) if end else default.period.end
        )
        if period.end <= period.start:
            raise CommandError("The period must end after it starts.")
        record = station_record(
            station, [Period(period.start, drawn_until(period))], ends=ends, required=required
        )
        report = lifeboat_report(record.stays, record.vehicles, period)
        self.stdout.write(
            f"Lifeboat check, {station.name}, {_when(period.start)} – {_when(period.end)} UTC"
            + (f" ({default.reason})" if default and start is None and end is None else "")
        )
        if not report.firm:
            self.stdout.write(
                "Everyone aboard has their own seat home on a vehicle at the station throughout the period"
                + (", as far as the dates known to the day show." if report.rough else ".")
            )
        for finding in report.findings:
            self.stdout.write(describe(finding))
