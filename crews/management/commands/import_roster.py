"""`manage.py import_roster FILE [--dry-run]`: import a roster CSV, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crews.roster_csv.importer import ImportReport, roster_import


def print_report(command: BaseCommand, report: ImportReport, *, details: bool, prefix: str = "") -> None:
    """Shared by the commands that import rosters: details, the summary, then the warnings."""
    if details:
        for items in report.created.values():
            for item in items:
                command.stdout.write(f"{'would create' if report.dry_run else 'created'} {item}")
        for item in report.changed:
            command.stdout.write(f"{'would change' if report.dry_run else 'changed'} {item}")
    command.stdout.write(command.style.SUCCESS(f"{prefix}{report.summary()}"))
    for warning in report.warnings:
        command.stdout.write(command.style.WARNING(f"warning: {warning}"))


class Command(BaseCommand):
    help = "Import a roster CSV (one row per person per leg). All or nothing; --dry-run writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="UTF-8 CSV file, with or without a byte-order mark")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be created and changed, write nothing"
        )

    def handle(self, *args, file: Path, dry_run: bool, verbosity: int, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        report = roster_import(data=data, dry_run=dry_run)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(report.problems)} problem(s) in {file}; nothing was written.")
        prefix = "dry run, nothing written: " if dry_run else ""
        print_report(self, report, details=dry_run or verbosity >= 2, prefix=prefix)
