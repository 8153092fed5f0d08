"""Missions' compact names (`missions.names`), written with each row from now on, and here for the rows on file:
the launches' search compares them in the database instead of reading every name into Python."""

from django.db import migrations

import missions.names


def fill(apps, schema_editor):
    for model_name in ("Mission", "HistoricalMission"):
        model = apps.get_model("missions", model_name)
        rows = list(model.objects.only("pk", "name"))
        for row in rows:
            row.search_name = missions.names.compact(row.name)
        model.objects.bulk_update(rows, ["search_name"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("missions", "0010_record_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmission",
            name="search_name",
            field=missions.names.CompactNameField(max_length=120, source="name"),
        ),
        migrations.AddField(
            model_name="mission",
            name="search_name",
            field=missions.names.CompactNameField(max_length=120, source="name"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
