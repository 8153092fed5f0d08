"""What the planning assistant's background work has in common (`plan_runs.solve`, `failure_checks.run`): a
queued row taken once, marked running, its fields written as it goes, and finished with a status, the seconds
it took and, when it failed, why (logged too: the page never waits on work that died)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)


def update(job: models.Model, **fields) -> None:
    """Set these fields on `job` and write them (only them: the page may be reading the row)."""
    for name, value in fields.items():
        setattr(job, name, value)
    type(job).objects.filter(pk=job.pk).update(**fields)


def finish(job: models.Model, started: float, status: str, **fields) -> None:
    update(job, status=status, elapsed=round(time.perf_counter() - started, 2), finished_at=timezone.now(),
           **fields)  # fmt: skip


def run_queued(model: type[models.Model], pk: int, work: Callable, failed: str) -> str:
    """Run `work(job, started)` for the queued row `pk` of `model`; its status when it ends. A row already taken
    is left as it is; an error finishes it as failed, with `failed` ("The solve failed") and the error."""
    job = model.objects.get(pk=pk)
    if job.status != model.Status.QUEUED:
        return job.status
    started = time.perf_counter()
    update(job, status=model.Status.RUNNING, started_at=timezone.now())
    try:
        work(job, started)
    except Exception as error:
        logger.exception("%s %s failed", model._meta.verbose_name, job.pk)
        finish(job, started, model.Status.FAILED, explanation=[f"{failed}: {error}"])
    return job.status
