"""The read side: the stored seats around some missions, as the rules read them, for showing warnings.

Nothing here locks or refuses; `enforcement` does that for writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import BooleanField, Expression, F, OuterRef, Q, QuerySet, Subquery

from missions.models import Agreement, Mission

from ..models import Qualification, SeatAssignment, Unavailability
from ..prepared import Prepared
from .data import ASCENT, Problem, SeatFacts, TrainingFacts
from .engine import evaluate
from .facts import FactBook, Fitness, away_of
from .flights import Flight, flights_of


@dataclass
class Record:
    """The stored seats around some missions, as the rules read them."""

    rows: list[SeatAssignment]
    facts: dict[int, SeatFacts]
    problems: list[Problem]
    flights: dict[int, list[Flight]] = field(default_factory=dict)

    def problems_of(self, mission_pk: int) -> list[Problem]:
        return [p for p in self.problems if p.concerns_mission(mission_pk)]

    def flight_of(self, seat_pk: int) -> Flight | None:
        """The flight (ascent and return) a stored seat belongs to."""
        seat = self.facts.get(seat_pk)
        if seat is None:
            return None
        return next((f for f in self.flights.get(seat.person_key, []) if seat in f.seats), None)


class InSubquery(Expression):
    """`column IN (subquery)`, written on PostgreSQL as `column = ANY(ARRAY(subquery))`: the subquery runs once
    and the column's index serves it even under an OR, where PostgreSQL reads `IN (subquery)` by scanning the
    whole table (every seat on file, for a page that shows a dozen)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, column: str, queryset: QuerySet):
        super().__init__()
        self.column, self.subquery = F(column), Subquery(queryset)

    def get_source_expressions(self):
        return [self.column, self.subquery]

    def set_source_expressions(self, exprs):
        self.column, self.subquery = exprs

    def as_sql(self, compiler, connection):
        column, column_params = compiler.compile(self.column)
        subquery, subquery_params = compiler.compile(self.subquery)
        template = "%s = ANY(ARRAY%s)" if connection.vendor == "postgresql" else "%s IN %s"
        return template % (column, subquery), (*column_params, *subquery_params)


#: What the rules and the roster page read of a seat's mission and person, joined in. (Not its agreement, but in
#: the read for one mission, planned for reads by key: otherwise PostgreSQL reads every agreement on file to join
#: in the few named.)
_JOINS = ("mission__spacecraft__operator", "crew_member__agency")


def _aboard(missions: dict) -> QuerySet:
    """The people aboard the missions `missions` names (`{"mission_id": pk}` or `{"mission_id__in": pks}`)."""
    return SeatAssignment.objects.filter(**missions).order_by().values("crew_member_id")


#: The person's training on the seat's spacecraft (the `status` of their qualification; None without one),
#: which the roster page shows on each seat: read with the seat rather than in a query of its own.
_QUALIFICATION = Qualification.objects.filter(
    crew_member_id=OuterRef("crew_member_id"), spacecraft_id=OuterRef("mission__spacecraft_id")
).order_by()
_TRAINING = Subquery(_QUALIFICATION.values("status"))
#: And its planned completion, which rule 6 reads (`fitness.training_problems`).
_TRAINING_COMPLETES = Subquery(_QUALIFICATION.values("planned_completion"))


def _seats_around(missions: dict) -> QuerySet:
    """What `facts.stored_seats` reads for these missions and the people aboard them: every seat of the people
    aboard (the missions' own seats among them), and every ascent under an agreement one of those names; each
    with its person's `training` on its spacecraft."""
    seats = SeatAssignment.objects.order_by()
    theirs = InSubquery("crew_member_id", _aboard(missions))
    named = seats.filter(theirs, agreement_id__isnull=False).values("agreement_id")
    return (
        seats.filter(theirs | Q(InSubquery("agreement_id", named), leg=ASCENT))
        .select_related(*_JOINS)
        .annotate(training=_TRAINING, training_completes=_TRAINING_COMPLETES)
    )


def _away_around(missions: dict) -> QuerySet:
    """The unavailability of the people aboard (rule 6 reads it for every flight of theirs)."""
    return Unavailability.objects.filter(InSubquery("crew_member_id", _aboard(missions))).order_by()


def _agreements_around(missions: dict) -> QuerySet:
    """The agreements the seats of the people aboard name (the seats around name no others)."""
    named = SeatAssignment.objects.filter(InSubquery("crew_member_id", _aboard(missions))).order_by()
    return (
        Agreement.objects.filter(
            InSubquery("id", named.filter(agreement_id__isnull=False).values("agreement_id"))
        )
        .select_related("agency_a", "agency_b")
        .order_by()
    )


#: The reads for one mission (the roster page's, on every request), their SQL written once: the seats with their
#: agreements joined in, planned for reads by key (`Prepared`'s `by_index`), so that each agreement is read by its
#: id rather than every agreement on file; and the unavailability of the people aboard.
_AGREEMENT_JOINS = ("agreement__agency_a", "agreement__agency_b")
_SEATS_AROUND_ONE = Prepared(
    lambda pk: _seats_around({"mission_id": pk}).select_related(*_AGREEMENT_JOINS), int, by_index=True
)
_AWAY_AROUND_ONE = Prepared(lambda pk: _away_around({"mission_id": pk}), int)


def _stored_around(mission_ids: set) -> tuple[list[SeatAssignment], list[Unavailability]]:
    """The seats around these missions with their missions, people and agreements: one object of each,
    shared by its seats; and the unavailability of the people aboard. Two queries for one mission, three for
    more."""
    if len(mission_ids) == 1:
        (pk,) = mission_ids
        return _SEATS_AROUND_ONE(pk), _AWAY_AROUND_ONE(pk)
    missions = {"mission_id__in": mission_ids}
    rows, agreements = list(_seats_around(missions)), list(_agreements_around(missions))
    away = list(_away_around(missions))
    shared: dict[tuple, object] = {}  # as `Prepared` shares them
    for row in rows:
        row.mission = shared.setdefault(("mission", row.mission_id), row.mission)
        row.crew_member = shared.setdefault(("person", row.crew_member_id), row.crew_member)
    by_pk = {a.pk: a for a in agreements}
    for row in rows:
        row.agreement = by_pk.get(row.agreement_id)
    return rows, away


def record_around(missions: Sequence[Mission]) -> Record:
    """The seats of these missions, every flight of the people aboard, and what the rules say. Two queries for
    one mission, three for more."""
    mission_ids = {m.pk for m in missions}
    rows, away = _stored_around(mission_ids)
    person_ids = {r.crew_member_id for r in rows if r.mission_id in mission_ids}
    agreement_ids = {
        r.agreement_id
        for r in rows
        if r.agreement_id is not None and (r.mission_id in mission_ids or r.crew_member_id in person_ids)
    }
    training = {
        (r.crew_member_id, r.mission.spacecraft_id): TrainingFacts(r.training, r.training_completes)
        for r in rows
        if r.training is not None
    }
    book = FactBook(fitness=Fitness(away_of(away), training))
    facts = {r.pk: book.seat(r) for r in rows}
    problems = evaluate(facts.values(), missions=mission_ids, people=person_ids, agreements=agreement_ids)
    by_person: dict[int, list[SeatFacts]] = defaultdict(list)
    for seat in facts.values():
        if seat.person_key in person_ids:
            by_person[seat.person_key].append(seat)
    flights = {person: flights_of(seats)[0] for person, seats in by_person.items()}
    return Record(rows=rows, facts=facts, problems=problems, flights=flights)


def problems_by_mission(missions: Sequence[Mission]) -> dict[int, list[Problem]]:
    """Every broken rule touching each mission's seats, for showing as warnings."""
    record = record_around(missions)
    return {m.pk: record.problems_of(m.pk) for m in missions}


def mission_warnings(mission: Mission) -> list[Problem]:
    return problems_by_mission([mission])[mission.pk]


def fitness_problems(person_id: int) -> list[Problem]:
    """Rule 6's problems on this person's flights: what their unavailability or training meets. An
    unavailability or a training date entered after the seats is a fact and is saved; where it is entered, this
    says which flights it meets (they are warnings on those missions too)."""
    missions = list(Mission.objects.filter(seat_assignments__crew_member_id=person_id).distinct())
    if not missions:
        return []
    return [p for p in record_around(missions).problems if p.rule == 6 and p.seat.person_key == person_id]
