"""A URLconf other than the site's, for the test that remembered addresses follow a change of URLconf."""

from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path(
        "",
        include(([path("elsewhere/<slug>/", lambda request, slug: HttpResponse(), name="station")], "pages")),
    ),
]
