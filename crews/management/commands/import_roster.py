"""`manage.py import_roster FILE [--dry-run] [--change-record] [--same-person …] [--new-person …]`: import a
roster CSV, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from crews.models import CrewMember
from crews.roster_csv.importer import ImportReport, NameChoices, roster_import


def print_report(command: BaseCommand, report: ImportReport, *, details: bool, prefix: str = "") -> None:
    """Shared by the commands that import rosters: details, the summary, then the warnings."""
    if details:
        for items in report.created.values():
            for item in items:
                command.stdout.write(f"{'would create' if report.dry_run else 'created'} {item}")
        for item in report.changed:
            command.stdout.write(f"{'would change' if report.dry_run else 'changed'} {item}")
        for item in report.kept:
            command.stdout.write(f"kept: {item}")
    command.stdout.write(command.style.SUCCESS(f"{prefix}{report.summary()}"))
    for warning in report.warnings:
        command.stdout.write(command.style.WARNING(f"warning: {warning}"))


def _same_person(text: str) -> tuple[str, int]:
    """`Nicole Man=Nicole Mann` → ("Nicole Man", the id of the one person called Nicole Mann)."""
    written, sep, meant = text.partition("=")
    people = list(CrewMember.objects.named(meant)) if sep else []
    if len(people) != 1:
        found = "nobody" if not people else f"{len(people)} people"
        raise CommandError(
            f"--same-person {text!r}: write NAME=PERSON, PERSON being one person on file ({found} is)"
        )
    return written.strip(), people[0].pk


class Command(BaseCommand):
    help = "Import a roster CSV (one row per person per leg). All or nothing; --dry-run writes nothing."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="UTF-8 CSV file (comma, semicolon or tab separated)")
        parser.add_argument(
            "--dry-run", action="store_true", help="report what would be created and changed, write nothing"
        )
        parser.add_argument(
            "--change-record", action="store_true",
            help="allow changes to the record: launched and landed missions, their flown seats, who a person is",
        )  # fmt: skip
        parser.add_argument(
            "--same-person", action="append", default=[], metavar="NAME=PERSON",
            help="a name close to someone on file means that person (repeat for each name)",
        )  # fmt: skip
        parser.add_argument(
            "--new-person", action="append", default=[], metavar="NAME",
            help="a name close to someone on file is a new person (repeat for each name)",
        )  # fmt: skip

    def handle(self, *args, file: Path, dry_run: bool, change_record: bool, verbosity: int, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        names = NameChoices(
            same=dict(map(_same_person, options["same_person"])), new=set(options["new_person"])
        )
        report = roster_import(data=data, dry_run=dry_run, may_change_record=change_record, names=names)
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            if report.close_names:
                self.stderr.write(
                    "Say what each close name is: --same-person 'NAME=PERSON' or --new-person 'NAME'."
                )
            raise CommandError(f"{len(report.problems)} problem(s) in {file}; nothing was written.")
        prefix = "dry run, nothing written: " if dry_run else ""
        print_report(self, report, details=dry_run or verbosity >= 2, prefix=prefix)
