"""Facts stated once on the models: which legs and fields a planner may still change, the terms of an
agreement, and the choices the database's check constraints allow."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from missions.models import Agreement, Leg, Mission
from missions.terms import AgreementTerms
from missions.tests.factories import AgreementFactory, MissionFactory

S = Mission.Status
LAUNCH = ("spacecraft", "launch_site", "launch_date", "launch_time", "launch_precision")
LANDING = ("destination", "landing_date", "landing_time", "landing_precision")


@pytest.mark.parametrize(
    ("status", "open_legs", "locked"),
    [
        (S.PLANNED, [Leg.ASCENT, Leg.RETURN], set()),
        (S.SCHEDULED, [Leg.ASCENT, Leg.RETURN], set()),
        (S.SCRUBBED, [Leg.ASCENT, Leg.RETURN], set()),
        (S.LAUNCHED, [Leg.RETURN], set(LAUNCH)),
        (S.LANDED, [], set(LAUNCH + LANDING)),
    ],
)
def test_what_a_planner_may_still_change(status, open_legs, locked):
    mission = Mission(name="Soyuz MS-90", status=status)
    assert mission.open_legs() == open_legs
    assert set(mission.locked_fields()) == locked
    for leg in Leg:
        if leg in open_legs:
            mission.ensure_leg_open(leg)
        else:
            with pytest.raises(ValidationError, match="is the record of what happened"):
                mission.ensure_leg_open(leg)


def test_the_refusal_names_the_leg_and_who_can_correct_it():
    with pytest.raises(ValidationError) as exc:
        Mission(name="Soyuz MS-22", status=S.LAUNCHED).ensure_leg_open(Leg.ASCENT)
    assert exc.value.messages == [
        "Soyuz MS-22 has launched: its ascent crew is the record of what happened and cannot be changed "
        "here. A data steward can correct it in the admin."
    ]


@pytest.mark.django_db
def test_the_querysets_agree_with_the_methods():
    for status in S:
        MissionFactory(name=f"Flight {status}", status=status)
    upcoming = set(Mission.objects.upcoming().values_list("status", flat=True))
    plannable = set(Mission.objects.plannable().values_list("status", flat=True))
    assert upcoming == {s for s in S if Mission(status=s).is_upcoming} == {"planned", "scheduled"}
    assert plannable == {s for s in S if Mission(status=s).open_legs()}


@pytest.mark.django_db
def test_the_model_and_the_rules_read_an_agreements_terms_alike():
    from crews.rules import AgreementFacts

    agreement = AgreementFactory(
        in_force_from=dt.date(2022, 7, 15), in_force_to=dt.date(2025, 12, 31), seats_a_on_b=5, seats_b_on_a=3
    )
    a, b = agreement.agency_a_id, agreement.agency_b_id
    facts = AgreementFacts(
        key=agreement.pk, name=agreement.name, agency_a_key=a, agency_b_key=b, agency_a="A", agency_b="B",
        in_force_from=agreement.in_force_from, in_force_to=agreement.in_force_to,
        seats_a_on_b=agreement.seats_a_on_b, seats_b_on_a=agreement.seats_b_on_a,
    )  # fmt: skip
    assert isinstance(agreement, AgreementTerms) and isinstance(facts, AgreementTerms)
    for terms in (agreement, facts):
        assert (
            terms.seats_for(a, b),
            terms.seats_for(b, a),
            terms.seats_for(a, a),
            terms.seats_for(b, 0),
        ) == (
            5,
            3,
            None,
            None,
        )
        assert [
            terms.in_force_on(dt.date(*d))
            for d in ((2022, 7, 14), (2022, 7, 15), (2025, 12, 31), (2026, 1, 1))
        ] == [
            False,
            True,
            True,
            False,
        ]
        assert terms.in_force_text == "2022-07-15 to 2025-12-31"
    assert Agreement.seats_for is AgreementFacts.seats_for  # one definition, not two alike


def _choice_fields():
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if isinstance(constraint, models.CheckConstraint) and constraint.name.endswith("_valid"):
                ((lookup, allowed),) = constraint.condition.children
                yield model, constraint.name, lookup.removesuffix("__in"), allowed


def test_every_choice_constraint_allows_exactly_the_fields_choices():
    checked = {}
    for model, name, field, allowed in _choice_fields():
        assert list(allowed) == [value for value, _ in model._meta.get_field(field).choices], name
        checked[name] = len(allowed)
    assert checked == {
        "missions_mission_status_valid": 5,
        "missions_mission_launch_precision_valid": 3,
        "missions_mission_landing_precision_valid": 3,
        "missions_mission_outcome_valid": 3,
        "crews_crewmember_status_valid": 4,
        "crews_qualification_status_valid": 2,
        "crews_seatassignment_leg_valid": 2,
        "crews_seatassignment_role_valid": 5,
        "crews_sourcename_status_valid": 3,
        "crews_planrun_status_valid": 5,
        "crews_failurecheck_status_valid": 4,
    }
