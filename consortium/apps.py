from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsortiumConfig(AppConfig):
    name = "consortium"
    verbose_name = _("Consortium")

    def ready(self):
        # Login signal receivers (second step, session stamps) and system checks.
        from . import checks, mfa, sessions  # noqa: F401
