from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from .health import healthz

admin.site.site_header = "Seatswap — data entry"
admin.site.site_title = "Seatswap admin"
admin.site.index_title = "Data entry"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="pages:mission_list", permanent=False), name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("crews.urls")),
]
