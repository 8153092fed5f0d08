"""Station pages: who is aboard on a date, continuity of the required crews, the grounding what-if."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from missions.models import Mission, Station

from ..continuity.station_record import continuity_reports, grounding, station_record
from ..continuity.stays import Period, aboard, docked, midnight
from ..forms import StationQuery
from ..roster_csv.export import csv_stream_response
from .common import download_refused


def _period(values: dict, default: Period | None) -> Period | None:
    """The period asked for, its missing end taken from the default one; None when empty."""
    if not (values.get("period_start") or values.get("period_end")):
        return default
    start = midnight(values["period_start"]) if values.get("period_start") else default and default.start
    end = midnight(values["period_end"]) if values.get("period_end") else default and default.end
    return Period(start, end) if start and end and end > start else None


def _context(request, slug: str) -> dict:
    station = get_object_or_404(Station.objects.prefetch_related("required_agencies"), slug=slug)
    query = StationQuery(request.GET)
    query.is_valid()
    values = query.cleaned_data if hasattr(query, "cleaned_data") else {}
    day = values.get("date") or dt.datetime.now(dt.UTC).date()
    record = station_record(station)
    period = _period(values, record.default_period())
    # After the record's end nobody is on file: show the last crews it shows, on its last day.
    aboard_day = min(day, record.record_ends) if record.record_ends else day
    grounded = None
    if values.get("ground") and values.get("ground_from"):
        grounded = grounding(record, values["ground"], values["ground_from"])
    return {
        "station": station,
        "query": query,
        "day": day,
        "record": record,
        "aboard_day": aboard_day,
        "aboard": aboard(record.stays, aboard_day),
        "docked": docked(record.vehicles, aboard_day),
        "period": period,
        "reports": continuity_reports(record, period, grounded),
        "grounded": grounded,
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


@require_GET
def station_detail(request, slug: str):
    return render(request, "crews/station.html", _context(request, slug))


def _utc(when: dt.datetime) -> str:
    return when.isoformat(timespec="minutes").replace("+00:00", "Z")


def _not_exported(query: StationQuery):
    return download_refused("Not exported: " + query.errors.as_text())


@require_GET
def station_aboard_csv(request, slug: str):
    context = _context(request, slug)
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
    return csv_stream_response(header, rows, f"gaps-{context['station'].slug}.csv")
