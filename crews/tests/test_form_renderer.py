"""The filter forms' widgets written in Python (`crews.form_renderer`) are Django's widget templates' HTML, byte
for byte, whatever the values (quotes, markup, safe strings, option groups, errors); other widgets are Django's."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.http import QueryDict
from django.utils.safestring import mark_safe

from crews.filters import AgreementFilter, CrewMemberFilter, MissionFilter
from crews.form_renderer import FAST_WIDGETS

DJANGO = DjangoTemplates()
HOSTILE = ["plain", 'a "quoted" <b>value</b> & more', "it's", mark_safe("<i>safe</i>"), "ünïcode ✓", "", None]


class Everything(forms.Form):
    text = forms.CharField(
        widget=forms.TextInput(attrs={"placeholder": 'say "hi" <now>', "class": "form-control"})
    )
    search = forms.CharField(widget=forms.SearchInput(attrs={"autofocus": True, "disabled": False}))
    number = forms.DecimalField(min_value=0, max_value=10, widget=forms.NumberInput(attrs={"step": "any"}))
    email = forms.EmailField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField()
    choice = forms.ChoiceField(choices=[("", "---------"), ("a", "A & B"), ("<x>", '"X"'), (3, 3)])
    grouped = forms.ChoiceField(
        choices=[("Fruit", [("apple", "Apple"), ("pear", "Pear <ripe>")]), ("nut", "Nut"), ("", "none")],
        widget=forms.Select(attrs={"class": "form-select", "data-x": mark_safe("&amp;")}),
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])
    checkbox = forms.BooleanField()
    area = forms.CharField(widget=forms.Textarea)
    radio = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)


def _both(form: forms.Form) -> tuple[list[str], list[str]]:
    fast, django = [], []
    for field in form:
        form.renderer = FAST_WIDGETS
        fast.append(str(field))
        form.renderer = DJANGO
        django.append(str(field))
    return fast, django


@pytest.mark.parametrize("value", HOSTILE)
def test_every_widget_is_djangos_html_whatever_the_value(value):
    data = {name: value for name in Everything.base_fields if value is not None}
    for bound in (Everything(), Everything(data=data), Everything(initial=data)):
        fast, django = _both(bound)
        assert fast == django


def test_a_selected_option_and_an_option_group_are_written_as_django_writes_them():
    form = Everything(data={"grouped": "pear", "choice": "<x>"})
    fast, django = _both(form)
    assert fast == django
    written = "".join(fast)
    assert (
        '<optgroup label="Fruit">' in written
        and '<option value="pear" selected>Pear &lt;ripe&gt;</option>' in written
    )
    assert '<option value="&lt;x&gt;" selected>&quot;X&quot;</option>' in written


@pytest.mark.django_db
@pytest.mark.parametrize("filterset", [CrewMemberFilter, MissionFilter, AgreementFilter])
@pytest.mark.parametrize(
    "query",
    ["", "q=%22quoted%22+%3Cb%3E&status=active&sort=-days", "agency=NASA&year=abc&min_days=-1&station=x"],
)
def test_the_filter_forms_are_written_as_djangos_templates_write_them(world, filterset, query):
    bound = filterset(QueryDict(query) or None, queryset=filterset._meta.model.objects.all())
    assert bound.form.renderer is FAST_WIDGETS
    fast, django = _both(bound.form)
    assert fast == django
    assert all(widget.startswith(("<input ", "<select ")) for widget in fast)


@pytest.mark.parametrize("grouping", [False, True])
def test_a_value_is_written_as_a_template_writes_it(grouping):
    from django.template import engines
    from django.test import override_settings

    from crews.form_renderer import template_text

    values = [0, -7, 1234567, 12.5, 1234567.25, True, None, "a<b", mark_safe("<b>"), 10**20]
    with override_settings(USE_THOUSAND_SEPARATOR=grouping):
        for value in values:
            assert template_text(value) == engines["django"].from_string("{{ v }}").render({"v": value}), (
                value
            )
