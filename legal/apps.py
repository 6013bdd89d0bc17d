from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "legal"
    verbose_name = _("Legal")

    def ready(self):
        # The letters to the survivor read FIRs, arrests and court dates through these.
        from legal import survivor_facts
        from legal.models import FIR

        survivor_facts.register()

        # The court cases on an FIR follow its charges and chargesheet (the investigation
        # announces the change: it sits below court and imports none of it).
        from legal.court.services import court_clocks_for_fir
        from legal.investigation.signals import fir_charges_changed

        fir_charges_changed.connect(court_clocks_for_fir, sender=FIR, dispatch_uid="court_clocks_for_fir")
