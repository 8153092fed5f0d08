"""The two roles: Planners change missions and seats; Viewers read everything and change nothing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = {
    "missions": ["agency", "spacecraft", "launchsite", "station", "mission", "agreement"],
    "crews": ["crewmember", "othername", "qualification", "seatassignment"],
}
PLANNER_CHANGES = [
    ("missions", "add_mission"),
    ("missions", "change_mission"),
    ("crews", "add_seatassignment"),
    ("crews", "change_seatassignment"),
    ("crews", "delete_seatassignment"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for config in apps.get_app_configs():
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = [
        Permission.objects.get(content_type__app_label=app, codename=f"view_{model}")
        for app, models in MODELS.items()
        for model in models
    ]
    changes = [
        Permission.objects.get(content_type__app_label=app, codename=code) for app, code in PLANNER_CHANGES
    ]
    viewers, _ = Group.objects.get_or_create(name="Viewers")
    viewers.permissions.set(view)
    planners, _ = Group.objects.get_or_create(name="Planners")
    planners.permissions.set(view + changes)


def keep_groups(apps, schema_editor):
    """Unapplying keeps the groups and who is in them (deleting them lost every membership); applying again
    finds them and sets their permissions."""


class Migration(migrations.Migration):
    dependencies = [
        ("crews", "0002_history"),
        ("missions", "0003_history_and_version"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, keep_groups)]
