"""Django for a benchmark: the project on the path, a throwaway SQLite file unless DATABASE_URL is set.

Imported first by each benchmark (`import setup_django  # noqa: F401`), before anything from Django.
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "seatswap.settings")

import django

django.setup()
