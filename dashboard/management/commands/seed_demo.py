from django.conf import settings
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from care.demo import seed_care
from cases.demo import seed_cases
from cases.duplicates_demo import seed_duplicates
from cases.work_demo import seed_work
from compensation.demo import seed_compensation
from compensation.models import Scheme
from consortium import demo
from dashboard.demo import seed_dashboard
from dashboard.signals import demo_seeded
from imports.demo import seed_imports
from legal.court.demo import seed_court
from legal.investigation.demo import seed_legal
from legal.investigation.services import medical_exam_record
from privacy.demo import seed_privacy
from referrals.demo import seed_referrals
from selfaccess.demo import seed_self_access


class Command(BaseCommand):
    """Here, in the top layer, because it seeds every app (docs/architecture.md)."""

    help = "Create the deterministic demo consortium (synthetic data). Running it again changes nothing."

    def handle(self, *args, **options):
        # The demo's people have made-up addresses: nothing the seeding triggers is emailed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._seed()

    def _seed(self):
        counts = demo.seed(password=settings.DEMO_PASSWORD)
        counts["new demo cases"] = seed_cases()
        counts["new demo FIRs"] = seed_legal()
        counts["new demo compensation claims"] = seed_compensation()
        counts["new care records"] = seed_care(record_examination=medical_exam_record)
        # Judgments order compensation where the schemes are loaded (a flushed test database has none).
        counts["new demo court cases"] = seed_court(with_compensation=Scheme.objects.exists())
        counts["new demo referrals"] = seed_referrals()
        # Workflow demos (investigation, court, compensation, care, referrals) go above, before the work demo.
        counts["updates given to survivors"] = seed_work()
        counts["privacy records (an erasure, a request waiting, a legal hold)"] = seed_privacy()
        counts["dashboard demo changes"] = seed_dashboard()
        counts["possible duplicate survivors (re-trafficked, rejected, open)"] = seed_duplicates()
        # Her own page: needs the court, claims and consents above (an FIR, a hearing, a payment).
        counts["her own page accounts (one to sign in with, a minor's, a suspended one)"] = seed_self_access()
        # The layer above (the REST API's demo tokens) seeds itself when told.
        for _receiver, answer in demo_seeded.send(sender=self.__class__):
            counts.update(answer or {})
        # Last: the imported cases change nothing the demos above chose.
        counts["imports (one committed, one dry run with errors)"] = seed_imports()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo consortium ready: " + ", ".join(f"{number} {what}" for what, number in counts.items())
            )
        )
