"""`manage.py import_people_feed [FILE] [--dry-run]`: the people-in-space feed, 2020–2026."""

from crews.sources.people_feed import FILE, import_people_feed

from ._source import SourceCommand


class Command(SourceCommand):
    help = "Import the people-in-space feed (2020–2026), reconciled with the people on file. Idempotent."
    default_file = FILE
    importer = staticmethod(import_people_feed)
