"""The base classes of seatswap's models (both apps use them)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from .slugs import unique_slug


class DomainModel(models.Model):
    """Base for seatswap's models: a rule `clean()` states in words is not also reported by its constraint.

    Constraints named in `constraints_stated_in_clean` are still enforced by the
    database; `validate_constraints()` merely skips them so that a form shows the
    sentence from `clean()`, attached to its field, and not the rule twice.
    """

    constraints_stated_in_clean: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def get_constraints(self):
        return [
            (model, [c for c in constraints if c.name not in self.constraints_stated_in_clean])
            for model, constraints in super().get_constraints()
        ]


class SluggedModel(DomainModel):
    """A model with a URL slug derived from its name when it is first saved."""

    slug_source = "name"

    slug = models.SlugField(
        max_length=120,
        unique=True,
        blank=True,
        allow_unicode=True,
        help_text="Used in web addresses. Left empty, it is made from the name.",
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, getattr(self, self.slug_source))
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        super().clean_fields(exclude=exclude)
        if self.slug and self.slug.lower() in getattr(self, "reserved_slugs", ()):
            raise ValidationError(
                {"slug": f"“{self.slug}” is a word the web addresses use: the page would be unreachable. "
                 "Choose another, or leave it empty to make one from the name."}
            )  # fmt: skip
