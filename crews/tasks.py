"""Background tasks (Django's tasks framework, the `django-tasks` backport; stored in the database and run by
`manage.py db_worker`, which `make run` starts)."""

from django_tasks import task

from . import failure_checks, plan_runs


@task()
def solve_plan_run(run_id: int) -> str:
    """The planning assistant's solve for a queued run (`plan_runs.solve`): its status when it ends."""
    return plan_runs.solve(run_id)


@task()
def run_failure_check(check_id: int) -> str:
    """The N-1 report for a queued check (`failure_checks.run`): its status when it ends."""
    return failure_checks.run(check_id)
