# pg_trgm for fuzzy crew-name search on PostgreSQL; nothing happens on other databases.

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("missions", "0001_initial")]

    operations = [TrigramExtension()]
