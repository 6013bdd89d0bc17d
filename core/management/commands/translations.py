"""`translations update` extracts the interface strings into locale/hi and locale/bn;
`translations compile` writes the .mo files (core/translations.py)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from core import translations


class Command(BaseCommand):
    help = "Extract the interface strings into the Hindi and Bengali catalogues (update), or compile them."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["update", "compile"])
        parser.add_argument("--force", action="store_true", help="compile: rewrite every .mo file")

    def handle(self, *args, action, force=False, **options):
        if action == "update":
            call_command(
                "makemessages",
                locale=list(translations.LANGUAGES),
                ignore_patterns=list(translations.IGNORE),
                add_location="file",
                no_obsolete=True,
                verbosity=options["verbosity"],
            )
        written = translations.compile_all(force=force or action == "update")
        self.stdout.write(f"{len(written)} catalogue(s) compiled" if written else "Catalogues up to date")
