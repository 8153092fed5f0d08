"""Writes that go through the seat rules: one function per planner action, each one transaction."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from missions.models import Agreement, Mission

from .models import CrewMember, SeatAssignment


@transaction.atomic
def seat_assign(
    *,
    mission: Mission,
    crew_member: CrewMember,
    seat: int,
    role: str,
    leg: str = SeatAssignment.Leg.ASCENT,
    agreement: Agreement | None = None,
) -> SeatAssignment:
    """Put `crew_member` in `seat` of `mission`'s `leg`, or raise ValidationError naming the conflict.

    The rules lock what they read (the mission, the person, the agreement) until
    this transaction ends, so two planners claiming the last seat cannot both win.
    """
    assignment = SeatAssignment(
        mission=mission, leg=leg, seat=seat, role=role, crew_member=crew_member, agreement=agreement
    )
    assignment.full_clean()
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError:
        # Another transaction took the seat between our check and our write (possible
        # where the database has no row to lock yet); say so in the rules' words.
        assignment.full_clean()
        raise
    return assignment


def validation_error_text(exc: ValidationError) -> list[str]:
    """Every message of a ValidationError, field errors included, for a command line or a log."""
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)
