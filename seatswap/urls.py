from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Seatswap — data entry"
admin.site.site_title = "Seatswap admin"
admin.site.index_title = "Data entry"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="pages:mission_list", permanent=False), name="home"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("crews.urls")),
]

# The error pages (seatswap/errors.py): the site's look, no database, nothing leaked.
handler400 = "seatswap.errors.bad_request"
handler403 = "seatswap.errors.permission_denied"
handler404 = "seatswap.errors.page_not_found"
handler500 = "seatswap.errors.server_error"
