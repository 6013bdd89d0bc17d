"""A lawyer's review of a case file: asked by a caseworker on the team, answered and signed off
by a lawyer on the team, with a checklist. The question and findings may name people: encrypted."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import Case
from core.fields import EncryptedTextField

# The checklist a lawyer goes through: field name -> what she checks.
REVIEW_CHECKLIST = [
    ("sections_right", _("The sections charged are right (both codes)")),
    ("statements_consistent", _("Her statements are consistent")),
    ("evidence_listed", _("The evidence is listed in the chargesheet")),
    ("age_proven", _("Her age is proven (if she was a minor)")),
    ("compensation_sought", _("Compensation has been sought")),
]


class CheckAnswer(models.TextChoices):
    NOT_CHECKED = "", _("Not checked yet")
    YES = "yes", _("Yes")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


def _check(index):
    return models.CharField(REVIEW_CHECKLIST[index][1], max_length=3, choices=CheckAnswer.choices, blank=True)


class LawyerReview(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the lawyer")
        SIGNED_OFF = "signed_off", _("Signed off")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="lawyer_reviews")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lawyer")
    )
    question = EncryptedTextField(_("question for the lawyer"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN, db_index=True)
    findings = EncryptedTextField(_("findings"), blank=True)
    sections_right = _check(0)
    statements_consistent = _check(1)
    evidence_listed = _check(2)
    age_proven = _check(3)
    compensation_sought = _check(4)
    signed_off_at = models.DateTimeField(_("signed off"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["lawyer", "status"], name="review_queue")]
        verbose_name = _("lawyer review")
        verbose_name_plural = _("lawyer reviews")

    def __str__(self):
        return f"{self.case} · {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def age_days(self) -> int:
        end = self.signed_off_at or timezone.now()
        return (timezone.localdate(end) - timezone.localdate(self.requested_at)).days

    @property
    def checklist(self) -> list[dict]:
        labels = dict(CheckAnswer.choices)
        return [
            {"name": name, "label": label, "answer": getattr(self, name), "answer_label": labels[getattr(self, name)]}
            for name, label in REVIEW_CHECKLIST
        ]
