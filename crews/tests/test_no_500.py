"""No 500 a user can reach: every admin changelist (each of its filters, the date hierarchy, search, ordering and
page), change, delete and history URL, simple-history's history forms, the autocomplete, and every route of the
site's own pages, each with a list of bad values, as a steward and as a viewer.

The URLs come from the registry (`admin.site._registry`) and the URLconf (`crews.urls`), not from a list kept by
hand: a new model admin, filter or route is walked without changing this test. Every failure is collected, so
one run shows them all.
"""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import Model
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.urls import reverse

from crews import urls as crews_urls
from crews.models import CrewMember, SeatAssignment
from missions.models import Agreement, Mission, Station
from missions.tests.factories import MissionFactory

#: Bad object ids in a path (sent percent-encoded: `%00` is a NUL).
BAD_IDS = ["abc", "1e3", "%00", "0x10", "-1", "99999999999999999999", "%C2%B2"]
#: Bad values in a query string (encoded as given).
BAD_VALUES = [
    "0",
    "-1",
    "10000",
    "%C2%B2",
    "abc",
    "1e3",
    "99999999999999999999",
    "%00",
    "2026-13-45",
    "a%00b",
]
#: Query parameters every list of the admin reads: search, ordering, page.
ADMIN_LIST_PARAMS = ["q", "o", "p"]


def _filter_parameters(model_admin, request) -> list[str]:
    """The query parameters of a changelist's filters (each `list_filter` entry and the date hierarchy)."""
    names: list[str] = []
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type):  # a SimpleListFilter
            spec = item(request, {}, model_admin.model, model_admin)
        else:
            path, cls = item if isinstance(item, (tuple, list)) else (item, None)
            field = get_fields_from_path(model_admin.model, path)[-1]
            if cls is None:
                spec = admin.FieldListFilter.create(field, request, {}, model_admin.model, model_admin, path)
            else:
                spec = cls(field, request, {}, model_admin.model, model_admin, field_path=path)
        names += spec.expected_parameters()
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    return names


def _autocomplete_fields(model_admin, request) -> list[tuple[Model, str]]:
    fields = [(model_admin.model, name) for name in model_admin.get_autocomplete_fields(request)]
    for inline in model_admin.get_inline_instances(request):
        fields += [(inline.model, name) for name in inline.get_autocomplete_fields(request)]
    return fields


def _history_ids(model) -> list:
    """Ids with history: one object on file and one deleted (if any), for the history list and its forms."""
    history = model.history.model.objects
    ids = list(model.objects.order_by("pk").values_list("pk", flat=True)[:1])
    gone = history.filter(history_type="-").exclude(
        **{f"{model._meta.pk.attname}__in": model.objects.values("pk")}
    )
    ids += list(gone.order_by(model._meta.pk.attname).values_list(model._meta.pk.attname, flat=True)[:1])
    return ids


def admin_urls(user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = user
    urls: list[str] = []
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        changelist = reverse(f"{info}_changelist")
        for name in [*_filter_parameters(model_admin, request), *ADMIN_LIST_PARAMS]:
            urls += [f"{changelist}?{name}={value}" for value in BAD_VALUES]
        pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
        for bad in [*BAD_IDS, pk]:
            if bad is None:
                continue
            for view in ("change", "history", "delete"):
                urls.append(f"{changelist}{bad}/{view}/")
        if hasattr(model, "history"):
            for object_id in _history_ids(model):
                urls.append(f"{changelist}{object_id}/history/")
                urls += [f"{changelist}{object_id}/history/{bad}/" for bad in BAD_IDS]
                records = model.history.model.objects.filter(**{model._meta.pk.attname: object_id})
                urls += [
                    f"{changelist}{object_id}/history/{hid}/" for hid in records.values_list("pk", flat=True)
                ]
        for source, field_name in _autocomplete_fields(model_admin, request):
            base = reverse("admin:autocomplete") + (
                f"?app_label={source._meta.app_label}&model_name={source._meta.model_name}&field_name={field_name}"
            )
            urls += [f"{base}&term={value}" for value in BAD_VALUES]
            urls += [f"{base}&term=x&page={value}" for value in BAD_VALUES]
    urls += [
        f"{reverse('admin:autocomplete')}?app_label={value}&model_name=x&field_name=y" for value in BAD_VALUES
    ]
    return urls


#: What the first segment of a page's route names, for the real slug put in its path.
SLUG_OWNERS = {"missions": Mission, "crews": CrewMember, "agreements": Agreement, "stations": Station}


class _ParametersRead:
    """The query parameters a view reads (`get`, `[]`, `getlist`, `in` on any QueryDict while it runs)."""

    def __init__(self):
        self.names: set[str] = set()

    def __enter__(self):
        originals = {
            name: getattr(QueryDict, name) for name in ("get", "__getitem__", "getlist", "__contains__")
        }
        self._patches = []
        for name, original in originals.items():

            def reading(qd, key, *args, _original=original, **kwargs):
                self.names.add(key)
                return _original(qd, key, *args, **kwargs)

            patch = mock.patch.object(QueryDict, name, reading)
            patch.start()
            self._patches.append(patch)
        return self

    def __exit__(self, *exc):
        for patch in self._patches:
            patch.stop()


def page_urls(client: Client, seat: SeatAssignment) -> list[str]:
    """Each route of the pages: with each bad value in each query parameter its view reads (and `page`), and
    with each bad value in each of its path parameters."""
    urls: list[str] = []
    for pattern in crews_urls.urlpatterns:
        route = str(pattern.pattern)
        owner = SLUG_OWNERS.get(route.split("/")[0])
        good = {"slug": owner.objects.order_by("pk").first().slug if owner else "", "pk": str(seat.pk)}
        if owner is Mission:
            good["slug"] = seat.mission.slug

        def fill(values, route=route):
            return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m[1]], route)

        url = fill(good)
        with _ParametersRead() as read:  # a query string, so that the view binds its filter form and reads it
            client.get(f"{url}?walk=1")
        urls += [
            f"{url}?{name}={value}"
            for name in sorted(read.names - {"walk"} | {"page"})
            for value in BAD_VALUES
        ]
        for name in pattern.pattern.converters:
            urls += [fill({**good, name: bad}) for bad in BAD_IDS]
    return urls


@pytest.fixture
def walked(world):
    """The world, a flown mission with seats, and a seat released whose mission and person were then deleted."""
    mission = MissionFactory(
        name="Soyuz MS-22", spacecraft=world.soyuz, launch_site=world.baikonur, destination=world.iss,
        launch_date=dt.date(2022, 9, 21), status=Mission.Status.PLANNED,
    )  # fmt: skip
    seat = SeatAssignment.objects.create(
        mission=mission, leg="ascent", seat=1, role="commander", crew_member=world.prokopyev
    )
    SeatAssignment.objects.create(
        mission=mission, leg="ascent", seat=2, role="flight_engineer", crew_member=world.petelin
    )
    doomed = MissionFactory(name="Doomed 1", spacecraft=world.soyuz, launch_site=world.baikonur)
    gone = SeatAssignment.objects.create(
        mission=doomed, leg="ascent", seat=1, role="commander", crew_member=world.kikina
    )
    gone_pk = gone.pk
    # And a seat of MS-22 released, whose person then left the record (the mission's page lists released seats).
    SeatAssignment.objects.create(
        mission=mission, leg="ascent", seat=3, role="flight_engineer", crew_member=world.cristoforetti
    ).delete()
    world.cristoforetti.delete()
    gone.delete()
    world.kikina.delete()
    doomed.delete()
    assert SeatAssignment.history.filter(id=gone_pk).exists()
    return seat


def walk(client: Client, urls: list[str]) -> list[str]:
    failures = []
    for url in urls:
        response = client.get(url)
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            why = f"{exc[0].__name__}: {str(exc[1])[:80]}" if exc else ""
            failures.append(f"{response.status_code} {url} {why}")
    return failures


def _client(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["steward", "viewer"])
def test_no_url_answers_500(request, walked, who):
    user = request.getfixturevalue(who)
    steward = request.getfixturevalue("steward")
    urls = admin_urls(steward) + page_urls(_client(steward), walked)
    assert len(urls) > 1500  # the walk is as wide as the registry and the URLconf
    failures = walk(_client(user), urls)
    assert failures == [], f"{len(failures)} of {len(urls)} URLs answer 500:\n" + "\n".join(failures)


def test_the_walk_reaches_the_filters_of_the_pages(steward, walked):
    """The query parameters are found from what each view reads: the filters of /missions/ and /crews/ and the
    station page's dates are among them (else the walk would send its bad values nowhere)."""
    urls = page_urls(_client(steward), walked)
    for wanted in (
        "/missions/?year=",
        "/missions/?q=",
        "/crews/?sort=",
        "/crews/?min_flights=",
        "/crews/?page=",
    ):
        assert any(url.startswith(wanted) for url in urls), wanted
    assert any("/stations/iss/?date=2026-13-45" in url for url in urls)


@pytest.mark.parametrize("value", ["0", "10000", "%C2%B2", "99999999999999999999"])
@pytest.mark.parametrize("changelist", ["missions_mission", "crews_seatassignment"])
def test_a_launch_year_no_date_holds_is_the_admins_error_page(steward, walked, changelist, value):
    url = reverse(f"admin:{changelist}_changelist")
    response = _client(steward).get(f"{url}?year={value}")
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"
    assert _client(steward).get(f"{url}?year=2022").status_code == 200


def test_a_date_hierarchy_year_too_large_is_the_admins_error_page(steward, walked):
    url = reverse("admin:missions_mission_changelist")
    response = _client(steward).get(f"{url}?launch_date__year=99999999999999999999")
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_history_url_without_an_id_is_404(steward, walked, bad):
    base = reverse("admin:missions_mission_changelist")
    client = _client(steward)
    assert client.get(f"{base}{bad}/history/").status_code == 404
    assert client.get(f"{base}{walked.mission.pk}/history/{bad}/").status_code == 404


def test_a_nul_in_a_filter_or_an_autocomplete_term(steward, walked):
    client = _client(steward)
    url = reverse("admin:crews_seatassignment_changelist")
    assert client.get(f"{url}?role__exact=a%00b")["Location"] == f"{url}?e=1"
    found = client.get(
        reverse("admin:autocomplete")
        + "?app_label=crews&model_name=seatassignment&field_name=crew_member&term=Pet%00elin"
    )
    assert found.status_code == 200
    assert [r["text"] for r in found.json()["results"]] == ["Dmitry Petelin"]


def test_seat_history_after_its_mission_and_person_were_deleted(steward, walked):
    """The seat's history list and its history form show, though the mission and person are gone."""
    record = (
        SeatAssignment.history.filter(history_type="-", seat=1).exclude(id=walked.pk).latest("history_date")
    )
    client = _client(steward)
    base = reverse("admin:crews_seatassignment_changelist")
    listing = client.get(f"{base}{record.id}/history/")
    assert listing.status_code == 200
    assert "(deleted mission)" in listing.content.decode()
    form = client.get(f"{base}{record.id}/history/{record.history_id}/")
    assert form.status_code == 200
