from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Legal")

    def ready(self):
        # The letters to the survivor read FIRs, arrests and court dates through these.
        from . import survivor_facts

        survivor_facts.register()
