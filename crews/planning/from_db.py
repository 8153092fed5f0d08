"""The planning assistant's world read from the database: the planned and scheduled missions launching in a
horizon, the seats on file for them, the people who could fly them, the agreements with the seats they have
already used, the stations with who of their required agencies is aboard when the horizon starts.

Ids are the keys (missions, people, agreements, stations); agencies are their short names. A few queries,
whatever the size of the record.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from missions.models import Agreement as AgreementRow
from missions.models import Mission as MissionRow
from missions.models import Station as StationRow

from ..models import CrewMember, SeatAssignment, Unavailability
from ..models import Qualification as QualificationRow
from . import world as w

#: A planned mission with no landing on file is planned to last this long (a station crew's stay).
DEFAULT_STAY = dt.timedelta(days=180)
ASCENT, RETURN = SeatAssignment.Leg.ASCENT, SeatAssignment.Leg.RETURN


def _when(date: dt.date, time: dt.time | None) -> dt.datetime:
    return dt.datetime.combine(date, time or dt.time(0, 0), tzinfo=dt.UTC)


def _missions(start: dt.date, end: dt.date) -> list[MissionRow]:
    rows = MissionRow.objects.upcoming().filter(launch_date__gte=start, launch_date__lte=end)
    return list(rows.select_related("spacecraft__operator", "destination").order_by("launch_date", "name"))


def _mission(row: MissionRow) -> w.Mission:
    launch = _when(row.launch_date, row.launch_time)
    landing = _when(row.landing_date, row.landing_time) if row.landing_date else launch + DEFAULT_STAY
    return w.Mission(
        id=row.pk, name=row.name, spacecraft=row.spacecraft.name, operator=row.spacecraft.operator.short_name,
        seat_count=row.spacecraft.seat_count, launch=launch, landing=max(landing, launch + dt.timedelta(hours=1)),
        station=row.destination_id, status=row.status,
    )  # fmt: skip


def _seats(missions: list[MissionRow]) -> list[w.SeatOnFile]:
    by_pk = {m.pk: m for m in missions}
    rows = SeatAssignment.objects.filter(mission__in=missions).values_list(
        "crew_member_id", "mission_id", "leg", "seat", "role"
    )
    return [
        w.SeatOnFile(person=person, mission=mission, leg=leg, seat=seat, role=role,
                     flown=by_pk[mission].leg_has_flown(leg))
        for person, mission, leg, seat, role in rows
    ]  # fmt: skip


def _candidates(missions: list[MissionRow], seats: list[w.SeatOnFile], start: dt.date) -> list[w.Candidate]:
    """People trained on the horizon's vehicles who are active, and everyone with a seat on file."""
    crafts = {m.spacecraft_id for m in missions}
    trained = QualificationRow.objects.filter(spacecraft_id__in=crafts).values("crew_member_id")
    on_file = {s.person for s in seats}
    people = CrewMember.objects.filter(Q(pk__in=trained, status=CrewMember.Status.ACTIVE) | Q(pk__in=on_file))
    people = list(people.select_related("agency"))
    keys = [p.pk for p in people]
    quals = defaultdict(list)
    for person, craft, status, completes in QualificationRow.objects.filter(
        crew_member_id__in=keys
    ).values_list("crew_member_id", "spacecraft__name", "status", "planned_completion"):
        quals[person].append(w.Qualification(spacecraft=craft, status=status, completes=completes))
    away = defaultdict(list)
    for person, first, last, reason in Unavailability.objects.filter(crew_member_id__in=keys).values_list(
        "crew_member_id", "starts_on", "ends_on", "reason"
    ):
        away[person].append(w.Interval(first, last, reason))
    flown = (
        SeatAssignment.objects.filter(crew_member_id__in=keys, leg=ASCENT, mission__launch_date__lt=start)
        .exclude(mission__status__in=MissionRow.UPCOMING_STATUSES)
        .exclude(mission__status=MissionRow.Status.SCRUBBED)
        .values("crew_member_id")
        .annotate(flights=Count("pk"), hours=Sum("hours"))
        .values_list("crew_member_id", "flights", "hours")
    )
    record = {person: (flights, float(hours or 0)) for person, flights, hours in flown}
    return [
        w.Candidate(id=p.pk, name=p.name, agency=p.agency.short_name, qualifications=tuple(quals[p.pk]),
                    unavailable=tuple(away[p.pk]), prior_flights=record.get(p.pk, (0, 0.0))[0],
                    prior_hours=record.get(p.pk, (0, 0.0))[1])
        for p in people
    ]  # fmt: skip


def _commitments(
    missions: list[MissionRow], candidates: list[w.Candidate], start: dt.date
) -> list[w.Commitment]:
    """The candidates' seats on missions outside the horizon that are still to end after it starts."""
    rows = (
        SeatAssignment.objects.filter(crew_member_id__in=[c.id for c in candidates])
        .exclude(mission__in=missions)
        .exclude(mission__status=MissionRow.Status.SCRUBBED)
        .filter(Q(mission__landing_date__gte=start) | Q(mission__landing_date__isnull=True, mission__launch_date__gte=start - DEFAULT_STAY))
        .values_list("crew_member_id", "mission__name", "mission__launch_date", "mission__landing_date")
    )  # fmt: skip
    return [
        w.Commitment(person=person, start=launch, end=landing or launch + DEFAULT_STAY, what=name)
        for person, name, launch, landing in rows
    ]


def _agreements(missions: list[MissionRow]) -> list[w.Agreement]:
    """Every agreement, with the ascent seats it already has on missions outside the horizon, each way."""
    used = defaultdict(int)
    rows = (
        SeatAssignment.objects.filter(leg=ASCENT, agreement__isnull=False)
        .exclude(mission__in=missions)
        .exclude(mission__status=MissionRow.Status.SCRUBBED)
        .values_list("agreement_id", "crew_member__agency__short_name", "mission__spacecraft__operator__short_name")
        .annotate(n=Count("pk"))
        .order_by()
    )  # fmt: skip
    for agreement, crew, operator, n in rows:
        used[agreement, crew, operator] += n
    result = []
    for row in AgreementRow.objects.select_related("agency_a", "agency_b"):
        a, b = row.agency_a.short_name, row.agency_b.short_name
        result.append(
            w.Agreement(
                id=row.pk, name=row.name, agency_a=a, agency_b=b, in_force_from=row.in_force_from,
                in_force_to=row.in_force_to, seats_a_on_b=row.seats_a_on_b, seats_b_on_a=row.seats_b_on_a,
                used_a_on_b=used[row.pk, a, b], used_b_on_a=used[row.pk, b, a],
            )
        )  # fmt: skip
    return result


def _stations(missions: list[MissionRow], start: dt.datetime) -> list[w.Station]:
    """The horizon's stations, their required agencies, and who of those is aboard at the start, until when (a
    mission outside the horizon that launched before it and lands after it started)."""
    keys = {m.destination_id for m in missions if m.destination_id}
    result = []
    for station in StationRow.objects.filter(pk__in=keys).prefetch_related("required_agencies"):
        required = tuple(sorted(a.short_name for a in station.required_agencies.all()))
        aboard = (
            SeatAssignment.objects.filter(mission__destination=station, leg=RETURN, crew_member__agency__short_name__in=required)
            .exclude(mission__in=missions)
            .filter(mission__launch_date__lte=start.date(), mission__landing_date__gte=start.date())
            .values_list("crew_member__agency__short_name", "crew_member_id", "mission__landing_date")
        )  # fmt: skip
        result.append(
            w.Station(id=station.pk, name=station.name, required_agencies=required,
                      aboard=tuple(w.Aboard(agency, _when(day, None), person) for agency, person, day in aboard))
        )  # fmt: skip
    return result


def five_years_on(day: dt.date) -> dt.date:
    """The end of the default horizon: the same day five years on (28 February for a 29th)."""
    try:
        return day.replace(year=day.year + 5)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 5, day=28)


def horizon(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    """The horizon asked for: from `start` (default today, UTC) to `end` (default five years on). ValueError
    when it ends before it starts."""
    start = start or timezone.now().date()
    end = end or five_years_on(start)
    if end < start:
        raise ValueError("The horizon ends before it starts.")
    return start, end


def world_from_db(start: dt.date, end: dt.date) -> w.World:
    """The planning problem for the missions planned or scheduled to launch from `start` to `end`."""
    missions = _missions(start, end)
    seats = _seats(missions)
    candidates = _candidates(missions, seats, start)
    begins = _when(start, None)
    planned = tuple(_mission(m) for m in missions)
    return w.World(
        start=begins,
        end=max([m.landing for m in planned], default=_when(end, None)),
        missions=planned,
        candidates=tuple(candidates),
        seats=tuple(s for s in seats if s.person in {c.id for c in candidates}),
        agreements=tuple(_agreements(missions)),
        stations=tuple(_stations(missions, begins)),
        commitments=tuple(_commitments(missions, candidates, start)),
    )
