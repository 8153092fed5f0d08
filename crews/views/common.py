"""What every page shares: fetching an object or a 404, paging, and refusing a download with a reason."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404

from missions.models import Mission

from ..kept_rows import address_key, kept, today
from ..models import SeatAssignment
from ..prepared import Prepared

PAGE_SIZE = 25


def page_of(request, queryset, *, kept_as: str = "", token: str | None = None) -> Page:
    """The page the request asks for (`?page=`), 25 rows. With `kept_as` (the list's name) and the record's
    version `token`, the count of rows matching the filters (the query string but the page) is kept in the
    cache under the version: counting is the one read of a list page that grows with the record (2 ms for
    39,000 people). Under the day too, as the rows are (no filter depends on the day yet; one may)."""
    paginator = Paginator(queryset, PAGE_SIZE)
    if kept_as:
        name = f"count:{today()}:{kept_as}:{address_key(query_without_page(request))}"
        # Paginator.count is a cached property: set, it is not counted again.
        paginator.count = kept(name, token, lambda: paginator.count)
    return paginator.get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    """The query string for links to other pages of the same list."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


#: A mission with what its pages show of it, by slug; its SQL written once (every mission page reads it).
_MISSION = Prepared(
    lambda slug: Mission.objects.select_related("spacecraft__operator", "launch_site", "destination").filter(
        slug=slug
    ),
    str,
)


def get_mission(slug: str) -> Mission:
    found = _MISSION(slug)
    if not found:
        raise Http404("No mission has this address.")
    return found[0]


def get_seat(slug: str, pk: int) -> SeatAssignment:
    """A seat of the mission named in the URL (another mission's seat is a 404)."""
    return get_object_or_404(SeatAssignment.objects.with_people(), pk=pk, mission__slug=slug)


def download_refused(text: str) -> HttpResponseBadRequest:
    """A download cannot show a message on a page: refuse it, saying why, rather than send something else."""
    return HttpResponseBadRequest(text, content_type="text/plain; charset=utf-8")
