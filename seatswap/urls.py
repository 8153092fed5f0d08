from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from seatswap.mail import password_reset_urlpatterns

from .health import healthz

admin.site.site_header = "Seatswap — data entry"
admin.site.site_title = "Seatswap admin"
admin.site.index_title = "Data entry"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="pages:mission_list", permanent=False), name="home"),
    # django.contrib.auth.urls, with password reset only when mail is configured (seatswap.mail).
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/", include(password_reset_urlpatterns)),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("crews.urls")),
]

# The error pages (seatswap/errors.py): the site's look, no database, nothing leaked.
handler400 = "seatswap.errors.bad_request"
handler403 = "seatswap.errors.permission_denied"
handler404 = "seatswap.errors.page_not_found"
handler500 = "seatswap.errors.server_error"
