"""The error pages: 400, 403 (and a refused CSRF check), 404 and 500, wired in seatswap/urls.py.

Every page extends templates/error_base.html and is rendered without a request
context: no context processor runs, so nothing here touches the session, the user
or the database, and the 500 page renders with the database down. The pages never
show the exception's text, the address asked for or a setting beyond the limits a
user has to keep to.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import (
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    HttpResponseServerError,
)
from django.template.loader import render_to_string

from .outage import is_database_unavailable, note_outage, unavailable_response


def size_in_words(size: int) -> str:
    """5242880 → "5 MB", 1572864 → "1.5 MB", 2048 → "2 KB" (binary units, as the setting counts)."""
    for unit, factor in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def bad_request_reason(exception) -> tuple[str, str]:
    """What went wrong, in words, and what to do: the limits are named, nothing else from the request."""
    if isinstance(exception, RequestDataTooBig) and settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        limit = size_in_words(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return (
            f"The form sent was too large (over {limit}).",
            "Send less at once: split a long roster into several uploads, or attach it as a file.",
        )
    if isinstance(exception, TooManyFieldsSent) and settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
        return (
            f"The form sent had too many fields (over {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}).",
            "Send fewer fields at once, or upload the rows as a CSV file.",
        )
    if isinstance(exception, TooManyFilesSent) and settings.DATA_UPLOAD_MAX_NUMBER_FILES:
        return (
            f"The form sent had too many files (over {settings.DATA_UPLOAD_MAX_NUMBER_FILES}).",
            "Send fewer files at once.",
        )
    return (
        "Seatswap could not understand the request your browser sent.",
        "Go back, reload the page and try again.",
    )


def bad_request(request, exception=None):
    reason, advice = bad_request_reason(exception)
    return HttpResponseBadRequest(render_to_string("400.html", {"reason": reason, "advice": advice}))


def permission_denied(request, exception=None):
    return HttpResponseForbidden(render_to_string("403.html"))


def csrf_failure(request, reason=""):
    """A refused CSRF check (settings.CSRF_FAILURE_VIEW): the 403 page, saying what to do."""
    context = {
        "reason": "The form could not be accepted: it has expired, or your browser did not send "
        "seatswap's cookie with it. Nothing was changed.",
        "advice": "Go back, reload the page and send the form again. Cookies must be allowed for this site.",
    }
    return HttpResponseForbidden(render_to_string("403.html", context))


def page_not_found(request, exception=None):
    return HttpResponseNotFound(render_to_string("404.html"))


def server_error(request):
    """The 500 page; the 503 page when the error is the database being unreachable.

    Django calls this inside its exception handling, so the exception is still the
    current one. A database outage that surfaced in a middleware (the session or the
    user, loaded lazily) arrives here rather than in DatabaseUnavailableMiddleware.
    """
    exc = sys.exception()
    if is_database_unavailable(exc):
        note_outage(exc)
        return unavailable_response()
    return HttpResponseServerError(render_to_string("500.html"))
