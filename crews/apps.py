from django.apps import AppConfig


class CrewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "crews"
    verbose_name = "Crews and seats"

    def ready(self):
        # Connects the receivers that check mission, agreement and spacecraft changes
        # against the seats on file (see missions/signals.py).
        # A change to anything the rules read gives the record a new version (missions/versions.py).
        from .record_changes import connect
        from .rules import enforcement  # noqa: F401

        connect()
