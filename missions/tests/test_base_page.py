"""`base.html`'s menu and static files written in Python (`missions.templatetags.base_page`) are what the template
wrote (kept here, as it was): for every kind of user, on every kind of page, with and without a script prefix."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.templatetags.static import static
from django.test import RequestFactory, override_settings
from django.urls import resolve, set_script_prefix

from missions.models import Station

#: The menu's items as `base.html` wrote them.
NAV_TEMPLATE = """            {% with here=request.resolver_match.url_name %}
            <li class="nav-item"><a class="nav-link{% if here == 'mission_list' or here == 'mission' %} active{% endif %}" href="{% address 'pages:mission_list' %}">Launches</a></li>
            <li class="nav-item"><a class="nav-link{% if here == 'crew_list' or here == 'crew' %} active{% endif %}" href="{% address 'pages:crew_list' %}">Crew members</a></li>
            <li class="nav-item"><a class="nav-link{% if here == 'station' and station.short_name == 'ISS' %} active{% endif %}" href="{% address 'pages:station' 'iss' %}">ISS</a></li>
            <li class="nav-item"><a class="nav-link{% if here == 'station_list' or here == 'station' and station.short_name != 'ISS' %} active{% endif %}" href="{% address 'pages:station_list' %}">Stations</a></li>
            <li class="nav-item"><a class="nav-link{% if here == 'agreement_list' or here == 'agreement' %} active{% endif %}" href="{% address 'pages:agreement_list' %}">Agreements</a></li>
            {% if perms.crews.add_seatassignment %}
            <li class="nav-item"><a class="nav-link{% if here == 'upload' %} active{% endif %}" href="{% address 'pages:upload' %}">Upload a roster</a></li>
            {% endif %}
            {% if perms.crews.add_seatassignment %}
            <li class="nav-item"><a class="nav-link{% if here|slice:':5' == 'plan_' %} active{% endif %}" href="{% address 'pages:plan_home' %}">Planning</a></li>
            {% endif %}
            {% if perms.crews.change_record %}
            <li class="nav-item"><a class="nav-link{% if here == 'reconciliation' %} active{% endif %}" href="{% address 'pages:reconciliation' %}">Record</a></li>
            {% endif %}
            {% if user.is_staff %}
            <li class="nav-item"><a class="nav-link" href="{% address 'admin:index' %}">Admin</a></li>
            {% endif %}
            {% endwith %}"""

PAGES = [
    "/missions/", "/missions/soyuz-ms-22/", "/crews/", "/crews/someone/", "/stations/", "/stations/iss/",
    "/stations/tiangong/", "/agreements/", "/agreements/x/", "/rosters/upload/", "/record/", "/admin/",
    "/planning/", "/planning/runs/1/",
]  # fmt: skip


def _render(source: str, request, user, station=None) -> str:
    from django.contrib.auth.context_processors import PermWrapper

    context = {"request": request, "user": user, "perms": PermWrapper(user)}
    if station is not None:
        context["station"] = station
    return engines["django"].from_string("{% load addresses base_page %}" + source).render(context)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["steward", "planner", "data_steward", "viewer", "anonymous"])
def test_the_menu_is_the_templates_for_every_user_on_every_page(request, who):
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    for path in PAGES:
        page = RequestFactory().get(path)
        page.resolver_match = resolve(path)
        for station in (None, Station(short_name="ISS"), Station(short_name="Tiangong")):
            written = _render("            {% main_nav %}", page, user, station)
            assert written == _render(NAV_TEMPLATE, page, user, station), (who, path, station)
    page = RequestFactory().get("/")
    page.resolver_match = None  # a page the URLconf did not route (an error page)
    assert _render("            {% main_nav %}", page, user) == _render(NAV_TEMPLATE, page, user)


def test_the_menu_marks_the_page_it_is_on(steward):
    page = RequestFactory().get("/stations/iss/")
    page.resolver_match = resolve("/stations/iss/")
    written = _render("            {% main_nav %}", page, steward, Station(short_name="ISS"))
    assert '<a class="nav-link active" href="/stations/iss/">ISS</a>' in written
    assert '<a class="nav-link" href="/stations/">Stations</a>' in written
    assert '<a class="nav-link" href="/admin/">Admin</a>' in written


@pytest.mark.parametrize("prefix", ["/", "/seatswap/"])
def test_a_static_address_is_the_static_tags(prefix):
    set_script_prefix(prefix)
    try:
        for path in ("css/seatswap.css", "vendor/bootstrap/bootstrap.min.css", "a b&c.css"):
            tags = (
                "{% load static base_page %}{% static_address '" + path + "' %}|{% static '" + path + "' %}"
            )
            mine, django = engines["django"].from_string(tags).render({}).split("|")
            assert mine == django
    finally:
        set_script_prefix("/")


def test_a_static_address_follows_the_settings():
    with override_settings(STATIC_URL="/elsewhere/"):
        assert engines["django"].from_string("{% load base_page %}{% static_address 'x.css' %}").render(
            {}
        ) == (static("x.css"))
        assert static("x.css").startswith("/elsewhere/")
