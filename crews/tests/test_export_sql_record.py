"""The roster export written by PostgreSQL against the one Python writes, over the whole public record (its own
module: the record is loaded once per module, and the other tests build their own)."""

from crews.models import SeatAssignment
from crews.tests.test_export_sql import both, pytestmark  # noqa: F401 (PostgreSQL only)


def test_the_whole_record_is_written_the_same(record, monkeypatch):
    by_database, by_python = both(monkeypatch)
    assert by_database.count(b"\r\n") == 1 + SeatAssignment.objects.count() > 1000
    assert by_database == by_python
