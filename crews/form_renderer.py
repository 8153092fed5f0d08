"""Django's form renderer, but the plain inputs and selects written in Python: the same HTML, a tenth of the time.

The list pages' filter forms (/missions/, /crews/, /agreements/) render eight widgets on every request; through
Django's widget templates (an include for the attributes of each widget and each option) they took more than
half of /crews/'s template time. `FastWidgets.render` writes the same markup as Django's templates
`django/forms/widgets/input.html` (and the inputs that only include it) and `select.html` with
`select_option.html` — byte for byte, as `crews/tests/test_form_renderer.py` checks against Django's own —
and hands every other template to Django.
"""

from __future__ import annotations

from html import escape

from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
#: The widget templates that are `{% include "django/forms/widgets/input.html" %}` and nothing else.
_INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "search",
        "number",
        "email",
        "url",
        "tel",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
    )
)
_SELECT, _OPTION = f"{_WIDGETS}select.html", f"{_WIDGETS}select_option.html"


def template_text(value) -> str:
    """`{{ value }}` in a template (autoescaped, localized)."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what `localize` makes of a whole number without grouping, without its look-ups
    if hasattr(value, "__html__"):  # safe already (Django's `conditional_escape`, without its lazy wrapper)
        return value.__html__()
    return escape(value if isinstance(value, str) else str(localize(value)))


def _formatted(value) -> str:
    """`{{ value|stringformat:'s' }}` (the filter keeps a safe string safe; the rest is escaped)."""
    if isinstance(value, SafeData):
        return str(value)
    return escape("%s" % (str(value) if isinstance(value, tuple) else value))


def _attrs(attrs: dict) -> str:
    """`django/forms/widgets/attrs.html`."""
    return "".join(
        f" {template_text(name)}" if value is True else f' {template_text(name)}="{_formatted(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_formatted(widget["value"])}"'
    return f'<input type="{template_text(widget["type"])}" name="{template_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: dict) -> str:
    """`select_option.html`, with the newline its file ends with (an include keeps it)."""
    return f'<option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>{template_text(option["label"])}</option>\n'


def _select(widget: dict) -> str | None:
    parts = [f'<select name="{template_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{template_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != _OPTION:
                return None  # an option of another kind: Django's templates write it
            parts.append("\n  " + _option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FastWidgets(DjangoTemplates):
    """`DjangoTemplates`, with the plain inputs and the select written in Python (the same HTML)."""

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            if template_name in _INPUTS:
                return _input(widget)
            if template_name == _SELECT:
                written = _select(widget)
                if written is not None:
                    return written
        return super().render(template_name, context, request)


#: One renderer for the filter forms (its templates, for what it hands on, loaded once).
FAST_WIDGETS = FastWidgets()
