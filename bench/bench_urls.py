"""The project's pages and the floor: "ok" from a view behind the same middleware (session, login, CSP, …), the
least any page can cost. Each page's time is given as a ratio to it, measured in the same run."""

from django.http import HttpResponse
from django.urls import path

from seatswap.urls import urlpatterns as project


def floor(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *project]
