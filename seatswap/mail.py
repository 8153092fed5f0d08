"""Password reset only when mail can be sent.

Without mail (no EMAIL_HOST in production) the reset pages would say "we've emailed
you" and send nothing: they answer 404 instead, and the login page hides the link.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.urls import path


def password_reset_enabled() -> bool:
    return bool(getattr(settings, "MAIL_CONFIGURED", False))


def password_reset_context(request):
    return {"password_reset_enabled": password_reset_enabled()}


def _needs_mail(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not password_reset_enabled():
            raise Http404("Password reset is not available: no mail is configured.")
        return view(request, *args, **kwargs)

    return wrapped


# The password-reset routes of django.contrib.auth.urls, each behind _needs_mail.
password_reset_urlpatterns = [
    path("password_reset/", _needs_mail(auth_views.PasswordResetView.as_view()), name="password_reset"),
    path(
        "password_reset/done/",
        _needs_mail(auth_views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        _needs_mail(auth_views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        _needs_mail(auth_views.PasswordResetCompleteView.as_view()),
        name="password_reset_complete",
    ),
]
