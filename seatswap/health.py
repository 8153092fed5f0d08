"""`/healthz` for load balancers: 200 "ok" when the database answers and every migration is applied, 503 with
the reason otherwise. Anonymous, never cached, and it says nothing about the record."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

log = logging.getLogger(__name__)


def _problem() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "database unavailable"
    return f"{len(pending)} migrations not applied" if pending else ""


@login_not_required
@never_cache
@require_GET
def healthz(request):
    problem = _problem()
    if problem:
        log.warning("healthz: %s", problem)
        return HttpResponse(
            problem + "\n", status=503, content_type="text/plain", headers={"Retry-After": "30"}
        )
    return HttpResponse("ok\n", content_type="text/plain")
