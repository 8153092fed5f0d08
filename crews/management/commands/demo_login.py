"""`manage.py demo_login`: a login for trying the demo on your own machine (DEBUG only)."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "demo"
PASSWORD_FILE = Path(settings.BASE_DIR) / "var" / "demo-login.txt"


class Command(BaseCommand):
    help = "Create the demo superuser with a random password (DEBUG only) and say how to log in."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/")

    def handle(self, *args, url: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_login only runs with DEBUG=1; in production use createsuperuser.")
        users = get_user_model()
        if not users.objects.filter(username=USERNAME).exists():
            password = secrets.token_urlsafe(12)
            users.objects.create_superuser(USERNAME, email="", password=password)
            PASSWORD_FILE.parent.mkdir(exist_ok=True)
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
        if PASSWORD_FILE.exists():
            password = PASSWORD_FILE.read_text().strip()
            self.stdout.write(
                self.style.SUCCESS(f"Log in at {url} as “{USERNAME}” with password “{password}”.")
            )
            self.stdout.write(f"(The password is kept in {PASSWORD_FILE.relative_to(settings.BASE_DIR)}.)")
        else:
            self.stdout.write(
                f"Log in at {url} as “{USERNAME}”; its password was set elsewhere "
                f"(reset it with: python manage.py changepassword {USERNAME})."
            )
