from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompensationConfig(AppConfig):
    name = "compensation"
    verbose_name = _("Compensation")

    def ready(self):
        from django.db.models.signals import post_save

        from . import signals

        # A trial's conclusion moves the NALSA time limit (three years from the offence or the
        # conclusion of the trial): the court app need not know about claims.
        post_save.connect(signals.court_case_saved, sender="legal.CourtCase", dispatch_uid="compensation_time_bar")
        # Claims past their time bar lapse on the deadline scan's schedule.
        from cases.tasks import deadline_scan_done

        deadline_scan_done.connect(signals.deadline_scan_done, dispatch_uid="compensation_lapse_time_barred")
        # A judgment that recommends compensation under the victim compensation scheme creates
        # or updates her claim (BNSS 396(2)-(3)).
        from legal.court.signals import compensation_recommended

        compensation_recommended.connect(signals.compensation_recommended, dispatch_uid="compensation_claim_from_court")
        # The letters to the survivor read her claims and payments through these.
        from . import survivor_facts

        survivor_facts.register()
