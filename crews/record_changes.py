"""What the rules and the kept list rows read, and the receivers that give the record a new version when any of it
changes.

A change to any of these models can change what the rules say about some launch (a moved launch date makes
two flights overlap; an agreement cut short leaves a seat uncovered; a new unavailability clashes with a
seat), or what a kept row of a list page or a kept station page shows (`crews.kept_rows`: a person's other
names, nationality, status; where the record ends), so each save or delete of one of them calls `missions.versions.changed()`. Bulk writes that send no
signals call it themselves (the record loader, the roster upload).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from missions.models import Agency, Agreement, LaunchSite, Mission, Spacecraft, Station
from missions.versions import changed

from .models import CrewMember, OtherName, Qualification, RecordSource, SeatAssignment, Unavailability

#: The models whose rows the rules read, or what is kept under the record's version shows (list rows, a station
#: page: `crews.kept_rows`).
KEPT_UNDER_THE_VERSION = (Agency, Spacecraft, LaunchSite, Station, Mission, Agreement, CrewMember, OtherName,
                     Qualification, Unavailability, SeatAssignment, RecordSource)  # fmt: skip


def _changed(sender, using=None, **kwargs) -> None:
    changed(using=using or "default")


def _user_changed(sender, using=None, update_fields=None, **kwargs) -> None:
    """A user's name shows in a roster's kept recent changes (who changed what): a user saved or deleted gives
    the record a new version, but for a login, which saves the time of the last one only."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    changed(using=using or "default")


def connect() -> None:
    user = get_user_model()
    post_save.connect(_user_changed, sender=user, dispatch_uid="crews.record_changed.user.save")
    post_delete.connect(_user_changed, sender=user, dispatch_uid="crews.record_changed.user.delete")
    for model in KEPT_UNDER_THE_VERSION:
        uid = f"crews.record_changed.{model._meta.label_lower}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}.delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                _changed, sender=field.remote_field.through, dispatch_uid=f"{uid}.{field.name}"
            )
