"""Hooks through which other apps take part in validating `missions` objects.

`missions` may not import `crews`, yet a change to a mission, an agreement or a
spacecraft can break a rule about seat assignments (moving a launch date into
someone's other flight, cutting an agreement's seats below those planned). The
model's `clean()` sends one of these signals; a receiver returns a
`ValidationError` (or None) and `clean()` raises what it gets.
"""

from django.core.exceptions import ValidationError
from django.dispatch import Signal

#: Sent by `Mission.clean()` with `instance`, the mission as it would be saved.
mission_changing = Signal()
#: Sent by `Agreement.clean()` with `instance`.
agreement_changing = Signal()
#: Sent by `Spacecraft.clean()` with `instance`.
spacecraft_changing = Signal()


def raise_receiver_errors(signal: Signal, instance) -> None:
    """Send `signal` for `instance` and raise the receivers' validation errors together."""
    errors: dict = {}
    for _receiver, response in signal.send(sender=type(instance), instance=instance):
        if isinstance(response, ValidationError):
            errors = response.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
