"""A row's values set on a record, and what that changes, in words: the plan's small tools."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .columns import columns_of
from .reading import RosterRow


def field_values(row: RosterRow, record: str, resolved: dict | None = None) -> dict:
    """What the row sets on its mission, person or seat, in column order: plain values as read, and the
    references resolved by name (`resolved`: column → object)."""
    values: dict = {}
    for column in columns_of(record):
        if column.plain:
            if column.name not in row.values:
                continue  # an optional column the file leaves out: nothing to set
            values.update(column.field_values(row[column.name]))
        elif resolved and column.name in resolved:
            values[column.name] = resolved[column.name]
    return values


def _shown(model, field: str, value) -> str:
    """A value as a change line shows it: a choice by its label, nothing as “(none)”."""
    if value is None or value == "":
        return "(none)"
    choices = dict(model._meta.get_field(field).choices or ())
    return str(choices[value]).lower() if choices and value in choices else str(value)


def apply_values(obj, values: dict, *, keep_blank: bool = False) -> dict[str, str]:
    """Set `values` on `obj`; what changed, field → words (`role commander → flight engineer`)."""
    changes = {}
    for name, value in values.items():
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:  # compare ids: no query unless it changed
            same = getattr(obj, model_field.attname) == (value.pk if value is not None else None)
        else:
            same = getattr(obj, name) == value
        if same or (keep_blank and value in (None, "")):
            continue
        old = _shown(type(obj), name, getattr(obj, name))
        changes[name] = f"{name.replace('_', ' ')} {old} → {_shown(type(obj), name, value)}"
        setattr(obj, name, value)
    return changes


def by_column(changes: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    """Changes by field, gathered by the column they are reported in (one problem per row and column)."""
    said: dict[str, list[str]] = defaultdict(list)
    for name, change in changes.items():
        said[columns.get(name, "crew_member")].append(change)
    return {column: "; ".join(parts) for column, parts in said.items()}


@dataclass
class Edit:
    """A stored row the file changes: the fields, and the first row that says so."""

    obj: object
    row: int
    fields: set[str] = field(default_factory=set)
