"""Station pages: who is aboard on a date, continuity of the required crews, the grounding what-if."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from missions.models import FIRST_DAY, LAST_DAY, Spacecraft, Station

from .continuity import Scenario, aboard, docked, free_seats, gaps, ground
from .export import csv_stream_response
from .stations import station_record
from .timeline import timeline


class StationQuery(forms.Form):
    """The station page's query string, validated: a bad value is a message, never a 500."""

    date = forms.DateField(
        required=False, label="Aboard on (UTC)", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_start = forms.DateField(
        required=False, label="Continuity from", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(required=False, label="to", widget=forms.DateInput(attrs={"type": "date"}))
    ground = forms.ModelChoiceField(
        queryset=Spacecraft.objects.all(), to_field_name="slug", required=False, label="Ground spacecraft"
    )
    ground_from = forms.DateField(
        required=False, label="from", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        if "from" in data:  # ?ground=<slug>&from=YYYY-MM-DD, as documented
            data["ground_from"] = data.pop("from")[-1]
        super().__init__(data, *args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if select else "form-control")

    def clean(self):
        data = super().clean()
        for name in ("date", "period_start", "period_end", "ground_from"):
            day = data.get(name)
            if day and not FIRST_DAY <= day <= LAST_DAY:
                self.add_error(name, f"Choose a date from {FIRST_DAY.year} to {LAST_DAY.year}.")
        if data.get("ground") and not data.get("ground_from"):
            self.add_error("ground_from", "Say from which date the spacecraft is grounded.")
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end <= start:
            self.add_error("period_end", "The period must end after it starts.")
        return data


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _context(request, slug: str) -> dict:
    station = get_object_or_404(Station.objects.prefetch_related("required_agencies"), slug=slug)
    query = StationQuery(request.GET)
    query.is_valid()
    values = query.cleaned_data if hasattr(query, "cleaned_data") else {}
    day = values.get("date") or dt.datetime.now(dt.UTC).date()
    record = station_record(station)
    period = record.default_period()
    if values.get("period_start") or values.get("period_end"):
        default_start, default_end = period or (None, None)
        start = _midnight(values["period_start"]) if values.get("period_start") else default_start
        end = _midnight(values["period_end"]) if values.get("period_end") else default_end
        period = (start, end) if start and end and end > start else None
    recorded = Scenario(stays=record.stays, vehicles=record.vehicles)
    scenarios = [("As recorded", recorded)]
    grounded = grounded_from = None
    if values.get("ground") and values.get("ground_from"):
        grounded_from = _midnight(values["ground_from"])
        what_if = ground(record.stays, record.vehicles, values["ground"].pk, grounded_from)
        scenarios.append(
            (f"{values['ground'].name} grounded from {values['ground_from'].isoformat()}", what_if)
        )
        grounded = {
            "spacecraft": values["ground"],
            "from": values["ground_from"],
            "scenario": what_if,
            "free_seats": free_seats(what_if, grounded_from),
        }
    reports = []
    for i, (title, scenario) in enumerate(scenarios):
        found = gaps(scenario.stays, record.required, *period) if period else []
        report = {"title": title, "scenario": scenario, "gaps": found, "svg_id": f"timeline-{i}"}
        if period:
            marker = (grounded_from, f"{values['ground'].name} grounded") if i and grounded else None
            report["timeline"] = timeline(
                scenario.vehicles, scenario.stays, record.required, found, *period, marker=marker
            )
        reports.append(report)
    return {
        "station": station,
        "query": query,
        "day": day,
        "record": record,
        "aboard": aboard(record.stays, day),
        "docked": docked(record.vehicles, day),
        "period": period,
        "reports": reports,
        "grounded": grounded,
    }


@require_GET
def station_detail(request, slug: str):
    return render(request, "crews/station.html", _context(request, slug))


def _utc(when: dt.datetime) -> str:
    return when.isoformat(timespec="minutes").replace("+00:00", "Z")


def _not_exported(query: StationQuery) -> HttpResponseBadRequest:
    """A download cannot show a message: refuse rather than export something else than was asked."""
    return HttpResponseBadRequest("Not exported: " + query.errors.as_text(), content_type="text/plain")


@require_GET
def station_aboard_csv(request, slug: str):
    context = _context(request, slug)
    if context["query"].errors:
        return _not_exported(context["query"])
    header = ("date", "agency", "crew_member", "brought_by", "home_on", "aboard_from_utc", "aboard_until_utc")
    rows = (
        (
            context["day"].isoformat(),
            stay.agency,
            stay.person,
            stay.brought_by.name if stay.brought_by else "",
            stay.home_on.name if stay.home_on else "",
            _utc(stay.start),
            _utc(stay.end) if stay.end else "",
        )
        for stay in context["aboard"]
    )
    return csv_stream_response(
        header, rows, f"aboard-{context['station'].slug}-{context['day'].isoformat()}.csv"
    )


@require_GET
def station_gaps_csv(request, slug: str):
    context = _context(request, slug)
    if context["query"].errors:
        return _not_exported(context["query"])
    header = ("scenario", "agency", "gap_start_utc", "gap_end_utc", "days")
    rows = (
        (
            report["title"],
            gap.agency,
            _utc(gap.start),
            _utc(gap.end),
            f"{gap.days:.2f}",
        )
        for report in context["reports"]
        for gap in report["gaps"]
    )
    return csv_stream_response(header, rows, f"gaps-{context['station'].slug}.csv")
