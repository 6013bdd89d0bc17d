from django.conf import settings
from django.core.management.base import BaseCommand

from consortium import demo


class Command(BaseCommand):
    help = "Print the demo logins and their password."

    def handle(self, *args, **options):
        width = max(len(login.username) for login in demo.DEMO_LOGINS)
        lines = ["", f"Nyaya demo logins (password for all: {settings.DEMO_PASSWORD})", ""]
        for login in demo.DEMO_LOGINS:
            lines.append(f"  {login.username.ljust(width)}  {login.note}")
        lines.append(f"  {demo.SUPERUSER.ljust(width)}  system administrator (Django admin at /admin/)")
        lines += [
            "",
            "Open http://127.0.0.1:8000 and log in.",
            *(line for note in demo.LOGIN_NOTES for line in note()),
            "REST API: documentation at http://127.0.0.1:8000/api/v1/docs/; make a token under Sign-in security",
            "-> API tokens, or with `python manage.py api_token create cw_wb --scope read`.",
            "",
        ]
        self.stdout.write("\n".join(lines))
