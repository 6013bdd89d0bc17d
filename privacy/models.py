"""Erasure requests, legal holds and retention rules.

Nothing here holds her identity: an erasure request names the survivor by foreign key
(her pseudonym stays), a legal hold's reason is written without names.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ErasureRequest(models.Model):
    """Her request that her identity be erased (DPDP Act 2023 s.12(3)), and what became of it.

    Recorded by a caseworker of the lead organisation, approved by an admin of that
    organisation who is not the person who recorded it. A retention rule can also erase a
    closed case's identity: then `trigger` names the rule and nobody asked.
    """

    class How(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        WRITTEN = "written", _("In writing")
        COLLECTIVE = "collective", _("Through a survivor collective")
        LAWYER = "lawyer", _("Through her lawyer")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        ERASED = "erased", _("Identity erased")
        DECLINED = "declined", _("Declined")

    HER_REQUEST = "her_request"

    survivor = models.ForeignKey(
        "survivors.Survivor", on_delete=models.PROTECT, related_name="erasure_requests", verbose_name=_("survivor")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="erasure_requests", verbose_name=_("case")
    )
    trigger = models.CharField(
        _("why"), max_length=40, default=HER_REQUEST, help_text=_("'her_request', or the code of a retention rule.")
    )
    requested_on = models.DateField(_("she asked on"), null=True, blank=True)
    how = models.CharField(_("how she asked"), max_length=20, choices=How.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=300, blank=True, help_text=_("Without names.")
    )
    erased_at = models.DateTimeField(null=True, blank=True)
    # What was blanked, counted per table ("survivors.Survivor": 1, ...): no values.
    report = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survivor"], condition=Q(status="pending"), name="one_pending_erasure_per_survivor"
            ),
            models.CheckConstraint(
                condition=~Q(status="erased") | Q(erased_at__isnull=False), name="erased_request_has_time"
            ),
        ]
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")

    def __str__(self):
        return f"{self.get_status_display()} ({self.pk})"

    @property
    def at_her_request(self) -> bool:
        return self.trigger == self.HER_REQUEST


class LegalHoldQuerySet(models.QuerySet):
    def in_force(self):
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """A reason the law requires her case's records to be kept (a pending trial where she is a
    witness, a court's order): retention rules do not erase a case under a hold."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(
        _("reason"), max_length=300, help_text=_("E.g. 'Trial pending, she is a witness'. No names.")
    )
    placed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        verbose_name = _("legal hold")
        verbose_name_plural = _("legal holds")

    def __str__(self):
        return f"{self.case} · {self.reason}"


class RetentionRule(models.Model):
    """How long one kind of record is kept, and on what authority (reference data)."""

    class Action(models.TextChoices):
        DELETE_FILES = "delete_files", _("Delete the files")
        DELETE_ROWS = "delete_rows", _("Delete the records")
        ERASE_IDENTITY = "erase_identity", _("Erase her identity, keep the pseudonymous case")
        # The access log is append-only (on PostgreSQL the database refuses deletes, cases
        # migration 0002): entries past their time are counted for an operator to review.
        REPORT = "report", _("Count for review (never deleted by Nyaya)")

    class SourceKind(models.TextChoices):
        LAW = "law", _("Law")
        PRACTICE = "practice", _("Consortium practice")

    code = models.SlugField(max_length=40, unique=True)
    record_type = models.CharField(_("records"), max_length=120)
    keep_days = models.PositiveIntegerField(_("kept for (days)"))
    counted_from = models.CharField(_("counted from"), max_length=120)
    action = models.CharField(_("then"), max_length=20, choices=Action.choices)
    source = models.CharField(_("source"), max_length=300)
    source_kind = models.CharField(_("kind of source"), max_length=10, choices=SourceKind.choices)
    minimum_by_law = models.CharField(
        _("minimum the law requires"), max_length=300, blank=True, help_text=_("A floor set by law, if any.")
    )
    enabled = models.BooleanField(_("applied"), default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self):
        return self.record_type
