"""A third role: Data stewards may also change the record (flown missions and seats, who a crew member is)
through the roster import; Planners may not. Migrating back leaves the group and its members alone."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORD = ("crews", "change_record")


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    stewards, _ = Group.objects.get_or_create(name="Data stewards")
    planners = Group.objects.filter(name="Planners").first()
    record = Permission.objects.get(content_type__app_label=RECORD[0], codename=RECORD[1])
    stewards.permissions.add(record, *(planners.permissions.all() if planners else []))


class Migration(migrations.Migration):
    dependencies = [
        ("crews", "0004_roster_uploads_and_record_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
