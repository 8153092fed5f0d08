"""`manage.py load_demo`: reference data and the 2022–2025 integrated-crew roster. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from crews.demo.loader import demo_load

from .import_roster import print_report


class Command(BaseCommand):
    help = "Load the demo data (agencies, spacecraft, sites, the ISS, agreements, the 2022–2025 roster)."

    def handle(self, *args, verbosity: int, **options):
        report = demo_load()
        roster = report.roster
        if not roster.ok:
            for problem in roster.problems:
                self.stderr.write(str(problem))
            raise CommandError("the demo roster did not import; nothing was written.")
        if verbosity >= 1:
            for item in report.created:
                self.stdout.write(f"created {item}")
            print_report(self, roster, details=verbosity >= 2, prefix="demo roster: ")
