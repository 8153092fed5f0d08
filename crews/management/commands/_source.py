"""What the source-import commands share: the file argument, --dry-run, and the report."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crews.sources.loading import refresh_statistics
from crews.sources.report import SourceReport

from .import_roster import print_report


def print_source_report(command: BaseCommand, report: SourceReport, *, verbosity: int) -> None:
    if verbosity >= 2:
        for finding in report.anomalies:
            command.stdout.write(f"anomaly ({finding.kind}): {finding}")
    if report.roster is not None and verbosity >= 2:
        print_report(command, report.roster, details=verbosity >= 3, prefix="roster: ")
    for held in report.held:
        command.stdout.write(command.style.WARNING(f"held back: {held}"))
    if verbosity >= 1:
        command.stdout.write(command.style.SUCCESS(f"{report.source}: {report.summary()}"))


class SourceCommand(BaseCommand):
    default_file: Path
    importer = None

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", type=Path, help="the CSV file (default: the copy in the project)"
        )
        parser.add_argument("--dry-run", action="store_true", help="report what would change; write nothing")

    def handle(self, *args, file: Path | None, dry_run: bool, verbosity: int, **options):
        path = file or self.default_file
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        report = self.importer(data, dry_run=dry_run)
        for problem in report.problems:
            self.stderr.write(problem)
        if report.roster is not None:
            for problem in report.roster.problems:
                self.stderr.write(str(problem))
        if not report.ok:
            raise CommandError("nothing was imported: see the problems above.")
        if not dry_run:
            refresh_statistics()
        print_source_report(self, report, verbosity=verbosity)
