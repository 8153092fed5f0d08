"""The database down: a plain 503 page with Retry-After, logged once per outage.

When PostgreSQL (or the SQLite file) cannot be reached, every request that needs it
fails with `django.db.OperationalError` or `InterfaceError` (Django wraps the
driver's connection errors in these). Instead of a bare "Server Error (500)" and a
traceback in the log for every request, seatswap answers 503 with `Retry-After`
and the 503 page, which needs no database, and logs the outage once.

The failure can surface in two places, and both end here:

- in a view: `DatabaseUnavailableMiddleware.process_exception` answers;
- in a middleware that touches the database lazily (the session, the user behind
  LoginRequiredMiddleware, the session saved on the way out): Django turns the
  exception into a response inside that middleware's own layer, before this
  middleware sees it, by calling `handler500` — which calls `unavailable_response`
  here (see `seatswap.errors.server_error`).

Nothing is kept between requests but one flag: "this outage has been logged". It
is cleared, with one line in the log, by the first request after the outage that
runs a query successfully, so the next outage is logged again.
"""

from __future__ import annotations

import logging
import threading

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("seatswap.outage")

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30

_lock = threading.Lock()
_outage_logged = False


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True for the errors Django raises when the database cannot be reached or does not answer."""
    return isinstance(exc, DATABASE_ERRORS)


def outage_logged() -> bool:
    return _outage_logged


def note_outage(exc: BaseException) -> None:
    """Log the outage the first time it is seen; later failures of the same outage stay quiet."""
    global _outage_logged
    with _lock:
        if _outage_logged:
            return
        _outage_logged = True
    logger.error(
        "Database unavailable (%s): answering 503 until a query succeeds again; "
        "further failures are not logged until then",
        type(exc).__name__,
        exc_info=exc,
    )


def note_recovery() -> None:
    global _outage_logged
    with _lock:
        if not _outage_logged:
            return
        _outage_logged = False
    logger.warning("Database answering again: the outage is over")


def reset() -> None:
    """Forget any outage (for tests)."""
    global _outage_logged
    with _lock:
        _outage_logged = False


def unavailable_response() -> HttpResponse:
    """The 503 page, rendered without a request (no context processors, no session, no database)."""
    body = render_to_string("503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Django logs every 4xx/5xx response (with the traceback, if any) unless the response
    # says it has been logged (django.utils.log.log_response): note_outage logs once instead.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 when the database is down; placed early, right after the security middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _outage_logged:
            return self._respond(request)
        # During an outage, watch for a query that succeeds: the database is back.
        answered = []

        def note_query(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            answered.append(True)
            return result

        with connection.execute_wrapper(note_query):
            response = self._respond(request)
        if answered and response.status_code != 503:
            note_recovery()
        return response

    def _respond(self, request):
        try:
            return self.get_response(request)
        except DATABASE_ERRORS as exc:
            # Only when a layer below lets the exception through; Django's handler
            # normally turns it into a response first (see the module docstring).
            note_outage(exc)
            return unavailable_response()

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            note_outage(exception)
            return unavailable_response()
        return None
