"""`manage.py load_record`: the whole record — reference data and the 2022–2025 roster (`load_demo`), then the
Astronaut Database (1961–2019) and the people-in-space feed (2020–2026). Idempotent; all or nothing per source."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from crews.models import Anomaly, CrewMember, SourceName
from crews.sources.astronaut_db import import_astronaut_db
from crews.sources.identity import confirm_from_file
from crews.sources.loading import refresh_statistics
from crews.sources.people_feed import import_people_feed
from missions.models import Mission, Station

from ._source import print_source_report


class Command(BaseCommand):
    help = "Load the whole record: reference data, the 2022–2025 roster, the Astronaut Database, the feed."

    def handle(self, *args, verbosity: int, **options):
        call_command("load_demo", verbosity=max(verbosity - 1, 0), stdout=self.stdout, stderr=self.stderr)
        for source, importer in (
            ("astronaut_db", import_astronaut_db),
            ("people_in_space", import_people_feed),
        ):
            confirm_from_file(source)
            report = importer()
            if not report.ok:
                for problem in [*report.problems, *(report.roster.problems if report.roster else [])]:
                    self.stderr.write(str(problem))
                raise CommandError(f"{report.source} did not import; nothing of it was written.")
            print_source_report(self, report, verbosity=verbosity)
        refresh_statistics()
        if verbosity >= 1:
            proposals = SourceName.objects.filter(status=SourceName.Status.PROPOSED).count()
            self.stdout.write(self.style.SUCCESS(
                f"the record: {CrewMember.objects.count()} people, {Mission.objects.count()} missions, "
                f"{Station.objects.count()} stations, {Anomaly.objects.filter(resolved=False).count()} open "
                f"anomalies, {proposals} names for a data steward to confirm"
            ))  # fmt: skip
