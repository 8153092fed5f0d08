"""Names as search compares them: their letters and digits only, lower-cased ("Soyuz MS-22" → "soyuzms22"), so
that "ms22" or "MS 22" finds the mission. Mission names differ by a digit, which a fuzzier measure would blur."""

from __future__ import annotations

import re

from django.db import models

_WORD = re.compile(r"[^\W_]+")


def compact(text: str) -> str:
    """The letters and digits of `text`, lower-cased (any script: Python's Unicode classes)."""
    return "".join(_WORD.findall(text.lower()))


class CompactNameField(models.CharField):
    """The compact form (`compact`) of another field of the row (`source`), written whenever the row is: by
    `save()` and by `bulk_create()` alike (both call `Field.pre_save`); a `save(update_fields=…)` naming the
    source must name this field too (`Mission.save` adds it), and a `bulk_update()` or `QuerySet.update()` of
    the source must write it. Search compares it in the database, on every database the same way, rather than
    reading every name into Python."""

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("editable", None)
        if kwargs.get("default") == "":
            kwargs.pop("default")
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = compact(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
