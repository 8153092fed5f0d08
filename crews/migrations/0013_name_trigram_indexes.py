"""Trigram indexes on crew members' names and other names, on PostgreSQL only (nothing happens elsewhere: SQLite
compares names in Python, `crews.search`). The search's `%` (pg_trgm's similarity) is answered from the index on
the name, and Django's `icontains` (`UPPER(name) LIKE UPPER(…)`) from the index on the upper-cased name, instead
of the similarity of every name worked out at each search (43 ms at 1000× the demo). Without GIN's pending list
(`fastupdate = off`): names are added rarely, and after a load of the whole record a search read the pending
list of every name added until the next vacuum (55 ms at 1000× the demo, 10 ms after a vacuum)."""

from django.db import migrations

INDEXES = [
    ("crews_crewmember_name_trgm", "crews_crewmember", "name"),
    ("crews_crewmember_upper_name_trgm", "crews_crewmember", "UPPER(name)"),
    ("crews_othername_name_trgm", "crews_othername", "name"),
    ("crews_othername_upper_name_trgm", "crews_othername", "UPPER(name)"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)"
            " WITH (fastupdate = off)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("crews", "0012_failure_checks"),
        ("missions", "0002_trigram_extension"),
    ]

    operations = [migrations.RunPython(create, drop)]
