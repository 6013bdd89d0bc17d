from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Referrals between organisations (a case or one service need) and transfers of a case's lead."""

    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        # Referrals unanswered past their respond-by date expire on the deadline scan's schedule:
        # the case hub need not know this app (cases.tasks.deadline_scan_done).
        from cases.tasks import deadline_scan_done

        from . import signals

        deadline_scan_done.connect(signals.deadline_scan_done, dispatch_uid="referrals_expire_unanswered")
