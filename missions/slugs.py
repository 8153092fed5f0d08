"""Slugs derived from names: `Soyuz MS-22` → `soyuz-ms-22`, `NASA–Roscosmos …` → `nasa-roscosmos-…`."""

import re

from django.utils.text import slugify

_DASHES = re.compile(r"[\u2010-\u2015\u2212/]")


def slug_for(text: str) -> str:
    """An ASCII slug when the name allows one, a Unicode slug otherwise (never empty)."""
    spaced = _DASHES.sub("-", text)
    return slugify(spaced) or slugify(spaced, allow_unicode=True) or "item"


def _first_free(base: str, taken: set[str], max_length: int) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)] + suffix
    return candidate


def unique_slug(instance, text: str, field: str = "slug") -> str:
    """`slug_for(text)`, with `-2`, `-3`, … appended when another row of the model has it."""
    model = type(instance)
    max_length = model._meta.get_field(field).max_length
    base = slug_for(text)[:max_length]
    others = model._default_manager.exclude(pk=instance.pk) if instance.pk else model._default_manager.all()
    taken = set(others.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    taken |= set(getattr(model, "reserved_slugs", ()))  # words the URLs use, e.g. /missions/new/
    return _first_free(base, taken, max_length)


def unique_slugs(objects: list, source: str = "name", field: str = "slug") -> None:
    """Give each new object without one a slug as `unique_slug` would, for many objects in one query."""
    if not objects:
        return
    model = type(objects[0])
    max_length = model._meta.get_field(field).max_length
    taken = set(model._default_manager.values_list(field, flat=True))
    taken |= set(getattr(model, "reserved_slugs", ()))
    for obj in objects:
        if not getattr(obj, field):
            slug = _first_free(slug_for(getattr(obj, source))[:max_length], taken, max_length)
            setattr(obj, field, slug)
        taken.add(getattr(obj, field))
