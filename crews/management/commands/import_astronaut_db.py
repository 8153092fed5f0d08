"""`manage.py import_astronaut_db [FILE] [--dry-run]`: the Astronaut Database, 1961–2019."""

from crews.sources.astronaut_db import FILE, import_astronaut_db

from ._source import SourceCommand


class Command(SourceCommand):
    help = "Import the Astronaut Database (1961–2019): people, flights, hours, stations. Idempotent."
    default_file = FILE
    importer = staticmethod(import_astronaut_db)
