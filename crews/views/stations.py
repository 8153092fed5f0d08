"""Station pages: who is aboard on a date, continuity of the required crews, the grounding what-if."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from types import SimpleNamespace
from urllib.parse import urlencode

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from missions import versions
from missions.models import FIRST_DAY, LAST_DAY, Mission, Station

from ..continuity.lifeboat import lifeboat_report
from ..continuity.station_record import (
    continuity_reports,
    default_period,
    grounding,
    record_ends,
    station_by_slug,
    station_record,
)
from ..continuity.stays import Period, aboard, docked, midnight
from ..continuity.timeline import drawn_until
from ..forms import StationQuery
from ..kept_rows import kept_page
from ..roster_csv.export import csv_stream_response
from .common import download_refused

DAY = dt.timedelta(days=1)


def today() -> dt.date:
    """Today, UTC (a function, so that tests can set the day)."""
    return dt.datetime.now(dt.UTC).date()


def _period(values: dict, default: Period | None) -> Period | None:
    """The period asked for, its missing end taken from the default one; None when empty."""
    if not (values.get("period_start") or values.get("period_end")):
        return default
    start = midnight(values["period_start"]) if values.get("period_start") else default and default.start
    end = midnight(values["period_end"]) if values.get("period_end") else default and default.end
    return Period(start, end) if start and end and end > start else None


def _with_grounding(period: Period, day: dt.date) -> Period:
    """The default period stretched to take in a grounding and the year after it."""
    start = midnight(day)
    return Period(min(period.start, start), max(period.end, start + dt.timedelta(days=365)))


@dataclass(frozen=True)
class PeriodLink:
    label: str
    query: str


def _days(period: Period) -> tuple[dt.date, dt.date]:
    """The period as the date fields show it: its first day, and the day it ends (a time on it left out)."""
    return period.start.date(), period.end.date()


def _links(request, period: Period | None) -> list[PeriodLink]:
    """Earlier and later periods of the same length, and the same one zoomed in and out: each a link."""
    if period is None:
        return []
    first, last = (day.toordinal() for day in _days(period))
    length = max(last - first, 1)
    quarter = max(length // 4, 1)
    shown = [
        ("Earlier period", first - length, first),
        ("Later period", last, last + length),
        ("Zoom in", first + quarter, last - quarter),
        ("Zoom out", first - length // 2, last + length // 2),
    ]  # as day numbers: a period near the ends of the calendar has no link past them, and no error
    links = []
    for label, start, end in shown:
        if not (FIRST_DAY.toordinal() <= start < end <= LAST_DAY.toordinal()):
            continue
        params = request.GET.copy()
        params["period_start"] = dt.date.fromordinal(start).isoformat()
        params["period_end"] = dt.date.fromordinal(end).isoformat()
        links.append(PeriodLink(label, urlencode(sorted(params.lists()), doseq=True)))
    return links


def _context(request, slug: str, *, with_period: bool = True, now: dt.date | None = None) -> dict:
    found = station_by_slug(slug)
    if found is None:
        raise Http404("No station here.")
    station, required = found
    query = StationQuery(request.GET)
    query.is_valid()
    values = query.cleaned_data if hasattr(query, "cleaned_data") else {}
    now = now or today()
    day = values.get("date") or now
    ends = record_ends()
    # After the record's end nobody is on file: show the last crews it shows, on its last day.
    aboard_day = min(day, ends) if ends else day
    grounded_from = values.get("ground_from") if values.get("ground") else None
    default = period = None
    if with_period:
        if not (values.get("period_start") and values.get("period_end")):
            default = default_period(station, ends, now)
        asked = values.get("period_start") or values.get("period_end")
        if default and grounded_from and not asked:
            default = replace(default, period=_with_grounding(default.period, grounded_from))
        period = _period(values, default.period if default else None)
    # Read only what is shown: the period drawn, the day shown, the day of a grounding.
    windows = [Period(midnight(aboard_day), midnight(aboard_day) + DAY)]
    if period:
        windows.append(Period(period.start, drawn_until(period)))
    if grounded_from:
        windows.append(Period(midnight(grounded_from), midnight(grounded_from) + DAY))
    record = station_record(station, windows, ends=ends, required=required)
    grounded = grounding(record, values["ground"], grounded_from) if grounded_from else None
    first, last = _days(period) if period else (None, None)
    return {
        "station": station,
        "query": query,
        "day": day,
        "record": record,
        "aboard_day": aboard_day,
        "aboard": aboard(record.stays, aboard_day),
        "docked": docked(record.vehicles, aboard_day),
        "period": period,
        "period_first_day": first,
        "period_last_day": last,
        "default_period": default if period and default and period == default.period else None,
        "period_links": _links(request, period),
        "period_asked": bool(request.GET.get("period_start") or request.GET.get("period_end")),
        "reports": continuity_reports(record, period, grounded, today=now),
        "grounded": grounded,
        "lifeboat": lifeboat_report(record.stays, record.vehicles, period) if period else None,
    }


@require_GET
def station_list(request):
    """Every station on file: who must be aboard, its crewed flights, the first and the last (as known).
    Three queries, whatever the record holds."""
    flown = Mission.objects.filter(destination=OuterRef("pk")).exclude(status=Mission.Status.SCRUBBED)
    stations = list(
        Station.objects.prefetch_related("required_agencies").annotate(
            flights=Count("missions", filter=~Q(missions__status=Mission.Status.SCRUBBED)),
            first_id=Subquery(flown.order_by("launch_date", "name").values("pk")[:1]),
            last_id=Subquery(flown.order_by("-launch_date", "-name").values("pk")[:1]),
        )
    )
    missions = Mission.objects.in_bulk(
        {s.first_id for s in stations} | {s.last_id for s in stations} - {None}
    )
    rows = [(s, missions.get(s.first_id), missions.get(s.last_id)) for s in stations]
    rows.sort(key=lambda r: (r[1] is None, r[1].launch_date if r[1] else None, r[0].name))
    return render(request, "crews/station_list.html", {"rows": rows})


#: A station page's address longer than this (a hand-made query string) is worked out, and not kept.
LONGEST_KEPT_QUERY = 500


@require_GET
def station_detail(request, slug: str):
    """Who is aboard on a day, the continuity of the required crews over a period, its timeline and the lifeboat
    check: all from the record, the day and the address, so the page's content is kept under the record's version
    (`kept_rows.kept_page`): worked out once per change to the record and day (12 ms at 100× the demo), then
    taken from the cache. The version is read before the record is."""
    token = versions.current()
    query_string = request.META.get("QUERY_STRING", "")
    if len(query_string) > LONGEST_KEPT_QUERY:
        token = None

    day = today()  # one day for the key and the page (a request across midnight keeps its own under it)

    def write() -> dict:
        context = _context(request, slug, now=day)
        body = render_to_string("crews/includes/station_body.html", context, request)
        return {"title": context["station"].short_name, "body": str(body)}

    page = kept_page(f"station:{slug}?{query_string}", token, day, write)
    context = {
        "title": page["title"],
        "body": mark_safe(page["body"]),
        "station": SimpleNamespace(
            short_name=page["title"]
        ),  # for the main menu (the ISS's item, or Stations)
    }
    return render(request, "crews/station.html", context)


def _utc(when: dt.datetime) -> str:
    return when.isoformat(timespec="minutes").replace("+00:00", "Z")


def _not_exported(query: StationQuery):
    return download_refused("Not exported: " + query.errors.as_text())


@require_GET
def station_aboard_csv(request, slug: str):
    context = _context(request, slug, with_period=False)
    if context["query"].errors:
        return _not_exported(context["query"])
    # The columns keep the names they were published with (brought_by, home_on).
    header = ("date", "agency", "crew_member", "brought_by", "home_on", "aboard_from_utc", "aboard_until_utc")
    rows = (
        (
            context["aboard_day"].isoformat(),
            stay.agency,
            stay.person,
            stay.ascent_vehicle.name if stay.ascent_vehicle else "",
            stay.return_vehicle.name if stay.return_vehicle else "",
            _utc(stay.start),
            _utc(stay.end) if stay.end else "",
        )
        for stay in context["aboard"]
    )
    return csv_stream_response(
        header, rows, f"aboard-{context['station'].slug}-{context['aboard_day'].isoformat()}.csv"
    )


@require_GET
def station_gaps_csv(request, slug: str):
    context = _context(request, slug)
    if context["query"].errors:
        return _not_exported(context["query"])
    header = ("scenario", "agency", "what", "gap_start_utc", "gap_end_utc", "days")
    rows = (
        (
            report.title,
            gap.agency,
            "not on file" if gap.not_on_file else "nobody aboard",
            _utc(gap.start),
            _utc(gap.end),
            f"{gap.days:.2f}",
        )
        for report in context["reports"]
        for gap in report.gaps
    )
    name = f"gaps-{context['station'].slug}"
    if context["period"]:
        name += f"-{context['period_first_day'].isoformat()}-{context['period_last_day'].isoformat()}"
    return csv_stream_response(header, rows, f"{name}.csv")
