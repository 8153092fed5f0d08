from django.apps import AppConfig


class CrewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "crews"
    verbose_name = "Crews and seats"

    def ready(self):
        # Connects the receivers that check mission, agreement and spacecraft changes
        # against the seats on file (see missions/signals.py).
        from .rules import enforcement  # noqa: F401
